// Times the demo seed of a cold embedded database, step by step (`npx tsx scripts/bench/seed-demo.ts`).
// Uses a fresh PGlite folder under the system temp directory, as a first start does.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { connectPglite } from "../../app/db/connect.server";
import { runMigrations } from "../../app/db/migrate.server";
import { seedReferenceData } from "../../app/domain/reference-data/seed-reference-data.server";
import { seedReferenceBudgetLines } from "../../app/domain/finance/reference-budget";
import { seedLocalOfferings } from "../../app/domain/local-offerings/local-offerings.server";
import { seedDemoData } from "../../app/domain/demo/seed-demo-data.server";
import { seedDemoTender } from "../../app/domain/demo/seed-demo-tender.server";
import { seedDemoOpeningTender } from "../../app/domain/demo/seed-demo-opening-tender.server";
import { seedDemoContracts } from "../../app/domain/demo/seed-demo-contracts.server";
import { seedDemoReports } from "../../app/domain/demo/seed-demo-reports.server";
import { syncAllReportingPeriods } from "../../app/domain/reports/reports.server";
import { systemClock } from "../../app/utils/clock.server";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "seed-bench-"));
const started = performance.now();
let last = started;
const lap = (label: string) => {
  const now = performance.now();
  console.log(`${label.padEnd(28)} ${((now - last) / 1000).toFixed(2)} s`);
  last = now;
};
const handle = await connectPglite(`${folder}/pglite`);
lap("open PGlite");
await runMigrations(handle.db);
lap("migrations");
await seedReferenceData(handle.db);
await seedReferenceBudgetLines(handle.db);
await seedLocalOfferings(handle.db, systemClock);
lap("framework data");
await seedDemoData(handle.db, systemClock);
lap("demo accounts");
await seedDemoTender(handle.db, systemClock);
await seedDemoOpeningTender(handle.db, systemClock);
lap("demo tenders");
await seedDemoContracts(handle.db, systemClock);
lap("demo contracts");
const reports = await seedDemoReports(handle.db, systemClock);
lap(`demo reports (${reports.reports}: ${reports.accepted} accepted, ${reports.returned} returned, ${reports.overdue} overdue)`);
await syncAllReportingPeriods(handle.db, systemClock);
lap("period sync");
console.log(`${"total".padEnd(28)} ${((performance.now() - started) / 1000).toFixed(2)} s`);
await handle.close();
fs.rmSync(folder, { recursive: true, force: true });
