// Satisfaction and awareness surveys (满意度, 知晓率): the surveys of a region, a form to start one
// (optionally reusing a verification sample, whose households are then the only ones asked), and
// a survey's rates by town and village against 80% and 90%, with answered of sampled households.
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { ApiError, api } from '../api';
import type { Plan } from '../api-exit';
import { percent, useApp } from '../app-context';
import { useLang } from '../i18n';
import { useAT, type AssistanceKey } from '../i18n-assistance';
import type { Catalogue, Flag, RateRow, Survey, SurveyRates } from './assistance-api';
import { RegionName } from '../components/region-name';

const flagColor: Record<Flag, string> = { accountability: 'red', pass: 'blue', excellent: 'green', noData: 'default' };
const flagText: Record<Flag, AssistanceKey> = { accountability: 'flagAccountability', pass: 'flagPass', excellent: 'flagExcellent', noData: 'noAnswers' };
const managers = new Set(['admin', 'regionAdmin']);

interface Draft {
  kind: string;
  name: string;
  year: number;
  regionCode?: string;
  samplePlanId?: number | null;
}

export function AssistanceSurveysPage() {
  const at = useAT();
  const { lang } = useLang();
  const { user } = useApp();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? user.regionCode;
  const selected = Number(params.get('survey') ?? '') || null;
  const [surveys, setSurveys] = useState<Survey[]>([]);
  const [plans, setPlans] = useState<Plan[]>([]);
  const [kinds, setKinds] = useState<Catalogue['surveyKinds']>([]);
  const [rates, setRates] = useState<SurveyRates | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Draft>();
  const samplePlanId = Form.useWatch('samplePlanId', form);

  const load = useCallback(() => {
    void api<{ items: Survey[] }>('GET', `/assistance/surveys?under=${region}`).then((r) => setSurveys(r.items));
  }, [region]);
  useEffect(load, [load]);
  useEffect(() => {
    void api<Catalogue>('GET', '/assistance/catalogue').then((c) => setKinds(c.surveyKinds));
    void api<{ items: Plan[] }>('GET', `/sample-plans?under=${region}`).then((r) => setPlans(r.items), () => setPlans([]));
  }, [region]);
  useEffect(() => {
    setRates(null);
    if (selected !== null) void api<SurveyRates>('GET', `/assistance/surveys/${selected}/rates?under=${region}`).then(setRates);
  }, [selected, region]);

  const choose = (id: number) => setParams((p) => {
    const next = new URLSearchParams(p);
    next.set('survey', String(id));
    return next;
  });

  const create = async () => {
    const v = await form.validateFields();
    try {
      const s = await api<Survey>('POST', '/assistance/surveys', { kind: v.kind, name: v.name, year: v.year, samplePlanId: v.samplePlanId ?? null, ...(v.samplePlanId ? {} : { regionCode: region }) });
      setError(null);
      void message.success(at('surveyCreated'));
      load();
      choose(s.id);
    } catch (e) {
      if (e instanceof ApiError) setError(e.errors.map((f) => f.message).join('；') || e.message);
    }
  };

  const rateTag = (r: { rate: number | null; flag: Flag }) => (r.rate === null ? <Tag>{at('noAnswers')}</Tag> : <Tag color={flagColor[r.flag]}>{percent(r.rate)} {at(flagText[r.flag])}</Tag>);
  const answered = (r: { households: number; sampled: number | null }) => (r.sampled === null ? r.households : `${r.households} / ${r.sampled}`);
  const rateColumns = (first: AssistanceKey) => [
    { title: at(first), dataIndex: 'name' },
    { title: at(rates?.sample ? 'answeredOfSampled' : 'answered'), key: 'answered', align: 'right' as const, render: (_: unknown, r: RateRow) => answered(r) },
    { title: at('rate'), key: 'rate', render: (_: unknown, r: RateRow) => rateTag(r) },
  ];

  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="surveys-title">
          {at('surveys')}
        </Typography.Title>
        {/* The table below and, with a survey chosen, its rates: the same region and survey. */}
        <Button size="small" href={`/api/v1/assistance/surveys/export.xlsx?${new URLSearchParams({ under: region, ...(selected !== null ? { survey: String(selected) } : {}) }).toString()}`} data-testid="export-surveys">
          {at('exportSurveys')}
        </Button>
      </Space>
      {managers.has(user.role) && (
        <Card size="small" title={at('newSurvey')} style={{ marginBottom: 12 }}>
          <Form form={form} layout="inline" initialValues={{ kind: 'satisfaction', name: at('defaultSurveyName', { year: new Date().getFullYear() }), year: new Date().getFullYear(), samplePlanId: null }}>
            <Form.Item name="kind" label={at('surveyKind')} rules={[{ required: true }]}>
              <Select style={{ width: 150 }} options={kinds.map((k) => ({ value: k.code, label: k[lang] }))} data-testid="survey-kind" />
            </Form.Item>
            <Form.Item name="name" label={at('surveyName')} rules={[{ required: true }]}>
              <Input style={{ width: 220 }} data-testid="survey-name" />
            </Form.Item>
            <Form.Item name="year" label={at('surveyYear')} rules={[{ required: true }]}>
              <InputNumber min={2014} max={2100} data-testid="survey-year" />
            </Form.Item>
            <Form.Item name="samplePlanId" label={at('samplePlan')}>
              <Select style={{ width: 280 }} allowClear placeholder={at('noSamplePlan')} options={plans.map((p) => ({ value: p.id, label: `${p.id} · ${p.name}（${p.year}）` }))} data-testid="survey-sample-plan" />
            </Form.Item>
            {/* The region chosen in the tree, by name: nobody should have to type a 12-digit code. */}
            <Form.Item label={at('surveyRegion')} tooltip={at('surveyRegionHint')}>
              <span data-testid="survey-region">{samplePlanId ? at('sampleRegion') : <RegionName code={region} />}</span>
            </Form.Item>
            <Button type="primary" onClick={create} data-testid="survey-create">
              {at('create')}
            </Button>
          </Form>
          {error && <Alert type="error" showIcon style={{ marginTop: 8 }} message={`${at('notSaved')}${error}`} data-testid="survey-error" />}
        </Card>
      )}
      <Table<Survey>
        size="small"
        rowKey="id"
        dataSource={surveys}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        data-testid="surveys-table"
        // A phone scrolls the table rather than folding a survey's name one character a line.
        scroll={{ x: 640 }}
        rowClassName={(s) => (s.id === selected ? 'ant-table-row-selected' : '')}
        columns={[
          { title: at('surveyName'), render: (_: unknown, s) => <a onClick={() => choose(s.id)} data-testid={`survey-${s.id}`}>{s.name}</a> },
          { title: at('surveyKind'), render: (_: unknown, s) => kinds.find((k) => k.code === s.kind)?.[lang] ?? s.kind },
          { title: at('surveyYear'), dataIndex: 'year' },
          { title: at('surveyRegion'), dataIndex: 'regionCode', render: (code: string | undefined) => (code ? <RegionName code={code} /> : '—') },
          { title: at('sampleOf'), render: (_: unknown, s) => (s.samplePlan ? <Tag color="purple">{`${s.samplePlan.id} · ${s.samplePlan.name}`}</Tag> : at('anyHousehold')) },
        ]}
      />
      {selected === null && <Typography.Paragraph type="secondary">{at('chooseSurvey')}</Typography.Paragraph>}
      {rates && (
        <Card size="small" title={rates.survey.name} style={{ marginTop: 12 }} data-testid="survey-rates">
          {rates.sample && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={at('sampleInfo', { id: rates.sample.planId, name: rates.sample.name, sampled: rates.sample.sampled, answered: rates.sample.answered })} data-testid="survey-sample" />}
          <Space size="large" style={{ marginBottom: 12 }}>
            <Statistic title={`${rates.name} · ${at('rate')}`} value={percent(rates.rate)} data-testid="survey-total-rate" />
            <Statistic title={at(rates.sample ? 'answeredOfSampled' : 'answered')} value={answered(rates)} />
            {rateTag(rates)}
          </Space>
          <Table<RateRow> size="small" rowKey="code" pagination={false} dataSource={rates.towns} columns={rateColumns('town')} style={{ marginBottom: 12 }} />
          <Table<RateRow> size="small" rowKey="code" pagination={{ pageSize: 50, hideOnSinglePage: true }} dataSource={rates.villages} columns={rateColumns('village')} data-testid="survey-villages" />
        </Card>
      )}
    </div>
  );
}

export default AssistanceSurveysPage;
