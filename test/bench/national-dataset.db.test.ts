import { asc, eq, inArray, like } from "drizzle-orm";
import { contracts, kpiYearFigures, contractKpis } from "../../app/domain/contracts/contract.sql";
import { figureDefinitions, type FigureDefinition, type FigureKey, type LearningRoute } from "../../app/domain/reports/report-figures";
import { progressReportFigures, progressReports, progressReportVersions, reportingPeriods } from "../../app/domain/reports/report.sql";
import { reportRowKey, reportedFigures, validateReportFigures } from "../../app/domain/reports/report-validation";
import type { TargetGroup } from "../../app/domain/tenders/tender-content";
import { countNationalDataset, generateNationalDataset, NATIONAL_CONTRACT_PREFIX } from "../../scripts/bench/national-dataset";
import { useTestDatabase } from "../setup/test-database";

// The national benchmark data set (scripts/bench/national-dataset.ts), reduced: 5 municipalities,
// 2 quarters, 4 contracts (one per leerroute and the DVO-like serviceAgreement).

const database = useTestDatabase();
const reduced = { municipalities: 5, quarters: 2, contracts: 4 };

async function figureRowsInOrder() {
  const { db } = database();
  return db
    .select()
    .from(progressReportFigures)
    .orderBy(asc(progressReportFigures.versionId), asc(progressReportFigures.municipalityId), asc(progressReportFigures.learningRoute), asc(progressReportFigures.targetGroup));
}

describe("national benchmark data set", () => {
  it("has the expected rows, accepted reports and figures that pass the report validation", async () => {
    const { db } = database();
    const counts = await generateNationalDataset(db, reduced);
    // 3 leerroute contracts × 5 municipalities × 2 quarters × 2 target groups, and the DVO × 3 routes
    expect(counts).toMatchObject({
      regions: 1,
      municipalities: 5,
      contracts: 4,
      reportingPeriods: 8,
      progressReports: 8,
      progressReportVersions: 8,
      progressReportFigures: 3 * 5 * 2 * 2 + 5 * 3 * 2 * 2,
      contractBudgets: 3 * 5 * 1 * 2 + 5 * 1 * 2,
      contractVolumes: 3 * 5 * 2,
      fundingAllocations: 5 * 1 * 3,
      contractKpis: 3 * 5 + 3,
    });
    expect(await countNationalDataset(db)).toEqual(counts);
    expect(counts.kpiYearFigures).toBeGreaterThan(0);

    const contractRows = await db.select().from(contracts).where(like(contracts.number, `${NATIONAL_CONTRACT_PREFIX}%`)).orderBy(asc(contracts.number));
    expect(contractRows.map((contract) => [contract.kind, contract.learningRoute, contract.status])).toEqual([
      ["tender", "b1", "active"],
      ["serviceAgreement", null, "active"],
      ["tender", "education", "active"],
      ["tender", "z", "active"],
    ]);

    // every route's contracts together cover every municipality
    const covered = await db
      .selectDistinct({ municipalityId: progressReportFigures.municipalityId, learningRoute: progressReportFigures.learningRoute })
      .from(progressReportFigures);
    expect(covered).toHaveLength(5 * 3);

    let checkedRows = 0;
    for (const contract of contractRows) {
      const werksaam = contract.kind === "serviceAgreement";
      const periods = await db
        .select({ label: reportingPeriods.label, dueDate: reportingPeriods.dueDate, report: progressReports, version: progressReportVersions })
        .from(reportingPeriods)
        .innerJoin(progressReports, eq(progressReports.periodId, reportingPeriods.id))
        .innerJoin(progressReportVersions, eq(progressReportVersions.reportId, progressReports.id))
        .where(eq(reportingPeriods.contractId, contract.id))
        .orderBy(asc(reportingPeriods.periodStart));
      expect(periods.map((period) => period.label)).toEqual(["2023-K1", "2023-K2"]);
      let previousActive: Map<string, number> | undefined;
      for (const period of periods) {
        expect(period.report).toMatchObject({ status: "accepted", latestVersion: 1 });
        expect(period.version).toMatchObject({ status: "accepted", number: 1 });
        expect(period.version.submittedAt).toBeInstanceOf(Date);
        expect(period.version.reviewedAt!.getTime()).toBeGreaterThan(period.version.submittedAt!.getTime());

        const rows = await db.select().from(progressReportFigures).where(eq(progressReportFigures.versionId, period.version.id));
        const inputs = rows.map((row) => ({
          municipalityId: row.municipalityId,
          learningRoute: row.learningRoute as LearningRoute,
          targetGroup: row.targetGroup as TargetGroup,
          values: Object.fromEntries(figureDefinitions.map((definition) => [definition.key, row[definition.key]])),
        }));
        const validation = validateReportFigures({ rows: inputs, werksaam, previousActive });
        expect(validation.problems).toEqual([]);
        expect(validation.warnings).toEqual([]);
        for (const row of rows) {
          // every figure this contract reports is filled, and every numerator ≤ its denominator
          for (const definition of reportedFigures(werksaam)) expect(row[definition.key as FigureKey], `${contract.number} ${definition.key}`).not.toBeNull();
          for (const definition of figureDefinitions as readonly FigureDefinition[]) {
            if (!definition.atMost) continue;
            const part = row[definition.key as FigureKey];
            const whole = row[definition.atMost as FigureKey];
            if (part !== null) expect(part).toBeLessThanOrEqual(whole!);
          }
          expect(row.outflowWork! + row.outflowEducation!).toBeLessThanOrEqual(row.outflowCohort!);
          expect(row.hoursAttended! + row.hoursAbsent!).toBeLessThanOrEqual(row.hoursOffered!);
          expect(row.surveyMeanScore!).toBeGreaterThanOrEqual(1);
          expect(row.surveyMeanScore!).toBeLessThanOrEqual(10);
          expect(Math.round(row.surveyMeanScore! * 100) / 100).toBe(row.surveyMeanScore);
          expect(Number.isInteger(row.invoicedCents)).toBe(true);
          checkedRows++;
        }
        previousActive = new Map(validation.rows.map((row) => [reportRowKey(row), row.values.active!]));
      }
    }
    expect(checkedRows).toBe(counts.progressReportFigures);

    // the KPI year figures that accepting the reports computes
    const yearFigures = await db
      .select({ numerator: kpiYearFigures.numerator, denominator: kpiYearFigures.denominator, year: kpiYearFigures.year })
      .from(kpiYearFigures)
      .where(inArray(kpiYearFigures.contractKpiId, db.select({ id: contractKpis.id }).from(contractKpis)));
    expect(yearFigures.length).toBe(counts.kpiYearFigures);
    for (const figure of yearFigures) {
      expect(figure.year).toBe(2023);
      expect(Number(figure.denominator)).toBeGreaterThan(0);
    }
  });

  it("gives identical rows on a second run", async () => {
    const { db } = database();
    await generateNationalDataset(db, reduced);
    const first = await figureRowsInOrder();
    const firstContracts = await db.select().from(contracts).orderBy(asc(contracts.number));
    await expect(generateNationalDataset(db, reduced)).rejects.toThrow(/already holds/);
    // reset empties everything but the reference tables (regions, municipalities, funding stay)
    await database().reset();
    await generateNationalDataset(db, reduced);
    expect(await figureRowsInOrder()).toEqual(first);
    expect(await db.select().from(contracts).orderBy(asc(contracts.number))).toEqual(firstContracts);
  });

  it("builds a set without the DVO from three contracts", async () => {
    const { db } = database();
    const counts = await generateNationalDataset(db, { municipalities: 4, quarters: 1, contracts: 3 });
    expect(counts).toMatchObject({ contracts: 3, progressReports: 3, progressReportFigures: 3 * 4 * 2 });
  });
});
