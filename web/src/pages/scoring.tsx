// The ranking table (考核排名): pick a scheme and period, see totals, ranks, changes and charts;
// administrators of the publishing province or city import a score sheet here.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Input, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { ApiError, api, type FieldError } from '../api';
import { minuteOf, useApp } from '../app-context';
import { useLang } from '../i18n';
import { points, useScoringT } from '../i18n-scoring';
import { type RankedUnit, type RankingPage, type SchemeSummary, type ScoreImport, scoringPath } from '../scoring-api';
import { TotalsChart, TrendChart } from './scoring-charts';
import { EnterPeriod } from './scoring-entry';
import { ComputePeriod, Problems, PublishScheme, canPublishSchemes } from './scoring-publish';
import { FileButton } from '../components/file-button';

export default function ScoringPage() {
  const t = useScoringT();
  // The server names periods in Chinese only (2019 年第四季度); English shows the period's code.
  const { lang } = useLang();
  const { user } = useApp();
  const [params, setParams] = useSearchParams();
  const [schemes, setSchemes] = useState<SchemeSummary[] | null>(null);
  const [data, setData] = useState<RankingPage | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    void api<{ items: SchemeSummary[] }>('GET', '/scoring/schemes').then((r) => setSchemes(r.items));
  }, [reload]);

  const schemeId = params.get('scheme') ?? schemes?.[0]?.schemeId ?? null;
  const summary = schemes?.find((s) => s.schemeId === schemeId) ?? null;
  const periods = summary?.periods.map((p) => p.period) ?? [];
  const period = params.get('period') ?? periods[periods.length - 1] ?? null;

  useEffect(() => {
    setData(null);
    setLoadError(null);
    if (schemeId === null || period === null) return;
    api<RankingPage>('GET', scoringPath(schemeId, period))
      .then(setData)
      .catch((e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)));
  }, [schemeId, period, reload]);

  const choose = (next: { scheme?: string; period?: string }) => {
    const p = new URLSearchParams(params);
    if (next.scheme !== undefined) {
      p.set('scheme', next.scheme);
      p.delete('period');
    }
    if (next.period !== undefined) p.set('period', next.period);
    setParams(p);
  };

  // The trend shows the first ten and the account's own units, so a 96-county table stays readable.
  const trendUnits = useMemo(() => {
    if (!data) return null;
    const own = data.units.filter((u) => user.regionCode.startsWith(u.unitId)).map((u) => u.unitId);
    return [...new Set([...data.units.slice(0, 10).map((u) => u.unitId), ...own])];
  }, [data, user.regionCode]);

  if (schemes === null) return <Spin style={{ marginTop: 80, width: '100%' }} />;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} data-testid="scoring-title">
        {t('scoring')}
        {data ? ` · ${lang === 'en' ? `${data.periodNameEn} ` : data.periodName}${data.scheme.name}` : ''}
      </Typography.Title>
      {canPublishSchemes(user) && (
        <Space wrap>
          <PublishScheme onPublished={(id) => { setReload((n) => n + 1); choose({ scheme: id }); }} />
          {summary?.canImport && schemeId !== null && <ComputePeriod schemeId={schemeId} periodType={summary.periodType} onComputed={(p) => { setReload((n) => n + 1); choose({ period: p }); }} />}
        </Space>
      )}
      {schemes.length === 0 ? (
        <Alert type="info" message={t('noSchemes')} />
      ) : (
        <Space wrap>
          <span>{t('scheme')}</span>
          <Select style={{ minWidth: 280 }} value={schemeId ?? undefined} onChange={(v: string) => choose({ scheme: v })} options={schemes.map((s) => ({ value: s.schemeId, label: s.name }))} data-testid="scheme-select" />
          <span>{t('period')}</span>
          <Select style={{ minWidth: 120 }} value={period ?? undefined} onChange={(v: string) => choose({ period: v })} options={[...periods].reverse().map((p) => ({ value: p, label: p }))} data-testid="period-select" />
          {data?.canImport && <EnterPeriod data={data} onSaved={(p) => { setReload((n) => n + 1); choose({ period: p }); }} />}
          {schemeId !== null && period !== null && (
            <Button href={`/api/v1${scoringPath(schemeId, period)}/export.xlsx`} data-testid="export-xlsx">
              {t('exportXlsx')}
            </Button>
          )}
        </Space>
      )}
      {summary?.canImport && schemeId !== null && <ImportCard schemeId={schemeId} onImported={() => setReload((n) => n + 1)} />}
      {summary !== null && periods.length === 0 && <Alert type="info" message={t('noPeriods')} />}
      {loadError && <Alert type="error" message={loadError} />}
      {data === null && period !== null && !loadError && <Spin />}
      {data && <RankingBody data={data} trendUnits={trendUnits} />}
    </Space>
  );
}

function RankingBody({ data, trendUnits }: { data: RankingPage; trendUnits: string[] | null }) {
  const t = useScoringT();
  const { lang } = useLang();
  const scheme = data.scheme;
  const groupName = (id: string) => scheme.peerGroups.find((g) => g.id === id)?.name ?? id;
  const columns = [
    { title: t('rank'), dataIndex: 'rank', width: 64, render: (r: number, u: RankedUnit) => (u.tied ? t('withNote', { text: r, note: t('tied') }) : String(r)) },
    {
      title: t('unit'),
      dataIndex: 'unitName',
      // On a phone the table scrolls sideways rather than stack a county's name a character a line.
      onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }),
      render: (name: string, u: RankedUnit) => (
        <Link to={`/scoring/${encodeURIComponent(scheme.id)}/${encodeURIComponent(data.period)}/${encodeURIComponent(u.unitId)}`} data-testid={`unit-link-${u.unitId}`}>
          {name}
        </Link>
      ),
    },
    { title: t('total'), dataIndex: 'total', align: 'right' as const, render: (v: number) => <strong>{points(v)}</strong> },
    ...scheme.components.map((c) => ({ title: c.name, key: c.id, align: 'right' as const, render: (_: unknown, u: RankedUnit) => points(u.values[c.id]) })),
    ...(scheme.bonuses.items.length > 0 ? [{ title: t('bonus'), dataIndex: 'bonus', align: 'right' as const, render: (v: number) => (v === 0 ? '' : points(v)) }] : []),
    ...(scheme.deductions.items.length > 0 ? [{ title: t('deduction'), dataIndex: 'deduction', align: 'right' as const, render: (v: number) => (v === 0 ? '' : points(v)) }] : []),
    ...scheme.peerGroups.map((g) => ({ title: `${g.name}${t('rank')}`, key: g.id, render: (_: unknown, u: RankedUnit) => u.peerRanks.find((p) => p.groupId === g.id)?.rank ?? '' })),
    ...(data.previousPeriod === null
      ? []
      : [
          {
            title: t('change'),
            key: 'change',
            onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }),
            render: (_: unknown, u: RankedUnit) => (u.change === null ? '—' : <ChangeTag n={u.change.rankChange} />),
          },
        ]),
    {
      title: t('remarks'),
      key: 'remarks',
      render: (_: unknown, u: RankedUnit) => (
        <Space size={4}>
          {u.vetoed && <Tag color="default">{t('vetoed')}</Tag>}
          {u.peerGroups.map((g) => (
            <Tag key={g}>{groupName(g)}</Tag>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <>
      {data.sample && (
        <div data-testid="sample-note">
          <Alert type="warning" showIcon message={lang === 'en' ? data.sampleNoteEn : data.sampleNote} />
        </div>
      )}
      <Typography.Paragraph data-testid="scoring-summary">{lang === 'en' ? data.summaryEn : data.summary}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('totals')}>
            <TotalsChart units={data.units} label={t('total')} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('rankTrend')}>
            <TrendChart trend={data.trend} unitIds={trendUnits} />
          </Card>
        </Col>
      </Row>
      <Table<RankedUnit> size="small" rowKey="unitId" columns={columns} dataSource={data.units} pagination={false} scroll={{ x: true }} data-testid="ranking-table" />
      <ConsequencesCard data={data} />
      <Sources imports={data.imports} />
    </>
  );
}

const sourceKey = { import: 'sourceImport', entry: 'sourceEntry', metrics: 'sourceMetrics', sample: 'sourceSample' } as const;

/** Where the period's scores came from, each sheet downloadable as imported: a rank can be traced to its file. */
function Sources({ imports }: { imports: ScoreImport[] }) {
  const t = useScoringT();
  const { lang } = useLang();
  const [colon, open, close] = lang === 'en' ? [': ', ' (', ')'] : ['：', '（', '）'];
  if (imports.length === 0) return null;
  return (
    <Card size="small" title={t('sources')} data-testid="score-sources">
      {imports.map((i) => (
        <Typography.Paragraph key={i.id} style={{ marginBottom: 4 }}>
          {t(sourceKey[i.kind] ?? 'sourceImport')}
          {i.fileName && colon}
          {i.fileName && i.fileKept ? (
            <Typography.Link href={`/api/v1/scoring/imports/${i.id}/file`} title={t('sourceFileHint')} data-testid={`score-source-file-${i.id}`}>
              {i.fileName}
            </Typography.Link>
          ) : (
            i.fileName
          )}
          <Typography.Text type="secondary">{`${open}${t('sourceBy', { who: i.importedBy, at: minuteOf(i.importedAt), rows: i.rows })}${close}`}</Typography.Text>
        </Typography.Paragraph>
      ))}
    </Card>
  );
}

export function ChangeTag({ n }: { n: number }) {
  const t = useScoringT();
  if (n > 0) return <Tag color="green">↑ {t('up', { n })}</Tag>;
  if (n < 0) return <Tag color="red">↓ {t('down', { n: -n })}</Tag>;
  return <Tag>{t('same')}</Tag>;
}

function ConsequencesCard({ data }: { data: RankingPage }) {
  const t = useScoringT();
  const list = (units: { unitName: string; rank: number; total: number }[]) => (units.length === 0 ? t('none') : units.map((u) => t('unitRankTotal', { unit: u.unitName, rank: u.rank, total: points(u.total) })).join(t('listSeparator')));
  const c = data.consequences;
  return (
    <Card size="small" title={t('consequences')} data-testid="consequences">
      <Typography.Paragraph>
        <strong>{t('reward')}：</strong>
        {list(c.reward)}
      </Typography.Paragraph>
      <Typography.Paragraph>
        <strong>{t('accountability')}：</strong>
        {list(c.accountability)}
      </Typography.Paragraph>
      {c.vetoed.length > 0 && (
        <Typography.Paragraph>
          <strong>{t('vetoed')}：</strong>
          {list(c.vetoed)}
        </Typography.Paragraph>
      )}
      {c.funds !== null && (
        <Typography.Paragraph>
          <strong>{t('funds')}：</strong>
          {c.funds.lines.map((l) => `${l.unitName} ${l.amount.toLocaleString('zh-CN')}`).join('、')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function ImportCard({ schemeId, onImported }: { schemeId: string; onImported: () => void }) {
  const t = useScoringT();
  const [file, setFile] = useState<File | null>(null);
  const [period, setPeriod] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const submit = useCallback(async () => {
    if (file === null) return;
    setBusy(true);
    setErrors(null);
    setMessage(null);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const body = { fileName: file.name, contentBase64: btoa(binary), ...(period.trim() === '' ? {} : { period: period.trim() }) };
      const r = await api<{ periods: { period: string; units: number }[] }>('POST', `${scoringPath(schemeId)}/import`, body);
      setMessage(t('imported', { periods: r.periods.map((p) => `${p.period}（${p.units}）`).join('、') }));
      onImported();
    } catch (e) {
      if (e instanceof ApiError && e.errors.length > 0) setErrors(e.errors);
      else setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }, [file, period, schemeId, onImported, t]);

  return (
    <Card size="small" title={t('importScores')} data-testid="import-card">
      <Typography.Paragraph type="secondary">{t('importHint')}</Typography.Paragraph>
      <Space wrap>
        <FileButton label={t('chooseFile')} accept=".xlsx,.xls,.et,.csv,.json" fileName={file?.name ?? null} onFile={setFile} testId="import-file" />
        <Input style={{ width: 300 }} placeholder={t('importPeriod')} value={period} onChange={(e) => setPeriod(e.target.value)} data-testid="import-period" />
        <Button type="primary" loading={busy} disabled={file === null} onClick={() => void submit()} data-testid="import-submit">
          {t('submitImport')}
        </Button>
      </Space>
      {message && <Alert style={{ marginTop: 12 }} type={errors ? 'error' : 'success'} message={message} data-testid="import-result" />}
      {errors && (
        <div style={{ marginTop: 12 }} data-testid="import-errors">
          <Alert type="error" message={t('importFailed', { n: errors.length })} />
          <Problems errors={errors} testId="import-error-table" />
        </div>
      )}
    </Card>
  );
}
