import { and, eq } from "drizzle-orm";
import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestOrganisation, createTestUser, municipalityId } from "../../../test/factories/identity";
import { activateContract, addCatalogueKpi, createContract, getPerformancePayment, recordKpiYearFigure, setYearBudget, updateContractKpi } from "../contracts/contracts.server";
import { contractKpis, kpiYearFigures } from "../contracts/contract.sql";
import type { ContractForm } from "../contracts/contract-schemas";
import { refreshKpiYearFiguresFromReports } from "./report-kpis.server";
import { reportingPeriods } from "./report.sql";
import { ensureReportingPeriods, reviewReport, saveReportDraft, submitReport, type ReportFigureRow } from "./reports.server";

const database = useTestDatabase();

const narrative = { participantProgress: "Voortgang volgens plan.", cooperation: "Overleg met de gemeenten.", integratedTrajectories: "Taal en werk gecombineerd." };
const noOutflow = { endedObligationMet: 0, endedWork: 0, endedEducation: 0, endedMoved: 0, endedExemption: 0, endedOther: 0 };

function form(supplierOrganisationId: string, contractManagerUserId: string): ContractForm {
  return {
    number: `WF-KPI-${Math.random().toString(36).slice(2, 8)}`,
    title: "Testcontract B1-route",
    kind: "tender",
    supplierOrganisationId,
    learningRoute: "b1",
    services: ["b1Route"],
    startDate: "2025-01-01",
    endDate: "2026-12-31",
    extensionYears: [],
    ceilingAmountCents: 1_000_000_00,
    contractManagerUserId,
    reportingFrequency: "quarterly",
    reportDueDays: 30,
    performancePaymentApplies: true,
    performanceShare: "10",
    performanceActivationDate: "2025-01-01",
  };
}

async function setup() {
  const { db } = database();
  const clock = createMovableClock(new Date("2025-01-05T10:00:00Z"));
  const manager = await createTestUser(db, { roles: ["contractManager"], name: "Carla Contract" });
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id, name: "Sanne School" });
  const { id: contractId } = await createContract(db, clock, manager, form(organisation.id, manager.id));
  await setYearBudget(db, clock, manager, contractId, { year: 2025, totalCents: 100_000_00 }, null);
  for (const code of ["completedInTime.b1", "outflowToWork.b1", "clientSatisfaction", "localParticipation"]) await addCatalogueKpi(db, clock, manager, contractId, code, null);
  const kpis = await db.select().from(contractKpis).where(eq(contractKpis.contractId, contractId));
  const kpi = (code: string) => kpis.find((candidate) => candidate.kpiCode === code)!;
  // completed in time counts (proportional), the others weigh 0 so the payout follows one KPI
  for (const row of kpis) await updateContractKpi(db, clock, manager, contractId, row.id, { weight: row.kpiCode === "completedInTime.b1" ? 1 : 0, paymentRule: "proportional", target: row.target, overrideReason: null }, null);
  await activateContract(db, clock, manager, contractId);
  clock.set(new Date("2025-10-02T10:00:00Z"));
  await ensureReportingPeriods(db, clock, contractId);
  const hoorn = await municipalityId(db, "Hoorn");
  const opmeer = await municipalityId(db, "Opmeer");
  const periodId = async (label: string) => (await db.select().from(reportingPeriods).where(and(eq(reportingPeriods.contractId, contractId), eq(reportingPeriods.label, label))))[0]!.id;
  return { db, clock, manager, supplier, contractId, kpi, hoorn, opmeer, periodId };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** A quarter's rows: Hoorn and Opmeer, asylum migrants; active stays 10 and 4 (no flow). */
function quarterRows(s: Setup, figures: { hoorn: Partial<ReportFigureRow["figures"]>; opmeer: Partial<ReportFigureRow["figures"]> }): ReportFigureRow[] {
  return [
    { municipalityId: s.hoorn, learningRoute: "b1", targetGroup: "asylumMigrant", figures: { started: 0, active: 10, ...noOutflow, ...figures.hoorn } },
    { municipalityId: s.opmeer, learningRoute: "b1", targetGroup: "asylumMigrant", figures: { started: 0, active: 4, ...noOutflow, ...figures.opmeer } },
  ];
}

async function reportQuarter(s: Setup, label: string, rows: ReportFigureRow[], decision: "accept" | "return") {
  const { reportId } = await saveReportDraft(s.db, s.clock, s.supplier, await s.periodId(label), { rows, narrative, source: "form" });
  await submitReport(s.db, s.clock, s.supplier, reportId);
  await reviewReport(s.db, s.clock, s.manager, reportId, decision === "accept" ? { decision } : { decision, comments: { cohort: "Klopt het cohort van Hoorn?" } });
  return reportId;
}

async function yearFigure(s: Setup, code: string, year = 2025) {
  const [figure] = await s.db.select().from(kpiYearFigures).where(and(eq(kpiYearFigures.contractKpiId, s.kpi(code).id), eq(kpiYearFigures.year, year)));
  return figure;
}

test("accepting two quarterly reports sets the KPI year figures to the hand-computed shares, and the payment follows", async () => {
  const s = await setup();
  // a figure entered by hand before any report: replaced, and the source says so
  await recordKpiYearFigure(s.db, s.clock, s.manager, s.contractId, s.kpi("completedInTime.b1").id, { year: 2025, numerator: "1", denominator: "2" });

  await reportQuarter(
    s,
    "2025-K1",
    quarterRows(s, {
      hoorn: { cohortTermEnded: 8, cohortMetInTime: 6, outflowCohort: 5, outflowWork: 2, outflowEducation: 1, participatingLocally: 8, surveyRespondents: 6, surveyMeanScore: 7.5 },
      opmeer: { cohortTermEnded: 3, cohortMetInTime: 3, outflowCohort: 2, outflowWork: 1, outflowEducation: 0, participatingLocally: 2, surveyRespondents: 2, surveyMeanScore: 6.25 },
    }),
    "accept",
  );
  const afterOne = await yearFigure(s, "completedInTime.b1");
  expect([Number(afterOne!.numerator), Number(afterOne!.denominator)]).toEqual([9, 11]);
  expect(afterOne!.source).toBe("Voortgangsrapportages 2025 (geaccepteerd); vervangt handmatig ingevoerd: 1 van 2 (Ingevoerd door Carla Contract)");

  await reportQuarter(
    s,
    "2025-K2",
    quarterRows(s, {
      hoorn: { cohortTermEnded: 6, cohortMetInTime: 4, outflowCohort: 3, outflowWork: 1, outflowEducation: 2, participatingLocally: 7 },
      opmeer: { cohortTermEnded: 1, cohortMetInTime: 0, outflowCohort: 1, outflowWork: 0, outflowEducation: 0, participatingLocally: 3 },
    }),
    "accept",
  );

  // by hand: (6 + 3 + 4 + 0) / (8 + 3 + 6 + 1) = 13 / 18
  const completed = await yearFigure(s, "completedInTime.b1");
  expect([Number(completed!.numerator), Number(completed!.denominator)]).toEqual([13, 18]);
  // the note about the replaced manual figure survives the second refresh
  expect(completed!.source).toContain("vervangt handmatig ingevoerd: 1 van 2");
  expect(completed!.recordedByUserId).toBeNull();
  // outflow to work (B1): work only, (2 + 1 + 1 + 0) / (5 + 2 + 3 + 1) = 4 / 11
  const outflow = await yearFigure(s, "outflowToWork.b1");
  expect([Number(outflow!.numerator), Number(outflow!.denominator)]).toEqual([4, 11]);
  expect(outflow!.source).toBe("Voortgangsrapportages 2025 (geaccepteerd)");
  // participates locally: Σ participating / Σ active over the quarters = (8 + 2 + 7 + 3) / (14 + 14)
  const local = await yearFigure(s, "localParticipation");
  expect([Number(local!.numerator), Number(local!.denominator)]).toEqual([20, 28]);
  // client score: respondent-weighted, (7.5 × 6 + 6.25 × 2) / 8 = 57.5 / 8 = 7.1875
  const score = await yearFigure(s, "clientSatisfaction");
  expect([Number(score!.numerator), Number(score!.denominator)]).toEqual([57.5, 8]);

  // the payment: completed in time is the only KPI that counts, proportional against 75 %:
  // (13 / 18) / 0.75 = 0.96296…; at stake 10 % of € 100.000 = € 10.000 → € 9.629,63
  const payment = await getPerformancePayment(s.db, s.manager, s.contractId, 2025);
  expect(payment.mode).toBe("live");
  expect(payment.atStakeCents).toBe(10_000_00);
  expect(payment.payoutCents).toBe(9_629_63);
});

test("a returned report does not count; only accepted reports of the year do", async () => {
  const s = await setup();
  await reportQuarter(s, "2025-K1", quarterRows(s, { hoorn: { cohortTermEnded: 4, cohortMetInTime: 3 }, opmeer: { cohortTermEnded: 2, cohortMetInTime: 2 } }), "accept");
  await reportQuarter(s, "2025-K2", quarterRows(s, { hoorn: { cohortTermEnded: 10, cohortMetInTime: 1 }, opmeer: { cohortTermEnded: 10, cohortMetInTime: 1 } }), "return");
  const figure = await yearFigure(s, "completedInTime.b1");
  expect([Number(figure!.numerator), Number(figure!.denominator)]).toEqual([5, 6]);
  // KPIs without figures in the reports get none
  expect(await yearFigure(s, "outflowToWork.b1")).toBeUndefined();
  // refreshing again changes nothing; another year without accepted reports writes nothing
  await s.db.transaction((tx) => refreshKpiYearFiguresFromReports(tx, s.clock, s.contractId, 2025));
  const again = await yearFigure(s, "completedInTime.b1");
  expect([Number(again!.numerator), Number(again!.denominator)]).toEqual([5, 6]);
  expect(await s.db.transaction((tx) => refreshKpiYearFiguresFromReports(tx, s.clock, s.contractId, 2026))).toEqual([]);
});
