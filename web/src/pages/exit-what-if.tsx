// What-if panel: change the standard's parameters for the year or drop criteria, and see how many
// units flip and which, before anything is stored.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { ApiError, api } from '../api';
import { fmt } from '../app-context';
import { useLang } from '../i18n';
import { exitUnitText, useExitT } from '../i18n-exit-rules';
import { statusColor, type RuleSetInfo, type UnitKind, type UnitStatus, type WhatIfResult } from '../exit-api';
import { RegionName } from '../components/region-name';

type Value = number | boolean | string;

export function WhatIfPanel({ unit, under, year, ruleSet }: { unit: UnitKind; under: string; year: number; ruleSet: RuleSetInfo | undefined }) {
  const t = useExitT();
  const { lang } = useLang();
  const { message } = App.useApp();
  const [values, setValues] = useState<Record<string, Value>>({});
  const [drop, setDrop] = useState<string[]>([]);
  const [rewrite, setRewrite] = useState<{ id?: string; expr: string }>({ expr: '' });
  const [result, setResult] = useState<WhatIfResult | null>(null);
  const [busy, setBusy] = useState(false);
  const current = (p: RuleSetInfo['parameters'][number]): Value | null => p.byYear[String(year)] ?? p.value;
  useEffect(() => {
    setValues({});
    setDrop([]);
    setRewrite({ expr: '' });
    setResult(null);
  }, [ruleSet?.id, year, unit]);
  if (!ruleSet) return null;

  const tryIt = async () => {
    setBusy(true);
    try {
      const parameters = Object.fromEntries(Object.entries(values).filter(([name, v]) => v !== current(ruleSet.parameters.find((p) => p.name === name) ?? { name, type: '', label: null, unit: null, value: null, byYear: {} })));
      setResult(await api<WhatIfResult>('POST', '/exit/what-if', { unit, under, year, ruleSetId: ruleSet.id, change: { parameters, criteria: [...drop.map((id) => ({ id, remove: true })), ...(rewrite.id && rewrite.expr.trim() ? [{ id: rewrite.id, expr: rewrite.expr.trim() }] : [])] }, limit: 100 }));
    } catch (e) {
      const detail = e instanceof ApiError && e.errors.length > 0 ? `：${e.errors.map((x) => x.message).join('；')}` : '';
      void message.error(`${e instanceof Error ? e.message : String(e)}${detail}`);
    } finally {
      setBusy(false);
    }
  };
  const label = (x: { zh: string; en: string } | null, fallback: string) => (x ? (lang === 'en' ? x.en : x.zh) : fallback);
  const statusText = (st: UnitStatus) => (st === 'ready' ? t('exitReady') : st === 'blocked' ? t('exitBlocked') : t('exitNoData'));

  return (
    <Card size="small" title={t('exitWhatIf')} data-testid="exit-what-if">
      <Typography.Paragraph type="secondary">{t('exitWhatIfHint')}</Typography.Paragraph>
      <Form layout="inline" style={{ rowGap: 8 }}>
        {ruleSet.parameters.map((p) => {
          const v = values[p.name] ?? current(p);
          const change = (nv: Value | null) => setValues({ ...values, [p.name]: nv ?? '' });
          return (
            <Form.Item key={p.name} label={`${label(p.label, p.name)}${p.unit ? (lang === 'en' ? ` (${exitUnitText(lang, p.unit)})` : `（${p.unit}）`) : ''}`}>
              {p.type === 'number' ? <InputNumber value={typeof v === 'number' ? v : null} onChange={change} data-testid={`exit-param-${p.name}`} />
                : p.type === 'boolean' ? <Switch checked={v === true} onChange={change} />
                : <Input value={String(v ?? '')} onChange={(e) => change(e.target.value)} />}
            </Form.Item>
          );
        })}
        <Form.Item label={t('exitDrop')}>
          <Select mode="multiple" value={drop} onChange={setDrop} style={{ minWidth: 260 }} options={ruleSet.criteria.map((c) => ({ value: c.id, label: label(c.label, c.id) }))} />
        </Form.Item>
        <Form.Item label={t('exitRewrite')}>
          <Space.Compact>
            <Select allowClear placeholder={t('exitCriterion')} value={rewrite.id} style={{ width: 200 }} data-testid="exit-rewrite-criterion"
              onChange={(id?: string) => setRewrite({ ...(id ? { id } : {}), expr: ruleSet.criteria.find((c) => c.id === id)?.expr ?? '' })}
              options={ruleSet.criteria.map((c) => ({ value: c.id, label: label(c.label, c.id) }))} />
            <Input value={rewrite.expr} onChange={(e) => setRewrite({ ...rewrite, expr: e.target.value })} style={{ width: 420, fontFamily: 'monospace' }} disabled={!rewrite.id} data-testid="exit-rewrite-expr" />
          </Space.Compact>
        </Form.Item>
        <Button type="primary" ghost loading={busy} onClick={tryIt} data-testid="exit-what-if-run">{t('exitWhatIfRun')}</Button>
      </Form>
      {result && (
        <div style={{ marginTop: 12 }} data-testid="exit-what-if-result">
          <Descriptions size="small" column={{ xs: 1, md: 4 }}>
            <Descriptions.Item label={t('exitReady')}>{fmt.format(result.before.ready)} → {fmt.format(result.after.ready)}</Descriptions.Item>
            <Descriptions.Item label={t('exitBecomeReady')}><Typography.Text type="success">{fmt.format(result.becomeReady)}</Typography.Text></Descriptions.Item>
            <Descriptions.Item label={t('exitBecomeNotReady')}><Typography.Text type="danger" data-testid="exit-become-not-ready">{fmt.format(result.becomeNotReady)}</Typography.Text></Descriptions.Item>
            <Descriptions.Item label={t('exitUnits')}>{fmt.format(result.units)}</Descriptions.Item>
          </Descriptions>
          <Table rowKey="unitCode" size="small" pagination={{ pageSize: 10 }} dataSource={result.flips}
            columns={[
              { title: t('exitUnitCode'), dataIndex: 'unitCode', key: 'u', render: (v: string, r: WhatIfResult['flips'][number]) => (r.householdId ? <Link to={`/exit/households/${r.householdId}?year=${year}`}>{v}</Link> : v) },
              { title: t('exitArea'), dataIndex: 'areaCode', key: 'a', render: (code: string) => <RegionName code={code} /> },
              // Statuses and criteria in words, as on the results list, not 'ready → blocked' and 'income、food'.
              { title: t('exitResult'), key: 's', render: (_: unknown, r: WhatIfResult['flips'][number]) => <Space><Tag color={statusColor[r.before]}>{statusText(r.before)}</Tag>→<Tag color={statusColor[r.after]}>{statusText(r.after)}</Tag></Space> },
              { title: t('exitBlockedBy'), key: 'f', render: (_: unknown, r: WhatIfResult['flips'][number]) => <Space size={[0, 4]} wrap>{r.failing.map((id) => <Tag key={id} color="red">{label(ruleSet.criteria.find((c) => c.id === id)?.label ?? null, id)}</Tag>)}</Space> },
            ]} />
        </div>
      )}
    </Card>
  );
}
