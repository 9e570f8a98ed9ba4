// A cadre's worklist on a phone (我的帮扶户): households due a visit first, the follow-ups due,
// and one tap to record a visit or update the plan. A work-team account sees its own cadre's
// households; an office account picks a cadre.
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Badge, Button, Card, Empty, List, Select, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { ApiError, api } from '../api';
import { label, useApp } from '../app-context';
import { useLang } from '../i18n';
import { useAT } from '../i18n-assistance';
import { assistanceVisitors, type Catalogue, type Worklist, type WorklistHousehold } from './assistance-api';
import { PlanEditor } from './assistance-plan-editor';
import { VisitForm } from './assistance-visit-form';

export function AssistanceWorklistPage() {
  const at = useAT();
  const { lang } = useLang();
  const { user, codeLists } = useApp();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const ownCadre = user.role === 'workTeam';
  // An inspector reads a cadre's worklist and plans; the buttons that write are not offered.
  const canVisit = assistanceVisitors.has(user.role);
  const cadreId = ownCadre ? null : Number(params.get('cadre') ?? '') || null;
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [cadres, setCadres] = useState<{ id: number; name: string; households: number }[]>([]);
  const [work, setWork] = useState<Worklist | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [visiting, setVisiting] = useState<WorklistHousehold | null>(null);
  const [planning, setPlanning] = useState<WorklistHousehold | null>(null);

  useEffect(() => {
    void api<Catalogue>('GET', '/assistance/catalogue').then(setCatalogue);
    if (!ownCadre) void api<{ items: { id: number; name: string; households: number }[] }>('GET', `/assistance/cadres?under=${user.regionCode}`).then((r) => setCadres(r.items));
  }, [ownCadre, user.regionCode]);

  const load = useCallback(async () => {
    if (!ownCadre && cadreId === null) return;
    try {
      setWork(await api<Worklist>('GET', `/assistance/worklist${cadreId ? `?cadreId=${cadreId}` : ''}`));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? (e.errors[0]?.message ?? e.message) : String(e));
    }
  }, [ownCadre, cadreId]);
  useEffect(() => {
    void load();
  }, [load]);

  const finish = async (id: number) => {
    if (!work) return;
    await api('POST', `/assistance/follow-ups/${id}/done`, { date: work.today, note: '' });
    void message.success(at('doneSaved'));
    void load();
  };

  const picker = !ownCadre && (
    <Select showSearch optionFilterProp="label" style={{ width: '100%', marginBottom: 8 }} placeholder={at('chooseCadre')} value={cadreId ?? undefined} onChange={(v: number) => setParams({ cadre: String(v) })} options={cadres.map((c) => ({ value: c.id, label: at('nameCount', { name: c.name, n: c.households }) }))} data-testid="cadre-select" />
  );

  if (error) return <>{picker}<Alert type="error" showIcon message={error} /></>;
  // An officer without a cadre record of their own picks whose worklist to read; until then the
  // page says so instead of standing empty under the picker.
  if (!ownCadre && cadreId === null) return <>{picker}<Empty style={{ marginTop: 40 }} description={at('chooseCadreHint')} data-testid="worklist-choose" /></>;
  if (!work || !catalogue) return <>{picker}<Spin style={{ marginTop: 40, width: '100%' }} /></>;

  const households = (
    <List
      dataSource={work.households}
      locale={{ emptyText: <Empty description={at('noHouseholds')} /> }}
      renderItem={(h) => (
        <Card size="small" style={{ marginBottom: 8 }} data-testid={`household-${h.householdNo}`}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
            <div>
              <Typography.Text strong>{h.headName ?? '—'}</Typography.Text> <Typography.Text type="secondary">{h.householdNo}</Typography.Text>
              <div style={{ fontSize: 13, color: '#666' }}>
                {h.villageName} · {label(codeLists, 'cause', h.mainCause, lang)}
              </div>
              <div style={{ fontSize: 13 }}>
                {h.lastVisit ? at('lastVisitLine', { date: h.lastVisit, ago: at('daysAgo', { n: h.daysSince ?? 0 }) }) : at('lastVisitNever', { never: at('never') })}{' '}
                {h.due ? <Tag color="red" data-testid="due-tag">{at('dueNow')}</Tag> : <Tag>{at('dueOn', { date: h.dueDate })}</Tag>}
              </div>
            </div>
            <Space>
              {canVisit && (
                <Button type="primary" size="large" onClick={() => setVisiting(h)} data-testid={`visit-${h.householdNo}`}>
                  {at('recordVisit')}
                </Button>
              )}
              <Button size="large" onClick={() => setPlanning(h)} data-testid={`plan-${h.householdNo}`}>
                {at('plan')}
              </Button>
            </Space>
          </Space>
        </Card>
      )}
    />
  );

  const followUps = (
    <List
      dataSource={work.followUps}
      locale={{ emptyText: <Empty description={at('noFollowUps')} /> }}
      renderItem={(f) => (
        <Card size="small" style={{ marginBottom: 8 }} data-testid={`followup-${f.id}`}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <div>
              <div>{f.text}</div>
              <div style={{ fontSize: 13, color: '#666' }}>
                {f.householdNo} · {at('followUpDue')} {f.dueDate} {f.overdue && <Tag color="red">{at('overdue')}</Tag>}
              </div>
            </div>
            {canVisit && (
              <Button onClick={() => void finish(f.id)} data-testid={`followup-done-${f.id}`}>
                {at('done')}
              </Button>
            )}
          </Space>
        </Card>
      )}
    />
  );

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      {picker}
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="worklist-title">
        {at(ownCadre ? 'worklist' : 'cadreWorklist')} · {work.cadre.name}
      </Typography.Title>
      <Space style={{ marginBottom: 8 }} wrap>
        <Tag>{at('myHouseholds')} {work.households.length}</Tag>
        <Tag color={work.visitsDue > 0 ? 'red' : 'green'} data-testid="visits-due">{at('visitsDue')} {work.visitsDue}</Tag>
        <Tag color={work.followUpsDue > 0 ? 'orange' : 'green'}>{at('followUpsDue')} {work.followUps.length}</Tag>
      </Space>
      <Tabs
        items={[
          { key: 'households', label: <Badge count={work.visitsDue} size="small" offset={[8, 0]}>{at('myHouseholds')}</Badge>, children: households },
          { key: 'followUps', label: <Badge count={work.followUpsDue} size="small" offset={[8, 0]}><span data-testid="tab-followups">{at('followUpsDue')}</span></Badge>, children: followUps },
        ]}
      />
      <VisitForm household={visiting} today={work.today} catalogue={catalogue} cadreId={cadreId} onClose={() => setVisiting(null)} onSaved={() => { setVisiting(null); void load(); }} />
      <PlanEditor household={planning} year={Number(work.today.slice(0, 4))} catalogue={catalogue} onClose={() => setPlanning(null)} readOnly={!canVisit} />
    </div>
  );
}

export default AssistanceWorklistPage;
