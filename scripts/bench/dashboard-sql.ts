// The bare SQL aggregation under the regional dashboard of issue 7, timed on the national data set
// (scripts/bench/national-dataset.ts): Σ numerator and Σ denominator of every KPI measure over the
// figure rows of ACCEPTED reports (their latest version, accepted), grouped by reporting period
// and leerroute in ONE query, then folded per period × catalogue KPI as report-kpis.server.ts
// does (a route-specific KPI takes its route's rows, the others all rows). No filters: the whole
// country, every period. This is the floor under the dashboard's own query, not the dashboard.
//
//   npx tsx scripts/bench/dashboard-sql.ts [--database-url postgres://postgres@127.0.0.1:5432/portal_national_bench] [--runs 50] [--warm-up 5] [--explain]
//
// `timeBareDashboardSql(db, runs)` is exported for a combined benchmark: it returns the run times
// in ms (warm-ups not included; do those by calling it once first, or use `warmUp`).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../app/db/types";
import { measureSql, reportKpiMeasures } from "../../app/domain/reports/report-kpis.server";
import { progressReportFigures as f, progressReports, progressReportVersions, reportingPeriods } from "../../app/domain/reports/report.sql";
import { DEFAULT_NATIONAL_DATABASE_URL } from "./national-dataset";

type Measure = keyof typeof measureSql;

// The numerator / denominator expressions are the portal's own (report-kpis.server.ts), so the
// floor measured here sums exactly what the dashboard sums.
const measures = Object.keys(measureSql) as Measure[];

/** Per period label and catalogue KPI code: the summed numerator and denominator (exact decimal strings as numbers). */
export type BareDashboardResult = Map<string, Map<string, { numerator: number; denominator: number }>>;

function aggregationQuery(db: Db) {
  const selection: Record<string, SQL> = { periodLabel: sql`${reportingPeriods.label}`, learningRoute: sql`${f.learningRoute}` };
  for (const measure of measures) {
    const { numerator, denominator, counts } = measureSql[measure];
    selection[`${measure}Numerator`] = sql`(sum(${numerator}) filter (where ${counts}))::text`;
    selection[`${measure}Denominator`] = sql`(sum(${denominator}) filter (where ${counts}))::text`;
  }
  return db
    .select(selection)
    .from(f)
    .innerJoin(progressReportVersions, eq(progressReportVersions.id, f.versionId))
    .innerJoin(progressReports, and(eq(progressReports.id, progressReportVersions.reportId), eq(progressReports.latestVersion, progressReportVersions.number)))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, progressReports.periodId))
    .where(and(eq(progressReports.status, "accepted"), eq(progressReportVersions.status, "accepted")))
    .groupBy(reportingPeriods.label, f.learningRoute)
    .orderBy(reportingPeriods.label, f.learningRoute);
}

/** One run: the query and the fold per period × KPI. */
export async function bareDashboardAggregation(db: Db): Promise<BareDashboardResult> {
  const rows = (await aggregationQuery(db)) as unknown as Array<Record<string, string | null>>;
  const result: BareDashboardResult = new Map();
  for (const row of rows) {
    const label = row.periodLabel!;
    let perKpi = result.get(label);
    if (!perKpi) result.set(label, (perKpi = new Map()));
    for (const [code, { measure, route }] of Object.entries(reportKpiMeasures)) {
      if (route && row.learningRoute !== route) continue;
      const denominator = row[`${measure}Denominator`];
      if (denominator === null || denominator === undefined) continue;
      const total = perKpi.get(code) ?? { numerator: 0, denominator: 0 };
      total.numerator += Number(row[`${measure}Numerator`] ?? 0);
      total.denominator += Number(denominator);
      perKpi.set(code, total);
    }
  }
  return result;
}

/** Runs the aggregation `runs` times (after `warmUp` untimed runs, default 0) and returns each run's ms. */
export async function timeBareDashboardSql(db: Db, runs: number, warmUp = 0): Promise<number[]> {
  for (let run = 0; run < warmUp; run += 1) await bareDashboardAggregation(db);
  const timings: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await bareDashboardAggregation(db);
    timings.push(performance.now() - started);
  }
  return timings;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest rank: the smallest sample with at least q of all samples at or below it. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

async function main() {
  const { values } = parseArgs({
    options: {
      "database-url": { type: "string", default: DEFAULT_NATIONAL_DATABASE_URL },
      runs: { type: "string", default: "50" },
      "warm-up": { type: "string", default: "5" },
      explain: { type: "boolean", default: false },
    },
  });
  const runs = Number(values.runs);
  const warmUp = Number(values["warm-up"]);
  const { connectPostgres } = await import("../../app/db/connect.server");
  const { rowsOf } = await import("../../app/db/migrate.server");
  const handle = await connectPostgres(values["database-url"], { max: 1 });
  try {
    const [{ n: figureRows } = { n: 0 }] = rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from ${f}`));
    if (!figureRows) throw new Error("No figure rows: build the data set first (npx tsx scripts/bench/national-dataset.ts).");
    const first = performance.now();
    const result = await bareDashboardAggregation(handle.db);
    const firstMs = performance.now() - first;
    const timings = await timeBareDashboardSql(handle.db, runs, Math.max(0, warmUp - 1));
    const sample = [...result.entries()].at(-1);
    if (sample) {
      const [label, perKpi] = sample;
      console.log(`${label}: ${[...perKpi.entries()].map(([code, total]) => `${code} ${(total.numerator / total.denominator).toFixed(3)}`).join(", ")}`);
    }
    const summary = {
      figureRows,
      periods: result.size,
      kpis: new Set([...result.values()].flatMap((perKpi) => [...perKpi.keys()])).size,
      runs,
      warmUp,
      firstMs: Math.round(firstMs * 10) / 10,
      medianMs: Math.round(median(timings) * 10) / 10,
      p95Ms: Math.round(percentile(timings, 0.95) * 10) / 10,
      minMs: Math.round(Math.min(...timings) * 10) / 10,
      maxMs: Math.round(Math.max(...timings) * 10) / 10,
    };
    console.log(`Kale dashboard-aggregatie: ${figureRows} cijferrijen → ${summary.periods} perioden × ${summary.kpis} KPI's; ${runs} keer na ${warmUp} opwarmrondes: mediaan ${summary.medianMs} ms, p95 ${summary.p95Ms} ms (min ${summary.minMs}, max ${summary.maxMs}; eerste ${summary.firstMs} ms)`);
    console.log(JSON.stringify(summary));
    if (values.explain) {
      const query = aggregationQuery(handle.db).toSQL();
      const plan = rowsOf<{ "QUERY PLAN": string }>(await handle.db.execute(sql.raw(`explain (analyze, buffers) ${inline(query.sql, query.params)}`)));
      console.log(plan.map((line) => line["QUERY PLAN"]).join("\n"));
    }
  } finally {
    await handle.close();
  }
}

/** Only for EXPLAIN: the query's few parameters (status strings) written in. */
function inline(text: string, params: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, index: string) => `'${String(params[Number(index) - 1]).replaceAll("'", "''")}'`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await main();
}
