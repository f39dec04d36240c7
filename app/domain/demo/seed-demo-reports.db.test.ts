import { and, eq, inArray } from "drizzle-orm";
import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { contractKpis, contracts, kpiYearFigures } from "../contracts/contract.sql";
import { getPerformancePayment } from "../contracts/contracts.server";
import { users } from "../identity/identity.sql";
import { loadActor } from "../identity/users.server";
import { progressReports, progressReportVersions } from "../reports/report.sql";
import { listOverdueReports } from "../reports/reports.server";
import { seedDemoContracts } from "./seed-demo-contracts.server";
import { seedDemoData } from "./seed-demo-data.server";
import { seedDemoReports } from "./seed-demo-reports.server";

const database = useTestDatabase();

/** The dashboard status of domain.md §3 (all demo KPIs are higher-is-better). */
function status(numerator: string, denominator: string, unit: string, target: string) {
  const achieved = (Number(numerator) / Number(denominator)) * (unit === "percent" ? 100 : 1);
  if (achieved >= Number(target)) return "met";
  return achieved >= Number(target) * 0.9 ? "atRisk" : "missed";
}

test("the demo reports: most accepted, one returned, one overdue; KPIs met, at risk and missed", { timeout: 120_000 }, async () => {
  const { db } = database();
  const clock = createMovableClock(new Date("2026-11-29T10:00:00Z"));
  await seedDemoData(db, clock);
  await seedDemoContracts(db, clock);
  const result = await seedDemoReports(db, clock);
  // 2022-K1 … 2026-K3 for four contracts (the B1-route without 2026-K3), 2026-H1 for both subsidies
  expect(result).toEqual({ reports: 19 * 4 - 1 + 2, accepted: 19 * 4 - 1 + 2 - 1, returned: 1, overdue: 1 });
  // running it again adds nothing
  expect((await seedDemoReports(db, clock)).reports).toBe(0);

  const statuses = await db.select({ status: progressReports.status, number: contracts.number }).from(progressReports).innerJoin(contracts, eq(contracts.id, progressReports.contractId));
  expect(statuses.filter((row) => row.status === "returned").map((row) => row.number)).toEqual(["WF-2022-OR-01"]);
  const returned = await db.select().from(progressReportVersions).where(eq(progressReportVersions.status, "returned"));
  expect(returned[0]!.reviewComments?.outflow).toContain("uitstroom");

  const [managerRow] = await db.select({ id: users.id }).from(users).where(eq(users.email, "contractmanager@westfriesland.test"));
  const manager = (await loadActor(db, managerRow!.id))!;
  const overdue = await listOverdueReports(db, clock, manager);
  expect(overdue.map((item) => `${item.contractNumber} ${item.label}`)).toEqual(["WF-2022-B1-01 2026-K3"]);

  // the year figures come from the accepted reports
  const rows = await db
    .select({ number: contracts.number, code: contractKpis.kpiCode, unit: contractKpis.unit, target: contractKpis.target, year: kpiYearFigures.year, numerator: kpiYearFigures.numerator, denominator: kpiYearFigures.denominator, source: kpiYearFigures.source })
    .from(kpiYearFigures)
    .innerJoin(contractKpis, eq(contractKpis.id, kpiYearFigures.contractKpiId))
    .innerJoin(contracts, eq(contracts.id, contractKpis.contractId))
    .where(and(inArray(kpiYearFigures.year, [2025]), inArray(contracts.number, ["WF-DVO-2022", "WF-2022-B1-01", "WF-2022-OR-01", "WF-2022-Z-01"])));
  const of = (number: string, code: string) => {
    const row = rows.find((candidate) => candidate.number === number && candidate.code === code)!;
    expect(row.source).toMatch(/^Voortgangsrapportages 2025 \(geaccepteerd\)/);
    return status(row.numerator, row.denominator, row.unit, row.target);
  };
  expect(of("WF-DVO-2022", "financialSelfRelianceAfterSixMonths")).toBe("met");
  expect(of("WF-DVO-2022", "workContactYearOne")).toBe("missed");
  expect(of("WF-2022-B1-01", "completedInTime.b1")).toBe("met");
  expect(of("WF-2022-B1-01", "clientSatisfaction")).toBe("met");
  expect(of("WF-2022-B1-01", "outflowToWork.b1")).toBe("atRisk");
  expect(of("WF-2022-B1-01", "workContactYearOne")).toBe("atRisk");
  expect(of("WF-2022-OR-01", "completedInTime.education")).toBe("met");
  expect(of("WF-2022-OR-01", "clientSatisfaction")).toBe("atRisk");
  expect(of("WF-2022-OR-01", "outflowToWorkOrEducation.education")).toBe("missed");
  expect(of("WF-2022-Z-01", "outflowToWorkOrEducation.z")).toBe("met");
  expect(of("WF-2022-Z-01", "completedInTime.z")).toBe("atRisk");
  expect(of("WF-2022-Z-01", "localParticipation")).toBe("missed");

  // the B1 payment 2025 (live) follows: the outflow-to-work threshold is not met and scores 0
  const [b1] = await db.select().from(contracts).where(eq(contracts.number, "WF-2022-B1-01"));
  const payment = await getPerformancePayment(db, manager, b1!.id, 2025);
  expect(payment.mode).toBe("live");
  expect(payment.breakdown.find((line) => line.name.startsWith("Uitstroom naar werk"))!.score).toBe("0.0000");
  expect(payment.payoutCents).toBeGreaterThan(0);
  expect(payment.payoutCents).toBeLessThan(payment.atStakeCents);
});
