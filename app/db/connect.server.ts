import fs from "node:fs";
import type { Db } from "./types";
import * as schema from "./schema";

export interface DatabaseHandle {
  db: Db;
  driver: "pglite" | "postgres";
  close(): Promise<void>;
}

/** Embedded PostgreSQL (PGlite). `source` is a data folder, "memory://", or a dumped data dir. */
export async function connectPglite(source: string | Blob): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (typeof source === "string" && !source.startsWith("memory://")) {
    // PGlite does not create parent folders itself
    fs.mkdirSync(source, { recursive: true });
  }
  const client =
    typeof source === "string" ? await PGlite.create(source) : await PGlite.create({ loadDataDir: source });
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

export async function connectPostgres(url: string, options: { max?: number } = {}): Promise<DatabaseHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    onnotice: () => {},
  });
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    driver: "postgres",
    close: () => client.end({ timeout: 5 }),
  };
}
