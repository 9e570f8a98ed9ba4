// Registry years (年度关账): the closed years with who closed them, their audit anchors and frozen
// figures, and the open years an admin may close. Closing and reopening are the API's; only a system
// admin may do either, so others see the same list without the buttons, told why.
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Empty, Form, Input, Modal, Row, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { ApiError, api, errorLine, type YearStats } from '../api';
import { fmt, minuteOf, percent, useApp } from '../app-context';
import { useLang } from '../i18n';
import { useYT } from '../i18n-years';

interface Anchor {
  seq: number;
  hash: string;
}
interface ClosedYear {
  year: number;
  anchor: Anchor | null;
  closedAt: string | null;
  closedBy: string | null;
}
interface YearList {
  anchors: ClosedYear[];
  open: number[];
  currentYear: number;
}

const anchorText = (a: Anchor) => `${a.seq}:${a.hash}`;

/** An API error in the reader's language: a field error with its fix, or the message. */
export function apiErrorText(lang: string, e: unknown): string {
  if (e instanceof ApiError) return e.errors[0] ? errorLine(lang, e.errors[0]) : e.message;
  return String(e);
}

export default function YearsPage() {
  const yt = useYT();
  const { lang } = useLang();
  const { user } = useApp();
  const { modal, message } = App.useApp();
  const [params] = useSearchParams();
  const region = params.get('region') ?? user.regionCode;
  const admin = user.role === 'admin';
  const [list, setList] = useState<YearList | null>(null);
  const [stats, setStats] = useState<Record<number, YearStats>>({});
  const [error, setError] = useState<string | null>(null);
  const [reopening, setReopening] = useState<number | null>(null);

  const load = () => {
    api<YearList>('GET', '/years').then(setList, (e: unknown) => setError(yt('loadFailed', { message: apiErrorText(lang, e) })));
  };
  useEffect(load, []);
  // Each closed year's frozen headline figures of the selected region.
  useEffect(() => {
    if (!list) return;
    setStats({});
    for (const c of list.anchors) {
      void api<YearStats>('GET', `/stats/${region}?year=${c.year}`).then((s) => setStats((old) => ({ ...old, [c.year]: s })), () => undefined);
    }
  }, [list, region]);

  const close = (year: number) => {
    setError(null);
    modal.confirm({
      title: yt('closeTitle', { year }),
      content: (
        <Space direction="vertical" data-testid="close-confirm">
          <span>{yt('closeBody', { year })}</span>
          {list && year === list.currentYear && <Typography.Text type="warning">{yt('closeCurrent', { year })}</Typography.Text>}
        </Space>
      ),
      okText: yt('closeOk'),
      cancelText: yt('cancel'),
      okButtonProps: { danger: true, 'data-testid': 'close-ok' } as { danger: boolean },
      onOk: async () => {
        try {
          const r = await api<{ anchor: Anchor }>('POST', `/years/${year}/close`);
          void message.success(yt('closedDone', { year, anchor: anchorText(r.anchor) }));
        } catch (e) {
          setError(apiErrorText(lang, e));
        }
        load();
      },
    });
  };

  if (!list) return error ? <Alert type="error" showIcon message={error} /> : <Spin style={{ marginTop: 80, width: '100%' }} />;
  const closed = [...list.anchors].sort((a, b) => b.year - a.year);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="years-title">
        {yt('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {yt('intro')}
      </Typography.Paragraph>
      {!admin && <Alert type="info" showIcon message={yt('readOnly')} data-testid="years-read-only" />}
      {error && <Alert type="error" showIcon closable onClose={() => setError(null)} message={error} data-testid="years-error" />}
      <Card size="small" title={yt('closedYears')}>
        {closed.length === 0 ? (
          <Empty description={yt('noClosed')} />
        ) : (
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            {closed.map((c) => (
              <ClosedYearCard key={c.year} item={c} stats={stats[c.year]} admin={admin} onReopen={() => {
                  setError(null);
                  setReopening(c.year);
                }} />
            ))}
          </Space>
        )}
      </Card>
      <Card size="small" title={yt('openYears')}>
        {list.open.length === 0 ? (
          <Empty description={yt('noOpen')} />
        ) : (
          <Space wrap size={[8, 8]}>
            {list.open.map((y) => (
              <Space key={y} size={4} data-testid={`open-year-${y}`} style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: '4px 8px' }}>
                <span>{yt('year', { year: y })}</span>
                {y === list.currentYear && <Tag>{yt('current')}</Tag>}
                {admin && (
                  <Button size="small" danger onClick={() => close(y)} data-testid={`close-year-${y}`}>
                    {yt('close')}
                  </Button>
                )}
              </Space>
            ))}
          </Space>
        )}
      </Card>
      <ReopenDialog
        year={reopening}
        onClose={(done) => {
          setReopening(null);
          if (done) load();
        }}
      />
    </Space>
  );
}

function ClosedYearCard({ item, stats, admin, onReopen }: { item: ClosedYear; stats: YearStats | undefined; admin: boolean; onReopen: () => void }) {
  const yt = useYT();
  const figure = (key: string, title: string, value: string) => (
    <Col xs={12} sm={8} md={8} lg={4} key={key}>
      <Statistic title={title} value={value} valueStyle={{ fontSize: 18 }} />
    </Col>
  );
  return (
    <Card
      size="small"
      type="inner"
      data-testid={`closed-year-${item.year}`}
      title={
        <Space wrap size={4}>
          <span>{yt('year', { year: item.year })}</span>
          <Tag color="red">{yt('yearClosedTag')}</Tag>
        </Space>
      }
      extra={
        admin ? (
          <Button size="small" onClick={onReopen} data-testid={`reopen-year-${item.year}`}>
            {yt('reopen')}
          </Button>
        ) : undefined
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {item.closedAt && item.closedBy ? yt('closedAtBy', { at: minuteOf(item.closedAt), by: item.closedBy }) : yt('closedUnknown')}
      </Typography.Paragraph>
      {item.anchor ? (
        <div style={{ marginBottom: 8 }}>
          <Typography.Text strong>{yt('anchor')}</Typography.Text>
          {/* The hash is 64 characters: on a phone it breaks anywhere rather than widen the page. */}
          <Typography.Text code copyable={{ text: anchorText(item.anchor), tooltips: [yt('copy'), yt('copied')] }} style={{ wordBreak: 'break-all' }} data-testid={`anchor-${item.year}`}>
            {anchorText(item.anchor)}
          </Typography.Text>
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 12 }}>
            {yt('anchorWhy', { anchor: anchorText(item.anchor) })}
          </Typography.Paragraph>
        </div>
      ) : (
        <Typography.Paragraph type="secondary">{yt('anchorMissing')}</Typography.Paragraph>
      )}
      {stats ? (
        <>
          <Typography.Text type="secondary">{yt('frozenFigures', { region: stats.name })}</Typography.Text>
          <Row gutter={[12, 8]} style={{ marginTop: 4 }} data-testid={`figures-${item.year}`}>
            {figure('households', yt('households'), fmt.format(stats.households))}
            {figure('people', yt('people'), fmt.format(stats.people))}
            {figure('poor', yt('poor'), fmt.format(stats.poor))}
            {figure('exited', yt('exited'), fmt.format(stats.exited))}
            {figure('incidence', yt('incidence'), percent(stats.povertyIncidence))}
          </Row>
        </>
      ) : (
        <Spin size="small" />
      )}
    </Card>
  );
}

/** Reopening needs a reason: it goes into the audit entry of the reopen. */
function ReopenDialog({ year, onClose }: { year: number | null; onClose: (done: boolean) => void }) {
  const yt = useYT();
  const { lang } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (year === null) return;
    const { reason } = await form.validateFields();
    setBusy(true);
    try {
      await api('POST', `/years/${year}/reopen`, { reason: reason.trim() });
      void message.success(yt('reopenedDone', { year }));
      form.resetFields();
      onClose(true);
    } catch (e) {
      form.setFields([{ name: 'reason', errors: [apiErrorText(lang, e)] }]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={year !== null} title={yt('reopenTitle', { year: year ?? '' })} onOk={submit} confirmLoading={busy} onCancel={() => onClose(false)} okText={yt('reopenOk')} cancelText={yt('cancel')} okButtonProps={{ danger: true, 'data-testid': 'reopen-ok' } as { danger: boolean }} destroyOnHidden>
      <Typography.Paragraph>{yt('reopenBody')}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={yt('reason')} rules={[{ required: true, whitespace: true, message: yt('reasonRequired') }, { max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder={yt('reasonPlaceholder')} data-testid="reopen-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
