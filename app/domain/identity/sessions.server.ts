import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, gte, lt } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { recordAudit } from "../audit/audit.server";
import { loginAttempts, sessions, users } from "./identity.sql";
import { decoyPasswordHash, verifyPassword } from "./password.server";
import type { Actor } from "./roles";
import {
  isSessionExpired,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_IP,
  minutesUntilRetry,
  SESSION_TOUCH_INTERVAL_MS,
  THROTTLE_WINDOW_MS,
} from "./session-rules";
import { loadActor } from "./users.server";

export type LoginResult =
  | { ok: true; sessionToken: string; actor: Actor }
  | { ok: false; reason: "invalidCredentials" }
  | { ok: false; reason: "throttled"; retryAfterMinutes: number };

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

async function oldestFailureOverLimit(db: Db, column: typeof loginAttempts.email | typeof loginAttempts.ipAddress, value: string, limit: number, since: Date) {
  const failures = await db
    .select({ attemptedAt: loginAttempts.attemptedAt })
    .from(loginAttempts)
    .where(and(eq(column, value), eq(loginAttempts.succeeded, false), gte(loginAttempts.attemptedAt, since)))
    .orderBy(asc(loginAttempts.attemptedAt));
  // the window frees up when the oldest of the last `limit` failures leaves it
  return failures.length >= limit ? failures[failures.length - limit]!.attemptedAt : null;
}

/**
 * Checks the credentials and opens a session. Throttled before the password is even looked at,
 * so a locked-out attacker learns nothing more.
 */
export async function logIn(
  db: Db,
  clock: Clock,
  credentials: { email: string; password: string; ipAddress: string },
): Promise<LoginResult> {
  const now = clock.now();
  const email = credentials.email.trim().toLowerCase();
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const accountBlock = await oldestFailureOverLimit(db, loginAttempts.email, email, MAX_FAILURES_PER_ACCOUNT, since);
  const ipBlock = await oldestFailureOverLimit(db, loginAttempts.ipAddress, credentials.ipAddress, MAX_FAILURES_PER_IP, since);
  const block = [accountBlock, ipBlock].filter((date): date is Date => date !== null).sort((a, b) => b.getTime() - a.getTime())[0];
  if (block) return { ok: false, reason: "throttled", retryAfterMinutes: minutesUntilRetry(block, now) };

  const [user] = await db.select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(eq(users.email, email));
  const passwordMatches = await verifyPassword(credentials.password, user?.passwordHash ?? (await decoyPasswordHash()));
  const actor = user && passwordMatches ? await loadActor(db, user.id) : null;

  if (!actor) {
    await db.insert(loginAttempts).values({ email, ipAddress: credentials.ipAddress, succeeded: false, attemptedAt: now });
    return { ok: false, reason: "invalidCredentials" };
  }

  const sessionToken = randomBytes(32).toString("base64url");
  await db.transaction(async (tx) => {
    await tx.insert(loginAttempts).values({ email, ipAddress: credentials.ipAddress, succeeded: true, attemptedAt: now });
    await tx.insert(sessions).values({
      tokenHash: hashToken(sessionToken),
      userId: actor.id,
      createdAt: now,
      lastSeenAt: now,
      ipAddress: credentials.ipAddress,
    });
    await recordAudit(tx, clock, {
      actor,
      action: "session.loggedIn",
      entityType: "user",
      entityId: actor.id,
      summary: `${actor.name} ingelogd`,
    });
  });
  return { ok: true, sessionToken, actor };
}

/** The signed-in actor for a session token, or null when the session is unknown or expired. */
export async function actorForSession(db: Db, clock: Clock, sessionToken: string): Promise<Actor | null> {
  const now = clock.now();
  const tokenHash = hashToken(sessionToken);
  const [session] = await db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash));
  if (!session) return null;
  if (isSessionExpired(session, now)) {
    await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return null;
  }
  const actor = await loadActor(db, session.userId);
  if (!actor) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  return actor;
}

export async function logOut(db: Db, clock: Clock, sessionToken: string): Promise<void> {
  const tokenHash = hashToken(sessionToken);
  await db.transaction(async (tx) => {
    const [session] = await tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).returning();
    if (!session) return;
    const actor = await loadActor(tx, session.userId);
    if (actor) {
      await recordAudit(tx, clock, {
        actor,
        action: "session.loggedOut",
        entityType: "user",
        entityId: actor.id,
        summary: `${actor.name} uitgelogd`,
      });
    }
  });
}

/** Housekeeping: forget login attempts and sessions that can no longer matter. */
export async function purgeExpiredSessions(db: Db, clock: Clock): Promise<void> {
  const now = clock.now().getTime();
  await db.delete(loginAttempts).where(lt(loginAttempts.attemptedAt, new Date(now - 24 * 60 * 60 * 1000)));
  await db.delete(sessions).where(lt(sessions.lastSeenAt, new Date(now - 24 * 60 * 60 * 1000)));
}
