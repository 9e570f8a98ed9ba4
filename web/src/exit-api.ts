// Shapes of the exit-assessment API (/api/v1/exit/…), as the pages read them.
import type { Lang } from './i18n';
import { exitText, exitUnitText } from './i18n-exit-rules';
export type UnitKind = 'household' | 'village' | 'county';
export type UnitStatus = 'ready' | 'blocked' | 'noData';
export interface Label { zh: string; en: string }

export interface CriterionInfo { id: string; label: Label; group: string; kind: 'requirement' | 'flag'; source?: string; expr?: string; facts?: string[]; parameters?: string[] }

export interface RuleSetInfo {
  id: string;
  version: string;
  title: Label;
  unit: UnitKind;
  years: { from: number; to: number };
  region: string;
  base: { id: string; version: string } | null;
  hash: string;
  parameters: { name: string; type: string; label: Label | null; unit: string | null; value: number | boolean | string | null; byYear: Record<string, number | boolean | string> }[];
  criteria: CriterionInfo[];
}

export interface RunInfo {
  id: number;
  unit: UnitKind;
  under: string;
  year: number;
  createdAt: string;
  createdBy: string;
  dataTime: string | null;
  ruleSet: { id: string; version: string; hash: string; title: Label };
  units: number;
  ready: number;
  blocked: number;
  noData: number;
  flagged: number;
  criteria: CriterionInfo[];
}

export interface AreaCounts { code: string; name: string; counts: Record<string, number> }
export interface RunSummary { run: RunInfo; within: string; total: Record<string, number>; towns: AreaCounts[]; areas: AreaCounts[] }

export interface ResultItem {
  unitCode: string;
  householdId: number | null;
  areaCode: string;
  areaName: string;
  status: UnitStatus;
  failing: string[];
  noData: string[];
  flags: string[];
  facts: Record<string, number | boolean | string | null>;
}

export interface ChecklistItem {
  id: string;
  label: Label;
  group: string;
  kind: 'requirement' | 'flag';
  expr: string;
  result: 'pass' | 'fail' | 'noData';
  facts: Record<string, number | boolean | string | null>;
  parameters: Record<string, number | boolean | string | null>;
  parameterLabels?: Record<string, { label: Label | null; unit: string | null }>;
}

export type FactLabels = Record<string, { zh: string; en: string; unit?: string }>;

export interface HouseholdChecklist {
  factLabels: FactLabels;
  householdId: number;
  householdNo: string;
  villageCode: string;
  year: number;
  ruleSet: { id: string; version: string; title: Label };
  status: UnitStatus;
  items: ChecklistItem[];
  runs: { runId: number; year: number; createdAt: string; ruleSet: string; status: UnitStatus }[];
}

export interface WhatIfResult {
  units: number;
  before: Record<UnitStatus, number>;
  after: Record<UnitStatus, number>;
  becomeReady: number;
  becomeNotReady: number;
  flips: { unitCode: string; householdId: number | null; areaCode: string; before: UnitStatus; after: UnitStatus; failing: string[] }[];
  byArea: { areaCode: string; becomeReady: number; becomeNotReady: number }[];
}

/** Tag colours of a unit's status, shared by the exit pages. */
export const statusColor: Record<UnitStatus, string> = { ready: 'green', blocked: 'red', noData: 'gold' };

export function showValue(v: unknown, lang: Lang = 'zh'): string {
  return v === true ? exitText(lang, 'exitYes') : v === false ? exitText(lang, 'exitNo') : v === null || v === undefined ? '—' : String(v);
}

/** "当年扶贫标准（现价）：3218 元/人·年": a criterion's parameters as the standard words them. */
export function parametersText(item: ChecklistItem, lang: Lang): string {
  const [colon, semicolon] = lang === 'en' ? [': ', '; '] : ['：', '；'];
  return Object.entries(item.parameters).map(([k, v]) => {
    const info = item.parameterLabels?.[k];
    const name = info?.label ? (lang === 'en' ? info.label.en : info.label.zh) : k;
    return `${name}${colon}${showValue(v, lang)}${info?.unit && v !== null ? ` ${exitUnitText(lang, info.unit)}` : ''}`;
  }).join(semicolon);
}

/** "人均纯收入：4200 元；…": the facts a criterion read, with their labels and units. */
export function factsText(facts: ChecklistItem['facts'], labels: FactLabels, lang: Lang): string {
  const [colon, semicolon] = lang === 'en' ? [': ', '; '] : ['：', '；'];
  return Object.entries(facts).map(([k, v]) => `${labels[k] ? (lang === 'en' ? labels[k].en : labels[k].zh) : k}${colon}${showValue(v, lang)}${labels[k]?.unit && v !== null ? ` ${exitUnitText(lang, labels[k].unit)}` : ''}`).join(semicolon);
}

/** The text key of a criterion's result: a flag that fires is "标记", not "未达标". */
export function resultKey(r: ChecklistItem): 'exitPass' | 'exitFail' | 'exitNoData' | 'exitFlag' {
  if (r.kind === 'flag') return r.result === 'fail' ? 'exitFlag' : 'exitPass';
  return r.result === 'pass' ? 'exitPass' : r.result === 'fail' ? 'exitFail' : 'exitNoData';
}
