// The edit forms of the household file: basic facts and living conditions, one member, a status
// change. Every form sends what the API takes and shows the API's own field errors beside the
// fields, so the web says exactly what the server's registry rules say.
import { useEffect, useState } from 'react';
import { Alert, App, Checkbox, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import dayjs from 'dayjs';
import { ApiError, api, errorLine, type FieldError } from '../api';
import { useApp } from '../app-context';
import { useLang, useT } from '../i18n';

type Values = Record<string, unknown>;
type FieldKind = { kind: 'code'; list: string; nullable?: boolean; multiple?: number } | { kind: 'number'; min?: number; max?: number; integer?: boolean } | { kind: 'text'; max: number } | { kind: 'bool' } | { kind: 'date' };
interface FieldSpec {
  readonly key: string;
  readonly zh?: string;
  readonly en?: string;
  readonly spec: FieldKind;
}

const householdFields: FieldSpec[] = [
  { key: 'attribute', spec: { kind: 'code', list: 'attribute' } },
  { key: 'mainCause', spec: { kind: 'code', list: 'cause' } },
  { key: 'otherCauses', zh: '其他致贫原因（至多两项）', en: 'Other causes (up to two)', spec: { kind: 'code', list: 'cause', multiple: 2 } },
  { key: 'phone', zh: '联系电话', en: 'Phone', spec: { kind: 'text', max: 20 } },
  { key: 'housingSafetyGrade', spec: { kind: 'code', list: 'housingSafetyGrade', nullable: true } },
  { key: 'houseStructure', spec: { kind: 'code', list: 'houseStructure', nullable: true } },
  { key: 'housingArea', zh: '住房面积（平方米）', en: 'Housing area (m²)', spec: { kind: 'number', min: 0, max: 10000 } },
  { key: 'renovationYear', zh: '危房改造年度', en: 'Renovation year', spec: { kind: 'number', min: 2000, max: 2100, integer: true } },
  { key: 'roadType', spec: { kind: 'code', list: 'roadType', nullable: true } },
  { key: 'distanceToMainRoadKm', zh: '距主干道（公里）', en: 'Distance to main road (km)', spec: { kind: 'number', min: 0, max: 1000 } },
  { key: 'fuelType', spec: { kind: 'code', list: 'fuelType', nullable: true } },
  { key: 'arableLandMu', zh: '耕地面积（亩）', en: 'Arable land (mu)', spec: { kind: 'number', min: 0, max: 100000 } },
  { key: 'irrigatedLandMu', zh: '有效灌溉面积（亩）', en: 'Irrigated land (mu)', spec: { kind: 'number', min: 0, max: 100000 } },
  { key: 'forestLandMu', zh: '林地面积（亩）', en: 'Forest land (mu)', spec: { kind: 'number', min: 0, max: 100000 } },
  { key: 'safeDrinkingWater', zh: '饮水安全', en: 'Safe drinking water', spec: { kind: 'bool' } },
  { key: 'drinkingWaterDifficulty', zh: '饮水困难', en: 'Difficulty getting water', spec: { kind: 'bool' } },
  { key: 'hasProductionPower', zh: '通生产用电', en: 'Power for production', spec: { kind: 'bool' } },
  { key: 'hasDomesticPower', zh: '通生活用电', en: 'Domestic power', spec: { kind: 'bool' } },
  { key: 'hasRadioTv', zh: '通广播电视', en: 'Radio and TV', spec: { kind: 'bool' } },
  { key: 'hasSanitaryToilet', zh: '有卫生厕所', en: 'Sanitary toilet', spec: { kind: 'bool' } },
  { key: 'joinedCooperative', zh: '加入农民专业合作社', en: 'Member of a cooperative', spec: { kind: 'bool' } },
  { key: 'relocationPending', zh: '易地搬迁新房尚未入住', en: 'Relocation home not yet lived in', spec: { kind: 'bool' } },
  { key: 'renovationInProgress', zh: '危房改造尚未完工', en: 'Renovation in progress', spec: { kind: 'bool' } },
  { key: 'industryProjectPending', zh: '产业项目尚未见效', en: 'Industry project not yet producing', spec: { kind: 'bool' } },
];

const memberFields: FieldSpec[] = [
  { key: 'name', zh: '姓名', en: 'Name', spec: { kind: 'text', max: 50 } },
  { key: 'idNumber', zh: '身份证号', en: 'ID number', spec: { kind: 'text', max: 24 } },
  { key: 'relation', spec: { kind: 'code', list: 'relation' } },
  { key: 'sex', spec: { kind: 'code', list: 'sex' } },
  { key: 'birthDate', zh: '出生日期', en: 'Birth date', spec: { kind: 'date' } },
  { key: 'ethnicity', spec: { kind: 'code', list: 'ethnicity' } },
  { key: 'education', spec: { kind: 'code', list: 'education', nullable: true } },
  { key: 'schoolStatus', spec: { kind: 'code', list: 'schoolStatus' } },
  { key: 'health', spec: { kind: 'code', list: 'health' } },
  { key: 'disabilityType', spec: { kind: 'code', list: 'disabilityType', nullable: true } },
  { key: 'labourAbility', spec: { kind: 'code', list: 'labourAbility' } },
  { key: 'workStatus', spec: { kind: 'code', list: 'workStatus' } },
  { key: 'workMonths', zh: '务工时间（月）', en: 'Months worked', spec: { kind: 'number', min: 0, max: 12, integer: true } },
  { key: 'politicalStatus', spec: { kind: 'code', list: 'politicalStatus', nullable: true } },
  { key: 'speaksMandarin', zh: '会讲普通话', en: 'Speaks Mandarin', spec: { kind: 'bool' } },
  { key: 'hasResidentMedicalInsurance', zh: '参加城乡居民基本医疗保险', en: 'Resident medical insurance', spec: { kind: 'bool' } },
  { key: 'hasEmployeeMedicalInsurance', zh: '参加职工基本医疗保险', en: 'Employee medical insurance', spec: { kind: 'bool' } },
  { key: 'hasSeriousIllnessInsurance', zh: '参加大病保险', en: 'Serious-illness insurance', spec: { kind: 'bool' } },
  { key: 'hasResidentPension', zh: '参加城乡居民基本养老保险', en: 'Resident pension', spec: { kind: 'bool' } },
  { key: 'receivesMinimumLiving', zh: '享受农村低保', en: 'Receives minimum living allowance', spec: { kind: 'bool' } },
  { key: 'isExtremePoverty', zh: '特困供养人员', en: 'Extreme-poverty support', spec: { kind: 'bool' } },
];

export const memberKeys = memberFields.map((f) => f.key);
export const householdKeys = householdFields.map((f) => f.key);

function useFieldLabel() {
  const { lang } = useLang();
  const { codeLists } = useApp();
  return (f: FieldSpec) => (lang === 'en' ? f.en : f.zh) ?? (f.spec.kind === 'code' ? codeLists[f.spec.list]?.[lang] : undefined) ?? f.key;
}

const formFields = new Map([...householdFields, ...memberFields].map((f) => [f.key, f]));

/**
 * Names a registry field and shows a value of it as the forms do (labels for codes, 是/否 for
 * flags), for the audit trail; undefined for a field the forms do not have.
 */
export function useFieldPresenter() {
  const { lang } = useLang();
  const { codeLists } = useApp();
  const label = useFieldLabel();
  const codeText = (list: string, v: unknown) => codeLists[list]?.items.find((i) => i.code === v)?.[lang] ?? String(v);
  return {
    name: (key: string): string | undefined => {
      const f = formFields.get(key);
      return f ? label(f) : undefined;
    },
    value: (key: string, v: unknown): string => {
      if (v === null || v === undefined || v === '') return '—';
      const s = formFields.get(key)?.spec;
      if (s?.kind === 'bool' || typeof v === 'boolean') return v === true || v === 1 ? (lang === 'en' ? 'yes' : '是') : lang === 'en' ? 'no' : '否';
      if (s?.kind === 'code') return Array.isArray(v) ? v.map((x) => codeText(s.list, x)).join('、') : codeText(s.list, v);
      return String(v);
    },
  };
}

function FieldInput({ f }: { f: FieldSpec }) {
  const { lang } = useLang();
  const { codeLists } = useApp();
  const label = useFieldLabel();
  const s = f.spec;
  const common = { name: f.key, label: label(f), style: { marginBottom: 10 } };
  switch (s.kind) {
    case 'code': {
      const options = (codeLists[s.list]?.items ?? []).map((i) => ({ value: i.code, label: lang === 'en' ? i.en : i.zh }));
      return (
        <Form.Item {...common} rules={s.nullable || s.multiple ? [] : [{ required: true }]}>
          <Select options={options} allowClear={s.nullable} showSearch optionFilterProp="label" mode={s.multiple ? 'multiple' : undefined} maxCount={s.multiple} data-testid={`field-${f.key}`} />
        </Form.Item>
      );
    }
    case 'number':
      return (
        <Form.Item {...common}>
          <InputNumber min={s.min} max={s.max} precision={s.integer ? 0 : undefined} style={{ width: '100%' }} data-testid={`field-${f.key}`} />
        </Form.Item>
      );
    case 'text':
      return (
        <Form.Item {...common} rules={f.key === 'phone' ? [] : [{ required: true }]}>
          <Input maxLength={s.max} data-testid={`field-${f.key}`} />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item {...common} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} data-testid={`field-${f.key}`} />
        </Form.Item>
      );
    case 'bool':
      return (
        <Form.Item name={f.key} valuePropName="checked" style={{ marginBottom: 4 }}>
          <Checkbox data-testid={`field-${f.key}`}>{label(f)}</Checkbox>
        </Form.Item>
      );
  }
}

function FieldGrid({ fields }: { fields: FieldSpec[] }) {
  const plain = fields.filter((f) => f.spec.kind !== 'bool');
  const flags = fields.filter((f) => f.spec.kind === 'bool');
  return (
    <>
      <Row gutter={12}>
        {plain.map((f) => (
          <Col key={f.key} xs={24} sm={12}>
            <FieldInput f={f} />
          </Col>
        ))}
      </Row>
      <Row gutter={12}>
        {flags.map((f) => (
          <Col key={f.key} xs={24} sm={12}>
            <FieldInput f={f} />
          </Col>
        ))}
      </Row>
    </>
  );
}

/** Form values → API values: dates as YYYY-MM-DD, empty optional fields as null. */
function toApi(fields: FieldSpec[], values: Values): Values {
  const out: Values = {};
  for (const f of fields) {
    const v = values[f.key];
    if (f.spec.kind === 'date') out[f.key] = dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : v;
    else if (f.spec.kind === 'bool') out[f.key] = v === true;
    else if (f.spec.kind === 'code' && f.spec.multiple) out[f.key] = Array.isArray(v) ? v : [];
    else out[f.key] = v === undefined || v === '' ? null : v;
  }
  return out;
}

function toForm(fields: FieldSpec[], record: Values): Values {
  const out: Values = {};
  for (const f of fields) {
    const v = record[f.key];
    out[f.key] = f.spec.kind === 'date' && typeof v === 'string' && v ? dayjs(v) : v;
  }
  return out;
}

/** Shows the server's verdict: field errors beside their fields, anything else as one message. */
function useShowErrors() {
  const { message } = App.useApp();
  const { lang } = useLang();
  return (form: ReturnType<typeof Form.useForm>[0], e: unknown, fieldName: (f: FieldError) => string | null) => {
    if (!(e instanceof ApiError)) {
      void message.error(String(e));
      return;
    }
    const placed = e.errors.map((f) => [fieldName(f), f] as const).filter((x): x is readonly [string, FieldError] => x[0] !== null);
    if (placed.length > 0) form.setFields(placed.map(([name, f]) => ({ name, errors: [errorLine(lang, f)] })));
    if (placed.length < Math.max(1, e.errors.length)) {
      const other = e.errors.find((f) => fieldName(f) === null);
      void message.error(other ? errorLine(lang, other) : e.message);
    }
  };
}

// Long forms scroll inside the dialog, so that 保存 stays on screen on a phone.
const scrollingDialog = { style: { top: 16 }, styles: { body: { maxHeight: 'calc(100dvh - 180px)', overflowY: 'auto' as const } } };

interface EditProps {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onSaved: () => void;
  readonly onStale: () => void;
  readonly household: Values & { id: number; version: number };
}

export function HouseholdEditModal({ open, onClose, onSaved, onStale, household }: EditProps) {
  const t = useT();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showErrors = useShowErrors();
  useEffect(() => {
    if (open) form.setFieldsValue(toForm(householdFields, household));
  }, [open, household, form]);

  const save = async () => {
    const values = toApi(householdFields, (await form.validateFields()) as Values);
    // Send only what changed, so the audit entry names exactly the edited fields.
    const changes = Object.fromEntries(Object.entries(values).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(household[k] ?? null)));
    if (Object.keys(changes).length === 0) return onClose();
    setBusy(true);
    try {
      await api('PATCH', `/households/${household.id}`, { version: household.version, changes });
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'stale_version') onStale();
      else showErrors(form, e, (f) => householdFields.find((x) => x.key === f.field.replace(/^changes\./, ''))?.key ?? null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('editHousehold')} onOk={save} onCancel={onClose} okText={t('save')} cancelText={t('cancel')} confirmLoading={busy} width={760} okButtonProps={{ id: 'save-household' }} destroyOnHidden {...scrollingDialog}>
      <Form form={form} layout="vertical" size="small">
        <FieldGrid fields={householdFields} />
      </Form>
    </Modal>
  );
}

interface MemberProps extends Omit<EditProps, 'household'> {
  readonly household: { id: number; version: number };
  readonly members: Values[];
  /** The index of the member being edited, or null to add one. */
  readonly index: number | null;
}

export function MemberEditModal({ open, onClose, onSaved, onStale, household, members, index }: MemberProps) {
  const t = useT();
  const { lang } = useLang();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showErrors = useShowErrors();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      index === null
        ? { ethnicity: 'han', schoolStatus: 'notInSchool', health: 'healthy', labourAbility: 'ordinary', workStatus: 'notWorking', workMonths: 0, speaksMandarin: true, hasResidentMedicalInsurance: true }
        : toForm(memberFields, members[index] ?? {}),
    );
  }, [open, index, members, form]);

  const save = async () => {
    const member = toApi(memberFields, (await form.validateFields()) as Values);
    const all: Values[] = members.map((m) => Object.fromEntries(memberKeys.map((k) => [k, m[k] ?? null])));
    const target = index ?? all.length;
    all[target] = member;
    setBusy(true);
    try {
      await api('PUT', `/households/${household.id}/members`, { version: household.version, members: all });
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'stale_version') onStale();
      // Errors of this member go beside its fields; those of other members (say, a second head) as a message.
      else showErrors(form, e, (f) => {
        const m = /^members\[(\d+)\]\.(\w+)$/.exec(f.field);
        return m && Number(m[1]) === target && memberKeys.includes(m[2] ?? '') ? (m[2] ?? null) : null;
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={index === null ? t('addMember') : t('editMember')} onOk={save} onCancel={onClose} okText={t('save')} cancelText={t('cancel')} confirmLoading={busy} width={760} okButtonProps={{ id: 'save-member' }} destroyOnHidden {...scrollingDialog}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={lang === 'en' ? 'Birth date and sex must agree with the ID number; one person may belong to one household only.' : '出生日期、性别须与身份证号一致；同一人只能登记在一户中。'} />
      <Form form={form} layout="vertical" size="small">
        <FieldGrid fields={memberFields} />
      </Form>
    </Modal>
  );
}

export function StatusEventModal({ open, onClose, onSaved, onStale, household, latestEventDate }: Omit<EditProps, 'household'> & { household: { id: number; version: number; status: string }; latestEventDate: string | null }) {
  const t = useT();
  const { lang } = useLang();
  const { codeLists } = useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showErrors = useShowErrors();
  const type = Form.useWatch('type', form) as string | undefined;
  // The server refuses a date before the latest event (`eventDateError`); the picker does not offer one.
  const latest = latestEventDate === null ? null : dayjs(latestEventDate);
  // The events the current status allows: the server checks the same order.
  const allowed = household.status === 'exited' ? ['relapsed', 'removed'] : household.status === 'removed' ? [] : ['exited', 'removed'];
  const options = (codeLists['statusEventType']?.items ?? []).filter((i) => allowed.includes(i.code)).map((i) => ({ value: i.code, label: lang === 'en' ? i.en : i.zh }));

  const save = async () => {
    const v = (await form.validateFields()) as { type: string; date: dayjs.Dayjs; reason?: string; basis?: string };
    setBusy(true);
    try {
      await api('POST', `/households/${household.id}/events`, { version: household.version, type: v.type, date: v.date.format('YYYY-MM-DD'), reason: v.type === 'removed' ? (v.reason ?? null) : null, basis: v.basis?.trim() || null });
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'stale_version') onStale();
      else showErrors(form, e, (f) => (['type', 'date', 'reason', 'basis'].includes(f.field) ? f.field : null));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('changeStatus')} onOk={save} onCancel={onClose} okText={t('save')} cancelText={t('cancel')} confirmLoading={busy} okButtonProps={{ id: 'save-status', disabled: options.length === 0 }} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ date: dayjs() }}>
        <Form.Item name="type" label={codeLists['statusEventType']?.[lang]} rules={[{ required: true }]}>
          <Select options={options} data-testid="field-type" />
        </Form.Item>
        <Form.Item name="date" label={t('date')} rules={[{ required: true }]} extra={latestEventDate === null ? undefined : lang === 'en' ? `Not before ${latestEventDate}, the household's latest status change: changes are recorded in date order.` : `不早于 ${latestEventDate}（该户最近一次状态变动）：状态变动按时间先后登记。`}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day') || (latest !== null && d.isBefore(latest, 'day'))} data-testid="field-date" />
        </Form.Item>
        {type === 'removed' && (
          <Form.Item name="reason" label={codeLists['removalReason']?.[lang]} rules={[{ required: true }]}>
            <Select options={(codeLists['removalReason']?.items ?? []).map((i) => ({ value: i.code, label: lang === 'en' ? i.en : i.zh }))} />
          </Form.Item>
        )}
        <Form.Item name="basis" label={t('basis')} extra={lang === 'en' ? 'The decision or document this change rests on.' : '变动所依据的决定或文件，如“某乡镇脱贫公告〔2019〕3号”。'}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
