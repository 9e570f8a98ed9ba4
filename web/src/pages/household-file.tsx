// 一户一档: everything about one household on one page, with the edits a cadre makes.
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Link as RouterLink } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Form, Grid, InputNumber, Modal, Result, Space, Spin, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { ApiError, api, writers, type HouseholdFile, type HouseholdImport, type Income } from '../api';
import { label, yuan, useApp } from '../app-context';
import { HouseholdExitCases } from '../components/household-exit-cases';
import { HouseholdEditModal, MemberEditModal, StatusEventModal, useFieldPresenter } from '../components/household-forms';
import { useLang, useT, type TextKey } from '../i18n';

/** The fields of the living-conditions tab, named by their `living_…` text keys. */
type LivingOf<K> = K extends `living_${infer F}` ? F : never;
type LivingField = LivingOf<TextKey>;

// What each audit action means for the household (the API's action names, kept in the tooltip).
const auditActions: Record<string, readonly [string, string]> = {
  create: ['建档', 'Registered'],
  update: ['修改户信息', 'Household changed'],
  members: ['修改成员', 'Members changed'],
  income: ['修改收入', 'Income changed'],
  status: ['状态变动', 'Status changed'],
  delete: ['删除', 'Deleted'],
  import: ['导入', 'Imported'],
};

const incomeKeys = [
  ['wageIncome', '工资性收入', 'Wages'],
  ['productionIncome', '生产经营性收入', 'Production income'],
  ['productionCost', '生产经营性支出', 'Production cost'],
  ['assetDividendIncome', '资产收益分红', 'Asset dividends'],
  ['otherPropertyIncome', '其他财产性收入', 'Other property income'],
  ['familyPlanningAllowance', '计划生育金', 'Family-planning allowance'],
  ['minimumLivingAllowance', '低保金', 'Minimum living allowance'],
  ['extremePovertyAllowance', '特困供养金', 'Extreme-poverty allowance'],
  ['pensionIncome', '养老保险金', 'Pension'],
  ['ecoCompensation', '生态补偿金', 'Eco-compensation'],
  ['otherTransferIncome', '其他转移性收入', 'Other transfers'],
  ['expectedIncome', '预期收入（不计入）', 'Expected income (not counted)'],
] as const;

export function HouseholdFilePage() {
  const t = useT();
  const { lang } = useLang();
  const { user, codeLists } = useApp();
  const { id } = useParams();
  const { message, modal } = App.useApp();
  const [file, setFile] = useState<HouseholdFile | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [editing, setEditing] = useState<Income | null>(null);
  const [dialog, setDialog] = useState<{ kind: 'household' | 'status' } | { kind: 'member'; index: number | null } | null>(null);
  const [form] = Form.useForm();
  const canWrite = writers.has(user.role);
  const wide = Grid.useBreakpoint().md ?? true;

  const load = useCallback(() => {
    setError(null);
    api<HouseholdFile>('GET', `/households/${id ?? ''}`).then(setFile, (e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e))));
  }, [id]);
  useEffect(load, [load]);

  if (error) return <Result status={error.status === 404 ? '404' : 'error'} title={error.message} data-testid="household-error" />;
  if (!file) return <Spin style={{ marginTop: 80, width: '100%' }} />;
  const h = file.household;
  const code = (list: string, key: string) => label(codeLists, list, h[key] as string | null, lang);

  const saveIncome = async () => {
    if (!editing) return;
    const values = (await form.validateFields()) as Record<string, number | null>;
    const income: Record<string, number> = {};
    for (const [key] of incomeKeys) income[key] = Math.round((values[key] ?? 0) * 100);
    try {
      await api('PUT', `/households/${h.id}/incomes/${editing.year}`, { version: h.version, income });
      void message.success(t('saved'));
      setEditing(null);
      load();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'stale_version') {
        modal.warning({ title: t('staleVersion'), onOk: () => { setEditing(null); load(); }, okText: t('refresh') });
      } else if (e instanceof ApiError) {
        form.setFields(e.errors.map((f) => ({ name: f.field.replace(/^income\./, ''), errors: [f.message] })));
        void message.error(e.message);
      }
    }
  };

  const staleThenReload = () => modal.warning({ title: t('staleVersion'), onOk: () => { setDialog(null); load(); }, okText: t('refresh') });
  const savedThenReload = () => {
    void message.success(t('saved'));
    setDialog(null);
    load();
  };

  const memberColumns = [
    // On a phone the name and the edit button stay put while the other columns scroll between them.
    { title: t('name'), dataIndex: 'name', key: 'name', fixed: wide ? undefined : ('left' as const), render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> },
    { title: t('relation'), dataIndex: 'relation', key: 'relation', render: (v: string) => label(codeLists, 'relation', v, lang) },
    { title: t('idNumber'), dataIndex: 'idNumber', key: 'idNumber', render: (v: string) => <span style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{v}</span> },
    { title: t('sex'), dataIndex: 'sex', key: 'sex', render: (v: string) => label(codeLists, 'sex', v, lang) },
    { title: t('birthDate'), dataIndex: 'birthDate', key: 'birthDate' },
    { title: t('health'), dataIndex: 'health', key: 'health', render: (v: string) => label(codeLists, 'health', v, lang) },
    { title: t('schoolStatus'), dataIndex: 'schoolStatus', key: 'schoolStatus', render: (v: string) => label(codeLists, 'schoolStatus', v, lang) },
    { title: t('labourAbility'), dataIndex: 'labourAbility', key: 'labourAbility', render: (v: string) => label(codeLists, 'labourAbility', v, lang) },
    ...(canWrite
      ? [{ title: '', key: 'edit', width: wide ? undefined : 72, fixed: wide ? undefined : ('right' as const), render: (_: unknown, _r: unknown, i: number) => <Button size="small" onClick={() => setDialog({ kind: 'member', index: i })} data-testid={`edit-member-${i}`}>{t('edit')}</Button> }]
      : []),
  ];
  const incomeColumns = [
    // On a phone the year, the per-capita figure and the edit button stay put while the parts scroll between them.
    { title: t('year'), dataIndex: 'year', key: 'year', width: 64, fixed: 'left' as const },
    ...incomeKeys.slice(0, 4).map(([key, zh, en]) => ({ title: lang === 'en' ? en : zh, dataIndex: key, key, align: 'right' as const, render: (v: number) => yuan(v) })),
    { title: lang === 'en' ? 'Transfers' : '转移性收入', key: 'transfers', align: 'right' as const, render: (_: unknown, r: Income) => yuan(incomeKeys.slice(5, 11).reduce((s, [k]) => s + (r[k] ?? 0), 0)) },
    { title: t('netIncomePerCapita'), dataIndex: 'netIncomePerCapita', key: 'pc', align: 'right' as const, width: wide ? undefined : 112, fixed: 'right' as const, render: (v: number | null) => <Typography.Text strong data-testid="per-capita">{yuan(v)}</Typography.Text> },
    ...(canWrite
      ? [{ title: '', key: 'edit', width: 72, fixed: 'right' as const, render: (_: unknown, r: Income) => <Button size="small" onClick={() => { setEditing(r); form.setFieldsValue(Object.fromEntries(incomeKeys.map(([k]) => [k, (r[k] ?? 0) / 100]))); }} data-testid={`edit-income-${r.year}`}>{t('edit')}</Button> }]
      : []),
  ];
  const when = (v: string) => new Date(v).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN');
  const actionName = (v: string) => <span title={v}>{auditActions[v]?.[lang === 'en' ? 1 : 0] ?? v}</span>;
  const yes = (v: unknown) => (v === true ? '✓' : v === false ? '✗' : '—');
  const living: [LivingField, string][] = [
    ['housingSafetyGrade', code('housingSafetyGrade', 'housingSafetyGrade')],
    ['housingArea', String(h['housingArea'] ?? '—')],
    ['houseStructure', code('houseStructure', 'houseStructure')],
    ['safeDrinkingWater', yes(h['safeDrinkingWater'])],
    ['roadType', code('roadType', 'roadType')],
    ['hasDomesticPower', yes(h['hasDomesticPower'])],
    ['hasSanitaryToilet', yes(h['hasSanitaryToilet'])],
    ['arableLandMu', String(h['arableLandMu'] ?? '—')],
    ['relocationPending', yes(h['relocationPending'])],
    ['renovationInProgress', yes(h['renovationInProgress'])],
    ['industryProjectPending', yes(h['industryProjectPending'])],
  ];

  return (
    <div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap align="center">
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="household-title">
            {t('householdFile')} · {h.householdNo}
          </Typography.Title>
          <Tag color={h.status === 'exited' ? 'green' : h.status === 'removed' ? 'default' : 'red'}>{code('householdStatus', 'status')}</Tag>
          <Typography.Text type="secondary">{file.village.path.map((p) => p.name).join(' / ')}</Typography.Text>
          <Typography.Text type="secondary">
            {t('version')} {h.version}
          </Typography.Text>
          {!canWrite && <Tag>{t('readOnly')}</Tag>}
          {canWrite && (
            <Space wrap>
              <Button size="small" onClick={() => setDialog({ kind: 'household' })} data-testid="edit-household">{t('editHousehold')}</Button>
              <Button size="small" onClick={() => setDialog({ kind: 'member', index: null })} data-testid="add-member">{t('addMember')}</Button>
              {h.status !== 'removed' && <Button size="small" onClick={() => setDialog({ kind: 'status' })} data-testid="change-status">{t('changeStatus')}</Button>}
            </Space>
          )}
          <RouterLink to={`/households/${h.id}/print`} data-testid="print-file-link">{lang === 'en' ? 'Print the file' : '打印档案'}</RouterLink>
          <RouterLink to={`/exit/households/${h.id}`} data-testid="exit-checklist-link">{lang === 'en' ? 'Exit checklist' : '脱贫评估核对'}</RouterLink>
          <HouseholdExitCases household={{ id: h.id, householdNo: h.householdNo, status: h.status, villageCode: file.village.code }} role={user.role} />
        </Space>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('attribute')}>{code('attribute', 'attribute')}</Descriptions.Item>
          <Descriptions.Item label={t('mainCause')}>{code('cause', 'mainCause')}</Descriptions.Item>
          <Descriptions.Item label={t('identifiedYear')}>{String(h['identifiedYear'] ?? '—')}</Descriptions.Item>
          <Descriptions.Item label={t('exitYear')}>{String(h['exitYear'] ?? '—')}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Tabs
        items={[
          { key: 'members', label: `${t('members')} (${file.members.length})`, children: <Table rowKey="id" size="small" pagination={false} columns={memberColumns} dataSource={file.members} scroll={{ x: 900 }} /> },
          { key: 'incomes', label: t('incomes'), children: <Table rowKey="year" size="small" pagination={false} columns={incomeColumns} dataSource={[...file.incomes].reverse()} scroll={{ x: 900 }} data-testid="income-table" /> },
          { key: 'living', label: t('living'), children: <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 3 }}>{living.map(([k, v]) => <Descriptions.Item key={k} label={t(`living_${k}`)}>{v}</Descriptions.Item>)}</Descriptions> },
          { key: 'events', label: t('events'), children: <Timeline items={file.events.map((e) => ({ color: e.type === 'exited' ? 'green' : e.type === 'identified' ? 'red' : 'gray', children: `${e.date} ${label(codeLists, 'statusEventType', e.type, lang)}${e.reason ? `（${label(codeLists, 'removalReason', e.reason, lang)}）` : ''}${e.basis ? ` · ${e.basis}` : ''} · ${e.actor}` }))} /> },
          {
            key: 'audit',
            label: t('audit'),
            children: (
              <Table
                rowKey="key"
                size="small"
                pagination={{ pageSize: 20 }}
                dataSource={historyRows(file)}
                scroll={wide ? { x: 700 } : undefined}
                data-testid="audit-table"
                columns={wide ? [
                  { title: '#', dataIndex: 'seq', key: 'seq', width: 70, render: (v: number | null) => v ?? '—' },
                  { title: t('time'), dataIndex: 'at', key: 'at', width: 180, render: (v: string) => when(v) },
                  { title: t('actor'), dataIndex: 'actor', key: 'actor', width: 110 },
                  { title: t('action'), dataIndex: 'action', key: 'action', width: 110, render: (v: string) => actionName(v) },
                  { title: t('change'), key: 'change', render: (_: unknown, r: HistoryRow) => (r.imported ? <ImportChange batch={r.imported} /> : <AuditChange before={r.before} after={r.after} />) },
                ] : [
                  // A phone has room for two columns: when and by whom, then what was changed.
                  { title: t('time'), dataIndex: 'at', key: 'at', width: 104, render: (v: string, r: HistoryRow) => <><div style={{ fontSize: 12 }}>{when(v)}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.actor}</Typography.Text></> },
                  { title: t('change'), key: 'change', render: (_: unknown, r: HistoryRow) => <><div><Typography.Text strong>{actionName(r.action)}</Typography.Text></div>{r.imported ? <ImportChange batch={r.imported} /> : <AuditChange before={r.before} after={r.after} />}</> },
                ]}
              />
            ),
          },
        ]}
      />
      {canWrite && (
        <>
          <HouseholdEditModal open={dialog?.kind === 'household'} onClose={() => setDialog(null)} onSaved={savedThenReload} onStale={staleThenReload} household={h as typeof h & { id: number; version: number }} />
          <MemberEditModal open={dialog?.kind === 'member'} index={dialog?.kind === 'member' ? dialog.index : null} onClose={() => setDialog(null)} onSaved={savedThenReload} onStale={staleThenReload} household={{ id: h.id, version: h.version }} members={file.members as Record<string, unknown>[]} />
          <StatusEventModal open={dialog?.kind === 'status'} onClose={() => setDialog(null)} onSaved={savedThenReload} onStale={staleThenReload} household={{ id: h.id, version: h.version, status: String(h.status) }} latestEventDate={file.events.reduce<string | null>((d, e) => (d === null || e.date > d ? e.date : d), null)} />
        </>
      )}
      <Modal open={editing !== null} title={`${t('editIncome')} · ${editing?.year ?? ''}`} onOk={saveIncome} onCancel={() => setEditing(null)} okText={t('save')} cancelText={t('cancel')} okButtonProps={{ id: 'save-income' }}>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={lang === 'en' ? 'Amounts in yuan. Net income per capita is computed, never typed.' : '金额单位：元。人均纯收入由系统计算，不可直接填写。'} />
        <Form form={form} layout="horizontal" labelCol={{ span: 10 }}>
          {incomeKeys.map(([key, zh, en]) => (
            <Form.Item key={key} name={key} label={lang === 'en' ? en : zh} style={{ marginBottom: 8 }}>
              <InputNumber min={0} step={100} precision={2} style={{ width: '100%' }} data-testid={`income-${key}`} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </div>
  );
}

const auditExtraNames: Record<string, readonly [string, string]> = {
  year: ['年度', 'Year'],
  netIncomePerCapita: ['人均纯收入（元）', 'Net income per capita (yuan)'],
  memberCount: ['家庭人口', 'Household size'],
  exitYear: ['脱贫年度', 'Exit year'],
};

// Bookkeeping columns every write changes; listing them would bury what the person changed.
const unchangedByPeople = new Set(['version', 'updatedAt', 'updated_at']);

/** A row of the household's history: one of its audit entries, or an import batch that wrote it. */
interface HistoryRow {
  key: string;
  seq: number | null;
  at: string;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
  imported?: HouseholdImport;
}

/** The audit entries and the import batches together, newest first. */
function historyRows(file: HouseholdFile): HistoryRow[] {
  const rows: HistoryRow[] = [
    ...file.audit.map((a) => ({ key: `a${a.seq}`, ...a })),
    ...file.imports.map((i) => ({ key: `i${i.batchId}`, seq: null, at: i.at, actor: i.actor, action: 'import', before: null, after: null, imported: i })),
  ];
  return rows.sort((a, b) => b.at.localeCompare(a.at));
}

/** What an import batch did to the household, from which file, and the file where this account may open it. */
function ImportChange({ batch }: { batch: HouseholdImport }) {
  const t = useT();
  const { lang } = useLang();
  const part = (p: string) => (p === 'household' ? t('importPartHousehold') : p === 'members' ? t('importPartMembers') : p.startsWith('income:') ? t('importPartIncome', { year: p.slice(7) }) : p);
  const what = batch.kind === 'created' ? t('importCreated') : t('importUpdated', { parts: batch.parts.map(part).join(lang === 'en' ? ', ' : '、') });
  return (
    <div data-testid={`import-trail-${batch.batchId}`}>
      <div>{t('importBatchLine', { name: batch.batchName, what })}</div>
      <ImportDetailLines detail={batch.detail} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('importFileLine', { name: batch.fileName, sha: batch.fileSha256.slice(0, 12) })}
      </Typography.Text>
      {batch.filesOpen && batch.files.map((f) => (
        <a key={f.position} href={`/api/v1/imports/${batch.batchId}/files/${f.position}`} style={{ marginLeft: 8, fontSize: 12 }} title={f.name}>
          {batch.files.length === 1 ? t('originalFile') : t('originalFileNamed', { name: f.name })}
        </a>
      ))}
    </div>
  );
}

/** An import's changes in the words of the audit entries: fields before → after, each year's income, members by name. */
function ImportDetailLines({ detail }: { detail: HouseholdImport['detail'] }) {
  const t = useT();
  const { lang } = useLang();
  const sides = (changes: Record<string, [unknown, unknown]>) => [Object.fromEntries(Object.entries(changes).map(([k, [b]]) => [k, b])), Object.fromEntries(Object.entries(changes).map(([k, [, a]]) => [k, a]))] as const;
  const names = (list: string[]) => list.join(lang === 'en' ? ', ' : '、');
  const household = detail.household ? sides(detail.household) : null;
  const m = detail.members;
  const memberLine = m ? [m.added.length > 0 ? t('importMembersAdded', { names: names(m.added) }) : null, m.removed.length > 0 ? t('importMembersRemoved', { names: names(m.removed) }) : null, m.changed.length > 0 ? t('importMembersChanged', { names: names(m.changed) }) : null].filter((x) => x !== null).join(lang === 'en' ? '; ' : '；') : '';
  return (
    <>
      {household && <div><AuditChange before={household[0]} after={household[1]} /></div>}
      {Object.entries(detail.incomes ?? {}).map(([year, changes]) => {
        const [b, a] = sides(changes);
        return <div key={year}><Typography.Text style={{ fontSize: 12 }}>{t('importPartIncome', { year })}：</Typography.Text><AuditChange before={b} after={a} /></div>;
      })}
      {memberLine && <div><Typography.Text style={{ fontSize: 12 }}>{memberLine}</Typography.Text></div>}
    </>
  );
}

function AuditChange({ before, after }: { before: unknown; after: unknown }) {
  const field = useFieldPresenter();
  const { lang } = useLang();
  const { codeLists } = useApp();
  const name = (key: string) => field.name(key) ?? incomeKeys.find(([k]) => k === key)?.[lang === 'en' ? 2 : 1] ?? auditExtraNames[key]?.[lang === 'en' ? 1 : 0] ?? (key === 'status' ? codeLists['householdStatus']?.[lang] : undefined) ?? key;
  const money = (key: string) => key === 'netIncomePerCapita' || incomeKeys.some(([k]) => k === key);
  const value = (key: string, v: unknown) => (key === 'status' && typeof v === 'string' ? (codeLists['householdStatus']?.items.find((i) => i.code === v)?.[lang] ?? v) : money(key) && typeof v === 'number' ? (v / 100).toFixed(2) : field.value(key, v));
  const changes: string[] = [];
  if (before && after && typeof before === 'object' && typeof after === 'object') {
    const b = before as Record<string, unknown>;
    const a = after as Record<string, unknown>;
    for (const key of Object.keys(a)) {
      if (unchangedByPeople.has(key)) continue;
      if (JSON.stringify(b[key]) !== JSON.stringify(a[key]) && (typeof a[key] !== 'object' || Array.isArray(a[key]))) changes.push(`${name(key)}：${value(key, b[key])} → ${value(key, a[key])}`);
    }
  } else if (after && typeof after === 'object') {
    const a = after as Record<string, unknown>;
    for (const key of Object.keys(a).filter((k) => !unchangedByPeople.has(k)).slice(0, 6)) if (typeof a[key] !== 'object') changes.push(`${name(key)}：${value(key, a[key])}`);
  }
  return <Typography.Text style={{ fontSize: 12 }}>{changes.slice(0, 8).join('；') || '—'}</Typography.Text>;
}
