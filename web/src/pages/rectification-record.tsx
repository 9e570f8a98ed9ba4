// One unit's record of a problem: the three lists (问题清单、任务清单、责任清单), evidence, the
// workflow buttons for whoever may act now, and the history of moves, chases and escalations.
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Card, Descriptions, Grid, Result, Space, Spin, Tabs, Tag, Timeline, Typography } from 'antd';
import { ApiError, api } from '../api';
import { dayOf, label, minuteOf } from '../app-context';
import { useLang } from '../i18n';
import { useRt, type RectTextKey } from '../i18n-rectification';
import { RectificationNav } from '../rectification/nav';
import { StatusTags } from '../rectification/status-tag';
import { RecordActions } from '../rectification/actions';
import { AddTask, ResponsibilityList, TaskList } from '../rectification/tasks';
import { EvidenceList } from '../rectification/evidence';
import { useRectificationCodeLists, type RecordDetail } from '../rectification/api';

const eventKeys = new Set<string>(['start', 'submit', 'close', 'return', 'recheckPass', 'recheckFail', 'chase']);

export function RectificationRecordPage() {
  const rt = useRt();
  const { lang } = useLang();
  const lists = useRectificationCodeLists();
  const { id } = useParams();
  const screens = Grid.useBreakpoint();
  const wide = screens.md ?? true;
  const [detail, setDetail] = useState<RecordDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(() => {
    api<RecordDetail>('GET', `/rectifications/${id ?? ''}`).then(setDetail, (e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e))));
  }, [id]);
  useEffect(load, [load]);

  if (error) return <Result status={error.status === 404 ? '404' : 'error'} title={error.message} data-testid="rect-error-page" />;
  if (!detail) return <Spin style={{ marginTop: 80, width: '100%' }} />;
  const r = detail.rectification;
  const p = detail.problem;
  const code = (list: string, value: string) => (lists ? label(lists, list, value, lang) : value);
  const eventText = (action: string) => (action === 'escalate' ? rt('escalated') : eventKeys.has(action) ? rt(action as RectTextKey) : action);
  const acting = detail.canAct.responsible || detail.canAct.assigner || detail.canAct.chase;

  let hint: string | null = null;
  if (r.status === 'submitted' && !detail.canAct.assigner) hint = rt('waitingAssigner');
  if (r.status === 'closed' && r.recheckDue) hint = rt('recheckDueAlert', { date: r.recheckDue });

  return (
    <div>
      <RectificationNav />
      <Card size="small" style={{ marginBottom: 12, ...(detail.overdue ? { borderColor: '#ff4d4f' } : {}) }}>
        <Space direction="vertical" size={6} style={{ width: '100%' }}>
          <Space wrap align="center">
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="rect-title">
              {p.problemNo} · {detail.names.unit}
            </Typography.Title>
            <StatusTags lists={lists} status={r.status} overdue={detail.overdue} deadline={r.deadline} today={detail.today} escalatedAt={r.escalatedAt} />
            {!acting && <Tag>{rt('readOnly')}</Tag>}
          </Space>
          <Typography.Paragraph style={{ margin: 0 }} data-testid="rect-description">
            {p.description}
          </Typography.Paragraph>
          {detail.overdue && <Alert type="error" showIcon message={`${rt('deadline')} ${r.deadline} · ${rt('daysLate', { n: Math.round((Date.parse(detail.today) - Date.parse(r.deadline)) / 86400000) })}`} data-testid="rect-overdue-alert" />}
          {r.status === 'returned' || r.status === 'reopened' ? <Alert type="warning" showIcon message={detail.events.filter((e) => e.action === 'return' || e.action === 'recheckFail').at(-1)?.note ?? ''} /> : null}
          {hint && <Alert type="info" showIcon message={hint} data-testid="rect-hint" />}
          <RecordActions detail={detail} onDone={load} />
        </Space>
      </Card>
      <Tabs
        items={[
          {
            key: 'problem',
            label: rt('problemList'),
            children: (
              <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 3 }} data-testid="rect-problem">
                <Descriptions.Item label={rt('batch')}>
                  <Link to={`/rectification/batches/${detail.batch.id}/report`}>{detail.batch.name}</Link>
                </Descriptions.Item>
                <Descriptions.Item label={rt('source')}>{code('problemSource', detail.batch.source)}</Descriptions.Item>
                <Descriptions.Item label={rt('assigning')}>{detail.names.assigning}</Descriptions.Item>
                <Descriptions.Item label={rt('category')}>{code('problemCategory', p.category)}</Descriptions.Item>
                <Descriptions.Item label={rt('scope')}>{r.inherited ? rt('inheritedTag') : rt('specificTag')}</Descriptions.Item>
                <Descriptions.Item label={rt('deadline')}>{r.deadline}</Descriptions.Item>
                <Descriptions.Item label={rt('result')} span={3}>
                  {r.result ?? '—'}
                </Descriptions.Item>
                {r.closedAt && <Descriptions.Item label={rt('closed')}>{`${dayOf(r.closedAt)} · ${r.closedBy ?? ''}`}</Descriptions.Item>}
                {r.recheckDue && <Descriptions.Item label={rt('recheckDue')}>{r.recheckDue}</Descriptions.Item>}
              </Descriptions>
            ),
          },
          {
            key: 'tasks',
            label: `${rt('taskList')} (${detail.tasks.filter((t) => t.doneAt !== null).length}/${detail.tasks.length})`,
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <TaskList detail={detail} wide={wide} onChange={load} />
                <AddTask detail={detail} onDone={load} />
              </Space>
            ),
          },
          { key: 'responsibility', label: rt('responsibilityList'), children: <ResponsibilityList detail={detail} /> },
        ]}
      />
      <Card size="small" title={`${rt('evidence')} (${detail.evidence.length})`} style={{ marginTop: 12 }}>
        <EvidenceList detail={detail} onChange={load} />
      </Card>
      <Card size="small" title={rt('events')} style={{ marginTop: 12 }}>
        <Timeline
          data-testid="rect-events"
          items={detail.events.map((e) => ({
            color: e.action === 'close' || e.action === 'recheckPass' ? 'green' : e.action === 'escalate' || e.action === 'return' || e.action === 'recheckFail' ? 'red' : 'blue',
            children: (
              <span>
                {minuteOf(e.at)} · {eventText(e.action)} · {e.actor}
                {e.note ? ` · ${e.note}` : ''}
              </span>
            ),
          }))}
        />
      </Card>
    </div>
  );
}
