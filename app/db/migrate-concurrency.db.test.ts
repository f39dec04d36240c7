import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "./types";
import { connectPglite, connectPostgres, type DatabaseHandle } from "./connect.server";
import { rowsOf, runMigrations } from "./migrate.server";

const migrationCount = (
  JSON.parse(fs.readFileSync(path.resolve("drizzle/meta/_journal.json"), "utf8")) as { entries: unknown[] }
).entries.length;

async function portalTablesIn(db: Db): Promise<string[]> {
  const rows = rowsOf<{ tablename: string }>(
    await db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`),
  );
  return rows.map((row) => row.tablename);
}

async function recordedMigrations(db: Db): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
  return Number(row!.n);
}

const expectedTables = ["audit_log", "funding_allocations", "kpi_definitions", "login_attempts", "municipalities", "organisations", "sessions", "users"];

// Several portal instances start against one empty database: the advisory lock must let exactly
// one of them migrate. PGlite has a single connection, so there the two runs are sequential.
test("two instances migrating one empty database apply every migration exactly once", async () => {
  if (process.env.TEST_DATABASE_DRIVER === "postgres") {
    const baseUrl = process.env.TEST_DATABASE_URL!;
    const name = `portal_migrate_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = await connectPostgres(baseUrl, { max: 1 });
    await admin.db.execute(sql.raw(`create database "${name}"`));
    const handles: DatabaseHandle[] = [];
    try {
      const url = new URL(baseUrl);
      url.pathname = `/${name}`;
      handles.push(await connectPostgres(url.toString(), { max: 1 }), await connectPostgres(url.toString(), { max: 1 }));
      const applied = await Promise.all(handles.map((handle) => runMigrations(handle.db)));

      expect(applied.reduce((sum, count) => sum + count, 0)).toBe(migrationCount);
      expect([...applied].sort()).toEqual([0, migrationCount]);
      expect(await recordedMigrations(handles[0]!.db)).toBe(migrationCount);
      expect(await portalTablesIn(handles[1]!.db)).toEqual(expect.arrayContaining(expectedTables));
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
      await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
      await admin.close();
    }
  } else {
    const handle = await connectPglite("memory://");
    try {
      const first = await runMigrations(handle.db);
      const second = await runMigrations(handle.db);
      expect(first + second).toBe(migrationCount);
      expect([first, second]).toEqual([migrationCount, 0]);
      expect(await recordedMigrations(handle.db)).toBe(migrationCount);
      expect(await portalTablesIn(handle.db)).toEqual(expect.arrayContaining(expectedTables));
    } finally {
      await handle.close();
    }
  }
});
