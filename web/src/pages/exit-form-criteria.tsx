// The standard's criteria on the verification form: a household's on today's data (the same
// checklist as 退出核对清单), a village's or county's from the newest stored assessment run that
// holds it, so the signatures on paper sit beside what they attest to.
import { useEffect, useState } from 'react';
import { Typography } from 'antd';
import { api } from '../api';
import type { CaseDetail } from '../api-exit';
import { factsText, resultKey, type ChecklistItem, type FactLabels, type HouseholdChecklist, type RunInfo } from '../exit-api';
import { useLang } from '../i18n';
import { useExitT } from '../i18n-exit-rules';

interface Criteria {
  source: string;
  items: ChecklistItem[];
  labels: FactLabels;
}

async function criteriaOf(detail: CaseDetail, lang: string, today: string, runLabel: (id: number) => string): Promise<Criteria | null> {
  const c = detail.case;
  const household = detail.unit.household;
  if (c.kind === 'household' && household) {
    const r = await api<HouseholdChecklist>('GET', `/exit/households/${household.id}/checklist?year=${c.year}`);
    return { source: `${lang === 'en' ? r.ruleSet.title.en : r.ruleSet.title.zh}（${r.ruleSet.version}）· ${today}`, items: r.items, labels: r.factLabels };
  }
  const runs = (await api<{ items: RunInfo[] }>('GET', `/exit/runs?unit=${c.kind}&year=${c.year}`)).items;
  for (const run of [...runs].sort((a, b) => b.id - a.id).slice(0, 10)) {
    try {
      const r = await api<{ items: ChecklistItem[]; factLabels: FactLabels }>('GET', `/exit/runs/${run.id}/units/${c.regionCode}`);
      return { source: `${lang === 'en' ? run.ruleSet.title.en : run.ruleSet.title.zh}（${run.ruleSet.version}）· ${runLabel(run.id)}`, items: r.items, labels: r.factLabels };
    } catch {
      // Not in this run (another area, or candidates only): try the next older one.
    }
  }
  return null;
}

export function ExitFormCriteria({ detail }: { detail: CaseDetail }) {
  const t = useExitT();
  const { lang } = useLang();
  const [criteria, setCriteria] = useState<Criteria | null | 'none'>(null);
  useEffect(() => {
    criteriaOf(detail, lang, t('exitAsOfToday'), (id) => (lang === 'en' ? `stored run #${id}` : `评估批次 #${id}`)).then((c) => setCriteria(c ?? 'none'), () => setCriteria('none'));
  }, [detail, lang, t]);
  if (criteria === null) return null;
  if (criteria === 'none') {
    return (
      <Typography.Paragraph type="secondary" data-testid="form-criteria-none">
        {lang === 'en' ? 'No stored assessment run holds this unit for the year: run the standard on the exit assessment page first.' : '尚无包含本单位的当年评估结果：请先在“脱贫评估”页运行退出标准。'}
      </Typography.Paragraph>
    );
  }
  return (
    <table className="exit-form-table" data-testid="form-criteria">
      <thead>
        <tr>
          <th colSpan={3}>{lang === 'en' ? 'Exit standard' : '退出标准核对'} · {criteria.source}</th>
        </tr>
        <tr>
          <th>{t('exitCriterion')}</th>
          <th>{t('exitResult')}</th>
          <th>{t('exitFacts')}</th>
        </tr>
      </thead>
      <tbody>
        {criteria.items.map((r) => (
          <tr key={r.id} data-testid={`form-criterion-${r.id}`}>
            <td>{lang === 'en' ? r.label.en : r.label.zh}</td>
            <td className={r.result === 'pass' ? '' : 'exit-form-missing'}>{t(resultKey(r))}</td>
            <td>{factsText(r.facts, criteria.labels, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
