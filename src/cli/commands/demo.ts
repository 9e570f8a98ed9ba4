// npm start: creates the demo database on first run (Ankang, 6109, 60,000 households, demo
// accounts) and serves the workbench on http://localhost:3000.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../../app/clock.js';
import { composeApp } from '../../app/compose.js';
import { loadRegions } from '../../app/regions.js';
import { synthesize } from '../../app/synth.js';
import { ensureDemoScoring } from '../../app/scoring-demo.js';
import { countHouseholdsUnder } from '../../store/registry-bulk.js';
import { openStore, resolveLocation, type Store } from '../../store/store.js';
import { subtreeRange } from '../../domain/region-code.js';
import { villageCodes } from '../../store/regions.js';
import { findUserByName } from '../../store/users.js';
import { townWithMostHouseholds, villageWithMostHouseholds } from '../../store/stats.js';
import { type GlobalOptions, inStoreWords } from '../context.js';
import { serve } from './serve.js';
import { ensureAssistanceDemo } from '../../app/assistance-demo.js';
import { ensureRectificationDemo } from '../../app/rectification-demo.js';
import { ensureQualityDemo } from '../../app/quality-demo.js';
import { ensureExitDemo } from '../../app/exit-demo.js';

export const demoRegion = '610900000000';
/** The year the synthetic demo registry is generated for, and the demo exit assessment's year. */
export const demoYear = 2019;

export async function ensureDemoData(store: Store, log: (line: string) => void): Promise<void> {
  const [lo, hi] = subtreeRange(demoRegion);
  if ((await countHouseholdsUnder(store.db, lo, hi)) > 0) return;
  log('首次运行：正在建立演示数据库（安康市 6109，60,000 户合成数据），通常不到一分钟…');
  const regions = await loadRegions(store, '6109');
  log(`  已载入区划：${regions.counts[3]} 个县区，${regions.counts[4]} 个乡镇，${regions.counts[5]} 个村`);
  const report = await synthesize({ store, clock: systemClock }, 'demo', { under: demoRegion, households: 60000, seed: 7, year: demoYear, withErrors: true, replace: false });
  log(`  已生成 ${report.households} 户、${report.members} 人（${report.seconds.toFixed(1)} 秒）`);
}

/**
 * Demo accounts: a system administrator (the one role that closes and reopens registry years), an
 * admin for the city, a town officer, a village cadre and an inspector; passwords kept beside the
 * database.
 */
export async function ensureDemoAccounts(store: Store, file: string): Promise<string> {
  // Decided by the database, not the file beside it: a database deleted to start the demo afresh
  // leaves the file behind, and its accounts would be printed while none of them could sign in.
  if ((await findUserByName(store.db, 'sysadmin')) && existsSync(file)) return readFileSync(file, 'utf8');
  const { auth } = composeApp(store);
  // The town officer gets the town with the most households: the first town by code is an urban
  // subdistrict with none, where the demo would show that officer nothing but zeros.
  const firstVillage = (await villageCodes(store.db, demoRegion))[0] ?? '610902001001';
  const town = (await townWithMostHouseholds(store.db, demoRegion)) ?? `${firstVillage.slice(0, 9)}000`;
  // The village cadre keeps their own village's files: the busiest village of that town.
  const village = (await villageWithMostHouseholds(store.db, town)) ?? firstVillage;
  const accounts = [
    { username: 'sysadmin', displayName: '系统管理员', role: 'admin', region: demoRegion },
    { username: 'admin', displayName: '安康市管理员', role: 'regionAdmin', region: demoRegion },
    { username: 'town', displayName: '乡镇干部', role: 'regionAdmin', region: town },
    { username: 'village', displayName: '村干部', role: 'villageCadre', region: village },
    { username: 'inspector', displayName: '检查组', role: 'inspector', region: demoRegion },
  ];
  const lines = [];
  for (const a of accounts) {
    const password = `Demo-${a.username}-2019`;
    if (!(await findUserByName(store.db, a.username))) await auth.createUser('demo', { ...a, department: null, password });
    lines.push(`  ${a.displayName.padEnd(8, '　')} 用户名 ${a.username.padEnd(10)} 密码 ${password}`);
  }
  const text = `${lines.join('\n')}\n`;
  writeFileSync(file, text, { mode: 0o600 });
  return text;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('演示：首次运行时建立演示数据库并启动工作台 (the demo behind npm start)')
    .option('--port <port>', '端口', '3000')
    .action(async (o: { port: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const location = resolveLocation(g.db);
      const store = await openStore(location, { create: true, migrate: true });
      try {
        await demo(store, location, Number(o.port));
      } catch (error) {
        throw inStoreWords(store, error);
      }
    });
}

async function demo(store: Store, location: string, port: number): Promise<void> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  await ensureDemoData(store, log);
  await ensureDemoScoring(store, log);
  const accountsFile = location.startsWith('postgres') ? 'data/demo-accounts.txt' : join(dirname(location), 'demo-accounts.txt');
  const accounts = await ensureDemoAccounts(store, accountsFile);
  log(`演示账号（仅供演示；保存在 ${accountsFile}）：\n${accounts}`);
  log(await ensureAssistanceDemo(store, demoRegion, join(dirname(accountsFile), 'demo-accounts-assistance.txt'), log));
  try {
    await ensureRectificationDemo(store, demoRegion, (await townWithMostHouseholds(store.db, demoRegion)) ?? demoRegion, log);
  } catch (error) {
    // The workbench is the demo; a missing sample batch is not worth refusing to serve it.
    log(`  未载入问题整改演示批次：${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    await ensureQualityDemo(store, demoRegion, log);
    await ensureExitDemo(store, demoRegion, demoYear, log);
  } catch (error) {
    log(`  未运行演示数据质量检查或退出评估：${error instanceof Error ? error.message : String(error)}`);
  }
  await serve(store, { port, host: '0.0.0.0', secureCookies: false }, log);
}
