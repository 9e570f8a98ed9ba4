// Verification sampling for an inspector: the county's plans, and the form that draws a new one
// (the seed may be given, or is generated and stored with the plan).
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Form, Input, InputNumber, Space, Table, Typography } from 'antd';
import { ApiError, api } from '../api';
import type { Plan } from '../api-exit';
import { minuteOf, useApp } from '../app-context';
import { useXT } from '../i18n-exit';
import { useLang } from '../i18n';
import { CountySelect } from '../components/county-select';
import { RegionName } from '../components/region-name';

const samplers = new Set(['admin', 'regionAdmin', 'inspector']);
/** A sample is drawn over a whole county: an account for a town or village cannot reach one (the server answers 'not found'). */
const reachesCounty = (code: string) => code.slice(6) === '000000';
const countyOf = (code: string) => (code.slice(4, 6) !== '00' ? `${code.slice(0, 6)}000000` : '');

export function SamplingPage() {
  const t = useXT();
  const { lang } = useLang();
  const { user } = useApp();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const region = params.get('region') ?? user.regionCode;
  const [plans, setPlans] = useState<Plan[]>([]);
  const [form] = Form.useForm();

  const load = useCallback(() => {
    api<{ items: Plan[] }>('GET', `/sample-plans?under=${region}`).then((r) => setPlans(r.items), () => setPlans([]));
  }, [region]);
  useEffect(load, [load]);

  const draw = async () => {
    const v = (await form.validateFields()) as { name: string; countyCode: string; year: number; seed?: number | null; towns?: number | null; villagesPerTown?: number | null; exitedPerVillage?: number | null; poorPerVillage?: number | null; unregisteredPerVillage?: number | null };
    try {
      const plan = await api<Plan>('POST', '/sample-plans', {
        name: v.name,
        countyCode: v.countyCode,
        year: v.year,
        seed: v.seed ?? null,
        params: { towns: v.towns ?? null, villagesPerTown: v.villagesPerTown ?? null, exitedPerVillage: v.exitedPerVillage ?? null, poorPerVillage: v.poorPerVillage ?? null, unregisteredPerVillage: v.unregisteredPerVillage ?? 0 },
      });
      navigate(`/sampling/${plan.id}`);
    } catch (e) {
      if (e instanceof ApiError) void message.error(e.errors.map((f) => f.message).join('；') || e.message);
    }
  };

  const blankIsAll = <span style={{ color: '#888' }}>{lang === 'en' ? ` (${t('all')})` : `（${t('all')}）`}</span>;
  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="sampling-title">{t('sampling')}</Typography.Title>
        <Link to={`/exit-cases?region=${region}`}>{t('exitCases')}</Link>
      </Space>
      {samplers.has(user.role) && reachesCounty(user.regionCode) && (
        <Card size="small" title={t('drawSample')} style={{ marginBottom: 12 }}>
          <Form form={form} layout="inline" initialValues={{ name: t('defaultPlanName', { year: new Date().getFullYear() }), countyCode: countyOf(region), year: new Date().getFullYear(), towns: 3, villagesPerTown: 2, exitedPerVillage: 10, poorPerVillage: 0, unregisteredPerVillage: 10 }}>
            <Form.Item name="name" label={t('planName')} rules={[{ required: true }]}><Input style={{ width: 220 }} /></Form.Item>
            <Form.Item name="countyCode" label={t('county_')} rules={[{ required: true }]}><CountySelect under={region} testId="draw-county" /></Form.Item>
            <Form.Item name="year" label={t('year')} rules={[{ required: true }]}><InputNumber min={2014} max={2035} data-testid="draw-year" /></Form.Item>
            <Form.Item name="seed" label={t('seed')} tooltip={t('seedAuto')}><InputNumber min={0} max={2147483647} style={{ width: 140 }} data-testid="draw-seed" /></Form.Item>
            <Form.Item name="towns" label={<>{t('towns')}{blankIsAll}</>}><InputNumber min={1} data-testid="draw-towns" /></Form.Item>
            <Form.Item name="villagesPerTown" label={<>{t('villagesPerTown')}{blankIsAll}</>}><InputNumber min={1} data-testid="draw-villages" /></Form.Item>
            <Form.Item name="exitedPerVillage" label={<>{t('exitedPerVillage')}{blankIsAll}</>}><InputNumber min={0} data-testid="draw-exited" /></Form.Item>
            <Form.Item name="poorPerVillage" label={<>{t('poorPerVillage')}{blankIsAll}</>}><InputNumber min={0} /></Form.Item>
            <Form.Item name="unregisteredPerVillage" label={t('unregisteredPerVillage')}><InputNumber min={0} data-testid="draw-unregistered" /></Form.Item>
            <Button type="primary" onClick={draw} data-testid="draw">{t('drawSample')}</Button>
          </Form>
        </Card>
      )}
      <Table<Plan>
        size="small"
        rowKey="id"
        dataSource={plans}
        columns={[
          { title: t('planName'), render: (_: unknown, p) => <Link to={`/sampling/${p.id}`}>{p.name}</Link> },
          { title: t('county_'), dataIndex: 'countyCode', render: (code: string) => <RegionName code={code} /> },
          { title: t('year'), dataIndex: 'year' },
          { title: t('seed'), dataIndex: 'seed' },
          { title: t('items'), render: (_: unknown, p) => p.counts.items },
          { title: '', dataIndex: 'createdAt', render: (s: string) => minuteOf(s) },
        ]}
      />
    </div>
  );
}
