// 脱贫评估: run the exit standard over a region's households, villages or counties; counts per town
// and village of ready vs blocked by criterion; drill to the units; what-if without storing.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { ApiError, api, writers } from '../api';
import { fmt, minuteOf, useApp } from '../app-context';
import { useLang } from '../i18n';
import { useExitT } from '../i18n-exit-rules';
import { statusColor, type AreaCounts, type ResultItem, type RuleSetInfo, type RunInfo, type RunSummary, type UnitKind, type UnitStatus } from '../exit-api';
import { WhatIfPanel } from './exit-what-if';
import { RegionName } from '../components/region-name';

/** A column header from a criterion's label: the part before any explanation, without the 四个不得 prefix. */
const shortLabel = (text: string) => {
  const s = text.replace(/^(四个不得|Guard|Flag)[：:]\s*/, '').split(/[（(]/)[0] ?? text;
  return s.length > 10 ? `${s.slice(0, 9)}…` : s;
};
const years = [2014, 2015, 2016, 2017, 2018, 2019, 2020];

/** A criterion's label is a sentence: on a phone it wraps inside the screen instead of widening the page. */
const wrappingTag = { cursor: 'pointer', whiteSpace: 'normal', maxWidth: '100%' } as const;
/** A select as wide as `px`, or the phone's screen less the card's padding: a select as wide as its label widened the card past the screen. */
const narrowable = (px: number) => `min(${px}px, calc(100vw - 56px))`;

export default function ExitPage() {
  const t = useExitT();
  const { lang } = useLang();
  const { user } = useApp();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? user.regionCode;
  const unit = (params.get('unit') ?? 'household') as UnitKind;
  const year = Number(params.get('year') ?? '2019');
  const runId = params.get('run');
  const [ruleSets, setRuleSets] = useState<RuleSetInfo[]>([]);
  const [ruleSetId, setRuleSetId] = useState<string | undefined>();
  const [runs, setRuns] = useState<RunInfo[]>([]);
  const [summary, setSummary] = useState<RunSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const set = useCallback((changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v === null) next.delete(k); else next.set(k, v);
    setParams(next);
  }, [params, setParams]);
  const l = (x: { zh: string; en: string }) => (lang === 'en' ? x.en : x.zh);

  useEffect(() => {
    void api<{ items: RuleSetInfo[] }>('GET', `/exit/rule-sets?unit=${unit}`).then((r) => setRuleSets(r.items));
  }, [unit]);
  // A run is named by its area and standard as people know them, not 610902000000 · cn-household.
  const runStandard = (id: string) => {
    const set = ruleSets.find((r) => r.id === id);
    return set ? l(set.title) : id;
  };
  const applicable = useMemo(() => ruleSets.filter((r) => region.startsWith(r.region) && year >= r.years.from && year <= r.years.to), [ruleSets, region, year]);
  // Which unit and year `runs` was loaded for: after a switch, the old list must not pick the run.
  const [runsFor, setRunsFor] = useState<string | null>(null);
  const loaded = runsFor === `${unit}:${year}`;
  const loadRuns = useCallback(() => api<{ items: RunInfo[] }>('GET', `/exit/runs?unit=${unit}&year=${year}`).then((r) => { setRuns(r.items); setRunsFor(`${unit}:${year}`); }), [unit, year]);
  useEffect(() => { void loadRuns(); }, [loadRuns]);
  // Opened without a run chosen, the page shows the latest one rather than an empty page; the URL
  // is replaced, not pushed, so Back still leaves the page.
  useEffect(() => {
    const latest = runs[0];
    if (runId || !latest || !loaded) return;
    const next = new URLSearchParams(params);
    next.set('run', String(latest.id));
    setParams(next, { replace: true });
  }, [runs, runId, loaded, params, setParams]);
  useEffect(() => {
    setSummary(null);
    if (runId) api<RunSummary>('GET', `/exit/runs/${runId}`).then(setSummary, (e: unknown) => void message.error(e instanceof Error ? e.message : String(e)));
  }, [runId, message]);

  const run = async () => {
    setBusy(true);
    try {
      const r = await api<{ id: number; units: number }>('POST', '/exit/runs', { unit, under: region, year, ...(ruleSetId ? { ruleSetId } : {}) });
      void message.success(`${t('exitAssessment')} ${r.id}：${fmt.format(r.units)}`);
      await loadRuns();
      set({ run: String(r.id), area: null, criterion: null, status: null });
    } catch (e) {
      const detail = e instanceof ApiError && e.errors.length > 0 ? `：${e.errors.map((x) => x.message).join('；')}` : '';
      void message.error(`${e instanceof Error ? e.message : String(e)}${detail}`);
    } finally {
      setBusy(false);
    }
  };

  const requirements = summary?.run.criteria.filter((c) => c.kind === 'requirement') ?? [];
  const countColumns = (onCriterion: (id: string, code: string) => void) => [
    { title: t('exitUnits'), key: 'units', align: 'right' as const, width: 88, ellipsis: true, render: (_: unknown, r: AreaCounts) => fmt.format(r.counts['units'] ?? 0) },
    { title: t('exitReady'), key: 'ready', align: 'right' as const, width: 88, ellipsis: true, render: (_: unknown, r: AreaCounts) => <Typography.Text type="success">{fmt.format(r.counts['ready'] ?? 0)}</Typography.Text> },
    { title: t('exitBlocked'), key: 'blocked', align: 'right' as const, width: 88, ellipsis: true, render: (_: unknown, r: AreaCounts) => <Typography.Text type="danger">{fmt.format(r.counts['blocked'] ?? 0)}</Typography.Text> },
    { title: t('exitNoData'), key: 'noData', align: 'right' as const, width: 88, ellipsis: true, render: (_: unknown, r: AreaCounts) => fmt.format(r.counts['noData'] ?? 0) },
    ...requirements.map((c) => ({
      title: <span title={l(c.label)}>{shortLabel(l(c.label))}</span>, key: c.id, align: 'right' as const, width: 96, ellipsis: true,
      render: (_: unknown, r: AreaCounts) => {
        const n = r.counts[`fail:${c.id}`] ?? 0;
        return n > 0 ? <a onClick={(e) => { e.stopPropagation(); onCriterion(c.id, r.code); }}>{fmt.format(n)}</a> : '·';
      },
    })),
  ];
  const area = params.get('area');
  const town = area && area.length === 12 && area.endsWith('000') ? area : null;
  const villages = summary?.areas.filter((a) => !town || a.code.startsWith(town.slice(0, 9))) ?? [];

  return (
    <div data-testid="exit-page">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>{t('exitAssessment')}</Typography.Title>
          <Segmented value={unit} onChange={(v) => set({ unit: String(v), run: null, area: null, criterion: null })} options={[{ value: 'household', label: t('exitHouseholds') }, { value: 'village', label: t('exitVillages') }, { value: 'county', label: t('exitCounties') }]} data-testid="exit-unit" />
          <Select value={year} onChange={(v) => set({ year: String(v), run: null })} options={years.map((y) => ({ value: y, label: `${y}` }))} style={{ width: 100 }} aria-label={t('exitYear')} />
          <Select value={ruleSetId ?? applicable.find((r) => r.region === '')?.id} onChange={setRuleSetId} options={applicable.map((r) => ({ value: r.id, label: `${l(r.title)} (${r.version})` }))} style={{ width: narrowable(280) }} aria-label={t('exitRuleSet')} data-testid="exit-rule-set" />
          <Typography.Text type="secondary"><RegionName code={region} /></Typography.Text>
          {writers.has(user.role) && <Button type="primary" loading={busy} onClick={run} data-testid="exit-run">{t('exitRun')}</Button>}
          <Select value={runId ? Number(runId) : undefined} placeholder={t('exitRuns')} onChange={(v) => set({ run: String(v), area: null, criterion: null, status: null })} options={runs.map((r) => ({ value: r.id, label: <span data-testid={`exit-run-${r.id}`}>#{r.id} <RegionName code={r.under} /> · {runStandard(r.ruleSet.id)} · {new Date(r.createdAt).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN')}</span> }))} style={{ width: narrowable(520) }} data-testid="exit-runs" />
        </Space>
        {!writers.has(user.role) && <Alert style={{ marginTop: 8 }} type="info" showIcon message={t('exitReadOnly')} />}
      </Card>
      {loaded && runs.length === 0 && !runId && <Alert type="info" message={t(writers.has(user.role) ? 'exitNoRuns' : 'exitNoRunsReadOnly')} />}
      {summary && (
        <>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Row gutter={16}>
              <Col xs={12} md={4}><Statistic title={t('exitUnits')} value={summary.total['units'] ?? 0} /></Col>
              <Col xs={12} md={4}><Statistic title={t('exitReady')} value={summary.total['ready'] ?? 0} styles={{ content: { color: '#389e0d' } }} data-testid="exit-ready" /></Col>
              <Col xs={12} md={4}><Statistic title={t('exitBlocked')} value={summary.total['blocked'] ?? 0} styles={{ content: { color: '#cf1322' } }} data-testid="exit-blocked" /></Col>
              <Col xs={12} md={4}><Statistic title={t('exitNoData')} value={summary.total['noData'] ?? 0} /></Col>
              <Col xs={12} md={4}><Statistic title={t('exitFlagged')} value={summary.total['flagged'] ?? 0} /></Col>
            </Row>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('exitRunInfo', { id: summary.run.id, rules: `${summary.run.ruleSet.id}@${summary.run.ruleSet.version} (${summary.run.ruleSet.hash.slice(0, 10)})`, time: summary.run.dataTime ? minuteOf(summary.run.dataTime) : '—', by: summary.run.createdBy, at: new Date(summary.run.createdAt).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN') })}
            </Typography.Text>
          </Card>
          <Card size="small" title={t('exitBlockedBy')} style={{ marginBottom: 12 }}>
            <Space wrap data-testid="exit-blocked-by">
              {summary.run.criteria.map((c) => {
                const n = summary.total[`${c.kind === 'flag' ? 'fail' : 'fail'}:${c.id}`] ?? 0;
                return (
                  <Tag key={c.id} color={c.kind === 'flag' ? 'orange' : n > 0 ? 'red' : 'default'} style={wrappingTag} onClick={() => set({ criterion: c.id, status: null })}>
                    {l(c.label)}：{fmt.format(n)}
                  </Tag>
                );
              })}
            </Space>
          </Card>
          {unit !== 'county' && (
            <Card size="small" title={t('exitTown')} style={{ marginBottom: 12 }}>
              <Table rowKey="code" size="small" pagination={false} scroll={{ x: 'max-content' }} dataSource={summary.towns} data-testid="exit-towns" onRow={(r) => ({ onClick: () => set({ area: r.code }), style: { cursor: 'pointer' } })}
                columns={[{ title: t('exitTown'), dataIndex: 'name', key: 'name', width: 120, fixed: 'left' as const }, ...countColumns((id, code) => set({ criterion: id, area: code }))]} />
            </Card>
          )}
          <Card size="small" title={t('exitArea')} style={{ marginBottom: 12 }}>
            <Table rowKey="code" size="small" pagination={{ pageSize: 20 }} scroll={{ x: 'max-content' }} dataSource={villages} data-testid="exit-villages" onRow={(r) => ({ onClick: () => set({ area: r.code }), style: { cursor: 'pointer' } })}
              columns={[{ title: t('exitArea'), dataIndex: 'name', key: 'name', width: 140, fixed: 'left' as const }, ...countColumns((id, code) => set({ criterion: id, area: code }))]} />
          </Card>
          <Results runId={summary.run.id} criteria={summary.run.criteria} unit={unit} />
        </>
      )}
      <WhatIfPanel unit={unit} under={region} year={year} ruleSet={ruleSets.find((r) => r.id === (ruleSetId ?? applicable.find((x) => x.region === '')?.id))} />
    </div>
  );
}

function Results({ runId, criteria, unit }: { runId: number; criteria: RunInfo['criteria']; unit: UnitKind }) {
  const t = useExitT();
  const { lang } = useLang();
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ total: number; items: ResultItem[] } | null>(null);
  const area = params.get('area');
  const criterion = params.get('criterion');
  const status = params.get('status');
  useEffect(() => setPage(1), [area, criterion, status]);
  useEffect(() => {
    const q = new URLSearchParams({ limit: '20', offset: String((page - 1) * 20) });
    if (area) q.set('area', area);
    if (criterion) q.set('criterion', criterion);
    if (status) q.set('status', status);
    void api<{ total: number; items: ResultItem[] }>('GET', `/exit/runs/${runId}/results?${q.toString()}`).then(setData);
  }, [runId, area, criterion, status, page]);
  const labelOf = (id: string) => {
    const c = criteria.find((k) => k.id === id);
    return c ? (lang === 'en' ? c.label.en : c.label.zh) : id;
  };
  const filter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value); else next.delete(key);
    setParams(next);
  };
  return (
    <Card size="small" style={{ marginBottom: 12 }} title={<>{unit === 'household' ? t('exitHouseholds') : t('exitArea')}{area && <> · <RegionName code={area} /></>}</>}
      extra={
        <Space wrap>
          <Select allowClear placeholder={t('exitResult')} value={status ?? undefined} onChange={(v?: string) => filter('status', v ?? null)} style={{ width: 120 }} options={(['ready', 'blocked', 'noData'] as const).map((s) => ({ value: s, label: t(s === 'ready' ? 'exitReady' : s === 'blocked' ? 'exitBlocked' : 'exitNoData') }))} data-testid="exit-status-filter" />
          <Select allowClear placeholder={t('exitCriterion')} value={criterion ?? undefined} onChange={(v?: string) => filter('criterion', v ?? null)} style={{ width: 260 }} options={criteria.map((c) => ({ value: c.id, label: lang === 'en' ? c.label.en : c.label.zh }))} />
          {area && <Button size="small" onClick={() => filter('area', null)}>{t('exitAll')}</Button>}
          <Button size="small" href={`/api/v1/exit/runs/${runId}/results.xlsx?${new URLSearchParams(Object.entries({ area, criterion, status }).filter((e): e is [string, string] => e[1] !== null)).toString()}`} data-testid="exit-results-export">{t('exitExportResults')}</Button>
        </Space>
      }>
      <Table rowKey="unitCode" size="small" dataSource={data?.items ?? []} loading={!data} data-testid="exit-results" scroll={{ x: 800 }}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (n) => fmt.format(n) }}
        columns={[
          { title: t('exitUnitCode'), dataIndex: 'unitCode', key: 'unitCode', render: (v: string, r: ResultItem) => (r.householdId ? <Link to={`/exit/households/${r.householdId}?year=${params.get('year') ?? '2019'}`}>{v}</Link> : <Link to={`/exit/runs/${runId}/units/${v}`}>{v}</Link>) },
          { title: t('exitArea'), dataIndex: 'areaName', key: 'areaName' },
          { title: t('exitResult'), dataIndex: 'status', key: 'status', render: (s: UnitStatus) => <Tag color={statusColor[s]}>{t(s === 'ready' ? 'exitReady' : s === 'blocked' ? 'exitBlocked' : 'exitNoData')}</Tag> },
          { title: t('exitBlockedBy'), key: 'failing', render: (_: unknown, r: ResultItem) => <Space size={[0, 4]} wrap>{r.failing.map((id) => <Tag key={id} color="red">{labelOf(id)}</Tag>)}{r.noData.map((id) => <Tag key={id} color="gold">{labelOf(id)}</Tag>)}{r.flags.map((id) => <Tag key={id} color="orange">⚑ {labelOf(id)}</Tag>)}</Space> },
        ]} />
    </Card>
  );
}
