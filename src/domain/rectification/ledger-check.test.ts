import { describe, expect, it } from 'vitest';
import { checkLedger, type LedgerLine } from './ledger-check.js';

const base: LedgerLine = {
  rectificationId: 1,
  problemNo: 'P1',
  unitRegion: '610902000000',
  status: 'closed',
  deadline: '2017-12-31',
  result: '已整改',
  evidenceCount: 1,
  closedAt: '2017-12-20T08:00:00Z',
  tasks: [{ deadline: '2017-12-15', doneAt: '2017-12-10T08:00:00Z' }],
};

describe('plan, ledger and result match (seed 000)', () => {
  it('finds nothing wrong with a consistent closed line', () => {
    expect(checkLedger([base])).toEqual([]);
  });

  it('names each mismatch', () => {
    const codes = (l: Partial<LedgerLine>) => checkLedger([{ ...base, ...l }]).map((i) => i.code);
    expect(codes({ tasks: [], status: 'open', result: null })).toEqual(['noPlan']);
    expect(codes({ tasks: [{ deadline: '2018-01-10', doneAt: '2017-12-10T00:00:00Z' }] })).toEqual(['planAfterDeadline']);
    expect(codes({ result: ' ', evidenceCount: 0 })).toEqual(['noResult', 'noEvidence']);
    expect(codes({ tasks: [{ deadline: '2017-12-15', doneAt: null }] })).toEqual(['openTasksButClosed']);
    expect(codes({ tasks: [{ deadline: '2017-12-15', doneAt: '2017-12-25T00:00:00Z' }] })).toEqual(['taskDoneAfterClose']);
    expect(codes({ status: 'rectifying', closedAt: null })).toEqual(['resultNotReported']);
  });
});
