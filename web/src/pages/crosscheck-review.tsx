// 数据比对: upload a department file, see every discrepancy with the registry record and the
// department record side by side, resolve it with a note or turn it into a rectification problem.
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { ApiError, api, apiUpload, fixIn } from '../api';
import { useApp } from '../app-context';
import { useLang } from '../i18n';
import { departmentColumnLabel, factLabels, registryFieldLabels, registryFieldLists, useDT } from '../i18n-datatruth';

interface Kind {
  kind: string;
  zh: string;
  en: string;
  allowed: boolean;
  /** `kind` as the parser reads the column (a `yuan` value arrives in fen); `list` names its code list. */
  columns: { key: string; zh: string; kind: string; list: string | null; required: boolean }[];
}
interface Label {
  zh: string;
  en: string;
}
interface Run {
  id: number;
  kind: string;
  kindLabel: Label;
  status: string;
  fileName: string;
  /** The department file is kept and this user may download it. */
  fileOpen: boolean;
  counts: Record<string, number>;
  createdAt: string;
}
interface Issue {
  row: number | null;
  field: string;
  message: string;
  messageEn: string;
  fix: string;
  fixEn?: string;
}
interface Discrepancy {
  id: number;
  runId: number;
  kind: string;
  type: string;
  typeLabel: Label;
  status: 'open' | 'resolved' | 'problem';
  registry: Record<string, unknown> | null;
  department: Record<string, unknown> | null;
  facts: Record<string, unknown> | null;
  note: string | null;
  problemId: number | null;
  version: number;
}

const statusColor = { open: 'red', resolved: 'green', problem: 'orange' } as const;
const registryKeys = ['householdNo', 'villageCode', 'name', 'idNumber', 'relation', 'householdStatus', 'schoolStatus', 'health', 'receivesMinimumLiving', 'minimumLivingAllowance', 'housingSafetyGrade', 'hasResidentMedicalInsurance'];

/** A value as a cell shows it, yes and no in the page's language. */
function show(value: unknown, dt: ReturnType<typeof useDT>): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return dt(value ? 'yes' : 'no');
  return String(value);
}

function SideBySide({ d, kinds }: { d: Discrepancy; kinds: Kind[] }) {
  const dt = useDT();
  const { lang } = useLang();
  const { codeLists } = useApp();
  const columns = kinds.find((k) => k.kind === d.kind)?.columns ?? [];
  // Codes as their labels and the allowance in yuan: the reviewer compares with what the department wrote.
  const registryValue = (key: string, v: unknown): string => {
    const list = registryFieldLists[key];
    if (list && typeof v === 'string') return codeLists[list]?.items.find((i) => i.code === v)?.[lang] ?? v;
    if (key === 'minimumLivingAllowance' && typeof v === 'number') return dt('yuanAmount', { v: (v / 100).toFixed(2) });
    return show(v, dt);
  };
  // The department's side in the same words: its codes by label, its amounts (kept in fen) in yuan.
  const departmentValue = (c: Kind['columns'][number], v: unknown): string => {
    if (c.list && typeof v === 'string') return codeLists[c.list]?.items.find((i) => i.code === v)?.[lang] ?? v;
    if (c.kind === 'yuan' && typeof v === 'number') return dt('yuanAmount', { v: (v / 100).toFixed(2) });
    return show(v, dt);
  };
  return (
    <Space align="start" wrap style={{ width: '100%' }} data-testid={`side-by-side-${d.id}`}>
      <Descriptions size="small" bordered column={1} title={dt('registry')} style={{ minWidth: 300 }}>
        {registryKeys.filter((k) => d.registry && k in d.registry).map((k) => (
          <Descriptions.Item key={k} label={registryFieldLabels[k]?.[lang] ?? k}>{registryValue(k, d.registry?.[k])}</Descriptions.Item>
        ))}
      </Descriptions>
      <Descriptions size="small" bordered column={1} title={dt('department')} style={{ minWidth: 300 }}>
        {d.department ? (
          [<Descriptions.Item key="row" label={dt('row')}>{show(d.department['row'], dt)}</Descriptions.Item>, ...columns.map((c) => <Descriptions.Item key={c.key} label={departmentColumnLabel(c, lang)}>{departmentValue(c, d.department?.[c.key])}</Descriptions.Item>)]
        ) : (
          <Descriptions.Item label="—">—</Descriptions.Item>
        )}
      </Descriptions>
      {d.facts && (
        <Descriptions size="small" bordered column={1} title={dt('facts')}>
          {Object.entries(d.facts).map(([k, v]) => (
            <Descriptions.Item key={k} label={factLabels[k]?.[lang] ?? k}>{k.endsWith('Amount') && typeof v === 'number' ? dt('yuanAmount', { v: (v / 100).toFixed(2) }) : show(v, dt)}</Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {d.note && <Typography.Paragraph>{d.note}</Typography.Paragraph>}
    </Space>
  );
}

export default function CrosscheckReviewPage() {
  const dt = useDT();
  const { lang } = useLang();
  const { user } = useApp();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const region = params.get('region') ?? user.regionCode;
  const [kinds, setKinds] = useState<Kind[]>([]);
  const [kind, setKind] = useState<string | undefined>();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [issues, setIssues] = useState<Issue[] | null>(null);
  const [runs, setRuns] = useState<Run[]>([]);
  const [runId, setRunId] = useState<number | undefined>();
  const [status, setStatus] = useState<string>('open');
  const [page, setPage] = useState<{ total: number; items: Discrepancy[] }>({ total: 0, items: [] });
  const [offset, setOffset] = useState(0);
  const [acting, setActing] = useState<{ d: Discrepancy; action: 'resolve' | 'problem' } | null>(null);
  const [form] = Form.useForm<{ note: string; deadline?: { format: (f: string) => string } }>();
  const canAct = user.role !== 'inspector' && user.role !== 'workTeam';

  useEffect(() => {
    void api<{ kinds: Kind[] }>('GET', '/crosscheck/kinds').then((r) => setKinds(r.kinds));
  }, []);

  const selectedRun = runs.find((r) => r.id === runId);
  const loadRuns = useCallback(() => api<{ items: Run[] }>('GET', `/crosscheck/runs?under=${region}`).then((r) => setRuns(r.items)), [region]);
  const loadList = useCallback(() => {
    const q = new URLSearchParams({ under: region, status, limit: '20', offset: String(offset) });
    if (runId) q.set('run', String(runId));
    return api<{ total: number; items: Discrepancy[] }>('GET', `/crosscheck/discrepancies?${q.toString()}`).then(setPage);
  }, [region, status, runId, offset]);

  useEffect(() => {
    void loadRuns();
  }, [loadRuns]);
  useEffect(() => {
    void loadList();
  }, [loadList]);

  const compare = async () => {
    if (!file || !kind) return;
    setBusy(true);
    setIssues(null);
    try {
      const r = await apiUpload<{ run: Run; counts: Record<string, number> }>(`/crosscheck/runs?kind=${kind}&under=${region}`, file);
      message.success(dt('compared', { matched: r.counts['matched'] ?? 0, discrepancies: r.counts['discrepancies'] ?? 0 }));
      setRunId(r.run.id);
      setOffset(0);
      // The run is done: the button is free again while the list of runs reloads.
      loadRuns().catch(() => undefined);
    } catch (e) {
      const body = (e as { body?: { issues?: Issue[] } }).body;
      if (body?.issues) setIssues(body.issues);
      else message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const decide = async () => {
    if (!acting) return;
    const v = await form.validateFields();
    const path = acting.action === 'resolve' ? 'resolve' : 'problem';
    try {
      await api('POST', `/crosscheck/discrepancies/${acting.d.id}/${path}`, { version: acting.d.version, note: v.note, ...(v.deadline ? { deadline: v.deadline.format('YYYY-MM-DD') } : {}) });
      setActing(null);
      form.resetFields();
      await loadList();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%', padding: 16 }} size="middle">
      <Typography.Title level={4}>{dt('crosscheck')}</Typography.Title>
      {canAct && (
        <Card size="small">
          <Space wrap>
            <Select virtual={false} style={{ width: 260 }} placeholder={dt('kind')} value={kind} onChange={setKind} data-testid="kind-select" options={kinds.filter((k) => k.allowed).map((k) => ({ value: k.kind, label: lang === 'en' ? k.en : k.zh }))} />
            <Upload
              accept=".xlsx,.xls,.et,.csv,.txt"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                return false;
              }}
              onRemove={() => setFile(null)}
              fileList={file ? [{ uid: '1', name: file.name, status: 'done' } as UploadFile] : []}
            >
              <Button data-testid="choose-file">{dt('chooseFile')}</Button>
            </Upload>
            <Button type="primary" loading={busy} disabled={!file || !kind} onClick={() => void compare()} data-testid="compare">
              {busy ? dt('comparing') : dt('compare')}
            </Button>
            {user.role === 'department' && (
              <Button href={`/api/v1/crosscheck/share.xlsx?under=${region}`} data-testid="share">
                {dt('share')}
              </Button>
            )}
          </Space>
          {issues && (
            <div data-testid="issues">
              <Alert type="error" showIcon style={{ marginTop: 12 }} message={dt('rejected')} />
              <Table size="small" rowKey={(i) => `${i.row}-${i.field}-${i.message}`} dataSource={issues} pagination={{ pageSize: 10 }} columns={[{ title: dt('row'), dataIndex: 'row', width: 70 }, { title: dt('field'), dataIndex: 'field', width: 120 }, { title: dt('problem'), key: 'message', render: (_, i) => (lang === 'en' ? i.messageEn : i.message) }, { title: dt('fix'), key: 'fix', render: (_, i) => fixIn(lang, i) }]} />
            </div>
          )}
        </Card>
      )}
      <Space wrap>
        <Select style={{ width: 360 }} allowClear placeholder={dt('allRuns')} value={runId} onChange={(v) => { setRunId(v); setOffset(0); }} data-testid="run-select" options={runs.map((r) => ({ value: r.id, label: `#${r.id} ${lang === 'en' ? r.kindLabel.en : r.kindLabel.zh} · ${r.fileName} · ${r.status === 'rejected' ? '✗' : `${r.counts['discrepancies'] ?? 0}`}` }))} />
        <Select style={{ width: 160 }} value={status} onChange={(v) => { setStatus(v); setOffset(0); }} data-testid="status-select" options={(['open', 'resolved', 'problem'] as const).map((s) => ({ value: s, label: dt(s === 'problem' ? 'toProblem' : s) }))} />
        {selectedRun?.fileOpen && (
          <Typography.Link href={`/api/v1/crosscheck/runs/${selectedRun.id}/file`} title={dt('runFileHint')} ellipsis style={{ maxWidth: 360 }} data-testid="run-file">
            {dt('runFile', { name: selectedRun.fileName })}
          </Typography.Link>
        )}
        <Typography.Text type="secondary">{dt('total', { n: page.total })}</Typography.Text>
      </Space>
      <Table<Discrepancy>
        rowKey="id"
        size="small"
        data-testid="discrepancies"
        dataSource={page.items}
        pagination={{ total: page.total, pageSize: 20, current: offset / 20 + 1, onChange: (p) => setOffset((p - 1) * 20) }}
        expandable={{ expandedRowRender: (d) => <SideBySide d={d} kinds={kinds} />, expandedRowKeys: page.items.map((d) => d.id), showExpandColumn: false }}
        columns={[
          { title: dt('type'), render: (_, d) => (lang === 'en' ? d.typeLabel.en : d.typeLabel.zh) },
          { title: dt('household'), render: (_, d) => show(d.registry?.['householdNo'], dt) },
          { title: dt('name'), render: (_, d) => show(d.registry?.['name'], dt) },
          { title: dt('idNumber'), render: (_, d) => show(d.registry?.['idNumber'], dt) },
          { title: dt('status'), render: (_, d) => <Tag color={statusColor[d.status]}>{dt(d.status === 'problem' ? 'toProblem' : d.status)}</Tag> },
          {
            title: dt('actions'),
            render: (_, d) =>
              canAct && d.status === 'open' ? (
                <Space>
                  <Button size="small" onClick={() => setActing({ d, action: 'resolve' })} data-testid={`resolve-${d.id}`}>
                    {dt('resolve')}
                  </Button>
                  <Button size="small" danger onClick={() => setActing({ d, action: 'problem' })} data-testid={`problem-${d.id}`}>
                    {dt('makeProblem')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <Modal open={acting !== null} title={acting?.action === 'resolve' ? dt('resolve') : dt('makeProblem')} onOk={() => void decide()} okText={dt('save')} onCancel={() => setActing(null)} okButtonProps={{ 'data-testid': 'decide-ok' }}>
        <Form form={form} layout="vertical">
          <Form.Item name="note" label={dt('note')} rules={[{ required: true, message: dt('noteRequired') }]}>
            <Input.TextArea rows={3} data-testid="decide-note" />
          </Form.Item>
          {acting?.action === 'problem' && (
            <Form.Item name="deadline" label={dt('deadline')}>
              <DatePicker />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
