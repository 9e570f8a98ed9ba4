// The problem list (问题清单) of the selected region: filters in the URL (status, overdue, batch,
// source, category, responsible unit, department), counts per county on top, overdue lines in
// red. On a phone each record is a card a town cadre can tap.
import { useCallback, useEffect, useMemo, useRef, useState, type HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button, Card, Grid, List, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api } from '../api';
import { label, useApp } from '../app-context';
import { useLang } from '../i18n';
import { useRt } from '../i18n-rectification';
import { RectificationNav } from '../rectification/nav';
import { StatusTags } from '../rectification/status-tag';
import { countsLevel, useRectificationCodeLists, type Batch, type Counts, type RecordLine } from '../rectification/api';

const filterKeys = ['status', 'overdue', 'recheck', 'batch', 'source', 'category', 'unit', 'department'] as const;
const pageSize = 50;

export function RectificationListPage() {
  const rt = useRt();
  const { lang } = useLang();
  const { user, codeLists } = useApp();
  const lists = useRectificationCodeLists();
  const [params, setParams] = useSearchParams();
  const screens = Grid.useBreakpoint();
  const wide = screens.md ?? true;
  const region = params.get('region') ?? user.regionCode;
  const [rows, setRows] = useState<RecordLine[]>([]);
  const [today, setToday] = useState('');
  const [cursor, setCursor] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [batches, setBatches] = useState<Batch[]>([]);
  const [counts, setCounts] = useState<Counts | null>(null);
  const generation = useRef(0);
  // On a phone the less used filters fold away behind one button.
  const [more, setMore] = useState(false);
  const secondary = ['batch', 'source', 'category', 'department'].filter((k) => params.get(k)).length;

  const query = useMemo(() => {
    const q = new URLSearchParams({ under: region, limit: String(pageSize) });
    for (const key of filterKeys) {
      const v = params.get(key);
      if (v) q.set(key, v);
    }
    return q;
  }, [params, region]);

  // The ledger carries the filters on screen, without the page size: the server writes every page.
  const exportHref = useMemo(() => {
    const q = new URLSearchParams(query);
    q.delete('limit');
    return `/api/v1/rectifications/export.xlsx?${q.toString()}`;
  }, [query]);

  const load = useCallback(async (after: number | null) => {
    const gen = ++generation.current;
    setLoading(true);
    const q = new URLSearchParams(query);
    if (after !== null) q.set('cursor', String(after));
    try {
      const page = await api<{ items: RecordLine[]; nextCursor: number | null; today: string }>('GET', `/rectifications?${q.toString()}`);
      if (gen !== generation.current) return;
      setRows((current) => (after === null ? page.items : [...current, ...page.items]));
      setCursor(page.nextCursor);
      setToday(page.today);
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [query]);

  useEffect(() => {
    void load(null);
  }, [load]);

  useEffect(() => {
    void api<{ items: Batch[] }>('GET', `/rectification/batches?under=${region}`).then((r) => setBatches(r.items));
  }, [region]);
  // Counts per unit follow the region and the batch, not the other filters.
  const batchFilter = params.get('batch');
  useEffect(() => {
    const level = countsLevel(region);
    const q = new URLSearchParams({ under: region });
    if (batchFilter) q.set('batch', batchFilter);
    if (level !== null) void api<Counts>('GET', `/rectification/counts?${q.toString()}&level=${level}`).then(setCounts);
    else setCounts(null);
  }, [region, batchFilter]);

  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const options = (list: string, source = lists) => [{ value: '', label: rt('all') }, ...(source?.[list]?.items ?? []).map((i) => ({ value: i.code, label: i[lang] }))];
  const codeLabel = (list: string, code: string) => (lists ? label(lists, list, code, lang) : code);
  const tags = (r: RecordLine) => <StatusTags lists={lists} status={r.status} overdue={r.overdue} deadline={r.deadline} today={today} escalatedAt={r.escalatedAt} />;

  const columns: ColumnsType<RecordLine> = [
    { key: 'problemNo', title: rt('problemNo'), dataIndex: 'problemNo', width: 100, render: (v: string, r) => <Link to={`/rectification/problems/${r.id}`} data-testid="rect-link">{v}</Link> },
    { key: 'description', title: rt('description'), dataIndex: 'description', ellipsis: true },
    { key: 'unit', title: rt('unit'), width: 150, render: (_: unknown, r) => `${r.unitName}${r.unitDepartment ? ` · ${label(codeLists, 'department', r.unitDepartment, lang)}` : ''}` },
    { key: 'category', title: rt('category'), dataIndex: 'category', width: 100, render: (v: string) => codeLabel('problemCategory', v) },
    { key: 'scope', title: rt('scope'), dataIndex: 'inherited', width: 60, render: (v: boolean) => (v ? rt('inheritedTag') : rt('specificTag')) },
    { key: 'batch', title: rt('batch'), dataIndex: 'batchName', width: 180, ellipsis: true },
    { key: 'deadline', title: rt('deadline'), dataIndex: 'deadline', width: 100 },
    { key: 'status', title: rt('status'), width: 190, render: (_: unknown, r) => tags(r) },
  ];

  return (
    <div>
      <RectificationNav />
      {counts && counts.units.length > 0 && (
        <div style={{ display: 'flex', gap: 6, overflowX: 'auto', paddingBottom: 8, marginBottom: 8 }} data-testid="rect-unit-counts">
          {counts.units.map((u) => (
            <Tag.CheckableTag key={u.unitRegion} checked={params.get('unit') === u.unitRegion} onChange={(on) => setFilter('unit', on ? u.unitRegion : undefined)} style={{ whiteSpace: 'nowrap', border: '1px solid #eee' }}>
              {u.name} {u.total}
              {u.overdue > 0 && <Typography.Text type="danger"> · {rt('overdue')} {u.overdue}</Typography.Text>}
            </Tag.CheckableTag>
          ))}
        </div>
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select style={{ width: 170 }} prefix={rt('status')} value={params.get('status') ?? ''} onChange={(v) => setFilter('status', v || undefined)} options={options('rectificationStatus')} data-testid="rect-filter-status" />
        <Space size={4}>
          <Switch checked={params.get('overdue') === '1'} onChange={(on) => setFilter('overdue', on ? '1' : undefined)} data-testid="rect-filter-overdue" />
          <Typography.Text type={params.get('overdue') === '1' ? 'danger' : undefined}>{rt('overdueOnly')}</Typography.Text>
        </Space>
        <Space size={4}>
          <Switch checked={params.get('recheck') === '1'} onChange={(on) => setFilter('recheck', on ? '1' : undefined)} data-testid="rect-filter-recheck" />
          <Typography.Text>{rt('recheckDueOnly')}</Typography.Text>
        </Space>
        {wide || more ? (
          <>
            <Select style={{ width: 240 }} prefix={rt('batch')} value={params.get('batch') ?? ''} onChange={(v) => setFilter('batch', v || undefined)} options={[{ value: '', label: rt('all') }, ...batches.map((b) => ({ value: String(b.id), label: b.name }))]} data-testid="rect-filter-batch" />
            <Select style={{ width: 180 }} prefix={rt('source')} value={params.get('source') ?? ''} onChange={(v) => setFilter('source', v || undefined)} options={options('problemSource')} data-testid="rect-filter-source" />
            <Select style={{ width: 180 }} prefix={rt('category')} value={params.get('category') ?? ''} onChange={(v) => setFilter('category', v || undefined)} options={options('problemCategory')} />
            <Select style={{ width: 180 }} prefix={rt('department')} value={params.get('department') ?? ''} onChange={(v) => setFilter('department', v || undefined)} options={options('department', codeLists)} />
          </>
        ) : (
          <Button onClick={() => setMore(true)} data-testid="rect-more-filters">
            {rt('moreFilters')}
            {secondary > 0 ? ` (${secondary})` : ''}
          </Button>
        )}
        <Button size="small" href={exportHref} data-testid="rect-export">
          {rt('exportLedger')}
        </Button>
        <Typography.Text type="secondary" data-testid="rect-list-count">
          {rt('records', { n: rows.length })}
          {cursor !== null ? '+' : ''}
        </Typography.Text>
      </Space>
      {wide ? (
        <Table<RecordLine>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={loading && rows.length === 0}
          pagination={false}
          scroll={{ x: 1100 }}
          onRow={(r) => ({ style: r.overdue ? { background: '#fff1f0' } : undefined, 'data-overdue': r.overdue ? '1' : '0' } as HTMLAttributes<HTMLElement>)}
          data-testid="rect-table"
        />
      ) : (
        <List
          dataSource={rows}
          loading={loading && rows.length === 0}
          data-testid="rect-cards"
          renderItem={(r) => (
            <Link to={`/rectification/problems/${r.id}`} data-testid="rect-link" style={{ display: 'block', marginBottom: 8 }}>
              <Card size="small" style={r.overdue ? { borderColor: '#ff4d4f', background: '#fff1f0' } : undefined} data-overdue={r.overdue ? '1' : '0'}>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Typography.Text strong>
                    {r.problemNo} · {r.unitName}
                  </Typography.Text>
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                    {r.description}
                  </Typography.Paragraph>
                  <Space wrap size={4}>
                    <Typography.Text type="secondary">
                      {rt('deadline')} {r.deadline}
                    </Typography.Text>
                    {tags(r)}
                  </Space>
                </Space>
              </Card>
            </Link>
          )}
        />
      )}
      {cursor !== null && (
        <Button block loading={loading} onClick={() => void load(cursor)} style={{ marginTop: 8 }}>
          {rt('loadMore')}
        </Button>
      )}
    </div>
  );
}
