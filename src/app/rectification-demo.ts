// Demo rectification (npm start): one inspection's feedback list (交叉检查反馈问题), labelled 演示,
// imported as a CSV through the same problem-list parser and use case as an uploaded workbook, so that a new
// user meets a dashboard with work on it. The problems are the kinds the seed speeches name (wrong
// base data, weak targeting of measures, low policy awareness, unfinished housing renovation, messy
// ledgers, work teams not on duty); units and deadlines are made up relative to today.
import type { Store } from '../store/store.js';
import { addDays } from '../domain/dates.js';
import { systemClock, today } from './clock.js';
import { createRectificationService } from './rectification.js';
import { workbookColumns } from '../domain/rectification/workbook-rows.js';
import { readProblemWorkbook } from './rectification-xlsx.js';

export async function ensureRectificationDemo(store: Store, city: string, town: string, log: (line: string) => void): Promise<void> {
  const service = createRectificationService({ store, clock: systemClock });
  if ((await service.listBatches(city)).length > 0) return;
  const now = today(systemClock);
  const due = (days: number) => addDays(now, days);
  const county = `${town.slice(0, 6)}000000`;
  const batch = await service.createBatch('demo', {
    name: '省级交叉检查反馈问题（演示）',
    source: 'crossInspection',
    assigningRegion: city,
    assigningDepartment: null,
    finalDeadline: due(60),
    recheckDays: 30,
  });
  const row = (no: string, scope: string, unit: string, category: string, description: string, deadline: string, measure: string, lead: string) => [no, scope, unit, '', '', category, description, deadline, measure, lead, '分管领导', '扶贫办主任', '', '', ''];
  const rows = [
    workbookColumns.map(([, zh]) => zh),
    row('JC-01', '共性', city, '数据质量', '建档立卡数据与教育、医保、住建等部门数据不一致，部分贫困户家庭人口、收入信息错误', due(30), '开展数据比对，逐户核实、修正并留存佐证', '县（区）扶贫局'),
    row('JC-02', '共性', city, '帮扶措施', '帮扶措施针对性不强，部分户“一户一策”与致贫原因不对应', due(45), '逐户复核帮扶计划，按致贫原因调整措施', '县（区）扶贫局'),
    row('JC-03', '共性', city, '政策落实', '部分群众对教育、医疗、住房等扶贫政策知晓率不高', due(40), '入户宣讲政策，发放明白卡并开展知晓率测评', '县（区）扶贫局'),
    row('JC-04', '个性', county, '政策落实', '部分贫困户危房改造未按期完成入住', due(5), '逐户排查危改进度，倒排工期按期入住', '县住建局'),
    row('JC-05', '个性', town, '数据质量', '部分村扶贫台账管理混乱，账实不符', due(20), '按“一户一档”规范整理台账，逐户核对', '镇扶贫工作站'),
    row('JC-06', '个性', town, '工作作风', '个别驻村工作队员在岗时间不足', due(15), '建立驻村考勤和走访记录抽查制度', '镇党委'),
  ];
  // Given as the CSV an officer would upload and read back by the upload's own parser, so the batch
  // keeps its list like any imported one (the report page links it).
  const name = '省级交叉检查反馈问题清单（演示）.csv';
  const data = Buffer.from(`${rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n')}\r\n`, 'utf8');
  const added = await service.importRows('demo', 'system', batch.id, await readProblemWorkbook(data, name), { name, data });
  log(`  已载入问题整改演示批次：${batch.name}，${added.problems} 个问题、${added.rectifications} 条整改记录（演示数据，非真实检查结果）`);
}
