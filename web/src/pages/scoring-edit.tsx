// Correcting one unit's scores in the workbench (administrators who may import). The server checks
// the whole period again; problems come back naming unit and component, and nothing is saved.
import { useState } from 'react';
import { Alert, Button, Checkbox, Form, InputNumber, Modal, Space } from 'antd';
import { ApiError, api, errorLine, type FieldError } from '../api';
import { useLang } from '../i18n';
import { useScoringT } from '../i18n-scoring';
import { type RankedUnit, type SchemeDetail, scoringPath } from '../scoring-api';

export function EditScores({ scheme, period, unit, onSaved }: { scheme: SchemeDetail; period: string; unit: RankedUnit; onSaved: () => void }) {
  const t = useScoringT();
  const { lang } = useLang();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [form] = Form.useForm();
  const entered = scheme.components.filter((c) => c.metric === null);

  const save = async () => {
    const v = form.getFieldsValue() as Record<string, number | null | boolean>;
    const pick = (ids: string[], prefix: string) => Object.fromEntries(ids.flatMap((id) => (typeof v[`${prefix}${id}`] === 'number' ? [[id, v[`${prefix}${id}`] as number]] : [])));
    const body = {
      components: Object.fromEntries(entered.map((c) => [c.id, typeof v[`c.${c.id}`] === 'number' ? (v[`c.${c.id}`] as number) : null])),
      bonuses: pick(scheme.bonuses.items.map((i) => i.id), 'b.'),
      deductions: pick(scheme.deductions.items.map((i) => i.id), 'd.'),
      vetoes: scheme.vetoes.filter((x) => v[`v.${x.id}`] === true).map((x) => x.id),
    };
    setBusy(true);
    setErrors([]);
    try {
      await api('PATCH', `${scoringPath(scheme.id, period, unit.unitId)}`, body);
      setOpen(false);
      onSaved();
    } catch (e) {
      setErrors(e instanceof ApiError ? (e.errors.length > 0 ? e.errors : [{ field: '', message: e.message, messageEn: e.message, fix: '' }]) : []);
    } finally {
      setBusy(false);
    }
  };

  const initial = {
    ...Object.fromEntries(entered.map((c) => [`c.${c.id}`, unit.values[c.id] ?? null])),
    ...Object.fromEntries(scheme.bonuses.items.map((i) => [`b.${i.id}`, unit.bonusItems[i.id] ?? null])),
    ...Object.fromEntries(scheme.deductions.items.map((i) => [`d.${i.id}`, unit.deductionItems[i.id] ?? null])),
    ...Object.fromEntries(scheme.vetoes.map((x) => [`v.${x.id}`, unit.vetoes.includes(x.id)])),
  };

  return (
    <>
      <Button onClick={() => { form.setFieldsValue(initial); setErrors([]); setOpen(true); }} data-testid="edit-scores">
        {t('editScores')}
      </Button>
      <Modal open={open} title={`${t('editScores')} · ${unit.unitName} · ${period}`} onCancel={() => setOpen(false)} onOk={() => void save()} confirmLoading={busy} okText={t('save')} okButtonProps={{ id: 'save-scores' }}>
        <Form form={form} layout="horizontal" labelCol={{ span: 10 }}>
          {entered.map((c) => (
            <Form.Item key={c.id} name={`c.${c.id}`} label={`${c.name}（≤ ${c.max}）`}>
              <InputNumber step={0.01} style={{ width: 140 }} data-testid={`score-${c.id}`} />
            </Form.Item>
          ))}
          {scheme.bonuses.items.map((i) => (
            <Form.Item key={i.id} name={`b.${i.id}`} label={`${i.name}（≤ ${i.cap}）`}>
              <InputNumber step={0.01} style={{ width: 140 }} />
            </Form.Item>
          ))}
          {scheme.deductions.items.map((i) => (
            <Form.Item key={i.id} name={`d.${i.id}`} label={`${i.name}（≤ ${i.cap}）`}>
              <InputNumber step={0.01} style={{ width: 140 }} />
            </Form.Item>
          ))}
          {scheme.vetoes.length > 0 && (
            <Space wrap>
              {scheme.vetoes.map((x) => (
                <Form.Item key={x.id} name={`v.${x.id}`} valuePropName="checked" noStyle>
                  <Checkbox>{`${t('vetoed')}：${x.name}`}</Checkbox>
                </Form.Item>
              ))}
            </Space>
          )}
        </Form>
        {errors.length > 0 && (
          <div data-testid="edit-errors" style={{ marginTop: 12 }}>
            <Alert type="error" message={errors.map((e) => errorLine(lang, e)).join(lang === 'en' ? '; ' : '；')} />
          </div>
        )}
      </Modal>
    </>
  );
}
