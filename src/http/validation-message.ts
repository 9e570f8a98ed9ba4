// Schema validation errors as one line a user can act on. For a choice of fixed values (a union of
// literals) Ajv reports one "must be equal to constant" per value and then "must match a schema in
// anyOf"; those collapse into the field and the values it allows, said once. The line names the
// field and never echoes the value sent (it may be an ID number).
import type { FastifySchemaValidationError } from 'fastify';

export interface ValidationMessage {
  readonly zh: string;
  readonly en: string;
}

/** The values an anyOf error's branches allow, when every branch is a constant (or null). */
function allowedValues(anyOf: FastifySchemaValidationError, errors: readonly FastifySchemaValidationError[]): FastifySchemaValidationError[] | null {
  const branches = errors.filter((e) => e !== anyOf && e.instancePath === anyOf.instancePath && e.schemaPath.startsWith(`${anyOf.schemaPath}/`));
  const isValue = (e: FastifySchemaValidationError) => e.keyword === 'const' || (e.keyword === 'type' && e.params['type'] === 'null');
  return branches.length > 0 && branches.every(isValue) ? branches : null;
}

const valueText = (e: FastifySchemaValidationError) => (e.keyword === 'const' ? String(e.params['allowedValue']) : 'null');

/** The values of a list pattern `^(a|b)(,(a|b)){0,n}$` (one value or several joined by commas), else null. */
function listValues(e: FastifySchemaValidationError): string[] | null {
  if (e.keyword !== 'pattern') return null;
  const m = /^\^\(([\w|]+)\)\(,\(\1\)\)\{0,\d+\}\$$/.exec(String(e.params['pattern'] ?? ''));
  return m?.[1] ? m[1].split('|') : null;
}

/** `where` is the part of the request (body, querystring, params); it prefixes the other errors as before. */
export function validationMessage(where: string, errors: readonly FastifySchemaValidationError[]): ValidationMessage {
  const consumed = new Set<FastifySchemaValidationError>();
  const zh: string[] = [];
  const en: string[] = [];
  for (const e of errors) {
    const branches = e.keyword === 'anyOf' ? allowedValues(e, errors) : null;
    if (!branches) continue;
    for (const b of branches) consumed.add(b);
    const field = e.instancePath.replace(/^\//, '').replaceAll('/', '.') || where;
    const values = branches.map(valueText);
    zh.push(`${field} 必须是以下之一：${values.join('、')}`);
    en.push(`${field} must be one of: ${values.join(', ')}`);
    consumed.add(e);
  }
  for (const e of errors) {
    const values = listValues(e);
    if (!values) continue;
    const field = e.instancePath.replace(/^\//, '').replaceAll('/', '.') || where;
    zh.push(`${field} 必须是以下之一，或用逗号连接的几个：${values.join('、')}`);
    en.push(`${field} must be one of: ${values.join(', ')}, or several joined by commas`);
    consumed.add(e);
  }
  for (const e of errors) {
    if (consumed.has(e)) continue;
    const line = `${where}${e.instancePath || ''} ${e.message ?? ''}`.trim();
    zh.push(line);
    en.push(line);
  }
  return { zh: [...new Set(zh)].join('; '), en: [...new Set(en)].join('; ') };
}
