// Every code list of the registry in one module (REFERENCE §1–2), so that the database, the API,
// the workbooks and the web all speak the same stable codes. Codes are camelCase English
// identifiers and never change once data exists; labels may be reworded freely.
// `nationalCode` is the national system's (or national standard's) code, used when reading and
// writing the national system's workbooks.

export interface CodeItem {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly nationalCode?: string;
}

export interface CodeList {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly items: readonly CodeItem[];
}

export type CodeListId =
  | 'identificationStandard'
  | 'attribute'
  | 'cause'
  | 'householdStatus'
  | 'removalReason'
  | 'statusEventType'
  | 'housingSafetyGrade'
  | 'roadType'
  | 'relation'
  | 'sex'
  | 'ethnicity'
  | 'education'
  | 'schoolStatus'
  | 'health'
  | 'disabilityType'
  | 'labourAbility'
  | 'workStatus'
  | 'politicalStatus'
  | 'fuelType'
  | 'houseStructure'
  | 'department';

// Workbooks from counties and older forms use other spellings for the same item (低保户, 本人,
// 教育局, 已脱贫（不再享受政策）…). They are accepted on import but kept out of the published
// lists, which carry one label per language.
interface Definition extends CodeItem {
  readonly aliases?: readonly string[];
}

const aliasesByList = new Map<string, ReadonlyMap<string, readonly string[]>>();

function defineList(id: CodeListId, zh: string, en: string, definitions: readonly Definition[]): CodeList {
  const aliases = new Map<string, readonly string[]>();
  const items: CodeItem[] = [];
  for (const { aliases: more, ...item } of definitions) {
    items.push(Object.freeze(item));
    if (more) aliases.set(item.code, more);
  }
  aliasesByList.set(id, aliases);
  return Object.freeze({ id, zh, en, items: Object.freeze(items) });
}

// GB/T 3304 writes a group either with or without 族 (蒙古 / 蒙古族); accept both.
function ethnicGroup(code: string, zh: string, en: string, nationalCode: string, aliases: readonly string[] = []): Definition {
  return { code, zh, en, nationalCode, aliases: [zh.replace(/族$/, ''), ...aliases] };
}

export const codeLists: { readonly [K in CodeListId]: CodeList } = {
  identificationStandard: defineList('identificationStandard', '识别标准', 'Identification standard', [
    { code: 'national', zh: '国家标准', en: 'National standard', aliases: ['国定标准', '国家扶贫标准'] },
    { code: 'provincial', zh: '省定标准', en: 'Provincial standard', aliases: ['省级标准'] },
    { code: 'municipal', zh: '市定标准', en: 'Municipal standard', aliases: ['市级标准'] },
  ]),

  // The national system gives one code while poor and another after exit (05, 02, 03, 08);
  // status is tracked separately, so both map to the same attribute.
  attribute: defineList('attribute', '贫困户属性', 'Household attribute', [
    { code: 'ordinary', zh: '一般贫困户', en: 'Ordinary poor household', nationalCode: '01', aliases: ['05', '一般脱贫户', '一般户'] },
    {
      code: 'minimumLiving',
      zh: '低保贫困户',
      en: 'Poor household on minimum living allowance',
      nationalCode: '04',
      aliases: ['02', '低保脱贫户', '低保户'],
    },
    {
      code: 'extremePoverty',
      zh: '特困供养贫困户',
      en: 'Poor household under extreme-poverty support',
      nationalCode: '06',
      aliases: ['03', '特困供养脱贫户', '特困供养户', '五保户', '五保贫困户'],
    },
    {
      code: 'minimumLivingExtremePoverty',
      zh: '低保特困供养贫困户',
      en: 'Poor household on minimum living allowance and extreme-poverty support',
      nationalCode: '07',
      aliases: ['08', '低保特困供养户', '低保特困供养脱贫户'],
    },
  ]),

  cause: defineList('cause', '致贫原因', 'Cause of poverty', [
    { code: 'illness', zh: '因病', en: 'Illness' },
    { code: 'disability', zh: '因残', en: 'Disability' },
    { code: 'education', zh: '因学', en: 'Cost of schooling' },
    { code: 'disaster', zh: '因灾', en: 'Natural disaster' },
    { code: 'marriage', zh: '因婚', en: 'Cost of marriage' },
    { code: 'lackLand', zh: '缺土地', en: 'Lack of land', aliases: ['缺地'] },
    { code: 'lackWater', zh: '缺水', en: 'Lack of water' },
    { code: 'lackSkills', zh: '缺技术', en: 'Lack of skills' },
    { code: 'lackLabour', zh: '缺劳力', en: 'Lack of labour', aliases: ['缺劳动力'] },
    { code: 'lackCapital', zh: '缺资金', en: 'Lack of capital' },
    { code: 'poorTransport', zh: '交通条件落后', en: 'Poor transport links', aliases: ['交通落后'] },
    { code: 'lackMotivation', zh: '自身发展动力不足', en: 'Lack of drive to develop', aliases: ['自身发展力不足', '发展动力不足'] },
    { code: 'other', zh: '其他', en: 'Other' },
  ]),

  // National codes 1 and 4 both mean exited (still / no longer receiving support); the registry
  // keeps that distinction in the status history, not in the status.
  householdStatus: defineList('householdStatus', '贫困户状态', 'Household status', [
    { code: 'poor', zh: '贫困', en: 'Poor', nationalCode: '0', aliases: ['未脱贫', '贫困户'] },
    {
      code: 'exited',
      zh: '已脱贫',
      en: 'Exited poverty',
      nationalCode: '1',
      aliases: ['4', '脱贫', '已脱贫（享受政策）', '已脱贫（不再享受政策）'],
    },
    { code: 'relapsed', zh: '返贫', en: 'Relapsed into poverty', nationalCode: '3', aliases: ['返贫户'] },
    { code: 'removed', zh: '自然减少', en: 'Removed (natural decrease)' },
  ]),

  removalReason: defineList('removalReason', '自然减少原因', 'Reason for removal', [
    { code: 'death', zh: '死亡', en: 'Death' },
    { code: 'marriageOut', zh: '婚出', en: 'Married out', aliases: ['嫁出', '外嫁'] },
    { code: 'moved', zh: '迁出', en: 'Moved away', aliases: ['户口迁出'] },
    { code: 'other', zh: '其他', en: 'Other' },
  ]),

  statusEventType: defineList('statusEventType', '状态变动类型', 'Status event', [
    { code: 'identified', zh: '识别', en: 'Identified', aliases: ['新识别', '识别纳入'] },
    { code: 'exited', zh: '脱贫', en: 'Exited poverty', aliases: ['脱贫退出', '退出'] },
    { code: 'relapsed', zh: '返贫', en: 'Relapsed into poverty' },
    { code: 'removed', zh: '自然减少', en: 'Removed (natural decrease)' },
  ]),

  // Grades of the dangerous-building appraisal (农村危险房屋鉴定); C and D are 危房.
  housingSafetyGrade: defineList('housingSafetyGrade', '危房级别', 'Housing safety grade', [
    { code: 'A', zh: 'A级（安全）', en: 'Grade A (safe)', aliases: ['A级', 'A级房屋'] },
    { code: 'B', zh: 'B级（局部不安全）', en: 'Grade B (some members unsafe)', aliases: ['B级', 'B级房屋'] },
    { code: 'C', zh: 'C级（局部危险）', en: 'Grade C (partly dangerous)', aliases: ['C级', 'C级危房'] },
    { code: 'D', zh: 'D级（整体危险）', en: 'Grade D (whole building dangerous)', aliases: ['D级', 'D级危房'] },
  ]),

  roadType: defineList('roadType', '入户路类型', 'Road to the house', [
    { code: 'dirt', zh: '泥土路', en: 'Dirt road', aliases: ['土路'] },
    { code: 'gravel', zh: '砂石路', en: 'Gravel road', aliases: ['沙石路'] },
    { code: 'cement', zh: '水泥路', en: 'Concrete road' },
    { code: 'asphalt', zh: '沥青路', en: 'Asphalt road', aliases: ['柏油路'] },
  ]),

  relation: defineList('relation', '与户主关系', 'Relation to the head of household', [
    { code: 'head', zh: '户主', en: 'Head of household', aliases: ['本人'] },
    { code: 'spouse', zh: '配偶', en: 'Spouse', aliases: ['之配偶', '妻子', '丈夫', '妻', '夫'] },
    { code: 'son', zh: '之子', en: 'Son', aliases: ['儿子', '子', '长子', '次子', '三子', '四子', '独子'] },
    { code: 'daughter', zh: '之女', en: 'Daughter', aliases: ['女儿', '女', '长女', '次女', '三女', '四女', '独女'] },
    { code: 'daughterInLaw', zh: '之儿媳', en: "Daughter-in-law (son's wife)", aliases: ['儿媳'] },
    { code: 'sonInLaw', zh: '之女婿', en: "Son-in-law (daughter's husband)", aliases: ['女婿'] },
    { code: 'grandson', zh: '之孙子', en: "Grandson (son's son)", aliases: ['孙子'] },
    { code: 'granddaughter', zh: '之孙女', en: "Granddaughter (son's daughter)", aliases: ['孙女'] },
    { code: 'daughtersSon', zh: '之外孙子', en: "Grandson (daughter's son)", aliases: ['外孙子', '外孙'] },
    { code: 'daughtersDaughter', zh: '之外孙女', en: "Granddaughter (daughter's daughter)", aliases: ['外孙女'] },
    { code: 'father', zh: '之父', en: 'Father', aliases: ['父亲'] },
    { code: 'mother', zh: '之母', en: 'Mother', aliases: ['母亲'] },
    { code: 'wifesFather', zh: '之岳父', en: "Father-in-law (wife's father)", aliases: ['岳父'] },
    { code: 'wifesMother', zh: '之岳母', en: "Mother-in-law (wife's mother)", aliases: ['岳母'] },
    { code: 'husbandsFather', zh: '之公公', en: "Father-in-law (husband's father)", aliases: ['公公'] },
    { code: 'husbandsMother', zh: '之婆婆', en: "Mother-in-law (husband's mother)", aliases: ['婆婆'] },
    { code: 'grandfather', zh: '之祖父', en: 'Grandfather (paternal)', aliases: ['祖父', '爷爷'] },
    { code: 'grandmother', zh: '之祖母', en: 'Grandmother (paternal)', aliases: ['祖母', '奶奶'] },
    { code: 'maternalGrandfather', zh: '之外祖父', en: 'Grandfather (maternal)', aliases: ['外祖父', '外公'] },
    { code: 'maternalGrandmother', zh: '之外祖母', en: 'Grandmother (maternal)', aliases: ['外祖母', '外婆'] },
    { code: 'sibling', zh: '之兄弟姐妹', en: 'Brother or sister', aliases: ['兄弟姐妹', '兄弟', '姐妹', '哥哥', '弟弟', '姐姐', '妹妹'] },
    { code: 'greatGrandson', zh: '之曾孙子', en: 'Great-grandson', aliases: ['曾孙子', '曾孙'] },
    { code: 'greatGranddaughter', zh: '之曾孙女', en: 'Great-granddaughter', aliases: ['曾孙女'] },
    { code: 'nephew', zh: '之侄儿', en: "Nephew (brother's son)", aliases: ['侄儿', '侄子'] },
    { code: 'niece', zh: '之侄女', en: "Niece (brother's daughter)", aliases: ['侄女'] },
    { code: 'siblingInLaw', zh: '之兄弟媳妇', en: "Sister-in-law (brother's wife)", aliases: ['兄弟媳妇', '弟媳', '嫂子'] },
    { code: 'uncle', zh: '之叔伯', en: "Uncle (father's brother)", aliases: ['叔伯', '叔叔', '伯父'] },
    { code: 'other', zh: '其他', en: 'Other' },
  ]),

  // GB/T 2261.1
  sex: defineList('sex', '性别', 'Sex', [
    { code: 'male', zh: '男', en: 'Male', nationalCode: '1', aliases: ['男性', 'M'] },
    { code: 'female', zh: '女', en: 'Female', nationalCode: '2', aliases: ['女性', 'F'] },
  ]),

  // GB/T 3304: the 56 groups in the standard's order, then 97 and 98. English names are the
  // usual ones; the standard's own romanisations are accepted where they differ.
  ethnicity: defineList('ethnicity', '民族', 'Ethnic group', [
    ethnicGroup('han', '汉族', 'Han', '01'),
    ethnicGroup('mongol', '蒙古族', 'Mongol', '02', ['Mongolian']),
    ethnicGroup('hui', '回族', 'Hui', '03'),
    ethnicGroup('tibetan', '藏族', 'Tibetan', '04', ['Zang']),
    ethnicGroup('uyghur', '维吾尔族', 'Uyghur', '05', ['Uygur', 'Uighur']),
    ethnicGroup('miao', '苗族', 'Miao', '06'),
    ethnicGroup('yi', '彝族', 'Yi', '07'),
    ethnicGroup('zhuang', '壮族', 'Zhuang', '08'),
    ethnicGroup('buyei', '布依族', 'Bouyei', '09', ['Buyei', 'Buyi']),
    ethnicGroup('korean', '朝鲜族', 'Korean', '10', ['Chosen']),
    ethnicGroup('manchu', '满族', 'Manchu', '11', ['Man']),
    ethnicGroup('dong', '侗族', 'Dong', '12'),
    ethnicGroup('yao', '瑶族', 'Yao', '13'),
    ethnicGroup('bai', '白族', 'Bai', '14'),
    ethnicGroup('tujia', '土家族', 'Tujia', '15'),
    ethnicGroup('hani', '哈尼族', 'Hani', '16'),
    ethnicGroup('kazakh', '哈萨克族', 'Kazakh', '17', ['Kazak']),
    ethnicGroup('dai', '傣族', 'Dai', '18'),
    ethnicGroup('li', '黎族', 'Li', '19'),
    ethnicGroup('lisu', '傈僳族', 'Lisu', '20'),
    ethnicGroup('va', '佤族', 'Wa', '21', ['Va']),
    ethnicGroup('she', '畲族', 'She', '22'),
    ethnicGroup('gaoshan', '高山族', 'Gaoshan', '23'),
    ethnicGroup('lahu', '拉祜族', 'Lahu', '24'),
    ethnicGroup('sui', '水族', 'Shui', '25', ['Sui']),
    ethnicGroup('dongxiang', '东乡族', 'Dongxiang', '26'),
    ethnicGroup('naxi', '纳西族', 'Nakhi', '27', ['Naxi']),
    ethnicGroup('jingpo', '景颇族', 'Jingpo', '28'),
    ethnicGroup('kirghiz', '柯尔克孜族', 'Kyrgyz', '29', ['Kirgiz', 'Kirghiz']),
    ethnicGroup('tu', '土族', 'Tu', '30', ['Monguor']),
    ethnicGroup('daur', '达斡尔族', 'Daur', '31'),
    ethnicGroup('mulao', '仫佬族', 'Mulao', '32', ['Mulam']),
    ethnicGroup('qiang', '羌族', 'Qiang', '33'),
    ethnicGroup('blang', '布朗族', 'Blang', '34', ['Bulang']),
    ethnicGroup('salar', '撒拉族', 'Salar', '35'),
    ethnicGroup('maonan', '毛南族', 'Maonan', '36'),
    ethnicGroup('gelao', '仡佬族', 'Gelao', '37'),
    ethnicGroup('xibe', '锡伯族', 'Xibe', '38', ['Sibe']),
    ethnicGroup('achang', '阿昌族', 'Achang', '39'),
    ethnicGroup('pumi', '普米族', 'Pumi', '40'),
    ethnicGroup('tajik', '塔吉克族', 'Tajik', '41'),
    ethnicGroup('nu', '怒族', 'Nu', '42'),
    ethnicGroup('uzbek', '乌孜别克族', 'Uzbek', '43'),
    ethnicGroup('russian', '俄罗斯族', 'Russian', '44', ['Russ']),
    ethnicGroup('ewenki', '鄂温克族', 'Evenki', '45', ['Ewenki']),
    ethnicGroup('deang', '德昂族', "De'ang", '46', ['Deang']),
    ethnicGroup('bonan', '保安族', 'Bonan', '47', ['Baoan']),
    ethnicGroup('yugur', '裕固族', 'Yugur', '48'),
    ethnicGroup('gin', '京族', 'Gin', '49', ['Jing']),
    ethnicGroup('tatar', '塔塔尔族', 'Tatar', '50'),
    ethnicGroup('derung', '独龙族', 'Derung', '51', ['Drung']),
    ethnicGroup('oroqen', '鄂伦春族', 'Oroqen', '52'),
    ethnicGroup('hezhen', '赫哲族', 'Hezhen', '53', ['Nanai']),
    ethnicGroup('monba', '门巴族', 'Monpa', '54', ['Monba']),
    ethnicGroup('lhoba', '珞巴族', 'Lhoba', '55'),
    ethnicGroup('jino', '基诺族', 'Jino', '56'),
    {
      code: 'other',
      zh: '其他',
      en: 'Other (unrecognised group)',
      nationalCode: '97',
      aliases: ['穿青人', '未识别民族', '其他民族', '其他未识别民族', 'Other'],
    },
    { code: 'foreignOrigin', zh: '外国血统中国籍人士', en: 'Chinese citizen of foreign origin', nationalCode: '98', aliases: ['外国血统'] },
  ]),

  // For people not in school; those in school take schoolStatus instead.
  education: defineList('education', '文化程度', 'Educational attainment', [
    { code: 'illiterate', zh: '文盲或半文盲', en: 'Illiterate or semi-literate', aliases: ['文盲', '半文盲', '文盲半文盲'] },
    { code: 'primary', zh: '小学', en: 'Primary school' },
    { code: 'juniorHigh', zh: '初中', en: 'Junior secondary school' },
    { code: 'seniorHigh', zh: '高中', en: 'Senior secondary school', aliases: ['高中（含中专）', '中专', '高中或中专'] },
    { code: 'juniorCollege', zh: '大专', en: 'Junior college', aliases: ['大学专科', '专科'] },
    { code: 'undergraduate', zh: '本科及以上', en: "Bachelor's degree or above", aliases: ['本科', '大学本科', '研究生'] },
  ]),

  schoolStatus: defineList('schoolStatus', '在校生状况', 'School enrolment', [
    { code: 'preschoolChild', zh: '学龄前儿童', en: 'Preschool-age child, not enrolled' },
    { code: 'preschool', zh: '学前教育', en: 'Preschool education', aliases: ['幼儿园'] },
    { code: 'primary', zh: '小学', en: 'Primary school', aliases: ['小学在读'] },
    { code: 'grade7', zh: '七年级', en: 'Grade 7', aliases: ['初一', '初中一年级'] },
    { code: 'grade8', zh: '八年级', en: 'Grade 8', aliases: ['初二', '初中二年级'] },
    { code: 'grade9', zh: '九年级', en: 'Grade 9', aliases: ['初三', '初中三年级'] },
    { code: 'highSchool1', zh: '普通高中一年级', en: 'Senior high school, year 1', aliases: ['高一', '高中一年级'] },
    { code: 'highSchool2', zh: '普通高中二年级', en: 'Senior high school, year 2', aliases: ['高二', '高中二年级'] },
    { code: 'highSchool3', zh: '普通高中三年级', en: 'Senior high school, year 3', aliases: ['高三', '高中三年级'] },
    { code: 'vocational1', zh: '中职一年级', en: 'Secondary vocational school, year 1' },
    { code: 'vocational2', zh: '中职二年级', en: 'Secondary vocational school, year 2' },
    { code: 'vocational3', zh: '中职三年级', en: 'Secondary vocational school, year 3' },
    { code: 'college1', zh: '高职高专一年级', en: 'Higher vocational college, year 1' },
    { code: 'college2', zh: '高职高专二年级', en: 'Higher vocational college, year 2' },
    { code: 'college3', zh: '高职高专三年级', en: 'Higher vocational college, year 3' },
    { code: 'technician1', zh: '技师学院一年级', en: 'Technician college, year 1' },
    { code: 'technician2', zh: '技师学院二年级', en: 'Technician college, year 2' },
    { code: 'technician3', zh: '技师学院三年级', en: 'Technician college, year 3' },
    { code: 'technician4', zh: '技师学院四年级', en: 'Technician college, year 4' },
    { code: 'undergraduate1', zh: '本科一年级', en: 'Undergraduate, year 1' },
    { code: 'undergraduate2', zh: '本科二年级', en: 'Undergraduate, year 2' },
    { code: 'undergraduate3', zh: '本科三年级', en: 'Undergraduate, year 3' },
    { code: 'undergraduate4', zh: '本科四年级', en: 'Undergraduate, year 4' },
    { code: 'undergraduate5', zh: '本科五年级', en: 'Undergraduate, year 5' },
    { code: 'postgraduate', zh: '硕士研究生及以上', en: "Master's student or above", aliases: ['研究生'] },
    { code: 'notInSchool', zh: '非在校生', en: 'Not in school', aliases: ['不在校'] },
  ]),

  health: defineList('health', '健康状况', 'Health', [
    { code: 'healthy', zh: '健康', en: 'Healthy' },
    { code: 'chronicIllness', zh: '长期慢性病', en: 'Long-term chronic illness', aliases: ['慢性病'] },
    { code: 'seriousIllness', zh: '患有大病', en: 'Serious illness', aliases: ['大病', '重病'] },
    { code: 'disabled', zh: '残疾', en: 'Disability' },
  ]),

  // Category digit of the disability certificate number (GB/T 26341).
  disabilityType: defineList('disabilityType', '残疾类别', 'Type of disability', [
    { code: 'visual', zh: '视力残疾', en: 'Visual impairment', nationalCode: '1', aliases: ['视力'] },
    { code: 'hearing', zh: '听力残疾', en: 'Hearing impairment', nationalCode: '2', aliases: ['听力'] },
    { code: 'speech', zh: '言语残疾', en: 'Speech impairment', nationalCode: '3', aliases: ['言语', '语言残疾'] },
    { code: 'physical', zh: '肢体残疾', en: 'Physical disability', nationalCode: '4', aliases: ['肢体'] },
    { code: 'intellectual', zh: '智力残疾', en: 'Intellectual disability', nationalCode: '5', aliases: ['智力'] },
    { code: 'mental', zh: '精神残疾', en: 'Psychosocial disability', nationalCode: '6', aliases: ['精神', 'Mental disability'] },
    { code: 'multiple', zh: '多重残疾', en: 'Multiple disabilities', nationalCode: '7', aliases: ['多重'] },
  ]),

  labourAbility: defineList('labourAbility', '劳动技能', 'Labour ability', [
    { code: 'ordinary', zh: '普通劳动力', en: 'Ordinary labour' },
    { code: 'skilled', zh: '技能劳动力', en: 'Skilled labour' },
    { code: 'weak', zh: '弱劳动力或半劳动力', en: 'Weak or partial labour', aliases: ['弱劳动力', '半劳动力'] },
    { code: 'lost', zh: '丧失劳动力', en: 'Lost the ability to work' },
    { code: 'none', zh: '无劳动力', en: 'Not of working ability' },
  ]),

  workStatus: defineList('workStatus', '务工状况', 'Work status', [
    { code: 'withinTown', zh: '乡（镇）内务工', en: 'Working within the township', aliases: ['乡镇内务工'] },
    { code: 'withinCounty', zh: '乡（镇）外县内务工', en: 'Working outside the township, within the county', aliases: ['乡镇外县内务工'] },
    { code: 'withinProvince', zh: '县外省内务工', en: 'Working outside the county, within the province' },
    { code: 'outsideProvince', zh: '省外务工', en: 'Working outside the province' },
    { code: 'other', zh: '其他', en: 'Other' },
    { code: 'notWorking', zh: '未务工', en: 'Not in paid work', aliases: ['无务工', '不务工'] },
  ]),

  // GB/T 4762
  politicalStatus: defineList('politicalStatus', '政治面貌', 'Political affiliation', [
    { code: 'partyMember', zh: '中共党员', en: 'CPC member', nationalCode: '01', aliases: ['党员', '中国共产党党员'] },
    { code: 'probationaryMember', zh: '中共预备党员', en: 'CPC probationary member', nationalCode: '02', aliases: ['预备党员', '中国共产党预备党员'] },
    { code: 'leagueMember', zh: '共青团员', en: 'Communist Youth League member', nationalCode: '03', aliases: ['团员', '中国共产主义青年团团员'] },
    { code: 'masses', zh: '群众', en: 'No political affiliation', nationalCode: '13', aliases: ['普通群众'] },
  ]),

  fuelType: defineList('fuelType', '主要燃料类型', 'Main cooking fuel', [
    { code: 'firewood', zh: '柴草', en: 'Firewood and straw', aliases: ['柴火', '木柴'] },
    { code: 'coal', zh: '煤', en: 'Coal', aliases: ['煤炭'] },
    { code: 'electricity', zh: '电', en: 'Electricity', aliases: ['电力'] },
    { code: 'gas', zh: '液化气/天然气', en: 'LPG or natural gas', aliases: ['液化气', '天然气', '燃气', '液化石油气'] },
    { code: 'biogas', zh: '沼气', en: 'Biogas' },
    { code: 'other', zh: '其他', en: 'Other' },
  ]),

  houseStructure: defineList('houseStructure', '房屋结构', 'House structure', [
    { code: 'reinforcedConcrete', zh: '钢混', en: 'Reinforced concrete', aliases: ['钢混结构', '钢筋混凝土', '框架结构'] },
    { code: 'brickConcrete', zh: '砖混', en: 'Brick and concrete', aliases: ['砖混结构'] },
    { code: 'brickWood', zh: '砖木', en: 'Brick and timber', aliases: ['砖木结构'] },
    { code: 'earthWood', zh: '土木', en: 'Earth and timber', aliases: ['土木结构', '土坯房'] },
    { code: 'other', zh: '其他', en: 'Other' },
  ]),

  // Departments whose data the registry is compared with (数据比对).
  department: defineList('department', '行业部门', 'Department', [
    { code: 'education', zh: '教育', en: 'Education', aliases: ['教育局', '教育部门', '教体局'] },
    { code: 'health', zh: '卫健', en: 'Health', aliases: ['卫健局', '卫健委', '卫生健康', '卫生健康委员会', '卫计局', '卫计委'] },
    { code: 'housing', zh: '住建', en: 'Housing and construction', aliases: ['住建局', '住房和城乡建设', '住房和城乡建设局'] },
    { code: 'water', zh: '水利', en: 'Water resources', aliases: ['水利局', '水务局', '水务'] },
    { code: 'civilAffairs', zh: '民政', en: 'Civil affairs', aliases: ['民政局'] },
    { code: 'humanResources', zh: '人社', en: 'Human resources and social security', aliases: ['人社局', '人力资源和社会保障', '人力资源和社会保障局'] },
    { code: 'publicSecurity', zh: '公安', en: 'Public security', aliases: ['公安局'] },
    { code: 'relocation', zh: '易地搬迁', en: 'Relocation', aliases: ['易地扶贫搬迁', '移民搬迁', '移民办', '搬迁办'] },
  ]),
};

// Case, width, spacing and quote style vary between workbooks; none of them tells items apart.
function lookupKey(text: string): string {
  return text.normalize('NFKC').replace(/[‘’`´]/g, "'").trim().replace(/\s+/g, ' ').toLowerCase();
}

interface ListIndex {
  readonly items: ReadonlyMap<string, CodeItem>;
  readonly keys: ReadonlyMap<string, string>;
  readonly codes: readonly string[];
}

const indexes = new Map<CodeListId, ListIndex>();

function indexOf(list: CodeListId): ListIndex {
  const cached = indexes.get(list);
  if (cached) return cached;
  const { items } = codeLists[list];
  const aliases = aliasesByList.get(list);
  const keys = new Map<string, string>();
  const add = (text: string | undefined, code: string): void => {
    if (text === undefined) return;
    const key = lookupKey(text);
    // Earlier passes win, so an item's own code or label is never shadowed by another's alias.
    if (key !== '' && !keys.has(key)) keys.set(key, code);
  };
  for (const item of items) add(item.code, item.code);
  for (const item of items) add(item.nationalCode, item.code);
  for (const item of items) add(item.zh, item.code);
  for (const item of items) add(item.en, item.code);
  for (const item of items) for (const alias of aliases?.get(item.code) ?? []) add(alias, item.code);
  const index: ListIndex = {
    items: new Map(items.map((item) => [item.code, item])),
    keys,
    codes: Object.freeze(items.map((item) => item.code)),
  };
  indexes.set(list, index);
  return index;
}

export function isCode(list: CodeListId, code: string): boolean {
  return indexOf(list).items.has(code);
}

/** The item's label; an unknown code is shown as it is, so that bad data stays visible. */
export function codeLabel(list: CodeListId, code: string, lang: 'zh' | 'en' = 'zh'): string {
  const item = indexOf(list).items.get(code);
  return item ? item[lang] : code;
}

/** The code for what a person typed in a workbook: a code, a national code, a label or a common variant. */
export function resolveCode(list: CodeListId, input: string): string | undefined {
  return indexOf(list).keys.get(lookupKey(input));
}

export function codes(list: CodeListId): readonly string[] {
  return indexOf(list).codes;
}
