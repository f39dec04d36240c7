// The regional dashboard's server response on the NATIONAL data set (issue 7, scale criterion):
// "p95 under 200 ms on this 2-core machine and within 3× of the bare SQL aggregation it needs
// (measure both in one run)". Not part of `npm test`.
//
//   npm run build                          # this script builds nothing: it needs build/ and public/build/
//   npx tsx scripts/bench/dashboard.ts [--database-url postgres://postgres@127.0.0.1:5432/portal_national_bench] [--runs 50] [--warm-up 5] [--port 3293]
//   (npm run bench:dashboard -- --runs 100)
//
// What happens:
// 1. The national data set (scripts/bench/national-dataset.ts) is made sure of: the database is
//    created, migrated and filled (generateNationalDataset) when it does not hold it yet; an
//    existing set is used as it is.
// 2. The production server (`node server.mjs`, NODE_ENV=production, DATABASE_URL = that database)
//    is started as a child process, and the contract manager and the municipality viewer of
//    Gemeente 001 log in through the login form (CSRF field and cookie from GET /login, as a browser).
// 3. In ONE run, alternating request by request so both see the same machine load:
//    - "dashboard (loader JSON)": GET /dashboard?_data=routes/dashboard as the contract manager,
//      the regional dashboard's server response (auth, filters, getDashboard, JSON);
//    - "dashboard (HTML)": GET /dashboard, the full server-rendered page, as a second figure;
//    - "bare SQL": timeBareDashboardSql (scripts/bench/dashboard-sql.ts), the single aggregation
//      of every accepted figure row per period × leerroute the dashboard needs, on a connection of
//      this process;
//    - "own aggregation": the dashboard's own statement (aggregateAcceptedFigures with
//      dashboardGroupingSets, the sets it rolls up included) for the year shown, on that same
//      connection: what of the loader's time is its own SQL, for comparison only.
//    Then the same for the municipality viewer (its own figures beside the regional totals: a
//    second aggregation) and for a filtered request (?leerroute=z&jaar=2025).
//    `--warm-up` rounds of each first (not counted), then `--runs` of each.
// 4. Reported: median and p95 (nearest rank) of each, the ratio dashboard p95 / bare p95 (and, for
//    information, dashboard p95 / own-aggregation p95), and
//    PASS/FAIL against p95 < 200 ms and ratio ≤ 3 (regional dashboard, loader JSON). Exit code 1
//    on FAIL. The server's log stays in the run's folder in the system's temp directory.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { like, sql } from "drizzle-orm";
import { connectPostgres } from "../../app/db/connect.server";
import { rowsOf, runMigrations } from "../../app/db/migrate.server";
import { contracts } from "../../app/domain/contracts/contract.sql";
import { seedReferenceBudgetLines } from "../../app/domain/finance/reference-budget";
import { seedLocalOfferings } from "../../app/domain/local-offerings/local-offerings.server";
import { seedReferenceData } from "../../app/domain/reference-data/seed-reference-data.server";
import { dashboardGroupingSets } from "../../app/domain/dashboards/dashboard.server";
import { aggregateAcceptedFigures } from "../../app/domain/dashboards/kpi-measurements.server";
import { cookieHeader, storeSetCookies } from "./cookie-jar";
import { median, percentile, timeBareDashboardSql } from "./dashboard-sql";
import { DEFAULT_NATIONAL_DATABASE_URL, generateNationalDataset, NATIONAL_BENCH_PASSWORD, NATIONAL_CONTRACT_PREFIX } from "./national-dataset";

const { values: options } = parseArgs({
  options: {
    "database-url": { type: "string", default: DEFAULT_NATIONAL_DATABASE_URL },
    runs: { type: "string", default: "50" },
    "warm-up": { type: "string", default: "5" },
    port: { type: "string", default: "3293" },
  },
});
const RUNS = Number(options.runs);
const WARM_UP = Number(options["warm-up"]);
const PORT = Number(options.port);
const DATABASE_URL = options["database-url"];
const ORIGIN = `http://127.0.0.1:${PORT}`;
const TARGET_P95_MS = 200;
const TARGET_RATIO = 3;
if (!(Number.isInteger(RUNS) && RUNS >= 1) || !(Number.isInteger(WARM_UP) && WARM_UP >= 0) || !(PORT > 0)) {
  console.error("Invalid options: --runs ≥ 1, --warm-up ≥ 0, --port > 0.");
  process.exit(2);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
if (!fs.existsSync(path.join(root, "build/index.js")) || !fs.existsSync(path.join(root, "public/build"))) {
  console.error(`Geen productiebuild in ${root}: draai eerst \`npm run build\` (dit script bouwt niets).\nNo production build in ${root}: run \`npm run build\` first (this script builds nothing).`);
  process.exit(2);
}

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 23)}] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-dashboard-bench-"));
const serverLog = path.join(workDir, "server.log");

// ---------------------------------------------------------------------------------------------
// 1. The data set

async function ensureNationalDataset(url: string) {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Give a database name of letters, digits and _ in --database-url (got "${name}").`);
  const adminUrl = new URL(parsed);
  adminUrl.pathname = "/postgres";
  const admin = await connectPostgres(adminUrl.toString(), { max: 1 });
  try {
    if (rowsOf(await admin.db.execute(sql`select 1 from pg_database where datname = ${name}`)).length === 0) {
      await admin.db.execute(sql.raw(`create database "${name}"`));
      log(`database ${name} created`);
    }
  } finally {
    await admin.close();
  }
  const handle = await connectPostgres(url, { max: 2 });
  try {
    const [existing] = await handle.db.select({ id: contracts.id }).from(contracts).where(like(contracts.number, `${NATIONAL_CONTRACT_PREFIX}%`)).limit(1);
    if (existing) return;
    log(`${name} holds no national data set: generating it (a few minutes)`);
    await runMigrations(handle.db);
    await seedReferenceData(handle.db);
    await seedReferenceBudgetLines(handle.db);
    await seedLocalOfferings(handle.db, { now: () => new Date("2023-01-02T08:00:00Z") });
    const counts = await generateNationalDataset(handle.db);
    log(`national data set generated: ${counts.progressReportFigures} figure rows`);
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. The server and the browser-like clients

let server: ChildProcess | null = null;

async function healthy(): Promise<boolean> {
  try {
    const response = await fetch(`${ORIGIN}/healthz`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function startServer() {
  if (await healthy()) throw new Error(`something already answers on port ${PORT}: choose another with --port`);
  const out = fs.openSync(serverLog, "a");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    DATABASE_URL,
    SESSION_SECRET: randomBytes(32).toString("base64url"),
    PORT: String(PORT),
    DATA_DIR: path.join(workDir, "data"),
  };
  const child = spawn(process.execPath, [path.join(root, "server.mjs")], { cwd: root, env, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  let exited = false;
  child.on("exit", () => (exited = true));
  const limit = Date.now() + 120_000;
  while (Date.now() < limit && !exited) {
    if (await healthy()) {
      server = child;
      return;
    }
    await sleep(100);
  }
  child.kill("SIGKILL");
  throw new Error(`the server did not become healthy within 120 s; see ${serverLog}`);
}

async function stopServer() {
  const child = server;
  if (!child || child.exitCode !== null) return;
  server = null;
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(10_000).then(() => child.kill("SIGKILL"))]);
}

class Client {
  readonly cookies = new Map<string, string>();
  constructor(readonly label: string) {}

  async send(urlPath: string, init: { method?: string; body?: URLSearchParams } = {}) {
    const headers: Record<string, string> = { "User-Agent": "dashboard-bench", Cookie: cookieHeader(this.cookies) };
    if (init.method === "POST") headers.Origin = ORIGIN;
    const started = performance.now();
    const response = await fetch(`${ORIGIN}${urlPath}`, { method: init.method ?? "GET", body: init.body, headers, redirect: "manual", signal: AbortSignal.timeout(60_000) });
    const text = await response.text();
    const ms = performance.now() - started;
    storeSetCookies(this.cookies, response);
    return { status: response.status, location: response.headers.get("location"), text, ms };
  }

  /** As a browser: GET /login (the CSRF cookie and hidden field), then POST the form. */
  async logIn(email: string) {
    const page = await this.send("/login");
    const csrf = /<input type="hidden" name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (page.status !== 200 || !csrf) throw new Error(`${this.label}: the login page answered ${page.status} without a csrf field`);
    const answer = await this.send("/login", { method: "POST", body: new URLSearchParams({ csrf, email, password: NATIONAL_BENCH_PASSWORD, redirectTo: "/dashboard" }) });
    if (answer.status !== 302 || !this.cookies.has("wf_sessie")) throw new Error(`${this.label}: logging in as ${email} answered ${answer.status} (expected 302 with a session cookie); is the national data set complete?`);
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Measuring

interface Series {
  label: string;
  timings: number[];
}
const series = (label: string): Series => ({ label, timings: [] });

function checkLoaderJson(label: string, answer: { status: number; text: string }) {
  if (answer.status !== 200) throw new Error(`${label}: HTTP ${answer.status} – ${answer.text.slice(0, 300)}`);
  const body = JSON.parse(answer.text) as { dashboard?: { kpis?: unknown[]; year?: number } };
  if (!body.dashboard || !Array.isArray(body.dashboard.kpis) || body.dashboard.kpis.length === 0) throw new Error(`${label}: the loader JSON holds no dashboard with KPIs`);
  return body.dashboard;
}

function checkHtml(label: string, answer: { status: number; text: string }) {
  if (answer.status !== 200 || !answer.text.includes("<html")) throw new Error(`${label}: HTTP ${answer.status}, no page`);
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const summary = (s: Series) => ({ label: s.label, runs: s.timings.length, medianMs: round(median(s.timings)), p95Ms: round(percentile(s.timings, 0.95)), minMs: round(Math.min(...s.timings)), maxMs: round(Math.max(...s.timings)) });

async function main() {
  log(`run folder ${workDir}`);
  await ensureNationalDataset(DATABASE_URL);
  const bench = await connectPostgres(DATABASE_URL, { max: 1 });
  try {
    const [{ n: figureRows } = { n: 0 }] = rowsOf<{ n: number }>(await bench.db.execute(sql`select count(*)::int as n from progress_report_figures`));
    log(`national data set: ${figureRows} figure rows; starting the server on ${ORIGIN}`);
    const serverStarted = performance.now();
    await startServer();
    log(`server healthy after ${((performance.now() - serverStarted) / 1000).toFixed(1)} s`);

    const manager = new Client("contract manager");
    await manager.logIn("contractmanager@nationaal.bench.test");
    const viewer = new Client("municipality viewer");
    await viewer.logIn("gemeente-001@nationaal.bench.test");

    const regionalData = series("regionaal dashboard, loader-JSON (GET /dashboard?_data=routes/dashboard)");
    const regionalHtml = series("regionaal dashboard, HTML (GET /dashboard)");
    const bare = series("kale SQL-aggregatie (timeBareDashboardSql)");
    const ownAggregation = series("eigen aggregatie van het dashboard (aggregateAcceptedFigures)");
    const viewerData = series("gemeente-001, loader-JSON");
    const viewerHtml = series("gemeente-001, HTML");
    const filteredPath = "/dashboard?leerroute=z&jaar=2025";
    const filteredData = series(`gefilterd ${filteredPath.slice("/dashboard".length)}, loader-JSON`);
    const filteredHtml = series(`gefilterd ${filteredPath.slice("/dashboard".length)}, HTML`);
    const dataPath = (pathAndQuery: string) => `${pathAndQuery}${pathAndQuery.includes("?") ? "&" : "?"}_data=routes/dashboard`;

    // the first answers, checked (and counted as warm-up)
    const first = checkLoaderJson(regionalData.label, await manager.send(dataPath("/dashboard")));
    log(`regional dashboard: year ${first.year}, ${first.kpis!.length} KPIs`);
    checkLoaderJson(viewerData.label, await viewer.send(dataPath("/dashboard")));
    checkLoaderJson(filteredData.label, await manager.send(dataPath(filteredPath)));

    const rounds = WARM_UP + RUNS;
    for (let index = 0; index < rounds; index += 1) {
      const counted = index >= WARM_UP;
      const record = (target: Series, ms: number) => counted && target.timings.push(ms);
      // regional: loader JSON, bare SQL, HTML (the bare SQL between the two, so both see the same load)
      const data = await manager.send(dataPath("/dashboard"));
      checkLoaderJson(regionalData.label, data);
      record(regionalData, data.ms);
      record(bare, (await timeBareDashboardSql(bench.db, 1))[0]!);
      const ownStarted = performance.now();
      await aggregateAcceptedFigures(bench.db, { year: first.year }, dashboardGroupingSets({}));
      record(ownAggregation, performance.now() - ownStarted);
      const html = await manager.send("/dashboard");
      checkHtml(regionalHtml.label, html);
      record(regionalHtml, html.ms);
      // the municipality viewer: own figures beside the regional totals
      const own = await viewer.send(dataPath("/dashboard"));
      checkLoaderJson(viewerData.label, own);
      record(viewerData, own.ms);
      const ownHtml = await viewer.send("/dashboard");
      checkHtml(viewerHtml.label, ownHtml);
      record(viewerHtml, ownHtml.ms);
      // a filtered request
      const filtered = await manager.send(dataPath(filteredPath));
      checkLoaderJson(filteredData.label, filtered);
      record(filteredData, filtered.ms);
      const filteredPage = await manager.send(filteredPath);
      checkHtml(filteredHtml.label, filteredPage);
      record(filteredHtml, filteredPage.ms);
      if (counted && (index - WARM_UP + 1) % 10 === 0) log(`${index - WARM_UP + 1}/${RUNS} rounds`);
    }

    const all = [regionalData, bare, ownAggregation, regionalHtml, viewerData, viewerHtml, filteredData, filteredHtml].map(summary);
    const ratio = percentile(regionalData.timings, 0.95) / percentile(bare.timings, 0.95);
    const p95 = percentile(regionalData.timings, 0.95);
    const p95Ok = p95 < TARGET_P95_MS;
    const ratioOk = ratio <= TARGET_RATIO;
    console.log("");
    console.log(`Dashboard op de landelijke set (${figureRows} cijferrijen), ${RUNS} rondes na ${WARM_UP} opwarmrondes, ${os.cpus().length} cores, Node ${process.version}:`);
    for (const line of all) console.log(`  ${line.label.padEnd(72)} mediaan ${String(line.medianMs).padStart(6)} ms   p95 ${String(line.p95Ms).padStart(6)} ms   (min ${line.minMs}, max ${line.maxMs})`);
    const ownRatio = percentile(regionalData.timings, 0.95) / percentile(ownAggregation.timings, 0.95);
    console.log(`  verhouding dashboard-p95 / kale-SQL-p95: ${ratio.toFixed(2)}×   (ter informatie: / eigen-aggregatie-p95: ${ownRatio.toFixed(2)}×)`);
    console.log(`  ${p95Ok ? "PASS" : "FAIL"}  p95 regionaal dashboard ${round(p95)} ms < ${TARGET_P95_MS} ms`);
    console.log(`  ${ratioOk ? "PASS" : "FAIL"}  binnen ${TARGET_RATIO}× de kale SQL (${ratio.toFixed(2)}×)`);
    console.log(JSON.stringify({ figureRows, runs: RUNS, warmUp: WARM_UP, cores: os.cpus().length, loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100), series: all, ratio: Math.round(ratio * 100) / 100, ownAggregationRatio: Math.round(ownRatio * 100) / 100, pass: p95Ok && ratioOk }));
    process.exitCode = p95Ok && ratioOk ? 0 : 1;
  } finally {
    await stopServer();
    await bench.close();
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error(`server log: ${serverLog}`);
  await stopServer();
  process.exitCode = 1;
}
