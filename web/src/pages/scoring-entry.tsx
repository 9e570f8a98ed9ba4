// Typing a whole period in the workbench: the units of the period on screen, one row each, one
// column per entered component and item. Sent as one period, checked whole, stored or refused.
import { useState } from 'react';
import { Alert, Button, Input, InputNumber, Modal, Space, Table } from 'antd';
import { ApiError, api, type FieldError } from '../api';
import { useScoringT } from '../i18n-scoring';
import { type RankingPage, scoringPath } from '../scoring-api';

type Cells = Record<string, Record<string, number | null>>;

export function EnterPeriod({ data, onSaved }: { data: RankingPage; onSaved: (period: string) => void }) {
  const t = useScoringT();
  const scheme = data.scheme;
  const [open, setOpen] = useState(false);
  const [period, setPeriod] = useState('');
  const [cells, setCells] = useState<Cells>({});
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const columns = [
    ...scheme.components.filter((c) => c.metric === null).map((c) => ({ id: c.id, name: c.name, kind: 'components' as const })),
    ...scheme.bonuses.items.map((i) => ({ id: i.id, name: i.name, kind: 'bonuses' as const })),
    ...scheme.deductions.items.map((i) => ({ id: i.id, name: i.name, kind: 'deductions' as const })),
  ];
  const units = [...data.units].sort((a, b) => (a.unitId < b.unitId ? -1 : 1));

  const set = (unitId: string, id: string, value: number | null) => setCells((c) => ({ ...c, [unitId]: { ...(c[unitId] ?? {}), [id]: value } }));

  const save = async () => {
    const rows = units.map((u) => {
      const row = cells[u.unitId] ?? {};
      const of = (kind: 'components' | 'bonuses' | 'deductions') => Object.fromEntries(columns.filter((c) => c.kind === kind).flatMap((c) => (kind === 'components' ? [[c.id, row[c.id] ?? null]] : typeof row[c.id] === 'number' ? [[c.id, row[c.id]]] : [])));
      return { unitId: u.unitId, unitName: u.unitName, peerGroups: u.peerGroups, components: of('components'), bonuses: of('bonuses'), deductions: of('deductions'), vetoes: [] };
    });
    setBusy(true);
    setErrors([]);
    try {
      await api('PUT', `${scoringPath(scheme.id, period.trim())}/scores`, { rows });
      setOpen(false);
      onSaved(period.trim());
    } catch (e) {
      setErrors(e instanceof ApiError ? (e.errors.length > 0 ? e.errors : [{ field: '', message: e.message, messageEn: e.message, fix: '' }]) : []);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button onClick={() => { setCells({}); setErrors([]); setOpen(true); }} data-testid="enter-period">
        {t('enterPeriod')}
      </Button>
      <Modal width={960} open={open} title={t('enterPeriod')} onCancel={() => setOpen(false)} onOk={() => void save()} confirmLoading={busy} okText={t('save')} okButtonProps={{ id: 'save-period', disabled: period.trim() === '' }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input style={{ width: 200 }} placeholder={t('period')} value={period} onChange={(e) => setPeriod(e.target.value)} data-testid="entry-period" />
          <Table
            size="small"
            rowKey="unitId"
            pagination={false}
            scroll={{ y: 420, x: true }}
            dataSource={units}
            columns={[
              { title: t('unit'), dataIndex: 'unitName', fixed: 'left' as const, width: 110 },
              ...columns.map((c) => ({
                title: c.name,
                key: c.id,
                render: (_: unknown, u: (typeof units)[number]) => <InputNumber size="small" step={0.01} style={{ width: 96 }} value={cells[u.unitId]?.[c.id] ?? null} onChange={(v) => set(u.unitId, c.id, typeof v === 'number' ? v : null)} data-testid={`entry-${u.unitId}-${c.id}`} />,
              })),
            ]}
          />
          {errors.length > 0 && (
            <div data-testid="entry-errors">
              <Alert type="error" message={t('importFailed', { n: errors.length })} description={errors.slice(0, 30).map((e) => <div key={`${e.field}${e.message}`}>{e.message}</div>)} />
            </div>
          )}
        </Space>
      </Modal>
    </>
  );
}
