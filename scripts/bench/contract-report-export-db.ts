// The Contractrapportage (Excel) exported from the NATIONAL data set through the real code path
// (issue 7, scale criterion: "the Excel export of 100,000 rows of the Rapportages sheet finishes
// in under 10 s with peak memory under 400 MB"):
//
//   npx tsx scripts/bench/contract-report-export-db.ts [--database-url postgres://postgres@127.0.0.1:5432/portal_national_bench]
//       [--filter "jaar=2025&doelgroep=familyMigrant"] [--email contractmanager@nationaal.bench.test] [--output /tmp/contractrapportage-national.xlsx]
//   (or: npm run bench:contract-report-export -- --database-url postgres://…/portal_national_bench)
//
// The filter is the dashboard's query string (parseDashboardFilters, as the route reads it). The
// default, one year and one target group, gives ~127,000 rows in Rapportages (4,236 figure rows
// × ~30 reported figures); one leerroute for one year gives ~85,000, a whole year ~250,000.
// The actor is the national contract manager (loadActor), as the route would have it after
// requireActor. Timed: prepareContractReport (scope, getDashboard, the KPI rows, the contract list)
// and writing the workbook to a file (the figure rows streamed from PostgreSQL in batches): the
// whole export as GET /dashboard/contractrapportage.xlsx does it, without the HTTP. Peak memory:
// process.memoryUsage().rss every 50 ms and process.resourceUsage().maxRSS (the kernel's maximum
// resident set size of this process, which also catches a peak between two samples).
// The number of rows of the Rapportages sheet is counted afterwards (not timed) from the same source.
import { createWriteStream, statSync } from "node:fs";
import { finished } from "node:stream/promises";
import { eq, sql } from "drizzle-orm";
import { connectPostgres } from "../../app/db/connect.server";
import { rowsOf } from "../../app/db/migrate.server";
import { acceptedFigures, prepareContractReport } from "../../app/domain/dashboards/contract-report-export.server";
import { parseDashboardFilters } from "../../app/domain/dashboards/dashboard-filters";
import { users } from "../../app/domain/identity/identity.sql";
import { loadActor } from "../../app/domain/identity/users.server";
import { systemClock } from "../../app/utils/clock.server";
import { DEFAULT_NATIONAL_DATABASE_URL } from "./national-dataset";

export interface DatabaseExportOptions {
  databaseUrl?: string;
  filter?: string;
  email?: string;
  output?: string;
}

export const DEFAULT_EXPORT_FILTER = "jaar=2025&doelgroep=familyMigrant";

export async function runDatabaseExport(options: DatabaseExportOptions = {}): Promise<boolean> {
  const databaseUrl = options.databaseUrl ?? DEFAULT_NATIONAL_DATABASE_URL;
  const filter = options.filter ?? DEFAULT_EXPORT_FILTER;
  const email = options.email ?? "contractmanager@nationaal.bench.test";
  const outputFile = options.output ?? "/tmp/contractrapportage-national.xlsx";
  const { filters, problems } = parseDashboardFilters(new URLSearchParams(filter));
  if (problems.length) throw new Error(`--filter "${filter}": ${problems.map((problem) => problem.message).join("; ")}`);

  const handle = await connectPostgres(databaseUrl);
  try {
    const [{ n: figureRows } = { n: 0 }] = rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from progress_report_figures`));
    if (!figureRows) throw new Error("No figure rows: build the national data set first (npm run bench:national-dataset).");
    const [user] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    const actor = user ? await loadActor(handle.db, user.id) : null;
    if (!actor) throw new Error(`No active user ${email} in the database: is it the national data set?`);

    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
    const rssBefore = process.memoryUsage().rss;
    let peakSampled = rssBefore;
    const sampler = setInterval(() => {
      peakSampled = Math.max(peakSampled, process.memoryUsage().rss);
    }, 50);
    const started = performance.now();
    const report = await prepareContractReport(handle.db, systemClock, actor, filters);
    const prepared = performance.now();
    const output = createWriteStream(outputFile);
    await report.write(output);
    if (!output.writableFinished) await finished(output);
    const ended = performance.now();
    clearInterval(sampler);
    peakSampled = Math.max(peakSampled, process.memoryUsage().rss);
    const peakKernel = process.resourceUsage().maxRSS * 1024;

    // the rows of the Rapportages sheet: one per reported figure from the same source (not timed)
    let sheetRows = 0;
    for await (const _figure of acceptedFigures(handle.db, { ...filters, year: report.year })) sheetRows += 1;

    const seconds = (ended - started) / 1000;
    console.log(`Contractrapportage uit de landelijke set (${figureRows.toLocaleString("nl-NL")} cijferrijen), filter ?${filter}, als ${email}:`);
    console.log(`  Rapportages: ${sheetRows.toLocaleString("nl-NL")} rijen → ${outputFile} (${mb(statSync(outputFile).size)})`);
    console.log(`  tijd:        ${seconds.toFixed(2)} s (voorbereiden ${((prepared - started) / 1000).toFixed(2)} s, schrijven ${((ended - prepared) / 1000).toFixed(2)} s) (doel < 10 s)`);
    console.log(`  RSS voor:    ${mb(rssBefore)}`);
    console.log(`  piek RSS:    ${mb(peakSampled)} (elke 50 ms gemeten), ${mb(peakKernel)} (maxRSS van het proces) (doel < 400 MB)`);
    const ok = seconds < 10 && Math.max(peakSampled, peakKernel) < 400 * 1024 * 1024 && sheetRows >= 100_000;
    if (sheetRows < 100_000) console.log(`  ! minder dan 100.000 rijen: kies een ruimer --filter`);
    console.log(ok ? "  ✓ PASS: binnen het doel" : "  ✗ FAIL: buiten het doel");
    console.log(
      JSON.stringify({ filter, sheetRows, seconds: Math.round(seconds * 100) / 100, prepareSeconds: Math.round(prepared - started) / 1000, rssBeforeMb: Math.round(rssBefore / 2 ** 20), peakRssSampledMb: Math.round(peakSampled / 2 ** 20), maxRssMb: Math.round(peakKernel / 2 ** 20), pass: ok }),
    );
    return ok;
  } finally {
    await handle.close();
  }
}
