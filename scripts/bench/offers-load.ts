// Load test of the offer submission (issue 5): N suppliers (default 100) submit an offer with a
// 2 MB PDF attachment, all at once, in the final minute before the submission deadline, against
// the production build on loopback and PostgreSQL. Not part of `npm test`.
//
//   npx remix build                        # the script builds nothing: it needs build/ and public/build/
//   npm run bench:offers-load              # normal run
//   npm run bench:offers-load -- --crash   # kill -9 the server mid-rush, restart it, let clients retry
//
// Options: --clients N (100), --size-mb M (2), --port P (3291), --lead S (seconds from publishing
// the tender to its deadline, 85), --window S (the rush starts S seconds before the deadline, 60),
// --spread S (each client starts at a random moment in the first S seconds of the rush; default
// 0, all at once, and 10 with --crash), --crash-at F (in --crash mode: kill 0–250 ms after this
// fraction of the clients has sent its submit POST, so that submissions are in flight, some
// committed and some not; default a random value in 0.3–0.5), --crash-after S (instead: kill S
// seconds into the rush, at the first moment an upload, save or submit POST is in flight, e.g.
// during the uploads), --database-url URL (postgres://postgres@127.0.0.1:5432), --keep (do not
// drop the database portal_load_<timestamp>), --profile (run the server with --cpu-prof; the
// .cpuprofile files stay in the run's folder in the system's temp directory).
//
// What happens:
// 1. A fresh database portal_load_<timestamp>: migrations, reference data (as the server and the
//    test set-up do), a projectgroep user, N verified supplier organisations with one supplier user
//    each (test/factories), each user logged in through the domain's logIn (scrypt, not measured),
//    its session token signed into a wf_sessie cookie exactly as app/utils/session.server.ts does.
// 2. The server (`node server.mjs`, NODE_ENV=production) as a child process, then a tender
//    published with a deadline `--lead` seconds ahead (test/factories/offers.ts). Every client
//    opens the tender's offer overview once (warm-up, not measured) to get its CSRF cookie and the
//    hidden `csrf` field, like a browser.
// 3. At deadline − `--window` s all clients start at once (or spread over `--spread` s). Each one, like a browser without
//    JavaScript: GET the lot page → POST the 2 MB PDF (multipart, intent=upload, as the evidence
//    of the lot's requirement that asks for it) → POST the filled form (intent=save) → POST
//    intent=submit; each POST answers 302 and the client follows it (GET), as a browser does. The
//    receipt is the SHA-256 in the confirmation shown after the submit redirect. A request that
//    gets no answer (connection refused/reset, 120 s timeout) is retried after the server answers
//    /healthz again: the client reloads the lot page and carries on from what it shows (a receipt
//    there means the submit had committed; its own attachment there means the upload had).
// 4. --crash: when the chosen fraction of clients has sent its submit, the server gets SIGKILL and
//    is started again at once. Connection errors during the gap are expected; they are counted
//    separately and are not 5xx.
//
// Checks afterwards, straight in the database (the run fails, exit code 1, on any of them):
// - no HTTP answer ≥ 500, and every POST answered 302 (a 4xx means the flow broke);
// - lost = 0: every client ends with a receipt before the deadline;
// - every receipt a client got is an offer_versions row with that content_hash, of the client's
//   own organisation's offer on the lot, holding the client's own PDF (by SHA-256);
// - "no half-saved offer", per offer of the tender:
//   * status submitted ⇒ submitted_version and submitted_at set, the offer_versions row of
//     submitted_version exists with the same submitted_at, versions are numbered 1..n without
//     gaps and n = submitted_version, every version submitted before the deadline, one
//     offer_events 'submitted' row per version and one 'created' row;
//   * status draft ⇒ no submitted_version, no versions, no 'submitted' events (unchanged);
//   * every version is intact (verifyOfferVersion: the stored content_hash equals the hash
//     recomputed from the stored content, and every attachment's recorded SHA-256 equals the
//     SHA-256 of the stored bytes, computed in PostgreSQL);
//   * every attachment of the working copy (offers.draft) points at a stored_files row whose
//     bytes have the recorded SHA-256 and size;
//   * no orphaned upload: every stored_files row written by a load-test supplier is referenced by
//     an offer's working copy or a submitted version (storeFile runs in the transaction of the
//     draft update, so a crash must not leave a file without its offer);
// - the number of submitted offers equals the number of clients with a receipt.
// Reported: p50/p95/p99/max latency per step and end to end, submissions/s and upload MB/s over
// the rush, the server's peak RSS and CPU time, the machine's CPU use, and in --crash mode the
// requests in flight at the kill, the downtime and the retries.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createCookie } from "@remix-run/node";
import { eq, inArray, sql } from "drizzle-orm";
import { connectPostgres, type DatabaseHandle } from "../../app/db/connect.server";
import { rowsOf, runMigrations } from "../../app/db/migrate.server";
import { storedFileChunks, storedFiles } from "../../app/domain/files/files.sql";
import { seedReferenceBudgetLines } from "../../app/domain/finance/reference-budget";
import { logIn } from "../../app/domain/identity/sessions.server";
import { centsForInput } from "../../app/domain/offers/offer-forms";
import { offerEvents, offers, offerVersions } from "../../app/domain/offers/offer.sql";
import { applicableRequirements } from "../../app/domain/offers/offer-rules";
import { verifyOfferVersion } from "../../app/domain/offers/offers.server";
import { seedReferenceData } from "../../app/domain/reference-data/seed-reference-data.server";
import type { TenderContent } from "../../app/domain/tenders/tender-content";
import { systemClock } from "../../app/utils/clock.server";
import { createTestUser, TEST_PASSWORD } from "../../test/factories/identity";
import { completeOfferFields, createPublishedTenderWithLots, createTestSupplier } from "../../test/factories/offers";
import { cookieHeader, storeSetCookies } from "./cookie-jar";

// ---------------------------------------------------------------------------------------------
// Options

const { values: options } = parseArgs({
  options: {
    crash: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    clients: { type: "string", default: "100" },
    "size-mb": { type: "string", default: "2" },
    port: { type: "string", default: "3291" },
    lead: { type: "string", default: "85" },
    window: { type: "string", default: "60" },
    "crash-at": { type: "string" },
    "crash-after": { type: "string" },
    spread: { type: "string" },
    "database-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432" },
  },
});

const CLIENTS = Number(options.clients);
const FILE_BYTES = Math.round(Number(options["size-mb"]) * 1024 * 1024);
const PORT = Number(options.port);
const LEAD_MS = Number(options.lead) * 1000;
const WINDOW_MS = Number(options.window) * 1000;
const CRASH = options.crash;
const CRASH_AT = options["crash-at"] !== undefined ? Number(options["crash-at"]) : 0.3 + Math.random() * 0.2;
/** Alternatively: kill this many seconds into the rush (to strike during the uploads, say). */
const CRASH_AFTER_MS = options["crash-after"] !== undefined ? Number(options["crash-after"]) * 1000 : null;
// All at once is the harshest rush; in --crash mode arrivals are spread by default, so that the
// kill finds clients in every phase (uploading, saving, submitting) instead of all in one.
const SPREAD_MS = Number(options.spread ?? (options.crash ? 10 : 0)) * 1000;
const BASE_DATABASE_URL = options["database-url"];
const ORIGIN = `http://127.0.0.1:${PORT}`;
const REQUEST_TIMEOUT_MS = 120_000;
const MAX_ATTEMPTS = 6;

if (!Number.isInteger(CLIENTS) || CLIENTS < 1 || !(FILE_BYTES > 1024) || !(LEAD_MS > WINDOW_MS) || !(WINDOW_MS > 0) || !(CRASH_AT > 0 && CRASH_AT < 1) || !(SPREAD_MS >= 0 && SPREAD_MS < WINDOW_MS) || (CRASH_AFTER_MS !== null && !(CRASH_AFTER_MS >= 0 && CRASH_AFTER_MS < WINDOW_MS))) {
  console.error("Invalid options: --clients ≥ 1, --size-mb > 0, --lead > --window > 0, 0 < --crash-at < 1, 0 ≤ --spread < --window, 0 ≤ --crash-after < --window.");
  process.exit(2);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
if (!fs.existsSync(path.join(root, "build/index.js")) || !fs.existsSync(path.join(root, "public/build"))) {
  console.error(`No production build in ${root}: run \`npx remix build\` there first (this script builds nothing).`);
  process.exit(2);
}

const runId = new Date().toISOString().replace(/[-:TZ.]/g, "").slice(0, 14);
const databaseName = `portal_load_${runId}_${randomBytes(2).toString("hex")}`;
const databaseUrl = (() => {
  const url = new URL(BASE_DATABASE_URL);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-offers-load-"));
const SESSION_SECRET = randomBytes(32).toString("base64url");

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 23)}] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

// ---------------------------------------------------------------------------------------------
// A valid PDF of an exact size: one page with text, padded with an unreferenced binary stream.
// It starts with "%PDF-" (what storeFile sniffs) and has a correct xref table (pdfinfo reads it).

function buildPdf(label: string, targetBytes: number): Buffer {
  const assemble = (padding: number) => {
    const parts: Buffer[] = [];
    const offsets: number[] = [];
    let length = 0;
    const push = (chunk: string | Buffer) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk;
      parts.push(bytes);
      length += bytes.length;
    };
    push("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
    const text = `BT /F1 16 Tf 72 760 Td (${label.replace(/[()\\]/g, "")}) Tj ET\nBT /F1 11 Tf 72 736 Td (Bewijsstuk voor de belastingtest van het leerrouteportaal.) Tj ET\n`;
    const objects = [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ];
    objects.forEach((body, index) => {
      offsets.push(length);
      push(`${index + 1} 0 obj\n${body}\nendobj\n`);
    });
    offsets.push(length);
    push(`5 0 obj\n<< /Length ${Buffer.byteLength(text, "latin1")} >>\nstream\n${text}endstream\nendobj\n`);
    offsets.push(length);
    push(`6 0 obj\n<< /Length ${padding} >>\nstream\n`);
    push(randomBytes(padding));
    push("\nendstream\nendobj\n");
    const xref = length;
    push(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`);
    push(`trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
    return Buffer.concat(parts, length);
  };
  const first = assemble(Math.max(0, targetBytes - 1024));
  const padding = Math.max(0, targetBytes - 1024 + (targetBytes - first.length));
  return assemble(padding);
}

// ---------------------------------------------------------------------------------------------
// Statistics

type Step = "page" | "upload" | "upload→page" | "save" | "save→page" | "submit" | "submit→page";

interface Sample {
  step: Step;
  client: number;
  ms: number;
  status: number;
  startedAt: number;
  endedAt: number;
}

interface NoAnswer {
  step: Step;
  client: number;
  code: string;
  at: number;
}

const samples: Sample[] = [];
const noAnswers: NoAnswer[] = [];
const inFlight = new Map<Step, number>();

/** Nearest rank: the smallest sample with at least q of all samples at or below it. */
function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

function summarise(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN };
}

const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)}` : "–");

// ---------------------------------------------------------------------------------------------
// The server process

interface ServerRun {
  child: ChildProcess;
  pid: number;
  startedAt: number;
  peakRssKb: number;
  cpuTicks: number;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const serverLog = path.join(workDir, "server.log");
let server: ServerRun | null = null;
const serverRuns: ServerRun[] = [];

function procStatus(pid: number): { hwmKb: number; rssKb: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0);
    return { hwmKb: field("VmHWM"), rssKb: field("VmRSS") };
  } catch {
    return null;
  }
}

function procCpuTicks(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime + stime, after pid and (comm)
  } catch {
    return null;
  }
}

/** Peak RSS and CPU time of the current server, read while it is alive. */
function sampleServer() {
  if (!server) return;
  const status = procStatus(server.pid);
  if (status) server.peakRssKb = Math.max(server.peakRssKb, status.hwmKb);
  const ticks = procCpuTicks(server.pid);
  if (ticks !== null) server.cpuTicks = ticks;
}

async function healthy(): Promise<boolean> {
  try {
    const response = await fetch(`${ORIGIN}/healthz`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function startServer(): Promise<ServerRun> {
  const out = fs.openSync(serverLog, "a");
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", DATABASE_URL: databaseUrl, SESSION_SECRET, PORT: String(PORT), DATA_DIR: path.join(workDir, "data") };
  const nodeArgs = options.profile ? ["--cpu-prof", "--cpu-prof-dir", path.join(workDir, "profile")] : [];
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, "server.mjs")], { cwd: root, env, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const run: ServerRun = { child, pid: child.pid!, startedAt: performance.now(), peakRssKb: 0, cpuTicks: 0, exit };
  let exited = false;
  void exit.then(() => (exited = true));
  const limit = Date.now() + 60_000;
  while (Date.now() < limit && !exited) {
    if (await healthy()) {
      server = run;
      serverRuns.push(run);
      return run;
    }
    await sleep(50);
  }
  child.kill("SIGKILL");
  throw new Error(`the server did not become healthy within 60 s; see ${serverLog}`);
}

async function stopServer(signal: NodeJS.Signals = "SIGTERM") {
  const run = server;
  if (!run) return;
  sampleServer();
  server = null;
  run.child.kill(signal);
  await run.exit;
}

// ---------------------------------------------------------------------------------------------
// A browser-like HTTP client: cookie jar, CSRF field, manual redirects

class NoAnswerError extends Error {
  constructor(
    readonly step: Step,
    readonly code: string,
  ) {
    super(`${step}: no answer (${code})`);
  }
}

class UnexpectedAnswerError extends Error {
  constructor(
    readonly step: Step,
    readonly status: number,
    readonly excerpt: string,
  ) {
    super(`${step}: HTTP ${status}${excerpt ? ` – ${excerpt}` : ""}`);
  }
}

interface Client {
  index: number;
  organisationId: string;
  userId: string;
  cookies: Map<string, string>;
  csrf: string;
  pdf: Blob;
  pdfSha256: string;
  fileName: string;
  startedAt: number;
  finishedAt: number;
  attempts: number;
  receipt: string | null;
  receiptVia: "submit" | "page-after-retry" | null;
  receiptAt: number;
  uploadedBytes: number;
  uploadPosts: number;
  submitPosts: number;
  lostAnswers: Step[];
  failure: string | null;
}

function errorCode(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError" || error.name === "AbortError") return "timeout";
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return cause.code;
    if (cause?.message) return cause.message;
    return error.message;
  }
  return String(error);
}

async function send(client: Client, step: Step, url: string, init: { method?: string; body?: FormData } = {}): Promise<{ status: number; location: string | null; text: string }> {
  const headers: Record<string, string> = { Cookie: cookieHeader(client.cookies), "User-Agent": "offers-load" };
  if (init.method === "POST") headers.Origin = ORIGIN;
  const startedAt = performance.now();
  inFlight.set(step, (inFlight.get(step) ?? 0) + 1);
  try {
    const response = await fetch(url, { method: init.method ?? "GET", body: init.body, headers, redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await response.text();
    const endedAt = performance.now();
    samples.push({ step, client: client.index, ms: endedAt - startedAt, status: response.status, startedAt, endedAt });
    storeSetCookies(client.cookies, response);
    return { status: response.status, location: response.headers.get("location"), text };
  } catch (error) {
    const code = errorCode(error);
    noAnswers.push({ step, client: client.index, code, at: performance.now() });
    client.lostAnswers.push(step);
    throw new NoAnswerError(step, code);
  } finally {
    inFlight.set(step, (inFlight.get(step) ?? 1) - 1);
  }
}

function excerpt(html: string): string {
  const errors = [...html.matchAll(/id="[^"]*-fout"[^>]*>(?:<span[^>]*>[^<]*<\/span>)?([^<]{1,200})/g)].map((match) => match[1]!.trim());
  if (errors.length) return errors.slice(0, 3).join(" | ");
  return html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
}

const HASH_ON_PAGE = /data-testid="ontvangstbewijs-hash"[^>]*>\s*([0-9a-f]{64})\s*</;
const HASH_IN_FLASH = /Controlewaarde \(SHA-256\): ([0-9a-f]{64})/;

function csrfFrom(html: string): string | null {
  return /<input type="hidden" name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;
}

// ---------------------------------------------------------------------------------------------
// The offer form, as the lot page renders it (field names from offer-rules.ts `offerFields`)

interface OfferPlan {
  tenderId: string;
  lotId: string;
  lotPath: string;
  /** name → value of every typed field of a complete offer */
  fields: [string, string][];
  /** the upload's purpose: evidence of the requirement that asks for it */
  purpose: string;
}

function planOffer(tenderId: string, content: TenderContent): OfferPlan {
  const lot = content.lots[0]!;
  const typed = completeOfferFields(content, lot.id, { unitPriceCents: 3_500_00 });
  const fields: [string, string][] = [];
  for (const price of typed.prices) fields.push([`price-${price.priceComponentId}`, centsForInput(price.unitPriceCents)]);
  for (const answer of typed.answers) fields.push([`answer-${answer.criterionId}`, answer.text]);
  for (const requirement of typed.requirements) {
    fields.push([`met-${requirement.requirementId}`, requirement.met ? "ja" : "nee"]);
    fields.push([`explanation-${requirement.requirementId}`, requirement.explanation]);
  }
  fields.push(["espdDeclared", "on"], ["signedByName", typed.signedByName], ["signedByRole", typed.signedByRole]);
  const evidence = applicableRequirements(content, lot.id).filter((requirement) => requirement.evidenceRequired);
  if (evidence.length !== 1) throw new Error(`the load test expects exactly one requirement asking for evidence on lot 1, found ${evidence.length}`);
  return { tenderId, lotId: lot.id, lotPath: `/aanbestedingen/${tenderId}/inschrijving/${lot.id}`, fields, purpose: `requirement:${evidence[0]!.id}` };
}

/** Fails early when the page no longer has the fields this script posts. */
function checkFormMatches(html: string, plan: OfferPlan) {
  const names = new Set([...html.matchAll(/name="([^"]+)"/g)].map((match) => match[1]!));
  const missing = [...new Set(plan.fields.map(([name]) => name)), "csrf", "purpose", "file", "intent"].filter((name) => !names.has(name));
  if (missing.length) throw new Error(`the lot page lacks the fields ${missing.join(", ")}: update planOffer() in this script`);
  if (!html.includes(`value="${plan.purpose}"`)) throw new Error(`the lot page has no purpose option ${plan.purpose}`);
  for (const intent of ["upload", "save", "submit"]) {
    if (!html.includes(`name="intent" value="${intent}"`)) throw new Error(`the lot page has no button with intent ${intent}`);
  }
}

/** The offer form as the browser posts it: every field, the purpose select and the file input. */
function offerForm(client: Client, plan: OfferPlan, intent: "upload" | "save" | "submit", typed: boolean): FormData {
  const form = new FormData();
  form.append("csrf", client.csrf);
  if (typed) for (const [name, value] of plan.fields) form.append(name, value);
  if (intent === "upload") {
    form.append("purpose", plan.purpose);
    form.append("file", client.pdf, client.fileName);
  } else {
    // an empty file input: browsers send a part without a name and without content
    form.append("purpose", "");
    form.append("file", new Blob([], { type: "application/octet-stream" }), "");
  }
  form.append("intent", intent);
  return form;
}

/** Called each time a client sends its first submit POST (the --crash trigger counts them). */
let onFirstSubmit: () => void = () => undefined;

async function postAndFollow(client: Client, plan: OfferPlan, step: "upload" | "save" | "submit", form: FormData): Promise<string> {
  if (step === "upload") client.uploadPosts += 1;
  if (step === "submit") {
    client.submitPosts += 1;
    if (client.submitPosts === 1) queueMicrotask(onFirstSubmit);
  }
  const posted = await send(client, step, `${ORIGIN}${plan.lotPath}`, { method: "POST", body: form });
  if (posted.status !== 302 || !posted.location) throw new UnexpectedAnswerError(step, posted.status, excerpt(posted.text));
  if (step === "upload") client.uploadedBytes += client.pdf.size;
  const page = await send(client, `${step}→page`, new URL(posted.location, ORIGIN).toString());
  if (page.status !== 200) throw new UnexpectedAnswerError(`${step}→page`, page.status, excerpt(page.text));
  return page.text;
}

/** After a request got no answer: wait until the server answers /healthz again (at most 90 s). */
async function waitForServer() {
  const limit = Date.now() + 90_000;
  while (Date.now() < limit) {
    if (await healthy()) return;
    await sleep(100);
  }
  throw new Error("the server did not come back within 90 s");
}

async function runClient(client: Client, plan: OfferPlan, onReceipt: () => void) {
  if (SPREAD_MS > 0) await sleep(Math.random() * SPREAD_MS);
  client.startedAt = performance.now();
  let serverErrors = 0;
  while (client.attempts < MAX_ATTEMPTS) {
    client.attempts += 1;
    try {
      const page = await send(client, "page", `${ORIGIN}${plan.lotPath}`);
      if (page.status !== 200) throw new UnexpectedAnswerError("page", page.status, excerpt(page.text));
      const shownReceipt = HASH_ON_PAGE.exec(page.text)?.[1];
      if (shownReceipt) {
        // only after a request without an answer: the submit had committed
        client.receipt = shownReceipt;
        client.receiptVia = "page-after-retry";
        break;
      }
      if (!page.text.includes(`>${client.fileName}</a>`)) {
        await postAndFollow(client, plan, "upload", offerForm(client, plan, "upload", false));
      }
      await postAndFollow(client, plan, "save", offerForm(client, plan, "save", true));
      const confirmation = await postAndFollow(client, plan, "submit", offerForm(client, plan, "submit", true));
      const flashed = HASH_IN_FLASH.exec(confirmation)?.[1] ?? null;
      const shown = HASH_ON_PAGE.exec(confirmation)?.[1] ?? null;
      if (!flashed) throw new Error("no receipt hash in the confirmation after submitting");
      if (shown !== flashed) throw new Error(`the confirmation shows ${flashed} but the receipt section ${shown}`);
      client.receipt = flashed;
      client.receiptVia = "submit";
      break;
    } catch (error) {
      if (error instanceof NoAnswerError) {
        await waitForServer();
        continue;
      }
      if (error instanceof UnexpectedAnswerError && error.status >= 500 && serverErrors < 2) {
        serverErrors += 1;
        await sleep(500);
        continue;
      }
      client.failure = error instanceof Error ? error.message : String(error);
      break;
    }
  }
  if (!client.receipt && !client.failure) client.failure = `no receipt after ${client.attempts} attempts`;
  client.finishedAt = performance.now();
  if (client.receipt) {
    client.receiptAt = client.finishedAt;
    onReceipt();
  }
}

interface CrashInfo {
  at: number;
  receiptsBefore: number;
  submitsSentBefore: number;
  inFlight: Record<string, number>;
  restartMs: number;
  pidKilled: number;
  pidNew: number;
}

// ---------------------------------------------------------------------------------------------
// Machine CPU use over the rush (/proc/stat: all cores together)

/** CPU ticks of all PostgreSQL processes, including backends that exited (the postmaster's cutime/cstime). */
function postgresCpuTicks(): number {
  let ticks = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (comm !== "postgres") continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
      const parent = fs.readFileSync(`/proc/${fields[1]}/stat`, "utf8");
      const parentComm = parent.slice(parent.indexOf("(") + 1, parent.lastIndexOf(")"));
      if (parentComm !== "postgres") ticks += Number(fields[13]) + Number(fields[14]); // the postmaster: its reaped children
    } catch {
      // the process ended while we looked
    }
  }
  return ticks;
}

function cpuTimes(): { busy: number; total: number } {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

// ---------------------------------------------------------------------------------------------
// Main

let admin: DatabaseHandle | null = null;
let handle: DatabaseHandle | null = null;

async function cleanUp() {
  await stopServer("SIGTERM").catch(() => undefined);
  await handle?.close().catch(() => undefined);
  handle = null;
  if (admin) {
    if (!options.keep) await admin.db.execute(sql.raw(`drop database if exists "${databaseName}" with (force)`)).catch((error) => console.error(error));
    await admin.close().catch(() => undefined);
    admin = null;
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.error(`${signal}: stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  log(`offers load test: ${CLIENTS} clients, ${(FILE_BYTES / 2 ** 20).toFixed(1)} MiB PDF each${CRASH ? `, crash ${CRASH_AFTER_MS !== null ? `${CRASH_AFTER_MS / 1000} s into the rush` : `when ${(CRASH_AT * 100).toFixed(0)} % of the clients have sent their submit`}` : ""}; database ${databaseName}; logs in ${workDir}`);

  // 1. Database and data, through the domain code and the test factories
  admin = await connectPostgres(new URL("/postgres", BASE_DATABASE_URL).toString(), { max: 1 });
  await admin.db.execute(sql.raw(`create database "${databaseName}"`));
  handle = await connectPostgres(databaseUrl, { max: 4 });
  const db = handle.db;
  await runMigrations(db);
  await seedReferenceData(db);
  await seedReferenceBudgetLines(db);
  const projectgroup = await createTestUser(db, { roles: ["projectgroup"], name: "Projectgroep Belastingtest" });

  const setupStarted = performance.now();
  const suppliers: Awaited<ReturnType<typeof createTestSupplier>>[] = [];
  for (let index = 0; index < CLIENTS; index += 1) {
    suppliers.push(await createTestSupplier(db, { organisationName: `Taalschool Belasting ${String(index + 1).padStart(3, "0")}`, userName: `Inschrijver ${index + 1}` }));
  }
  const sessionCookie = createCookie("wf_sessie", { httpOnly: true, sameSite: "lax", path: "/", secrets: [SESSION_SECRET] });
  const clients: Client[] = new Array(CLIENTS);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(4, CLIENTS) }, async () => {
      while (next < CLIENTS) {
        const index = next++;
        const supplier = suppliers[index]!;
        const result = await logIn(db, systemClock, { email: supplier.supplier.email, password: TEST_PASSWORD, ipAddress: "127.0.0.1" });
        if (!result.ok) throw new Error(`login of ${supplier.supplier.email} failed: ${result.reason}`);
        const cookie = (await sessionCookie.serialize(result.sessionToken)).split(";")[0]!;
        const separator = cookie.indexOf("=");
        const pdf = buildPdf(`Inschrijving ${supplier.organisationName} (KvK ${supplier.kvkNumber})`, FILE_BYTES);
        clients[index] = {
          index,
          organisationId: supplier.organisationId,
          userId: supplier.supplier.id,
          cookies: new Map([[cookie.slice(0, separator), cookie.slice(separator + 1)]]),
          csrf: "",
          pdf: new Blob([new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.length) as Uint8Array<ArrayBuffer>], { type: "application/pdf" }),
          pdfSha256: createHash("sha256").update(pdf).digest("hex"),
          fileName: `bewijs-keurmerk-${String(index + 1).padStart(3, "0")}.pdf`,
          startedAt: 0,
          finishedAt: 0,
          attempts: 0,
          receipt: null,
          receiptVia: null,
          receiptAt: 0,
          uploadedBytes: 0,
          uploadPosts: 0,
          submitPosts: 0,
          lostAnswers: [],
          failure: null,
        };
      }
    }),
  );
  log(`${CLIENTS} verified suppliers created and logged in (${((performance.now() - setupStarted) / 1000).toFixed(1)} s)`);

  // 2. The server, then the tender with its deadline `--lead` seconds from now
  const firstStart = performance.now();
  await startServer();
  log(`server up (pid ${server!.pid}) in ${((performance.now() - firstStart) / 1000).toFixed(1)} s on ${ORIGIN}`);

  const deadline = new Date(Date.now() + LEAD_MS);
  const tender = await createPublishedTenderWithLots(db, systemClock, { submissionDeadline: deadline, questionDeadline: new Date(Date.now() - 60 * 60 * 1000), projectgroup });
  const plan = planOffer(tender.id, tender.content);
  log(`tender ${tender.reference} published; deadline ${deadline.toISOString()} (in ${(LEAD_MS / 1000).toFixed(0)} s); all clients on lot 1`);

  // warm-up: every client opens its offer overview (CSRF cookie and field); one checks the form
  const overview = `${ORIGIN}/aanbestedingen/${tender.id}/inschrijving`;
  await Promise.all(
    clients.map(async (client) => {
      const page = await send(client, "page", overview);
      const csrf = csrfFrom(page.text);
      if (page.status !== 200 || !csrf) throw new Error(`warm-up of client ${client.index}: HTTP ${page.status}${csrf ? "" : ", no csrf field"}`);
      client.csrf = csrf;
    }),
  );
  const lotPage = await send(clients[0]!, "page", `${ORIGIN}${plan.lotPath}`);
  if (lotPage.status !== 200) throw new Error(`lot page: HTTP ${lotPage.status}`);
  checkFormMatches(lotPage.text, plan);
  // the lot page without load, for comparison
  samples.length = 0;
  for (let run = 0; run < 10; run += 1) await send(clients[0]!, "page", `${ORIGIN}${plan.lotPath}`);
  const baseline = summarise(samples.map((sample) => sample.ms));
  samples.length = 0; // the warm-up is not measured
  const rushAt = deadline.getTime() - WINDOW_MS;
  if (Date.now() > rushAt) log(`WARNING: set-up took longer than lead − window; the rush starts ${((Date.now() - rushAt) / 1000).toFixed(1)} s late`);
  else log(`waiting ${((rushAt - Date.now()) / 1000).toFixed(1)} s until deadline − ${WINDOW_MS / 1000} s`);
  await sleep(rushAt - Date.now());

  // 3. The rush
  const sampler = setInterval(sampleServer, 200);
  sampleServer();
  const loadBefore = os.loadavg()[0]!;
  const rssBeforeMiB = Math.round((procStatus(server!.pid)?.rssKb ?? 0) / 1024);
  const cpuBefore = cpuTimes();
  const postgresCpuBefore = postgresCpuTicks();
  const ownCpuBefore = process.cpuUsage();
  const serverCpuBefore = server!.cpuTicks;
  const rushStarted = performance.now();
  const rushStartedWall = Date.now();
  log(`rush: ${CLIENTS} clients start ${SPREAD_MS ? `within ${SPREAD_MS / 1000} s from now` : "now"}, ${((deadline.getTime() - Date.now()) / 1000).toFixed(1)} s before the deadline; load average ${loadBefore.toFixed(2)}`);

  let receipts = 0;
  // an object, not two lets: TypeScript does not see assignments made inside the callback
  const crashState: { info: CrashInfo | null; running: Promise<void> | null } = { info: null, running: null };
  const crashThreshold = Math.max(1, Math.round(CRASH_AT * CLIENTS));
  const crashNow = (delayMs = 0) => {
    if (crashState.running) return;
    crashState.running = (async () => {
      await sleep(delayMs);
      // strike while a transaction can be open: wait (at most 3 s) for a POST in flight
      const gateLimit = performance.now() + 3_000;
      while (performance.now() < gateLimit && !(["upload", "save", "submit"] as const).some((step) => (inFlight.get(step) ?? 0) > 0)) await sleep(2);
      const victim = server!;
      sampleServer();
      const flying = Object.fromEntries([...inFlight].filter(([, count]) => count > 0));
      const at = performance.now();
      victim.child.kill("SIGKILL");
      await victim.exit;
      log(`CRASH: kill -9 of pid ${victim.pid} with ${submitsSent} submits sent and ${receipts} receipts given; in flight: ${JSON.stringify(flying)}`);
      server = null;
      const restarted = await startServer();
      const restartMs = performance.now() - at;
      log(`server restarted (pid ${restarted.pid}) ${(restartMs / 1000).toFixed(2)} s after the kill`);
      crashState.info = { at: at - rushStarted, receiptsBefore: receipts, submitsSentBefore: submitsSent, inFlight: flying, restartMs, pidKilled: victim.pid, pidNew: restarted.pid };
    })();
  };
  const onReceipt = () => {
    receipts += 1;
  };
  let submitsSent = 0;
  onFirstSubmit = () => {
    submitsSent += 1;
    if (CRASH && CRASH_AFTER_MS === null && submitsSent >= crashThreshold) crashNow(Math.random() * 250);
  };
  const crashTimer = CRASH && CRASH_AFTER_MS !== null ? setTimeout(() => crashNow(), CRASH_AFTER_MS) : null;
  await Promise.all(clients.map((client) => runClient(client, plan, onReceipt)));
  if (crashTimer) clearTimeout(crashTimer);
  if (crashState.running) await crashState.running;
  const rushEnded = performance.now();
  clearInterval(sampler);
  sampleServer();
  const cpuAfter = cpuTimes();
  const postgresCpuSeconds = (postgresCpuTicks() - postgresCpuBefore) / 100;
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const ownCpuSeconds = (ownCpu.user + ownCpu.system) / 1e6;
  const serverCpuTicks = serverRuns.reduce((sum, run, index) => sum + run.cpuTicks - (index === 0 ? serverCpuBefore : 0), 0);
  const beforeDeadlineMs = deadline.getTime() - (rushStartedWall + (rushEnded - rushStarted));
  log(`rush over in ${((rushEnded - rushStarted) / 1000).toFixed(1)} s, ${(beforeDeadlineMs / 1000).toFixed(1)} s before the deadline`);
  await stopServer("SIGTERM");

  // 4. Checks in the database
  const failures: string[] = [];
  const warnings: string[] = [];
  const serverErrors = samples.filter((sample) => sample.status >= 500);
  if (serverErrors.length) failures.push(`${serverErrors.length} answers ≥ 500 (${[...new Set(serverErrors.map((sample) => `${sample.step} ${sample.status}`))].join(", ")})`);
  const unexpected = samples.filter((sample) => sample.status < 500 && (sample.step === "upload" || sample.step === "save" || sample.step === "submit" ? sample.status !== 302 : sample.status !== 200));
  if (unexpected.length) failures.push(`${unexpected.length} unexpected answers (${[...new Set(unexpected.map((sample) => `${sample.step} ${sample.status}`))].join(", ")})`);
  const lost = clients.filter((client) => !client.receipt);
  if (lost.length) failures.push(`${lost.length} clients without a receipt: ${lost.slice(0, 5).map((client) => `#${client.index} ${client.failure}`).join("; ")}`);

  const tenderOffers = await db.select().from(offers).where(eq(offers.tenderId, tender.id));
  const offerIds = tenderOffers.map((offer) => offer.id);
  const versions = offerIds.length ? await db.select().from(offerVersions).where(inArray(offerVersions.offerId, offerIds)) : [];
  const events = offerIds.length ? await db.select({ offerId: offerEvents.offerId, kind: offerEvents.kind, version: offerEvents.version }).from(offerEvents).where(inArray(offerEvents.offerId, offerIds)) : [];
  const files = rowsOf<{ id: string; created_by_user_id: string | null; sha256: string; actual: string; size_bytes: number; length: number }>(
    // the bytes are in stored_file_chunks; joined per file (correlated), one file at a time
    await db.execute(sql`select f.id::text as id, f.created_by_user_id::text as created_by_user_id, f.sha256, encode(sha256(coalesce(whole.content, ''::bytea)), 'hex') as actual, f.size_bytes, coalesce(octet_length(whole.content), 0) as length from ${storedFiles} f cross join lateral (select string_agg(c.content, ''::bytea order by c.seq) as content from ${storedFileChunks} c where c.file_id = f.id) whole`),
  );
  const fileById = new Map(files.map((file) => [file.id, file]));

  // receipts
  let receiptsVerified = 0;
  for (const client of clients) {
    if (!client.receipt) continue;
    const matching = versions.filter((version) => version.contentHash === client.receipt);
    const offer = tenderOffers.find((candidate) => candidate.organisationId === client.organisationId && candidate.lotId === plan.lotId);
    if (matching.length !== 1) failures.push(`client #${client.index}: receipt ${client.receipt} is in ${matching.length} offer_versions rows`);
    else if (!offer || matching[0]!.offerId !== offer.id) failures.push(`client #${client.index}: receipt ${client.receipt} belongs to another offer`);
    else if (!matching[0]!.content.attachments.some((attachment) => attachment.sha256 === client.pdfSha256)) failures.push(`client #${client.index}: the version of its receipt does not hold its PDF`);
    else if (offer.status !== "submitted" || offer.submittedVersion !== matching[0]!.version) failures.push(`client #${client.index}: its offer is ${offer.status} v${offer.submittedVersion}, the receipt is of v${matching[0]!.version}`);
    else receiptsVerified += 1;
  }

  // offers vs versions vs events vs files
  const referenced = new Set<string>();
  let versionsIntact = 0;
  for (const offer of tenderOffers) {
    const own = versions.filter((version) => version.offerId === offer.id).sort((a, b) => a.version - b.version);
    const ownEvents = events.filter((event) => event.offerId === offer.id);
    const submittedEvents = ownEvents.filter((event) => event.kind === "submitted");
    const label = `offer ${offer.id.slice(0, 8)}`;
    if (ownEvents.filter((event) => event.kind === "created").length !== 1) failures.push(`${label}: ${ownEvents.filter((event) => event.kind === "created").length} 'created' events`);
    for (const attachment of offer.draft.attachments) {
      referenced.add(attachment.fileId);
      const file = fileById.get(attachment.fileId);
      if (!file) failures.push(`${label}: draft attachment ${attachment.fileId} has no stored file`);
      else if (file.actual !== attachment.sha256 || file.sha256 !== attachment.sha256 || file.length !== attachment.sizeBytes) failures.push(`${label}: draft attachment ${attachment.fileId} differs from its stored bytes`);
    }
    for (const version of own) for (const attachment of version.content.attachments) referenced.add(attachment.fileId);
    if (offer.status === "draft") {
      if (offer.submittedVersion !== null || own.length || submittedEvents.length) failures.push(`${label}: draft with submitted_version ${offer.submittedVersion}, ${own.length} versions, ${submittedEvents.length} submitted events`);
      continue;
    }
    if (offer.status !== "submitted") {
      failures.push(`${label}: status ${offer.status}, not expected in this test`);
      continue;
    }
    const current = own.find((version) => version.version === offer.submittedVersion);
    if (offer.submittedVersion === null || !offer.submittedAt || !current) failures.push(`${label}: submitted, but version ${offer.submittedVersion} is missing`);
    else if (current.submittedAt.getTime() !== offer.submittedAt.getTime()) failures.push(`${label}: submitted_at differs from its version's`);
    if (own.some((version, index) => version.version !== index + 1) || own.length !== offer.submittedVersion) failures.push(`${label}: versions ${own.map((version) => version.version).join(",")} with submitted_version ${offer.submittedVersion}`);
    if (own.some((version) => version.submittedAt.getTime() >= deadline.getTime())) failures.push(`${label}: a version submitted at or after the deadline`);
    if (submittedEvents.length !== own.length) failures.push(`${label}: ${own.length} versions but ${submittedEvents.length} submitted events`);
    for (const version of own) {
      const check = await verifyOfferVersion(db, offer.id, version.version);
      if (check.intact) versionsIntact += 1;
      else failures.push(`${label} v${version.version}: not intact (hash ${check.hashMatches ? "ok" : "MISMATCH"}, attachments ${check.attachments.filter((attachment) => !attachment.matches).length} bad)`);
    }
  }
  const supplierIds = new Set(clients.map((client) => client.userId));
  const orphans = files.filter((file) => file.created_by_user_id !== null && supplierIds.has(file.created_by_user_id) && !referenced.has(file.id));
  if (orphans.length) failures.push(`${orphans.length} orphaned uploads in stored_files (written by a supplier, referenced by no offer)`);
  const submittedOffers = tenderOffers.filter((offer) => offer.status === "submitted").length;
  const withReceipt = clients.filter((client) => client.receipt).length;
  if (submittedOffers !== withReceipt) failures.push(`${submittedOffers} submitted offers but ${withReceipt} clients with a receipt`);
  const duplicateUploads = tenderOffers.filter((offer) => offer.draft.attachments.length > 1).length;
  if (duplicateUploads) warnings.push(`${duplicateUploads} offers hold more than one attachment (an upload repeated after a lost answer)`);

  // 5. Report
  const rushSeconds = (rushEnded - rushStarted) / 1000;
  const lastReceipt = Math.max(...clients.map((client) => client.receiptAt || 0)) - rushStarted;
  const uploadedBytes = clients.reduce((sum, client) => sum + client.uploadedBytes, 0);
  const uploads = samples.filter((sample) => sample.step === "upload" && sample.status === 302);
  const uploadSpan = uploads.length ? (Math.max(...uploads.map((sample) => sample.endedAt)) - Math.min(...uploads.map((sample) => sample.startedAt))) / 1000 : Number.NaN;
  const cpuBusy = (cpuAfter.busy - cpuBefore.busy) / Math.max(1, cpuAfter.total - cpuBefore.total);
  const busyCoreSeconds = (cpuAfter.busy - cpuBefore.busy) / 100;
  const otherCpuSeconds = Math.max(0, busyCoreSeconds - serverCpuTicks / 100 - postgresCpuSeconds - ownCpuSeconds);

  const steps: Step[] = ["page", "upload", "upload→page", "save", "save→page", "submit", "submit→page"];
  const rows = steps.map((step) => {
    const own = samples.filter((sample) => sample.step === step);
    const statuses = Object.entries(own.reduce<Record<number, number>>((counts, sample) => ({ ...counts, [sample.status]: (counts[sample.status] ?? 0) + 1 }), {}))
      .map(([status, count]) => `${status}×${count}`)
      .join(" ");
    return { step, ...summarise(own.map((sample) => sample.ms)), statuses, noAnswer: noAnswers.filter((entry) => entry.step === step).length };
  });
  const endToEnd = summarise(clients.filter((client) => client.receipt).map((client) => client.finishedAt - client.startedAt));

  console.log("");
  console.log(`Offers load test${CRASH ? " with kill -9" : ""}: ${CLIENTS} suppliers, ${(FILE_BYTES / 2 ** 20).toFixed(1)} MiB PDF each, PostgreSQL, production build on ${ORIGIN}`);
  console.log(`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load generator, server and PostgreSQL share it`);
  console.log("");
  const header = ["step", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "HTTP status", "no answer"];
  const table = [header, ...rows.map((row) => [row.step, String(row.n), ms(row.p50), ms(row.p95), ms(row.p99), ms(row.max), row.statuses || "–", String(row.noAnswer)])];
  table.push(["end to end", String(endToEnd.n), ms(endToEnd.p50), ms(endToEnd.p95), ms(endToEnd.p99), ms(endToEnd.max), "", ""]);
  const widths = header.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  for (const [index, row] of table.entries()) {
    console.log(row.map((cell, column) => (column === 0 || column === 6 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  "));
    if (index === 0) console.log(widths.map((width) => "-".repeat(width)).join("  "));
  }
  console.log("");
  console.log(`Rush: ${rushSeconds.toFixed(1)} s (last receipt after ${(lastReceipt / 1000).toFixed(1)} s), ended ${(beforeDeadlineMs / 1000).toFixed(1)} s before the deadline`);
  console.log(`Throughput: ${(withReceipt / (lastReceipt / 1000)).toFixed(2)} submissions/s; uploads ${(uploadedBytes / 1e6).toFixed(0)} MB in ${uploadSpan.toFixed(1)} s = ${(uploadedBytes / 1e6 / uploadSpan).toFixed(1)} MB/s (${(uploadedBytes / 1e6 / (lastReceipt / 1000)).toFixed(1)} MB/s over the whole rush)`);
  console.log(`Server: RSS ${rssBeforeMiB} MiB before the rush, peak ${serverRuns.map((run) => `${Math.round(run.peakRssKb / 1024)} MiB`).join(" / ")}; lot page unloaded (10 sequential GETs before the rush): p50 ${ms(baseline.p50)} ms, max ${ms(baseline.max)} ms`);
  console.log(
    `CPU during the rush: machine ${(cpuBusy * 100).toFixed(0)} % busy of ${os.cpus().length} cores (${busyCoreSeconds.toFixed(1)} core-s): server ${(serverCpuTicks / 100).toFixed(1)} s, PostgreSQL ${postgresCpuSeconds.toFixed(1)} s, load generator ${ownCpuSeconds.toFixed(1)} s, other processes ${otherCpuSeconds.toFixed(1)} s; load average at the start ${loadBefore.toFixed(2)}`,
  );
  const codes = Object.entries(noAnswers.reduce<Record<string, number>>((counts, entry) => ({ ...counts, [entry.code]: (counts[entry.code] ?? 0) + 1 }), {}));
  console.log(`Requests without an answer: ${noAnswers.length}${codes.length ? ` (${codes.map(([code, count]) => `${code}×${count}`).join(", ")})` : ""}; clients that retried: ${clients.filter((client) => client.attempts > 1).length}`);
  const finalCrash = crashState.info;
  if (CRASH) {
    if (finalCrash) {
      console.log(
        `Crash: kill -9 at ${(finalCrash.at / 1000).toFixed(1)} s into the rush, after ${finalCrash.submitsSentBefore} submits sent and ${finalCrash.receiptsBefore} receipts; in flight then: ${JSON.stringify(finalCrash.inFlight)}; healthy again after ${(finalCrash.restartMs / 1000).toFixed(2)} s`,
      );
      if (finalCrash.receiptsBefore >= CLIENTS) failures.push("--crash: the kill came after every client had its receipt, so it tested nothing; use a lower --crash-at or --crash-after");
    } else {
      failures.push("--crash: the crash never happened");
    }
    console.log(`Receipts: ${clients.filter((client) => client.receiptVia === "submit").length} from the submit answer, ${clients.filter((client) => client.receiptVia === "page-after-retry").length} read from the lot page after a retry (the submit had committed; its answer or the page after it was lost)`);
    const lostSubmit = clients.filter((client) => client.lostAnswers.includes("submit"));
    const lostUpload = clients.filter((client) => client.lostAnswers.includes("upload"));
    console.log(
      `Answers lost by the kill: submit ${lostSubmit.length} (${lostSubmit.filter((client) => client.receiptVia === "page-after-retry").length} had committed, ${lostSubmit.filter((client) => client.submitPosts > 1).length} submitted again), upload ${lostUpload.length} (${lostUpload.filter((client) => client.uploadPosts === 1).length} had committed, ${lostUpload.filter((client) => client.uploadPosts > 1).length} uploaded again), save ${clients.filter((client) => client.lostAnswers.includes("save")).length}, GETs ${clients.filter((client) => client.lostAnswers.some((step) => step === "page" || step.endsWith("→page"))).length}`,
    );
  }
  console.log("");
  console.log(`Checks: ${tenderOffers.length} offers, ${submittedOffers} submitted, ${versions.length} versions (${versionsIntact} intact), ${receiptsVerified}/${withReceipt} receipts found with their own PDF, ${orphans.length} orphaned uploads, ${serverErrors.length} answers ≥ 500, ${lost.length} lost`);
  for (const warning of warnings) console.log(`warning: ${warning}`);
  const summary = {
    clients: CLIENTS,
    fileBytes: FILE_BYTES,
    crash: CRASH ? finalCrash : undefined,
    rushSeconds: Number(rushSeconds.toFixed(2)),
    submissionsPerSecond: Number((withReceipt / (lastReceipt / 1000)).toFixed(2)),
    uploadMBps: Number((uploadedBytes / 1e6 / uploadSpan).toFixed(1)),
    latencyMs: Object.fromEntries([...rows.map((row) => [row.step, { p50: Math.round(row.p50), p95: Math.round(row.p95), max: Math.round(row.max) }]), ["endToEnd", { p50: Math.round(endToEnd.p50), p95: Math.round(endToEnd.p95), max: Math.round(endToEnd.max) }]]),
    serverErrors: serverErrors.length,
    noAnswer: noAnswers.length,
    lost: lost.length,
    orphans: orphans.length,
    rssBeforeMiB,
    peakRssMiB: serverRuns.map((run) => Math.round(run.peakRssKb / 1024)),
    cpuSeconds: { server: Number((serverCpuTicks / 100).toFixed(1)), postgres: Number(postgresCpuSeconds.toFixed(1)), loadGenerator: Number(ownCpuSeconds.toFixed(1)), other: Number(otherCpuSeconds.toFixed(1)), machineBusyPercent: Math.round(cpuBusy * 100), loadAverage: Number(loadBefore.toFixed(2)) },
    spreadSeconds: SPREAD_MS / 1000,
    failures,
  };
  console.log(JSON.stringify(summary));
  if (failures.length) {
    console.log("");
    console.log(`FAILED (${failures.length}):`);
    for (const failure of failures.slice(0, 30)) console.log(`  ✘ ${failure}`);
    const errorsInLog = fs.readFileSync(serverLog, "utf8").split("\n").filter((line) => /error/i.test(line));
    if (errorsInLog.length) console.log(`server log ${serverLog}: ${errorsInLog.length} lines with "error", first: ${errorsInLog[0]}`);
    return 1;
  }
  console.log("OK: no answer ≥ 500, nothing lost, no half-saved offer.");
  if (options.profile) console.log(`CPU profiles: ${path.join(workDir, "profile")}`);
  else fs.rmSync(workDir, { recursive: true, force: true });
  return 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(error);
  console.error(`server log: ${serverLog}`);
  exitCode = 1;
} finally {
  await cleanUp();
  if (options.keep) console.log(`database kept: ${databaseUrl}`);
}
process.exit(exitCode);
