import { createCookie, redirect, type AppLoadContext } from "@remix-run/node";
import { getDb } from "../db.server";
import { hasPermission, type Permission } from "../domain/identity/permissions";
import type { Actor } from "../domain/identity/roles";
import { SESSION_ABSOLUTE_TIMEOUT_MS } from "../domain/identity/session-rules";
import { actorForSession } from "../domain/identity/sessions.server";
import { getServerClock } from "./clock.server";
import { secureCookies, sessionSecret } from "./secrets.server";

let sessionCookie: ReturnType<typeof createCookie> | undefined;

function getSessionCookie() {
  sessionCookie ??= createCookie("wf_sessie", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: secureCookies(),
    secrets: [sessionSecret()],
    maxAge: SESSION_ABSOLUTE_TIMEOUT_MS / 1000,
  });
  return sessionCookie;
}

export async function sessionTokenFrom(request: Request): Promise<string | null> {
  const value = await getSessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export function commitSessionToken(token: string): Promise<string> {
  return getSessionCookie().serialize(token);
}

export function clearSessionCookie(): Promise<string> {
  return getSessionCookie().serialize("", { maxAge: 0 });
}

// One lookup per request, even when the root loader and a route loader both ask.
const actorByRequest = new WeakMap<Request, Promise<Actor | null>>();

export function getOptionalActor(request: Request): Promise<Actor | null> {
  let pending = actorByRequest.get(request);
  if (!pending) {
    pending = (async () => {
      const token = await sessionTokenFrom(request);
      if (!token) return null;
      return actorForSession(await getDb(), getServerClock(), token);
    })();
    actorByRequest.set(request, pending);
  }
  return pending;
}

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const target = `${url.pathname}${url.search}`;
  const query = target && target !== "/" ? `?redirectTo=${encodeURIComponent(target)}` : "";
  return redirect(`/login${query}`);
}

/** The signed-in actor; anyone else is sent to the login page and comes back afterwards. */
export async function requireActor(request: Request): Promise<Actor> {
  const actor = await getOptionalActor(request);
  if (!actor) throw loginRedirect(request);
  return actor;
}

/** The signed-in actor holding `permission`; a signed-in actor without it gets the 403 page. */
export async function requirePermission(request: Request, permission: Permission): Promise<Actor> {
  const actor = await requireActor(request);
  if (!hasPermission(actor, permission)) {
    throw new Response("Geen toegang", { status: 403, statusText: "Geen toegang" });
  }
  return actor;
}

export function clientIp(context: AppLoadContext): string {
  return context.clientIp ?? "onbekend";
}

/** Only same-site paths: an open redirect after login would be a phishing aid. */
export function safeRedirectPath(target: FormDataEntryValue | string | null | undefined, fallback = "/overzicht"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) {
    return fallback;
  }
  return target;
}
