// `npm start`: builds first when there is no build, then runs the production server.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { spawnSync, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules/.bin", name);

if (!existsSync(path.join(root, "build/index.js")) || !existsSync(path.join(root, "public/build"))) {
  console.log("Geen build gevonden: het portaal wordt eerst gebouwd (remix build)…");
  const result = spawnSync(bin("remix"), ["build"], { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// NODE_ENV=production requires SESSION_SECRET. The demo on the embedded database gets one that
// is generated once and kept in the data folder, so sessions survive a restart.
const env = { ...process.env };
env.NODE_ENV ??= "production";
if (env.NODE_ENV === "production" && !env.DATABASE_URL && !env.SESSION_SECRET) {
  const dataDir = path.resolve(root, env.DATA_DIR ?? "data");
  const secretFile = path.join(dataDir, "session-secret");
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString("base64url"), { mode: 0o600 });
  env.SESSION_SECRET = readFileSync(secretFile, "utf8").trim();
}
const child = spawn(process.execPath, [path.join(root, "server.mjs")], { cwd: root, stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
