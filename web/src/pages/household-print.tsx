// 一户一档 on paper: the household's file as one A4 document for the folder kept in the village and
// shown to inspectors, signed by the head of household, the responsible cadre and the village.
// Rendered without the workbench's chrome; the footer names the record's version and the time it
// was printed, so that a paper copy can be traced to the record it came from.
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Button, Result, Spin } from 'antd';
import { ApiError, api, type HouseholdFile } from '../api';
import { label, yuan, useApp } from '../app-context';
import { householdKeys, memberKeys, useFieldPresenter } from '../components/household-forms';
import { useLang, useT } from '../i18n';
import type { Catalogue, Plan } from './assistance-api';

/** What the assistance module knows of the household (null: not readable by this account, or none). */
interface Assistance {
  pairings: { cadreName: string; unitName: string; phone: string | null; from_date: string; to_date: string | null }[];
  plan: Plan | null;
  visits: { visit_date: string; cadreName: string }[];
}

// The columns a paper member table has room for on A4; the rest of a member's fields are on screen.
const printedMemberKeys = ['name', 'relation', 'idNumber', 'sex', 'birthDate', 'ethnicity', 'education', 'schoolStatus', 'health', 'labourAbility', 'workStatus', 'workMonths'] as const;
// Short names: the form's full names (参加城乡居民基本医疗保险…) would make the column the widest.
const printedFlags = [
  ['hasResidentMedicalInsurance', '医保', 'Medical'],
  ['hasEmployeeMedicalInsurance', '职工医保', 'Employee medical'],
  ['hasSeriousIllnessInsurance', '大病保险', 'Serious illness'],
  ['hasResidentPension', '养老保险', 'Pension'],
  ['receivesMinimumLiving', '低保', 'Minimum living'],
  ['isExtremePoverty', '特困供养', 'Extreme poverty'],
] as const;
// Form labels that carry an input hint the paper does not need.
const printedNames: Record<string, readonly [string, string]> = { otherCauses: ['其他致贫原因', 'Other causes'] };

const css = `
.jz-print { max-width: 190mm; margin: 0 auto; padding: 8mm 0; color: #000; font-size: 12px; line-height: 1.5; }
.jz-print h1 { font-size: 20px; text-align: center; margin: 0 0 4px; }
.jz-print h2 { font-size: 14px; margin: 12px 0 4px; border-left: 3px solid #b71c1c; padding-left: 6px; }
.jz-print table { width: 100%; border-collapse: collapse; }
.jz-print th, .jz-print td { border: 1px solid #555; padding: 2px 4px; text-align: left; vertical-align: top; }
.jz-print th { background: #f2f2f2; font-weight: 600; white-space: nowrap; }
.jz-print .num { text-align: right; white-space: nowrap; }
.jz-print .members { font-size: 11px; }
.jz-print .members th { white-space: normal; }
.jz-print .kv td:nth-child(odd) { background: #f7f7f7; white-space: nowrap; width: 16%; }
.jz-print .sign { display: flex; justify-content: space-between; margin-top: 28px; gap: 12px; }
.jz-print .sign div { flex: 1; border-top: 1px solid #000; padding-top: 4px; }
.jz-print .foot { margin-top: 16px; color: #555; font-size: 10px; }
.jz-print tr { page-break-inside: avoid; }
@page { size: A4; margin: 12mm; }
@media print { .jz-noprint { display: none !important; } body { background: #fff; } }
`;

export function HouseholdPrintPage() {
  const t = useT();
  const { lang } = useLang();
  const { codeLists, user } = useApp();
  const field = useFieldPresenter();
  const { id } = useParams();
  const [file, setFile] = useState<HouseholdFile | null>(null);
  const [assistance, setAssistance] = useState<Assistance | null>(null);
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [printedAt] = useState(() => new Date());

  useEffect(() => {
    api<HouseholdFile>('GET', `/households/${id ?? ''}`).then(setFile, (e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e))));
    // Not every account reads the assistance module: its part is left out, not shown as an error.
    api<Assistance>('GET', `/assistance/households/${id ?? ''}`).then(setAssistance, () => setAssistance(null));
    api<Catalogue>('GET', '/assistance/catalogue').then(setCatalogue, () => setCatalogue(null));
  }, [id]);

  if (error) return <Result status={error.status === 404 ? '404' : 'error'} title={error.message} />;
  if (!file) return <Spin style={{ marginTop: 80, width: '100%' }} />;
  const h = file.household;
  const en = lang === 'en';
  const value = (key: string) => field.value(key, h[key]) || '—';
  const statusText = label(codeLists, 'householdStatus', h.status, lang);
  const cadre = assistance?.pairings.find((p) => p.to_date === null) ?? null;
  const measures = assistance?.plan?.measures ?? [];
  const lastVisit = assistance?.visits[0] ?? null;
  const measureName = (code: string) => catalogue?.measures.find((m) => m.code === code)?.[lang] ?? code;
  const basics: [string, string][] = [
    [en ? 'Household number' : '户编号', h.householdNo],
    [en ? 'Status' : '状态', statusText],
    [en ? 'Location' : '所在地', file.village.path.map((p) => p.name).join(' ')],
    [t('identifiedYear'), String(h['identifiedYear'] ?? '—')],
    [t('exitYear'), String(h['exitYear'] ?? '—')],
    [en ? 'Household size' : '家庭人口', String(h.memberCount)],
    ...householdKeys.map((k): [string, string] => [printedNames[k]?.[en ? 1 : 0] ?? field.name(k) ?? k, value(k)]),
  ];
  const pairs: [string, string][][] = [];
  for (let i = 0; i < basics.length; i += 3) pairs.push(basics.slice(i, i + 3));

  return (
    <div className="jz-print" data-testid="household-print">
      <style>{css}</style>
      <div className="jz-noprint" style={{ marginBottom: 12, display: 'flex', gap: 8 }}>
        <Button type="primary" onClick={() => window.print()} data-testid="print-now">{en ? 'Print' : '打印'}</Button>
        <Button onClick={() => window.history.back()}>{en ? 'Back' : '返回'}</Button>
      </div>
      <h1>{en ? 'Registered poor household file' : '建档立卡贫困户档案（一户一档）'}</h1>
      <h2>{en ? 'Household' : '基本情况'}</h2>
      <table className="kv">
        <tbody>
          {pairs.map((row, i) => (
            <tr key={i}>
              {row.flatMap(([k, v]) => [<td key={`k${k}`}>{k}</td>, <td key={`v${k}`}>{v}</td>])}
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{en ? `Members (${file.members.length})` : `家庭成员（${file.members.length} 人）`}</h2>
      <table className="members" data-testid="print-members">
        <thead>
          <tr>
            {printedMemberKeys.map((k) => <th key={k}>{field.name(k) ?? k}</th>)}
            <th>{en ? 'Insurance and support' : '参保与保障'}</th>
          </tr>
        </thead>
        <tbody>
          {file.members.map((m) => (
            <tr key={m.id}>
              {printedMemberKeys.map((k) => <td key={k} style={k === 'idNumber' ? { fontFamily: 'monospace', whiteSpace: 'nowrap' } : k === 'birthDate' || k === 'name' ? { whiteSpace: 'nowrap' } : undefined}>{field.value(k, m[k])}</td>)}
              <td>{printedFlags.filter(([k]) => m[k] === true).map(([, zh, english]) => (en ? english : zh)).join(en ? ', ' : '、') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{en ? 'Income by year (yuan)' : '收入情况（元）'}</h2>
      <table data-testid="print-incomes">
        <thead>
          <tr>
            <th>{t('year')}</th>
            <th className="num">{en ? 'Wages' : '工资性收入'}</th>
            <th className="num">{en ? 'Production (net)' : '生产经营性净收入'}</th>
            <th className="num">{en ? 'Property' : '财产性收入'}</th>
            <th className="num">{en ? 'Transfers' : '转移性收入'}</th>
            <th className="num">{t('netIncomePerCapita')}</th>
          </tr>
        </thead>
        <tbody>
          {[...file.incomes].reverse().map((r) => (
            <tr key={r.year}>
              <td>{r.year}</td>
              <td className="num">{yuan(r.wageIncome ?? 0)}</td>
              <td className="num">{yuan((r.productionIncome ?? 0) - (r.productionCost ?? 0))}</td>
              <td className="num">{yuan((r.assetDividendIncome ?? 0) + (r.otherPropertyIncome ?? 0))}</td>
              <td className="num">{yuan((r.familyPlanningAllowance ?? 0) + (r.minimumLivingAllowance ?? 0) + (r.extremePovertyAllowance ?? 0) + (r.pensionIncome ?? 0) + (r.ecoCompensation ?? 0) + (r.otherTransferIncome ?? 0))}</td>
              <td className="num"><b>{yuan(r.netIncomePerCapita)}</b></td>
            </tr>
          ))}
        </tbody>
      </table>

      {assistance && (
        <>
          <h2>{en ? 'Assistance' : '帮扶情况'}</h2>
          <table className="kv" data-testid="print-assistance">
            <tbody>
              <tr>
                <td>{en ? 'Responsible cadre' : '帮扶责任人'}</td>
                <td>{cadre ? `${cadre.cadreName}（${cadre.unitName}）${cadre.phone ? ` ${cadre.phone}` : ''}` : '—'}</td>
                <td>{en ? 'Since' : '结对时间'}</td>
                <td>{cadre?.from_date ?? '—'}</td>
              </tr>
              <tr>
                <td>{en ? `Measures ${assistance.plan ? `(${assistance.plan.year})` : ''}` : `帮扶措施${assistance.plan ? `（${assistance.plan.year} 年）` : ''}`}</td>
                <td colSpan={3}>{measures.length > 0 ? measures.map((m) => `${measureName(m.measure_code)}${m.amount_fen > 0 ? (en ? ` ¥${yuan(m.amount_fen)}` : ` ${yuan(m.amount_fen)} 元`) : ''}`).join(en ? '; ' : '；') : '—'}</td>
              </tr>
              <tr>
                <td>{en ? 'Visits' : '走访记录'}</td>
                <td colSpan={3}>{lastVisit ? (en ? `${assistance.visits.length} visits, last on ${lastVisit.visit_date} by ${lastVisit.cadreName}` : `共 ${assistance.visits.length} 次，最近一次 ${lastVisit.visit_date}（${lastVisit.cadreName}）`) : '—'}</td>
              </tr>
            </tbody>
          </table>
        </>
      )}

      <h2>{en ? 'Status history' : '状态变动'}</h2>
      <table data-testid="print-events">
        <thead>
          <tr>
            <th>{en ? 'Date' : '日期'}</th>
            <th>{en ? 'Change' : '变动'}</th>
            <th>{en ? 'Basis' : '依据'}</th>
            <th>{t('actor')}</th>
          </tr>
        </thead>
        <tbody>
          {file.events.map((e, i) => (
            <tr key={i}>
              <td>{e.date}</td>
              <td>{label(codeLists, 'statusEventType', e.type, lang)}{e.reason ? `（${label(codeLists, 'removalReason', e.reason, lang)}）` : ''}</td>
              <td>{e.basis ?? '—'}</td>
              <td>{e.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="sign">
        <div>{en ? 'Head of household (signature)' : '户主（签字）'}</div>
        <div>{en ? 'Responsible cadre (signature)' : '帮扶责任人（签字）'}</div>
        <div>{en ? 'Village committee (seal)' : '村委会（盖章）'}</div>
        <div>{en ? 'Date' : '日期'}</div>
      </div>
      <div className="foot" data-testid="print-foot">
        {en
          ? `Printed ${printedAt.toLocaleString('en-GB')} by ${user.username} from record version ${h.version}${file.audit[0] ? `, audit entry #${Math.max(...file.audit.map((a) => a.seq))}` : ''}. The record in Jingzhun is authoritative.`
          : `${printedAt.toLocaleString('zh-CN')} 由 ${user.username} 打印，依据系统记录第 ${h.version} 版${file.audit[0] ? `（审计记录 #${Math.max(...file.audit.map((a) => a.seq))}）` : ''}；以系统记录为准。`}
      </div>
    </div>
  );
}
