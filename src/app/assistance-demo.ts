// The demo's assistance part (npm start): synthetic cadres, pairings, plans, visits and surveys in
// the demo town's county, and a work-team account that signs in as one of those cadres. All of it
// is synthetic demo data, marked “（演示）”. Runs once: skipped when the county has cadres.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { subtreeRange } from '../domain/region-code.js';
import { countCadresUnder } from '../store/assistance-bulk.js';
import { villageCodes } from '../store/regions.js';
import { cadreByUsername } from '../store/assistance.js';
import { findUserByName, updateUser } from '../store/users.js';
import type { Store } from '../store/store.js';
import { synthesizeAssistanceData } from './assistance-synth.js';
import { createAuthService } from './auth.js';
import { systemClock } from './clock.js';

export const demoCadreUsername = 'cadre';

export async function ensureAssistanceDemo(store: Store, demoRegion: string, accountsFile: string, log: (line: string) => void): Promise<string> {
  const firstVillage = (await villageCodes(store.db, demoRegion))[0];
  if (!firstVillage) return '';
  const county = `${firstVillage.slice(0, 6)}000000`;
  const [lo, hi] = subtreeRange(county);
  if ((await countCadresUnder(store.db, lo, hi)) === 0) {
    log('正在生成帮扶合成演示数据（干部、结对、计划、走访、调查；非真实人员）…');
    const auth = createAuthService({ store, clock: systemClock });
    const town = `${firstVillage.slice(0, 9)}000`;
    const password = 'Demo-cadre-2019';
    const taken = await store.db.selectFrom('app_user').select('id').where('username', '=', demoCadreUsername).executeTakeFirst();
    if (taken) return '';
    await auth.createUser('demo', { username: demoCadreUsername, displayName: '驻村干部（演示）', role: 'workTeam', region: town, department: null, password });
    writeFileSync(accountsFile, `  驻村干部（演示） 用户名 ${demoCadreUsername.padEnd(10)} 密码 ${password}\n`, { mode: 0o600 });
    const r = await synthesizeAssistanceData({ store, clock: systemClock }, 'demo', { county, seed: 7, linkUsername: demoCadreUsername });
    // The account sees the town of the cadre it signs in as; the first village's town may hold
    // none of that cadre's households (in Ankang it is an urban subdistrict with none at all).
    const cadre = await cadreByUsername(store.db, demoCadreUsername);
    const account = await findUserByName(store.db, demoCadreUsername);
    if (cadre && account && account.region_code !== cadre.region_code) await updateUser(store.db, account.id, { region_code: cadre.region_code });
    log(`  干部 ${r.cadres} 名，结对 ${r.pairings} 户，走访 ${r.visits} 次，调查回答 ${r.responses} 份（${r.from} 至 ${r.to}）`);
  }
  return existsSync(accountsFile) ? readFileSync(accountsFile, 'utf8') : '';
}
