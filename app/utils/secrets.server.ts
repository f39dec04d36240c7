import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { dataDir, getEnv } from "./env.server";

let secret: string | undefined;

/**
 * SESSION_SECRET signs the session and CSRF cookies. Production must set it; the embedded demo
 * generates one and keeps it in the data folder so that sessions survive a restart.
 */
export function sessionSecret(): string {
  if (secret) return secret;
  const env = getEnv();
  if (env.SESSION_SECRET) {
    secret = env.SESSION_SECRET;
    return secret;
  }
  const file = path.join(dataDir(), "session-secret");
  fs.mkdirSync(dataDir(), { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  secret = fs.readFileSync(file, "utf8").trim();
  return secret;
}

export function secureCookies(): boolean {
  const env = getEnv();
  // Secure cookies need HTTPS; http://localhost counts as secure in browsers, so the demo works.
  return env.COOKIE_SECURE === undefined ? env.NODE_ENV === "production" : env.COOKIE_SECURE === "1";
}
