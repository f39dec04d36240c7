import fs from "node:fs";
import path from "node:path";
import { connectPglite } from "../../app/db/connect.server";
import { runMigrations } from "../../app/db/migrate.server";
import { seedReferenceData } from "../../app/domain/reference-data/seed-reference-data.server";
import { seedReferenceBudgetLines } from "../../app/domain/finance/reference-budget";

export const TEMPLATE_PATH = path.resolve(".test-tmp/pglite-template.tar.gz");

// A fresh PGlite costs seconds (initdb); building one migrated template per run and loading
// its dump per test file costs about one.
export default async function setup() {
  fs.mkdirSync(path.dirname(TEMPLATE_PATH), { recursive: true });
  const handle = await connectPglite("memory://");
  await runMigrations(handle.db);
  await seedReferenceData(handle.db);
  await seedReferenceBudgetLines(handle.db);
  const client = (handle.db as unknown as { $client: { dumpDataDir(c: "gzip"): Promise<Blob> } }).$client;
  const dump = await client.dumpDataDir("gzip");
  fs.writeFileSync(TEMPLATE_PATH, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
}
