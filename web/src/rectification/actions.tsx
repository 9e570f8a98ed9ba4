// The workflow buttons of one record (开始整改 → 报结 → 核验销号 / 退回 → 回头看), shown only to
// the unit that may press them; the server checks again. Moves that need words open a dialog.
import { useState } from 'react';
import { App, Button, Input, Modal, Space } from 'antd';
import { ApiError, api } from '../api';
import { useRt, type RectTextKey } from '../i18n-rectification';
import type { RecordDetail } from './api';
import { useErrorText } from './errors';

type Action = 'start' | 'submit' | 'close' | 'return' | 'recheckPass' | 'recheckFail' | 'chase';

/** What each party may press in each status; mirrors workflowRules on the server. */
function available(d: RecordDetail): Action[] {
  const s = d.rectification.status;
  const out: Action[] = [];
  if (d.canAct.responsible) {
    if (s === 'open' || s === 'returned' || s === 'reopened') out.push('start');
    if (s === 'rectifying') out.push('submit');
  }
  if (d.canAct.assigner) {
    if (s === 'submitted') out.push('close', 'return');
    // 回头看 when it falls due (the server would accept it earlier; the button waits for the date).
    if (s === 'closed' && d.rectification.recheckDue !== null && d.rectification.recheckDue <= d.today) out.push('recheckPass', 'recheckFail');
  }
  if (d.canAct.chase && s !== 'closed') out.push('chase');
  return out;
}

const needsText: Partial<Record<Action, RectTextKey>> = { submit: 'result', return: 'note', recheckFail: 'note', chase: 'chaseNote' };

export function RecordActions({ detail, onDone }: { detail: RecordDetail; onDone: () => void }) {
  const rt = useRt();
  const errorText = useErrorText();
  const { message, modal } = App.useApp();
  const [asking, setAsking] = useState<Action | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const actions = available(detail);
  if (actions.length === 0) return null;

  const run = async (action: Action, words: string | null) => {
    setBusy(true);
    try {
      const id = detail.rectification.id;
      if (action === 'chase') await api('POST', `/rectifications/${id}/chase`, { note: words ?? '' });
      else await api('POST', `/rectifications/${id}/transitions`, { action, version: detail.rectification.version, ...(action === 'submit' ? { result: words } : words !== null ? { note: words } : {}) });
      void message.success(rt('done_ok'));
      setAsking(null);
      setText('');
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        void message.warning(rt('stale'));
        setAsking(null);
        onDone();
      } else modal.error({ title: e instanceof ApiError ? e.message : rt(action), content: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  const press = (action: Action) => {
    if (needsText[action]) {
      setText(action === 'submit' ? (detail.rectification.result ?? '') : '');
      setAsking(action);
    } else void run(action, null);
  };
  const danger = (a: Action) => a === 'return' || a === 'recheckFail';
  const textKey = asking ? needsText[asking] : undefined;
  return (
    <>
      <Space wrap data-testid="rect-actions">
        {actions.map((a) => (
          <Button key={a} type={a === 'chase' || danger(a) ? 'default' : 'primary'} danger={danger(a)} loading={busy && asking === null} onClick={() => press(a)} data-testid={`rect-action-${a}`}>
            {rt(a)}
          </Button>
        ))}
      </Space>
      <Modal open={asking !== null} title={asking ? rt(asking) : ''} onOk={() => asking && void run(asking, text)} onCancel={() => setAsking(null)} confirmLoading={busy} okText={asking ? rt(asking) : ''} cancelText={rt('cancel')} okButtonProps={{ 'data-testid': 'rect-action-confirm' }}>
        <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder={textKey === 'result' ? rt('resultPlaceholder') : textKey ? rt(textKey) : ''} maxLength={asking === 'submit' ? 4000 : 1000} data-testid="rect-action-text" />
      </Modal>
    </>
  );
}
