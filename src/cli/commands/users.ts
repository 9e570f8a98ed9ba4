// jingzhun users add: accounts for the workbench (the password is printed once, never logged).
import type { Command } from 'commander';
import { systemClock } from '../../app/clock.js';
import { createAuthService } from '../../app/auth.js';
import { roles } from '../../domain/access.js';
import { output } from '../common.js';
import { withStore, type GlobalOptions } from '../context.js';

export function registerUsers(program: Command): void {
  program
    .command('users')
    .description('账号管理 (accounts)')
    .command('add')
    .description('新增账号；未指定密码时生成一次性初始密码，首次登录须修改 (add an account)')
    .requiredOption('--name <username>', '用户名（登录名）')
    .requiredOption('--role <role>', `角色：${roles.join(' | ')}`)
    .requiredOption('--region <code>', '所辖区划代码，如 610902')
    .option('--display-name <text>', '姓名或单位')
    .option('--department <code>', '部门用户的部门：education | health | housing | water | civilAffairs | humanResources')
    .option('--password-stdin', '从标准输入读取密码（不出现在命令行历史中）')
    .action(async (o: { name: string; role: string; region: string; displayName?: string; department?: string; passwordStdin?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const password = o.passwordStdin ? (await readStdin()).trim() : undefined;
      await withStore(g, { migrate: true }, async (store) => {
        const auth = createAuthService({ store, clock: systemClock });
        const created = await auth.createUser('cli', {
          username: o.name,
          displayName: o.displayName ?? o.name,
          role: o.role,
          region: o.region,
          department: o.department ?? null,
          ...(password === undefined ? {} : { password }),
        });
        output(g.json ?? false, { id: created.id, username: o.name, ...(password === undefined ? { initialPassword: created.password } : {}) }, () =>
          password === undefined ? `已创建账号 ${o.name}，初始密码 ${created.password}（首次登录后须修改）` : `已创建账号 ${o.name}`,
        );
      });
    });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
