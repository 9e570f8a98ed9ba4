// 退出核对清单: one household's (or village's, county's) checklist — every criterion, its result, the
// facts it read and the parameters of the year; for a household, today's data and its stored runs.
import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Card, Descriptions, Result, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { ApiError, api } from '../api';
import { useLang } from '../i18n';
import { useExitT } from '../i18n-exit-rules';
import { factsText, parametersText, resultKey, showValue, statusColor, type ChecklistItem, type FactLabels, type HouseholdChecklist, type RunInfo, type UnitStatus } from '../exit-api';
import { minuteOf } from '../app-context';

function Items({ items, labels }: { items: ChecklistItem[]; labels: FactLabels }) {
  const t = useExitT();
  const { lang } = useLang();
  const color = { pass: 'green', fail: 'red', noData: 'gold' } as const;
  return (
    <Table rowKey="id" size="small" pagination={false} dataSource={items} data-testid="exit-checklist" scroll={{ x: 800 }}
      columns={[
        { title: t('exitCriterion'), key: 'label', render: (_: unknown, r: ChecklistItem) => <Space direction="vertical" size={0}><span>{lang === 'en' ? r.label.en : r.label.zh}</span><Typography.Text type="secondary" style={{ fontSize: 11 }} code>{r.expr}</Typography.Text></Space> },
        { title: t('exitResult'), key: 'result', width: 110, render: (_: unknown, r: ChecklistItem) => <Tag color={r.kind === 'flag' && r.result === 'fail' ? 'orange' : color[r.result]} data-testid={`exit-item-${r.id}`}>{resultKey(r) === 'exitFlag' ? `⚑ ${t('exitFlag')}` : t(resultKey(r))}</Tag> },
        { title: t('exitFacts'), key: 'facts', render: (_: unknown, r: ChecklistItem) => factsText(r.facts, labels, lang) },
        { title: t('exitParameters'), key: 'params', render: (_: unknown, r: ChecklistItem) => parametersText(r, lang) || '—' },
      ]} />
  );
}

const statusKey = (s: UnitStatus) => (s === 'ready' ? 'exitReady' : s === 'blocked' ? 'exitBlocked' : 'exitNoData');

export function ExitHouseholdPage() {
  const t = useExitT();
  const { lang } = useLang();
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year') ?? '2019');
  const [data, setData] = useState<HouseholdChecklist | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    api<HouseholdChecklist>('GET', `/exit/households/${id ?? ''}/checklist?year=${year}`).then(setData, (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [id, year]);
  if (error) return <Result status="warning" title={error} />;
  if (!data) return <Spin style={{ marginTop: 80, width: '100%' }} />;
  return (
    <div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>{t('exitChecklist')} · <Link to={`/households/${data.householdId}`}>{data.householdNo}</Link></Typography.Title>
          <Select value={year} onChange={(v) => setParams({ year: String(v) })} options={[2014, 2015, 2016, 2017, 2018, 2019, 2020].map((y) => ({ value: y, label: `${y}` }))} />
          <Tag color={statusColor[data.status]} data-testid="exit-household-status">{t(statusKey(data.status))}</Tag>
          <Typography.Text type="secondary">{t('exitAsOfToday')} · {lang === 'en' ? data.ruleSet.title.en : data.ruleSet.title.zh} ({data.ruleSet.version})</Typography.Text>
        </Space>
      </Card>
      <Items items={data.items} labels={data.factLabels} />
      {data.runs.length > 0 && (
        <Card size="small" title={t('exitPastRuns')} style={{ marginTop: 12 }}>
          <Descriptions size="small" column={1}>
            {data.runs.map((r) => (
              <Descriptions.Item key={r.runId} label={`#${r.runId} · ${r.year} · ${r.ruleSet}`}>
                <Link to={`/exit/runs/${r.runId}/units/${data.householdNo}`}><Tag color={statusColor[r.status]}>{t(statusKey(r.status))}</Tag></Link>
                <Typography.Text type="secondary">{new Date(r.createdAt).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN')}</Typography.Text>
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}
    </div>
  );
}

/** A unit of a stored run, explained by that run's rules and facts. */
export function ExitRunUnitPage() {
  const t = useExitT();
  const { lang } = useLang();
  const { run, code } = useParams();
  const [data, setData] = useState<{ run: RunInfo; unitCode: string; status: UnitStatus; items: ChecklistItem[]; factLabels: FactLabels } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<typeof data>('GET', `/exit/runs/${run ?? ''}/units/${code ?? ''}`).then(setData, (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [run, code]);
  if (error) return <Result status="warning" title={error} />;
  if (!data) return <Spin style={{ marginTop: 80, width: '100%' }} />;
  return (
    <div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>{t('exitChecklist')} · {data.unitCode}</Typography.Title>
          <Tag color={statusColor[data.status]}>{t(statusKey(data.status))}</Tag>
          <Typography.Text type="secondary">
            {t('exitRunInfo', { id: data.run.id, rules: `${data.run.ruleSet.id}@${data.run.ruleSet.version}`, time: data.run.dataTime ? minuteOf(data.run.dataTime) : '—', by: data.run.createdBy, at: new Date(data.run.createdAt).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN') })}
          </Typography.Text>
        </Space>
      </Card>
      <Items items={data.items} labels={data.factLabels} />
    </div>
  );
}
