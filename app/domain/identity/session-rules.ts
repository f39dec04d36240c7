// Session and sign-in limits. A portal that shows sealed offers and municipal figures signs
// people out after half an hour without activity, and after a working day in any case.
export const SESSION_IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_TIMEOUT_MS = 10 * 60 * 60 * 1000;
// lastSeenAt is written at most once a minute, not on every request
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;

// Throttling: 5 failures per account per 15 minutes; 20 per IP address, because a municipal
// office or a language school signs in from one shared address.
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
}

export function isSessionExpired(session: SessionTimes, now: Date): boolean {
  const nowMs = now.getTime();
  return (
    nowMs - session.lastSeenAt.getTime() >= SESSION_IDLE_TIMEOUT_MS ||
    nowMs - session.createdAt.getTime() >= SESSION_ABSOLUTE_TIMEOUT_MS
  );
}

/** Minutes until the oldest failure in the window leaves it, rounded up, at least 1. */
export function minutesUntilRetry(oldestFailureInWindow: Date, now: Date): number {
  const freeAt = oldestFailureInWindow.getTime() + THROTTLE_WINDOW_MS;
  return Math.max(1, Math.ceil((freeAt - now.getTime()) / 60_000));
}
