// One place maps failures to HTTP answers in the user's language; 5xx details stay in the log.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { NotFound, ValidationFailed } from '../app/errors.js';
import { AuthFailed } from '../app/auth.js';
import { ClosedYearError, StaleVersionError, StoreError, isUniqueViolation } from '../store/errors.js';
import { languageOf, t } from './i18n.js';
import { validationMessage } from './validation-message.js';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly messageZh: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
  }
}

export const forbidden = () => new HttpError(403, 'forbidden', '无权访问：超出您的管辖范围或角色权限', 'Forbidden: outside your region or role');
export const unauthorized = () => new HttpError(401, 'unauthorized', '未登录或登录已过期，请重新登录', 'Not signed in or session expired: sign in again');
export const notFound = (what: string, whatEn: string) => new HttpError(404, 'not_found', `${what}不存在或不在您的管辖范围内`, `${whatEn} not found, or outside your region`);

export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const lang = languageOf(request);
  const send = (status: number, code: string, zh: string, en: string, extra: Record<string, unknown> = {}) =>
    void reply.status(status).send({ error: code, message: lang === 'en' ? en : zh, messageZh: zh, messageEn: en, ...extra });

  if (error instanceof ValidationFailed) {
    send(422, 'validation_failed', '数据校验未通过，未保存任何修改', 'Validation failed; nothing was saved', {
      errors: error.errors.map((e) => ({ ...e, message: lang === 'en' ? e.messageEn : e.message })),
    });
  } else if (error instanceof HttpError) {
    send(error.statusCode, error.code, error.messageZh, error.messageEn);
  } else if (error instanceof AuthFailed) {
    send(error.code === 'locked' ? 423 : 401, error.code, error.messageZh, error.messageEn);
  } else if (error instanceof StaleVersionError || error instanceof ClosedYearError) {
    send(409, error.code, error.message, error.messageEn);
  } else if (error instanceof NotFound) {
    send(404, 'not_found', t(lang, 'notFound'), 'Not found');
  } else if (error instanceof StoreError) {
    request.log.error({ code: error.code }, 'store error');
    send(503, error.code, error.message, error.messageEn);
  } else if (isUniqueViolation(error)) {
    send(409, 'conflict', '保存冲突：同样的记录刚刚已由他人保存，本次未写入任何数据；请刷新后查看', 'Conflict: the same record was just saved by someone else; nothing was written. Reload to see it.');
  } else if ('validation' in error && error.validation) {
    // Schema validation: the message names the field, never echoes values (they may be ID numbers).
    const detail = validationMessage(error.validationContext ?? 'body', error.validation);
    send(400, 'bad_request', `请求格式不正确：${detail.zh}`, `Malformed request: ${detail.en}`);
  } else if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
    const code = error.code ?? 'bad_request';
    if (error.statusCode === 429) send(429, 'rate_limited', '请求过于频繁，请稍后再试', 'Too many requests: try again later');
    else if (error.statusCode === 413) send(413, 'too_large', '请求内容过大', 'Request body too large');
    else send(error.statusCode, code, `请求无效：${error.message}`, `Bad request: ${error.message}`);
  } else {
    request.log.error({ err: { type: error.name, message: error.message, stack: error.stack } }, 'unhandled error');
    send(500, 'internal', '服务器内部错误，请稍后重试；如持续出现请联系管理员', 'Internal error; try again later');
  }
}
