// A household's plan of the year (因户施策): measures from the catalogue with amount and status.
// The server says which recorded causes are still without a measure. A retired measure is offered
// only where the saved plan already has it (shown, not choosable again), as the server allows.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Drawer, Empty, InputNumber, Select, Space, Spin } from 'antd';
import { ApiError, api } from '../api';
import { label, useApp } from '../app-context';
import { useLang } from '../i18n';
import { useAT } from '../i18n-assistance';
import type { Catalogue, Plan, WorklistHousehold } from './assistance-api';

interface Row {
  measure: string;
  yuan: number;
  status: string;
}

/** `readOnly`: an account that may read the plan but not change it (an inspector) sees it without the controls the server would refuse. */
export function PlanEditor(props: { household: WorklistHousehold | null; year: number; catalogue: Catalogue; onClose: () => void; readOnly?: boolean }) {
  const at = useAT();
  const { lang } = useLang();
  const { codeLists } = useApp();
  const { message } = App.useApp();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [version, setVersion] = useState<number | null>(null);
  const [saved, setSaved] = useState<ReadonlySet<string>>(new Set());
  const [warning, setWarning] = useState<string | null>(null);
  // A plan that cannot be read says why instead of spinning on.
  const [loadError, setLoadError] = useState<string | null>(null);
  const h = props.household;

  useEffect(() => {
    setRows(null);
    setWarning(null);
    setLoadError(null);
    if (!h) return;
    void api<{ plan: Plan | null }>('GET', `/assistance/households/${h.householdId}/plans/${props.year}`).then((r) => {
      setVersion(r.plan?.version ?? 0);
      setRows(r.plan ? r.plan.measures.map((m) => ({ measure: m.measure_code, yuan: m.amount_fen / 100, status: m.status })) : []);
      setSaved(new Set(r.plan?.measures.map((m) => m.measure_code)));
    }, (e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)));
  }, [h, props.year]);

  const save = async () => {
    if (!h || !rows) return;
    const measures = rows.filter((x) => x.measure);
    try {
      const r = await api<{ version: number; uncoveredCauses: string[] }>('PUT', `/assistance/households/${h.householdId}/plans/${props.year}`, { version, measures: measures.map((x) => ({ measure: x.measure, amountFen: Math.round(x.yuan * 100), status: x.status, note: '' })) });
      setVersion(r.version);
      setSaved(new Set(measures.map((x) => x.measure)));
      void message.success(at('planSaved'));
      setWarning(r.uncoveredCauses.length > 0 ? at('uncoveredWarning', { causes: r.uncoveredCauses.map((c) => label(codeLists, 'cause', c, lang)).join('、') }) : null);
    } catch (e) {
      if (e instanceof ApiError) void message.error(e.errors.map((f) => f.message).join('；') || e.message);
    }
  };

  const options = props.catalogue.measures.filter((m) => m.active || saved.has(m.code)).map((m) => ({ value: m.code, label: m.active ? m[lang] : `${m[lang]}（${at('retired')}）`, disabled: !m.active }));
  const set = (i: number, patch: Partial<Row>) => setRows((current) => (current ?? []).map((x, k) => (k === i ? { ...x, ...patch } : x)));

  return (
    <Drawer open={h !== null} onClose={props.onClose} placement="bottom" size="large" title={`${at('planYear', { year: props.year })} · ${h?.householdNo ?? ''}`} destroyOnHidden>
      {loadError !== null ? (
        <Alert type="error" showIcon message={loadError} data-testid="plan-load-error" />
      ) : rows === null ? (
        <Spin />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="plan-editor">
          {rows.map((x, i) => (
            <Space key={i} wrap style={{ width: '100%' }}>
              <Select disabled={props.readOnly} style={{ minWidth: 220 }} value={x.measure || undefined} placeholder={at('measure')} onChange={(v: string) => set(i, { measure: v })} options={options} data-testid={`plan-measure-${i}`} showSearch optionFilterProp="label" />
              <InputNumber disabled={props.readOnly} min={0} value={x.yuan} onChange={(v) => set(i, { yuan: Number(v ?? 0) })} addonAfter={at('yuan')} data-testid={`plan-amount-${i}`} />
              <Select disabled={props.readOnly} style={{ minWidth: 110 }} value={x.status} onChange={(v: string) => set(i, { status: v })} options={props.catalogue.planStatuses.map((s) => ({ value: s.code, label: s[lang] }))} data-testid={`plan-status-${i}`} />
              {!props.readOnly && (
                <Button danger onClick={() => setRows((current) => (current ?? []).filter((_, k) => k !== i))}>
                  {at('remove')}
                </Button>
              )}
            </Space>
          ))}
          {props.readOnly && rows.length === 0 && <Empty description={at('noPlan')} />}
          {!props.readOnly && (
            <>
              <Button onClick={() => setRows((current) => [...(current ?? []), { measure: '', yuan: 0, status: 'planned' }])} data-testid="plan-add">
                {at('addMeasure')}
              </Button>
              {warning && <Alert type="warning" showIcon message={warning} data-testid="plan-warning" />}
              <Button type="primary" size="large" block onClick={save} data-testid="plan-save">
                {at('submit')}
              </Button>
            </>
          )}
        </Space>
      )}
    </Drawer>
  );
}
