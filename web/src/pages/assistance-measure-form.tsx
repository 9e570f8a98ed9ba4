// The fields of a catalogue measure (帮扶措施), shared by the add form and the edit dialog so both
// ask the same way; the edit dialog leaves out the code, which saved plans refer to.
import { useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { ApiError, api } from '../api';
import { useApp } from '../app-context';
import { useLang } from '../i18n';
import { useAT } from '../i18n-assistance';
import type { Catalogue, Measure } from './assistance-api';

export interface MeasureDraft {
  code: string;
  zh: string;
  en?: string;
  category: string;
  /** '' = outside the five batches (the API's null). */
  fiveBatch: string;
  causes: string[];
}

/** The API body of a draft, without the code. */
export const measureBody = (v: MeasureDraft) => ({ zh: v.zh, en: v.en ?? '', category: v.category, fiveBatch: v.fiveBatch === '' ? null : v.fiveBatch, causes: v.causes });

/** Field errors as one line, for an Alert or a message. */
export const errorText = (e: ApiError): string => e.errors.map((f) => f.message).join('；') || e.message;

/** `testId` prefixes each field's test id (measure-name, measure-edit-name, …). */
export function MeasureFields(props: { catalogue: Catalogue; withCode: boolean; inline: boolean; testId: string }) {
  const at = useAT();
  const { lang } = useLang();
  const { codeLists } = useApp();
  const { catalogue, inline, testId } = props;
  const width = (w: number) => (inline ? { width: w } : undefined);
  return (
    <>
      {props.withCode && (
        <Form.Item name="code" label={at('measureCode')} rules={[{ required: true }]}>
          <Input style={width(140)} placeholder="oilTeaJob" data-testid={`${testId}-code`} />
        </Form.Item>
      )}
      <Form.Item name="zh" label={at('measureName')} rules={[{ required: true }]}>
        <Input style={width(180)} data-testid={`${testId}-name`} />
      </Form.Item>
      <Form.Item name="en" label={at('measureNameEn')}>
        <Input style={width(160)} data-testid={`${testId}-en`} />
      </Form.Item>
      <Form.Item name="category" label={at('category')} rules={[{ required: true }]}>
        <Select style={width(130)} options={catalogue.measureCategories.map((c) => ({ value: c.code, label: c[lang] }))} showSearch optionFilterProp="label" data-testid={`${testId}-category`} />
      </Form.Item>
      <Form.Item name="fiveBatch" label={at('fiveBatch')}>
        <Select style={width(170)} options={[{ value: '', label: at('outsideFiveBatches') }, ...catalogue.fiveBatches.map((b) => ({ value: b.code, label: b[lang] }))]} showSearch optionFilterProp="label" data-testid={`${testId}-five-batch`} />
      </Form.Item>
      <Form.Item name="causes" label={at('causes')} rules={[{ required: true }]}>
        <Select mode="multiple" style={inline ? { minWidth: 220 } : undefined} options={(codeLists['cause']?.items ?? []).map((c) => ({ value: c.code, label: c[lang] }))} optionFilterProp="label" data-testid={`${testId}-causes`} />
      </Form.Item>
    </>
  );
}

/**
 * Edits one measure. An English name that only copies the Chinese one shows empty, so that left
 * empty it keeps following the Chinese name (as the server does).
 */
export function MeasureEditDialog(props: { measure: Measure | null; catalogue: Catalogue; onClose: () => void; onSaved: () => void }) {
  const at = useAT();
  const [form] = Form.useForm<MeasureDraft>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const m = props.measure;

  const save = async () => {
    if (!m) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api<Measure>('PATCH', `/assistance/measures/${encodeURIComponent(m.code)}`, measureBody(v));
      setError(null);
      props.onSaved();
    } catch (e) {
      if (e instanceof ApiError) setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setError(null);
    props.onClose();
  };

  return (
    <Modal open={m !== null} title={at('editMeasureTitle', { code: m?.code ?? '' })} onOk={() => void save()} onCancel={close} okText={at('submit')} cancelText={at('cancel')} confirmLoading={busy} okButtonProps={{ id: 'measure-edit-save' }} destroyOnHidden>
      {m && (
        <Form form={form} layout="vertical" initialValues={{ zh: m.zh, en: m.en === m.zh ? '' : m.en, category: m.category, fiveBatch: m.fiveBatch ?? '', causes: m.causes }}>
          <MeasureFields catalogue={props.catalogue} withCode={false} inline={false} testId="measure-edit" />
        </Form>
      )}
      {error && <Alert type="error" showIcon message={`${at('notSaved')}${error}`} data-testid="measure-edit-error" />}
    </Modal>
  );
}
