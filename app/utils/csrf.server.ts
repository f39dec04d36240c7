import { randomBytes, timingSafeEqual } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { secureCookies, sessionSecret } from "./secrets.server";

export const CSRF_FIELD = "csrf";

let csrfCookie: ReturnType<typeof createCookie> | undefined;

function getCsrfCookie() {
  csrfCookie ??= createCookie("wf_csrf", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: secureCookies(),
    secrets: [sessionSecret()],
  });
  return csrfCookie;
}

/**
 * The CSRF token of this browser (double-submit: a signed cookie and the same value in every
 * form). Returns the Set-Cookie header when a new token had to be issued.
 */
export async function csrfTokenFor(request: Request): Promise<{ token: string; setCookie: string | null }> {
  const existing = await getCsrfCookie().parse(request.headers.get("Cookie"));
  if (typeof existing === "string" && existing.length >= 32) return { token: existing, setCookie: null };
  const token = randomBytes(32).toString("base64url");
  return { token, setCookie: await getCsrfCookie().serialize(token) };
}

export class CsrfError extends Error {}

function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("Origin");
  if (origin) return origin === new URL(request.url).origin;
  // No Origin header (old browsers, some privacy settings): fall back to Fetch Metadata.
  const site = request.headers.get("Sec-Fetch-Site");
  return site === null || site === "same-origin" || site === "none";
}

/** Refuses a mutating request from another site or without this browser's token. */
export async function verifyCsrf(request: Request, form: FormData): Promise<void> {
  if (!sameOrigin(request)) throw new CsrfError("cross-origin request");
  const cookieToken = await getCsrfCookie().parse(request.headers.get("Cookie"));
  const formToken = form.get(CSRF_FIELD);
  if (typeof cookieToken !== "string" || typeof formToken !== "string") throw new CsrfError("missing token");
  const a = Buffer.from(cookieToken);
  const b = Buffer.from(formToken);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new CsrfError("token mismatch");
}
