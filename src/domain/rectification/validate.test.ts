import { describe, expect, it } from 'vitest';
import { parseProblemRows } from './workbook-rows.js';
import { resolveTaskDeadlines, validateBatch, validateProblem, type BatchInput, type ProblemInput } from './validate.js';

const batch: BatchInput = { name: '2017 年第三季度省级交叉检查反馈问题', source: 'crossInspection', assigningRegion: '610900000000', assigningDepartment: null, finalDeadline: '2017-12-31', recheckDays: 90 };
const ctx = { today: '2017-10-01', batch };
const problem: ProblemInput = { problemNo: 'HB-01', scope: 'specific', unitRegion: '610902000000', unitDepartment: null, appliesLevel: null, category: 'identification', description: '识别不精准', deadline: '2017-11-30', tasks: [] };

describe('problem validation', () => {
  it('accepts a good problem and batch', () => {
    expect(validateBatch(batch, '2017-10-01')).toEqual([]);
    expect(validateProblem(problem, ctx)).toEqual([]);
  });

  it('refuses a problem without a responsible unit, or with a deadline before its creation', () => {
    expect(validateProblem({ ...problem, unitRegion: null }, ctx, 'problems[0].')[0]).toMatchObject({ field: 'problems[0].unitRegion', message: expect.stringContaining('没有责任单位') });
    expect(validateProblem({ ...problem, deadline: '2017-09-30' }, ctx)[0]).toMatchObject({ field: 'deadline', message: expect.stringContaining('早于问题交办日期') });
    expect(validateBatch({ ...batch, finalDeadline: '2017-09-01' }, '2017-10-01')[0]?.field).toBe('finalDeadline');
  });

  it('keeps units inside the assigner and common problems at province or city', () => {
    expect(validateProblem({ ...problem, unitRegion: '610802000000' }, ctx)[0]?.message).toContain('不在交办单位');
    expect(validateProblem({ ...problem, scope: 'common', appliesLevel: 3 }, ctx)[0]?.message).toContain('共性问题的范围必须是省或市');
    expect(validateProblem({ ...problem, scope: 'common', unitRegion: '610900000000', appliesLevel: 3 }, ctx)).toEqual([]);
  });

  it('refuses a task without a lead unit or responsible person, or ending after its problem', () => {
    const task = { measure: '补齐台账', leadUnit: '', responsibleLeader: '', responsiblePerson: '', cooperatingUnits: '', deadline: '2017-12-15', durationDays: null };
    expect(validateProblem({ ...problem, tasks: [task] }, ctx).map((e) => e.field)).toEqual(['tasks[0].leadUnit', 'tasks[0].responsiblePerson', 'tasks[0].deadline']);
  });

  it('schedules tasks without a deadline backwards from the problem deadline', () => {
    const t = { measure: 'x', leadUnit: 'a', responsibleLeader: '', responsiblePerson: 'b', cooperatingUnits: '', deadline: null, durationDays: 10 };
    expect(resolveTaskDeadlines('2017-12-31', [t, { ...t, durationDays: 5 }])).toEqual(['2017-12-26', '2017-12-31']);
  });
});

describe('problem rows from a workbook', () => {
  const header = ['问题编号', '问题范围', '责任单位代码', '责任部门', '适用层级', '问题类别', '问题描述', '整改时限', '整改措施', '牵头单位', '责任领导', '责任人', '配合单位', '任务时限', '工期天数'];

  it('groups continuation rows into tasks and resolves labels, short codes and date forms', () => {
    const { problems, errors } = parseProblemRows(
      [header, ['C-01', '共性', '6109', '', '', '精准识别', '识别不准', '2017/12/31', '全面排查', '扶贫办', '副县长', '张三', '', '', '20'], ['C-01', '', '', '', '', '', '', '', '逐户核对', '扶贫办', '副县长', '张三', '', '2017年12月20日', ''], ['HB-01', '个性', '610902', '教育', '', '帮扶措施', '控辍保学', '', '补台账', '教育局', '', '李四', '', '', '']],
      ctx,
    );
    expect(errors).toEqual([]);
    expect(problems).toHaveLength(2);
    expect(problems[0]?.input).toMatchObject({ scope: 'common', unitRegion: '610900000000', appliesLevel: 3, category: 'identification', deadline: '2017-12-31' });
    expect(problems[0]?.input.tasks.map((t) => t.deadline)).toEqual([null, '2017-12-20']);
    expect(problems[1]?.input).toMatchObject({ unitRegion: '610902000000', unitDepartment: 'education', deadline: null });
  });

  it('names the spreadsheet row of every error', () => {
    const { errors } = parseProblemRows([header, ['A', '个性', '', '', '', '精准识别', 'x', '', '', '', '', '', '', '', ''], ['B', '个性', '610902', '', '', '不存在', 'y', '2017-09-01', 'm', '', '', '', '', '', '']], ctx);
    expect(errors.map((e) => e.field)).toEqual(['rows[2].unitRegion', 'rows[3].category', 'rows[3].deadline', 'rows[3].leadUnit', 'rows[3].responsiblePerson']);
    expect(errors[0]?.message).toMatch(/^第 2 行：/);
  });

  it('refuses a workbook without the required columns', () => {
    expect(parseProblemRows([['编号', '描述']], ctx).errors[0]?.message).toContain('缺少列');
  });
});
