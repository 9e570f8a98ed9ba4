// The status of a record as a coloured tag, with the overdue and escalation marks beside it.
import { Space, Tag } from 'antd';
import { label } from '../app-context';
import type { CodeLists } from '../api';
import { useLang } from '../i18n';
import { useRt } from '../i18n-rectification';
import { daysLate, statusColor } from './api';

export function StatusTags({ lists, status, overdue, deadline, today, escalatedAt }: { lists: CodeLists | null; status: string; overdue: boolean; deadline: string; today: string; escalatedAt: string | null }) {
  const { lang } = useLang();
  const rt = useRt();
  return (
    <Space size={4} wrap>
      <Tag color={statusColor[status]} data-testid="rect-status">
        {lists ? label(lists, 'rectificationStatus', status, lang) : status}
      </Tag>
      {overdue && (
        <Tag color="red" data-testid="rect-overdue">
          {rt('daysLate', { n: daysLate(deadline, today) })}
        </Tag>
      )}
      {escalatedAt && status !== 'closed' && <Tag color="volcano">{rt('escalateBadge')}</Tag>}
    </Space>
  );
}
