import { count, sql } from "drizzle-orm";
import { connectPglite, connectPostgres, type DatabaseHandle } from "./db/connect.server";
import { lockDataFolder } from "./db/embedded-lock.server";
import { runMigrations } from "./db/migrate.server";
import type { Db } from "./db/types";
import { users } from "./db/schema";
import { seedReferenceData } from "./domain/reference-data/seed-reference-data.server";
import { seedDemoData } from "./domain/demo/seed-demo-data.server";
import { seedDemoTender } from "./domain/demo/seed-demo-tender.server";
import { seedDemoOpeningTender } from "./domain/demo/seed-demo-opening-tender.server";
import { seedDemoContracts } from "./domain/demo/seed-demo-contracts.server";
import { seedDemoReports } from "./domain/demo/seed-demo-reports.server";
import { startMailDelivery } from "./domain/notifications/notifications.server";
import { seedReferenceBudgetLines } from "./domain/finance/reference-budget";
import { seedLocalOfferings } from "./domain/local-offerings/local-offerings.server";
import { syncAllReportingPeriods } from "./domain/reports/reports.server";
import { startReportScheduler, stopReportScheduler } from "./domain/reports/report-reminders.server";
import { systemClock } from "./utils/clock.server";
import { dataDir, getEnv } from "./utils/env.server";

export type { Db } from "./db/types";

interface OpenDatabase extends DatabaseHandle {
  releaseLock?: () => void;
}

// Kept on globalThis so that a module reload in development does not open a second PGlite.
const globalStore = globalThis as typeof globalThis & { __portalDatabase?: Promise<OpenDatabase> };

/** The framework's figures, cost estimates and local offerings: in every database, once. */
async function seedFrameworkData(db: Db) {
  await seedReferenceData(db);
  await seedReferenceBudgetLines(db);
  await seedLocalOfferings(db, systemClock);
}

async function open(): Promise<OpenDatabase> {
  const env = getEnv();
  if (env.DATABASE_URL) {
    const handle = await connectPostgres(env.DATABASE_URL);
    await runMigrations(handle.db);
    await seedFrameworkData(handle.db);
    // the reporting periods of contracts whose dates changed while the portal was down
    await syncAllReportingPeriods(handle.db, systemClock);
    // mail queued before a restart goes out now
    startMailDelivery(handle.db, systemClock);
    // daily: periods, and the due-soon and overdue reminders (ADR 0013)
    startReportScheduler(handle.db, systemClock);
    return handle;
  }
  const folder = dataDir();
  const releaseLock = lockDataFolder(folder);
  try {
    const handle = await connectPglite(`${folder}/pglite`);
    await runMigrations(handle.db);
    await seedFrameworkData(handle.db);
    // The embedded database is the demo: a new user finds accounts for every role.
    const [{ value: userCount }] = (await handle.db.select({ value: count() }).from(users)) as [{ value: number }];
    if (userCount === 0) {
      await seedDemoData(handle.db, systemClock);
      await seedDemoTender(handle.db, systemClock);
      await seedDemoOpeningTender(handle.db, systemClock);
      await seedDemoContracts(handle.db, systemClock);
      await seedDemoReports(handle.db, systemClock);
    }
    // every reporting period of the active contracts' terms (ADR 0013)
    await syncAllReportingPeriods(handle.db, systemClock);
    startMailDelivery(handle.db, systemClock);
    startReportScheduler(handle.db, systemClock);
    return { ...handle, releaseLock };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/** Opens (once), migrates and, for the embedded database, seeds the portal's database. */
export function openDatabase(): Promise<OpenDatabase> {
  if (!globalStore.__portalDatabase) {
    globalStore.__portalDatabase = open().catch((error) => {
      // never cache a failed open: the next request tries again
      globalStore.__portalDatabase = undefined;
      throw error;
    });
  }
  return globalStore.__portalDatabase;
}

export async function getDb(): Promise<Db> {
  return (await openDatabase()).db;
}

export async function databaseStatus(): Promise<{ ok: boolean; driver?: string; error?: string }> {
  try {
    const handle = await openDatabase();
    await handle.db.execute(sql`select 1`);
    return { ok: true, driver: handle.driver };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

export async function closeDatabase(): Promise<void> {
  const pending = globalStore.__portalDatabase;
  globalStore.__portalDatabase = undefined;
  stopReportScheduler();
  if (!pending) return;
  const handle = await pending.catch(() => undefined);
  if (!handle) return;
  await handle.close();
  handle.releaseLock?.();
}
