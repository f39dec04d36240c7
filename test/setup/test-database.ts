import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { inject } from "vitest";
import { connectPglite, connectPostgres, type DatabaseHandle } from "../../app/db/connect.server";
import { runMigrations, rowsOf } from "../../app/db/migrate.server";
import { seedReferenceData } from "../../app/domain/reference-data/seed-reference-data.server";
import { seedReferenceBudgetLines } from "../../app/domain/finance/reference-budget";
import type { Db } from "../../app/db/types";


export interface TestDatabase {
  db: Db;
  driver: "pglite" | "postgres";
  /** Empties the tables the tests write to; reference data (region, municipalities, KPIs) stays. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const REFERENCE_TABLES = new Set(["regions", "municipalities", "housing_quotas", "funding_allocations", "kpi_definitions", "reference_budget_lines"]);

async function resetTables(db: Db) {
  const tables = rowsOf<{ tablename: string }>(
    await db.execute(sql`select tablename from pg_tables where schemaname = 'public'`),
  )
    .map((row) => row.tablename)
    .filter((name) => !REFERENCE_TABLES.has(name));
  if (tables.length === 0) return;
  // TRUNCATE does not fire the audit log's row triggers: only tests ever empty it
  await db.execute(sql.raw(`truncate table ${tables.map((name) => `"${name}"`).join(", ")} restart identity cascade`));
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) throw new Error("TEST_DATABASE_URL is not set");
  // every test file gets a database of its own, so parallel workers never empty each other's tables
  const name = `portal_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = await connectPostgres(baseUrl, { max: 1 });
  await admin.db.execute(sql.raw(`create database "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = await connectPostgres(url.toString(), { max: 4 });
  await runMigrations(handle.db);
  await seedReferenceData(handle.db);
  await seedReferenceBudgetLines(handle.db);
  return {
    db: handle.db,
    driver: "postgres",
    reset: () => resetTables(handle.db),
    close: async () => {
      await handle.close();
      await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
      await admin.close();
    },
  };
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  let handle: DatabaseHandle;
  const TEMPLATE_PATH = inject("pgliteTemplatePath");
  if (TEMPLATE_PATH && fs.existsSync(TEMPLATE_PATH)) {
    handle = await connectPglite(new Blob([fs.readFileSync(TEMPLATE_PATH)]));
  } else {
    handle = await connectPglite("memory://");
    await runMigrations(handle.db);
    await seedReferenceData(handle.db);
  await seedReferenceBudgetLines(handle.db);
  }
  return { db: handle.db, driver: "pglite", reset: () => resetTables(handle.db), close: () => handle.close() };
}

/** A migrated database with the framework's reference data, on the driver of this test project. */
export function createTestDatabase(): Promise<TestDatabase> {
  return process.env.TEST_DATABASE_DRIVER === "postgres" ? createPostgresDatabase() : createPgliteDatabase();
}

/**
 * Registers beforeAll/afterAll/beforeEach hooks and returns a getter for the database.
 * Usage: `const database = useTestDatabase();` then `database().db` inside tests.
 */
export function useTestDatabase(): () => TestDatabase {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await createTestDatabase();
  });
  beforeEach(async () => {
    await current?.reset();
  });
  afterAll(async () => {
    await current?.close();
  });
  return () => {
    if (!current) throw new Error("test database not ready");
    return current;
  };
}
