// The cross-check page heads each department column in the page's language: every column of every
// dataset kind the server defines needs an English heading in the web's texts.
import { describe, expect, it } from 'vitest';
import { datasetKinds, datasetSchemas } from '../../src/domain/crosscheck/kinds.js';
import { departmentColumnLabel, departmentColumnLabelsEn } from '../../web/src/i18n-datatruth.js';

describe('department column headings', () => {
  it('has an English heading for every column of every dataset kind', () => {
    const keys = [...new Set(datasetKinds.flatMap((k) => datasetSchemas[k].columns.map((c) => c.key)))];
    expect(keys.filter((k) => departmentColumnLabelsEn[k] === undefined)).toEqual([]);
  });

  it('keeps the department’s own Chinese heading in Chinese mode', () => {
    const column = datasetSchemas.minimumLiving.columns.find((c) => c.key === 'annualAmount');
    expect(column && departmentColumnLabel(column, 'zh')).toBe('年度低保金');
    expect(column && departmentColumnLabel(column, 'en')).toBe('Annual amount');
  });
});
