// Delivery without a transport reads SMTP_URL; this file tests the unconfigured portal.
// (getEnv() caches on first use, which is after this line.)
vi.stubEnv("SMTP_URL", "");
vi.stubEnv("MAIL_FROM", "");

import { asc, eq, sql } from "drizzle-orm";
import { createTestUser } from "../../../test/factories/identity";
import { caught } from "../../../test/factories/errors";
import { useTestDatabase } from "../../../test/setup/test-database";
import type { Db } from "../../db/types";
import { createMovableClock } from "../../utils/clock.server";
import { ForbiddenError } from "../errors";
import type { Actor } from "../identity/roles";
import {
  countUnreadNotifications,
  deliverPendingMail,
  listNotifications,
  listOutbox,
  markNotificationsRead,
  MAX_MAIL_ATTEMPTS,
  notifyUsers,
  startMailDelivery,
  type MailTransport,
  type OutgoingMail,
} from "./notifications.server";
import { mailOutbox, notifications } from "./notifications.sql";

const database = useTestDatabase();
const clock = createMovableClock(new Date("2026-03-02T09:00:00Z"));

const message = {
  title: "Nota van inlichtingen gepubliceerd",
  body: "De nota van inlichtingen voor aanbesteding WF-2026-01 is gepubliceerd.",
  link: "/aanbestedingen/wf-2026-01",
};

function recipient(user: Actor) {
  return { userId: user.id, email: user.email };
}

async function outbox(db: Db) {
  return db.select().from(mailOutbox).orderBy(asc(mailOutbox.createdAt), asc(mailOutbox.recipient));
}

async function notificationCount(db: Db): Promise<number> {
  return (await db.select({ n: sql<number>`count(*)::int` }).from(notifications))[0]!.n;
}

function fakeTransport(behaviour: (mail: OutgoingMail) => Promise<void> = async () => {}): MailTransport & { sent: OutgoingMail[] } {
  const sent: OutgoingMail[] = [];
  return {
    sent,
    async sendMail(mail) {
      await behaviour(mail);
      sent.push(mail);
    },
  };
}

describe("announcing something to users", () => {
  test("each user gets one notification and one pending e-mail, even when listed twice", async () => {
    const { db } = database();
    const [ada, bob] = [await createTestUser(db, { roles: ["supplier"] }), await createTestUser(db, { roles: ["supplier"] })];

    await notifyUsers(db, clock, [recipient(ada!), recipient(bob!), recipient(ada!)], message);

    expect(await listNotifications(db, ada!)).toEqual([
      { id: expect.any(String), createdAt: expect.any(Date), title: message.title, body: message.body, link: message.link, readAt: null },
    ]);
    const mails = await outbox(db);
    expect(mails.map((mail) => mail.recipient).sort()).toEqual([ada!.email, bob!.email].sort());
    expect(mails[0]).toMatchObject({ subject: message.title, status: "pending", attempts: 0, sentAt: null, lastError: null });
    expect(mails[0]!.bodyText).toContain(message.body);
    expect(mails[0]!.bodyText).toContain("/aanbestedingen/wf-2026-01");
  });

  test("with sendMail false only the in-app notification is made", async () => {
    const { db } = database();
    const ada = await createTestUser(db, { roles: ["supplier"] });
    await notifyUsers(db, clock, [recipient(ada)], { ...message, sendMail: false });
    expect(await notificationCount(db)).toBe(1);
    expect(await outbox(db)).toEqual([]);
  });

  test("a change that rolls back announces nothing: no notification and no mail", async () => {
    const { db } = database();
    const ada = await createTestUser(db, { roles: ["supplier"] });
    await caught(() =>
      db.transaction(async (tx) => {
        await notifyUsers(tx, clock, [recipient(ada)], message);
        throw new Error("publishing failed after the notification was queued");
      }),
    );
    expect(await notificationCount(db)).toBe(0);
    expect(await outbox(db)).toEqual([]);
  });

  test("a link to another site is a programming error and nothing is written", async () => {
    const { db } = database();
    const ada = await createTestUser(db, { roles: ["supplier"] });
    for (const link of ["https://evil.example/", "//evil.example", "/\\evil.example", "aanbestedingen"]) {
      expect(await caught(() => notifyUsers(db, clock, [recipient(ada)], { ...message, link }))).toBeInstanceOf(Error);
    }
    expect(await notificationCount(db)).toBe(0);
  });
});

describe("delivering the outbox after the commit", () => {
  test("a working transport sends each pending mail once and marks it sent", async () => {
    const { db } = database();
    const ada = await createTestUser(db, { roles: ["supplier"] });
    await notifyUsers(db, clock, [recipient(ada)], message);
    const transport = fakeTransport();

    expect(await deliverPendingMail(db, clock, transport)).toEqual({ sent: 1, failed: 0, notConfigured: 0 });

    expect(transport.sent).toEqual([
      {
        from: "Leerrouteportaal Westfriesland <noreply@leerrouteportaal.invalid>",
        to: ada.email,
        subject: message.title,
        text: expect.stringContaining(message.body),
      },
    ]);
    const [mail] = await outbox(db);
    expect(mail).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(mail!.sentAt).toBeInstanceOf(Date);
    // a second run has nothing left to send
    expect(await deliverPendingMail(db, clock, transport)).toEqual({ sent: 0, failed: 0, notConfigured: 0 });
    expect(transport.sent).toHaveLength(1);
  });

  test("a failing transport marks the mail failed with the error; later runs retry up to 5 attempts", async () => {
    const { db } = database();
    const ada = await createTestUser(db, { roles: ["supplier"] });
    await notifyUsers(db, clock, [recipient(ada)], message);
    let tries = 0;
    const broken: MailTransport = {
      sendMail: async () => {
        tries += 1;
        throw new Error("connect ECONNREFUSED 127.0.0.1:2525");
      },
    };

    expect(await deliverPendingMail(db, clock, broken)).toEqual({ sent: 0, failed: 1, notConfigured: 0 });
    expect((await outbox(db))[0]).toMatchObject({ status: "failed", attempts: 1, lastError: "connect ECONNREFUSED 127.0.0.1:2525", sentAt: null });
    expect(tries).toBe(1); // not retried within the same run

    for (let run = 2; run <= MAX_MAIL_ATTEMPTS + 2; run += 1) await deliverPendingMail(db, clock, broken);
    expect(tries).toBe(MAX_MAIL_ATTEMPTS);
    expect((await outbox(db))[0]).toMatchObject({ status: "failed", attempts: MAX_MAIL_ATTEMPTS });
  });

  test("a failed mail that succeeds on a retry is marked sent", async () => {
    const { db } = database();
    const ada = await createTestUser(db, { roles: ["supplier"] });
    await notifyUsers(db, clock, [recipient(ada)], message);
    let fail = true;
    const flaky = fakeTransport(async () => {
      if (fail) throw new Error("421 Service not available");
    });
    await deliverPendingMail(db, clock, flaky);
    fail = false;
    expect(await deliverPendingMail(db, clock, flaky)).toEqual({ sent: 1, failed: 0, notConfigured: 0 });
    expect((await outbox(db))[0]).toMatchObject({ status: "sent", attempts: 2, lastError: null });
  });

  test("one recipient's failure does not stop the others", async () => {
    const { db } = database();
    const users = [await createTestUser(db, { roles: ["supplier"] }), await createTestUser(db, { roles: ["supplier"] })];
    await notifyUsers(db, clock, users.map(recipient), message);
    const transport = fakeTransport(async (mail) => {
      if (mail.to === users[0]!.email) throw new Error("550 Mailbox unavailable");
    });
    expect(await deliverPendingMail(db, clock, transport)).toEqual({ sent: 1, failed: 1, notConfigured: 0 });
  });

  test("without SMTP_URL pending mail becomes notConfigured and stays readable in the outbox", async () => {
    const { db } = database();
    const ada = await createTestUser(db, { roles: ["supplier"] });
    await notifyUsers(db, clock, [recipient(ada)], message);

    expect(await deliverPendingMail(db, clock)).toEqual({ sent: 0, failed: 0, notConfigured: 1 });

    const [mail] = await outbox(db);
    expect(mail).toMatchObject({ status: "notConfigured", attempts: 0, sentAt: null, recipient: ada.email, subject: message.title });
    // configuring SMTP later does not flood people with old mail
    const transport = fakeTransport();
    await deliverPendingMail(db, clock, transport);
    expect(transport.sent).toEqual([]);
  });

  test("a route starts delivery after the commit without waiting for it", async () => {
    const { db } = database();
    const ada = await createTestUser(db, { roles: ["supplier"] });
    await notifyUsers(db, clock, [recipient(ada)], message);
    startMailDelivery(db, clock);
    await vi.waitFor(async () => expect((await outbox(db))[0]!.status).toBe("notConfigured"));
  });

  test("two deliveries running at once send every mail exactly once", async () => {
    const { db } = database();
    const users = [];
    for (let index = 0; index < 25; index += 1) users.push(await createTestUser(db, { roles: ["supplier"] }));
    await notifyUsers(db, clock, users.map(recipient), message);
    const slow = fakeTransport(() => new Promise((resolve) => setTimeout(resolve, 5)));

    const reports = await Promise.all([deliverPendingMail(db, clock, slow), deliverPendingMail(db, clock, slow)]);

    expect(reports[0]!.sent + reports[1]!.sent).toBe(25);
    expect(slow.sent.map((mail) => mail.to).sort()).toEqual(users.map((user) => user.email).sort());
    expect((await outbox(db)).every((mail) => mail.status === "sent" && mail.attempts === 1)).toBe(true);
  });
});

describe("a user's own notifications", () => {
  test("are listed newest first, counted while unread, and filtered to unread on request", async () => {
    const { db } = database();
    const ada = await createTestUser(db, { roles: ["assessor"] });
    await notifyUsers(db, clock, [recipient(ada)], { title: "Eerste", body: "Eerste bericht", sendMail: false });
    clock.advance(60_000);
    await notifyUsers(db, clock, [recipient(ada)], { title: "Tweede", body: "Tweede bericht", sendMail: false });

    expect((await listNotifications(db, ada)).map((item) => item.title)).toEqual(["Tweede", "Eerste"]);
    expect(await countUnreadNotifications(db, ada)).toBe(2);

    const [newest] = await listNotifications(db, ada);
    expect(await markNotificationsRead(db, clock, ada, [newest!.id])).toBe(1);
    expect(await countUnreadNotifications(db, ada)).toBe(1);
    expect((await listNotifications(db, ada, { unreadOnly: true })).map((item) => item.title)).toEqual(["Eerste"]);
    expect(await markNotificationsRead(db, clock, ada, "all")).toBe(1);
    expect(await countUnreadNotifications(db, ada)).toBe(0);
  });

  test("a user cannot read or mark another user's notifications", async () => {
    const { db } = database();
    const ada = await createTestUser(db, { roles: ["supplier"] });
    const bob = await createTestUser(db, { roles: ["supplier"] });
    await notifyUsers(db, clock, [recipient(bob)], { ...message, sendMail: false });
    const [bobs] = await listNotifications(db, bob);

    expect(await listNotifications(db, ada)).toEqual([]);
    expect(await countUnreadNotifications(db, ada)).toBe(0);
    expect(await markNotificationsRead(db, clock, ada, [bobs!.id])).toBe(0);
    expect(await markNotificationsRead(db, clock, ada, "all")).toBe(0);

    const [stored] = await db.select().from(notifications).where(eq(notifications.id, bobs!.id));
    expect(stored!.readAt).toBeNull();
    expect(await countUnreadNotifications(db, bob)).toBe(1);
  });

  test("a malformed id is a validation error, not a database error", async () => {
    const { db } = database();
    const ada = await createTestUser(db, { roles: ["supplier"] });
    expect((await caught(() => markNotificationsRead(db, clock, ada, ["1 or 1=1"]))) as Error).toHaveProperty("name", "ZodError");
  });
});

describe("the outbox for administrators", () => {
  test("an administrator reads the outbox, newest first", async () => {
    const { db } = database();
    const admin = await createTestUser(db, { roles: ["admin"] });
    const ada = await createTestUser(db, { roles: ["supplier"] });
    await notifyUsers(db, clock, [recipient(ada)], { title: "Oud", body: "Oud bericht" });
    clock.advance(60_000);
    await notifyUsers(db, clock, [recipient(ada)], { title: "Nieuw", body: "Nieuw bericht" });
    expect((await listOutbox(db, admin, { limit: 10 })).map((mail) => mail.subject)).toEqual(["Nieuw", "Oud"]);
  });

  test.each(["projectgroup", "assessor", "contractManager", "supplier", "municipalityViewer"] as const)(
    "a %s may not read the outbox",
    async (role) => {
      const { db } = database();
      const user = await createTestUser(db, { roles: [role] });
      expect(await caught(() => listOutbox(db, user, { limit: 10 }))).toBeInstanceOf(ForbiddenError);
    },
  );
});
