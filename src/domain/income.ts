// Income derivation: net and per-capita income are always computed, never typed in.
import type { IncomeComponents } from './registry.js';

/** 纯收入: all income received minus production cost. Expected income is not income yet. */
export function netIncome(c: IncomeComponents): number {
  return (
    c.wageIncome +
    c.productionIncome -
    c.productionCost +
    c.assetDividendIncome +
    c.otherPropertyIncome +
    transferIncome(c)
  );
}

export function transferIncome(c: IncomeComponents): number {
  return (
    c.familyPlanningAllowance +
    c.minimumLivingAllowance +
    c.extremePovertyAllowance +
    c.pensionIncome +
    c.ecoCompensation +
    c.otherTransferIncome
  );
}

export function propertyIncome(c: IncomeComponents): number {
  return c.assetDividendIncome + c.otherPropertyIncome;
}

/** 人均纯收入 in fen, rounded to the nearest fen; null for a household without members. */
export function netIncomePerCapita(c: IncomeComponents, members: number): number | null {
  if (members <= 0) return null;
  return Math.round(netIncome(c) / members);
}

export const zeroIncome: IncomeComponents = {
  wageIncome: 0,
  productionIncome: 0,
  productionCost: 0,
  assetDividendIncome: 0,
  otherPropertyIncome: 0,
  familyPlanningAllowance: 0,
  minimumLivingAllowance: 0,
  extremePovertyAllowance: 0,
  pensionIncome: 0,
  ecoCompensation: 0,
  otherTransferIncome: 0,
  expectedIncome: 0,
};

export function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}
