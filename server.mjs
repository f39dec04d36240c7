// Production server: serves the Remix build and static assets, sets security headers, and
// closes the database cleanly on SIGTERM/SIGINT (remix-serve does not).
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { isCrossSiteMutation, securityHeaders } from "./server/http-policy.mjs";

const root = path.dirname(fileURLToPath(import.meta.url));
const build = await import(pathToFileURL(path.join(root, "build/index.js")).href);
const entry = build.entry.module;

// Fails fast on a bad configuration (missing SESSION_SECRET in production, a test clock outside tests).
const env = entry.getEnv();
await entry.openDatabase();

const app = express();
app.disable("x-powered-by");
if (env.TRUST_PROXY) app.set("trust proxy", /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY);
app.use(compression());
app.use((req, res, next) => {
  for (const [name, value] of Object.entries(securityHeaders({ production: env.NODE_ENV === "production" }))) {
    res.setHeader(name, value);
  }
  next();
});
// A first line of defence against cross-site form posts; each action also checks its CSRF token.
app.use((req, res, next) => {
  if (isCrossSiteMutation(req.method, req.headers)) {
    res.status(403).type("text/plain; charset=utf-8").send("Geweigerd: dit verzoek komt niet van deze website.");
    return;
  }
  next();
});

// Fingerprinted assets never change; everything else in public/ is cached briefly.
app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

app.all(
  "*",
  createRequestHandler({
    build,
    mode: env.NODE_ENV,
    getLoadContext: (req) => ({ clientIp: req.ip ?? req.socket.remoteAddress ?? "onbekend" }),
  }),
);

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => {
  console.log(`Leerrouteportaal draait op http://localhost:${port} (${env.DATABASE_URL ? "PostgreSQL" : "ingebouwde database in " + path.resolve(env.DATA_DIR)})`);
});

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} ontvangen: portaal stopt.`);
  const forced = setTimeout(() => process.exit(1), 10_000);
  forced.unref();
  server.close();
  server.closeIdleConnections?.();
  try {
    await entry.closeDatabase();
  } catch (error) {
    console.error(error);
  }
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
