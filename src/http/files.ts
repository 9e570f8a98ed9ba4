// Files through the API: uploads carried as base64 in JSON (evidence, attachments) and downloads
// with a content-disposition that keeps Chinese file names (RFC 5987) and an ASCII fallback.
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { regionPrefix } from '../domain/region-code.js';
import type { RegionNames } from '../app/region-names.js';

/** content-disposition for a download named `name`. */
export { xlsxType } from '../app/xlsx-writer.js';

export function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * A region's download named as people file it: title, region name and code, e.g.
 * 建档立卡台账-恒口镇-610902107.xlsx (the code keeps two villages of one name apart).
 */
export async function regionFileName(names: RegionNames, title: string, code: string, suffix = ''): Promise<string> {
  const name = (await names.names([code])).get(code);
  return `${title}-${name === undefined ? '' : `${name}-`}${regionPrefix(code)}${suffix}.xlsx`;
}

/** The body fields of a base64 upload, and the body limit that lets `maxBytes` of content through. */
export const base64FileFields = { fileName: Type.String({ minLength: 1, maxLength: 200 }), mediaType: Type.String({ maxLength: 100 }), contentBase64: Type.String() };
export const base64BodyLimit = (maxBytes: number): number => Math.ceil((maxBytes * 4) / 3) + 64 * 1024;

/** Sends a stored file (name, media type, bytes) as a download. */
export function sendStoredFile(reply: FastifyReply, file: { file_name: string; media_type: string; content: Uint8Array }) {
  return reply.header('content-type', file.media_type).header('content-disposition', attachment(file.file_name)).send(file.content);
}

/**
 * The name of a file sent as a raw request body, from its URI-encoded `x-file-name` header; one
 * without a known extension gets .csv or .xlsx by its content type, which is how readers pick a parser.
 */
/** A file someone gave the system, sent back as it was given (app/workbook/kept-files.ts). */
export function sendKeptFile(reply: FastifyReply, file: { name: string; size: number; stream: Readable }) {
  return reply.header('content-type', 'application/octet-stream').header('content-length', file.size).header('content-disposition', attachment(file.name)).send(file.stream);
}

export function uploadedFileName(header: string | string[] | undefined, contentType: string | undefined, known: RegExp): string {
  let name = 'upload.xlsx';
  if (typeof header === 'string' && header !== '') {
    try {
      name = decodeURIComponent(header);
    } catch {
      name = header;
    }
  }
  if (!known.test(name)) name = contentType?.startsWith('text/csv') ? `${name}.csv` : `${name}.xlsx`;
  return name;
}
