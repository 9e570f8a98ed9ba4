// Turns any failure into a clear message and an exit code; stack traces only with JINGZHUN_DEBUG.
import { CommanderError } from 'commander';
import { NotFound, ValidationFailed } from '../app/errors.js';
import { StoreError, isUniqueViolation } from '../store/errors.js';
import { isSqliteError, translateSqliteError } from '../store/dialects/sqlite.js';
import { CliError, CliProblem } from './common.js';
import { UnreadableFile } from '../app/workbook/read.js';
import { usageProblem } from './usage.js';

export function reportError(raw: unknown, json: boolean): number {
  if (raw instanceof CommanderError) {
    if (raw.exitCode === 0) return 0;
    // Without --json commander has printed the error and the help; with it, the one JSON answer.
    if (json) process.stdout.write(`${JSON.stringify({ error: 'usage', ...usageProblem(raw) }, null, 2)}\n`);
    return 2;
  }
  // Driver errors that reach the top get the store's words; withStore has named the file where it could.
  const error = isSqliteError(raw) ? translateSqliteError(raw, null) : raw;
  let code = 2;
  let body: Record<string, unknown>;
  if (error instanceof ValidationFailed) {
    code = 1;
    body = { error: 'validation_failed', message: '数据校验未通过，未写入任何数据', messageEn: 'Validation failed; nothing was written', errors: error.errors };
  } else if (error instanceof CliProblem) {
    body = { error: error.code, message: error.message, messageEn: error.messageEn };
  } else if (error instanceof CliError) {
    code = error.exitCode;
    body = { error: 'failed', message: error.message, ...(error.messageEn === undefined ? {} : { messageEn: error.messageEn }), ...(error.details === undefined ? {} : { details: error.details }) };
  } else if (error instanceof StoreError) {
    body = { error: error.code, message: error.message, messageEn: error.messageEn };
  } else if (error instanceof UnreadableFile) {
    // The officer's file, not the program, is at fault: said as such, not as an internal error.
    body = { error: 'unreadable_file', message: error.message, messageEn: error.messageEn };
  } else if (error instanceof NotFound) {
    body = { error: 'not_found', message: error.message, ...(error.messageEn === undefined ? {} : { messageEn: error.messageEn }) };
  } else if (isUniqueViolation(error)) {
    body = { error: 'conflict', message: '保存冲突：同样的记录刚刚已由他人保存，本次未写入任何数据；请查看后再操作', messageEn: 'Conflict: the same record was just saved by someone else; nothing was written. Look at it and try again' };
  } else {
    body = { error: 'internal', message: error instanceof Error ? error.message : String(error) };
    if (process.env['JINGZHUN_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    process.stderr.write(`错误：${String(body['message'])}\n`);
    const errors = body['errors'];
    if (Array.isArray(errors)) {
      for (const e of errors) {
        if (typeof e === 'object' && e !== null && 'field' in e && 'message' in e && 'fix' in e) {
          process.stderr.write(`  · ${String(e.field)}：${String(e.message)}（${String(e.fix)}）\n`);
        }
      }
    }
    const details = body['details'];
    if (Array.isArray(details)) for (const d of details) process.stderr.write(`  · ${typeof d === 'string' ? d : JSON.stringify(d)}\n`);
  }
  return code;
}
