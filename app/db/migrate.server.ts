import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { Db } from "./types";

// Any constant works; it only has to be the same for every instance of the portal.
const MIGRATION_LOCK_KEY = 727_410_2022;

export function migrationsFolder(): string {
  if (process.env.MIGRATIONS_DIR) return path.resolve(process.env.MIGRATIONS_DIR);
  // app/db/ in the source tree; build/ (one level below the root) in the server bundle
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, "../../drizzle"), path.resolve(here, "../drizzle")];
  return candidates.find((candidate) => readableJournal(candidate)) ?? path.resolve("drizzle");
}

function readableJournal(folder: string): boolean {
  try {
    readMigrationFiles({ migrationsFolder: folder });
    return true;
  } catch {
    return false;
  }
}

export function rowsOf<T>(result: unknown): T[] {
  // postgres.js returns an array-like result, PGlite an object with rows
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * Applies the drizzle-kit migrations that have not run yet, in one transaction under a
 * PostgreSQL advisory lock, so several instances starting together migrate exactly once.
 * Bookkeeping uses drizzle-kit's own table, so `drizzle-kit migrate` agrees with it.
 */
export async function runMigrations(db: Db, folder = migrationsFolder()): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.execute(sql`create schema if not exists drizzle`);
    await tx.execute(
      sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`,
    );
    const applied = rowsOf<{ created_at: string | number }>(
      await tx.execute(sql`select created_at from drizzle.__drizzle_migrations`),
    );
    const appliedAt = new Set(applied.map((row) => Number(row.created_at)));
    let count = 0;
    for (const migration of migrations) {
      if (appliedAt.has(migration.folderMillis)) continue;
      for (const statement of migration.sql) {
        if (statement.trim()) await tx.execute(sql.raw(statement));
      }
      await tx.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`,
      );
      count += 1;
    }
    return count;
  });
}
