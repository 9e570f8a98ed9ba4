// Registry use cases: every write validates, checks the version, keeps the village counts exact
// and appends to the audit chain, all in one transaction.
import { checkIdNumber } from '../domain/id-number.js';
import { netIncomePerCapita } from '../domain/income.js';
import type { Household, HouseholdInput, IncomeComponents, MemberInput, StatusEvent, StatusEventType } from '../domain/registry.js';
import { eventDateError, transitionError } from '../domain/status.js';
import { validateHousehold, validateHouseholdFields, validateIncome, validateMembers, type FieldError } from '../domain/validate.js';
import { validateExitYearRange } from '../domain/validate-exit-year.js';
import { appendAudit } from '../store/audit.js';
import * as households from '../store/households.js';
import { getRegion } from '../store/regions.js';
import { householdColumns } from '../store/mappers.js';
import { StaleVersionError } from '../store/errors.js';
import { moveContribution } from '../store/stats.js';
import { householdEvents, moveHouseholdYears, moveYearContribution } from '../store/year-stats.js';
import type { Executor, Store } from '../store/store.js';
import { assertYearOpen } from '../store/years.js';
import { type Clock, isoNow, today } from './clock.js';
import { NotFound, ValidationFailed } from './errors.js';

export interface NewHousehold {
  readonly household: HouseholdInput;
  readonly members: readonly MemberInput[];
  readonly identifiedDate: string; // YYYY-MM-DD
  readonly basis: string | null;
}

/** Canonical member input: ID normalised, birth date and sex taken from the ID when left blank. */
export function normalizeMember(m: MemberInput): MemberInput {
  const id = checkIdNumber(m.idNumber);
  if (!id.valid) return m;
  return {
    ...m,
    name: m.name.trim(),
    idNumber: id.normalized,
    birthDate: m.birthDate === '' ? id.birthDate : m.birthDate,
    sex: m.sex === '' ? id.sex : m.sex,
  };
}

export function createRegistryService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const ctx = () => ({ today: today(clock) });

  async function assertVillage(db: Executor, code: string): Promise<FieldError[]> {
    const region = await getRegion(db, code);
    if (region?.level === 5) return [];
    return [
      {
        field: 'villageCode',
        message: region ? `“${region.name}”不是村级区划：贫困户只能登记在行政村` : `区划代码 ${code} 不存在`,
        messageEn: region ? `${code} is not a village` : `region ${code} does not exist`,
        fix: '请选择户籍所在的行政村（12 位代码）',
        fixEn: 'Choose the administrative village of the household registration (12-digit code)',
      },
    ];
  }

  async function assertIdsFree(db: Executor, members: readonly MemberInput[], householdId: number | null): Promise<FieldError[]> {
    const taken = await households.idNumbersTaken(db, members.map((m) => m.idNumber), householdId);
    return members.flatMap((m, i) =>
      taken.has(m.idNumber)
        ? [
            {
              field: `members[${i}].idNumber`,
              message: `${m.name} 已登记在其他贫困户中：同一人只能属于一户`,
              messageEn: `member ${i + 1} is already registered in another household`,
              fix: '请先从原户中移除该成员，或核对身份证号',
              fixEn: 'Remove the member from the other household first, or check the ID number',
            },
          ]
        : [],
    );
  }

  async function mustGet(db: Executor, id: number): Promise<Household> {
    const h = await households.getHousehold(db, id);
    if (!h) throw new NotFound('household', String(id));
    return h;
  }

  async function applyStatusEvent(
    trx: Executor,
    actor: string,
    id: number,
    expectedVersion: number,
    event: { type: StatusEventType; date: string; reason: string | null; basis: string | null },
  ): Promise<Household> {
    const before = await mustGet(trx, id);
    const problem = transitionError(before.status, event.type);
    const errors: FieldError[] = problem ? [{ field: 'type', message: problem.message, messageEn: problem.messageEn, fix: '请核对该户当前状态', fixEn: "Check the household's current status" }] : [];
    const events = await householdEvents(trx, id);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(event.date) || event.date > today(clock)) {
      errors.push({ field: 'date', message: '日期无效或晚于今天', messageEn: 'date is invalid or in the future', fix: '请填写 YYYY-MM-DD 格式的实际日期', fixEn: 'Enter the actual date as YYYY-MM-DD' });
    } else {
      const early = eventDateError(events, event.date);
      if (early) errors.push({ field: 'date', message: early.message, messageEn: early.messageEn, fix: '请核对日期，填写最近一次状态变动当天或之后的日期', fixEn: 'Check the date: enter the day of the latest status change or a later one' });
      // The date's field, not the exit year's: the event is what the officer entered.
      else if (event.type === 'exited') for (const e of validateExitYearRange(before.identifiedYear, Number(event.date.slice(0, 4)), ctx())) errors.push({ ...e, field: 'date' });
    }
    if (event.type === 'removed' && !event.reason) {
      errors.push({ field: 'reason', message: '自然减少必须填写原因', messageEn: 'removal needs a reason', fix: '请选择死亡、婚出、迁出或其他', fixEn: 'Choose death, married out, moved out or other' });
    }
    if (errors.length > 0) throw new ValidationFailed(errors);
    await assertYearOpen(trx, Number(event.date.slice(0, 4)));
    const status = event.type === 'exited' ? 'exited' : event.type === 'relapsed' ? 'relapsed' : event.type === 'removed' ? 'removed' : 'poor';
    const exitYear = event.type === 'exited' ? Number(event.date.slice(0, 4)) : event.type === 'relapsed' ? null : before.exitYear;
    const now = isoNow(clock);
    await households.updateHouseholdRow(trx, id, expectedVersion, { status, exit_year: exitYear }, now);
    await households.insertStatusEvent(trx, { householdId: id, ...event, actor });
    const after = await mustGet(trx, id);
    await moveContribution(trx, before, after);
    // The new event has the highest id: it comes last in recording order.
    await moveYearContribution(trx, { ...before, events }, { ...after, events: [...events, event] });
    await appendAudit(trx, store.dialect, [{ actor, action: 'status', entityType: 'household', entityId: String(id), before: { status: before.status }, after: { ...event, status } }], now);
    return after;
  }

  return {
    async createHousehold(actor: string, input: NewHousehold): Promise<Household> {
      const members = input.members.map(normalizeMember);
      const errors = validateHousehold(input.household, members, ctx());
      if (errors.length > 0) throw new ValidationFailed(errors);
      return store.db.transaction().execute(async (trx) => {
        const more = [...(await assertVillage(trx, input.household.villageCode)), ...(await assertIdsFree(trx, members, null))];
        if (await households.getHouseholdByNo(trx, input.household.householdNo)) {
          more.push({ field: 'householdNo', message: '户编号已存在', messageEn: 'householdNo already exists', fix: '请核对户编号，或修改已有的贫困户', fixEn: 'Check the household number, or edit the existing household' });
        }
        if (more.length > 0) throw new ValidationFailed(more);
        await assertYearOpen(trx, Number(input.identifiedDate.slice(0, 4)));
        const now = isoNow(clock);
        const id = await households.insertHousehold(trx, input.household, 'poor', members.length, now);
        await households.replaceMembers(trx, id, members);
        const event: StatusEvent = { householdId: id, type: 'identified', date: input.identifiedDate, reason: null, basis: input.basis, actor };
        await households.insertStatusEvent(trx, event);
        const created = await mustGet(trx, id);
        await moveContribution(trx, null, created);
        await moveYearContribution(trx, null, { ...created, events: [event] });
        await appendAudit(trx, store.dialect, [
          { actor, action: 'create', entityType: 'household', entityId: String(id), before: null, after: { household: created, members } },
        ], now);
        return created;
      });
    },

    async updateHousehold(actor: string, id: number, expectedVersion: number, changes: Partial<HouseholdInput>): Promise<Household> {
      return store.db.transaction().execute(async (trx) => {
        const before = await mustGet(trx, id);
        const merged: HouseholdInput = { ...before, ...changes };
        const errors = validateHouseholdFields(merged, ctx());
        // A new year identified may not come after the household's exit (a stored inconsistency is
        // left to the data-quality check, not made a reason to refuse every other edit).
        if (merged.identifiedYear !== before.identifiedYear && before.exitYear !== null) {
          for (const e of validateExitYearRange(merged.identifiedYear, before.exitYear, ctx())) errors.push({ ...e, field: 'identifiedYear' });
        }
        if (merged.villageCode !== before.villageCode) errors.push(...(await assertVillage(trx, merged.villageCode)));
        if (errors.length > 0) throw new ValidationFailed(errors);
        const now = isoNow(clock);
        await households.updateHouseholdRow(trx, id, expectedVersion, householdColumns(merged), now);
        const after = await mustGet(trx, id);
        await moveContribution(trx, before, after);
        await moveHouseholdYears(trx, id, before, after);
        await appendAudit(trx, store.dialect, [{ actor, action: 'update', entityType: 'household', entityId: String(id), before, after }], now);
        return after;
      });
    },

    async replaceMembers(actor: string, id: number, expectedVersion: number, input: readonly MemberInput[]): Promise<Household> {
      const members = input.map(normalizeMember);
      const errors = validateMembers(members, ctx());
      if (errors.length > 0) throw new ValidationFailed(errors);
      return store.db.transaction().execute(async (trx) => {
        const household = await mustGet(trx, id);
        const taken = await assertIdsFree(trx, members, id);
        if (taken.length > 0) throw new ValidationFailed(taken);
        const before = await households.getMembers(trx, id);
        const now = isoNow(clock);
        await households.updateHouseholdRow(trx, id, expectedVersion, { member_count: members.length }, now);
        await households.replaceMembers(trx, id, members);
        const after = await mustGet(trx, id);
        await moveContribution(trx, household, after);
        await moveHouseholdYears(trx, id, household, after);
        await appendAudit(trx, store.dialect, [{ actor, action: 'members', entityType: 'household', entityId: String(id), before, after: members }], now);
        return after;
      });
    },

    async setIncome(actor: string, id: number, expectedVersion: number, year: number, income: IncomeComponents) {
      const errors = validateIncome(year, income, ctx());
      if (errors.length > 0) throw new ValidationFailed(errors);
      return store.db.transaction().execute(async (trx) => {
        const current = await mustGet(trx, id);
        await assertYearOpen(trx, year);
        const stored = (await households.getIncomes(trx, id)).find((i) => i.year === year);
        // The entry shows the per-capita figure on both sides, so a reader sees it move rather than appear.
        const before = stored ? { ...stored, netIncomePerCapita: netIncomePerCapita(stored, current.memberCount) } : null;
        const now = isoNow(clock);
        await households.updateHouseholdRow(trx, id, expectedVersion, {}, now);
        await households.upsertIncome(trx, id, year, income);
        const household = await mustGet(trx, id);
        const after = { year, ...income, netIncomePerCapita: netIncomePerCapita(income, household.memberCount) };
        await appendAudit(trx, store.dialect, [{ actor, action: 'income', entityType: 'household', entityId: String(id), before, after }], now);
        return { household, income: after };
      });
    },

    async addStatusEvent(
      actor: string,
      id: number,
      expectedVersion: number,
      event: { type: StatusEventType; date: string; reason: string | null; basis: string | null },
    ): Promise<Household> {
      return store.db.transaction().execute(async (trx) => applyStatusEvent(trx, actor, id, expectedVersion, event));
    },

    /** The same, inside a caller's transaction: an exit close-out and its status change commit together. */
    addStatusEventIn: (trx: Executor, actor: string, id: number, expectedVersion: number, event: { type: StatusEventType; date: string; reason: string | null; basis: string | null }) =>
      applyStatusEvent(trx, actor, id, expectedVersion, event),

    async deleteHousehold(actor: string, id: number, expectedVersion: number): Promise<void> {
      await store.db.transaction().execute(async (trx) => {
        const before = await mustGet(trx, id);
        if (before.version !== expectedVersion) {
          throw new StaleVersionError(`贫困户 ${id}`, expectedVersion, before.version);
        }
        const members = await households.getMembers(trx, id);
        await moveHouseholdYears(trx, id, before, null);
        await households.deleteHouseholdRows(trx, id);
        await moveContribution(trx, before, null);
        await appendAudit(trx, store.dialect, [{ actor, action: 'delete', entityType: 'household', entityId: String(id), before: { household: before, members }, after: null }], isoNow(clock));
      });
    },

    async householdFile(id: number) {
      const db = store.db;
      const household = await mustGet(db, id);
      const [members, incomes, events] = await Promise.all([
        households.getMembers(db, id),
        households.getIncomes(db, id),
        households.getStatusEvents(db, id),
      ]);
      return {
        household,
        members,
        incomes: incomes.map((i) => ({ ...i, netIncomePerCapita: netIncomePerCapita(i, members.length) })),
        events,
      };
    },
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;
