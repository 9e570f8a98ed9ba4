// Publishing a scheme (发布考核方案) and computing a period from the system's data (从系统数据计算),
// for administrators of a province or city: the same checks as `jingzhun scores scheme` and
// `jingzhun scores compute`; a refused scheme or period shows every problem and stores nothing.
import { useState } from 'react';
import { Alert, Button, Input, Modal, Space, Table } from 'antd';
import { ApiError, api, fixIn, type FieldError } from '../api';
import { useLang } from '../i18n';
import { useApp } from '../app-context';
import { useScoringT } from '../i18n-scoring';
import { scoringPath } from '../scoring-api';
import { FileButton } from '../components/file-button';

/** Mirrors the server's canPublishRanking: system or region admins of a province or a city. */
export function canPublishSchemes(user: { role: string; regionCode: string }): boolean {
  const level = user.regionCode.endsWith('00000000') ? (user.regionCode.endsWith('0000000000') ? 1 : 2) : 3;
  return (user.role === 'admin' || user.role === 'regionAdmin') && level <= 2;
}

/** Every problem of a refused scheme, sheet or period: where, what, how to fix. */
export function Problems({ errors, testId = 'publish-errors' }: { errors: FieldError[]; testId?: string }) {
  const t = useScoringT();
  const { lang } = useLang();
  return (
    <Table<FieldError>
      size="small"
      rowKey={(e, i) => `${e.field}-${i ?? 0}`}
      pagination={false}
      dataSource={errors}
      columns={[
        { title: t('field'), dataIndex: 'field', width: 200 },
        { title: t('problem'), dataIndex: 'message' },
        { title: t('fix'), key: 'fix', width: 220, render: (_: unknown, e: FieldError) => fixIn(lang, e) },
      ]}
      data-testid={testId}
    />
  );
}

function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const run = async (action: () => Promise<string>): Promise<boolean> => {
    setBusy(true);
    setErrors([]);
    setMessage(null);
    try {
      setMessage(await action());
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.errors.length > 0) setErrors(e.errors);
      setMessage(e instanceof Error ? e.message : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, errors, message, run, ok: errors.length === 0 };
}

export function PublishScheme({ onPublished }: { onPublished: (schemeId: string) => void }) {
  const t = useScoringT();
  const { user } = useApp();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState('scheme.yaml');
  const [owner, setOwner] = useState(user.regionCode);
  const s = useSubmit();

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setFileName(file.name);
    setText(await file.text());
  };
  const publish = () =>
    s.run(async () => {
      const r = await api<{ created: boolean; scheme: { id: string; name: string; version: string } }>('POST', '/scoring/schemes', { text, fileName, ownerRegion: owner.trim() });
      onPublished(r.scheme.id);
      return t(r.created ? 'published' : 'publishedSame', { name: r.scheme.name, version: r.scheme.version });
    });

  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="publish-open">
        {t('publishScheme')}
      </Button>
      <Modal open={open} title={t('publishScheme')} width={760} onCancel={() => setOpen(false)} footer={null} destroyOnHidden>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="info" message={t('publishHint')} />
          <div>
            <FileButton label={t('chooseFile')} accept=".yaml,.yml,.txt" onFile={(f) => void readFile(f ?? undefined)} testId="publish-file" />
          </div>
          <Input.TextArea rows={14} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('publishPlaceholder')} style={{ fontFamily: 'monospace' }} data-testid="publish-text" />
          <Space wrap>
            <span>{t('ownerRegion')}</span>
            <Input style={{ width: 180 }} value={owner} onChange={(e) => setOwner(e.target.value)} data-testid="publish-owner" />
            <Button type="primary" loading={s.busy} disabled={text.trim() === ''} onClick={() => void publish()} data-testid="publish-submit">
              {t('publish')}
            </Button>
          </Space>
          {s.message && <Alert type={s.ok ? 'success' : 'error'} message={s.message} data-testid="publish-result" />}
          {s.errors.length > 0 && <Problems errors={s.errors} />}
        </Space>
      </Modal>
    </>
  );
}

export function ComputePeriod({ schemeId, periodType, onComputed }: { schemeId: string; periodType: string; onComputed: (period: string) => void }) {
  const t = useScoringT();
  const [open, setOpen] = useState(false);
  const [period, setPeriod] = useState('');
  const s = useSubmit();
  const compute = () =>
    s.run(async () => {
      const p = period.trim();
      const r = await api<{ periods: { period: string; units: number }[] }>('POST', `${scoringPath(schemeId, p)}/compute`);
      onComputed(p);
      return t('imported', { periods: r.periods.map((x) => `${x.period}（${x.units}）`).join('、') });
    });
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="compute-open">
        {t('computePeriod')}
      </Button>
      <Modal open={open} title={t('computePeriod')} width={640} onCancel={() => setOpen(false)} footer={null} destroyOnHidden>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="info" message={t('computeHint')} />
          <Space wrap>
            <Input style={{ width: 160 }} placeholder={t(`periodExample_${periodType === 'month' ? 'month' : periodType === 'year' ? 'year' : 'quarter'}`)} value={period} onChange={(e) => setPeriod(e.target.value)} data-testid="compute-period" />
            <Button type="primary" loading={s.busy} disabled={period.trim() === ''} onClick={() => void compute()} data-testid="compute-submit">
              {t('compute')}
            </Button>
          </Space>
          {s.message && <Alert type={s.ok ? 'success' : 'error'} message={s.message} data-testid="compute-result" />}
          {s.errors.length > 0 && <Problems errors={s.errors} />}
        </Space>
      </Modal>
    </>
  );
}
