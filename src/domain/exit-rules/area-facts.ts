// Facts of villages and counties: poverty incidence from the registry and the year's rural
// population, village infrastructure from the village record, county rates from the sample.
import { isWestern } from '../region-code.js';
import type { Village, VillageYear } from '../registry.js';
import type { Facts, RecordedCountyFact } from './facts.js';

/** 贫困发生率 in percent, to two decimals; null without a rural population for the year. */
export function povertyIncidence(poorPeople: number, ruralPopulation: number | null): number | null {
  if (ruralPopulation === null || ruralPopulation <= 0) return null;
  return Math.round((poorPeople / ruralPopulation) * 10000) / 100;
}

export function villageFacts(code: string, village: Village | null, figures: VillageYear | null, poorPeople: number, year: number): Facts {
  const rural = figures?.ruralPopulation ?? null;
  const flag = (v: boolean | undefined): boolean | null => (v === undefined ? null : v);
  return {
    assessmentYear: year,
    isPoorVillage: flag(village?.isPoorVillage),
    isWestern: isWestern(code),
    ruralPopulation: rural,
    poorPeople,
    povertyIncidence: povertyIncidence(poorPeople, rural),
    collectiveIncome: figures ? figures.collectiveIncome / 100 : null,
    hasPavedRoad: flag(village?.hasPavedRoad),
    hasPower: flag(village?.hasPower),
    hasTelecom: flag(village?.hasTelecom),
    hasBroadband: flag(village?.hasBroadband),
    hasClinic: flag(village?.hasClinic),
    hasCulturalVenue: flag(village?.hasCulturalVenue),
    hasCooperative: flag(village?.hasCooperative),
  };
}

/** The sampled rates are null until recorded: a county without sampling data is "no data", never passed. */
export function countyFacts(code: string, ruralPopulation: number | null, poorPeople: number, recorded: Partial<Record<RecordedCountyFact, number>>, year: number): Facts {
  return {
    assessmentYear: year,
    isWestern: isWestern(code),
    ruralPopulation,
    poorPeople,
    povertyIncidence: povertyIncidence(poorPeople, ruralPopulation),
    wrongExitRate: recorded.wrongExitRate ?? null,
    missedPoorRate: recorded.missedPoorRate ?? null,
    recognitionRate: recorded.recognitionRate ?? null,
  };
}
