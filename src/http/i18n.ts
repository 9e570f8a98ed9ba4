// The few server-side texts; the web carries its own. Chinese first.
import type { FastifyRequest } from 'fastify';

export type Lang = 'zh' | 'en';

export function languageOf(request: FastifyRequest): Lang {
  const header = request.headers['accept-language'] ?? '';
  return /^en\b/i.test(header.trim()) ? 'en' : 'zh';
}

const texts = {
  notFound: { zh: '不存在或不在您的管辖范围内', en: 'Not found' },
} as const;

export function t(lang: Lang, key: keyof typeof texts): string {
  return texts[key][lang];
}
