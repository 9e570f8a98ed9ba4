// Seed 003 (安康, 2017 Q3): the statements officials made by hand about the provincial county ranking,
// reproduced from a 96-county table built here. Only Pingli's 98.20 + 1.6, the order of the named
// counties and the 0.1 gaps come from the seed; every other figure is invented to be consistent with them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainRanking } from './explain.js';
import { explainRankingEn, explainSelectionEn, explainUnitEn } from './explain-en.js';
import { explainRankingZh, explainSelectionZh, explainUnitZh } from './explain-zh.js';
import { rankPeriod } from './rank.js';
import { parseScheme } from './scheme.js';
import type { ScoreSheet, UnitScore } from './scores.js';

const scheme = parseScheme(readFileSync(new URL('./schemes/shaanxi-county-quarter.yaml', import.meta.url), 'utf8'), 'shaanxi-county-quarter.yaml');

// The 96 counties and districts ranked by the province (urban districts without poverty tasks left out).
const counties = `610115:临潼区 610116:长安区 610117:高陵区 610118:鄠邑区 610122:蓝田县 610124:周至县 610203:印台区 610204:耀州区 610222:宜君县 610302:渭滨区 610303:金台区 610304:陈仓区 610305:凤翔区 610323:岐山县 610324:扶风县 610326:眉县 610327:陇县 610328:千阳县 610329:麟游县 610330:凤县 610331:太白县 610422:三原县 610423:泾阳县 610424:乾县 610425:礼泉县 610426:永寿县 610428:长武县 610429:旬邑县 610430:淳化县 610431:武功县 610481:兴平市 610482:彬州市 610502:临渭区 610503:华州区 610522:潼关县 610523:大荔县 610524:合阳县 610525:澄城县 610526:蒲城县 610527:白水县 610528:富平县 610581:韩城市 610582:华阴市 610602:宝塔区 610603:安塞区 610621:延长县 610622:延川县 610625:志丹县 610626:吴起县 610627:甘泉县 610628:富县 610629:洛川县 610630:宜川县 610631:黄龙县 610632:黄陵县 610681:子长市 610702:汉台区 610703:南郑区 610722:城固县 610723:洋县 610724:西乡县 610725:勉县 610726:宁强县 610727:略阳县 610728:镇巴县 610729:留坝县 610730:佛坪县 610802:榆阳区 610803:横山区 610822:府谷县 610824:靖边县 610825:定边县 610826:绥德县 610827:米脂县 610828:佳县 610829:吴堡县 610830:清涧县 610831:子洲县 610881:神木市 610902:汉滨区 610921:汉阴县 610922:石泉县 610923:宁陕县 610924:紫阳县 610925:岚皋县 610926:平利县 610927:镇坪县 610929:白河县 610981:旬阳县 611002:商州区 611021:洛南县 611022:丹凤县 611023:商南县 611024:山阳县 611025:镇安县 611026:柞水县`
  .split(' ')
  .map((pair) => {
    const [id, name] = pair.split(':');
    return { id: id ?? '', name: name ?? '' };
  });

const [pingli, shiquan, xunyang, hanbin, ziyang, langao, baihe, ganquan] = ['610926', '610922', '610981', '610902', '610924', '610925', '610929', '610627'];
const ankangDeepPoverty = [hanbin, ziyang, langao, baihe];
// Eleven deep-poverty counties; which seven besides Ankang's four is invented.
const deepPoverty = new Set([...ankangDeepPoverty, '610728', '610726', '610727', '611024', '611023', '611022', '610828']);

/** Intended rank of the counties the seed names (and of the other deep-poverty counties, all above Ankang's). */
const placed: Record<string, number> = {
  [pingli]: 1, [shiquan]: 14, [xunyang]: 22, '610921': 30, '610728': 40, '610923': 48, '610726': 50, '610927': 55,
  '610727': 60, '611024': 65, '611023': 70, '611022': 75, '610828': 80, [hanbin]: 83, [ziyang]: 88, [langao]: 91, [baihe]: 95, [ganquan]: 96,
};

/** Totals in hundredths by rank: a close race in the middle, where bonus items move counties furthest. */
function totalAt(rank: number): number {
  if (rank === 1) return 9980;
  if (rank <= 9) return 9860 - 15 * (rank - 2);
  if (rank <= 45) return 9740 - 3 * (rank - 10);
  if (rank <= 95) return 9620 - 20 * (rank - 46);
  return 8640 - 10; // 甘泉县: 0.1 below 白河县
}

/** Bulletin score and bonus items (hundredths) of the counties that matter; others follow a pattern. */
const special: Record<string, { bulletin: number; innovation?: number; endorsement?: number }> = {
  [pingli]: { bulletin: 120, innovation: 40 }, // 98.20 + (1.20 + 0.40) = 99.80
  [shiquan]: { bulletin: 110, innovation: 31, endorsement: 30 },
  [xunyang]: { bulletin: 100, innovation: 50, endorsement: 30 },
  [baihe]: { bulletin: 90, endorsement: 10 }, // its 0.1 bonus
  [ganquan]: { bulletin: 50 },
};

function buildSheet(): ScoreSheet {
  const fillers = counties.filter((c) => placed[c.id] === undefined);
  const byRank = new Map<number, { id: string; name: string }>();
  for (const c of counties) if (placed[c.id] !== undefined) byRank.set(placed[c.id] ?? 0, c);
  for (let rank = 1; rank <= 96; rank += 1) if (!byRank.has(rank)) byRank.set(rank, fillers.shift() ?? { id: '', name: '' });
  const rows: UnitScore[] = [...byRank].map(([rank, c]) => {
    const s = special[c.id] ?? { bulletin: 30 + ((rank * 37) % 150), endorsement: rank % 7 === 0 ? 10 : undefined };
    const bonus = (s.innovation ?? 0) + (s.endorsement ?? 0);
    const bonuses: Record<string, number> = {};
    if (s.innovation !== undefined) bonuses['innovation'] = s.innovation / 100;
    if (s.endorsement !== undefined) bonuses['endorsement'] = s.endorsement / 100;
    return {
      period: '2017-Q3',
      unitId: c.id,
      unitName: c.name,
      peerGroups: deepPoverty.has(c.id) ? ['deepPoverty'] : [],
      components: { crossInspection: (totalAt(rank) - s.bulletin - bonus) / 100, monthlyBulletin: s.bulletin / 100 },
      bonuses,
      deductions: {},
      vetoes: [],
    };
  });
  return { file: 'seed-003', rows };
}

describe('seed 003: the 2017 Q3 county ranking as officials read it', () => {
  const ranking = rankPeriod(scheme, buildSheet(), '2017-Q3');
  const explanations = explainRanking(scheme, ranking);
  const unit = (id: string) => ranking.units.find((u) => u.unitId === id);
  const explanation = (id: string) => explanations.find((e) => e.unitId === id);
  const zh = (id: string) => {
    const e = explanation(id);
    return e === undefined ? '' : explainUnitZh(scheme, ranking, e);
  };

  it('ranks 96 counties with no ties', () => {
    expect(ranking.units).toHaveLength(96);
    expect(ranking.units.map((u) => u.rank)).toEqual(Array.from({ length: 96 }, (_, i) => i + 1));
  });

  it('平利: 98.20 + 1.6 = 99.80, first in the province', () => {
    expect(unit(pingli)?.total).toBe(9980);
    expect(unit(pingli)?.rank).toBe(1);
    expect(zh(pingli)).toContain('平利县总分 99.80（交叉检查 98.20 + 月通报 1.60），全省第 1 名');
  });

  it('白河: second to last, only 0.1 above 甘泉, and last without its 0.1 bonus', () => {
    expect(unit(baihe)?.rank).toBe(95);
    expect(unit(ganquan)?.rank).toBe(96);
    expect((unit(baihe)?.total ?? 0) - (unit(ganquan)?.total ?? 0)).toBe(10);
    expect(unit(baihe)?.bonus).toBe(10);
    expect(explanation(baihe)?.below?.diff).toBe(-10);
    expect(explanation(baihe)?.counterfactuals.find((c) => c.kind === 'withoutBonus')?.rank).toBe(96);
    const text = zh(baihe);
    expect(text).toContain('全省第 95 名（倒数第二）');
    expect(text).toContain('仅比下一名甘泉县（第 96 名，倒数第一）高 0.10 分');
    expect(text).toContain('若无加分项，白河县将由第 95 名降至第 96 名（倒数第一）');
  });

  it('石泉 and 旬阳 fall below 30th without their bonus items', () => {
    for (const id of [shiquan, xunyang]) {
      const before = unit(id)?.rank ?? 0;
      const after = explanation(id)?.counterfactuals.find((c) => c.kind === 'withoutBonus')?.rank ?? 0;
      expect(before).toBeLessThanOrEqual(30);
      expect(after).toBeGreaterThan(30);
    }
    expect(zh(shiquan)).toContain('若无加分项，石泉县将由第 14 名降至第 34 名');
    expect(zh(xunyang)).toContain('若无加分项，旬阳县将由第 22 名降至第 45 名');
  });

  it('汉滨 is 83rd, and Ankang’s four deep-poverty counties are the last four of eleven', () => {
    expect(unit(hanbin)?.rank).toBe(83);
    expect(ranking.peerGroupSizes['deepPoverty']).toBe(11);
    const peerRanks = ankangDeepPoverty.map((id) => unit(id)?.peerRanks.find((p) => p.groupId === 'deepPoverty')?.rank ?? 0).sort((a, b) => a - b);
    expect(peerRanks).toEqual([8, 9, 10, 11]);
    expect(explainSelectionZh(scheme, ranking, ankangDeepPoverty, '安康市', 'deepPoverty')).toBe('安康市 4 个深度贫困县位列全省 11 个深度贫困县的后 4 名（第 8–11 名）。');
    expect(zh(baihe)).toContain('在 11 个深度贫困县中列第 11 名（倒数第一）');
  });

  it('explains the whole ranking in one heading and 96 paragraphs', () => {
    const lines = explainRankingZh(scheme, ranking, explanations);
    expect(lines).toHaveLength(97);
    expect(lines[0]).toBe('2017 年第三季度陕西省县（区）脱贫攻坚季度考核：共 96 个县（区）参加排名，第 1 名平利县（99.80 分），最后一名甘泉县（86.30 分）。');
  });

  describe('in English, saying the same things', () => {
    const en = (id: string) => {
      const e = explanation(id);
      return e === undefined ? '' : explainUnitEn(scheme, ranking, e);
    };

    it('names the rank and how many were ranked, and the places from the bottom', () => {
      expect(en(pingli)).toContain('平利县: total 99.80 (交叉检查 98.20 + 月通报 1.60), rank 1 of 96');
      const text = en(baihe);
      expect(text).toContain('rank 95 of 96 (second from bottom); rank 11 of 11 (last) among 深度贫困县');
      expect(text).toContain('only 0.10 points above the unit below, 甘泉县 (rank 96, last)');
      expect(text).toContain('Without its bonus items, 白河县 would fall from rank 95 to rank 96 of 96 (last).');
      expect(en(shiquan)).toContain('Without its bonus items, 石泉县 would fall from rank 14 to rank 34 of 96.');
    });

    it('has no Chinese of its own: only the names the scheme and the units bring', () => {
      const names = [...ranking.units.map((u) => u.unitName), ...scheme.components.map((c) => c.name), ...scheme.peerGroups.map((g) => g.name)];
      // Longest first: 凤县 is also the end of 丹凤县.
      const strip = (text: string) => names.sort((a, b) => b.length - a.length).reduce((t, n) => t.split(n).join(''), text);
      for (const e of explanations) expect(strip(explainUnitEn(scheme, ranking, e)).match(/[\u4e00-\u9fff]+/g)).toBeNull();
    });

    it('heads the ranking and places a selection', () => {
      expect(explainRankingEn(scheme, ranking, explanations)[0]).toBe('2017 Q3, 陕西省县（区）脱贫攻坚季度考核: 96 counties (districts) ranked; first 平利县 (99.80 points); last 甘泉县 (86.30 points).');
      expect(explainSelectionEn(scheme, ranking, ankangDeepPoverty, '安康市', 'deepPoverty')).toBe('安康市: its 4 深度贫困县 are the bottom 4 of the 11 深度贫困县 (ranks 8–11).');
    });
  });
});
