import { z } from "zod";

// The content of a programma van eisen (PvE). A draft is edited section by section; publishing
// freezes the whole content as an immutable version. Instants are ISO strings in UTC; calendar
// dates are "YYYY-MM-DD" and mean that day in Europe/Amsterdam. Money is integer euro cents.

export const procedures = ["open", "restricted", "multiplePrivate", "singlePrivate"] as const;
export type Procedure = (typeof procedures)[number];
export const procedureLabels: Record<Procedure, string> = {
  open: "Openbaar",
  restricted: "Niet-openbaar",
  multiplePrivate: "Meervoudig onderhands",
  singlePrivate: "Enkelvoudig onderhands",
};

export const lotServices = ["b1Route", "educationRoute", "zRoute", "map", "pvt", "knm", "socialGuidance", "interpreting", "other"] as const;
export type LotService = (typeof lotServices)[number];
export const lotServiceLabels: Record<LotService, string> = {
  b1Route: "B1-route",
  educationRoute: "Onderwijsroute",
  zRoute: "Z-route",
  map: "MAP (Module Arbeidsmarkt en Participatie)",
  pvt: "PVT (Participatieverklaringstraject)",
  knm: "KNM (Kennis van de Nederlandse Maatschappij)",
  socialGuidance: "Maatschappelijke begeleiding",
  interpreting: "Tolken",
  other: "Overig",
};
/** The leerroute a lot's service belongs to, when it is one of the three. */
export const learningRouteOfService: Partial<Record<LotService, "b1" | "education" | "z">> = {
  b1Route: "b1",
  educationRoute: "education",
  zRoute: "z",
};

export const targetGroups = ["asylumMigrant", "familyMigrant"] as const;
export type TargetGroup = (typeof targetGroups)[number];
export const targetGroupLabels: Record<TargetGroup, string> = {
  asylumMigrant: "Asielmigranten (vergunninghouders)",
  familyMigrant: "Gezinsmigranten",
};

export const priceUnits = ["perTrajectory", "perHour", "perParticipant", "fixed"] as const;
export type PriceUnit = (typeof priceUnits)[number];
export const priceUnitLabels: Record<PriceUnit, string> = {
  perTrajectory: "per traject",
  perHour: "per uur",
  perParticipant: "per deelnemer",
  fixed: "vast bedrag",
};

export const priceScoringMethods = ["lowestPriceRatio", "relativeToCeiling"] as const;
export type PriceScoringMethod = (typeof priceScoringMethods)[number];
export const priceScoringMethodLabels: Record<PriceScoringMethod, string> = {
  lowestPriceRatio: "Laagste prijs gedeeld door aangeboden prijs × maximumscore",
  relativeToCeiling: "Afstand tot het plafondbedrag: (plafond − aangeboden prijs) / plafond × maximumscore",
};

const isoInstant = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const decimalString = z.string().regex(/^\d+(\.\d+)?$/);

export const volumeSchema = z.object({
  municipalityId: z.uuid(),
  targetGroup: z.enum(targetGroups),
  count: z.number().int().min(0),
});

export const priceComponentSchema = z.object({
  id: z.uuid(),
  name: z.string().min(1).max(200),
  unit: z.enum(priceUnits),
  /** The quantity the totals of an offer are computed on (e.g. expected trajectories or hours). */
  expectedQuantity: z.number().int().min(0),
});

export const lotKpiSchema = z.object({
  kpiCode: z.string().min(1),
  name: z.string().min(1),
  target: decimalString,
  unit: z.enum(["percent", "score"]),
  direction: z.enum(["higherIsBetter", "lowerIsBetter"]),
  source: z.string().min(1),
  /** Required when the target differs from the catalogue's. */
  overrideReason: z.string().nullable(),
});

export const lotSchema = z.object({
  id: z.uuid(),
  number: z.number().int().min(1),
  title: z.string().min(1).max(200),
  service: z.enum(lotServices),
  description: z.string().max(10_000),
  ceilingAmountCents: z.number().int().positive(),
  /** Share of the regional intake expected in this lot, exact decimal percent ("55"). */
  routeSharePercent: decimalString,
  volumes: z.array(volumeSchema),
  priceComponents: z.array(priceComponentSchema),
  kpis: z.array(lotKpiSchema),
  performancePayment: z.boolean(),
});

export const requirementSchema = z.object({
  id: z.uuid(),
  /** null: the requirement applies to every lot of the tender. */
  lotId: z.uuid().nullable(),
  kind: z.enum(["mandatory", "scored"]),
  title: z.string().min(1).max(300),
  description: z.string().max(10_000),
  evidenceRequired: z.boolean(),
  /** For a scored wish: the award criterion it is scored under. */
  criterionId: z.uuid().nullable(),
});

export const awardCriterionSchema = z.object({
  id: z.uuid(),
  name: z.string().min(1).max(200),
  kind: z.enum(["price", "quality"]),
  /** Whole points; the weights of a tender add up to 100. */
  weight: z.number().int().min(1).max(100),
  description: z.string().max(10_000),
});

export const documentSchema = z.object({
  fileId: z.uuid(),
  title: z.string().min(1).max(200),
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const timelineSchema = z.object({
  publicationDate: isoDate,
  questionDeadline: isoInstant,
  informationNoticeDate: isoDate,
  submissionDeadline: isoInstant,
  plannedAwardDecisionDate: isoDate,
  standstillDays: z.number().int().min(0).max(60),
  contractStartDate: isoDate,
});

export const sectionKeys = ["background", "assignment", "requirements", "award", "planning", "contractTerms"] as const;
export type SectionKey = (typeof sectionKeys)[number];
export const sectionLabels: Record<SectionKey, string> = {
  background: "Achtergrond",
  assignment: "Opdracht",
  requirements: "Eisen",
  award: "Gunning",
  planning: "Planning",
  contractTerms: "Contractvoorwaarden",
};

export const tenderContentSchema = z.object({
  title: z.string().min(1).max(300),
  reference: z.string().min(1).max(50),
  summary: z.string().max(5_000),
  procedure: z.enum(procedures),
  lightRegime: z.boolean(),
  cpvCodes: z.array(z.string().regex(/^\d{8}-\d$/)),
  estimatedValueCents: z.number().int().nonnegative(),
  contractTerm: z.object({
    initialYears: z.number().int().min(1).max(10),
    extensionYears: z.array(z.number().int().min(1).max(10)),
  }),
  municipalityIds: z.array(z.uuid()).min(1),
  timeline: timelineSchema.nullable(),
  lots: z.array(lotSchema),
  requirements: z.array(requirementSchema),
  awardCriteria: z.array(awardCriterionSchema),
  scoringScale: z.object({ min: z.number().int(), max: z.number().int(), step: z.number().int().positive() }),
  priceScoringMethod: z.enum(priceScoringMethods),
  sections: z.record(z.enum(sectionKeys), z.string().max(50_000)),
  documents: z.array(documentSchema),
});

export type TenderContent = z.infer<typeof tenderContentSchema>;
export type Lot = z.infer<typeof lotSchema>;
export type Requirement = z.infer<typeof requirementSchema>;
export type AwardCriterion = z.infer<typeof awardCriterionSchema>;
export type Timeline = z.infer<typeof timelineSchema>;
export type PriceComponent = z.infer<typeof priceComponentSchema>;
export type LotKpi = z.infer<typeof lotKpiSchema>;
export type TenderDocument = z.infer<typeof documentSchema>;

/** "4 + 2 + 2 jaar" */
export function describeContractTerm(term: TenderContent["contractTerm"]): string {
  return `${[term.initialYears, ...term.extensionYears].join(" + ")} jaar`;
}
