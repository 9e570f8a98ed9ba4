// The village of each household of an import: found by its names when the file gives no code
// (town and village workbooks name their villages; few carry the 12-digit code), and checked
// against its names when the file gives both, since a wrong code puts a household into another
// village's figures without any other rule noticing.
import { PlaceIndex } from '../../domain/place-names.js';
import { issueAt, type ParsedHousehold } from '../../domain/workbook/assemble.js';
import { ancestorCodes, countyCodeOf, isInSubtree, levelOf, parentCode } from '../../domain/region-code.js';
import { getRegions, namedPlaces } from '../../store/regions.js';
import type { Executor } from '../../store/store.js';

export class HouseholdPlaces {
  private index: PlaceIndex | null = null;
  /** Regions whose villages are in the index ('*': every loaded region's). */
  private readonly loaded = new Set<string>();
  private within = { zh: '已载入的区划', en: 'the loaded regions' };

  constructor(
    private readonly db: Executor,
    private readonly scope: string | null,
  ) {}

  /** Gives named households their village code, or an issue saying why none could be chosen. */
  async settle(households: readonly ParsedHousehold[]): Promise<void> {
    for (const h of households) {
      const household = h.household;
      // A code refused while parsing is reported as such; names cannot stand in for it.
      if (!household || h.issues.some((i) => i.field === 'villageCode')) continue;
      const place = h.place;
      if (household.villageCode === '' && (place === null || place.village === '')) {
        h.issues.push(issueAt(h.ref, h.householdNo, 'villageCode', '', {
          message: '没有填写村代码，也没有填写村名',
          messageEn: 'Neither the village code nor the village name is given',
          fix: '请填写 12 位村代码，或在“乡镇（街道）”“村（社区）”列填写乡镇和村的名称',
          fixEn: 'Give the 12-digit village code, or the town and village names in the 乡镇（街道） and 村（社区） columns',
        }));
        continue;
      }
      if (place === null) continue;
      const index = await this.load();
      if (household.villageCode !== '') {
        // A code that is not a village's is refused by the registry's rules; its names are not checked.
        if (!/^\d{12}$/.test(household.villageCode) || levelOf(household.villageCode) !== 5) continue;
        await this.villagesUnder(index, parentCode(household.villageCode));
        const problem = index.disagreement(household.villageCode, place);
        if (problem) h.issues.push(issueAt(h.ref, h.householdNo, 'villageCode', household.villageCode, problem));
        continue;
      }
      const areas = place.town === '' && place.county === '' ? [this.scope] : index.areas(place);
      for (const area of areas) await this.villagesUnder(index, area);
      let match = index.resolve(place);
      if (match.kind === 'none' && place.town !== '') {
        // Not in the town written: villages of that name elsewhere in its county are the likely fix.
        for (const county of new Set(areas.flatMap((a) => (a === null ? [] : [countyCodeOf(a)])))) {
          await this.villagesUnder(index, this.scope !== null && !isInSubtree(county, this.scope) ? this.scope : county);
        }
        match = index.resolve(place);
      }
      if (match.kind === 'one') {
        h.household = { ...household, villageCode: match.code };
        continue;
      }
      h.issues.push(issueAt(h.ref, h.householdNo, 'villageName', place.village, index.problem(place, match, this.within), 'villageCode'));
    }
  }

  /**
   * Villages are loaded by area, as the names ask for them: all of a country's 620,000 at once took
   * 3 s and 460 MB for a file of four households. Counties and towns are loaded at the start.
   */
  private async villagesUnder(index: PlaceIndex, area: string | null): Promise<void> {
    const key = area ?? '*';
    if (this.loaded.has(key)) return;
    // Held already through a larger area (the county of this town): noted, so the next look is one.
    if (!this.loaded.has('*') && (area === null || !ancestorCodes(area).some((a) => this.loaded.has(a)))) index.add(await namedPlaces(this.db, area, [5]));
    this.loaded.add(key);
  }

  private async load(): Promise<PlaceIndex> {
    if (this.index) return this.index;
    // The scope's own county and town are above its subtree: their names are checked too.
    const above = this.scope === null ? [] : await getRegions(this.db, [...ancestorCodes(this.scope), this.scope]);
    this.index = new PlaceIndex([...above, ...(await namedPlaces(this.db, this.scope, [3, 4]))]);
    const region = above.find((r) => r.code === this.scope);
    if (region) this.within = { zh: region.name, en: region.name };
    return this.index;
  }
}
