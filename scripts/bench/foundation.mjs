// Benchmark of the foundation: cold start (npm start of a built app on an empty data folder,
// until the first 200) and the login page's response time. Usage: npm run bench:foundation
// Targets (issue "Portal foundation"): cold start < 15 s; median login page < 50 ms.
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import http from "node:http";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const runs = Number(process.env.BENCH_COLD_RUNS ?? 3);
const requests = Number(process.env.BENCH_REQUESTS ?? 300);
const port = Number(process.env.BENCH_PORT ?? 3190);

if (!existsSync(path.join(root, "build/index.js"))) {
  console.log("Geen build: eerst remix build");
  spawnSync(path.join(root, "node_modules/.bin/remix"), ["build"], { cwd: root, stdio: "inherit" });
}

function get(urlPath) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const request = http.get({ host: "127.0.0.1", port, path: urlPath, agent: keepAlive }, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    request.on("error", () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
  });
}
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function startServer(dataDir) {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: "", NODE_ENV: "production" },
  });
  const deadline = started + 60_000;
  while (Date.now() < deadline) {
    const { status } = await get("/login");
    if (status === 200) return { child, coldStartMs: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  throw new Error("server did not answer within 60 s");
}

async function stopServer(child) {
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

const coldStarts = [];
let latencies = [];
for (let run = 0; run < runs; run += 1) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "portal-bench-"));
  const { child, coldStartMs } = await startServer(dataDir);
  coldStarts.push(coldStartMs);
  if (run === runs - 1) {
    for (let i = 0; i < 30; i += 1) await get("/login"); // warm-up
    for (let i = 0; i < requests; i += 1) {
      const { status, ms } = await get("/login");
      if (status !== 200) throw new Error(`login page answered ${status}`);
      latencies.push(ms);
    }
  }
  await stopServer(child);
  rmSync(dataDir, { recursive: true, force: true });
}
keepAlive.destroy();

latencies = latencies.sort((a, b) => a - b);
const sortedStarts = [...coldStarts].sort((a, b) => a - b);
const result = {
  machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  coldStartMs: { runs: coldStarts, median: quantile(sortedStarts, 0.5), max: sortedStarts.at(-1), target: 15_000 },
  loginPageMs: {
    requests,
    median: Number(quantile(latencies, 0.5).toFixed(2)),
    p95: Number(quantile(latencies, 0.95).toFixed(2)),
    max: Number(latencies.at(-1).toFixed(2)),
    target: 50,
  },
};
console.log(JSON.stringify(result, null, 2));
const ok = result.coldStartMs.max < 15_000 && result.loginPageMs.median < 50;
console.log(ok ? "Binnen de doelen." : "Doel NIET gehaald.");
process.exit(ok ? 0 : 1);
