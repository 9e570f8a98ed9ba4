// The measure catalogue (帮扶措施目录): every measure with its category, its batch of the five
// batches (五个一批) and the causes it answers; an admin or a county office adds its own measures.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { ApiError, api } from '../api';
import { label, useApp } from '../app-context';
import { useLang } from '../i18n';
import { useAT } from '../i18n-assistance';
import type { Catalogue, Labelled, Measure } from './assistance-api';

// As the server's canEditCatalogue: admins, and region admins of a county or above.
const countyOrAbove = (code: string) => code.slice(6, 12) === '000000';

interface Draft {
  code: string;
  zh: string;
  en?: string;
  category: string;
  fiveBatch: string;
  causes: string[];
}

export function AssistanceMeasuresPage() {
  const at = useAT();
  const { lang } = useLang();
  const { user, codeLists } = useApp();
  const { message } = App.useApp();
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Draft>();
  const canEdit = user.role === 'admin' || (user.role === 'regionAdmin' && countyOrAbove(user.regionCode));

  const load = useCallback(() => {
    void api<Catalogue>('GET', '/assistance/catalogue').then(setCatalogue);
  }, []);
  useEffect(load, [load]);

  const nameOf = (list: Labelled[] | undefined, code: string | null) => list?.find((x) => x.code === code)?.[lang] ?? code ?? '';
  const add = async () => {
    const v = await form.validateFields();
    try {
      await api<Measure>('POST', '/assistance/measures', { code: v.code.trim(), zh: v.zh, en: v.en ?? '', category: v.category, fiveBatch: v.fiveBatch === '' ? null : v.fiveBatch, causes: v.causes });
      setError(null);
      void message.success(at('measureAdded'));
      form.resetFields();
      load();
    } catch (e) {
      if (e instanceof ApiError) setError(e.errors.map((f) => f.message).join('；') || e.message);
    }
  };

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="measures-title">
        {at('measures')}
      </Typography.Title>
      {canEdit && catalogue && (
        <Card size="small" title={at('addMeasureTitle')} style={{ marginBottom: 12 }}>
          <Form form={form} layout="inline" initialValues={{ fiveBatch: '', causes: [] }}>
            <Form.Item name="code" label={at('measureCode')} rules={[{ required: true }]}>
              <Input style={{ width: 140 }} placeholder="oilTeaJob" data-testid="measure-code" />
            </Form.Item>
            <Form.Item name="zh" label={at('measureName')} rules={[{ required: true }]}>
              <Input style={{ width: 180 }} data-testid="measure-name" />
            </Form.Item>
            <Form.Item name="en" label={at('measureNameEn')}>
              <Input style={{ width: 160 }} data-testid="measure-en" />
            </Form.Item>
            <Form.Item name="category" label={at('category')} rules={[{ required: true }]}>
              <Select style={{ width: 130 }} options={catalogue.measureCategories.map((c) => ({ value: c.code, label: c[lang] }))} showSearch optionFilterProp="label" data-testid="measure-category" />
            </Form.Item>
            <Form.Item name="fiveBatch" label={at('fiveBatch')}>
              <Select style={{ width: 170 }} options={[{ value: '', label: at('outsideFiveBatches') }, ...catalogue.fiveBatches.map((b) => ({ value: b.code, label: b[lang] }))]} showSearch optionFilterProp="label" data-testid="measure-five-batch" />
            </Form.Item>
            <Form.Item name="causes" label={at('causes')} rules={[{ required: true }]}>
              <Select mode="multiple" style={{ minWidth: 220 }} options={(codeLists['cause']?.items ?? []).map((c) => ({ value: c.code, label: c[lang] }))} optionFilterProp="label" data-testid="measure-causes" />
            </Form.Item>
            <Button type="primary" onClick={add} data-testid="measure-add">
              {at('addMeasure')}
            </Button>
          </Form>
          {error && <Alert type="error" showIcon style={{ marginTop: 8 }} message={`${at('notSaved')}${error}`} data-testid="measure-error" />}
        </Card>
      )}
      <Table<Measure>
        size="small"
        rowKey="code"
        loading={catalogue === null}
        dataSource={catalogue?.measures ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="measures-table"
        columns={[
          { title: at('measureCode'), dataIndex: 'code', width: 170 },
          { title: at('measureName'), render: (_: unknown, m) => m[lang] },
          { title: at('category'), render: (_: unknown, m) => nameOf(catalogue?.measureCategories, m.category) },
          { title: at('fiveBatch'), render: (_: unknown, m) => (m.fiveBatch ? <Tag color="red">{nameOf(catalogue?.fiveBatches, m.fiveBatch)}</Tag> : at('outsideFiveBatches')) },
          { title: at('causes'), render: (_: unknown, m) => m.causes.map((c) => label(codeLists, 'cause', c, lang)).join('、') },
        ]}
      />
    </div>
  );
}

export default AssistanceMeasuresPage;
