import { describe, expect, it } from 'vitest';
import { validateHousehold } from '../validate.js';
import { statusFromEvents } from '../status.js';
import { generateHouseholds, planVillages, synthErrorKinds, type SynthHousehold } from './generate.js';

const villages = Array.from({ length: 40 }, (_, i) => `610902${String(100 + Math.floor(i / 10)).padStart(3, '0')}${String(200 + i).padStart(3, '0')}`);

function generate(seed: number, n: number, withErrors = false): SynthHousehold[] {
  const options = { seed, households: n, villages, year: 2019, withErrors, errorShare: 0.05 };
  return [...generateHouseholds(options, planVillages(villages, n, seed))];
}

describe('synthetic registry', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generate(7, 300);
    const b = generate(7, 300);
    const c = generate(8, 300);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    expect(a).toHaveLength(300);
  });

  it('never makes an ID number already taken: a second run in the same county gets people of its own', () => {
    const first = generate(7, 300);
    const taken = new Set(first.flatMap((h) => h.members.map((m) => m.idNumber)));
    const options = { seed: 7, households: 300, villages, year: 2019, withErrors: false, errorShare: 0, taken };
    const second = [...generateHouseholds(options, planVillages(villages, 300, 7))];
    const ids = second.flatMap((h) => h.members.map((m) => m.idNumber));
    expect(ids.filter((id) => taken.has(id))).toEqual([]);
    for (const h of second) expect(validateHousehold(h.household, h.members, { today: '2019-12-31' })).toEqual([]);
  });

  it('produces households that pass the registry rules, with consistent status histories', () => {
    const all = generate(11, 2000);
    const ids = new Set<string>();
    for (const h of all) {
      expect(validateHousehold(h.household, h.members, { today: '2019-12-31' })).toEqual([]);
      expect(statusFromEvents(h.events).status).toBe(h.status);
      for (const m of h.members) {
        expect(ids.has(m.idNumber)).toBe(false);
        ids.add(m.idNumber);
      }
    }
    const members = all.reduce((s, h) => s + h.members.length, 0) / all.length;
    expect(members).toBeGreaterThan(2.6);
    expect(members).toBeLessThan(3.6);
    const share = (status: string) => all.filter((h) => h.status === status).length / all.length;
    expect(share('exited')).toBeGreaterThan(0.4);
    expect(share('poor')).toBeGreaterThan(0.05);
    expect(share('relapsed')).toBeGreaterThan(0);
  });

  it('adds a known share of realistic errors that still pass the write rules', () => {
    const all = generate(5, 2000, true);
    const withErrors = all.filter((h) => h.errorKind !== null);
    expect(withErrors.length).toBeGreaterThan(50);
    expect(new Set(withErrors.map((h) => h.errorKind))).toEqual(new Set(synthErrorKinds));
    for (const h of withErrors) expect(validateHousehold(h.household, h.members, { today: '2019-12-31' })).toEqual([]);
  });
});
