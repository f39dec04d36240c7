import { and, eq } from "drizzle-orm";
import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestOrganisation, createTestUser, municipalityId } from "../../../test/factories/identity";
import { reportingContractForm, testNarrative } from "../../../test/factories/reports";
import { activateContract, addCatalogueKpi, createContract, setYearBudget, updateContractKpi } from "../contracts/contracts.server";
import { contractKpis } from "../contracts/contract.sql";
import { ForbiddenError } from "../errors";
import { fundingAllocations } from "../finance/funding.sql";
import { reportingPeriods } from "../reports/report.sql";
import { ensureReportingPeriods, reviewReport, saveReportDraft, submitReport, type ReportFigureRow } from "../reports/reports.server";
import type { Dashboard, DashboardBreakdownRow } from "./dashboard-model";
import { getDashboard, listContractPeriodKpis } from "./dashboard.server";

const database = useTestDatabase();

const noOutflow = { endedObligationMet: 0, endedWork: 0, endedEducation: 0, endedMoved: 0, endedExemption: 0, endedOther: 0 };

function row(municipality: string, learningRoute: ReportFigureRow["learningRoute"], targetGroup: ReportFigureRow["targetGroup"], figures: ReportFigureRow["figures"]): ReportFigureRow {
  return { municipalityId: municipality, learningRoute, targetGroup, figures: { started: 0, active: 0, ...noOutflow, ...figures } };
}

/**
 * Two contracts in 2025, reported by hand-checkable figures:
 * - A (B1-route, Taalschool Noord, prestatiebekostiging on completedInTime.b1): K1 accepted on
 *   time, K2 accepted but submitted late, K3 submitted late and returned (does not count).
 * - B (onderwijsroute, Taalschool Zuid, prestatiebekostiging without any KPI): K1 accepted on
 *   time, K2 submitted late and not yet reviewed (does not count), K3 never submitted.
 * The clock ends on 5 November 2025.
 */
async function scenario() {
  const { db } = database();
  const clock = createMovableClock(new Date("2025-01-02T09:00:00Z"));
  const manager = await createTestUser(db, { roles: ["contractManager"], name: "Carla Contract" });
  const north = await createTestOrganisation(db, { name: "Taalschool Noord" });
  const south = await createTestOrganisation(db, { name: "Taalschool Zuid" });
  const northUser = await createTestUser(db, { roles: ["supplier"], organisationId: north.id });
  const southUser = await createTestUser(db, { roles: ["supplier"], organisationId: south.id });
  const hoorn = await municipalityId(db, "Hoorn");
  const opmeer = await municipalityId(db, "Opmeer");

  const { id: contractA } = await createContract(db, clock, manager, reportingContractForm(north.id, manager.id, { number: "WF-A", title: "B1-route Westfriesland", performancePaymentApplies: true, performanceActivationDate: "2025-01-01" }));
  await setYearBudget(db, clock, manager, contractA, {
    year: 2025,
    totalCents: 100_000_00,
    cells: [
      { municipalityId: hoorn, targetGroup: "asylumMigrant", volume: 30, amountCents: 60_000_00 },
      { municipalityId: opmeer, targetGroup: "asylumMigrant", volume: 10, amountCents: 40_000_00 },
    ],
  }, null);
  await addCatalogueKpi(db, clock, manager, contractA, "completedInTime.b1", null);
  const [kpiA] = await db.select().from(contractKpis).where(eq(contractKpis.contractId, contractA));
  await updateContractKpi(db, clock, manager, contractA, kpiA!.id, { weight: 1, paymentRule: "proportional", target: kpiA!.target, overrideReason: null }, null);
  await activateContract(db, clock, manager, contractA);

  const { id: contractB } = await createContract(
    db,
    clock,
    manager,
    reportingContractForm(south.id, manager.id, { number: "WF-B", title: "Onderwijsroute", learningRoute: "education", services: ["educationRoute"], startDate: "2025-01-01", performancePaymentApplies: true }),
  );
  await setYearBudget(db, clock, manager, contractB, { year: 2025, totalCents: 10_000_00, cells: [{ municipalityId: hoorn, targetGroup: "asylumMigrant", volume: 5, amountCents: 10_000_00 }] }, null);
  await activateContract(db, clock, manager, contractB);
  await ensureReportingPeriods(db, clock, contractA);
  await ensureReportingPeriods(db, clock, contractB);

  const periodId = async (contractId: string, label: string) =>
    (await db.select().from(reportingPeriods).where(and(eq(reportingPeriods.contractId, contractId), eq(reportingPeriods.label, label))))[0]!.id;
  const submit = async (supplier: typeof northUser, contractId: string, label: string, rows: ReportFigureRow[], at: string) => {
    clock.set(new Date(at));
    const { reportId } = await saveReportDraft(db, clock, supplier, await periodId(contractId, label), { rows, narrative: testNarrative, source: "form" });
    await submitReport(db, clock, supplier, reportId, { consistencyExplanation: "Instroom en uitstroom buiten de rapportage om." });
    return reportId;
  };
  const accept = (reportId: string) => reviewReport(db, clock, manager, reportId, { decision: "accept" });

  // K1 (due 30 April): both on time
  await accept(
    await submit(
      northUser,
      contractA,
      "2025-K1",
      [
        row(hoorn, "b1", "asylumMigrant", { started: 5, active: 30, cohortTermEnded: 30, cohortMetInTime: 22, invoicedCents: 12_000_00 }),
        row(hoorn, "b1", "familyMigrant", { started: 2, active: 3 }),
        row(opmeer, "b1", "asylumMigrant", { started: 1, active: 4, cohortTermEnded: 8, cohortMetInTime: 6, invoicedCents: 3_000_00 }),
      ],
      "2025-04-20T10:00:00Z",
    ),
  );
  await accept(
    await submit(
      southUser,
      contractB,
      "2025-K1",
      [
        row(hoorn, "education", "asylumMigrant", { started: 3, active: 12, cohortTermEnded: 10, cohortMetInTime: 9, invoicedCents: 5_000_00 }),
        row(opmeer, "education", "asylumMigrant", { started: 0, active: 6, cohortTermEnded: 3, cohortMetInTime: 2 }),
      ],
      "2025-04-21T10:00:00Z",
    ),
  );
  // K2 (due 30 July): both late; A accepted, B waits for review
  await accept(
    await submit(
      northUser,
      contractA,
      "2025-K2",
      [
        row(hoorn, "b1", "asylumMigrant", { active: 30, cohortTermEnded: 17, cohortMetInTime: 11 }),
        row(opmeer, "b1", "asylumMigrant", { active: 4, cohortTermEnded: 3, cohortMetInTime: 2 }),
      ],
      "2025-08-05T10:00:00Z",
    ),
  );
  await submit(southUser, contractB, "2025-K2", [row(hoorn, "education", "asylumMigrant", { active: 12, cohortTermEnded: 50, cohortMetInTime: 1 })], "2025-08-05T11:00:00Z");
  // K3 (due 30 October): A late and returned; B never
  const returned = await submit(northUser, contractA, "2025-K3", [row(hoorn, "b1", "asylumMigrant", { active: 30, cohortTermEnded: 100, cohortMetInTime: 1 })], "2025-11-01T10:00:00Z");
  await reviewReport(db, clock, manager, returned, { decision: "return", comments: { cohort: "Het cohort klopt niet." } });
  clock.set(new Date("2025-11-05T10:00:00Z"));

  const hoornViewer = await createTestUser(db, { roles: ["municipalityViewer"], municipalityId: hoorn });
  const opmeerViewer = await createTestUser(db, { roles: ["municipalityViewer"], municipalityId: opmeer });
  return { db, clock, manager, north, south, northUser, hoorn, opmeer, contractA, contractB, hoornViewer, opmeerViewer };
}

const kpi = (dashboard: Dashboard, code: string) => dashboard.kpis.find((candidate) => candidate.code === code)!;
const line = (rows: DashboardBreakdownRow[], label: string) => rows.find((candidate) => candidate.label === label)!;

test("the regional dashboard measures the accepted latest versions only, with status against the policy target", async () => {
  const s = await scenario();
  const dashboard = await getDashboard(s.db, s.clock, s.manager, {});
  expect(dashboard.year).toBe(2025);
  expect(dashboard.ownMunicipality).toBeNull();

  // B1: (22 + 6 + 11 + 2) / (30 + 8 + 17 + 3) = 41 / 58; the returned K3 (1 of 100) does not count
  const completed = kpi(dashboard, "completedInTime.b1");
  expect(completed.targetDisplay).toBe("≥ 75 %");
  expect(completed.measurement).toEqual({ numerator: "41", denominator: "58", value: expect.closeTo(70.6897, 3), display: "70,7 %", status: "atRisk", suppressed: false, suppression: null });
  expect(completed.regional).toBeNull();
  // onderwijsroute: only B's accepted K1 (the submitted K2 of 1 of 50 does not count): 11 / 13
  expect(kpi(dashboard, "completedInTime.education").measurement).toMatchObject({ numerator: "11", denominator: "13", display: "84,6 %", status: "met" });
  expect(kpi(dashboard, "localParticipation").measurement).toMatchObject({ display: "geen data", status: "noData", value: null });
  expect(kpi(dashboard, "clientSatisfaction").targetDisplay).toBe("≥ 7");
  expect(dashboard.kpis.map((candidate) => candidate.code)).not.toContain("withinNationalFunding");

  // the trend has every period of the year, oldest first
  expect(completed.trend.map((point) => [point.periodLabel, point.measurement.display])).toEqual([
    ["2025-K1", "73,7 %"],
    ["2025-K2", "65,0 %"],
    ["2025-K3", "geen data"],
    ["2025-K4", "geen data"],
  ]);

  // breakdowns: flow counts summed; ended = the six reasons
  const { byMunicipality, byLearningRoute, bySupplier, byContract, byTargetGroup } = dashboard.breakdowns;
  expect(byMunicipality.map((candidate) => candidate.label)).toEqual(["Hoorn", "Opmeer"]);
  expect(line(byMunicipality, "Hoorn")).toMatchObject({ started: 10, active: 30 + 3 + 12 + 30, ended: 0, suppressed: false });
  expect(line(byMunicipality, "Opmeer").kpis["completedInTime.b1"]).toMatchObject({ numerator: "8", denominator: "11", display: "72,7 %" });
  // a leerroute KPI only on its own route's line
  expect(Object.keys(line(byLearningRoute, "B1-route").kpis)).not.toContain("completedInTime.education");
  expect(line(byLearningRoute, "Onderwijsroute").kpis["completedInTime.education"]!.display).toBe("84,6 %");
  expect(bySupplier.map((candidate) => candidate.label)).toEqual(["Taalschool Noord", "Taalschool Zuid"]);
  expect(byContract.map((candidate) => [candidate.key, candidate.label])).toEqual([
    [s.contractA, "WF-A – B1-route Westfriesland"],
    [s.contractB, "WF-B – Onderwijsroute"],
  ]);
  expect(Object.keys(line(byContract, "WF-A – B1-route Westfriesland").kpis)).not.toContain("completedInTime.education");
  expect(line(byTargetGroup, "Gezinsmigranten")).toMatchObject({ started: 2, active: 3 });

  // options
  expect(dashboard.options.years).toEqual([2025]);
  expect(dashboard.options.periods).toEqual(["2025-K1", "2025-K2", "2025-K3", "2025-K4"]);
  expect(dashboard.options.suppliers.map((option) => option.label)).toEqual(["Taalschool Noord", "Taalschool Zuid"]);
  expect(dashboard.options.municipalities).toHaveLength(7);
});

test("report timeliness per contract: on time, late, overdue; a returned report was still submitted", async () => {
  const s = await scenario();
  const { timeliness } = await getDashboard(s.db, s.clock, s.manager, {});
  expect(timeliness.map((item) => [item.contractNumber, item.due, item.onTime, item.late, item.overdue, item.onTimeDisplay])).toEqual([
    ["WF-A", 3, 1, 2, 0, "33 %"],
    ["WF-B", 3, 1, 1, 1, "33 %"],
  ]);
  // back in time, before K1's due date passed: nothing was due yet
  s.clock.set(new Date("2025-04-30T12:00:00Z"));
  const early = await getDashboard(s.db, s.clock, s.manager, { year: 2025 });
  expect(early.timeliness.map((item) => [item.due, item.onTimeDisplay])).toEqual([
    [0, "–"],
    [0, "–"],
  ]);
});

test("on time means before the end of the due date in Amsterdam", async () => {
  const { db } = database();
  const clock = createMovableClock(new Date("2025-01-02T09:00:00Z"));
  const manager = await createTestUser(db, { roles: ["contractManager"] });
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  const hoorn = await municipalityId(db, "Hoorn");
  const { id } = await createContract(db, clock, manager, reportingContractForm(organisation.id, manager.id, { startDate: "2025-01-01" }));
  await setYearBudget(db, clock, manager, id, { year: 2025, totalCents: 1_000_00, cells: [{ municipalityId: hoorn, targetGroup: "asylumMigrant", volume: 1, amountCents: 1_000_00 }] }, null);
  await activateContract(db, clock, manager, id);
  await ensureReportingPeriods(db, clock, id);
  const period = async (label: string) => (await db.select().from(reportingPeriods).where(and(eq(reportingPeriods.contractId, id), eq(reportingPeriods.label, label))))[0]!.id;
  const submitAt = async (label: string, at: string) => {
    clock.set(new Date(at));
    const { reportId } = await saveReportDraft(db, clock, supplier, await period(label), { rows: [row(hoorn, "b1", "asylumMigrant", { active: 5 })], narrative: testNarrative, source: "form" });
    await submitReport(db, clock, supplier, reportId, { consistencyExplanation: "Eerste rapportage." });
  };
  // K1 is due 30 April: 23:59 summer time (21:59 UTC) is on time, 00:00 on 1 May is not
  await submitAt("2025-K1", "2025-04-30T21:59:00Z");
  await submitAt("2025-K2", "2025-07-30T22:00:00Z");
  clock.set(new Date("2025-07-31T08:00:00Z"));
  let [timeliness] = (await getDashboard(db, clock, manager, { year: 2025 })).timeliness;
  expect(timeliness).toMatchObject({ due: 2, onTime: 1, late: 1, overdue: 0, onTimeDisplay: "50 %" });
  // K3 due 30 October, never submitted
  clock.set(new Date("2025-10-31T08:00:00Z"));
  [timeliness] = (await getDashboard(db, clock, manager, { year: 2025 })).timeliness;
  expect(timeliness).toMatchObject({ due: 3, onTime: 1, late: 1, overdue: 1, onTimeDisplay: "33 %" });
});

test("filters: a period narrows the measurement but not the trend; a leerroute drops the other routes' KPIs; a contract its breakdown", async () => {
  const s = await scenario();
  const period = await getDashboard(s.db, s.clock, s.manager, { periodLabel: "2025-K1" });
  expect(period.year).toBe(2025);
  expect(kpi(period, "completedInTime.b1").measurement).toMatchObject({ numerator: "28", denominator: "38", display: "73,7 %" });
  expect(kpi(period, "completedInTime.b1").trend).toHaveLength(4);
  expect(line(period.breakdowns.byMunicipality, "Opmeer").kpis["completedInTime.b1"]).toMatchObject({ numerator: "6", denominator: "8" });
  expect(period.timeliness.map((item) => item.due)).toEqual([1, 1]);

  const education = await getDashboard(s.db, s.clock, s.manager, { learningRoute: "education" });
  expect(education.kpis.map((candidate) => candidate.code)).not.toContain("completedInTime.b1");
  expect(kpi(education, "completedInTime.education").measurement.display).toBe("84,6 %");
  expect(education.breakdowns.byContract.map((candidate) => candidate.key)).toEqual([s.contractB]);

  const contract = await getDashboard(s.db, s.clock, s.manager, { contractId: s.contractA });
  expect(contract.breakdowns.byContract.map((candidate) => candidate.key)).toEqual([s.contractA]);
  expect(kpi(contract, "completedInTime.education").measurement.display).toBe("geen data");
  expect(contract.timeliness.map((item) => item.contractNumber)).toEqual(["WF-A"]);

  const supplier = await getDashboard(s.db, s.clock, s.manager, { supplierOrganisationId: s.south.id, targetGroup: "asylumMigrant" });
  expect(supplier.breakdowns.bySupplier.map((candidate) => candidate.label)).toEqual(["Taalschool Zuid"]);

  const otherYear = await getDashboard(s.db, s.clock, s.manager, { year: 2024 });
  expect(kpi(otherYear, "completedInTime.b1").measurement.display).toBe("geen data");
  expect(otherYear.options.years).toEqual([2025, 2024]);
});

test("money per municipality: funding per stream, committed budgets, realised invoices of accepted reports, and the region total", async () => {
  const s = await scenario();
  const { money } = await getDashboard(s.db, s.clock, s.manager, {});
  const funding = await s.db.select().from(fundingAllocations).where(eq(fundingAllocations.year, 2025));
  const fundingOf = (id: string, kind: string) => funding.filter((item) => item.municipalityId === id && item.kind === kind).reduce((sum, item) => sum + item.amountCents, 0);
  const hoorn = money.rows.find((item) => item.municipalityName === "Hoorn")!;
  expect(hoorn).toMatchObject({ year: 2025, committedCents: 70_000_00, realisedCents: 17_000_00 });
  expect(hoorn.fundingCents).toEqual({ implementation: fundingOf(s.hoorn, "implementation"), execution: fundingOf(s.hoorn, "execution"), provisions: fundingOf(s.hoorn, "provisions") });
  expect(money.rows.find((item) => item.municipalityName === "Opmeer")).toMatchObject({ committedCents: 40_000_00, realisedCents: 3_000_00 });
  expect(money.regionTotal).toMatchObject({ year: 2025, committedCents: 110_000_00, realisedCents: 20_000_00 });
  expect(money.regionTotal.fundingCents.provisions).toBe(funding.filter((item) => item.kind === "provisions").reduce((sum, item) => sum + item.amountCents, 0));
});

test("the prestatiebekostiging per contract follows the accepted figures; a contract without weighted KPIs shows a dash", async () => {
  const s = await scenario();
  const { performancePayment } = await getDashboard(s.db, s.clock, s.manager, {});
  // (41 / 58) / 75 % = 0,9425…; 10 % of € 100.000 at stake → € 9.425,29
  expect(performancePayment).toEqual([
    { contractId: s.contractA, contractNumber: "WF-A", supplierName: "Taalschool Noord", year: 2025, mode: "live", commitmentCents: 100_000_00, atStakeCents: 10_000_00, payoutCents: 9_425_29, withheldCents: 574_71, weightedScorePercent: "94,25 %", noDataKpis: 0 },
    { contractId: s.contractB, contractNumber: "WF-B", supplierName: "Taalschool Zuid", year: 2025, mode: "shadow", commitmentCents: 10_000_00, atStakeCents: 0, payoutCents: 0, withheldCents: 0, weightedScorePercent: "–", noDataKpis: 0 },
  ]);
});

test("a municipality viewer gets its own figures unsuppressed, the regional totals suppressed where the rest of the region is small", async () => {
  const s = await scenario();
  const dashboard = await getDashboard(s.db, s.clock, s.hoornViewer, {});
  expect(dashboard.ownMunicipality).toEqual({ id: s.hoorn, name: "Hoorn" });
  expect(dashboard.filters.municipalityId).toBe(s.hoorn);
  expect(dashboard.options.municipalities).toEqual([{ value: s.hoorn, label: "Hoorn" }]);
  // own B1: (22 + 11) / (30 + 17); the region 41 / 58, the rest (11) is not small
  const b1 = kpi(dashboard, "completedInTime.b1");
  expect(b1.measurement).toMatchObject({ numerator: "33", denominator: "47", display: "70,2 %" });
  expect(b1.regional).toMatchObject({ numerator: "41", denominator: "58", display: "70,7 %", suppressed: false });
  // own onderwijsroute 9 / 10; the region 11 / 13 would show Opmeer's 2 of 3: hidden as "x", since
  // 13 is not small itself
  const education = kpi(dashboard, "completedInTime.education");
  expect(education.measurement).toMatchObject({ display: "90,0 %", suppressed: false });
  expect(education.regional).toEqual({ numerator: "", denominator: "", value: null, display: "x", status: "noData", suppressed: true, suppression: "secondary" });
  // only its own line, its own money rows plus the region
  expect(dashboard.breakdowns.byMunicipality.map((item) => item.label)).toEqual(["Hoorn"]);
  // the family migrants of Hoorn (2 started) are its own figures: shown
  expect(line(dashboard.breakdowns.byTargetGroup, "Gezinsmigranten")).toMatchObject({ started: 2, suppressed: false });
  expect(dashboard.money.rows.map((item) => item.municipalityName)).toEqual(["Hoorn"]);
  expect(dashboard.money.regionTotal.realisedCents).toBe(20_000_00);
  // contracts with a budget for Hoorn
  expect(dashboard.timeliness.map((item) => item.contractNumber)).toEqual(["WF-A", "WF-B"]);

  // Opmeer: own 2 / 3 shown as it is; the region (rest 10) is shown
  const opmeer = await getDashboard(s.db, s.clock, s.opmeerViewer, {});
  expect(kpi(opmeer, "completedInTime.education").measurement).toMatchObject({ display: "66,7 %", suppressed: false });
  expect(kpi(opmeer, "completedInTime.education").regional).toMatchObject({ display: "84,6 %", suppressed: false });
  expect(opmeer.timeliness.map((item) => item.contractNumber)).toEqual(["WF-A"]);
  expect(opmeer.performancePayment.map((item) => item.contractNumber)).toEqual(["WF-A"]);
});

test("a municipality viewer is refused another municipality; a supplier and an assessor are refused the dashboard", async () => {
  const s = await scenario();
  await expect(getDashboard(s.db, s.clock, s.hoornViewer, { municipalityId: s.opmeer })).rejects.toBeInstanceOf(ForbiddenError);
  await expect(listContractPeriodKpis(s.db, s.clock, s.hoornViewer, { municipalityId: s.opmeer })).rejects.toBeInstanceOf(ForbiddenError);
  expect((await getDashboard(s.db, s.clock, s.hoornViewer, { municipalityId: s.hoorn })).ownMunicipality?.name).toBe("Hoorn");
  await expect(getDashboard(s.db, s.clock, s.northUser, {})).rejects.toBeInstanceOf(ForbiddenError);
  const assessor = await createTestUser(s.db, { roles: ["assessor"] });
  await expect(getDashboard(s.db, s.clock, assessor, {})).rejects.toBeInstanceOf(ForbiddenError);
});

test("suppressing small numbers (the public PDF) hides small cells and a second cell beside each", async () => {
  const s = await scenario();
  const dashboard = await getDashboard(s.db, s.clock, s.manager, {}, { suppressSmallNumbers: true });
  // the totals are large enough
  expect(kpi(dashboard, "completedInTime.b1").measurement.display).toBe("70,7 %");
  expect(kpi(dashboard, "completedInTime.education").measurement.display).toBe("84,6 %");
  const { byMunicipality, byTargetGroup } = dashboard.breakdowns;
  // Opmeer started 1: hidden ("< 5"), and Hoorn beside it ("x"), or the total would give it away
  expect(line(byMunicipality, "Opmeer")).toMatchObject({ started: null, active: 14, hiddenCounts: { started: "small" }, suppressed: true });
  expect(line(byMunicipality, "Hoorn")).toMatchObject({ started: null, hiddenCounts: { started: "secondary" }, suppressed: true });
  // onderwijsroute: Opmeer 2 of 3 hidden, Hoorn's 9 of 10 as the second cell; B1 (11 and 47) shown
  expect(line(byMunicipality, "Opmeer").kpis["completedInTime.education"]).toMatchObject({ display: "< 5", suppressed: true, suppression: "small", numerator: "" });
  expect(line(byMunicipality, "Hoorn").kpis["completedInTime.education"]).toMatchObject({ display: "x", suppressed: true, suppression: "secondary", numerator: "" });
  expect(line(byMunicipality, "Opmeer").kpis["completedInTime.b1"]).toMatchObject({ display: "72,7 %", suppressed: false });
  // family migrants: started 2 and active 3 hidden, so are the asylum migrants' counts
  expect(line(byTargetGroup, "Gezinsmigranten")).toMatchObject({ started: null, active: null, ended: 0, suppressed: true });
  expect(line(byTargetGroup, "Asielmigranten (vergunninghouders)")).toMatchObject({ started: null, active: null, ended: 0 });
  // the trend K2 of the onderwijsroute has no accepted data: "geen data", not suppressed
  expect(kpi(dashboard, "completedInTime.education").trend[1]!.measurement).toMatchObject({ display: "geen data", suppressed: false });

  // a viewer with suppression everywhere: its own 2 of 3 is hidden too
  const opmeer = await getDashboard(s.db, s.clock, s.opmeerViewer, {}, { suppressSmallNumbers: true });
  expect(kpi(opmeer, "completedInTime.education").measurement).toMatchObject({ display: "< 5", suppressed: true });
});

test("the KPIs sheet lists contract × period × KPI with the dashboard's numbers", async () => {
  const s = await scenario();
  const rows = await listContractPeriodKpis(s.db, s.clock, s.manager, {});
  expect(rows.map((item) => [item.contractNumber, item.periodLabel, item.periodStart, item.kpi.code, item.measurement.display])).toEqual([
    ["WF-A", "2025-K1", "2025-01-01", "completedInTime.b1", "73,7 %"],
    ["WF-A", "2025-K2", "2025-04-01", "completedInTime.b1", "65,0 %"],
    ["WF-B", "2025-K1", "2025-01-01", "completedInTime.education", "84,6 %"],
  ]);
  expect(rows[0]!.supplierName).toBe("Taalschool Noord");
  // the viewer's own figures
  const opmeer = await listContractPeriodKpis(s.db, s.clock, s.opmeerViewer, {});
  expect(opmeer.map((item) => [item.contractNumber, item.periodLabel, item.measurement.numerator, item.measurement.denominator])).toEqual([
    ["WF-A", "2025-K1", "6", "8"],
    ["WF-A", "2025-K2", "2", "3"],
    ["WF-B", "2025-K1", "2", "3"],
  ]);
  // suppressed: Opmeer's K2 (3) and, as the second cell ("x"), its K1 (8); B's K1 (3)
  const suppressed = await listContractPeriodKpis(s.db, s.clock, s.opmeerViewer, {}, { suppressSmallNumbers: true });
  expect(suppressed.map((item) => item.measurement.display)).toEqual(["x", "< 5", "< 5"]);
});

test("the public regional view (the yearly report) is the same for a municipality viewer: every municipality, all suppressed", async () => {
  const s = await scenario();
  const dashboard = await getDashboard(s.db, s.clock, s.hoornViewer, {}, { publicRegional: true });
  expect(dashboard.ownMunicipality).toBeNull();
  expect(kpi(dashboard, "completedInTime.b1").regional).toBeNull();
  expect(dashboard.breakdowns.byMunicipality.map((item) => item.label)).toEqual(["Hoorn", "Opmeer"]);
  expect(line(dashboard.breakdowns.byMunicipality, "Opmeer")).toMatchObject({ started: null, suppressed: true });
  const supplier = await createTestUser(s.db, { roles: ["supplier"], organisationId: s.north.id });
  await expect(getDashboard(s.db, s.clock, supplier, {}, { publicRegional: true })).rejects.toBeInstanceOf(ForbiddenError);
});

test("a half-yearly report counts in the quarter its period ends in, so the trend has one kind of period", async () => {
  const { db } = database();
  const clock = createMovableClock(new Date("2025-01-02T09:00:00Z"));
  const manager = await createTestUser(db, { roles: ["contractManager"] });
  const organisation = await createTestOrganisation(db, { name: "Vrijwilligers Westfriesland" });
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  const hoorn = await municipalityId(db, "Hoorn");
  const { id: contractId } = await createContract(
    db,
    clock,
    manager,
    reportingContractForm(organisation.id, manager.id, { number: "WF-HJ", startDate: "2025-01-01", reportingFrequency: "halfYearly" }),
  );
  await setYearBudget(db, clock, manager, contractId, { year: 2025, totalCents: 10_000_00, cells: [{ municipalityId: hoorn, targetGroup: "asylumMigrant", volume: 5, amountCents: 10_000_00 }] }, null);
  await activateContract(db, clock, manager, contractId);
  const [firstHalf] = await db.select().from(reportingPeriods).where(and(eq(reportingPeriods.contractId, contractId), eq(reportingPeriods.label, "2025-H1")));
  clock.set(new Date("2025-07-10T09:00:00Z"));
  const { reportId } = await saveReportDraft(db, clock, supplier, firstHalf!.id, { rows: [row(hoorn, "b1", "asylumMigrant", { cohortTermEnded: 10, cohortMetInTime: 9 })], narrative: testNarrative, source: "form" });
  await submitReport(db, clock, supplier, reportId, { consistencyExplanation: "Eerste halfjaar." });
  await reviewReport(db, clock, manager, reportId, { decision: "accept" });

  const dashboard = await getDashboard(db, clock, manager, { year: 2025 });
  expect(dashboard.options.periods).toEqual(["2025-K2", "2025-K4"]);
  const completedInTime = dashboard.kpis.find((kpi) => kpi.code === "completedInTime.b1")!;
  expect(completedInTime.trend.map((point) => [point.periodLabel, point.measurement.display])).toEqual([
    ["2025-K2", "90,0 %"],
    ["2025-K4", "geen data"],
  ]);
  const inSecondQuarter = await getDashboard(db, clock, manager, { year: 2025, periodLabel: "2025-K2" });
  expect(inSecondQuarter.kpis.find((kpi) => kpi.code === "completedInTime.b1")!.measurement.display).toBe("90,0 %");
  const inFirstQuarter = await getDashboard(db, clock, manager, { year: 2025, periodLabel: "2025-K1" });
  expect(inFirstQuarter.kpis.find((kpi) => kpi.code === "completedInTime.b1")!.measurement.display).toBe("geen data");
});

test("the page asks for one page of the per-municipality lists; suppression and the region total still look at every line", async () => {
  const s = await scenario();
  const all = await getDashboard(s.db, s.clock, s.manager, {});
  expect(all.pages.byMunicipality).toEqual({ page: 1, pageCount: 1, totalRows: 2, firstRow: 1, lastRow: 2 });
  expect(all.money.rows.map((item) => item.municipalityName)).toEqual(["Hoorn", "Opmeer"]);

  const second = await getDashboard(s.db, s.clock, s.manager, {}, { pages: { size: 1, byMunicipality: 2 } });
  expect(second.breakdowns.byMunicipality).toEqual([line(all.breakdowns.byMunicipality, "Opmeer")]);
  expect(second.pages.byMunicipality).toEqual({ page: 2, pageCount: 2, totalRows: 2, firstRow: 2, lastRow: 2 });
  // the other lists are whole
  expect(second.breakdowns.byLearningRoute).toEqual(all.breakdowns.byLearningRoute);
  // past the last page: the last page
  const beyond = await getDashboard(s.db, s.clock, s.manager, {}, { pages: { size: 1, byMunicipality: 9 } });
  expect(beyond.pages.byMunicipality.page).toBe(2);
  expect(beyond.breakdowns.byMunicipality.map((item) => item.label)).toEqual(["Opmeer"]);

  // the money: its own page; the region total is the whole region's
  const money = await getDashboard(s.db, s.clock, s.manager, {}, { pages: { size: 1, money: 2 } });
  expect(money.money.rows).toEqual([all.money.rows[1]]);
  expect(money.money.regionTotal).toEqual(all.money.regionTotal);
  expect(money.pages.money).toEqual({ page: 2, pageCount: 2, totalRows: 2, firstRow: 2, lastRow: 2 });

  // Hoorn alone on page 1 is still hidden beside Opmeer's small count on page 2 (secondary suppression)
  const suppressed = await getDashboard(s.db, s.clock, s.manager, {}, { suppressSmallNumbers: true, pages: { size: 1, byMunicipality: 1 } });
  expect(suppressed.breakdowns.byMunicipality).toHaveLength(1);
  expect(line(suppressed.breakdowns.byMunicipality, "Hoorn")).toMatchObject({ started: null, suppressed: true });
  expect(line(suppressed.breakdowns.byMunicipality, "Hoorn").kpis["completedInTime.education"]).toMatchObject({ display: "x", suppressed: true });
});
