// Assistance organisation and plans: units, cadres, work teams, village leads, pairings with a cap,
// and yearly household plans (the measure catalogue is in assistance-catalogue.ts). Each write is
// one transaction with its audit entry; every refusal is a ValidationFailed naming the field and
// the fix, before anything is written.
import type { Principal } from '../domain/access.js';
import { inScope } from '../domain/access.js';
import { defaultCadreCap } from '../domain/assistance/catalogue.js';
import { genericMeasureFindings, uncoveredCauses, type GenericRule, defaultGenericRule } from '../domain/assistance/findings.js';
import { validateCadre, validateEnd, validateLead, validateMember, validatePairing, validatePlan, type CadreInput, type PlanInput } from '../domain/assistance/validate.js';
import { levelOf } from '../domain/region-code.js';
import { appendAudit } from '../store/audit.js';
import * as as from '../store/assistance.js';
import { getHousehold } from '../store/households.js';
import type { Executor, Store } from '../store/store.js';
import { type Clock, isoNow, thisYear, today } from './clock.js';
import { NotFound, ValidationFailed } from './errors.js';

export function refuse(field: string, message: string, messageEn: string, fix: string, fixEn: string): never {
  throw new ValidationFailed([{ field, message, messageEn, fix, fixEn }]);
}

/** A household the principal may see, or NotFound (out of scope looks the same as missing). */
export async function householdFor(db: Executor, p: Principal, id: number) {
  const h = await getHousehold(db, id);
  if (!h || !inScope(p, h.villageCode)) throw new NotFound('household', String(id));
  return h;
}

export async function cadreFor(db: Executor, p: Principal, id: number): Promise<as.CadreRow> {
  const c = await as.getCadre(db, id);
  if (!c || !inScope(p, c.region_code)) throw new NotFound('cadre', String(id));
  return c;
}

async function villageFor(db: Executor, p: Principal, code: string): Promise<void> {
  if (!/^\d{12}$/.test(code) || levelOf(code) !== 5 || (await as.existingVillages(db, [code])).size === 0) refuse('villageCode', `村 ${code} 不存在`, `village ${code} not found`, '请填写 12 位村级区划代码', 'Enter a 12-digit village region code');
  if (!inScope(p, code)) throw new NotFound('village', code);
}

export function createAssistanceService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const audit = (trx: Executor, p: Principal, action: string, entityType: string, entityId: string, after: unknown) => appendAudit(trx, store.dialect, [{ actor: p.username, action, entityType, entityId, before: null, after }], isoNow(clock));

  return {
    async addUnit(p: Principal, input: { name: string; regionCode: string }): Promise<as.UnitRow> {
      const name = input.name.trim();
      if (name === '' || name.length > 80) refuse('name', '帮扶单位名称不能为空，且不超过 80 字', 'The unit name is required (at most 80 characters)', '请填写单位全称', 'Enter the full name of the unit');
      if (!/^\d{12}$/.test(input.regionCode)) refuse('regionCode', '区划代码应为 12 位数字', 'The region code must be 12 digits', '请填写管理该单位的县或乡镇代码', 'Enter the code of the county or town that manages the unit');
      if (!inScope(p, input.regionCode)) throw new NotFound('region', input.regionCode);
      return store.db.transaction().execute(async (trx) => {
        const existing = (await as.listUnits(trx, input.regionCode)).find((u) => u.name === name && u.region_code === input.regionCode);
        if (existing) refuse('name', `帮扶单位“${name}”已存在（编号 ${existing.id}）`, 'unit exists', '请直接使用已有单位', 'Use the existing unit');
        const id = await as.insertUnit(trx, { name, region_code: input.regionCode, created_at: isoNow(clock) });
        await audit(trx, p, 'create', 'assistingUnit', String(id), { name, regionCode: input.regionCode });
        const u = await as.getUnit(trx, id);
        if (!u) throw new NotFound('assistingUnit', String(id));
        return u;
      });
    },

    listUnits: (under: string) => as.listUnits(store.db, under),
    listCadres: (under: string) => as.listCadres(store.db, under),

    async addCadre(p: Principal, input: Omit<CadreInput, 'cap'> & { cap?: number }): Promise<as.CadreRow> {
      const c: CadreInput = { ...input, name: input.name.trim(), cap: input.cap ?? defaultCadreCap };
      const errors = validateCadre(c);
      if (errors.length > 0) throw new ValidationFailed(errors);
      if (!inScope(p, c.regionCode)) throw new NotFound('region', c.regionCode);
      return store.db.transaction().execute(async (trx) => {
        const unit = await as.getUnit(trx, c.unitId);
        if (!unit) refuse('unitId', `帮扶单位 ${c.unitId} 不存在`, 'unit not found', '请先新建帮扶单位（assistance units add）', 'Create the assistance unit first (assistance units add)');
        if (c.username !== null) {
          const user = await trx.selectFrom('app_user').select(['role']).where('username', '=', c.username).executeTakeFirst();
          if (!user) refuse('username', `账号“${c.username}”不存在`, 'account not found', '请先建立驻村工作队账号，或不填', 'Create the work-team account first, or leave it blank');
          if (await as.cadreByUsername(trx, c.username)) refuse('username', `账号“${c.username}”已关联其他干部`, 'account already linked', '一个账号只能关联一名干部', 'An account can be linked to only one cadre');
        }
        const id = await as.insertCadre(trx, { name: c.name, unit_id: c.unitId, phone: c.phone, position: c.position, region_code: c.regionCode, cap: c.cap, username: c.username, created_at: isoNow(clock) });
        await audit(trx, p, 'create', 'cadre', String(id), { name: c.name, unitId: c.unitId, regionCode: c.regionCode, cap: c.cap, username: c.username });
        const row = await as.getCadre(trx, id);
        if (!row) throw new NotFound('cadre', String(id));
        return row;
      });
    },

    async setCap(p: Principal, cadreId: number, cap: number): Promise<void> {
      await store.db.transaction().execute(async (trx) => {
        const c = await cadreFor(trx, p, cadreId);
        if (!Number.isInteger(cap) || cap < 1 || cap > 50) refuse('cap', `包户上限 ${cap} 无效`, 'cap must be 1–50', '请填写 1 至 50 之间的整数', 'Enter a whole number from 1 to 50');
        const load = await as.openPairingCount(trx, cadreId);
        if (cap < load) refuse('cap', `${c.name} 现包 ${load} 户，上限不能低于 ${load}`, 'cap below current load', '请先解除部分结对', 'End some pairings first');
        await as.updateCadreCap(trx, cadreId, cap);
        await audit(trx, p, 'update', 'cadre', String(cadreId), { cap });
      });
    },

    /** Pairs a cadre with a household from `from`; refuses a cadre at the cap. */
    async pair(p: Principal, input: { cadreId: number; householdId: number; from: string }): Promise<as.PairingRow> {
      return store.db.transaction().execute(async (trx) => {
        const cadre = await cadreFor(trx, p, input.cadreId);
        const h = await householdFor(trx, p, input.householdId);
        const existing = await as.pairingsOf(trx, cadre.id, h.id);
        const errors = validatePairing({ from: input.from, today: today(clock), currentLoad: await as.openPairingCount(trx, cadre.id), cap: cadre.cap, cadreName: cadre.name, alreadyPaired: existing.some((x) => x.to_date === null), householdStatus: h.status });
        if (errors.length > 0) throw new ValidationFailed(errors);
        const id = await as.insertPairing(trx, { cadre_id: cadre.id, household_id: h.id, village_code: h.villageCode, from_date: input.from, to_date: null });
        await audit(trx, p, 'assistance.pair', 'household', String(h.id), { cadreId: cadre.id, from: input.from });
        const row = await as.getPairing(trx, id);
        if (!row) throw new NotFound('pairing', String(id));
        return row;
      });
    },

    /** Ends a pairing, a team membership or a lead on `to`; the row stays as history. */
    async end(p: Principal, kind: 'pairing' | 'member' | 'lead', id: number, to: string): Promise<void> {
      await store.db.transaction().execute(async (trx) => {
        const row = kind === 'pairing' ? await as.getPairing(trx, id) : kind === 'member' ? await as.getMember(trx, id) : await as.getLead(trx, id);
        if (!row || !inScope(p, row.village_code)) throw new NotFound(kind, String(id));
        if (row.to_date !== null) refuse('id', `该任职已于 ${row.to_date} 结束`, 'already ended', '无需重复操作', 'Nothing to do');
        const errors = validateEnd(row.from_date, to, today(clock));
        if (errors.length > 0) throw new ValidationFailed(errors);
        await as.endAssignment(trx, kind === 'pairing' ? 'cadre_pairing' : kind === 'member' ? 'work_team_member' : 'village_lead', id, to);
        await audit(trx, p, `assistance.end.${kind}`, kind, String(id), { to });
      });
    },

    async addTeam(p: Principal, input: { villageCode: string; unitId: number; from: string }): Promise<number> {
      return store.db.transaction().execute(async (trx) => {
        await villageFor(trx, p, input.villageCode);
        if (!(await as.getUnit(trx, input.unitId))) refuse('unitId', `帮扶单位 ${input.unitId} 不存在`, 'unit not found', '请先新建帮扶单位', 'Create the assistance unit first');
        const errors = validateMember('member', { from: input.from, today: today(clock) });
        if (errors.length > 0) throw new ValidationFailed(errors);
        const id = await as.insertTeam(trx, { village_code: input.villageCode, unit_id: input.unitId, from_date: input.from, to_date: null });
        await audit(trx, p, 'create', 'workTeam', String(id), input);
        return id;
      });
    },

    async addMember(p: Principal, input: { teamId: number; cadreId: number; role: string; from: string }): Promise<number> {
      return store.db.transaction().execute(async (trx) => {
        const team = await as.getTeam(trx, input.teamId);
        if (!team || !inScope(p, team.village_code)) throw new NotFound('workTeam', String(input.teamId));
        await cadreFor(trx, p, input.cadreId);
        const errors = validateMember(input.role, { from: input.from, today: today(clock) });
        if (errors.length > 0) throw new ValidationFailed(errors);
        if (input.role === 'firstSecretary') {
          const org = await as.villageOrganisation(trx, team.village_code);
          const current = org.members.find((m) => m.role === 'firstSecretary' && m.to_date === null);
          if (current) refuse('role', `本村现任第一书记为 ${current.cadreName}（自 ${current.from_date}）`, 'village already has a first secretary', '请先结束现任第一书记的任职', "End the current first secretary's term first");
        }
        const id = await as.insertMember(trx, { team_id: team.id, village_code: team.village_code, cadre_id: input.cadreId, role: input.role, from_date: input.from, to_date: null });
        await audit(trx, p, 'create', 'workTeamMember', String(id), input);
        return id;
      });
    },

    async addLead(p: Principal, input: { villageCode: string; cadreId: number; level: string; from: string }): Promise<number> {
      return store.db.transaction().execute(async (trx) => {
        await villageFor(trx, p, input.villageCode);
        await cadreFor(trx, p, input.cadreId);
        const errors = validateLead(input.level, { from: input.from, today: today(clock) });
        if (errors.length > 0) throw new ValidationFailed(errors);
        const id = await as.insertLead(trx, { village_code: input.villageCode, cadre_id: input.cadreId, level: input.level, from_date: input.from, to_date: null });
        await audit(trx, p, 'create', 'villageLead', String(id), input);
        return id;
      });
    },

    async organisation(p: Principal, villageCode: string) {
      await villageFor(store.db, p, villageCode);
      return as.villageOrganisation(store.db, villageCode);
    },

    async plan(p: Principal, householdId: number, year: number) {
      await householdFor(store.db, p, householdId);
      return (await as.getPlan(store.db, householdId, year)) ?? null;
    },

    /** Saves a household's plan of a year (all measures at once), with an optimistic version check. */
    async savePlan(p: Principal, input: PlanInput & { expectedVersion: number | null }) {
      return store.db.transaction().execute(async (trx) => {
        const h = await householdFor(trx, p, input.householdId);
        const catalogue = await as.loadCatalogue(trx);
        const kept = new Set((await as.getPlan(trx, h.id, input.year))?.measures.map((m) => m.measure_code));
        const errors = validatePlan(input, catalogue, thisYear(clock), kept);
        if (errors.length > 0) throw new ValidationFailed(errors);
        const saved = await as.savePlan(trx, { householdId: h.id, villageCode: h.villageCode, year: input.year, expectedVersion: input.expectedVersion, actor: p.username, at: isoNow(clock), measures: input.measures.map((m) => ({ measure_code: m.measure, amount_fen: m.amountFen, status: m.status, note: m.note })) });
        if (saved === 'stale') refuse('version', '该户计划已被他人修改', 'the plan changed meanwhile', '请刷新后重新编辑', 'Reload and edit again');
        await audit(trx, p, 'assistance.plan', 'household', String(h.id), { year: input.year, version: saved.version, measures: input.measures });
        const uncovered = uncoveredCauses([h.mainCause, ...h.otherCauses], input.measures.map((m) => m.measure), catalogue);
        return { ...saved, uncoveredCauses: uncovered };
      });
    },

    /** Both kinds of finding on the plans of a year under a region. */
    async findings(under: string, year: number, rule: GenericRule = defaultGenericRule) {
      const catalogue = await as.loadCatalogue(store.db);
      const plans = (await as.plansUnder(store.db, under, year)).map((x) => ({ ...x, otherCauses: x.otherCauses === '' ? [] : x.otherCauses.split(',') }));
      const uncovered = plans.flatMap((x) => {
        const missing = uncoveredCauses([x.mainCause, ...x.otherCauses], x.measures, catalogue);
        return missing.length === 0 ? [] : [{ householdId: x.householdId, householdNo: x.householdNo, villageCode: x.villageCode, causes: [x.mainCause, ...x.otherCauses], measures: x.measures, uncovered: missing }];
      });
      const genericCadres = genericMeasureFindings(plans, (x) => (x.cadreId === null ? null : String(x.cadreId)), rule);
      const names = await as.cadreNames(store.db, genericCadres.map((f) => Number(f.key)));
      const plansByVillage: Record<string, number> = {};
      for (const x of plans) plansByVillage[x.villageCode] = (plansByVillage[x.villageCode] ?? 0) + 1;
      return {
        year,
        plans: plans.length,
        plansByVillage,
        uncovered,
        genericVillages: genericMeasureFindings(plans, (x) => x.villageCode, rule),
        genericCadres: genericCadres.map((f) => ({ ...f, cadreName: names.get(Number(f.key)) ?? null })),
      };
    },
  };
}

export type AssistanceService = ReturnType<typeof createAssistanceService>;
