// Code lists of rectification (整改): problem sources, categories, scopes and statuses, zh/en.
// Same shape as the registry's code lists so the web renders them with the same component.
import type { CodeItem, CodeList } from '../code-lists.js';

export type RectificationListId = 'problemSource' | 'problemCategory' | 'problemScope' | 'rectificationStatus';

export const rectificationCodeLists: { readonly [K in RectificationListId]: CodeList } = {
  problemSource: {
    id: 'problemSource',
    zh: '问题来源',
    en: 'Problem source',
    items: [
      { code: 'nationalAssessment', zh: '国家考核', en: 'National assessment' },
      { code: 'crossInspection', zh: '交叉检查', en: 'Cross-inspection' },
      { code: 'cityAssessment', zh: '市级考核', en: 'City assessment' },
      { code: 'supervision', zh: '督查', en: 'Supervision' },
      { code: 'unannouncedVisit', zh: '暗访', en: 'Unannounced visit' },
      { code: 'audit', zh: '审计', en: 'Audit' },
      { code: 'inspectionTour', zh: '巡视巡察', en: 'Inspection tour' },
      { code: 'thirdPartyEvaluation', zh: '第三方评估', en: 'Third-party evaluation' },
      { code: 'selfCheck', zh: '自查', en: 'Self-check' },
      { code: 'publicComplaint', zh: '群众信访举报', en: 'Public complaint' },
    ],
  },
  problemCategory: {
    id: 'problemCategory',
    zh: '问题类别',
    en: 'Problem category',
    items: [
      { code: 'identification', zh: '精准识别', en: 'Identification' },
      { code: 'exit', zh: '精准退出', en: 'Exit' },
      { code: 'assistance', zh: '帮扶措施', en: 'Assistance measures' },
      { code: 'projectsFunds', zh: '项目资金', en: 'Projects and funds' },
      { code: 'workStyle', zh: '工作作风', en: 'Work style' },
      { code: 'ecology', zh: '生态环保', en: 'Ecology' },
      { code: 'dataQuality', zh: '数据质量', en: 'Data quality' },
      { code: 'responsibility', zh: '责任落实', en: 'Responsibility' },
      { code: 'policy', zh: '政策落实', en: 'Policy implementation' },
      { code: 'other', zh: '其他', en: 'Other' },
    ],
  },
  problemScope: {
    id: 'problemScope',
    zh: '问题范围',
    en: 'Problem scope',
    items: [
      { code: 'common', zh: '共性问题', en: 'Common problem' },
      { code: 'specific', zh: '个性问题', en: 'Specific problem' },
    ],
  },
  rectificationStatus: {
    id: 'rectificationStatus',
    zh: '整改状态',
    en: 'Rectification status',
    items: [
      { code: 'open', zh: '待整改', en: 'Open' },
      { code: 'rectifying', zh: '整改中', en: 'Rectifying' },
      { code: 'submitted', zh: '已报结待核验', en: 'Submitted' },
      { code: 'returned', zh: '已退回', en: 'Returned' },
      { code: 'closed', zh: '已销号', en: 'Closed' },
      { code: 'reopened', zh: '回头看重新打开', en: 'Reopened' },
    ],
  },
};

const lookups = new Map<RectificationListId, Map<string, string>>();
for (const [id, list] of Object.entries(rectificationCodeLists)) {
  const map = new Map<string, string>();
  for (const item of list.items) {
    map.set(item.code, item.code);
    map.set(item.zh, item.code);
    map.set(item.en.toLowerCase(), item.code);
  }
  if (id === 'problemSource' || id === 'problemCategory' || id === 'problemScope' || id === 'rectificationStatus') lookups.set(id, map);
}

/** Accepts a code, or a zh or en label as typed in workbooks. */
export function resolveRectificationCode(list: RectificationListId, input: string): string | undefined {
  const text = input.trim();
  const map = lookups.get(list);
  return map?.get(text) ?? map?.get(text.toLowerCase());
}

export function isRectificationCode(list: RectificationListId, code: string): boolean {
  return rectificationCodeLists[list].items.some((item: CodeItem) => item.code === code);
}

export function rectificationLabel(list: RectificationListId, code: string, lang: 'zh' | 'en' = 'zh'): string {
  const item = rectificationCodeLists[list].items.find((i) => i.code === code);
  return item ? item[lang] : code;
}
