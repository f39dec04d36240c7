import { createHash } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { caught, validationMessages } from "../../../test/factories/errors";
import { createTestOrganisation, createTestUser } from "../../../test/factories/identity";
import { inviteTestColleague, registerTestSupplier } from "../../../test/factories/organisations";
import { useTestDatabase } from "../../../test/setup/test-database";
import type { Db } from "../../db/types";
import { createMovableClock } from "../../utils/clock.server";
import { auditLog } from "../audit/audit.sql";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import { userRoles, users } from "../identity/identity.sql";
import type { Actor } from "../identity/roles";
import { logIn } from "../identity/sessions.server";
import { loadActor } from "../identity/users.server";
import { mailOutbox, notifications } from "../notifications/notifications.sql";
import {
  acceptInvitation,
  getInvitation,
  getMyOrganisation,
  INVITATION_VALIDITY_MS,
  inviteColleague,
  MAX_INVITATIONS_PER_DAY,
  revokeInvitation,
} from "./invitations.server";
import { rejectOrganisation, setOrganisationActive } from "./organisations.server";
import { organisationInvitations } from "./organisations.sql";

const database = useTestDatabase();
const clock = createMovableClock(new Date("2026-03-02T09:00:00Z"));
const PASSWORD = "een-lang-genoeg-wachtwoord";

beforeEach(() => clock.set(new Date("2026-03-02T09:00:00Z")));

async function verifiedSupplier(db: Db, name = "Marieke Bakker"): Promise<Actor> {
  const organisation = await createTestOrganisation(db, { name: "Taalinstituut De Horn" });
  return createTestUser(db, { roles: ["supplier"], organisationId: organisation.id, name, email: "marieke@dehorn.test" });
}

async function auditActions(db: Db, entityId: string) {
  return (await db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(asc(auditLog.id))).map((row) => row.action);
}

test("an invitation mails a one-time link to the address; only the token's SHA-256 is stored; it is audited", async () => {
  const { db } = database();
  const inviter = await verifiedSupplier(db);

  const invitation = await inviteColleague(db, clock, inviter, { email: " Youssef@DeHorn.test " });

  expect(invitation.email).toBe("youssef@dehorn.test");
  expect(invitation.expiresAt.getTime() - clock.now().getTime()).toBeGreaterThan(INVITATION_VALIDITY_MS - 5_000);
  expect(invitation.token.length).toBeGreaterThanOrEqual(43);
  const [stored] = await db.select().from(organisationInvitations);
  expect(stored).toMatchObject({ organisationId: inviter.organisationId, email: "youssef@dehorn.test", invitedByUserId: inviter.id, acceptedAt: null, revokedAt: null });
  expect(stored!.tokenHash).toBe(createHash("sha256").update(invitation.token).digest("hex"));
  expect(JSON.stringify(stored)).not.toContain(invitation.token);

  const [mail] = await db.select().from(mailOutbox);
  expect(mail).toMatchObject({ recipient: "youssef@dehorn.test", status: "pending", subject: "Uitnodiging voor het Leerrouteportaal Westfriesland van Taalinstituut De Horn" });
  expect(mail!.bodyText).toContain(`/uitnodiging/${invitation.token}`);
  expect(mail!.bodyText).toContain("Marieke Bakker nodigt u uit");
  expect(mail!.bodyText).toContain("7 dagen geldig");

  const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "invitation.created"));
  expect(audit).toMatchObject({ entityType: "organisation", entityId: inviter.organisationId, actorUserId: inviter.id });
  expect(audit!.summary).toBe("Marieke Bakker heeft youssef@dehorn.test uitgenodigd als collega bij Taalinstituut De Horn");
  expect(JSON.stringify(audit)).not.toContain(invitation.token);
});

test("the invitee accepts: a supplier account in the same organisation that can log in; the link is used up; all audited", async () => {
  const { db } = database();
  const inviter = await verifiedSupplier(db);
  const invitation = await inviteTestColleague(db, clock, inviter, "youssef@dehorn.test");
  expect(await getInvitation(db, clock, invitation.token)).toMatchObject({ status: "open", email: "youssef@dehorn.test", organisationName: "Taalinstituut De Horn" });

  const accepted = await acceptInvitation(db, clock, invitation.token, { name: " Youssef Amrani ", password: PASSWORD });

  const [user] = await db.select().from(users).where(eq(users.id, accepted.userId));
  expect(user).toMatchObject({ name: "Youssef Amrani", email: "youssef@dehorn.test", organisationId: inviter.organisationId, active: true });
  expect(await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, user!.id))).toEqual([{ role: "supplier" }]);
  const actor = await loadActor(db, user!.id);
  expect(actor).toMatchObject({ roles: ["supplier"], organisationId: inviter.organisationId });
  expect(await logIn(db, clock, { email: "youssef@dehorn.test", password: PASSWORD, ipAddress: "127.0.0.1" })).toMatchObject({ ok: true });

  const [stored] = await db.select().from(organisationInvitations);
  expect(stored).toMatchObject({ acceptedUserId: user!.id });
  expect(stored!.acceptedAt).toBeInstanceOf(Date);
  expect(await getInvitation(db, clock, invitation.token)).toMatchObject({ status: "accepted" });
  expect(await auditActions(db, inviter.organisationId!)).toEqual(["invitation.created", "invitation.accepted"]);
  expect(await auditActions(db, user!.id)).toEqual(["user.registered", "session.loggedIn"]);

  const [told] = await db.select().from(notifications).where(eq(notifications.userId, inviter.id));
  expect(told).toMatchObject({ title: "Youssef Amrani heeft uw uitnodiging geaccepteerd" });
  expect(await db.select().from(mailOutbox).where(eq(mailOutbox.recipient, inviter.email))).toHaveLength(0);

  const mine = await getMyOrganisation(db, clock, actor!);
  expect(mine.organisation.id).toBe(inviter.organisationId);
  expect(mine.colleagues.map((colleague) => colleague.name)).toEqual(["Marieke Bakker", "Youssef Amrani"]);
  expect(mine.invitations).toEqual([]);
});

test("a used link cannot be used again, and nothing more is created", async () => {
  const { db } = database();
  const inviter = await verifiedSupplier(db);
  const invitation = await inviteTestColleague(db, clock, inviter);
  await acceptInvitation(db, clock, invitation.token, { name: "Youssef Amrani", password: PASSWORD });

  const error = await caught(() => acceptInvitation(db, clock, invitation.token, { name: "Iemand Anders", password: PASSWORD }));

  expect(error).toBeInstanceOf(RuleViolation);
  expect(error).toMatchObject({ code: "invitation.accepted" });
  expect((error as Error).message).toBe("Deze uitnodiging is al gebruikt. Log in met het account dat daarbij is aangemaakt.");
  expect(await db.select().from(users).where(eq(users.name, "Iemand Anders"))).toHaveLength(0);
});

test("the same link used twice at once makes one account", async () => {
  const { db } = database();
  const inviter = await verifiedSupplier(db);
  const invitation = await inviteTestColleague(db, clock, inviter, "youssef@dehorn.test");
  const results = await Promise.allSettled([
    acceptInvitation(db, clock, invitation.token, { name: "Eerste", password: PASSWORD }),
    acceptInvitation(db, clock, invitation.token, { name: "Tweede", password: PASSWORD }),
  ]);
  expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  expect(results.find((result) => result.status === "rejected")!.reason).toBeInstanceOf(RuleViolation);
  expect(await db.select().from(users).where(eq(users.email, "youssef@dehorn.test"))).toHaveLength(1);
});

test("a link works for seven days, then tells the invitee it has expired", async () => {
  const { db } = database();
  const inviter = await verifiedSupplier(db);
  const invitation = await inviteTestColleague(db, clock, inviter);

  clock.advance(INVITATION_VALIDITY_MS - 60_000);
  expect(await getInvitation(db, clock, invitation.token)).toMatchObject({ status: "open" });
  clock.advance(60_000);
  expect(await getInvitation(db, clock, invitation.token)).toMatchObject({ status: "expired" });

  const error = await caught(() => acceptInvitation(db, clock, invitation.token, { name: "Te Laat", password: PASSWORD }));
  expect(error).toMatchObject({ code: "invitation.expired" });
  expect((error as Error).message).toBe("Deze uitnodiging is verlopen. Vraag uw collega om u opnieuw uit te nodigen.");
  expect(await db.select().from(users).where(eq(users.name, "Te Laat"))).toHaveLength(0);
  expect((await getMyOrganisation(db, clock, inviter)).invitations).toMatchObject([{ email: invitation.email, status: "expired" }]);
});

test("the inviter revokes an open invitation: its link stops working, it is audited; revoking twice is refused", async () => {
  const { db } = database();
  const inviter = await verifiedSupplier(db);
  const colleague = await createTestUser(db, { roles: ["supplier"], organisationId: inviter.organisationId! });
  const invitation = await inviteTestColleague(db, clock, inviter, "youssef@dehorn.test");

  // any user of the organisation may withdraw it, not only the one who sent it
  await revokeInvitation(db, clock, colleague, invitation.invitationId);

  expect(await getInvitation(db, clock, invitation.token)).toMatchObject({ status: "revoked" });
  const error = await caught(() => acceptInvitation(db, clock, invitation.token, { name: "Youssef Amrani", password: PASSWORD }));
  expect(error).toMatchObject({ code: "invitation.revoked" });
  expect((error as Error).message).toContain("ingetrokken");
  expect(await db.select().from(users).where(eq(users.email, "youssef@dehorn.test"))).toHaveLength(0);
  expect(await auditActions(db, inviter.organisationId!)).toEqual(["invitation.created", "invitation.revoked"]);
  expect((await getMyOrganisation(db, clock, inviter)).invitations).toEqual([]);
  await expect(revokeInvitation(db, clock, inviter, invitation.invitationId)).rejects.toMatchObject({ code: "invitation.alreadyRevoked" });

  // after revoking, the same address can be invited again
  const again = await inviteTestColleague(db, clock, inviter, "youssef@dehorn.test");
  expect(await getInvitation(db, clock, again.token)).toMatchObject({ status: "open" });
});

test("an accepted invitation cannot be revoked, and another organisation's invitation is not found", async () => {
  const { db } = database();
  const inviter = await verifiedSupplier(db);
  const invitation = await inviteTestColleague(db, clock, inviter);
  const outsider = await createTestUser(db, { roles: ["supplier"], organisationId: (await createTestOrganisation(db)).id });
  await expect(revokeInvitation(db, clock, outsider, invitation.invitationId)).rejects.toBeInstanceOf(NotFoundError);
  await acceptInvitation(db, clock, invitation.token, { name: "Youssef Amrani", password: PASSWORD });
  await expect(revokeInvitation(db, clock, inviter, invitation.invitationId)).rejects.toMatchObject({ code: "invitation.alreadyAccepted" });
});

test("an unknown or mangled link is reported as not valid", async () => {
  const { db } = database();
  const inviter = await verifiedSupplier(db);
  const invitation = await inviteTestColleague(db, clock, inviter);
  expect(await getInvitation(db, clock, `${invitation.token}x`)).toEqual({ status: "unknown" });
  expect(await getInvitation(db, clock, "")).toEqual({ status: "unknown" });
  await expect(acceptInvitation(db, clock, "onzin", { name: "Youssef Amrani", password: PASSWORD })).rejects.toMatchObject({ code: "invitation.unknown" });
});

test("accepting asks for a name and a long enough password, in Dutch", async () => {
  const { db } = database();
  const inviter = await verifiedSupplier(db);
  const invitation = await inviteTestColleague(db, clock, inviter);
  expect(await validationMessages(() => acceptInvitation(db, clock, invitation.token, { name: " ", password: "kort" }))).toEqual({
    name: ["Vul uw naam in."],
    password: ["Het wachtwoord moet minstens 12 tekens lang zijn."],
  });
  expect(await getInvitation(db, clock, invitation.token)).toMatchObject({ status: "open" });
});

test("inviting an address that already has an account is refused in Dutch, and nothing is sent", async () => {
  const { db } = database();
  const inviter = await verifiedSupplier(db);
  await createTestUser(db, { roles: ["supplier"], email: "youssef@elders.test", organisationId: (await createTestOrganisation(db)).id });

  const error = await caught(() => inviteColleague(db, clock, inviter, { email: "Youssef@Elders.test" }));

  expect(error).toMatchObject({ code: "invitation.existingAccount", field: "email" });
  expect((error as Error).message).toContain("Er is al een account met e-mailadres youssef@elders.test.");
  expect(await db.select().from(organisationInvitations)).toHaveLength(0);
  expect(await db.select().from(mailOutbox)).toHaveLength(0);
});

test("when the address got an account in the meantime, accepting is refused and creates nothing", async () => {
  const { db } = database();
  const inviter = await verifiedSupplier(db);
  const invitation = await inviteTestColleague(db, clock, inviter, "youssef@dehorn.test");
  await registerTestSupplier(db, clock, { userEmail: "youssef@dehorn.test" });

  await expect(acceptInvitation(db, clock, invitation.token, { name: "Youssef Amrani", password: PASSWORD })).rejects.toMatchObject({
    code: "invitation.existingAccount",
  });
  expect(await getInvitation(db, clock, invitation.token)).toMatchObject({ status: "open" });
});

test("a second open invitation to the same address is refused; an expired one does not block a new one", async () => {
  const { db } = database();
  const inviter = await verifiedSupplier(db);
  await inviteTestColleague(db, clock, inviter, "youssef@dehorn.test");
  await expect(inviteColleague(db, clock, inviter, { email: "youssef@dehorn.test" })).rejects.toMatchObject({ code: "invitation.alreadyOpen", field: "email" });
  clock.advance(INVITATION_VALIDITY_MS);
  await expect(inviteColleague(db, clock, inviter, { email: "youssef@dehorn.test" })).resolves.toMatchObject({ email: "youssef@dehorn.test" });
});

test("an organisation may send only a limited number of invitations a day", async () => {
  const { db } = database();
  const inviter = await verifiedSupplier(db);
  for (let index = 0; index < MAX_INVITATIONS_PER_DAY; index += 1) await inviteTestColleague(db, clock, inviter);
  await expect(inviteTestColleague(db, clock, inviter)).rejects.toMatchObject({ code: "invitation.tooMany" });
  clock.advance(24 * 60 * 60 * 1000);
  await expect(inviteTestColleague(db, clock, inviter)).resolves.toMatchObject({ token: expect.any(String) });
});

test("a pending or rejected registration cannot invite yet, so an unchecked registration sends no mail", async () => {
  const { db } = database();
  const registration = await registerTestSupplier(db, clock);
  const registrant = (await loadActor(db, registration.userId))!;
  const mailsBefore = (await db.select().from(mailOutbox)).length;

  const error = await caught(() => inviteColleague(db, clock, registrant, { email: "collega@registratie.test" }));

  expect(error).toMatchObject({ code: "invitation.organisationNotVerified" });
  expect((error as Error).message).toBe("U kunt collega's uitnodigen zodra de beheerder uw organisatie heeft geverifieerd.");
  expect(await db.select().from(mailOutbox)).toHaveLength(mailsBefore);
  expect(await getMyOrganisation(db, clock, registrant)).toMatchObject({ canInvite: false, organisation: { verificationStatus: "pending" } });

  const admin = await createTestUser(db, { roles: ["admin"] });
  await rejectOrganisation(db, clock, admin, registration.organisationId, { reason: "Geen taalschool" });
  await expect(inviteColleague(db, clock, registrant, { email: "collega@registratie.test" })).rejects.toMatchObject({ code: "invitation.organisationNotVerified" });
  expect(await db.select().from(organisationInvitations)).toHaveLength(0);
});

test("only supplier users invite, within their own organisation", async () => {
  const { db } = database();
  const admin = await createTestUser(db, { roles: ["admin"] });
  const projectgroup = await createTestUser(db, { roles: ["projectgroup"] });
  for (const actor of [admin, projectgroup]) {
    await expect(inviteColleague(db, clock, actor, { email: "iemand@test.test" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getMyOrganisation(db, clock, actor)).rejects.toBeInstanceOf(ForbiddenError);
  }
  expect(await db.select().from(organisationInvitations)).toHaveLength(0);
});

test("a link of a deactivated organisation no longer works", async () => {
  const { db } = database();
  const inviter = await verifiedSupplier(db);
  const invitation = await inviteTestColleague(db, clock, inviter);
  const admin = await createTestUser(db, { roles: ["admin"] });
  await setOrganisationActive(db, clock, admin, inviter.organisationId!, false);
  expect(await getInvitation(db, clock, invitation.token)).toMatchObject({ status: "organisationInactive" });
  await expect(acceptInvitation(db, clock, invitation.token, { name: "Youssef Amrani", password: PASSWORD })).rejects.toMatchObject({
    code: "invitation.organisationInactive",
  });
});
