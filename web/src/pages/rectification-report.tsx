// The special report of a batch (专题报告) as a printable page; the same figures as the xlsx.
// A unit below the assigner sees its own slice (the server decides).
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Card, Descriptions, Result, Space, Spin, Table, Typography } from 'antd';
import { ApiError, api } from '../api';
import { dayOf, label, minuteOf } from '../app-context';
import { useLang } from '../i18n';
import { useRt } from '../i18n-rectification';
import { RectificationNav } from '../rectification/nav';
import { useRectificationCodeLists, type BatchReport, type ProblemFile } from '../rectification/api';

export function RectificationReportPage() {
  const rt = useRt();
  const { lang } = useLang();
  const lists = useRectificationCodeLists();
  const { id } = useParams();
  const [report, setReport] = useState<BatchReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [files, setFiles] = useState<ProblemFile[]>([]);
  useEffect(() => {
    api<BatchReport>('GET', `/rectification/batches/${id ?? ''}/report`).then(setReport, (e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e))));
    // The lists the problems came from; the report stands without them.
    api<{ problemFiles: ProblemFile[] }>('GET', `/rectification/batches/${id ?? ''}`).then((b) => setFiles(b.problemFiles), () => setFiles([]));
  }, [id]);
  if (error) return <Result status={error.status === 404 ? '404' : 'error'} title={error.message} />;
  if (!report) return <Spin style={{ marginTop: 80, width: '100%' }} />;
  const code = (list: string, v: string) => (lists ? label(lists, list, v, lang) : v);
  const s = report.summary;
  const lineOf = new Map(report.lines.map((l) => [l.id, l]));
  const chaseNote = (c: BatchReport['chases'][number]): string => {
    const line = lineOf.get(c.rectificationId);
    return lang === 'en' && c.action === 'escalate' && line ? rt('escalatedNote', { problemNo: line.problemNo, unit: line.unitName }) : c.note ?? '';
  };
  return (
    <div className="rect-report">
      <style>{'@media print { .ant-layout-header, .ant-layout-sider, .rect-noprint { display: none !important; } .ant-layout-content { height: auto !important; overflow: visible !important; } }'}</style>
      <div className="rect-noprint">
        <RectificationNav />
        <Space style={{ marginBottom: 12 }} wrap>
          <Button type="primary" href={`/api/v1/rectification/batches/${report.batch.id}/report.xlsx`} data-testid="rect-report-xlsx">
            {rt('reportXlsx')}
          </Button>
          <Button onClick={() => window.print()}>{rt('print')}</Button>
        </Space>
      </div>
      <Typography.Title level={3} data-testid="rect-report-title">
        {report.batch.name} · {lang === 'en' ? 'rectification report' : '整改情况专题报告'}
      </Typography.Title>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginBottom: 12 }} data-testid="rect-report-summary">
        <Descriptions.Item label={rt('assigning')}>{report.batch.assigningName}</Descriptions.Item>
        <Descriptions.Item label={rt('source')}>{code('problemSource', report.batch.source)}</Descriptions.Item>
        <Descriptions.Item label={rt('finalDeadline')}>{report.batch.finalDeadline}</Descriptions.Item>
        <Descriptions.Item label={rt('asOf', { date: '' }).trim()}>{report.today}</Descriptions.Item>
        <Descriptions.Item label={rt('problemsCount')}>{s.problems}</Descriptions.Item>
        <Descriptions.Item label={rt('rectifications')}>{s.rectifications}</Descriptions.Item>
        <Descriptions.Item label={rt('closed')}>{lang === 'en' ? `${s.closed} (${(s.closedRate * 100).toFixed(1)}%)` : `${s.closed}（${(s.closedRate * 100).toFixed(1)}%）`}</Descriptions.Item>
        <Descriptions.Item label={rt('overdue')}>{s.overdue}</Descriptions.Item>
        <Descriptions.Item label={rt('escalated')}>{s.escalated}</Descriptions.Item>
        <Descriptions.Item label={rt('ledgerIssues')}>{s.ledgerIssues}</Descriptions.Item>
      </Descriptions>
      {files.length > 0 && (
        <Typography.Paragraph data-testid="rect-problem-files">
          <strong>{rt('problemFiles')}{lang === 'en' ? ': ' : '：'}</strong>
          {files.map((f, i) => (
            <span key={f.id}>
              {i > 0 && (lang === 'en' ? '; ' : '；')}
              <Typography.Link href={`/api/v1/rectification/problem-files/${f.id}`} title={rt('problemFileHint')} data-testid={`rect-problem-file-${f.id}`}>
                {f.fileName}
              </Typography.Link>
              <Typography.Text type="secondary">{rt('problemFileBy', { who: f.importedBy, at: minuteOf(f.importedAt), n: f.problems })}</Typography.Text>
            </span>
          ))}
        </Typography.Paragraph>
      )}
      <Card size="small" title={rt('byUnit')} style={{ marginBottom: 12 }}>
        <Table
          rowKey="unitRegion"
          size="small"
          pagination={false}
          dataSource={report.units}
          scroll={{ x: 520 }}
          columns={[
            { title: rt('unit'), dataIndex: 'name', key: 'name' },
            { title: rt('total'), dataIndex: 'total', key: 'total', align: 'right' },
            { title: rt('inherited'), dataIndex: 'inherited', key: 'inherited', align: 'right' },
            { title: rt('closed'), dataIndex: 'closed', key: 'closed', align: 'right' },
            { title: rt('overdue'), dataIndex: 'overdue', key: 'overdue', align: 'right' },
          ]}
        />
      </Card>
      <Card size="small" title={rt('overdueList')} style={{ marginBottom: 12 }}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={report.overdue}
          locale={{ emptyText: rt('none') }}
          scroll={{ x: 520 }}
          columns={[
            { title: rt('problemNo'), dataIndex: 'problemNo', key: 'no', render: (v: string, o) => <Link to={`/rectification/problems/${o.id}`}>{v}</Link> },
            { title: rt('unit'), dataIndex: 'unitName', key: 'unit' },
            { title: rt('deadline'), dataIndex: 'deadline', key: 'deadline' },
            { title: rt('status'), dataIndex: 'status', key: 'status', render: (v: string) => code('rectificationStatus', v) },
            { title: rt('escalated'), dataIndex: 'escalatedAt', key: 'esc', render: (v: string | null) => v ? dayOf(v) : '' },
          ]}
        />
        {report.chases.length > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 12 }}>
              {rt('chases')}
            </Typography.Title>
            {report.chases.map((c, i) => (
              <div key={i}>
                {minuteOf(c.at)} · {c.actor} · {chaseNote(c)}
              </div>
            ))}
          </>
        )}
      </Card>
      <Card size="small" title={rt('ledgerCheck')} style={{ marginBottom: 12 }}>
        {report.ledgerIssues.length === 0 ? rt('none') : report.ledgerIssues.map((x, i) => <div key={i}>{lang === 'en' ? `${x.problemNo} · ${x.unitRegion}: ${x.messageEn}` : `${x.problemNo} · ${x.unitRegion}：${x.message}`}</div>)}
      </Card>
      <Card size="small" title={rt('problems')}>
        <Table
          rowKey="id"
          size="small"
          pagination={report.lines.length > 200 ? { pageSize: 200 } : false}
          dataSource={report.lines}
          scroll={{ x: 900 }}
          onRow={(l) => ({ style: l.overdue ? { background: '#fff1f0' } : undefined })}
          columns={[
            { title: rt('problemNo'), dataIndex: 'problemNo', key: 'no', width: 90 },
            { title: rt('unit'), dataIndex: 'unitName', key: 'unit', width: 110 },
            { title: rt('description'), dataIndex: 'description', key: 'd' },
            { title: rt('deadline'), dataIndex: 'deadline', key: 'dl', width: 100 },
            { title: rt('status'), dataIndex: 'status', key: 's', width: 100, render: (v: string) => code('rectificationStatus', v) },
            { title: rt('tasksDone'), key: 't', width: 70, render: (_: unknown, l) => `${l.tasks.filter((t) => t.doneAt !== null).length}/${l.tasks.length}` },
            { title: rt('evidenceCount'), dataIndex: 'evidenceCount', key: 'e', width: 70 },
          ]}
        />
      </Card>
    </div>
  );
}
