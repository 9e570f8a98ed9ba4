// 任务清单 and 责任清单 of one record: the measures with their deadlines and done marks, and who
// answers for each; the responsible unit ticks tasks while rectifying, either party adds tasks.
import { useState } from 'react';
import { App, Button, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, List, Modal, Space, Table, Tag, Typography } from 'antd';
import { api } from '../api';
import { dayOf, label, useApp } from '../app-context';
import { useLang } from '../i18n';
import { useRt } from '../i18n-rectification';
import type { RecordDetail, Task, TaskInput } from './api';
import { useErrorText } from './errors';

export function TaskList({ detail, wide, onChange }: { detail: RecordDetail; wide: boolean; onChange: () => void }) {
  const rt = useRt();
  const errorText = useErrorText();
  const { modal } = App.useApp();
  const canTick = detail.canAct.responsible && detail.rectification.status === 'rectifying';
  const tick = async (task: Task, done: boolean) => {
    try {
      await api('PATCH', `/rectification/tasks/${task.id}`, { done });
      onChange();
    } catch (e) {
      modal.error({ title: rt('taskList'), content: errorText(e) });
    }
  };
  const late = (t: Task) => t.doneAt === null && t.deadline < detail.today;
  const doneBox = (t: Task) => (
    <Checkbox checked={t.doneAt !== null} disabled={!canTick} onChange={(e) => void tick(t, e.target.checked)} data-testid={`rect-task-done-${t.id}`}>
      {t.doneAt ? dayOf(t.doneAt) : rt('done')}
    </Checkbox>
  );
  if (!wide) {
    return (
      <List
        dataSource={detail.tasks}
        data-testid="rect-tasks"
        renderItem={(t, i) => (
          <List.Item style={late(t) ? { background: '#fff1f0' } : undefined}>
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Typography.Text strong>
                {i + 1}. {t.measure}
              </Typography.Text>
              <Typography.Text type={late(t) ? 'danger' : 'secondary'}>
                {rt('deadline')} {t.deadline} · {t.responsiblePerson}
              </Typography.Text>
              {doneBox(t)}
            </Space>
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table<Task>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={detail.tasks}
      data-testid="rect-tasks"
      onRow={(t) => ({ style: late(t) ? { background: '#fff1f0' } : undefined })}
      columns={[
        { title: '#', key: 'seq', width: 40, render: (_: unknown, _t, i) => i + 1 },
        { title: rt('measure'), dataIndex: 'measure', key: 'measure' },
        { title: rt('deadline'), dataIndex: 'deadline', key: 'deadline', width: 110, render: (v: string, t) => (late(t) ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
        { title: rt('done'), key: 'done', width: 130, render: (_: unknown, t) => doneBox(t) },
      ]}
    />
  );
}

export function ResponsibilityList({ detail }: { detail: RecordDetail }) {
  const rt = useRt();
  const { lang } = useLang();
  const { codeLists } = useApp();
  const r = detail.rectification;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="rect-responsibility">
      <Descriptions size="small" bordered column={1}>
        <Descriptions.Item label={rt('unit')}>
          {detail.names.unit}
          {r.unitDepartment ? ` · ${label(codeLists, 'department', r.unitDepartment, lang)}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={rt('assigning')}>{detail.names.assigning}</Descriptions.Item>
        <Descriptions.Item label={rt('deadline')}>{r.deadline}</Descriptions.Item>
      </Descriptions>
      {detail.tasks.map((t, i) => (
        <Descriptions key={t.id} size="small" bordered column={{ xs: 1, sm: 2 }} title={`${i + 1}. ${t.measure}`}>
          <Descriptions.Item label={rt('leadUnit')}>{t.leadUnit || '—'}</Descriptions.Item>
          <Descriptions.Item label={rt('responsibleLeader')}>{t.responsibleLeader || '—'}</Descriptions.Item>
          <Descriptions.Item label={rt('responsiblePerson')}>{t.responsiblePerson || '—'}</Descriptions.Item>
          <Descriptions.Item label={rt('cooperatingUnits')}>{t.cooperatingUnits || '—'}</Descriptions.Item>
          <Descriptions.Item label={rt('deadline')}>
            {t.deadline} {t.doneAt ? <Tag color="green">{rt('done')}</Tag> : null}
          </Descriptions.Item>
        </Descriptions>
      ))}
    </Space>
  );
}

/** A new measure: a fixed deadline, or a duration scheduled backwards from the problem's deadline. */
export function AddTask({ detail, onDone }: { detail: RecordDetail; onDone: () => void }) {
  const rt = useRt();
  const errorText = useErrorText();
  const { modal } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const s = detail.rectification.status;
  if (!(detail.canAct.responsible || detail.canAct.assigner) || s === 'closed' || s === 'submitted') return null;
  const save = async () => {
    const v = (await form.validateFields()) as { measure: string; leadUnit?: string; responsibleLeader?: string; responsiblePerson?: string; cooperatingUnits?: string; deadline?: { format: (f: string) => string } | null; durationDays?: number | null };
    const task: TaskInput = { measure: v.measure, leadUnit: v.leadUnit ?? '', responsibleLeader: v.responsibleLeader ?? '', responsiblePerson: v.responsiblePerson ?? '', cooperatingUnits: v.cooperatingUnits ?? '', deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null, durationDays: v.durationDays ?? null };
    try {
      await api('POST', `/rectifications/${detail.rectification.id}/tasks`, task);
      setOpen(false);
      form.resetFields();
      onDone();
    } catch (e) {
      modal.error({ title: rt('addTask'), content: errorText(e) });
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="rect-add-task">
        {rt('addTask')}
      </Button>
      <Modal open={open} title={rt('addTask')} onOk={() => void save()} onCancel={() => setOpen(false)} okText={rt('addTask')} cancelText={rt('cancel')}>
        <Form form={form} layout="vertical">
          <Form.Item name="measure" label={rt('measure')} rules={[{ required: true }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="leadUnit" label={rt('leadUnit')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="responsibleLeader" label={rt('responsibleLeader')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="responsiblePerson" label={rt('responsiblePerson')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="cooperatingUnits" label={rt('cooperatingUnits')}>
            <Input maxLength={500} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="deadline" label={rt('deadline')}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="durationDays" label={rt('durationDays')}>
              <InputNumber min={0} max={730} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}
