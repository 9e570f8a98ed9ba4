// Recording a visit on a phone: date (today), purpose, what was found, one optional follow-up and
// an optional location. Few fields, big controls, one tap to save.
import { useState } from 'react';
import { App, Button, Checkbox, Drawer, Form, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { ApiError, api } from '../api';
import { useLang } from '../i18n';
import { useAT } from '../i18n-assistance';
import type { Catalogue, WorklistHousehold } from './assistance-api';

/** A follow-up is due a week after the day of the visit unless the cadre picks another day. */
const weekAfter = (date: string) => dayjs(date).add(7, 'day').format('YYYY-MM-DD');

function position(): Promise<{ latitude: number; longitude: number } | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: Number(p.coords.latitude.toFixed(6)), longitude: Number(p.coords.longitude.toFixed(6)) }),
      () => resolve(null),
      { timeout: 5000 },
    );
  });
}

export function VisitForm(props: { household: WorklistHousehold | null; today: string; catalogue: Catalogue; cadreId: number | null; onClose: () => void; onSaved: () => void }) {
  const at = useAT();
  const { lang } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const h = props.household;

  const submit = async () => {
    if (!h) return;
    const v = (await form.validateFields()) as { date: string; purpose: string; findings?: string; followUp?: string; due?: string; locate?: boolean };
    setSaving(true);
    try {
      const where = v.locate ? await position() : null;
      if (v.locate && !where) void message.warning(at('locationFailed'));
      const followUps = v.followUp?.trim() ? [{ text: v.followUp.trim(), due: v.due ?? weekAfter(props.today) }] : [];
      await api('POST', '/assistance/visits', { householdId: h.householdId, cadreId: props.cadreId, date: v.date, purpose: v.purpose, findings: v.findings ?? '', followUps, latitude: where?.latitude ?? null, longitude: where?.longitude ?? null });
      void message.success(at('visitSaved'));
      form.resetFields();
      props.onSaved();
    } catch (e) {
      if (e instanceof ApiError) {
        const fields: Record<string, string> = { date: 'date', purpose: 'purpose', findings: 'findings', 'followUps[0].text': 'followUp', 'followUps[0].due': 'due' };
        const known = e.errors.filter((f) => fields[f.field]);
        form.setFields(known.map((f) => ({ name: fields[f.field] ?? f.field, errors: [f.message] })));
        if (known.length < e.errors.length || e.errors.length === 0) void message.error(e.errors.map((f) => f.message).join('；') || e.message);
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer open={h !== null} onClose={props.onClose} placement="bottom" size="large" title={h ? `${at('recordVisit')} · ${h.headName ?? ''} ${h.householdNo}` : ''} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ date: props.today, purpose: 'routine', due: weekAfter(props.today) }} data-testid="visit-form">
        <Form.Item name="date" label={at('visitDate')} rules={[{ required: true }]}>
          <Input type="date" max={props.today} size="large" data-testid="visit-date" />
        </Form.Item>
        <Form.Item name="purpose" label={at('purpose')}>
          <Select size="large" options={props.catalogue.visitPurposes.map((p) => ({ value: p.code, label: p[lang] }))} data-testid="visit-purpose" />
        </Form.Item>
        <Form.Item name="findings" label={at('findings')}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="visit-findings" />
        </Form.Item>
        <Form.Item name="followUp" label={at('followUp')}>
          <Input size="large" maxLength={500} data-testid="followup-text" />
        </Form.Item>
        <Form.Item name="due" label={at('followUpDue')}>
          <Input type="date" size="large" data-testid="followup-due" />
        </Form.Item>
        <Form.Item name="locate" valuePropName="checked">
          <Checkbox>{at('location')}</Checkbox>
        </Form.Item>
        <Button type="primary" size="large" block loading={saving} onClick={submit} data-testid="visit-submit">
          {at('submit')}
        </Button>
      </Form>
    </Drawer>
  );
}
