import { describe, expect, it } from 'vitest';
import { addDays, backwardSchedule, burnDown, isDate, isOverdue, needsEscalation, reminderWindow } from './schedule.js';

describe('rectification dates', () => {
  it('checks and moves dates across months and leap days', () => {
    expect(isDate('2020-02-29')).toBe(true);
    expect(isDate('2019-02-29')).toBe(false);
    expect(addDays('2020-02-28', 2)).toBe('2020-03-01');
    expect(addDays('2018-01-01', -1)).toBe('2017-12-31');
  });

  it('lays milestones out backwards from the final deadline', () => {
    const plan = backwardSchedule('2017-12-31', [
      { name: '摸底排查', days: 10 },
      { name: '集中整改', days: 30 },
      { name: '验收销号', days: 5 },
    ]);
    expect(plan.deadlines).toEqual(['2017-11-26', '2017-12-26', '2017-12-31']);
    expect(plan.startBy).toBe('2017-11-16');
  });

  it('counts a record overdue only after its deadline day and until it is submitted or closed', () => {
    expect(isOverdue({ status: 'rectifying', deadline: '2017-12-31', escalatedAt: null }, '2017-12-31')).toBe(false);
    expect(isOverdue({ status: 'rectifying', deadline: '2017-12-31', escalatedAt: null }, '2018-01-01')).toBe(true);
    expect(isOverdue({ status: 'closed', deadline: '2017-12-31', escalatedAt: null }, '2018-01-01')).toBe(false);
    expect(needsEscalation({ status: 'open', deadline: '2017-12-31', escalatedAt: '2018-01-02T00:00:00Z' }, '2018-01-05')).toBe(false);
    expect(reminderWindow('2017-12-20', 7)).toEqual(['2017-12-20', '2017-12-27']);
  });

  it('draws the burn-down from closes and reopens', () => {
    const points = burnDown(10, '2017-10-01', '2017-10-20', [
      { date: '2017-10-03', delta: -2 },
      { date: '2017-10-09', delta: -3 },
      { date: '2017-10-16', delta: 1 },
    ]);
    expect(points).toEqual([
      { date: '2017-10-01', remaining: 10 },
      { date: '2017-10-08', remaining: 8 },
      { date: '2017-10-15', remaining: 5 },
      { date: '2017-10-20', remaining: 6 },
    ]);
  });
});
