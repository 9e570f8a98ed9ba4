// The town and village view of assistance (村级帮扶情况): per village, visit coverage in the
// period, plans of the year, households whose measures miss a cause, villages giving one measure
// for every cause, overdue follow-ups, and the survey rates against 80% and 90%.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Input, InputNumber, List, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api } from '../api';
import dayjs from 'dayjs';
import { fmt, percent, useApp } from '../app-context';
import { useLang } from '../i18n';
import { useAT, type AssistanceKey } from '../i18n-assistance';
import type { Catalogue, Flag, Overview, VillageRow } from './assistance-api';

const flagColor: Record<Flag, string> = { accountability: 'red', pass: 'blue', excellent: 'green', noData: 'default' };
const flagText: Record<Flag, AssistanceKey> = { accountability: 'flagAccountability', pass: 'flagPass', excellent: 'flagExcellent', noData: 'noSurvey' };
const isoDaysAgo = (days: number) => dayjs().subtract(days, 'day').format('YYYY-MM-DD');

export function AssistanceVillagesPage() {
  const at = useAT();
  const { user } = useApp();
  const { lang } = useLang();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const region = params.get('region') ?? '';
  const to = params.get('to') ?? isoDaysAgo(0);
  const from = params.get('from') ?? isoDaysAgo(29);
  const year = Number(params.get('year') ?? to.slice(0, 4));
  const [draft, setDraft] = useState({ from, to, year });
  const [data, setData] = useState<Overview | null>(null);
  const [measures, setMeasures] = useState<Map<string, string>>(new Map());
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    void api<Catalogue>('GET', '/assistance/catalogue').then((c) => setMeasures(new Map(c.measures.map((m) => [m.code, m[lang]]))));
  }, [lang]);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const q = new URLSearchParams({ from, to, year: String(year) });
      if (region) q.set('under', region);
      setData(await api<Overview>('GET', `/assistance/overview?${q.toString()}`));
    } finally {
      setLoading(false);
    }
  }, [region, from, to, year]);
  useEffect(() => {
    void load();
  }, [load]);

  const measureNames = useCallback((codes: string[]) => codes.map((c) => measures.get(c) ?? c).join('+'), [measures]);
  const rate = (r: { rate: number | null; flag: Flag }) => (r.rate === null ? <Tag>{at('noSurvey')}</Tag> : <Tag color={flagColor[r.flag]}>{percent(r.rate)} {at(flagText[r.flag])}</Tag>);

  const columns: ColumnsType<VillageRow> = useMemo(
    () => [
      { title: at('village'), dataIndex: 'name', fixed: 'left', width: 140 },
      { title: at('households'), dataIndex: 'households', width: 96, align: 'right' },
      { title: at('paired'), dataIndex: 'paired', width: 80, align: 'right' },
      { title: at('coverage'), key: 'coverage', width: 120, sorter: (a, b) => (a.coverage ?? 0) - (b.coverage ?? 0), render: (_, v) => <span style={{ color: (v.coverage ?? 0) < 0.8 ? '#cf1322' : undefined }}>{percent(v.coverage)}（{v.visited}）</span> },
      { title: at('planRate'), key: 'plans', width: 110, render: (_, v) => `${percent(v.planRate)}（${v.plans}）` },
      { title: at('uncovered'), dataIndex: 'uncovered', width: 100, align: 'right', render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : 0) },
      { title: at('generic'), key: 'generic', width: 200, render: (_, v) => (v.generic ? <Tag color="red" data-testid="generic-tag">{at('genericTag', { share: percent(v.generic.share), measures: measureNames(v.generic.measures) })}</Tag> : '—') },
      { title: at('followUpsOverdue'), dataIndex: 'followUpsOverdue', width: 100, align: 'right' },
      { title: at('satisfaction'), key: 'satisfaction', width: 160, render: (_, v) => rate(v.satisfaction) },
      { title: at('awareness'), key: 'awareness', width: 160, render: (_, v) => rate(v.awareness) },
    ],
    [lang, measureNames],
  );

  const apply = () => setParams((p) => {
    const next = new URLSearchParams(p);
    next.set('from', draft.from);
    next.set('to', draft.to);
    next.set('year', String(draft.year));
    return next;
  });

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="villages-title">
        {at('villagesView')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{at('from')}</span>
        <Input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} style={{ width: 150 }} data-testid="filter-from" />
        <span>{at('to')}</span>
        <Input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} style={{ width: 150 }} data-testid="filter-to" />
        <span>{at('year')}</span>
        <InputNumber min={2014} max={2100} value={draft.year} onChange={(v) => setDraft({ ...draft, year: Number(v ?? year) })} data-testid="filter-year" />
        <Button type="primary" onClick={apply} data-testid="filter-apply">
          {at('query')}
        </Button>
        <Button href={`/api/v1/assistance/overview.xlsx?${new URLSearchParams({ from, to, year: String(year), ...(region ? { under: region } : {}) }).toString()}`} data-testid="export-overview">
          {at('exportTable')}
        </Button>
        <Button onClick={() => navigate('/assistance/worklist')} data-testid="open-worklist">
          {/* 'My households' only for a cadre's own account; an office picks a cadre there. */}
          {at(user.role === 'workTeam' ? 'worklist' : 'cadreWorklist')}
        </Button>
        <Button onClick={() => navigate(`/assistance/surveys${region ? `?region=${region}` : ''}`)} data-testid="open-surveys">
          {at('surveys')}
        </Button>
        <Button onClick={() => navigate('/assistance/measures')} data-testid="open-measures">
          {at('measures')}
        </Button>
      </Space>
      {data && (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={12} md={6}>
              <Card size="small"><Statistic title={at('totalCoverage', { from: data.from, to: data.to })} value={percent(data.totals.rate)} data-testid="total-coverage" /></Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small"><Statistic title={at('plans')} value={`${fmt.format(data.totals.plans)} / ${fmt.format(data.totals.households)}`} /></Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small"><Statistic title={at('genericVillages')} value={data.totals.genericVillages} valueStyle={{ color: data.totals.genericVillages > 0 ? '#cf1322' : undefined }} data-testid="generic-villages" /></Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small"><Statistic title={at('uncovered')} value={data.totals.uncovered} /></Card>
            </Col>
          </Row>
          {(data.surveys['satisfaction'] ?? data.surveys['awareness']) && (
            <Alert type="info" style={{ marginBottom: 12 }} message={[data.surveys['satisfaction'], data.surveys['awareness']].filter((s) => s).map((s) => s?.name).join('；')} />
          )}
        </>
      )}
      <Table<VillageRow> rowKey="code" size="small" loading={loading} columns={columns} dataSource={data?.villages ?? []} scroll={{ x: 1250 }} pagination={{ pageSize: 50, hideOnSinglePage: true }} data-testid="villages-table" />
      {data && data.genericCadres.length > 0 && (
        <Card size="small" title={at('genericCadres')} style={{ marginTop: 12 }}>
          <List size="small" dataSource={data.genericCadres} renderItem={(c) => <List.Item>{c.cadreName ?? c.key}：{at('genericTag', { share: percent(c.share), measures: measureNames(c.sameSet) })}（{c.households}）</List.Item>} />
        </Card>
      )}
    </div>
  );
}

export default AssistanceVillagesPage;
