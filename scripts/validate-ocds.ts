// Validates the portal's open contracting data against the published OCDS schema and codelists:
//
//   npx tsx scripts/validate-ocds.ts <schema-folder>     (e.g. ../shared/standards/ocds-1.1.5)
//
// Builds the release package with the domain function on an in-memory PGlite database with the
// migrations, the reference data and the demo seed, plus two tendered lots taken through the real
// award chain (one decision sent, one final with its draft contract), so that every stage is in it.
// The schema files are read from the given folder and never copied into the project; the release
// schema's URL is mapped to the local file, so nothing is fetched. Exit code 1 on any problem.
import fs from "node:fs";
import path from "node:path";
import AjvDraft04 from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import { connectPglite } from "../app/db/connect.server";
import { runMigrations } from "../app/db/migrate.server";
import { seedReferenceData } from "../app/domain/reference-data/seed-reference-data.server";
import { seedReferenceBudgetLines } from "../app/domain/finance/reference-budget";
import { seedDemoData } from "../app/domain/demo/seed-demo-data.server";
import { seedDemoTender } from "../app/domain/demo/seed-demo-tender.server";
import { seedDemoOpeningTender } from "../app/domain/demo/seed-demo-opening-tender.server";
import { seedDemoContracts } from "../app/domain/demo/seed-demo-contracts.server";
import { finalizeAward, proposeAward, sendAwardDecision } from "../app/domain/evaluation/award.server";
import { buildOcdsReleasePackage } from "../app/domain/ocds/ocds-release.server";
import { checkReleasePackageStructure } from "../app/domain/ocds/ocds-structure";
import { systemClock } from "../app/utils/clock.server";
import { createAwardScenario } from "../test/factories/award";

const RELEASE_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json";
const PREFIX = "ocds-wfinbg";
const DAY = 24 * 60 * 60 * 1000;

type Json = Record<string, unknown>;
interface Problem {
  path: string;
  message: string;
}

const folder = process.argv[2];
if (!folder) {
  console.error("Gebruik: npx tsx scripts/validate-ocds.ts <map met release-package-schema.json, release-schema.json en codelists/>");
  process.exit(2);
}
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(folder, file), "utf8")) as Json;

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[index + 1] === "\n") index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += char;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows.filter((candidate) => candidate.some((cell) => cell !== ""));
}

const codelistCache = new Map<string, Set<string>>();
function codelist(file: string): Set<string> {
  const cached = codelistCache.get(file);
  if (cached) return cached;
  const [header, ...rows] = parseCsv(fs.readFileSync(path.join(folder!, "codelists", file), "utf8"));
  const column = header?.indexOf("Code") ?? -1;
  if (column < 0) throw new Error(`codelists/${file} heeft geen kolom Code`);
  const codes = new Set(rows.map((row) => row[column]!).filter(Boolean));
  codelistCache.set(file, codes);
  return codes;
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Walks the data alongside the dereferenced release schema and checks every field that names a
 * codelist. The portal uses no codes of its own, so a code missing from an open codelist is an
 * error too (marked as such). Fields of the lots extension are
 * not in the core schema; `extra` adds the codelist fields among them.
 */
function checkCodelists(value: unknown, schema: Json | undefined, at: string, problems: Problem[], extra: Record<string, Json>) {
  if (!schema || value === undefined || value === null) return;
  if (typeof schema.codelist === "string") {
    const codes = codelist(schema.codelist);
    for (const [index, code] of (Array.isArray(value) ? value : [value]).entries()) {
      if (typeof code !== "string" || codes.has(code)) continue;
      const open = schema.openCodelist === true ? " (open codelijst)" : "";
      problems.push({ path: Array.isArray(value) ? `${at}[${index}]` : at, message: `"${code}" staat niet in ${schema.codelist}${open}` });
    }
    return;
  }
  if (Array.isArray(value)) {
    const items = isObject(schema.items) ? schema.items : undefined;
    value.forEach((item, index) => checkCodelists(item, items, `${at}[${index}]`, problems, extra));
    return;
  }
  if (!isObject(value)) return;
  const properties = isObject(schema.properties) ? (schema.properties as Record<string, Json>) : {};
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${at}.${key}`;
    const generic = childPath.replace(/\[\d+\]/g, "[]");
    checkCodelists(child, properties[key] ?? extra[generic.replace(/^\$\.releases\[\]\./, "")], childPath, problems, extra);
  }
}

// Lots extension fields with a closed codelist (the extension's own schema is not available offline).
const lotsExtension: Record<string, Json> = {
  "tender.lots": { type: "array", items: { properties: { status: { codelist: "tenderStatus.csv", openCodelist: false } } } },
};

async function buildDemoPackage() {
  const { db, close } = await connectPglite("memory://");
  try {
    await runMigrations(db);
    await seedReferenceData(db);
    await seedReferenceBudgetLines(db);
    await seedDemoData(db, systemClock);
    await seedDemoTender(db, systemClock);
    await seedDemoOpeningTender(db, systemClock);
    await seedDemoContracts(db, systemClock);
    // The demo has no award yet: two lots through the real chain, one sent and one final.
    const bidders = [
      { name: "Taalhuis Validatie", unitPrices: [250_000, 5_000] as [number, number], scores: { approach: 8, cooperation: 8, monitoring: 6 } },
      { name: "Inburgering Validatie", unitPrices: [240_000, 4_800] as [number, number], scores: { approach: 6, cooperation: 6, monitoring: 6 } },
    ];
    const sent = await createAwardScenario(db, { bidders });
    await proposeAward(db, sent.clock, sent.projectgroup[0], sent.tender.id, sent.lot.id, { motivation: "Hoogste score." });
    await sendAwardDecision(db, sent.clock, sent.projectgroup[0], sent.tender.id, sent.lot.id);
    const final = await createAwardScenario(db, { bidders });
    await proposeAward(db, final.clock, final.projectgroup[0], final.tender.id, final.lot.id, { motivation: "Hoogste score." });
    const decision = await sendAwardDecision(db, final.clock, final.projectgroup[0], final.tender.id, final.lot.id);
    final.clock.set(new Date(decision.standstillEndsAt.getTime() + DAY));
    await finalizeAward(db, final.clock, final.projectgroup[0], final.tender.id, final.lot.id);
    return await buildOcdsReleasePackage(db, systemClock, { prefix: PREFIX, baseUrl: "https://leerrouteportaal.example" });
  } finally {
    await close();
  }
}

async function main() {
  const packageSchema = readJson("release-package-schema.json");
  const releaseSchema = readJson("release-schema.json");
  const dereferenced = readJson("dereferenced-release-schema.json");
  const releasePackage = await buildDemoPackage();
  if (!releasePackage) {
    // The portal then serves no package at all (404), so there is nothing invalid to serve; but the
    // demo is meant to hold every stage, and passing here would mean nothing was checked.
    console.error("Geen releasepakket: de demodata bevat geen gepubliceerde aanbesteding en geen actief contract, dus er is niets gecontroleerd.");
    process.exit(1);
  }

  // ajv-draft-04 and ajv-formats are CommonJS; under tsx the class may sit on .default
  const Ajv = ((AjvDraft04 as unknown as { default?: typeof AjvDraft04 }).default ?? AjvDraft04) as typeof AjvDraft04;
  const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  addFormats(ajv);
  // the package schema refers to the release schema by URL: that URL is the local file
  ajv.addSchema(releaseSchema, RELEASE_SCHEMA_URL);
  const validate = ajv.compile(packageSchema);

  const problems: Problem[] = [];
  if (!validate(releasePackage)) {
    for (const error of validate.errors ?? []) {
      const pointer = error.instancePath.split("/").slice(1).map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join("");
      problems.push({ path: `$${pointer}`, message: `schema: ${error.message ?? error.keyword} ${JSON.stringify(error.params)}` });
    }
  }
  const json = releasePackage as unknown as Json;
  checkCodelists(json, packageSchema, "$", problems, {});
  (json.releases as unknown[]).forEach((release, index) => checkCodelists(release, dereferenced, `$.releases[${index}]`, problems, lotsExtension));
  for (const problem of checkReleasePackageStructure(releasePackage, { prefix: PREFIX })) problems.push({ path: problem.path, message: `structuur: ${problem.message}` });

  const releases = releasePackage.releases;
  const stages = {
    tender: releases.filter((release) => release.tag.some((tag) => tag.startsWith("tender"))).length,
    award: releases.reduce((sum, release) => sum + (release.awards?.length ?? 0), 0),
    contract: releases.reduce((sum, release) => sum + (release.contracts?.length ?? 0), 0),
  };
  console.log(`OCDS-releasepakket gecontroleerd tegen ${path.resolve(folder!)}`);
  console.log(`  ${releases.length} releases (aanbestedingsprocessen): ${stages.tender} met aanbesteding, ${stages.award} gunningen, ${stages.contract} contracten`);
  if (problems.length) {
    console.error(`\n${problems.length} fout(en):`);
    for (const problem of problems) console.error(`  ${problem.path}: ${problem.message}`);
    process.exit(1);
  }
  console.log("Geldig: schema, codelijsten en structuur zijn in orde.");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
