// The figures of a progress report (voortgangsrapportage), issue 6 item 2: always aggregate
// counts per municipality × leerroute × target group for one period, never anything about a
// person. One list drives the typed columns (report.sql.ts), the web form, the Excel template and
// the validation, so a figure is added in one place.

export const learningRoutes = ["b1", "education", "z"] as const;
export type LearningRoute = (typeof learningRoutes)[number];
export const learningRouteLabels: Record<LearningRoute, string> = { b1: "B1-route", education: "Onderwijsroute", z: "Z-route" };

export type FigureKind = "count" | "hours" | "score" | "cents";

export const figureSections = ["flow", "cohort", "components", "hours", "work", "outflow", "survey", "werksaam", "money"] as const;
export type FigureSection = (typeof figureSections)[number];
export const figureSectionLabels: Record<FigureSection, string> = {
  flow: "Instroom, deelnemers en uitstroom",
  cohort: "Cohort met afgelopen inburgeringstermijn",
  components: "Behaalde onderdelen",
  hours: "Uren en verzuim",
  work: "Werk en lokale participatie",
  outflow: "Uitstroom na drie jaar",
  survey: "Klantonderzoek",
  werksaam: "WerkSaam: intake, PIP en ontzorgen",
  money: "Gefactureerd",
};

export interface FigureDefinition {
  /** Code name, also the column's property in report.sql.ts. */
  key: string;
  label: string;
  section: FigureSection;
  kind: FigureKind;
  /** Only the DVO with WerkSaam reports these. */
  werksaamOnly?: boolean;
  /** This figure cannot exceed the named figure of the same row (numerator ≤ denominator). */
  atMost?: string;
}

export const figureDefinitions = [
  { key: "started", label: "Gestart in de periode", section: "flow", kind: "count" },
  { key: "active", label: "Actief aan het eind van de periode", section: "flow", kind: "count" },
  { key: "endedObligationMet", label: "Uitgestroomd: inburgeringsplicht voldaan", section: "flow", kind: "count" },
  { key: "endedWork", label: "Uitgestroomd: werk", section: "flow", kind: "count" },
  { key: "endedEducation", label: "Uitgestroomd: onderwijs", section: "flow", kind: "count" },
  { key: "endedMoved", label: "Uitgestroomd: verhuisd", section: "flow", kind: "count" },
  { key: "endedExemption", label: "Uitgestroomd: ontheffing", section: "flow", kind: "count" },
  { key: "endedOther", label: "Uitgestroomd: andere reden", section: "flow", kind: "count" },
  { key: "cohortTermEnded", label: "Cohort waarvan de termijn is afgelopen", section: "cohort", kind: "count" },
  { key: "cohortMetInTime", label: "Waarvan binnen de termijn voldaan", section: "cohort", kind: "count", atMost: "cohortTermEnded" },
  { key: "achievedKnm", label: "KNM behaald", section: "components", kind: "count" },
  { key: "achievedMap", label: "MAP afgerond", section: "components", kind: "count" },
  { key: "achievedPvt", label: "PVT afgerond", section: "components", kind: "count" },
  { key: "achievedExamB1", label: "Taalexamen B1 behaald", section: "components", kind: "count" },
  { key: "achievedExamA2", label: "Taalexamen A2 behaald", section: "components", kind: "count" },
  { key: "achievedDiploma", label: "Diploma behaald", section: "components", kind: "count" },
  { key: "hoursOffered", label: "Uren aangeboden", section: "hours", kind: "hours" },
  { key: "hoursAttended", label: "Uren gevolgd", section: "hours", kind: "hours", atMost: "hoursOffered" },
  { key: "hoursAbsent", label: "Uren verzuim", section: "hours", kind: "hours", atMost: "hoursOffered" },
  { key: "cohortYearOne", label: "Cohort in het eerste jaar", section: "work", kind: "count" },
  { key: "cohortYearOneWorkContact", label: "Waarvan in aanraking met werk", section: "work", kind: "count", atMost: "cohortYearOne" },
  { key: "participatingLocally", label: "Neemt deel aan lokaal aanbod", section: "work", kind: "count", atMost: "active" },
  { key: "outflowCohort", label: "Cohort drie jaar na de start", section: "outflow", kind: "count" },
  { key: "outflowWork", label: "Waarvan aan het werk", section: "outflow", kind: "count", atMost: "outflowCohort" },
  { key: "outflowEducation", label: "Waarvan in onderwijs", section: "outflow", kind: "count", atMost: "outflowCohort" },
  { key: "surveyRespondents", label: "Respondenten klantonderzoek", section: "survey", kind: "count" },
  { key: "surveyMeanScore", label: "Gemiddeld rapportcijfer (1–10)", section: "survey", kind: "score" },
  { key: "intakesHeld", label: "Brede intakes gehouden", section: "werksaam", kind: "count", werksaamOnly: true },
  { key: "pipsSet", label: "PIP's vastgesteld", section: "werksaam", kind: "count", werksaamOnly: true },
  { key: "unburdeningCohort", label: "Cohort ontzorgen (zes maanden na huisvesting)", section: "werksaam", kind: "count", werksaamOnly: true },
  { key: "financiallySelfReliant", label: "Waarvan financieel zelfredzaam na zes maanden", section: "werksaam", kind: "count", werksaamOnly: true, atMost: "unburdeningCohort" },
  { key: "invoicedCents", label: "Gefactureerd bedrag (euro)", section: "money", kind: "cents" },
] as const satisfies readonly FigureDefinition[];

export type FigureKey = (typeof figureDefinitions)[number]["key"];
export type FigureValues = Record<FigureKey, number | null>;

/** The typed columns and the figure list must name the same figures (checked by the compiler). */
export type FigureColumnsMatch<Row> = [FigureKey] extends [keyof Row] ? true : never;
