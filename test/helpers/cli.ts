// Runs the jingzhun command line from source as a user would, keeping exit code and output.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A runner bound to one database file (passed as --db), or to none; DATABASE_URL is emptied (read as unset) so a test never reaches a real PostgreSQL. */
export function cliRunner(db: string | null): (...args: string[]) => Promise<CliResult> {
  return async (...args) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...(db === null ? [] : ['--db', db]), ...args], { env: { ...process.env, DATABASE_URL: '' }, maxBuffer: 64 * 1024 * 1024 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}
