// The rectification progress dashboard of the selected region: status figures, problems per
// county (or per unit below a county), progress per batch and a batch's burn-down. Lazy-loaded
// with ECharts; every figure opens the list it counts.
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Card, Col, Empty, List, Progress, Row, Select, Space, Spin, Statistic, Table, Typography } from 'antd';
import { api } from '../api';
import { fmt, label, useApp } from '../app-context';
import { useLang } from '../i18n';
import { useRt } from '../i18n-rectification';
import { Chart } from '../components/chart';
import { RectificationNav } from '../rectification/nav';
import { countsLevel, useRectificationCodeLists, type Board, type Counts } from '../rectification/api';

interface Reminder {
  rectificationId: number;
  taskId: number | null;
  unitRegion: string;
  problemNo: string;
  what: string;
  deadline: string;
  responsiblePerson: string | null;
}

export default function RectificationDashboardPage() {
  const rt = useRt();
  const { lang } = useLang();
  const { user } = useApp();
  const lists = useRectificationCodeLists();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const region = params.get('region') ?? user.regionCode;
  const batch = params.get('batch') ?? '';
  const level = countsLevel(region);
  const [board, setBoard] = useState<Board | null>(null);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [burn, setBurn] = useState<{ date: string; remaining: number }[] | null>(null);
  const [reminders, setReminders] = useState<Reminder[]>([]);

  useEffect(() => {
    setBoard(null);
    const q = new URLSearchParams({ under: region });
    if (batch) q.set('batch', batch);
    void api<Board>('GET', `/rectification/board?${q.toString()}`).then(setBoard);
    if (level !== null) void api<Counts>('GET', `/rectification/counts?${q.toString()}&level=${level}`).then(setCounts);
    else setCounts(null);
    void api<{ items: Reminder[] }>('GET', `/rectification/reminders?under=${region}&days=7`).then((r) => setReminders(r.items));
  }, [region, batch, level]);

  // The burn-down of the chosen batch, or of the newest one.
  const burnBatch = batch || (board?.batches[0] ? String(board.batches[0].batchId) : '');
  useEffect(() => {
    setBurn(null);
    if (burnBatch) void api<{ points: { date: string; remaining: number }[] }>('GET', `/rectification/batches/${burnBatch}/burn-down`).then((r) => setBurn(r.points), () => setBurn([]));
  }, [burnBatch]);

  const list = (filters: Record<string, string>) => navigate(`/rectification/problems?${new URLSearchParams({ region, ...(batch ? { batch } : {}), ...filters }).toString()}`);

  const unitOption = useMemo(() => {
    if (!counts) return {};
    const u = counts.units;
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [rt('closed'), rt('overdue'), lang === 'en' ? 'In progress' : '整改中/待整改'], top: 0 },
      grid: { left: 40, right: 12, bottom: u.length > 6 ? 80 : 30, top: 36 },
      // Every name while they fit; a town's hundred villages would pile up, so then ECharts thins them.
      xAxis: { type: 'category', data: u.map((x) => x.name), axisLabel: { rotate: u.length > 6 ? 40 : 0, interval: u.length > 20 ? 'auto' : 0, hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: rt('closed'), type: 'bar', stack: 'p', data: u.map((x) => x.closed), itemStyle: { color: '#2e7d32' } },
        { name: rt('overdue'), type: 'bar', stack: 'p', data: u.map((x) => x.overdue), itemStyle: { color: '#c62828' } },
        { name: lang === 'en' ? 'In progress' : '整改中/待整改', type: 'bar', stack: 'p', data: u.map((x) => Math.max(0, x.total - x.closed - x.overdue)), itemStyle: { color: '#1565c0' } },
      ],
    };
  }, [counts, rt, lang]);

  const burnOption = useMemo(() => {
    if (!burn) return {};
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 12, bottom: 30, top: 16 },
      xAxis: { type: 'category', data: burn.map((p) => p.date) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'line', step: 'end', data: burn.map((p) => p.remaining), areaStyle: { opacity: 0.15 }, itemStyle: { color: '#b71c1c' } }],
    };
  }, [burn]);

  if (!board) return (<div><RectificationNav /><Spin style={{ marginTop: 80, width: '100%' }} /></div>);
  const closed = board.byStatus['closed'] ?? 0;
  const card = (key: string, title: string, value: string, filters: Record<string, string> | null, color?: string) => (
    <Col xs={12} sm={8} lg={6} xl={3} key={key}>
      <Card hoverable={filters !== null} size="small" onClick={() => filters && list(filters)} data-testid={`rect-card-${key}`}>
        <Statistic title={title} value={value} valueStyle={color ? { color } : undefined} />
      </Card>
    </Col>
  );
  const statusLabel = (s: string) => (lists ? label(lists, 'rectificationStatus', s, lang) : s);
  return (
    <div>
      <RectificationNav />
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="rect-dashboard-title">
          {rt('dashboard')} · {rt('asOf', { date: board.today })}
        </Typography.Title>
        <Select
          style={{ minWidth: 220 }}
          value={batch}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v) next.set('batch', v);
            else next.delete('batch');
            setParams(next);
          }}
          options={[{ value: '', label: `${rt('batch')}：${rt('all')}` }, ...board.batches.map((b) => ({ value: String(b.batchId), label: b.name }))]}
          data-testid="rect-dashboard-batch"
        />
      </Space>
      <Row gutter={[12, 12]}>
        {card('total', rt('total'), fmt.format(board.total), {})}
        {card('closed', rt('closed'), fmt.format(closed), { status: 'closed' }, '#2e7d32')}
        {card('closedRate', rt('closedRate'), board.total === 0 ? '—' : `${((closed / board.total) * 100).toFixed(1)}%`, null)}
        {card('submitted', statusLabel('submitted'), fmt.format(board.byStatus['submitted'] ?? 0), { status: 'submitted' })}
        {card('overdue', rt('overdue'), fmt.format(board.overdue), { overdue: '1' }, board.overdue > 0 ? '#c62828' : undefined)}
        {card('escalated', rt('escalated'), fmt.format(board.escalated), null)}
        {card('recheck', rt('recheckDueOnly'), fmt.format(board.recheckDue), { recheck: '1' }, board.recheckDue > 0 ? '#d46b08' : undefined)}
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        {counts && counts.units.length > 0 && (
          <Col xs={24} xl={14}>
            <Card size="small" title={`${counts.level === 3 ? rt('byCounty') : rt('byUnit')}${lang === 'en' ? ` (${rt('mostLeast', { most: counts.most, least: counts.least })})` : `（${rt('mostLeast', { most: counts.most, least: counts.least })}）`}`}>
              {/* The records may all sit with this level itself (a town's own problems): a row of empty
                  bars would read as 'no problems' beside a card that counts them. */}
              {counts.units.every((x) => x.total === 0) ? (
                <Empty description={board.total > 0 ? rt('noneBelow', { n: board.total }) : undefined} data-testid="rect-units-empty" />
              ) : (
              <Chart
                option={unitOption}
                testId="rect-chart-units"
                onClick={(e) => {
                  const u = counts.units[e.dataIndex];
                  if (!u) return;
                  list(e.seriesName === rt('overdue') ? { unit: u.unitRegion, overdue: '1' } : e.seriesName === rt('closed') ? { unit: u.unitRegion, status: 'closed' } : { unit: u.unitRegion });
                }}
              />
              )}
            </Card>
          </Col>
        )}
        <Col xs={24} xl={10}>
          <Card size="small" title={`${rt('burnDown')}${burnBatch ? ` · ${board.batches.find((b) => String(b.batchId) === burnBatch)?.name ?? ''}` : ''}`}>
            {/* No batch yet: nothing to load, and a spinner would wait for ever. */}
            {!burnBatch || burn?.length === 0 ? <Empty /> : burn === null ? <Spin /> : <Chart option={burnOption} testId="rect-chart-burn" />}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={rt('batchProgress')}>
            <Table
              rowKey="batchId"
              size="small"
              pagination={false}
              dataSource={board.batches}
              scroll={{ x: 520 }}
              data-testid="rect-batch-progress"
              columns={[
                { title: rt('batch'), dataIndex: 'name', key: 'name', render: (v: string, b) => <Link to={`/rectification/problems?region=${region}&batch=${b.batchId}`}>{v}</Link> },
                { title: rt('total'), dataIndex: 'total', key: 'total', align: 'right', width: 70 },
                { title: rt('closed'), key: 'closed', width: 150, render: (_: unknown, b) => <Progress size="small" percent={b.total === 0 ? 0 : Math.round((b.closed / b.total) * 100)} format={() => `${b.closed}/${b.total}`} /> },
                { title: rt('overdue'), dataIndex: 'overdue', key: 'overdue', align: 'right', width: 60, render: (v: number) => <Typography.Text type={v > 0 ? 'danger' : undefined}>{v}</Typography.Text> },
                { title: '', key: 'report', width: 80, render: (_: unknown, b) => <Link to={`/rectification/batches/${b.batchId}/report`}>{rt('report')}</Link> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={rt('reminders')}>
            <List
              size="small"
              dataSource={reminders.slice(0, 20)}
              locale={{ emptyText: rt('none') }}
              renderItem={(r) => (
                <List.Item>
                  <Link to={`/rectification/problems/${r.rectificationId}`}>
                    {r.deadline} · {r.problemNo} · {r.what}
                    {r.responsiblePerson ? `（${r.responsiblePerson}）` : ''}
                  </Link>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
