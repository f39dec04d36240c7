import { and, asc, count, desc, eq, inArray, isNull, lt, notInArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { getEnv } from "../../utils/env.server";
import { assertPermission } from "../identity/authorize";
import type { Actor } from "../identity/roles";
import { mailOutbox, notifications } from "./notifications.sql";

export interface NotificationRecipient {
  userId: string;
  email: string;
}

export interface NotificationMessage {
  title: string;
  body: string;
  /** A path inside the portal ("/aanbestedingen/…"), shown as "Bekijken". */
  link?: string;
  /** Also e-mail it (default). In-app only for things nobody needs to act on. */
  sendMail?: boolean;
}

/** Retries of a failed mail stop after this many attempts; the row stays "failed" in the outbox. */
export const MAX_MAIL_ATTEMPTS = 5;

function isPortalPath(link: string): boolean {
  // Only same-site paths: a notification must never become a link to somewhere else.
  return link.startsWith("/") && !link.startsWith("//") && !link.startsWith("/\\");
}

function mailText(message: NotificationMessage): string {
  const lines = [message.body.trim(), ""];
  // No public base URL is configured, so the path is given as a place in the portal.
  if (message.link) lines.push(`U vindt dit in het Leerrouteportaal Westfriesland op: ${message.link}`, "");
  lines.push(
    "U ontvangt deze e-mail omdat u een account heeft in het Leerrouteportaal Westfriesland. Dit bericht staat ook onder Meldingen in het portaal.",
    "Dit is een automatisch bericht; antwoorden op deze e-mail worden niet gelezen.",
  );
  return lines.join("\n");
}

/**
 * Announces something to users: one in-app notification each and, unless `sendMail` is false,
 * one e-mail each in the outbox with status "pending". Call it with the transaction of the change
 * it announces, so a change that rolls back announces nothing; after the commit the caller runs
 * `deliverPendingMail`.
 *
 * Sealed offers (shared/design/domain.md §5: before the opening nobody on the municipal side,
 * administrators included, sees an offer's content, count, receipts, files, audit rows or
 * mails): nothing passed here may carry offer content before the opening (prices, answers,
 * attachments, which lots were bid on). Mind that the outbox is readable by administrators and
 * mail leaves the portal: even a submission receipt to the supplier reveals that an offer
 * exists, so until the opening such a message goes in-app only (`sendMail: false`, the
 * notification is visible to its recipient alone) or the outbox must hide it from admins.
 */
export async function notifyUsers(
  tx: Db,
  clock: Clock,
  recipients: readonly NotificationRecipient[],
  message: NotificationMessage,
): Promise<void> {
  if (!message.title.trim() || !message.body.trim()) throw new Error("A notification needs a title and a body.");
  if (message.link !== undefined && !isPortalPath(message.link)) throw new Error(`A notification link must be a portal path, got "${message.link}".`);
  // one message per person, even when a caller collects the same user through two roles
  const unique = [...new Map(recipients.map((recipient) => [recipient.userId, recipient])).values()];
  if (unique.length === 0) return;

  const now = clock.now();
  const title = message.title.trim();
  await tx.insert(notifications).values(
    unique.map((recipient) => ({ userId: recipient.userId, createdAt: now, title, body: message.body.trim(), link: message.link ?? null })),
  );
  if (message.sendMail ?? true) {
    const subject = title.replace(/[\r\n]+/g, " ");
    const bodyText = mailText(message);
    await tx.insert(mailOutbox).values(unique.map((recipient) => ({ recipient: recipient.email, subject, bodyText, createdAt: now, status: "pending" as const })));
  }
}

/**
 * Queues one e-mail to an address that has no account yet (an invitation to become a user), in
 * the caller's transaction. Users with an account are reached with `notifyUsers` instead. The
 * same rules hold: portal paths only, and never offer content (administrators read the outbox).
 */
export async function queueMailToAddress(
  tx: Db,
  clock: Clock,
  recipient: string,
  message: { subject: string; body: string; link?: string },
): Promise<void> {
  const address = recipient.trim().toLowerCase();
  if (!address || /[\s,;<>]/.test(address)) throw new Error(`Not one e-mail address: "${recipient}".`);
  if (!message.subject.trim() || !message.body.trim()) throw new Error("A mail needs a subject and a body.");
  if (message.link !== undefined && !isPortalPath(message.link)) throw new Error(`A mail link must be a portal path, got "${message.link}".`);
  const lines = [message.body.trim(), ""];
  if (message.link) lines.push(`U vindt dit in het Leerrouteportaal Westfriesland op: ${message.link}`, "");
  lines.push("Dit is een automatisch bericht; antwoorden op deze e-mail worden niet gelezen.");
  await tx.insert(mailOutbox).values({
    recipient: address,
    subject: message.subject.trim().replace(/[\r\n]+/g, " "),
    bodyText: lines.join("\n"),
    createdAt: clock.now(),
    status: "pending",
  });
}

// ---------------------------------------------------------------------------------------------
// Delivery

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** What delivery needs of nodemailer; tests pass a fake. */
export interface MailTransport {
  sendMail(mail: OutgoingMail): Promise<unknown>;
}

export interface DeliveryReport {
  sent: number;
  failed: number;
  notConfigured: number;
}

// Small batches: each batch holds its rows locked while talking to the SMTP server, and on the
// embedded database a transaction holds the only connection.
const BATCH_SIZE = 10;
// One run is bounded; what is left is taken by the next run.
const MAX_PER_RUN = 200;
const MAX_ERROR_LENGTH = 1000;

let smtpTransport: { url: string; transport: MailTransport } | undefined;

/** The SMTP transport for SMTP_URL, or null when mail is not configured. */
async function transportFromEnv(): Promise<MailTransport | null> {
  const url = getEnv().SMTP_URL;
  if (!url) return null;
  if (smtpTransport?.url !== url) {
    // loaded only when mail is configured, so the demo never needs it
    const nodemailer = await import("nodemailer");
    const transport = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
      // we send plain text only: nodemailer must never read files or fetch URLs for a message
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    smtpTransport = { url, transport };
  }
  return smtpTransport.transport;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, MAX_ERROR_LENGTH) || "Onbekende fout";
}

/**
 * Sends the outbox. Run it AFTER the commit that queued the mail (never inside it: a rolled-back
 * change must not have sent anything, and SMTP must not hold a transaction open longer than needed).
 *
 * With a transport (SMTP_URL set, or one passed in), each pending mail, and each failed one with
 * fewer than MAX_MAIL_ATTEMPTS attempts, is sent once per run and marked "sent" or "failed"
 * (attempts + 1, the error kept). Without one, pending mail is marked "notConfigured" and stays
 * readable in the outbox for an administrator.
 *
 * Several app instances may run this at the same time: each batch is selected FOR UPDATE SKIP
 * LOCKED inside its own transaction, so a mail locked by one instance is skipped by the others
 * and is sent once. (If the process dies after the SMTP server accepted a mail but before the
 * commit, that mail is sent again later: at least once, never silently lost.)
 */
export async function deliverPendingMail(db: Db, clock: Clock, transport?: MailTransport | null): Promise<DeliveryReport> {
  const activeTransport = transport === undefined ? await transportFromEnv() : transport;
  const from = getEnv().MAIL_FROM;
  const report: DeliveryReport = { sent: 0, failed: 0, notConfigured: 0 };
  // a mail that fails in this run is retried in a later run, not again straight away
  const handled: string[] = [];

  const deliverable = activeTransport
    ? or(eq(mailOutbox.status, "pending"), and(eq(mailOutbox.status, "failed"), lt(mailOutbox.attempts, MAX_MAIL_ATTEMPTS)))
    : eq(mailOutbox.status, "pending");

  while (handled.length < MAX_PER_RUN) {
    const processed = await db.transaction(async (tx) => {
      const batch = await tx
        .select()
        .from(mailOutbox)
        .where(handled.length ? and(deliverable, notInArray(mailOutbox.id, handled)) : deliverable)
        .orderBy(asc(mailOutbox.createdAt), asc(mailOutbox.id))
        .limit(BATCH_SIZE)
        .for("update", { skipLocked: true });
      for (const mail of batch) {
        handled.push(mail.id);
        if (!activeTransport) {
          await tx.update(mailOutbox).set({ status: "notConfigured" }).where(eq(mailOutbox.id, mail.id));
          report.notConfigured += 1;
          continue;
        }
        try {
          await activeTransport.sendMail({ from, to: mail.recipient, subject: mail.subject, text: mail.bodyText });
          await tx
            .update(mailOutbox)
            .set({ status: "sent", sentAt: clock.now(), attempts: sql`${mailOutbox.attempts} + 1`, lastError: null })
            .where(eq(mailOutbox.id, mail.id));
          report.sent += 1;
        } catch (error) {
          await tx
            .update(mailOutbox)
            .set({ status: "failed", attempts: sql`${mailOutbox.attempts} + 1`, lastError: errorText(error) })
            .where(eq(mailOutbox.id, mail.id));
          report.failed += 1;
        }
      }
      return batch.length;
    });
    if (processed < BATCH_SIZE) break;
  }
  return report;
}

/**
 * For a route, right after a command that queued mail has committed: starts delivery without
 * making the user wait for the SMTP server. A failure is logged; the mail stays in the outbox
 * and the next run picks it up.
 */
export function startMailDelivery(db: Db, clock: Clock): void {
  deliverPendingMail(db, clock).catch((error: unknown) => {
    console.error("Delivering the outbox failed; the mail stays queued.", error);
  });
}

// ---------------------------------------------------------------------------------------------
// A user's own notifications

/** The actor's own notifications, newest first. There is no way to ask for someone else's. */
export async function listNotifications(db: Db, actor: Actor, options: { unreadOnly?: boolean; limit?: number } = {}) {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
  return db
    .select({
      id: notifications.id,
      createdAt: notifications.createdAt,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.id), options.unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export async function countUnreadNotifications(db: Db, actor: Actor): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt)));
  return row?.value ?? 0;
}

const notificationIdsSchema = z.array(z.uuid("Onbekende melding.")).max(500, "Markeer hoogstens 500 meldingen tegelijk.");

/**
 * Marks the actor's own notifications as read: the given ones, or "all". Ids of other users'
 * notifications are ignored (they are not the actor's to mark), and so are ones already read.
 * Returns how many were marked.
 */
export async function markNotificationsRead(db: Db, clock: Clock, actor: Actor, ids: readonly string[] | "all"): Promise<number> {
  const own = and(eq(notifications.userId, actor.id), isNull(notifications.readAt));
  let where = own;
  if (ids !== "all") {
    const parsed = notificationIdsSchema.parse(ids);
    if (parsed.length === 0) return 0;
    where = and(own, inArray(notifications.id, parsed));
  }
  const marked = await db.update(notifications).set({ readAt: clock.now() }).where(where).returning({ id: notifications.id });
  return marked.length;
}

// ---------------------------------------------------------------------------------------------
// The outbox, for administrators

/** The newest outgoing e-mails, for an administrator checking what the portal sent or kept. */
export async function listOutbox(db: Db, actor: Actor, options: { limit?: number } = {}) {
  assertPermission(actor, "read:mailOutbox");
  const limit = Math.min(Math.max(options.limit ?? 200, 1), 1000);
  return db.select().from(mailOutbox).orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id)).limit(limit);
}
