// A unit's page (单位考核详情): why it stands where it does, in Chinese; what its total is made of;
// the gaps to its neighbours and the first, split by component; and what would change its rank.
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Card, Col, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { api } from '../api';
import { useLang } from '../i18n';
import { points, useScoringT } from '../i18n-scoring';
import { type Counterfactual, type Gap, type UnitPage, scoringPath } from '../scoring-api';
import { ChangeTag } from './scoring';
import { TrendChart } from './scoring-charts';
import { EditScores } from './scoring-edit';

export default function ScoringUnitPage() {
  const t = useScoringT();
  // The server names periods in Chinese only (2019 年第四季度); English shows the period's code.
  const { lang } = useLang();
  const { schemeId = '', period = '', unitId = '' } = useParams();
  const [data, setData] = useState<UnitPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    setData(null);
    setError(null);
    api<UnitPage>('GET', scoringPath(schemeId, period, unitId))
      .then(setData)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [schemeId, period, unitId, reload]);

  if (error) return <Alert type="error" message={error} />;
  if (!data) return <Spin style={{ marginTop: 80, width: '100%' }} />;
  const { unit, scheme } = data;
  const groupName = (id: string | null) => (id === null ? t('allUnits') : scheme.peerGroups.find((g) => g.id === id)?.name ?? id);
  const componentName = (id: string) => scheme.components.find((c) => c.id === id)?.name ?? id;

  const decomposition = [
    ...scheme.components.map((c) => {
      const own = unit.componentRanks.find((r) => r.componentId === c.id);
      return { key: c.id, name: c.metricName ? t('withNote', { text: c.name, note: t('metricNamed', { metric: c.metricName }) }) : c.name, value: points(unit.values[c.id]), weight: c.weight === null ? '' : `${Math.round(c.weight * 10000) / 100}%`, contribution: points(unit.contributions[c.id]), rank: own?.rank ?? '' };
    }),
    ...(scheme.bonuses.items.length > 0 ? [{ key: 'bonus', name: t('bonus'), value: points(unit.bonus), weight: '', contribution: unit.bonus === 0 ? '' : `+${points(unit.bonus)}`, rank: '' }] : []),
    ...(scheme.deductions.items.length > 0 ? [{ key: 'deduction', name: t('deduction'), value: points(unit.deduction), weight: '', contribution: unit.deduction === 0 ? '' : `−${points(unit.deduction)}`, rank: '' }] : []),
  ];

  const gaps = (['above', 'below', 'top'] as const).flatMap((k) => {
    const g: Gap | null = unit.gaps[k];
    if (g === null || (k === 'top' && g.unitId === unit.unitId)) return [];
    return [{ key: k, label: t(k), g }];
  });

  const whatIf = (c: Counterfactual): string => {
    if (c.kind === 'withoutBonus') return t('withoutBonus');
    if (c.kind === 'vetoLifted') return t('vetoLifted', { veto: scheme.vetoes.find((v) => v.id === c.vetoId)?.name ?? c.vetoId });
    return t('atMedian', { component: componentName(c.componentId), group: groupName(c.groupId), median: points(c.median) });
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <Link to={`/scoring?scheme=${encodeURIComponent(scheme.id)}&period=${encodeURIComponent(period)}`}>← {t('back')}</Link>
        {data.canImport && <EditScores scheme={scheme} period={period} unit={unit} onSaved={() => setReload((n) => n + 1)} />}
      </Space>
      <Typography.Title level={4} data-testid="unit-title">
        {unit.unitName} · {lang === 'en' ? `${data.periodNameEn} ` : data.periodName}
        {scheme.name}
      </Typography.Title>
      {data.sample && (
        <div data-testid="sample-note">
          <Alert type="warning" showIcon message={lang === 'en' ? data.sampleNoteEn : data.sampleNote} />
        </div>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('total')} value={points(unit.total)} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('rank')} value={unit.rank} suffix={`/ ${data.of}`} />
            {unit.vetoed && <Tag>{t('vetoed')}</Tag>}
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('change')} valueRender={() => (unit.change === null ? '—' : <ChangeTag n={unit.change.rankChange} />)} />
            {unit.change !== null && <Typography.Text type="secondary">{t('withNote', { text: `${t('previousRank')} ${unit.change.previousRank}`, note: unit.change.previousPeriod })}</Typography.Text>}
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            {unit.peerRanks.length === 0 ? <Statistic title={t('of', { n: data.of })} value="—" /> : unit.peerRanks.map((p) => <div key={p.groupId}>{t('peerRank', { group: groupName(p.groupId), rank: p.rank, of: p.of })}</div>)}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('explanation')}>
        <Typography.Paragraph style={{ fontSize: 15, lineHeight: 1.9, marginBottom: 0 }} data-testid="unit-explanation">
          {lang === 'en' ? unit.explanationEn : unit.explanation}
        </Typography.Paragraph>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('decomposition')}>
            <Table
              size="small"
              pagination={false}
              dataSource={decomposition}
              data-testid="decomposition"
              columns={[
                { title: t('component'), dataIndex: 'name' },
                { title: t('value'), dataIndex: 'value', align: 'right' },
                { title: t('weight'), dataIndex: 'weight', align: 'right' },
                { title: t('contribution'), dataIndex: 'contribution', align: 'right' },
                { title: t('componentRank'), dataIndex: 'rank', align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('rankTrend')}>
            <TrendChart trend={data.trend} unitIds={null} height={260} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('gaps')}>
        <Table
          size="small"
          pagination={false}
          data-testid="gaps"
          dataSource={gaps}
          columns={[
            { title: '', dataIndex: 'label', width: 80 },
            { title: t('gapTo'), key: 'who', render: (_: unknown, r: (typeof gaps)[number]) => t('withNote', { text: r.g.unitName, note: `${t('rank')} ${r.g.rank}` }) },
            { title: t('gapDiff'), key: 'diff', align: 'right', render: (_: unknown, r: (typeof gaps)[number]) => points(r.g.diff) },
            {
              title: t('gapParts'),
              key: 'parts',
              render: (_: unknown, r: (typeof gaps)[number]) =>
                r.g.byVeto ? t('vetoed') : r.g.parts.filter((p) => p.diff !== 0).map((p) => `${p.name} ${p.diff > 0 ? '+' : ''}${points(p.diff)}`).join('；'),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('counterfactuals')}>
        <Table
          size="small"
          pagination={false}
          data-testid="counterfactuals"
          rowKey={(_, i) => String(i)}
          dataSource={unit.counterfactuals}
          columns={[
            { title: '', key: 'what', render: (_: unknown, c: Counterfactual) => whatIf(c) },
            { title: '', key: 'rank', render: (_: unknown, c: Counterfactual) => t('wouldRank', { total: points(c.total), rank: c.rank }) },
            { title: '', key: 'move', render: (_: unknown, c: Counterfactual) => <ChangeTag n={unit.rank - c.rank} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
