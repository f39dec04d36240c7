import { and, eq } from "drizzle-orm";
import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestOrganisation, createTestUser, municipalityId } from "../../../test/factories/identity";
import { reportingContractForm, testNarrative } from "../../../test/factories/reports";
import { activateContract, createContract, setYearBudget } from "../contracts/contracts.server";
import { reportingPeriods } from "../reports/report.sql";
import { ensureReportingPeriods, reviewReport, saveReportDraft, submitReport, type ReportFigureRow } from "../reports/reports.server";
import type { DashboardKpiDefinition } from "./dashboard-model";
import { dashboardScopeFor } from "./dashboard-scope";
import { aggregateAcceptedFigures, measureKpis, toKpiMeasurement, type FigureAggregate } from "./kpi-measurements.server";

const database = useTestDatabase();

const noOutflow = { endedObligationMet: 0, endedWork: 0, endedEducation: 0, endedMoved: 0, endedExemption: 0, endedOther: 0 };
const completedInTime: DashboardKpiDefinition = { code: "completedInTime.b1", name: "Voldaan binnen wettelijke termijn", unit: "percent", target: "75.0000", targetDisplay: "≥ 75 %", direction: "higherIsBetter", learningRoute: "b1" };
const satisfaction: DashboardKpiDefinition = { code: "clientSatisfaction", name: "Klantbeleving", unit: "score", target: "7.0000", targetDisplay: "≥ 7", direction: "higherIsBetter", learningRoute: null };

describe("toKpiMeasurement", () => {
  test.each<[string, DashboardKpiDefinition, string, string, string, string]>([
    ["a share at risk (≥ 90 % of the target)", completedInTime, "41", "58", "70,7 %", "atRisk"],
    ["a share met exactly", completedInTime, "3", "4", "75,0 %", "met"],
    ["a share missed", completedInTime, "1", "2", "50,0 %", "missed"],
    ["just under the band: 67,4 % of 75 is missed", completedInTime, "674", "1000", "67,4 %", "missed"],
    ["at the band: 67,5 % is at risk", completedInTime, "675", "1000", "67,5 %", "atRisk"],
    ["rounds half up to one decimal", completedInTime, "1", "8", "12,5 %", "missed"],
    ["a score: the respondent-weighted mean", satisfaction, "57.50", "8", "7,2", "met"],
    ["a score just under the target", satisfaction, "69.93", "10", "7,0", "atRisk"],
    ["denominator 0 is no data", completedInTime, "0", "0", "geen data", "noData"],
  ])("%s", (_name, definition, numerator, denominator, display, status) => {
    const measurement = toKpiMeasurement(definition, numerator, denominator, null);
    expect(measurement).toMatchObject({ numerator, denominator, display, status, suppressed: false });
  });

  test("the status comes from the exact fraction, not from the rounded display", () => {
    // 67,4996 % shows as "67,5 %" but is below 90 % of 75 (67,5)
    expect(toKpiMeasurement(completedInTime, "674996", "1000000", null)).toMatchObject({ display: "67,5 %", status: "missed" });
  });

  test("a suppressed measurement hides every figure: < 5 when small, x when it only protects a small one", () => {
    expect(toKpiMeasurement(completedInTime, "2", "3", "small")).toEqual({ numerator: "", denominator: "", value: null, display: "< 5", status: "noData", suppressed: true, suppression: "small" });
    expect(toKpiMeasurement(completedInTime, "30", "40", "secondary")).toEqual({ numerator: "", denominator: "", value: null, display: "x", status: "noData", suppressed: true, suppression: "secondary" });
  });

  test("the value is a percentage for a share and the mean for a score", () => {
    expect(toKpiMeasurement(completedInTime, "1", "4", null).value).toBe(25);
    expect(toKpiMeasurement(satisfaction, "15", "2", null).value).toBe(7.5);
  });
});

async function scenario() {
  const { db } = database();
  const clock = createMovableClock(new Date("2025-01-02T09:00:00Z"));
  const manager = await createTestUser(db, { roles: ["contractManager"] });
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  const hoorn = await municipalityId(db, "Hoorn");
  const opmeer = await municipalityId(db, "Opmeer");
  const { id: contractId } = await createContract(db, clock, manager, reportingContractForm(organisation.id, manager.id));
  await setYearBudget(db, clock, manager, contractId, { year: 2025, totalCents: 1_000_00, cells: [{ municipalityId: hoorn, targetGroup: "asylumMigrant", volume: 1, amountCents: 1_000_00 }] }, null);
  await activateContract(db, clock, manager, contractId);
  await ensureReportingPeriods(db, clock, contractId);
  clock.set(new Date("2025-11-05T10:00:00Z"));
  const period = async (label: string) => (await db.select().from(reportingPeriods).where(and(eq(reportingPeriods.contractId, contractId), eq(reportingPeriods.label, label))))[0]!.id;
  const rows = (hoornFigures: ReportFigureRow["figures"], opmeerFigures: ReportFigureRow["figures"]): ReportFigureRow[] => [
    { municipalityId: hoorn, learningRoute: "b1", targetGroup: "asylumMigrant", figures: { started: 0, active: 10, ...noOutflow, ...hoornFigures } },
    { municipalityId: opmeer, learningRoute: "b1", targetGroup: "familyMigrant", figures: { started: 0, active: 4, ...noOutflow, ...opmeerFigures } },
  ];
  const submit = async (label: string, figureRows: ReportFigureRow[]) => {
    const { reportId } = await saveReportDraft(db, clock, supplier, await period(label), { rows: figureRows, narrative: testNarrative, source: "form" });
    await submitReport(db, clock, supplier, reportId, { consistencyExplanation: "Toelichting op de aantallen." });
    return reportId;
  };
  const accept = (reportId: string) => reviewReport(db, clock, manager, reportId, { decision: "accept" });
  return { db, clock, manager, supplier, contractId, hoorn, opmeer, submit, accept, rows };
}

test("one row per group × KPI code; only the accepted latest version counts", async () => {
  const s = await scenario();
  // 2024-K4 accepted: another year
  await s.accept(await s.submit("2024-K4", s.rows({ cohortTermEnded: 5, cohortMetInTime: 5 }, {})));
  // 2025-K1 accepted
  await s.accept(await s.submit("2025-K1", s.rows({ cohortTermEnded: 20, cohortMetInTime: 15, surveyRespondents: 6, surveyMeanScore: 7.5 }, { cohortTermEnded: 4, cohortMetInTime: 1, surveyRespondents: 2, surveyMeanScore: 6.25 })));
  // 2025-K2: version 1 returned (1 of 100), version 2 accepted (8 of 10): only version 2 counts
  const k2 = await s.submit("2025-K2", s.rows({ cohortTermEnded: 100, cohortMetInTime: 1 }, {}));
  await reviewReport(s.db, s.clock, s.manager, k2, { decision: "return", comments: { cohort: "Te hoog cohort." } });
  await s.submit("2025-K2", s.rows({ cohortTermEnded: 10, cohortMetInTime: 8 }, {}));
  await s.accept(k2);
  // 2025-K3 submitted, not reviewed: does not count
  await s.submit("2025-K3", s.rows({ cohortTermEnded: 50, cohortMetInTime: 0 }, {}));

  const scope = dashboardScopeFor(s.manager, { year: 2025 });
  const total = await measureKpis(s.db, scope, []);
  expect(total).toHaveLength(10);
  expect(total.find((item) => item.code === "completedInTime.b1")).toEqual({ group: {}, code: "completedInTime.b1", numerator: "24", denominator: "34" });
  // respondent-weighted: 7,5 × 6 + 6,25 × 2 = 57,5 over 8
  const score = total.find((item) => item.code === "clientSatisfaction")!;
  expect([Number(score.numerator), Number(score.denominator)]).toEqual([57.5, 8]);
  // nothing reported for it: 0 / 0
  expect(total.find((item) => item.code === "localParticipation")).toMatchObject({ numerator: "0", denominator: "0" });
  // the other routes' KPIs have no rows
  expect(total.find((item) => item.code === "completedInTime.education")).toMatchObject({ denominator: "0" });

  const byPeriodAndMunicipality = await measureKpis(s.db, scope, ["period", "municipality"]);
  const cell = (period: string, municipality: string) =>
    byPeriodAndMunicipality.find((item) => item.code === "completedInTime.b1" && item.group.period === period && item.group.municipality === municipality);
  expect(cell("2025-K1", s.hoorn)).toMatchObject({ numerator: "15", denominator: "20" });
  expect(cell("2025-K1", s.opmeer)).toMatchObject({ numerator: "1", denominator: "4" });
  expect(cell("2025-K2", s.hoorn)).toMatchObject({ numerator: "8", denominator: "10" });
  expect(cell("2025-K3", s.hoorn)).toBeUndefined();
  expect(new Set(byPeriodAndMunicipality.map((item) => JSON.stringify(item.group))).size).toBe(4);

  // every grouping at once, and the filters
  const everything = await measureKpis(s.db, scope, ["year", "period", "contract", "supplier", "municipality", "learningRoute", "targetGroup"]);
  expect(everything.find((item) => item.code === "completedInTime.b1" && item.group.period === "2025-K1" && item.group.targetGroup === "familyMigrant")).toMatchObject({
    group: { year: "2025", contract: s.contractId, learningRoute: "b1", municipality: s.opmeer },
    numerator: "1",
  });
  const family = await measureKpis(s.db, dashboardScopeFor(s.manager, { year: 2025, targetGroup: "familyMigrant" }), []);
  expect(family.find((item) => item.code === "completedInTime.b1")).toMatchObject({ numerator: "1", denominator: "4" });
  const k1 = await measureKpis(s.db, dashboardScopeFor(s.manager, { periodLabel: "2025-K1", municipalityId: s.hoorn }), []);
  expect(k1.find((item) => item.code === "completedInTime.b1")).toMatchObject({ numerator: "15", denominator: "20" });
  const allYears = await measureKpis(s.db, dashboardScopeFor(s.manager, {}), ["year"]);
  expect(allYears.filter((item) => item.code === "completedInTime.b1").map((item) => [item.group.year, item.numerator, item.denominator]).sort()).toEqual([
    ["2024", "5", "5"],
    ["2025", "24", "34"],
  ]);
  // a municipality viewer's scope is its own municipality
  const viewer = await createTestUser(s.db, { roles: ["municipalityViewer"], municipalityId: s.opmeer });
  const own = await measureKpis(s.db, dashboardScopeFor(viewer, { year: 2025 }), []);
  expect(own.find((item) => item.code === "completedInTime.b1")).toMatchObject({ numerator: "1", denominator: "4" });
});

test("no accepted reports: no groups at all, and the total is one row of zeros per KPI", async () => {
  const s = await scenario();
  await s.submit("2025-K1", s.rows({ cohortTermEnded: 20, cohortMetInTime: 15 }, {}));
  const scope = dashboardScopeFor(s.manager, { year: 2025 });
  expect(await measureKpis(s.db, scope, ["period"])).toEqual([]);
  const total = await measureKpis(s.db, scope, []);
  expect(total.every((item) => item.numerator === "0" && item.denominator === "0")).toBe(true);
  // rolled up from the (empty) target-group set, the total is still there, as PostgreSQL gives it
  const [summedTotal] = await aggregateAcceptedFigures(s.db, { year: 2025 }, [[]]);
  expect(await aggregateAcceptedFigures(s.db, { year: 2025 }, [[], ["targetGroup"]])).toEqual([summedTotal]);
});

test("sets rolled up in JavaScript hold exactly what PostgreSQL sums for them, decimals included", async () => {
  const s = await scenario();
  await s.accept(
    await s.submit(
      "2025-K1",
      s.rows({ cohortTermEnded: 20, cohortMetInTime: 15, surveyRespondents: 6, surveyMeanScore: 7.5 }, { cohortTermEnded: 4, cohortMetInTime: 1, surveyRespondents: 3, surveyMeanScore: 6.25 }),
    ),
  );
  await s.accept(await s.submit("2025-K2", s.rows({ cohortTermEnded: 10, cohortMetInTime: 8, surveyRespondents: 2, surveyMeanScore: 8.5 }, { invoicedCents: 12_345 })));
  const sorted = (rows: FigureAggregate[]) => [...rows].sort((a, b) => JSON.stringify(a.group).localeCompare(JSON.stringify(b.group)));
  // asked for together, [] comes from the target groups, supplier and contract from one contract
  // set carrying the supplier, and the periods from period × leerroute
  const together = await aggregateAcceptedFigures(s.db, { year: 2025 }, [[], ["targetGroup"], ["supplier"], ["contract"], ["period"], ["period", "learningRoute"]]);
  for (const set of [[], ["targetGroup"], ["supplier"], ["contract"], ["period"], ["period", "learningRoute"]] as const) {
    // asked for alone, each is summed by PostgreSQL
    const alone = await aggregateAcceptedFigures(s.db, { year: 2025 }, [set]);
    const rolled = together.filter((row) => Object.keys(row.group).length === set.length && set.every((grouping) => row.group[grouping] !== undefined));
    expect(sorted(rolled)).toEqual(sorted(alone));
  }
  const total = together.find((row) => Object.keys(row.group).length === 0)!;
  // 7,5 × 6 + 6,25 × 3 + 8,5 × 2 = 80,75 over 11, written as PostgreSQL writes a numeric sum
  expect(total.kpis.clientSatisfaction).toEqual({ numerator: "80.75", denominator: "11" });
  expect(total.invoicedCents).toBe(12_345);
});
