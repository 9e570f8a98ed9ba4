// Exit cases under the selected region, and the form that opens a new one.
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { ApiError, api } from '../api';
import type { ExitCase } from '../api-exit';
import { exitCaseOpeners } from '../components/household-exit-cases';
import { useApp } from '../app-context';
import { useLang } from '../i18n';
import { useXT } from '../i18n-exit';


// Cases fetched per request; the rest come with 加载更多.
const casesPerLoad = 100;

export function ExitCasesPage() {
  const t = useXT();
  const { lang } = useLang();
  const { user } = useApp();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const region = params.get('region') ?? user.regionCode;
  const [items, setItems] = useState<ExitCase[]>([]);
  // The cursor of the next page; null when the list is complete. A county opens thousands of
  // household cases: the first 200 used to be all the page ever showed, without saying so.
  const [next, setNext] = useState<number | null>(null);
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as string | undefined;

  const page = useCallback((cursor: number | null) => api<{ items: ExitCase[]; nextCursor: number | null }>('GET', `/exit-cases?under=${region}&limit=${casesPerLoad}${cursor === null ? '' : `&cursor=${cursor}`}`), [region]);
  const load = useCallback(() => {
    page(null).then((r) => { setItems(r.items); setNext(r.nextCursor); }, () => { setItems([]); setNext(null); });
  }, [page]);
  useEffect(load, [load]);
  const more = () => {
    if (next !== null) void page(next).then((r) => { setItems((current) => [...current, ...r.items]); setNext(r.nextCursor); });
  };

  const open = async () => {
    const v = (await form.validateFields()) as { kind: string; householdNo?: string; regionCode?: string; year: number; noticeDays: number };
    try {
      const c = await api<ExitCase>('POST', '/exit-cases', { kind: v.kind, year: v.year, noticeDays: v.noticeDays, ...(v.kind === 'household' ? { householdNo: v.householdNo } : { regionCode: v.regionCode }) });
      navigate(`/exit-cases/${c.id}`);
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(e.errors.map((f) => ({ name: f.field === 'householdId' ? 'householdNo' : f.field, errors: [f.message] })));
        void message.error(e.errors[0]?.message ?? e.message);
      }
    }
  };

  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="exit-cases-title">{t('exitCases')}</Typography.Title>
        <Link to={`/sampling?region=${region}`} data-testid="to-sampling">{t('sampling')}</Link>
        <Button size="small" href={`/api/v1/exit-cases/export.xlsx?under=${region}`} data-testid="export-cases">{t('exportCaseLedger')}</Button>
      </Space>
      {exitCaseOpeners.has(user.role) && (
        <Card size="small" title={t('openCase')} style={{ marginBottom: 12 }}>
          <Form form={form} layout="inline" initialValues={{ kind: 'household', householdNo: params.get('householdNo') ?? undefined, year: new Date().getFullYear(), noticeDays: 7 }}>
            <Form.Item name="kind" label={t('kind')}>
              <Select style={{ width: 110 }} options={(['household', 'village', 'county'] as const).map((k) => ({ value: k, label: t(k) }))} />
            </Form.Item>
            {kind === 'village' || kind === 'county' ? (
              <Form.Item name="regionCode" label={t('regionCode')} rules={[{ required: true }]}><Input style={{ width: 150 }} /></Form.Item>
            ) : (
              <Form.Item name="householdNo" label={t('householdNo')} rules={[{ required: true }]}><Input style={{ width: 190 }} data-testid="open-household-no" /></Form.Item>
            )}
            <Form.Item name="year" label={t('year')} rules={[{ required: true }]}><InputNumber min={2014} max={2035} data-testid="open-year" /></Form.Item>
            <Form.Item name="noticeDays" label={t('noticeDays')}><InputNumber min={5} max={60} /></Form.Item>
            <Button type="primary" onClick={open} data-testid="open-case">{t('openCase')}</Button>
          </Form>
        </Card>
      )}
      <Table<ExitCase>
        size="small"
        rowKey="id"
        dataSource={items}
        data-testid="exit-cases-table"
        columns={[
          { title: t('exitCase'), dataIndex: 'id', render: (id: number) => <Link to={`/exit-cases/${id}`} data-testid="case-link">{id}</Link> },
          { title: t('kind'), render: (_: unknown, c) => (lang === 'en' ? c.kindLabel.en : c.kindLabel.zh) },
          { title: t('householdNo'), render: (_: unknown, c) => c.householdNo ?? c.regionName ?? c.regionCode },
          { title: t('year'), dataIndex: 'year' },
          { title: t('currentStep'), render: (_: unknown, c) => (c.currentStepLabel ? c.currentStepLabel[lang === 'en' ? 'en' : 'zh'] : '—') },
          { title: t('round'), dataIndex: 'round' },
          { title: t('status'), dataIndex: 'status', render: (s: 'open' | 'closed') => <Tag color={s === 'closed' ? 'green' : 'blue'}>{t(s)}</Tag> },
        ]}
      />
      {next !== null && (
        <Button style={{ marginTop: 8 }} onClick={more} data-testid="cases-more">
          {t('loadMore')}
        </Button>
      )}
    </div>
  );
}
