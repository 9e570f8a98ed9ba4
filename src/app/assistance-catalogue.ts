// The measure catalogue (帮扶措施目录): list, add, edit, and retire or bring back a measure. The
// catalogue is shared by every county, so only admins and county offices change it; the code never
// changes, since saved plans refer to it. Each change is one transaction with its audit entry
// (before and after); every refusal is a ValidationFailed naming the field and the fix.
import type { Principal } from '../domain/access.js';
import type { Measure } from '../domain/assistance/catalogue.js';
import { canEditCatalogue } from '../domain/assistance/access.js';
import { applyMeasureChanges, measureTitle, normalizeMeasure, validateMeasureFields, validateNewMeasure, type MeasureChanges, type MeasureInput } from '../domain/assistance/measure-input.js';
import { appendAudit } from '../store/audit.js';
import * as as from '../store/assistance.js';
import type { Executor, Store } from '../store/store.js';
import { refuse } from './assistance.js';
import { type Clock, isoNow } from './clock.js';
import { NotFound, ValidationFailed } from './errors.js';

/** `what`: the action in the refusal, e.g. 增加 (zh) and add (en). */
function requireEditor(p: Principal, what: readonly [string, string]): void {
  if (!canEditCatalogue(p)) refuse('actor', `只有系统管理员或县级（及以上）管理员可以${what[0]}帮扶措施`, `only admins and county offices ${what[1]} measures`, '请用县级管理员账号操作', 'Use a county administrator account');
}

function existing(catalogue: ReadonlyMap<string, Measure>, code: string): Measure {
  const m = catalogue.get(code);
  if (!m) throw new NotFound('measure', code);
  return m;
}

export function createMeasureCatalogue(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const audit = (trx: Executor, p: Principal, action: string, code: string, before: Measure | null, after: Measure) => appendAudit(trx, store.dialect, [{ actor: p.username, action, entityType: 'measure', entityId: code, before, after }], isoNow(clock));

  return {
    /** Every measure, retired ones too: saved plans still name them. */
    async catalogue(): Promise<Measure[]> {
      return [...(await as.loadCatalogue(store.db)).values()];
    },

    /** Adds a measure to the shared catalogue; code and name are checked against it inside the transaction. */
    async addMeasure(p: Principal, input: MeasureInput): Promise<Measure> {
      requireEditor(p, ['增加', 'add']);
      const m = normalizeMeasure(input);
      return store.db.transaction().execute(async (trx) => {
        const errors = validateNewMeasure(m, await as.loadCatalogue(trx));
        if (errors.length > 0) throw new ValidationFailed(errors);
        await as.insertMeasure(trx, m);
        await audit(trx, p, 'create', m.code, null, m);
        return m;
      });
    },

    /** Fixes a measure's names, category, batch or causes; an edit that changes nothing writes nothing. */
    async updateMeasure(p: Principal, code: string, changes: MeasureChanges): Promise<Measure> {
      requireEditor(p, ['修改', 'edit']);
      return store.db.transaction().execute(async (trx) => {
        const catalogue = await as.loadCatalogue(trx);
        const before = existing(catalogue, code);
        const after = applyMeasureChanges(before, changes);
        const errors = validateMeasureFields(after, catalogue);
        if (errors.length > 0) throw new ValidationFailed(errors);
        if (JSON.stringify(after) === JSON.stringify(before)) return before;
        await as.updateMeasure(trx, after);
        await audit(trx, p, 'update', code, before, after);
        return after;
      });
    },

    /** Retires (active = false) or brings back a measure. A retired one stays in the plans that have it. */
    async setMeasureActive(p: Principal, code: string, active: boolean): Promise<Measure> {
      requireEditor(p, ['停用或恢复', 'retire or reactivate']);
      return store.db.transaction().execute(async (trx) => {
        const before = existing(await as.loadCatalogue(trx), code);
        if (before.active === active) {
          if (active) refuse('active', `帮扶措施${measureTitle(before)}未停用`, `measure ${code} is not retired`, '无需恢复', 'Nothing to do');
          refuse('active', `帮扶措施${measureTitle(before)}已停用`, `measure ${code} is already retired`, '无需重复停用；要重新使用请恢复（reactivate）', 'Already retired; to use it again, reactivate it');
        }
        const after = { ...before, active };
        await as.updateMeasure(trx, after);
        await audit(trx, p, active ? 'assistance.measure.reactivate' : 'assistance.measure.retire', code, before, after);
        return after;
      });
    },
  };
}

export type MeasureCatalogue = ReturnType<typeof createMeasureCatalogue>;
