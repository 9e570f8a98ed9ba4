// API shapes of exit cases and sample plans: glossary names in camelCase, nothing else.
import type { CaseState } from '../domain/exit-procedure/workflow.js';
import type { FormLine } from '../domain/exit-procedure/form.js';
import { isUnitKind, procedures, unitKindLabels } from '../domain/exit-procedure/steps.js';
import { describeMethodEn, methodVersion, parseDrawParams } from '../domain/sampling/draw.js';
import type { Rates } from '../domain/sampling/rates.js';
import type { AttachmentMeta, CaseListItem, CaseRow, ObjectionRow, SignatureRow } from '../store/exit-cases.js';
import type { ItemView, PlanRow } from '../store/sampling.js';

function stepLabel(kind: string, step: string | null): { zh: string; en: string } | null {
  if (step === null) return null;
  const def = isUnitKind(kind) ? procedures[kind].find((s) => s.id === step) : undefined;
  return def ? { zh: def.zh, en: def.en } : { zh: step, en: step };
}

export function presentCase(c: CaseRow) {
  return {
    id: c.id,
    kind: c.kind,
    kindLabel: isUnitKind(c.kind) ? unitKindLabels[c.kind] : { zh: c.kind, en: c.kind },
    regionCode: c.region_code,
    householdId: c.household_id,
    year: c.year,
    noticeDays: c.notice_days,
    round: c.round,
    status: c.status,
    currentStep: c.current_step,
    // Lists show the step's name: a cadre reads 村级评议, not villageReview.
    currentStepLabel: stepLabel(c.kind, c.current_step),
    openedBy: c.opened_by,
    openedAt: c.opened_at,
    closedAt: c.closed_at,
    version: c.version,
  };
}

export function presentCaseListItem(c: CaseListItem) {
  return { ...presentCase(c), householdNo: c.household_no, regionName: c.region_name };
}

export function presentState(s: CaseState) {
  return {
    current: s.current,
    notice: s.notice,
    noticeOpen: s.noticeOpen,
    steps: s.steps.map((st) => ({
      id: st.step.id,
      zh: st.step.zh,
      en: st.step.en,
      status: st.status,
      needsAttachment: st.step.needsAttachment,
      slots: st.slots.map((x) => ({ id: x.slot.id, zh: x.slot.zh, en: x.slot.en, named: x.slot.named, roles: x.slot.roles, levels: x.slot.levels, signature: x.signature ? { signatoryName: x.signature.signatoryName, date: x.signature.date, actor: x.signature.actor } : null })),
    })),
  };
}

export function presentSignature(s: SignatureRow) {
  return { id: s.id, round: s.round, step: s.step, slot: s.slot, actor: s.actor, actorRole: s.actor_role, actorRegion: s.actor_region, signatoryName: s.signatory_name, date: s.date, note: s.note, details: s.details_json ? (JSON.parse(s.details_json) as unknown) : null, signedAt: s.signed_at, voided: s.voided_at !== null };
}

export function presentObjection(o: ObjectionRow) {
  return { id: o.id, round: o.round, date: o.date, content: o.content, objector: o.objector, recordedBy: o.recorded_by, recordedAt: o.recorded_at };
}

export function presentAttachment(a: AttachmentMeta) {
  return { id: a.id, round: a.round, step: a.step, fileName: a.file_name, mediaType: a.media_type, size: a.size, sha256: a.sha256, uploadedBy: a.uploaded_by, uploadedAt: a.uploaded_at };
}

export function presentForm(lines: readonly FormLine[]) {
  return { lines, missing: lines.filter((l) => l.missing).length };
}

export function presentPlan(p: PlanRow) {
  // The English method is said again from the parameters only for the version that text describes.
  const methodEn = p.method_version === methodVersion ? describeMethodEn(parseDrawParams(p.params_json), p.seed) : null;
  return { id: p.id, name: p.name, countyCode: p.county_code, year: p.year, seed: p.seed, method: p.method, methodEn, methodVersion: p.method_version, params: JSON.parse(p.params_json) as unknown, counts: JSON.parse(p.counts_json) as unknown, createdBy: p.created_by, createdAt: p.created_at };
}

export function presentItem(i: ItemView) {
  const f = i.finding;
  return {
    id: i.id,
    townCode: i.town_code,
    townName: i.town_name,
    villageCode: i.village_code,
    villageName: i.village_name,
    stratum: i.stratum,
    householdId: i.household_id,
    householdNo: i.household_no,
    slotNo: i.slot_no,
    weight: i.weight,
    people: i.people,
    finding: f ? { people: f.people, wronglyExited: f.wrongly_exited === 1, missedPoor: f.missed_poor === 1, recognises: f.recognises === null ? null : f.recognises === 1, note: f.note, recordedBy: f.recorded_by, recordedAt: f.recorded_at } : null,
  };
}

export type PresentedRates = Rates;
