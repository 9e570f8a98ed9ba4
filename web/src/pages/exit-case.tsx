// One exit case: the steps as a timeline with who signed and what is missing, the actions the
// signed-in account may take now (sign its line, attach files, record an objection), the history,
// and the printable verification form (退出核验表).
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Result, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { ApiError, api } from '../api';
import { fileBase64, type CaseDetail, type SlotView, type StepView } from '../api-exit';
import { useLang } from '../i18n';
import { useXT } from '../i18n-exit';
import { ExitForm, printStyle } from './exit-form';
import { todayText } from '../app-context';


export function ExitCasePage() {
  const t = useXT();
  const { lang } = useLang();
  const { id } = useParams();
  const { message } = App.useApp();
  const [d, setD] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [signing, setSigning] = useState<{ step: StepView; slot: SlotView } | null>(null);
  const [objecting, setObjecting] = useState(false);
  const [form] = Form.useForm();
  const [objForm] = Form.useForm();
  const fileInput = useRef<HTMLInputElement>(null);

  const load = useCallback(() => {
    api<CaseDetail>('GET', `/exit-cases/${id ?? ''}`).then(setD, (e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e))));
  }, [id]);
  useEffect(load, [load]);

  if (error) return <Result status={error.status === 404 ? '404' : 'error'} title={error.message} />;
  if (!d) return <Spin style={{ marginTop: 80, width: '100%' }} />;
  const c = d.case;
  const current = d.state.steps.find((s) => s.status === 'current') ?? null;
  const name = (x: { zh: string; en: string }) => (lang === 'en' ? x.en : x.zh);
  const showErrors = (e: unknown) => {
    if (e instanceof ApiError) {
      if (e.errors.length > 0) form.setFields(e.errors.map((f) => ({ name: f.field.replace('details.', ''), errors: [f.message] })));
      void message.error(e.errors.map((f) => f.message).join('；') || e.message);
    }
  };

  const submitSign = async () => {
    if (!signing) return;
    const v = (await form.validateFields()) as { date: string; signatoryName?: string; participants?: number; inFavour?: number; note?: string };
    const details = signing.step.id === 'democraticAppraisal' ? { participants: v.participants ?? 0, inFavour: v.inFavour ?? 0 } : null;
    try {
      await api('POST', `/exit-cases/${c.id}/signatures`, { version: c.version, step: signing.step.id, slot: signing.slot.id, date: v.date, signatoryName: v.signatoryName || null, note: v.note || null, details });
      void message.success(t('saved'));
      setSigning(null);
      form.resetFields();
      load();
    } catch (e) {
      showErrors(e);
    }
  };

  const submitObjection = async () => {
    const v = (await objForm.validateFields()) as { date: string; content: string; objector?: string };
    try {
      await api('POST', `/exit-cases/${c.id}/objections`, { version: c.version, date: v.date, content: v.content, objector: v.objector || null });
      setObjecting(false);
      objForm.resetFields();
      load();
    } catch (e) {
      showErrors(e);
    }
  };

  const upload = async (file: File | undefined) => {
    if (!file || !current) return;
    try {
      await api('POST', `/exit-cases/${c.id}/attachments`, { step: current.id, fileName: file.name, mediaType: file.type || 'application/octet-stream', contentBase64: await fileBase64(file) });
      void message.success(t('saved'));
      load();
    } catch (e) {
      showErrors(e);
    }
  };

  const stepItems = d.state.steps.map((s) => {
    const files = d.attachments.filter((a) => a.step === s.id && a.round === c.round);
    return {
      color: s.status === 'done' ? 'green' : s.status === 'current' ? 'blue' : 'gray',
      children: (
        <div data-testid={`step-${s.id}`}>
          <Typography.Text strong>{name(s)}</Typography.Text> {s.status === 'current' && <Tag color="blue">{t('currentStep')}</Tag>}
          {s.slots.map((x) => (
            <div key={x.id} style={{ marginLeft: 8 }}>
              {name(x)}：
              {x.signature ? (
                <span data-testid={`signed-${s.id}-${x.id}`}>✓ {x.signature.signatoryName} · {x.signature.date} <Typography.Text type="secondary">({x.signature.actor})</Typography.Text></span>
              ) : (
                <Tag color="red">{t('missing')}</Tag>
              )}
              {s.status === 'current' && d.signable.includes(x.id) && (
                <Button size="small" type="primary" data-testid={`sign-${s.id}-${x.id}`} onClick={() => { form.resetFields(); form.setFieldsValue({ date: todayText() }); setSigning({ step: s, slot: x }); }}>
                  {t('sign')}
                </Button>
              )}
            </div>
          ))}
          {(files.length > 0 || (s.status === 'current' && s.needsAttachment)) && (
            <div style={{ marginLeft: 8 }}>
              {t('attachments')}：{files.map((a) => <a key={a.id} href={`/api/v1/exit-cases/attachments/${a.id}`} style={{ marginRight: 8 }} title={`sha256 ${a.sha256}`}>{a.fileName}</a>)}
              {files.length === 0 && <Tag color="orange">{t('missing')}</Tag>}
              {s.status === 'current' && d.canAttach && <Button size="small" data-testid="upload" onClick={() => fileInput.current?.click()}>{t('upload')}</Button>}
            </div>
          )}
        </div>
      ),
    };
  });

  return (
    <div>
      <style>{printStyle}</style>
      <div className="no-print">
        <Space wrap style={{ marginBottom: 12 }}>
          <Link to={`/exit-cases?region=${c.regionCode}`}>{t('back')}</Link>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-title">
            {t('exitCase')} {c.id} · {name(c.kindLabel)} {d.unit.household?.householdNo ?? d.unit.path.at(-1)?.name ?? c.regionCode} · {c.year}
          </Typography.Title>
          <Tag color={c.status === 'closed' ? 'green' : 'blue'} data-testid="case-status">{t(c.status)}</Tag>
          {c.round > 1 && <Tag>{t('round')} {c.round}</Tag>}
          <Button onClick={() => window.print()} data-testid="print">{t('print')}</Button>
          {d.canObject && <Button danger data-testid="object" onClick={() => { objForm.resetFields(); objForm.setFieldsValue({ date: todayText() }); setObjecting(true); }}>{t('objection')}</Button>}
        </Space>
        {d.state.notice && <Alert style={{ marginBottom: 12 }} type={d.state.noticeOpen ? 'info' : 'success'} message={`${t('notice')}：${t('noticeRuns', d.state.notice)}`} />}
        {c.status === 'open' && current && d.signable.length === 0 && <Alert style={{ marginBottom: 12 }} type="warning" message={`${name(current)}：${t('noRights')}`} />}
        <input ref={fileInput} type="file" style={{ display: 'none' }} data-testid="file-input" onChange={(e) => { void upload(e.target.files?.[0]); e.target.value = ''; }} />
        <Card title={t('steps')} size="small" style={{ marginBottom: 12 }}>
          <Timeline items={stepItems} />
        </Card>
        {(d.objections.length > 0 || d.signatures.some((s) => s.voided)) && (
          <Card title={t('objections')} size="small" style={{ marginBottom: 12 }}>
            <Table size="small" rowKey="id" pagination={false} dataSource={d.objections} columns={[{ title: t('date'), dataIndex: 'date' }, { title: t('content'), dataIndex: 'content' }, { title: t('objector'), dataIndex: 'objector' }, { title: t('round'), dataIndex: 'round' }]} />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t('voided')}：{d.signatures.filter((s) => s.voided).map((s) => `${s.step}/${s.slot} ${s.signatoryName} ${s.date}`).join('；')}
            </Typography.Paragraph>
          </Card>
        )}
      </div>
      <ExitForm detail={d} />
      <Modal open={signing !== null} title={signing ? t('signAs', { slot: `${name(signing.step)} · ${name(signing.slot)}` }) : ''} onOk={submitSign} onCancel={() => setSigning(null)} okText={t('sign')} cancelText={t('cancel')} okButtonProps={{ id: 'sign-ok' }}>
        <Form form={form} layout="vertical">
          <Form.Item name="date" label={t('date')} rules={[{ required: true }]}><Input type="date" data-testid="sign-date" /></Form.Item>
          <Form.Item name="signatoryName" label={t('signatoryName')} rules={[{ required: signing?.slot.named ?? false }]}><Input data-testid="sign-name" /></Form.Item>
          {signing?.step.id === 'democraticAppraisal' && (
            <Space>
              <Form.Item name="participants" label={t('participants')} rules={[{ required: true }]}><InputNumber min={1} data-testid="sign-participants" /></Form.Item>
              <Form.Item name="inFavour" label={t('inFavour')} rules={[{ required: true }]}><InputNumber min={0} data-testid="sign-in-favour" /></Form.Item>
            </Space>
          )}
          <Form.Item name="note" label={t('note')}><Input /></Form.Item>
        </Form>
      </Modal>
      <Modal open={objecting} title={t('objection')} onOk={submitObjection} onCancel={() => setObjecting(false)} okText={t('submit')} cancelText={t('cancel')}>
        <Form form={objForm} layout="vertical">
          <Form.Item name="date" label={t('date')} rules={[{ required: true }]}><Input type="date" /></Form.Item>
          <Form.Item name="content" label={t('content')} rules={[{ required: true }]}><Input.TextArea rows={3} data-testid="objection-content" /></Form.Item>
          <Form.Item name="objector" label={t('objector')}><Input /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
