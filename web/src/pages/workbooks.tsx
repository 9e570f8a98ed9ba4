// 数据导入导出: the data officer's page. Upload a workbook (validate only, all or nothing, or
// import the valid households and quarantine the rest), watch its progress, read every problem with
// its cell, download the marked-up copy; download the blank template and the ledgers.
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Grid, Input, List, Progress, Radio, Segmented, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { ApiError, api, fixIn, upload, writers } from '../api';
import { minuteOf, useApp } from '../app-context';
import { useLang, useT, type TextKey } from '../i18n';
import { registryChanged } from '../components/region-tree';

type Mode = 'dryRun' | 'all' | 'acceptValid';
interface Issue {
  sheet: string;
  row: number | null;
  column: string | null;
  header: string | null;
  field: string;
  value: string;
  householdNo: string | null;
  message: string;
  messageEn: string;
  fix: string;
  fixEn?: string;
}
interface ImportView {
  id: number;
  /** A check-only run (`dryRun`) wrote nothing: its created/updated are what would be. */
  mode?: Mode;
  status: 'running' | 'validated' | 'invalid' | 'imported' | 'partial' | 'unchanged' | 'failed';
  progress: { phase: 'converting' | 'reading' | 'checking' | 'writing' | 'done'; done: number; total: number; fraction: number };
  error?: string | null;
  errorEn?: string | null;
  batchName?: string;
  fileName?: string;
  counts?: Record<'households' | 'members' | 'incomes' | 'created' | 'updated' | 'unchanged' | 'rejected' | 'quarantined', number>;
  sheets?: { file: string; sheet: string; kind: string | null; headerRow: number | null; columns: string[]; ignored: string[]; rows: number; unclassified?: { headerRow: number } }[];
  issueCount?: number;
  issues?: Issue[];
  /** The marked-up copy can be made (from the upload, or from the files the batch kept). */
  reportAvailable?: boolean;
  /** The files as given, kept with the batch. */
  files?: KeptFile[];
}

interface KeptFile {
  position: number;
  name: string;
  size: number;
}

interface HistoryItem {
  id: number;
  batchName: string;
  fileName: string;
  mode: Mode;
  status: ImportView['status'];
  actor: string;
  counts: Partial<NonNullable<ImportView['counts']>>;
  issueCount: number;
  createdAt: string;
  /** The households it set aside and how many of them are registered since (null: none set aside). */
  quarantine: { total: number; resolved: number } | null;
  reportAvailable: boolean;
  files: KeptFile[];
}

/** A batch's set-aside households, each registered since the batch (resolved) or still to fix (GET /imports/:id/quarantine). */
interface QuarantineView {
  households: number;
  resolved: number;
  outstanding: number;
  items: {
    householdNo: string;
    sheet: string;
    row: number | null;
    issueCount: number;
    issues: Issue[];
    resolved: boolean;
    resolvedAt: string | null;
    resolvedBy: 'import' | 'edit' | null;
    resolvedBatch: { id: number; name: string } | null;
  }[];
}
type QuarantineItem = QuarantineView['items'][number];

const sheetKinds: Record<string, [string, string]> = { household: ['户表', 'households'], member: ['成员表', 'members'], income: ['收入表', 'incomes'], flat: ['花名册（每人一行）', 'flat roster'] };

const statusColor: Record<ImportView['status'], 'success' | 'error' | 'warning' | 'info'> = {
  running: 'info',
  validated: 'success',
  invalid: 'error',
  imported: 'success',
  partial: 'warning',
  unchanged: 'info',
  failed: 'error',
};

export function WorkbooksPage() {
  const t = useT();
  const { lang } = useLang();
  const { user } = useApp();
  const [params] = useSearchParams();
  const region = params.get('region') ?? user.regionCode;
  const [files, setFiles] = useState<File[]>([]);
  const [mode, setMode] = useState<Mode>('dryRun');
  const [batch, setBatch] = useState('');
  const [sent, setSent] = useState<number | null>(null);
  const [job, setJob] = useState<ImportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState('registry');
  const [history, setHistory] = useState<HistoryItem[] | null>(null);
  const timer = useRef<number | null>(null);
  // Whether this server converts old .xls workbooks (null until known: nothing said either way).
  const [legacy, setLegacy] = useState<boolean | null>(null);
  useEffect(() => {
    api<{ legacyWorkbooks: boolean }>('GET', '/imports/formats').then(
      (r) => setLegacy(r.legacyWorkbooks),
      () => setLegacy(null),
    );
  }, []);

  const loadHistory = () => {
    api<{ items: HistoryItem[] }>('GET', '/imports').then(
      (r) => setHistory(r.items),
      () => setHistory([]),
    );
  };
  // Again whenever an import ends, so that the list shows it.
  const finished = job !== null && job.status !== 'running';
  useEffect(loadHistory, [finished]);
  const wrote = finished && sent !== null && ((job?.counts?.created ?? 0) > 0 || (job?.counts?.updated ?? 0) > 0);
  useEffect(() => {
    if (wrote) window.dispatchEvent(new Event(registryChanged));
  }, [wrote]);

  const open = (id: number) => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    setError(null);
    setSent(null);
    poll(id);
  };

  useEffect(() => () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
  }, []);

  const poll = (id: number) => {
    api<ImportView>('GET', `/imports/${id}`).then(
      (view) => {
        setJob(view);
        if (view.status === 'running') timer.current = window.setTimeout(() => poll(id), 500);
      },
      (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)),
    );
  };

  const start = async () => {
    if (files.length === 0) return;
    setError(null);
    setJob(null);
    setSent(0);
    try {
      const query = new URLSearchParams({ mode, ...(batch.trim() ? { batch: batch.trim() } : {}) });
      const view = await upload<ImportView>(`/imports?${query.toString()}`, files, setSent);
      setSent(1);
      setJob(view);
      if (view.status === 'running') poll(view.id);
    } catch (e) {
      setSent(null);
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  const running = sent !== null && (job === null || job.status === 'running');
  const phaseText = job ? t(`importPhase_${job.progress.phase}` as TextKey) : t('importPhase_uploading');
  const percent = job ? Math.round(job.progress.fraction * 100) : Math.round((sent ?? 0) * 100);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="workbooks-title">
        {t('workbooks')}
      </Typography.Title>
      {writers.has(user.role) && (
        <Card size="small" title={t('importRegistry')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary" data-testid="import-help">
              {t('importHelp')}
              {/* Chinese sentences follow one another without a space. */}
              {legacy !== null && `${lang === 'en' ? ' ' : ''}${t(legacy ? 'importLegacyYes' : 'importLegacyNo')}`}
            </Typography.Text>
            <Space wrap align="start">
              {/* First, as the officer's work goes (template, then the filled file), and so that the
                  chosen files' names, listed under the button, do not push it aside. Level with the button. */}
              <a href="/api/v1/exports/template.xlsx" data-testid="download-template" style={{ lineHeight: '32px' }}>
                {t('downloadTemplate')}
              </a>
              {/* Several files at once: a household CSV with its member (and income) CSV. */}
              <Upload
                accept=".xlsx,.xls,.et,.csv,.txt"
                multiple
                maxCount={10}
                beforeUpload={(_f, picked) => {
                  // Each pick replaces the last (a corrected workbook replaces the broken one);
                  // files picked together go together.
                  setFiles(picked);
                  return false;
                }}
                onRemove={(u) => setFiles((old) => old.filter((o) => o.name !== u.name))}
                fileList={files.map((f) => ({ uid: f.name, name: f.name, status: 'done' as const }))}
              >
                <Button data-testid="choose-file">{t('chooseFile')}</Button>
              </Upload>
            </Space>
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as Mode)} data-testid="import-mode">
              <Radio value="dryRun">{t('modeDryRun')}</Radio>
              <Radio value="all">{t('modeAll')}</Radio>
              <Radio value="acceptValid">{t('modeAcceptValid')}</Radio>
            </Radio.Group>
            {mode === 'acceptValid' && <Input style={{ maxWidth: 360 }} placeholder={t('batchNamePlaceholder')} value={batch} onChange={(e) => setBatch(e.target.value)} maxLength={100} />}
            <Button type="primary" disabled={files.length === 0 || running} loading={running} onClick={() => void start()} data-testid="start-import">
              {t('startImport')}
            </Button>
            {sent !== null && <Progress percent={percent} status={job?.status === 'failed' || job?.status === 'invalid' ? 'exception' : running ? 'active' : 'success'} format={(p) => `${phaseText} ${p ?? 0}%`} data-testid="import-progress" />}
            {error && <Alert type="error" showIcon message={error} data-testid="import-error" />}
          </Space>
        </Card>
      )}
      {!writers.has(user.role) && (
        // Said, not just hidden: a read-only account would otherwise look for the import in vain.
        <Alert
          type="info"
          showIcon
          data-testid="import-read-only"
          message={lang === 'en' ? `Your account (${user.roleLabel.en}) reads the registry and exports ledgers; importing registry data needs a registry editor's account (village cadre, region or system admin).` : `您的账号（${user.roleLabel.zh}）可查看和导出台账，不能导入建档立卡数据；导入请使用村级干部、地区管理员或系统管理员账号。`}
        />
      )}
      {job && job.status !== 'running' && <ImportResult job={job} lang={lang} />}
      {history !== null && history.length > 0 && <ImportHistory items={history} onOpen={open} showActor={user.role === 'admin'} />}
      <Card size="small" title={t('exportLedger')}>
        <Space wrap>
          <Select value={kind} onChange={setKind} style={{ width: 220 }} options={['registry', 'households', 'members', 'incomes'].map((k) => ({ value: k, label: t(`ledger_${k}` as TextKey) }))} />
          <Button href={`/api/v1/exports/ledger.xlsx?under=${region}&kind=${kind}`} data-testid="export-ledger">
            {t('downloadLedger')}
          </Button>
          <Typography.Text type="secondary">{t('exportHelp')}</Typography.Text>
        </Space>
      </Card>
    </Space>
  );
}

/** How a sheet was read: "户表（表头行 4，5 行）", in the reader's language and punctuation. */
function sheetLine(s: NonNullable<ImportView['sheets']>[number], lang: 'zh' | 'en', t: ReturnType<typeof useT>): string {
  const [open, comma, close, semi] = lang === 'en' ? [' (', ', ', ')', '; '] : ['（', '，', '）', '；'];
  // A header with 户编号 whose kind cannot be told: refused, with an issue of its own below.
  if (s.kind === null && s.unclassified) return `${s.sheet}${open}${t('sheetUnclassified', { n: s.unclassified.headerRow })}${close}`;
  // 说明 and 代码表 of the template, or a sheet whose header names no registry column.
  if (s.kind === null) return `${s.sheet}${open}${t('sheetSkipped')}${close}`;
  const kind = sheetKinds[s.kind]?.[lang === 'en' ? 1 : 0] ?? s.kind;
  // A sheet named as it was read (户表 read as 户表) is not told so twice.
  const parts = [...(kind === s.sheet ? [] : [kind]), `${t('headerRow')} ${s.headerRow}`, `${s.rows} ${t('rows')}`];
  const ignored = s.ignored.length ? `${semi}${t('ignoredColumns')}: ${s.ignored.join('、')}` : '';
  return `${s.sheet}${open}${parts.join(comma)}${ignored}${close}`;
}

/** The cell of an issue (C4), or its row when the sheet has no column for the field. */
function cellOf(r: Issue, t: ReturnType<typeof useT>): string {
  if (r.row === null) return r.column ?? '';
  return r.column === null ? t('rowAt', { n: r.row }) : `${r.column}${r.row}`;
}

/** On a phone or a tablet each problem is a card: where, what and how to fix it all fit the width. */
function IssueList({ issues, lang }: { issues: Issue[]; lang: 'zh' | 'en' }) {
  const t = useT();
  return (
    <List
      size="small"
      dataSource={issues}
      pagination={{ pageSize: 20, size: 'small', showSizeChanger: false }}
      data-testid="issue-table"
      renderItem={(r) => (
        <List.Item style={{ padding: '8px 0' }}>
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[r.sheet, cellOf(r, t), r.header, r.householdNo ? `${t('householdNo')} ${r.householdNo}` : null].filter((x) => x !== null && x !== '').join(' · ')}
            </Typography.Text>
            {r.value !== '' && <Typography.Text code>{r.value}</Typography.Text>}
            <Typography.Text strong>{lang === 'en' ? r.messageEn : r.message}</Typography.Text>
            <Typography.Text>{fixIn(lang, r)}</Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

/**
 * A file read without a problem yet without a household (the blank template, a header alone):
 * "no problems" or "same as the registry" would read as success.
 */
function isEmptyRun(run: { status: ImportView['status']; counts?: Partial<NonNullable<ImportView['counts']>> }): boolean {
  return run.counts?.households === 0 && (run.status === 'validated' || run.status === 'unchanged');
}

function ImportResult({ job, lang }: { job: ImportView; lang: 'zh' | 'en' }) {
  const t = useT();
  // The table needs some 900 px beside the region tree: a laptop of 1,280 px has them, a tablet not.
  const wide = Grid.useBreakpoint().xl ?? true;
  const c = job.counts;
  const empty = isEmptyRun(job);
  return (
    <Card size="small" title={`${t('importResult')} · ${job.fileName ?? ''}`} data-testid="import-result">
      <Alert type={empty ? 'warning' : statusColor[job.status]} showIcon message={empty ? t('importEmpty') : t(`importStatus_${job.status}` as TextKey, { n: job.issueCount ?? 0 })} description={(lang === 'en' ? job.errorEn ?? job.error : job.error) ?? undefined} style={{ marginBottom: 12 }} data-testid="import-status" />
      {c && (
        <Descriptions size="small" column={{ xs: 2, sm: 4 }} style={{ marginBottom: 12 }}>
          {(['households', 'members', 'incomes', 'created', 'updated', 'unchanged', 'rejected', 'quarantined'] as const).map((k) => (
            <Descriptions.Item key={k} label={t(job.mode === 'dryRun' && (k === 'created' || k === 'updated') ? `count_${k}_dryRun` : `count_${k}`)}>
              <span data-testid={`count-${k}`}>{c[k]}</span>
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {job.sheets && job.sheets.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {job.sheets.map((s) => sheetLine(s, lang, t)).join(lang === 'en' ? '; ' : '；')}
        </Typography.Paragraph>
      )}
      {(job.issueCount ?? 0) > 0 && (
        <>
          <Space wrap style={{ marginBottom: 8 }}>
            {job.reportAvailable !== false ? (
              <Button href={`/api/v1/imports/${job.id}/report.xlsx`} data-testid="download-report">
                {t('downloadReport')}
              </Button>
            ) : (
              <Typography.Text type="secondary">{t('reportExpired')}</Typography.Text>
            )}
            {(c?.quarantined ?? 0) > 0 && (
              <Button href={`/api/v1/imports/${job.id}/quarantine.xlsx`} data-testid="download-quarantine">
                {t('downloadQuarantine', { n: c?.quarantined ?? 0 })}
              </Button>
            )}
            {(job.issueCount ?? 0) > (job.issues?.length ?? 0) && <Tag>{t('issuesTruncated', { n: job.issues?.length ?? 0 })}</Tag>}
          </Space>
          {(c?.quarantined ?? 0) > 0 && <QuarantineList id={job.id} lang={lang} />}
          {!wide && <IssueList issues={job.issues ?? []} lang={lang} />}
          {wide && <Table
            size="small"
            rowKey={(r) => `${r.sheet}-${r.row ?? 0}-${r.column ?? ''}-${r.field}-${r.message}`}
            dataSource={job.issues ?? []}
            pagination={{ pageSize: 50, showSizeChanger: false }}
            scroll={{ x: 900 }}
            data-testid="issue-table"
            columns={[
              { title: t('sheet'), dataIndex: 'sheet', key: 'sheet', width: 80 },
              { title: t('cell'), key: 'cell', width: 70, render: (_: unknown, r: Issue) => cellOf(r, t) },
              { title: t('column'), dataIndex: 'header', key: 'header', width: 110 },
              { title: t('householdNo'), dataIndex: 'householdNo', key: 'householdNo', width: 150 },
              { title: t('value'), dataIndex: 'value', key: 'value', width: 120, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
              { title: t('problem'), key: 'message', render: (_: unknown, r: Issue) => (lang === 'en' ? r.messageEn : r.message) },
              { title: t('fix'), key: 'fix', render: (_: unknown, r: Issue) => fixIn(lang, r) },
            ]}
          />}
        </>
      )}
    </Card>
  );
}

/** Where a set-aside household stands: the first problem still to fix, or when and how it was registered. */
function quarantineLine(h: QuarantineItem, lang: 'zh' | 'en', t: ReturnType<typeof useT>): string {
  if (h.resolved) {
    const at = h.resolvedAt ? minuteOf(h.resolvedAt) : '';
    return h.resolvedBatch ? t('resolvedByImport', { at, name: h.resolvedBatch.name }) : t('resolvedByEdit', { at });
  }
  const first = h.issues.find((i) => i.sheet !== '') ?? h.issues[0];
  if (!first) return '';
  const n = h.issueCount;
  const more = n > 1 ? ` (${t('moreProblems', { n: n - 1 })})` : '';
  return `${lang === 'en' ? first.messageEn : first.message}${more}`;
}

/** Where its problems are: the first one's sheet and row (not the household sheet's row), and how many. */
function problemsAt(h: QuarantineItem, t: ReturnType<typeof useT>): string {
  const at = [h.sheet, h.row === null ? '' : t('rowAt', { n: h.row })].filter((x) => x !== '').join(' · ');
  const n = h.issueCount;
  return at === '' ? t('problemCount', { n }) : t(n === 1 ? 'problemAt' : 'problemsAt', { n, at });
}

/** The batch's set-aside households, those still to fix shown first (the default when any are left). */
function QuarantineList({ id, lang }: { id: number; lang: 'zh' | 'en' }) {
  const t = useT();
  const [view, setView] = useState<QuarantineView | null>(null);
  const [show, setShow] = useState<'open' | 'resolved' | 'all' | null>(null);
  useEffect(() => {
    setView(null);
    setShow(null);
    api<QuarantineView>('GET', `/imports/${id}/quarantine`).then(setView, () => setView(null));
  }, [id]);
  if (view === null) return null;
  const shown = show ?? (view.outstanding > 0 ? 'open' : 'all');
  const counts = { open: view.outstanding, resolved: view.resolved, all: view.households };
  const items = view.items.filter((h) => (shown === 'all' ? true : shown === 'open' ? !h.resolved : h.resolved)).sort((a, b) => Number(a.resolved) - Number(b.resolved));
  return (
    <Card type="inner" size="small" title={t('quarantineTitle')} style={{ marginBottom: 12 }} data-testid="quarantine-list">
      <Space direction="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text strong data-testid="quarantine-counts">
          {t('quarantineCounts', { total: view.households, resolved: view.resolved, outstanding: view.outstanding })}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('quarantineHelp')}
        </Typography.Text>
        <Segmented
          value={shown}
          onChange={(v) => setShow(v as 'open' | 'resolved' | 'all')}
          options={(['open', 'resolved', 'all'] as const).map((k) => ({ value: k, label: t(`quarantineShow_${k}`, { n: counts[k] }) }))}
          data-testid="quarantine-filter"
        />
        <List
          size="small"
          dataSource={items}
          locale={{ emptyText: t('quarantineNone') }}
          pagination={items.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
          renderItem={(h) => (
            <List.Item style={{ padding: '6px 0' }} data-testid="quarantine-item">
              <Space wrap size={6}>
                <Tag color={h.resolved ? 'success' : 'warning'} data-testid="quarantine-tag">
                  {t(h.resolved ? 'quarantineResolved' : 'quarantineOpen')}
                </Tag>
                <Typography.Text code>{h.householdNo}</Typography.Text>
                <Typography.Text type="secondary" data-testid="quarantine-where">
                  {problemsAt(h, t)}
                </Typography.Text>
                <Typography.Text>{quarantineLine(h, lang, t)}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Space>
    </Card>
  );
}

/** The latest imports: each opens its stored result (and its set-aside list), after the page was left. */
function ImportHistory({ items, onOpen, showActor }: { items: HistoryItem[]; onOpen: (id: number) => void; showActor: boolean }) {
  const t = useT();
  // Beside the links a phone left the file name and date one character a line: there they go below.
  const wide = Grid.useBreakpoint().md ?? true;
  const quarantine = (h: HistoryItem) =>
    h.quarantine !== null && h.quarantine.total > 0 ? (
      <a href={`/api/v1/imports/${h.id}/quarantine.xlsx`} data-testid={`quarantine-link-${h.id}`}>
        {t('quarantineList', { n: h.quarantine.total, open: h.quarantine.total - h.quarantine.resolved })}
      </a>
    ) : null;
  return (
    <Card size="small" title={t('importHistory')} data-testid="import-history">
      <List
        size="small"
        itemLayout={wide ? 'horizontal' : 'vertical'}
        dataSource={items}
        renderItem={(h) => (
          <List.Item
            key={h.id}
            actions={[
              <a key="open" onClick={() => onOpen(h.id)} data-testid={`open-import-${h.id}`}>
                {t('viewResult')}
              </a>,
              quarantine(h),
              // The file as the officer gave it: what the batch's hash, and its audit entry, are of.
              ...h.files.map((f) => (
                <a key={`file-${f.position}`} href={`/api/v1/imports/${h.id}/files/${f.position}`} title={f.name} data-testid={`original-file-${h.id}-${f.position}`}>
                  {h.files.length === 1 ? t('originalFile') : t('originalFileNamed', { name: f.name })}
                </a>
              )),
            ].filter((x) => x !== null)}
          >
            <List.Item.Meta
              title={
                <Space wrap size={4}>
                  {isEmptyRun(h) ? <Tag color="warning">{t('importEmptyShort')}</Tag> : <Tag color={statusColor[h.status]}>{t(`importStatusShort_${h.status}` as TextKey)}</Tag>}
                  <span>{h.fileName}</span>
                </Space>
              }
              description={[
                minuteOf(h.createdAt),
                t(`modeShort_${h.mode}` as TextKey),
                ...(showActor ? [h.actor] : []),
                ...(h.status === 'running' ? [] : [t(h.mode === 'dryRun' ? 'historyCountsDryRun' : 'historyCounts', { created: h.counts.created ?? 0, updated: h.counts.updated ?? 0, issues: h.issueCount })]),
              ].join(' · ')}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

export default WorkbooksPage;
