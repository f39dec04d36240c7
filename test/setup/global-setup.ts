import fs from "node:fs";
import path from "node:path";
import { connectPglite } from "../../app/db/connect.server";
import { runMigrations } from "../../app/db/migrate.server";
import { seedReferenceData } from "../../app/domain/reference-data/seed-reference-data.server";
import { seedReferenceBudgetLines } from "../../app/domain/finance/reference-budget";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplatePath: string;
  }
}

// A fresh PGlite costs seconds (initdb); building one migrated template per run and loading
// its dump per test file costs about one.
// One template per run (named by process id): two runs side by side must not overwrite each
// other's template while it is being read.
export default async function setup(project: TestProject) {
  const TEMPLATE_PATH = path.resolve(`.test-tmp/pglite-template-${process.pid}.tar.gz`);
  fs.mkdirSync(path.dirname(TEMPLATE_PATH), { recursive: true });
  const handle = await connectPglite("memory://");
  await runMigrations(handle.db);
  await seedReferenceData(handle.db);
  await seedReferenceBudgetLines(handle.db);
  const client = (handle.db as unknown as { $client: { dumpDataDir(c: "gzip"): Promise<Blob> } }).$client;
  const dump = await client.dumpDataDir("gzip");
  fs.writeFileSync(TEMPLATE_PATH, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide("pgliteTemplatePath", TEMPLATE_PATH);
  return () => fs.rmSync(TEMPLATE_PATH, { force: true });
}
