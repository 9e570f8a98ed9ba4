// The measure catalogue (帮扶措施目录): every measure with its category, its batch of the five
// batches (五个一批) and the causes it answers; an admin or a county office adds its own measures,
// edits them, and retires one no longer offered (greyed, tagged 已停用) or brings it back.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { ApiError, api } from '../api';
import { label, useApp } from '../app-context';
import { useLang } from '../i18n';
import { useAT } from '../i18n-assistance';
import type { Catalogue, Labelled, Measure } from './assistance-api';
import { errorText, measureBody, MeasureEditDialog, MeasureFields, type MeasureDraft } from './assistance-measure-form';

// As the server's canEditCatalogue: admins, and region admins of a county or above.
const countyOrAbove = (code: string) => code.slice(6, 12) === '000000';

export function AssistanceMeasuresPage() {
  const at = useAT();
  const { lang } = useLang();
  const { user, codeLists } = useApp();
  const { message } = App.useApp();
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Measure | null>(null);
  const [form] = Form.useForm<MeasureDraft>();
  const canEdit = user.role === 'admin' || (user.role === 'regionAdmin' && countyOrAbove(user.regionCode));

  const load = useCallback(() => {
    void api<Catalogue>('GET', '/assistance/catalogue').then(setCatalogue);
  }, []);
  useEffect(load, [load]);

  const nameOf = (list: Labelled[] | undefined, code: string | null) => list?.find((x) => x.code === code)?.[lang] ?? code ?? '';
  const add = async () => {
    const v = await form.validateFields();
    try {
      await api<Measure>('POST', '/assistance/measures', { code: v.code.trim(), ...measureBody(v) });
      setError(null);
      void message.success(at('measureAdded'));
      form.resetFields();
      load();
    } catch (e) {
      if (e instanceof ApiError) setError(errorText(e));
    }
  };
  const setActive = async (m: Measure, active: boolean) => {
    try {
      await api<Measure>('POST', `/assistance/measures/${encodeURIComponent(m.code)}/${active ? 'reactivate' : 'retire'}`);
      void message.success(at(active ? 'measureReactivated' : 'measureRetired'));
      load();
    } catch (e) {
      if (e instanceof ApiError) void message.error(errorText(e));
    }
  };

  // Causes only this measure still answers: after retiring it, plans for those households would
  // have nothing in the catalogue to choose. Said before the click, not refused.
  const uncoveredWarning = (m: Measure) => {
    const others = (catalogue?.measures ?? []).filter((x) => x.active && x.code !== m.code);
    const left = m.causes.filter((c) => !others.some((x) => x.causes.includes(c)));
    return left.length === 0 ? undefined : <Typography.Text type="warning" data-testid="retire-uncovered">{at('retireUncovered', { causes: left.map((c) => label(codeLists, 'cause', c, lang)).join('、') })}</Typography.Text>;
  };

  const actions = (m: Measure) => (
    <Space size="small">
      <Button size="small" onClick={() => setEditing(m)} data-testid={`measure-edit-${m.code}`}>
        {at('edit')}
      </Button>
      {m.active ? (
        <Popconfirm title={at('retireConfirm')} description={uncoveredWarning(m)} okText={at('retire')} cancelText={at('cancel')} onConfirm={() => setActive(m, false)}>
          <Button size="small" danger data-testid={`measure-retire-${m.code}`}>
            {at('retire')}
          </Button>
        </Popconfirm>
      ) : (
        <Button size="small" onClick={() => void setActive(m, true)} data-testid={`measure-reactivate-${m.code}`}>
          {at('reactivate')}
        </Button>
      )}
    </Space>
  );

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="measures-title">
        {at('measures')}
      </Typography.Title>
      {canEdit && catalogue && (
        <Card size="small" title={at('addMeasureTitle')} style={{ marginBottom: 12 }}>
          <Form form={form} layout="inline" initialValues={{ fiveBatch: '', causes: [] }}>
            <MeasureFields catalogue={catalogue} withCode inline testId="measure" />
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
        // A retired measure stays listed (saved plans still name it), greyed out.
        onRow={(m) => ({ style: m.active ? undefined : { opacity: 0.55 } })}
        data-testid="measures-table"
        columns={[
          { title: at('measureCode'), dataIndex: 'code', width: 170 },
          { title: at('measureName'), render: (_: unknown, m) => (m.active ? m[lang] : <Space size="small">{m[lang]}<Tag data-testid="retired-tag">{at('retired')}</Tag></Space>) },
          { title: at('category'), render: (_: unknown, m) => nameOf(catalogue?.measureCategories, m.category) },
          { title: at('fiveBatch'), render: (_: unknown, m) => (m.fiveBatch ? <Tag color="red">{nameOf(catalogue?.fiveBatches, m.fiveBatch)}</Tag> : at('outsideFiveBatches')) },
          { title: at('causes'), render: (_: unknown, m) => m.causes.map((c) => label(codeLists, 'cause', c, lang)).join('、') },
          ...(canEdit ? [{ title: at('actions'), width: 150, render: (_: unknown, m: Measure) => actions(m) }] : []),
        ]}
      />
      {catalogue && (
        <MeasureEditDialog
          measure={editing}
          catalogue={catalogue}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void message.success(at('measureSaved'));
            load();
          }}
        />
      )}
    </div>
  );
}

export default AssistanceMeasuresPage;
