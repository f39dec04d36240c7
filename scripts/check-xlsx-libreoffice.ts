// `npx tsx scripts/check-xlsx-libreoffice.ts <file.xlsx> [sheet-with-filter …]`: does LibreOffice
// open this workbook the way we mean it? Excel and LibreOffice read xlsx differently; exceljs
// output that Excel accepts can lose things in LibreOffice (the autofilter needs the hidden
// `_xlnm._FilterDatabase` name, for one). The check converts the file with headless LibreOffice
// to .ods and reads content.xml back:
//   1. the conversion succeeds (exit code 0, an output file, no error on stderr);
//   2. every sheet of the xlsx is a table of the .ods, with the same name;
//   3. every sheet with an <autoFilter> in the xlsx (or only those named on the command line,
//      default: all of them) has a table:database-range over that range with
//      table:display-filter-buttons="true": working filter buttons.
// Exit 0 when all hold; exit 1 with a message naming what failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateRawSync } from "node:zlib";

/** The entries of a zip file, by the central directory (sizes are right even for streamed entries). */
function zipEntries(zip: Buffer): Map<string, () => Buffer> {
  const endOfDirectory = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOfDirectory < 0) throw new Error("geen zip-bestand");
  const entryCount = zip.readUInt16LE(endOfDirectory + 10);
  let offset = zip.readUInt32LE(endOfDirectory + 16);
  const entries = new Map<string, () => Buffer>();
  for (let index = 0; index < entryCount; index++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error("beschadigde centrale directory");
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeader = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString("utf8").replace(/^\//, "");
    entries.set(name, () => {
      const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      return method === 0 ? Buffer.from(data) : inflateRawSync(data);
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function entryText(entries: Map<string, () => Buffer>, name: string): string {
  const entry = entries.get(name);
  if (!entry) throw new Error(`${name} ontbreekt`);
  return entry().toString("utf8");
}

function unescapeXml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function attribute(element: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(element);
  return match ? unescapeXml(match[1]!) : undefined;
}

interface XlsxSheet {
  name: string;
  /** "A1:H100001" when the sheet has an autofilter. */
  autoFilter: string | null;
}

/** The sheets of the xlsx in order, with their autofilter range. */
function xlsxSheets(file: string): XlsxSheet[] {
  const entries = zipEntries(readFileSync(file));
  const workbook = entryText(entries, "xl/workbook.xml");
  const relations = entryText(entries, "xl/_rels/workbook.xml.rels");
  const targets = new Map<string, string>();
  for (const element of relations.match(/<Relationship\b[^>]*>/g) ?? []) targets.set(attribute(element, "Id")!, attribute(element, "Target")!);
  return (workbook.match(/<sheet\b[^>]*>/g) ?? []).map((element) => {
    const target = targets.get(attribute(element, "r:id")!) ?? "";
    const partName = target.startsWith("/") ? target.slice(1) : `xl/${target}`;
    // the autoFilter element comes after the sheet data: read the tail only for a large sheet
    const sheetXml = entries.has(partName) ? entryText(entries, partName) : "";
    const autoFilter = /<autoFilter\b[^>]*\bref="([^"]+)"/.exec(sheetXml.slice(sheetXml.lastIndexOf("</sheetData>")));
    return { name: attribute(element, "name")!, autoFilter: autoFilter ? autoFilter[1]! : null };
  });
}

/** "A1:H100001" → "A1:H100001"; LibreOffice writes "Rapportages.A1:Rapportages.H100001" or with $ and quotes. */
function libreOfficeRange(address: string): { sheet: string; range: string } | null {
  const match = /^\$?'?(.+?)'?\.\$?([A-Z]+)\$?(\d+):(?:\$?'?.+?'?\.)?\$?([A-Z]+)\$?(\d+)$/.exec(address.trim());
  if (!match) return null;
  return { sheet: match[1]!.replace(/''/g, "'"), range: `${match[2]}${match[3]}:${match[4]}${match[5]}` };
}

function fail(message: string): never {
  console.error(`✗ ${message}`);
  process.exit(1);
}

const [file, ...filterSheets] = process.argv.slice(2);
if (!file || !existsSync(file)) fail("Gebruik: npx tsx scripts/check-xlsx-libreoffice.ts <bestand.xlsx> [werkblad met filter …]");
const soffice = spawnSync("which", ["soffice"], { encoding: "utf8" }).stdout.trim() || "soffice";

let sheets: XlsxSheet[];
try {
  sheets = xlsxSheets(file);
} catch (error) {
  fail(`${file} is geen leesbaar xlsx-bestand: ${(error as Error).message}`);
}

const workDir = mkdtempSync(path.join(tmpdir(), "xlsx-check-"));
try {
  const started = Date.now();
  // a profile of its own, so a running LibreOffice (or another check) does not swallow the job
  const result = spawnSync(
    soffice,
    ["--headless", "--norestore", "--nolockcheck", `-env:UserInstallation=file://${path.join(workDir, "profile")}`, "--convert-to", "ods", "--outdir", workDir, path.resolve(file)],
    { encoding: "utf8", timeout: 10 * 60_000 },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.error) fail(`LibreOffice kon niet worden gestart (${soffice}): ${result.error.message}`);
  const stderr = (result.stderr ?? "").trim();
  const odsFile = path.join(workDir, `${path.basename(file, path.extname(file))}.ods`);
  if (result.status !== 0) fail(`LibreOffice stopte met code ${result.status}: ${stderr || result.stdout}`);
  // LibreOffice reports a file it cannot read on stderr ("Error: source file could not be loaded") and may still exit 0
  if (/error|could not be loaded|general input\/output/i.test(stderr)) fail(`LibreOffice meldt een fout bij het openen: ${stderr}`);
  if (!existsSync(odsFile)) fail(`LibreOffice maakte geen ${path.basename(odsFile)}: ${result.stdout.trim()} ${stderr}`);

  const content = entryText(zipEntries(readFileSync(odsFile)), "content.xml");
  const tables = [...content.matchAll(/<table:table[\s>][^>]*>/g)].map((match) => attribute(match[0], "table:name")!);
  const expectedNames = sheets.map((sheet) => sheet.name);
  if (JSON.stringify(tables) !== JSON.stringify(expectedNames)) fail(`werkbladen na openen in LibreOffice: ${tables.join(", ")}; verwacht: ${expectedNames.join(", ")}`);

  const ranges = [...content.matchAll(/<table:database-range[\s/>][^>]*>/g)].map((match) => ({
    target: libreOfficeRange(attribute(match[0], "table:target-range-address") ?? ""),
    buttons: attribute(match[0], "table:display-filter-buttons") === "true",
  }));
  const filtered = sheets.filter((sheet) => (filterSheets.length ? filterSheets.includes(sheet.name) : sheet.autoFilter !== null));
  if (filterSheets.length && filtered.length !== filterSheets.length) fail(`werkblad niet gevonden: ${filterSheets.filter((name) => !expectedNames.includes(name)).join(", ")}`);
  const problems: string[] = [];
  for (const sheet of filtered) {
    if (!sheet.autoFilter) {
      problems.push(`${sheet.name}: het xlsx-bestand heeft geen autofilter`);
      continue;
    }
    const range = ranges.find((candidate) => candidate.target?.sheet === sheet.name);
    if (!range) problems.push(`${sheet.name}: geen filter (table:database-range) in LibreOffice; ontbreekt _xlnm._FilterDatabase?`);
    else if (!range.buttons) problems.push(`${sheet.name}: filter zonder knoppen (table:display-filter-buttons is niet "true")`);
    else if (range.target!.range !== sheet.autoFilter) problems.push(`${sheet.name}: filterbereik ${range.target!.range} in LibreOffice, ${sheet.autoFilter} in het xlsx-bestand`);
  }
  if (problems.length) fail(`autofilter overleeft LibreOffice niet:\n  - ${problems.join("\n  - ")}`);

  console.log(`✓ ${file}: LibreOffice opent het bestand zonder fouten (${seconds} s)`);
  console.log(`  werkbladen: ${tables.join(", ")}`);
  for (const sheet of filtered) console.log(`  filter met knoppen op ${sheet.name}!${sheet.autoFilter}`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
