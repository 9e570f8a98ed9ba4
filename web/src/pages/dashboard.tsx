// The dashboard of the selected region: every figure and chart element opens the list it counts.
// A year may be chosen: a closed year's frozen figures, an earlier open year's counted from the status
// events, or today's; the page says which, and that the breakdowns (causes, attributes, exits by year)
// are always today's, as the API answers them.
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Card, Col, Grid, Row, Select, Space, Spin, Statistic, Typography } from 'antd';
import { api, type Dashboard } from '../api';
import { fmt, label, percent, useApp } from '../app-context';
import { useLang, useT } from '../i18n';
import { Chart } from '../components/chart';
import { useYT } from '../i18n-years';

/** Fourteen colours told apart on a phone, one per cause (the code list has thirteen). */
const causeColours = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc', '#8c564b', '#17becf', '#bcbd22', '#7f7f7f', '#1f3a93'];

export default function DashboardPage() {
  const t = useT();
  const { lang } = useLang();
  const { user, codeLists } = useApp();
  const yt = useYT();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const region = params.get('region') ?? user.regionCode;
  const year = /^\d{4}$/.test(params.get('year') ?? '') ? Number(params.get('year')) : null;
  const [data, setData] = useState<Dashboard | null>(null);
  const [years, setYears] = useState<{ closed: number[]; currentYear: number } | null>(null);
  const narrow = !Grid.useBreakpoint().sm;

  useEffect(() => {
    setData(null);
    void api<Dashboard>('GET', `/dashboard/${region}${year === null ? '' : `?year=${year}`}`).then(setData);
  }, [region, year]);
  useEffect(() => {
    void api<{ closed: number[]; currentYear: number }>('GET', '/years').then(setYears, () => undefined);
  }, []);

  const chooseYear = (y: number | null) => {
    const next = new URLSearchParams(params);
    if (y === null) next.delete('year');
    else next.set('year', String(y));
    setParams(next);
  };
  // The household list is today's: a past year's figure does not open it as if it listed that year.
  const live = data?.stats.source === 'live';
  const list = (filters: Record<string, string>, at = region) => {
    if (live) navigate(`/households?${new URLSearchParams({ region: at, ...filters }).toString()}`);
  };

  const childOption = useMemo(() => {
    if (!data) return {};
    const children = data.stats.children;
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [t('poor'), t('relapsed'), t('exited')], top: 0 },
      grid: { left: 48, right: 16, bottom: 70, top: 36 },
      xAxis: { type: 'category', data: children.map((c) => c.name), axisLabel: { rotate: children.length > 8 || window.innerWidth < 600 ? 40 : 0, hideOverlap: true, width: 84, overflow: 'truncate' } },
      yAxis: { type: 'value' },
      series: [
        { name: t('poor'), type: 'bar', stack: 'h', data: children.map((c) => c.poor), itemStyle: { color: '#c62828' } },
        { name: t('relapsed'), type: 'bar', stack: 'h', data: children.map((c) => c.relapsed), itemStyle: { color: '#ef6c00' } },
        { name: t('exited'), type: 'bar', stack: 'h', data: children.map((c) => c.exited), itemStyle: { color: '#2e7d32' } },
      ],
    };
  }, [data, t]);

  const causeOption = useMemo(() => {
    if (!data) return {};
    const slices = data.causes.map((c) => ({ name: label(codeLists, 'cause', c.key, lang), value: c.households, code: c.key }));
    // ECharts' default palette has nine colours; with thirteen causes 因残 and 缺水 shared a blue.
    const color = causeColours;
    // On a phone the labels around the ring were cut to "缺…"; there a legend under the ring names
    // every cause and the share goes on the slice.
    if (narrow) {
      return {
        color,
        tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
        legend: { bottom: 0, left: 'center', itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 11 } },
        series: [{ type: 'pie', radius: ['28%', '58%'], center: ['50%', '34%'], label: { position: 'inside', formatter: (p: { percent: number }) => (p.percent >= 3 ? `${Math.round(p.percent)}%` : ''), fontSize: 10 }, data: slices }],
      };
    }
    return {
      color,
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      series: [{ type: 'pie', radius: ['35%', '70%'], data: slices }],
    };
  }, [data, codeLists, lang, narrow]);

  const exitOption = useMemo(() => {
    if (!data) return {};
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, bottom: 30, top: 20 },
      xAxis: { type: 'category', data: data.exitsByYear.map((e) => e.key) },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', data: data.exitsByYear.map((e) => e.households), itemStyle: { color: '#2e7d32' } }],
    };
  }, [data]);

  if (!data) return <Spin style={{ marginTop: 80, width: '100%' }} />;
  const s = data.stats;
  // Eight cards share a row only on wide screens: at 1366 px a figure such as "12,345户" wrapped.
  // A figure with no list behind it (filters null) is not offered as a link: the rural population
  // comes from the statistics office, and the registry's household list would not add up to it.
  const card = (key: string, title: string, value: number | string, filters: Record<string, string> | null, suffix?: string, note?: string) => (
    <Col xs={12} sm={8} lg={6} xxl={3} key={key}>
      <Card hoverable={filters !== null && live} size="small" onClick={filters && live ? () => list(filters) : undefined} data-testid={`card-${key}`}>
        <Statistic title={note ? <span title={note}>{title}</span> : title} value={value} suffix={suffix} />
      </Card>
    </Col>
  );
  const past = data.stats.source !== 'live' && s.year !== null;
  const todayOnly = past ? yt('todayOnly', { year: s.year ?? '' }) : '';
  const todayOnlyText = !past ? '' : lang === 'en' ? ` (${todayOnly})` : `（${todayOnly}）`;
  const sourceText = data.stats.source === 'snapshot' ? yt('sourceSnapshot', { year: s.year ?? '' }) : data.stats.source === 'events' ? yt('sourceEvents', { year: s.year ?? '' }) : s.year !== null ? yt('sourceLiveYear', { year: s.year }) : yt('sourceLive');
  const closed = new Set(years?.closed ?? []);
  // From this year back to 2014, when the registry began (the server's year once /years answers).
  const currentYear = years?.currentYear ?? new Date().getFullYear();
  const yearOptions = [
    { value: 0, label: yt('yearNow') },
    ...Array.from({ length: Math.max(0, currentYear - 2013) }, (_, i) => currentYear - i).map((y) => ({ value: y, label: !closed.has(y) ? String(y) : lang === 'en' ? `${y} (${yt('yearClosedTag')})` : `${y}（${yt('yearClosedTag')}）` })),
  ];
  return (
    <div>
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%', marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="dashboard-title">
          {s.name} · {t('dashboard')}
        </Typography.Title>
        <Space size={4}>
          <span>{yt('yearLabel')}</span>
          <Select value={year ?? 0} options={yearOptions} virtual={false} onChange={(v: number) => chooseYear(v === 0 ? null : v)} style={{ width: 150 }} data-testid="dashboard-year" popupMatchSelectWidth={false} />
        </Space>
      </Space>
      <Alert type={data.stats.source === 'live' ? 'info' : data.stats.frozen ? 'success' : 'warning'} showIcon style={{ marginBottom: 12 }} message={<span data-testid="dashboard-source">{sourceText}</span>} description={past ? <span data-testid="dashboard-past-note">{yt('pastNote', { year: s.year ?? '' })}</span> : undefined} />
      <Row gutter={[12, 12]}>
        {card('households', t('householdsCount'), fmt.format(s.households), {})}
        {card('people', t('people'), fmt.format(s.people), {})}
        {card('poor', t('poor'), fmt.format(s.poor), { status: 'poor' }, t('households_unit'))}
        {card('exited', t('exited'), fmt.format(s.exited), { status: 'exited' }, t('households_unit'))}
        {card('relapsed', t('relapsed'), fmt.format(s.relapsed), { status: 'relapsed' }, t('households_unit'))}
        {card('removed', t('removed'), fmt.format(s.removed), { status: 'removed' }, t('households_unit'))}
        {card('incidence', t('povertyIncidence'), percent(s.povertyIncidence), { status: 'poor,relapsed' })}
        {card('population', t('ruralPopulation'), fmt.format(s.ruralPopulation), null, undefined, t('ruralPopulationNote'))}
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        {s.children.length > 0 && (
          <Col xs={24} xl={24}>
            <Card size="small" title={t('byChild')}>
              <Chart
                option={childOption}
                testId="chart-children"
                onClick={(e) => {
                  const child = s.children[e.dataIndex];
                  if (!child) return;
                  const status = e.seriesName === t('exited') ? 'exited' : e.seriesName === t('relapsed') ? 'relapsed' : 'poor';
                  list({ status }, child.code);
                }}
              />
            </Card>
          </Col>
        )}
        <Col xs={24} lg={12}>
          <Card size="small" title={`${t('causes')}${todayOnlyText}`} data-testid="card-causes">
            <Chart
              option={causeOption}
              height={narrow ? 380 : 300}
              testId="chart-causes"
              onClick={(e) => {
                const cause = data.causes[e.dataIndex];
                if (cause) list({ cause: cause.key });
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={`${t('exitsByYear')}${todayOnlyText}`} data-testid="card-exits">
            <Chart
              option={exitOption}
              testId="chart-exits"
              onClick={(e) => {
                const year = data.exitsByYear[e.dataIndex];
                if (year) list({ exitYear: year.key });
              }}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
