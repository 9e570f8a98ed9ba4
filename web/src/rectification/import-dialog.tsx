// Importing a problem list into a batch: choose the workbook, send it, and either see what was
// created or the full list of refusals (row, field, fix) — nothing is written unless all pass.
import { useState } from 'react';
import { Alert, Button, Modal, Space, Table, Typography } from 'antd';
import { ApiError, api, fixIn, type FieldError } from '../api';
import { useLang } from '../i18n';
import { useRt } from '../i18n-rectification';
import { fileToBase64, type Batch } from './api';
import { FileButton } from '../components/file-button';

export function ImportDialog({ batch, onClose }: { batch: Batch | null; onClose: (imported: boolean) => void }) {
  const rt = useRt();
  const { lang } = useLang();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ problems: number; rectifications: number } | null>(null);
  const [errors, setErrors] = useState<FieldError[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const reset = () => {
    setFile(null);
    setDone(null);
    setErrors(null);
    setFailure(null);
  };
  const close = () => {
    const imported = done !== null;
    reset();
    onClose(imported);
  };
  const send = async () => {
    if (!batch || !file) return;
    setBusy(true);
    setErrors(null);
    setFailure(null);
    try {
      setDone(await api<{ problems: number; rectifications: number }>('POST', `/rectification/batches/${batch.id}/import`, { fileName: file.name, contentBase64: await fileToBase64(file) }));
    } catch (e) {
      if (e instanceof ApiError && e.errors.length > 0) setErrors(e.errors);
      else setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={batch !== null} title={`${rt('importList')} · ${batch?.name ?? ''}`} onCancel={close} width={820} footer={done ? <Button type="primary" onClick={close}>OK</Button> : [<Button key="c" onClick={close}>{rt('cancel')}</Button>, <Button key="s" type="primary" loading={busy} disabled={!file} onClick={() => void send()} data-testid="rect-import-send">{rt('importList')}</Button>]}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{rt('importHint')}</Typography.Text>
        <Space wrap>
          <FileButton label={rt('chooseFile')} accept=".xlsx,.xls,.et,.csv" onFile={(f) => { setFile(f); setErrors(null); setFailure(null); setDone(null); }} testId="rect-import-input" />
          <Typography.Text data-testid="rect-import-file">{file?.name ?? ''}</Typography.Text>
          <Button type="link" href="/api/v1/rectification/template.xlsx">
            {rt('template')}
          </Button>
        </Space>
        {done && <Alert type="success" showIcon message={rt('imported', done)} data-testid="rect-import-done" />}
        {failure && <Alert type="error" showIcon message={failure} data-testid="rect-import-failure" />}
        {errors && (
          <>
            <Alert type="error" showIcon message={`${rt('importFailed')}（${errors.length}）`} />
            <Table
              rowKey={(_, i) => String(i)}
              size="small"
              pagination={errors.length > 20 ? { pageSize: 20 } : false}
              dataSource={errors}
              scroll={{ x: 600 }}
              data-testid="rect-import-errors"
              columns={[
                { title: rt('field'), dataIndex: 'field', key: 'field', width: 150 },
                { title: rt('message'), key: 'message', render: (_: unknown, f: FieldError) => (lang === 'en' ? f.messageEn : f.message) },
                { title: rt('fix'), key: 'fix', render: (_: unknown, f: FieldError) => fixIn(lang, f) },
              ]}
            />
          </>
        )}
      </Space>
    </Modal>
  );
}
