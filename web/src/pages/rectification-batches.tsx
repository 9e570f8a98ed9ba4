// The batches (整改批次) seen from the selected region: each inspection's problem list with its
// assigner and deadline; the assigning unit creates batches and imports their problem lists;
// everyone in scope opens the special report (printable page or xlsx).
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import { api } from '../api';
import { dayOf, label, useApp } from '../app-context';
import { useLang } from '../i18n';
import { useRt } from '../i18n-rectification';
import { RectificationNav } from '../rectification/nav';
import { ImportDialog } from '../rectification/import-dialog';
import { useErrorText } from '../rectification/errors';
import { unitRoles, useRectificationCodeLists, type Batch } from '../rectification/api';

export function RectificationBatchesPage() {
  const rt = useRt();
  const { lang } = useLang();
  const { user, codeLists } = useApp();
  const lists = useRectificationCodeLists();
  const errorText = useErrorText();
  const { message, modal } = App.useApp();
  const [params] = useSearchParams();
  const region = params.get('region') ?? user.regionCode;
  const [batches, setBatches] = useState<Batch[] | null>(null);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState<Batch | null>(null);
  const [form] = Form.useForm();
  const canAssign = unitRoles.has(user.role) && (user.role !== 'department' || user.department !== null);
  // The unit that created a batch alone adds its problems (the server checks again).
  const isAssigner = (b: Batch) => canAssign && b.assigningRegion === user.regionCode && (b.assigningDepartment ?? null) === (user.department ?? null);

  const load = useCallback(() => {
    setBatches(null);
    void api<{ items: Batch[] }>('GET', `/rectification/batches?under=${region}`).then((r) => setBatches(r.items));
  }, [region]);
  useEffect(load, [load]);

  const create = async () => {
    const v = (await form.validateFields()) as { name: string; source: string; finalDeadline: { format: (f: string) => string }; recheckDays?: number };
    try {
      const batch = await api<Batch>('POST', '/rectification/batches', { name: v.name, source: v.source, finalDeadline: v.finalDeadline.format('YYYY-MM-DD'), ...(v.recheckDays ? { recheckDays: v.recheckDays } : {}) });
      void message.success(rt('done_ok'));
      setCreating(false);
      form.resetFields();
      load();
      setImporting(batch);
    } catch (e) {
      modal.error({ title: rt('newBatch'), content: errorText(e) });
    }
  };

  return (
    <div>
      <RectificationNav />
      <Space wrap style={{ marginBottom: 12 }}>
        {canAssign && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="rect-new-batch">
            {rt('newBatch')}
          </Button>
        )}
        <Button href="/api/v1/rectification/template.xlsx">{rt('template')}</Button>
      </Space>
      <Table<Batch>
        rowKey="id"
        size="small"
        loading={batches === null}
        dataSource={batches ?? []}
        pagination={false}
        scroll={{ x: 860 }}
        locale={{ emptyText: rt('noBatches') }}
        data-testid="rect-batches"
        columns={[
          { title: rt('name'), dataIndex: 'name', key: 'name', render: (v: string, b) => <Link to={`/rectification/problems?region=${region}&batch=${b.id}`} data-testid="rect-batch-link">{v}</Link> },
          { title: rt('source'), dataIndex: 'source', key: 'source', width: 110, render: (v: string) => (lists ? label(lists, 'problemSource', v, lang) : v) },
          { title: rt('assigning'), key: 'assigning', width: 160, render: (_: unknown, b) => `${b.assigningName ?? b.assigningRegion}${b.assigningDepartment ? ` · ${label(codeLists, 'department', b.assigningDepartment, lang)}` : ''}` },
          { title: rt('finalDeadline'), dataIndex: 'finalDeadline', key: 'finalDeadline', width: 110 },
          { title: rt('createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 110, render: (v: string) => dayOf(v) },
          {
            title: '',
            key: 'actions',
            width: 300,
            render: (_: unknown, b) => (
              <Space wrap size={4}>
                {isAssigner(b) && (
                  <Button size="small" onClick={() => setImporting(b)} data-testid={`rect-import-${b.id}`}>
                    {rt('importList')}
                  </Button>
                )}
                <Link to={`/rectification/batches/${b.id}/report`}>{rt('report')}</Link>
                <Typography.Link href={`/api/v1/rectification/batches/${b.id}/report.xlsx`} data-testid={`rect-report-xlsx-${b.id}`}>
                  {rt('reportXlsx')}
                </Typography.Link>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={creating} title={rt('newBatch')} onOk={() => void create()} onCancel={() => setCreating(false)} okText={rt('create')} cancelText={rt('cancel')} okButtonProps={{ 'data-testid': 'rect-batch-create' }}>
        <Form form={form} layout="vertical" initialValues={{ recheckDays: 90 }}>
          <Form.Item name="name" label={rt('name')} rules={[{ required: true, max: 200 }]}>
            <Input placeholder={rt('batchNameExample')} data-testid="rect-batch-name" />
          </Form.Item>
          <Form.Item name="source" label={rt('source')} rules={[{ required: true }]}>
            <Select options={(lists?.['problemSource']?.items ?? []).map((i) => ({ value: i.code, label: i[lang] }))} data-testid="rect-batch-source" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="finalDeadline" label={rt('finalDeadline')} rules={[{ required: true }]}>
              <DatePicker data-testid="rect-batch-deadline" />
            </Form.Item>
            <Form.Item name="recheckDays" label={rt('recheckDays')}>
              <InputNumber min={1} max={730} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
      <ImportDialog
        batch={importing}
        onClose={(imported) => {
          setImporting(null);
          if (imported) load();
        }}
      />
    </div>
  );
}
