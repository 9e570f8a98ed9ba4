#!/usr/bin/env node
// The jingzhun command line. Commands are thin: parse, call a use case, print.
import { Command } from 'commander';
import { registerRegistry } from './commands/registry.js';
import { registerSynth } from './commands/synth.js';
import { registerDemo } from './commands/demo.js';
import { registerServe } from './commands/serve.js';
import { registerUsers } from './commands/users.js';
import { registerRank } from './commands/rank.js';
import { registerRectification } from './commands/rectification.js';
import { registerWorkbook } from './commands/workbook.js';
import { registerExitCase } from './commands/exit-case.js';
import { registerSample } from './commands/sample.js';
import { registerScores } from './commands/scores.js';
import { registerAssess } from './commands/assess.js';
import { registerAssistance } from './commands/assistance.js';
import { registerCrosscheck } from './commands/crosscheck.js';
import { reportError } from './errors.js';

/** With `json`, commander's usage errors are not printed: `reportError` answers them as JSON. */
export function buildProgram({ json }: { json: boolean }): Command {
  const program = new Command('jingzhun')
    .description('精准 Jingzhun — 精准扶贫工作平台 (targeted poverty-alleviation platform)')
    .option('--db <location>', '数据库：SQLite 文件路径或 postgres://… (默认 DATABASE_URL，否则 data/jingzhun.db)')
    .option('--json', '输出 JSON (machine-readable output)')
    .exitOverride();
  // Set before the commands are added, so that each inherits it.
  // With --json the one answer is the JSON on stdout: no error line, no help on stderr.
  if (json) program.configureOutput({ outputError: () => undefined, writeErr: () => undefined });
  else program.showHelpAfterError();
  registerRegistry(program);
  registerSynth(program);
  registerDemo(program);
  registerServe(program);
  registerUsers(program);
  registerRank(program);
  registerRectification(program);
  registerWorkbook(program);
  registerExitCase(program);
  registerSample(program);
  registerScores(program);
  registerAssess(program);
  registerAssistance(program);
  registerCrosscheck(program);
  return program;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const program = buildProgram({ json });
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    process.exitCode = reportError(error, json);
  }
}

await main();
