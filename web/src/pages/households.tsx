// The household list: filters in the URL, cursor pages loaded as the user scrolls, virtual rows.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Checkbox, Dropdown, Input, Popover, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ApiError, api, type ListItem } from '../api';
import { fmt, label, useApp } from '../app-context';
import { useLang, useT, type TextKey } from '../i18n';

const statusColor: Record<string, string> = { poor: 'red', relapsed: 'orange', exited: 'green', removed: 'default' };
const filterKeys = ['region', 'status', 'cause', 'attribute', 'exitYear', 'identifiedYear', 'q'] as const;
const allColumns: TextKey[] = ['householdNo', 'town', 'village', 'headName', 'idNumber', 'memberCount', 'attribute', 'mainCause', 'status', 'identifiedYear', 'exitYear'];
// A phone shows what fits its width: whose household it is and its status (显示列 adds the rest).
const phoneColumns: TextKey[] = ['householdNo', 'headName', 'status'];

export function HouseholdsPage() {
  const t = useT();
  const { lang } = useLang();
  const { user, codeLists } = useApp();
  const [params, setParams] = useSearchParams();
  const [rows, setRows] = useState<ListItem[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  // A page that did not come (a dropped line): said so, with a retry, never shown as an empty list.
  const [error, setError] = useState<string | null>(null);
  const cursor = useRef<string | null>(null);
  const done = useRef(false);
  const generation = useRef(0);
  const [height, setHeight] = useState(() => Math.max(300, window.innerHeight - 230));
  useEffect(() => {
    const resize = () => setHeight(Math.max(300, window.innerHeight - 230));
    window.addEventListener('resize', resize);
    return () => window.removeEventListener('resize', resize);
  }, []);
  const [visible, setVisible] = useState<TextKey[]>(() => {
    const saved = localStorage.getItem('jz.columns');
    if (saved) return JSON.parse(saved) as TextKey[];
    return window.matchMedia('(min-width: 768px)').matches ? allColumns : phoneColumns;
  });

  const query = useMemo(() => {
    const q = new URLSearchParams();
    for (const key of filterKeys) {
      const value = params.get(key);
      if (value) q.set(key, value);
    }
    if (!q.get('region')) q.set('region', user.regionCode);
    return q;
  }, [params, user.regionCode]);

  const loadMore = useCallback(async () => {
    if (done.current || loading || error !== null) return;
    setLoading(true);
    const gen = generation.current;
    const q = new URLSearchParams(query);
    q.set('limit', '200');
    if (cursor.current) q.set('cursor', cursor.current);
    else q.set('count', '1');
    try {
      const page = await api<{ items: ListItem[]; nextCursor: string | null; total?: number }>('GET', `/households?${q.toString()}`);
      if (gen !== generation.current) return;
      setRows((current) => [...current, ...page.items]);
      if (page.total !== undefined) setTotal(page.total);
      cursor.current = page.nextCursor;
      done.current = page.nextCursor === null;
    } catch (e) {
      if (gen === generation.current) setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setLoading(false);
    }
  }, [query, loading, error]);

  useEffect(() => {
    generation.current += 1;
    cursor.current = null;
    done.current = false;
    setRows([]);
    setTotal(null);
    setError(null);
  }, [query]);
  useEffect(() => {
    if (rows.length === 0 && !done.current) void loadMore();
  }, [rows.length, loadMore]);

  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const options = (list: string, what: TextKey) => [{ value: '', label: t('filterAll', { what: t(what) }) }, ...(codeLists[list]?.items ?? []).map((i) => ({ value: i.code, label: i[lang] }))];
  const columns: ColumnsType<ListItem> = [
    { key: 'householdNo', title: t('householdNo'), dataIndex: 'householdNo', width: 170, render: (v: string, r) => <Link to={`/households/${r.id}`} data-testid="household-link">{v}</Link> },
    { key: 'town', title: t('town'), dataIndex: 'townName', width: 120 },
    { key: 'village', title: t('village'), dataIndex: 'villageName', width: 140 },
    { key: 'headName', title: t('headName'), dataIndex: 'headName', width: 90 },
    { key: 'idNumber', title: t('idNumber'), dataIndex: 'headIdNumber', width: 180, render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{v ?? '—'}</span> },
    { key: 'memberCount', title: t('memberCount'), dataIndex: 'memberCount', width: 80, align: 'right' },
    { key: 'attribute', title: t('attribute'), dataIndex: 'attribute', width: 130, render: (v: string) => label(codeLists, 'attribute', v, lang) },
    { key: 'mainCause', title: t('mainCause'), dataIndex: 'mainCause', width: 120, render: (v: string) => label(codeLists, 'cause', v, lang) },
    { key: 'status', title: t('status'), dataIndex: 'status', width: lang === 'en' ? 140 : 90, render: (v: string) => <Tag color={statusColor[v]}>{label(codeLists, 'householdStatus', v, lang)}</Tag> },
    { key: 'identifiedYear', title: t('identifiedYear'), dataIndex: 'identifiedYear', width: 90, align: 'right' },
    { key: 'exitYear', title: t('exitYear'), dataIndex: 'exitYear', width: 90, align: 'right', render: (v: number | null) => v ?? '—' },
  ];
  const shown = columns.filter((c) => visible.includes(c.key as TextKey));
  const exportUrl = `/api/v1/households/export.csv?${query.toString()}`;

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          placeholder={t('search')}
          allowClear
          defaultValue={params.get('q') ?? ''}
          onSearch={(v) => setFilter('q', v.trim() || undefined)}
          style={{ width: 250 }}
          data-testid="list-search"
        />
        {/* Several statuses at once: poverty incidence counts poor and relapsed households together. */}
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          style={{ minWidth: 120, maxWidth: 260 }}
          placeholder={t('filterAll', { what: t('status') })}
          value={params.get('status')?.split(',').filter(Boolean) ?? []}
          onChange={(v: string[]) => setFilter('status', v.length > 0 ? v.join(',') : undefined)}
          options={(codeLists['householdStatus']?.items ?? []).map((i) => ({ value: i.code, label: i[lang] }))}
          data-testid="filter-status"
        />
        <Select style={{ width: 175 }} value={params.get('cause') ?? ''} onChange={(v) => setFilter('cause', v || undefined)} options={options('cause', 'mainCause')} />
        <Select style={{ width: 165 }} value={params.get('attribute') ?? ''} onChange={(v) => setFilter('attribute', v || undefined)} options={options('attribute', 'attribute')} />
        <Input style={{ width: 100 }} placeholder={t('exitYear')} defaultValue={params.get('exitYear') ?? ''} onPressEnter={(e) => setFilter('exitYear', e.currentTarget.value.trim() || undefined)} />
        <Popover
          trigger="click"
          content={
            <Checkbox.Group
              value={visible}
              onChange={(v) => {
                const next = v as TextKey[];
                setVisible(next);
                localStorage.setItem('jz.columns', JSON.stringify(next));
              }}
              options={allColumns.map((c) => ({ value: c, label: t(c) }))}
              style={{ display: 'flex', flexDirection: 'column' }}
            />
          }
        >
          <Button>{t('columns')}</Button>
        </Popover>
        <Dropdown
          menu={{
            items: [
              { key: 'xlsx', label: <a href={`/api/v1/households/export.xlsx?${query.toString()}`} data-testid="export-xlsx">{t('exportXlsx')}</a> },
              { key: 'registry', label: <a href={`/api/v1/households/export.xlsx?${query.toString()}&kind=registry`} data-testid="export-registry">{t('exportRegistryXlsx')}</a> },
              { key: 'csv', label: <a href={exportUrl} data-testid="export-csv">{t('exportCsv')}</a> },
            ],
          }}
        >
          <Button data-testid="export-list">{t('exportList')}</Button>
        </Dropdown>
        <Typography.Text type="secondary" data-testid="list-total">
          {total === null ? '' : t('total', { n: fmt.format(total) })}
        </Typography.Text>
      </Space>
      {error !== null && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('listLoadFailed')}
          description={error}
          action={<Button size="small" onClick={() => setError(null)} data-testid="list-retry">{t('retry')}</Button>}
          data-testid="list-error"
        />
      )}
      <Table<ListItem>
        rowKey="id"
        size="small"
        virtual
        columns={shown}
        dataSource={rows}
        loading={loading && rows.length === 0}
        locale={error !== null && rows.length === 0 ? { emptyText: t('listLoadFailed') } : undefined}
        pagination={false}
        scroll={{ x: shown.reduce((s, c) => s + (typeof c.width === 'number' ? c.width : 100), 0), y: height }}
        onScroll={(e) => {
          const el = e.currentTarget;
          if (el.scrollHeight - el.scrollTop - el.clientHeight < 400) void loadMore();
        }}
        data-testid="household-table"
      />
    </div>
  );
}
