import { describe, expect, it } from 'vitest';
import type { Principal } from '../access.js';
import { nextStatus, rectificationStatuses, transitionErrors, unitOf, workflowActions, workflowRules, type TransitionInput } from './workflow.js';

const county = { region: '610902000000', department: null };
const city = { region: '610900000000', department: null };
const base: Omit<TransitionInput, 'action' | 'status' | 'actor'> = { responsible: county, assigner: city, evidenceCount: 1, openTasks: 0, result: '已整改', note: '原因' };

describe('rectification workflow', () => {
  it('allows exactly the moves of the state machine, to the right party', () => {
    const allowed: string[] = [];
    for (const status of rectificationStatuses) {
      for (const action of workflowActions) {
        const actor = workflowRules[action].by === 'responsible' ? county : city;
        if (transitionErrors({ ...base, action, status, actor }).length === 0) allowed.push(`${status}:${action}→${nextStatus(action)}`);
      }
    }
    expect(allowed.sort()).toEqual(
      [
        'closed:recheckFail→reopened',
        'closed:recheckPass→closed',
        'open:start→rectifying',
        'rectifying:submit→submitted',
        'reopened:start→rectifying',
        'returned:start→rectifying',
        'submitted:close→closed',
        'submitted:return→returned',
      ].sort(),
    );
  });

  it('refuses forbidden moves with a message that names what is allowed', () => {
    const [e] = transitionErrors({ ...base, action: 'close', status: 'rectifying', actor: city });
    expect(e?.field).toBe('status');
    expect(e?.message).toContain('整改中');
    expect(e?.message).toContain('报结');
  });

  it('refuses a close by a unit that did not assign it, and by the responsible unit itself', () => {
    const other = { region: '610921000000', department: null };
    expect(transitionErrors({ ...base, action: 'close', status: 'submitted', actor: other })[0]?.field).toBe('actor');
    expect(transitionErrors({ ...base, action: 'close', status: 'submitted', actor: county })[0]?.message).toContain('只有交办该问题的单位');
    expect(transitionErrors({ ...base, action: 'close', status: 'submitted', actor: { region: city.region, department: 'education' } })[0]?.field).toBe('actor');
    expect(transitionErrors({ ...base, action: 'start', status: 'open', actor: city })[0]?.message).toContain('只有责任单位');
  });

  it('refuses a submission or close without evidence, and a submission with open tasks or no result', () => {
    expect(transitionErrors({ ...base, action: 'close', status: 'submitted', actor: city, evidenceCount: 0 }).map((e) => e.field)).toEqual(['evidence']);
    expect(transitionErrors({ ...base, action: 'submit', status: 'rectifying', actor: county, evidenceCount: 0, openTasks: 2, result: ' ' }).map((e) => e.field)).toEqual(['evidence', 'result', 'tasks']);
    expect(transitionErrors({ ...base, action: 'return', status: 'submitted', actor: city, note: '' }).map((e) => e.field)).toEqual(['note']);
    expect(transitionErrors({ ...base, action: 'recheckFail', status: 'closed', actor: city, note: null }).map((e) => e.field)).toEqual(['note']);
  });

  it('maps accounts to the unit they act for; read-only roles act for none', () => {
    const p = (role: Principal['role'], department: string | null = null): Principal => ({ userId: 1, username: 'u', role, regionCode: '610902000000', department });
    expect(unitOf(p('regionAdmin'))).toEqual(county);
    expect(unitOf(p('department', 'education'))).toEqual({ region: county.region, department: 'education' });
    expect(unitOf(p('inspector'))).toBeNull();
    expect(unitOf(p('admin'))).toBeNull();
  });
});
