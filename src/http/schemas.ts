// Request and response schemas (TypeBox → JSON Schema): validated on the way in, and on the way
// out only the declared fields are serialised, so nothing extra leaks.
import { Type, type Static, type TSchema } from '@fastify/type-provider-typebox';

/** The schema, or null. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Code = Type.String({ maxLength: 64 });
const Fen = Type.Integer({ minimum: -1e15, maximum: 1e15 });
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const FieldErrorSchema = Type.Object({ field: Type.String(), message: Type.String(), messageEn: Type.String(), fix: Type.String(), fixEn: Type.String() });
export const ErrorSchema = Type.Object({
  error: Type.String(),
  message: Type.String(),
  messageZh: Type.Optional(Type.String()),
  messageEn: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(FieldErrorSchema)),
});

export const HouseholdInputSchema = Type.Object(
  {
    householdNo: Type.String({ maxLength: 32 }),
    villageCode: Type.String({ maxLength: 12 }),
    identificationStandard: Code,
    identifiedYear: Type.Integer(),
    attribute: Code,
    mainCause: Code,
    otherCauses: Type.Array(Code, { maxItems: 5 }),
    phone: Nullable(Type.String({ maxLength: 20 })),
    housingSafetyGrade: Nullable(Code),
    housingArea: Nullable(Type.Number()),
    houseStructure: Nullable(Code),
    renovationYear: Nullable(Type.Integer()),
    safeDrinkingWater: Type.Boolean(),
    drinkingWaterDifficulty: Type.Boolean(),
    roadType: Nullable(Code),
    distanceToMainRoadKm: Nullable(Type.Number()),
    hasProductionPower: Type.Boolean(),
    hasDomesticPower: Type.Boolean(),
    hasRadioTv: Type.Boolean(),
    hasSanitaryToilet: Type.Boolean(),
    fuelType: Nullable(Code),
    joinedCooperative: Type.Boolean(),
    arableLandMu: Nullable(Type.Number()),
    irrigatedLandMu: Nullable(Type.Number()),
    forestLandMu: Nullable(Type.Number()),
    relocationPending: Type.Boolean(),
    renovationInProgress: Type.Boolean(),
    industryProjectPending: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const HouseholdSchema = Type.Object({
  ...HouseholdInputSchema.properties,
  id: Type.Integer(),
  status: Type.String(),
  exitYear: Nullable(Type.Integer()),
  memberCount: Type.Integer(),
  version: Type.Integer(),
});

export const HouseholdChangesSchema = Type.Partial(Type.Omit(HouseholdInputSchema, ['householdNo']), { additionalProperties: false });

export const MemberInputSchema = Type.Object(
  {
    name: Type.String({ maxLength: 50 }),
    idNumber: Type.String({ maxLength: 24 }),
    relation: Code,
    sex: Type.String({ maxLength: 8 }),
    birthDate: Type.String({ maxLength: 10 }),
    ethnicity: Code,
    education: Nullable(Code),
    schoolStatus: Code,
    health: Code,
    disabilityType: Nullable(Code),
    labourAbility: Code,
    workStatus: Code,
    workMonths: Type.Integer(),
    politicalStatus: Nullable(Code),
    speaksMandarin: Type.Boolean(),
    hasResidentMedicalInsurance: Type.Boolean(),
    hasEmployeeMedicalInsurance: Type.Boolean(),
    hasSeriousIllnessInsurance: Type.Boolean(),
    hasResidentPension: Type.Boolean(),
    receivesMinimumLiving: Type.Boolean(),
    isExtremePoverty: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const MemberSchema = Type.Object({ ...MemberInputSchema.properties, id: Type.Integer(), householdId: Type.Integer() });

export const IncomeInputSchema = Type.Object(
  {
    wageIncome: Fen,
    productionIncome: Fen,
    productionCost: Fen,
    assetDividendIncome: Fen,
    otherPropertyIncome: Fen,
    familyPlanningAllowance: Fen,
    minimumLivingAllowance: Fen,
    extremePovertyAllowance: Fen,
    pensionIncome: Fen,
    ecoCompensation: Fen,
    otherTransferIncome: Fen,
    expectedIncome: Fen,
  },
  { additionalProperties: false },
);

export const IncomeSchema = Type.Object({ ...IncomeInputSchema.properties, year: Type.Integer(), netIncomePerCapita: Nullable(Type.Integer()) });

export const StatusEventSchema = Type.Object({
  type: Type.String(),
  date: Type.String(),
  reason: Nullable(Type.String()),
  basis: Nullable(Type.String()),
  actor: Type.String(),
});

export const AuditEntrySchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});

/** An import batch that created or changed the household (its own history lists it beside the audit entries). */
export const HouseholdImportSchema = Type.Object({
  batchId: Type.Integer(),
  batchName: Type.String(),
  kind: Type.Union([Type.Literal('created'), Type.Literal('updated')]),
  parts: Type.Array(Type.String()),
  at: Type.String(),
  actor: Type.String(),
  fileName: Type.String(),
  fileSha256: Type.String(),
  files: Type.Array(Type.Object({ position: Type.Integer(), name: Type.String() })),
  filesOpen: Type.Boolean(),
  /** What changed (an update): {household: {field: [before, after]}, members: {added, removed, changed} (names), incomes: {year: {component: [before, after]}}}. */
  detail: Type.Unknown(),
});

export const RegionSchema = Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer(), parentCode: Nullable(Type.String()) });

export const RegionStatsSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Integer(),
  households: Type.Integer(),
  people: Type.Integer(),
  poor: Type.Integer(),
  exited: Type.Integer(),
  relapsed: Type.Integer(),
  removed: Type.Integer(),
  poorPeople: Type.Integer(),
  exitedPeople: Type.Integer(),
  relapsedPeople: Type.Integer(),
  removedPeople: Type.Integer(),
  ruralPopulation: Type.Integer(),
  povertyIncidence: Nullable(Type.Number()),
});

export const StatsResultSchema = Type.Object({
  ...RegionStatsSchema.properties,
  year: Nullable(Type.Integer()),
  frozen: Type.Boolean(),
  source: Type.Union([Type.Literal('snapshot'), Type.Literal('events'), Type.Literal('live')], {
    description: 'snapshot: frozen figures of a closed year; events: from the status events up to 31 December of a past year not closed (people: current member counts); live: today’s statuses',
  }),
  children: Type.Array(RegionStatsSchema),
});

export const BreakdownSchema = Type.Array(Type.Object({ key: Type.String(), households: Type.Integer(), people: Type.Integer() }));

export const ListItemSchema = Type.Object({
  id: Type.Integer(),
  householdNo: Type.String(),
  villageCode: Type.String(),
  villageName: Type.String(),
  townName: Type.String(),
  headName: Nullable(Type.String()),
  headIdNumber: Nullable(Type.String()),
  memberCount: Type.Integer(),
  attribute: Type.String(),
  mainCause: Type.String(),
  status: Type.String(),
  identifiedYear: Type.Integer(),
  exitYear: Nullable(Type.Integer()),
  version: Type.Integer(),
  updatedAt: Type.String(),
});

const householdStatusPattern = '(poor|exited|relapsed|removed)';

export const ListQuerySchema = Type.Object(
  {
    region: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
    // One status, or several joined by commas (poor,relapsed: the households poverty incidence counts).
    status: Type.Optional(Type.String({ pattern: `^${householdStatusPattern}(,${householdStatusPattern}){0,3}$`, description: 'poor | exited | relapsed | removed, or several joined by commas' })),
    cause: Type.Optional(Code),
    attribute: Type.Optional(Code),
    exitYear: Type.Optional(Type.Integer()),
    identifiedYear: Type.Optional(Type.Integer()),
    q: Type.Optional(Type.String({ maxLength: 50 })),
    sort: Type.Optional(Type.Union([Type.Literal('village'), Type.Literal('householdNo'), Type.Literal('identifiedYear'), Type.Literal('memberCount'), Type.Literal('exitYear'), Type.Literal('updatedAt')])),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    count: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')])),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuerySchema>;

export const UserSchema = Type.Object({
  userId: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  roleLabel: Type.Object({ zh: Type.String(), en: Type.String() }),
  regionCode: Type.String(),
  regionName: Type.String(),
  department: Nullable(Type.String()),
  mustChangePassword: Type.Boolean(),
});

export const VersionBody = { version: Type.Integer({ minimum: 1 }) };
export { DateText };
