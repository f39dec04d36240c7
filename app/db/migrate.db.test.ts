import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { useTestDatabase } from "../../test/setup/test-database";
import { migrationsFolder, rowsOf, runMigrations } from "./migrate.server";

const database = useTestDatabase();

const journal = JSON.parse(fs.readFileSync(path.resolve("drizzle/meta/_journal.json"), "utf8")) as {
  entries: { tag: string; when: number }[];
};

async function appliedMigrations(): Promise<number[]> {
  const rows = rowsOf<{ created_at: string | number }>(
    await database().db.execute(sql`select created_at from drizzle.__drizzle_migrations order by id`),
  );
  return rows.map((row) => Number(row.created_at));
}

/** A copy of the project's migrations with one more migration at the end. */
function foldersWithExtraMigration(extraSql: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "portal-migrations-"));
  fs.cpSync(path.resolve("drizzle"), folder, { recursive: true });
  const tag = "9999_test_extra";
  const extended = { ...journal, entries: [...journal.entries, { idx: journal.entries.length, version: "7", when: 4_102_444_800_000, tag, breakpoints: true }] };
  fs.writeFileSync(path.join(folder, "meta/_journal.json"), JSON.stringify(extended));
  fs.writeFileSync(path.join(folder, `${tag}.sql`), extraSql);
  return folder;
}

async function tableExists(name: string): Promise<boolean> {
  const [row] = rowsOf<{ found: string | null }>(await database().db.execute(sql`select to_regclass(${name})::text as found`));
  return row?.found != null;
}

test("the migrations folder is the project's drizzle folder, unless MIGRATIONS_DIR says otherwise", () => {
  expect(migrationsFolder()).toBe(path.resolve("drizzle"));
  vi.stubEnv("MIGRATIONS_DIR", "elders/migraties");
  try {
    expect(migrationsFolder()).toBe(path.resolve("elders/migraties"));
  } finally {
    vi.unstubAllEnvs();
  }
});

test("every migration of the journal is recorded once as applied", async () => {
  expect(await appliedMigrations()).toEqual(journal.entries.map((entry) => entry.when));
});

test("migrating an up-to-date database applies nothing", async () => {
  const { db } = database();
  expect(await runMigrations(db)).toBe(0);
  expect(await runMigrations(db)).toBe(0);
  expect(await appliedMigrations()).toHaveLength(journal.entries.length);
});

test("a new migration is applied once, and only it", async () => {
  const { db } = database();
  const folder = foldersWithExtraMigration(`CREATE TABLE "test_probe" ("id" integer PRIMARY KEY);`);
  try {
    expect(await runMigrations(db, folder)).toBe(1);
    expect(await runMigrations(db, folder)).toBe(0);
    expect(await tableExists("test_probe")).toBe(true);
    expect(await appliedMigrations()).toHaveLength(journal.entries.length + 1);
  } finally {
    await db.execute(sql`drop table if exists test_probe`);
    await db.execute(sql`delete from drizzle.__drizzle_migrations where created_at = ${4_102_444_800_000}`);
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test("a migration that fails half-way leaves nothing behind and is not recorded", async () => {
  const { db } = database();
  const folder = foldersWithExtraMigration(
    `CREATE TABLE "test_probe" ("id" integer PRIMARY KEY);\n--> statement-breakpoint\nALTER TABLE "no_such_table" ADD COLUMN "x" integer;`,
  );
  try {
    await expect(runMigrations(db, folder)).rejects.toThrow();
    expect(await tableExists("test_probe")).toBe(false);
    expect(await appliedMigrations()).toHaveLength(journal.entries.length);
  } finally {
    await db.execute(sql`drop table if exists test_probe`);
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
