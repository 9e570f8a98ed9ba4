// One inspection plan: its method and seed as published, the drawn households with the findings
// the inspector enters, the three rates with their intervals, and the re-draw simulation.
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Col, InputNumber, Radio, Result, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import { ApiError, api } from '../api';
import type { Distribution, Item, Plan, Rate, Rates, Simulation } from '../api-exit';
import { useApp } from '../app-context';
import { useLang } from '../i18n';
import { useXT, type ExitTextKey } from '../i18n-exit';

type Draft = { people: number | null; wronglyExited: boolean; missedPoor: boolean; recognises: boolean | null };
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(2)}%`);
const writers = new Set(['admin', 'regionAdmin', 'inspector']);

function RateCard({ name, rate }: { name: ExitTextKey; rate: Rate }) {
  const t = useXT();
  return (
    <Card size="small" title={t(name)} data-testid={`rate-${name}`}>
      <Typography.Title level={3} style={{ margin: 0 }} data-testid={`rate-${name}-value`}>{pct(rate.rate)}</Typography.Title>
      <div>{rate.numerator} / {rate.denominator}{t('householdsN', { n: rate.households })}</div>
      <div>{t('wilson')}：{pct(rate.wilson?.low)} – {pct(rate.wilson?.high)}</div>
      <div>{t('design')}：{pct(rate.design?.interval.low)} – {pct(rate.design?.interval.high)}{rate.design?.deff ? `（deff ${rate.design.deff.toFixed(2)}）` : ''}</div>
      <div>{t('standard')} {rate.threshold.op} {pct(rate.threshold.value)}：{rate.passes === null ? t('noFindings') : <Tag color={rate.passes ? 'green' : 'red'}>{t(rate.passes ? 'pass' : 'fail')}</Tag>}</div>
    </Card>
  );
}

function DistributionCard({ name, d }: { name: ExitTextKey; d: Distribution }) {
  const t = useXT();
  const most = Math.max(1, ...d.histogram.map((b) => b.count));
  return (
    <Card size="small" title={t(name)}>
      <div>{t('median')} {pct(d.median)}；{t('range')} {pct(d.p5)} – {pct(d.p95)}</div>
      <div>{t('failShare')} <b>{pct(d.failShare)}</b></div>
      {d.histogram.map((b) => (
        <div key={b.from} style={{ display: 'flex', alignItems: 'center', gap: 6, fontSize: 12 }}>
          <span style={{ width: 110 }}>{pct(b.from)}–{pct(b.to)}</span>
          <span style={{ display: 'inline-block', height: 10, width: `${(b.count / most) * 60}%`, background: '#b71c1c' }} />
          <span>{b.count}</span>
        </div>
      ))}
    </Card>
  );
}

export function SamplePlanPage() {
  const t = useXT();
  const { lang } = useLang();
  const { user } = useApp();
  const { id } = useParams();
  const { message } = App.useApp();
  const [d, setD] = useState<{ plan: Plan; items: Item[]; rates: Rates } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [drafts, setDrafts] = useState<Record<number, Draft>>({});
  const [sim, setSim] = useState<Simulation | null>(null);
  const [runs, setRuns] = useState(1000);

  const load = useCallback(() => {
    api<{ plan: Plan; items: Item[]; rates: Rates }>('GET', `/sample-plans/${id ?? ''}`).then((r) => {
      setD(r);
      setDrafts({});
    }, (e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e))));
  }, [id]);
  useEffect(load, [load]);

  if (error) return <Result status={error.status === 404 ? '404' : 'error'} title={error.message} />;
  if (!d) return <Spin style={{ marginTop: 80, width: '100%' }} />;
  const canWrite = writers.has(user.role);
  const draftOf = (i: Item): Draft => drafts[i.id] ?? (i.finding ? { people: i.finding.people, wronglyExited: i.finding.wronglyExited, missedPoor: i.finding.missedPoor, recognises: i.finding.recognises } : { people: i.people, wronglyExited: false, missedPoor: false, recognises: null });
  const edit = (i: Item, change: Partial<Draft>) => setDrafts((all) => ({ ...all, [i.id]: { ...draftOf(i), ...change } }));

  const save = async () => {
    const findings = Object.entries(drafts).map(([itemId, f]) => ({ itemId: Number(itemId), ...f }));
    if (findings.length === 0) return;
    try {
      await api('PUT', `/sample-plans/${d.plan.id}/findings`, { findings });
      void message.success(t('saved'));
      load();
    } catch (e) {
      if (e instanceof ApiError) void message.error(e.errors.map((f) => f.message).join('；') || e.message);
    }
  };
  const recordForCounty = async () => {
    try {
      await api('POST', `/sample-plans/${d.plan.id}/county-facts`, {});
      void message.success(t('saved'));
    } catch (e) {
      if (e instanceof ApiError) void message.error(e.errors.map((f) => f.message).join('；') || e.message);
    }
  };
  const simulate = async () => setSim(await api<Simulation>('POST', `/sample-plans/${d.plan.id}/simulations`, { runs }));

  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Link to={`/sampling?region=${d.plan.countyCode}`}>{t('back')}</Link>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="plan-title">{d.plan.name}</Typography.Title>
        <Tag data-testid="plan-seed">{t('seed')} {d.plan.seed}</Tag>
        <Button size="small" href={`/api/v1/sample-plans/${d.plan.id}/export.xlsx`} data-testid="export-sample-plan">{t('exportSamplePlan')}</Button>
      </Space>
      <Alert type="info" style={{ marginBottom: 12 }} message={t('method')} description={<span data-testid="plan-method">{lang === 'en' ? d.plan.methodEn ?? d.plan.method : d.plan.method}</span>} />
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col xs={24} md={8}><RateCard name="wrongExitRate" rate={d.rates.wrongExitRate} /></Col>
        <Col xs={24} md={8}><RateCard name="missedPoorRate" rate={d.rates.missedPoorRate} /></Col>
        <Col xs={24} md={8}><RateCard name="recognitionRate" rate={d.rates.recognitionRate} /></Col>
      </Row>
      {(user.role === 'admin' || user.role === 'regionAdmin') && (
        <Space style={{ marginBottom: 12 }} wrap>
          <Button onClick={() => void recordForCounty()} data-testid="record-county-facts">
            {lang === 'en' ? 'Record as the county’s exit figures' : '登记为该县退出评估指标'}
          </Button>
          <Typography.Text type="secondary">{lang === 'en' ? 'The county exit assessment then reads these rates, with this plan named as their source.' : '贫困县退出评估将读取这三项比率，并注明来源为本抽样计划。'}</Typography.Text>
        </Space>
      )}
      <Card size="small" title={`${t('items')}（${d.items.length}）`} extra={canWrite && <Button type="primary" onClick={save} disabled={Object.keys(drafts).length === 0} data-testid="save-findings">{t('saveFindings')}</Button>} style={{ marginBottom: 12 }}>
        <Table<Item>
          size="small"
          rowKey="id"
          dataSource={d.items}
          pagination={{ pageSize: 200, hideOnSinglePage: true }}
          scroll={{ x: 800 }}
          columns={[
            { title: t('place'), render: (_: unknown, i) => `${i.townName ?? i.townCode} ${i.villageName ?? i.villageCode}` },
            { title: t('stratum'), dataIndex: 'stratum', render: (s: Item['stratum']) => t(s) },
            { title: t('householdNo'), render: (_: unknown, i) => i.householdNo ?? t('onSite', { n: i.slotNo }) },
            { title: t('people'), render: (_: unknown, i) => <InputNumber size="small" min={1} max={30} disabled={!canWrite} value={draftOf(i).people} onChange={(v) => edit(i, { people: v })} data-testid={`people-${i.id}`} /> },
            { title: t('wronglyExited'), render: (_: unknown, i) => (i.stratum === 'exited' ? <Checkbox disabled={!canWrite} checked={draftOf(i).wronglyExited} onChange={(e) => edit(i, { wronglyExited: e.target.checked })} data-testid={`wrong-${i.id}`} /> : null) },
            { title: t('missedPoor'), render: (_: unknown, i) => (i.stratum === 'unregistered' ? <Checkbox disabled={!canWrite} checked={draftOf(i).missedPoor} onChange={(e) => edit(i, { missedPoor: e.target.checked })} data-testid={`missed-${i.id}`} /> : null) },
            {
              title: t('recognises'),
              render: (_: unknown, i) =>
                i.stratum === 'exited' ? (
                  <Radio.Group size="small" optionType="button" disabled={!canWrite} value={draftOf(i).recognises === null ? '' : draftOf(i).recognises ? 'y' : 'n'} onChange={(e) => edit(i, { recognises: e.target.value === '' ? null : e.target.value === 'y' })} options={[{ value: '', label: '—' }, { value: 'y', label: t('yes') }, { value: 'n', label: t('no') }]} data-testid={`recognises-${i.id}`} />
                ) : null,
            },
            { title: '', render: (_: unknown, i) => (i.finding ? <Tag color="green">✓</Tag> : null) },
          ]}
        />
      </Card>
      <Card size="small" title={t('simulate')} extra={<Space><InputNumber min={1} max={10000} value={runs} onChange={(v) => setRuns(v ?? 1000)} /><Button onClick={simulate} data-testid="simulate">{t('simulate')}</Button></Space>}>
        {sim && (
          <div data-testid="simulation">
            <Typography.Paragraph>{t('simulation', { runs: sim.runs, frame: t('simFrame', { households: sim.frame.households, villages: sim.frame.villages, towns: sim.frame.towns, known: sim.coverage.knownExited, inCounty: sim.coverage.exitedInCounty }) })}{lang === 'en' ? '; ' : '；'}{t('anyFail')} <b>{pct(sim.anyFailShare)}</b></Typography.Paragraph>
            <Row gutter={12}>
              <Col xs={24} md={8}><DistributionCard name="wrongExitRate" d={sim.wrongExitRate} /></Col>
              <Col xs={24} md={8}><DistributionCard name="missedPoorRate" d={sim.missedPoorRate} /></Col>
              <Col xs={24} md={8}><DistributionCard name="recognitionRate" d={sim.recognitionRate} /></Col>
            </Row>
          </div>
        )}
      </Card>
    </div>
  );
}
