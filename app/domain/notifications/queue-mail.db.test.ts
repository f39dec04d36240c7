import { useTestDatabase } from "../../../test/setup/test-database";
import { createMovableClock } from "../../utils/clock.server";
import { queueMailToAddress } from "./notifications.server";
import { mailOutbox, notifications } from "./notifications.sql";

const database = useTestDatabase();
const clock = createMovableClock(new Date("2026-03-02T09:00:00Z"));

test("a mail to an address without an account is queued once, lower-cased, with the portal path, and no in-app notification", async () => {
  const { db } = database();
  await queueMailToAddress(db, clock, " Youssef@DeHorn.test ", {
    subject: "Uitnodiging\r\nBcc: iedereen@test.test",
    body: "U bent uitgenodigd.",
    link: "/uitnodiging/abc",
  });
  const mails = await db.select().from(mailOutbox);
  expect(mails).toMatchObject([{ recipient: "youssef@dehorn.test", subject: "Uitnodiging Bcc: iedereen@test.test", status: "pending", attempts: 0 }]);
  expect(mails[0]!.bodyText).toContain("U bent uitgenodigd.");
  expect(mails[0]!.bodyText).toContain("/uitnodiging/abc");
  // the invitee has no account: the mail must not claim it has one
  expect(mails[0]!.bodyText).not.toContain("omdat u een account heeft");
  expect(await db.select().from(notifications)).toHaveLength(0);
});

test.each([
  ["two addresses", "a@test.test, b@test.test", { subject: "S", body: "B" }],
  ["an empty address", "  ", { subject: "S", body: "B" }],
  ["a link off the portal", "a@test.test", { subject: "S", body: "B", link: "https://elders.test/x" }],
  ["no body", "a@test.test", { subject: "S", body: " " }],
])("%s is a programming error and queues nothing", async (_case, recipient, message) => {
  const { db } = database();
  await expect(queueMailToAddress(db, clock, recipient, message)).rejects.toThrow();
  expect(await db.select().from(mailOutbox)).toHaveLength(0);
});
