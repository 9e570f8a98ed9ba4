// The household's exit procedures (退出程序) on its file: each case with its state, and for a poor
// or relapsed household without an open case, the way to open one with the household filled in.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Space, Tag } from 'antd';
import { api } from '../api';
import type { ExitCase } from '../api-exit';
import { useLang } from '../i18n';

/** Roles that may open an exit case (the server checks again). */
export const exitCaseOpeners = new Set(['admin', 'regionAdmin', 'villageCadre', 'workTeam']);

export function HouseholdExitCases({ household, role }: { household: { id: number; householdNo: string; status: string; villageCode: string }; role: string }) {
  const { lang } = useLang();
  const [cases, setCases] = useState<ExitCase[] | null>(null);
  useEffect(() => {
    api<{ items: ExitCase[] }>('GET', `/exit-cases?under=${household.villageCode}&householdId=${household.id}&kind=household`).then((r) => setCases(r.items), () => setCases([]));
  }, [household.id, household.villageCode]);
  if (cases === null) return null;
  const open = cases.some((c) => c.status === 'open');
  const mayOpen = !open && exitCaseOpeners.has(role) && (household.status === 'poor' || household.status === 'relapsed');
  return (
    <Space size={4} wrap data-testid="household-exit-cases">
      {cases.map((c) => (
        <Link key={c.id} to={`/exit-cases/${c.id}`} data-testid={`exit-case-link-${c.id}`}>
          <Tag color={c.status === 'open' ? 'orange' : 'green'}>
            {lang === 'en' ? `Exit procedure ${c.year} · ${c.status === 'open' ? 'in progress' : 'closed'}` : `${c.year} 年退出程序 · ${c.status === 'open' ? '办理中' : '已办结'}`}
          </Tag>
        </Link>
      ))}
      {mayOpen && (
        <Link to={`/exit-cases?householdNo=${encodeURIComponent(household.householdNo)}`} data-testid="open-exit-case-link">
          {lang === 'en' ? 'Open the exit procedure' : '发起退出程序'}
        </Link>
      )}
    </Space>
  );
}
