// 佐证材料 of one record: the files with their size and who uploaded them, and (for the
// responsible unit, before close-out) an upload that takes a phone photo or a document.
import { useRef, useState } from 'react';
import { App, Button, List, Select, Space, Typography } from 'antd';
import { api } from '../api';
import { useRt } from '../i18n-rectification';
import { fileToBase64, type RecordDetail } from './api';
import { useErrorText } from './errors';
import { minuteOf } from '../app-context';

const maxBytes = 5 * 1024 * 1024;

function size(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

export function EvidenceList({ detail, onChange }: { detail: RecordDetail; onChange: () => void }) {
  const rt = useRt();
  const errorText = useErrorText();
  const { message, modal } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [taskId, setTaskId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const canUpload = detail.canAct.responsible && detail.rectification.status !== 'closed';

  const upload = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setBusy(true);
    try {
      for (const file of Array.from(files)) {
        // Refused here too, so a cadre on a slow line does not send 20 MB to hear "too large".
        if (file.size > maxBytes) throw new Error(`${file.name}: > 5 MB`);
        await api('POST', `/rectifications/${detail.rectification.id}/evidence`, { fileName: file.name, mediaType: file.type || 'application/octet-stream', contentBase64: await fileToBase64(file), taskId });
      }
      void message.success(rt('uploaded'));
      onChange();
    } catch (e) {
      modal.error({ title: rt('upload'), content: errorText(e) });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const taskName = (id: number | null) => {
    const i = detail.tasks.findIndex((t) => t.id === id);
    return i >= 0 ? `${i + 1}. ${detail.tasks[i]?.measure ?? ''}` : null;
  };
  return (
    <div data-testid="rect-evidence">
      {canUpload && (
        <Space wrap style={{ marginBottom: 8 }}>
          {detail.tasks.length > 0 && (
            <Select style={{ minWidth: 180, maxWidth: 280 }} value={taskId ?? 0} onChange={(v) => setTaskId(v === 0 ? null : v)} options={[{ value: 0, label: '—' }, ...detail.tasks.map((t, i) => ({ value: t.id, label: `${i + 1}. ${t.measure}` }))]} />
          )}
          <input ref={input} type="file" multiple accept="image/*,application/pdf,.doc,.docx,.xls,.xlsx,.csv,.txt" style={{ display: 'none' }} onChange={(e) => void upload(e.target.files)} data-testid="rect-evidence-input" />
          <Button type="dashed" loading={busy} onClick={() => input.current?.click()} data-testid="rect-evidence-upload">
            {rt('upload')}
          </Button>
        </Space>
      )}
      <List
        size="small"
        dataSource={detail.evidence}
        locale={{ emptyText: rt('noEvidence') }}
        renderItem={(e) => (
          <List.Item>
            <Space direction="vertical" size={0}>
              <a href={`/api/v1/rectification/evidence/${e.id}`} data-testid="rect-evidence-file">
                {e.fileName}
              </a>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {size(e.size)} · {e.uploadedBy} · {minuteOf(e.uploadedAt)}
                {taskName(e.taskId) ? ` · ${taskName(e.taskId) ?? ''}` : ''}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </div>
  );
}
