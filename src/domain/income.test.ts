import { describe, expect, it } from 'vitest';
import { netIncome, netIncomePerCapita, zeroIncome } from './income.js';

describe('income derivation', () => {
  it('subtracts production cost and ignores expected income', () => {
    const c = { ...zeroIncome, wageIncome: 600000, productionIncome: 300000, productionCost: 100000, minimumLivingAllowance: 200000, expectedIncome: 900000 };
    expect(netIncome(c)).toBe(1000000);
    expect(netIncomePerCapita(c, 3)).toBe(333333);
    expect(netIncomePerCapita(c, 0)).toBeNull();
  });
});
