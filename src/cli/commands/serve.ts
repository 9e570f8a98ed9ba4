// jingzhun serve: the workbench and API for real deployments; also what npm start ends in.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { composeApp } from '../../app/compose.js';
import { webDist } from '../../app/paths.js';
import { openStore, resolveLocation, type Store } from '../../store/store.js';
import { CliError } from '../common.js';
import type { GlobalOptions } from '../context.js';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly secureCookies: boolean;
}

/** Serves until SIGINT/SIGTERM, then lets in-flight requests finish and closes the database. */
export async function serve(store: Store, options: ServeOptions, announce: (line: string) => void): Promise<void> {
  const ctx = composeApp(store);
  // Loaded here, not at the top: Fastify, its plugins and the schemas cost every other command ~0.3 s of start-up.
  const { buildServer } = await import('../../http/server.js');
  const app = await buildServer(ctx, { webDir: webDist(), logger: { level: 'info' }, secureCookies: options.secureCookies });
  const stop = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await store.close();
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (code === 'EADDRINUSE') throw new CliError({ zh: `端口 ${options.port} 已被占用：请关闭占用该端口的程序，或用 --port 指定其他端口`, en: `port ${options.port} is in use: stop the program using it, or choose another port with --port` });
    throw error;
  }
  announce(`工作台已启动：http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${options.port}  （接口文档 /api/docs）`);
}

/** On an empty database, creates the first admin and prints its one-time password. */
export async function ensureFirstAdmin(store: Store, regionCode: string, note: string | null): Promise<{ username: string; password: string } | null> {
  const ctx = composeApp(store);
  if (await ctx.auth.hasUsers()) return null;
  const { password } = await ctx.auth.createUser('system', { username: 'admin', displayName: '系统管理员', role: 'admin', region: regionCode, department: null });
  if (note) writeFileSync(note, `admin ${password}\n`, { mode: 0o600 });
  return { username: 'admin', password };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('启动工作台与接口服务 (serve the web workbench and API)')
    .option('--port <port>', '端口', '3000')
    .option('--host <host>', '监听地址', '0.0.0.0')
    .option('--admin-region <code>', '首次运行时创建的管理员所辖区划（默认第一个已载入的省）')
    .option('--secure-cookies', '仅通过 HTTPS 发送会话 Cookie（部署在 HTTPS 之后时启用）')
    .action(async (o: { port: string; host: string; adminRegion?: string; secureCookies?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError({ zh: `端口“${o.port}”无效`, en: `port "${o.port}" is not valid: give a number from 1 to 65535` });
      const store = await openStore(resolveLocation(g.db), { create: true, migrate: true });
      const region = o.adminRegion ?? (await firstProvince(store));
      const admin = await ensureFirstAdmin(store, region, null);
      if (admin) process.stdout.write(`首次运行：已创建管理员 ${admin.username}，初始密码 ${admin.password}（登录后请立即修改）\n`);
      await serve(store, { port, host: o.host, secureCookies: o.secureCookies ?? false }, (line) => process.stdout.write(`${line}\n`));
    });
}

async function firstProvince(store: Store): Promise<string> {
  const row = await store.db.selectFrom('region').select('code').where('level', '=', 1).orderBy('code').executeTakeFirst();
  if (!row) throw new CliError({ zh: '尚未载入行政区划：请先运行 jingzhun regions load', en: 'no regions loaded yet: run jingzhun regions load first' });
  return row.code;
}
