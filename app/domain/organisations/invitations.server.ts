import { createHash, randomBytes } from "node:crypto";
import { and, count, desc, eq, gte, isNull } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { recordAudit } from "../audit/audit.server";
import { isUniqueViolation } from "../db-errors";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import { assertPermission } from "../identity/authorize";
import { userRoles, users } from "../identity/identity.sql";
import { hashPassword } from "../identity/password.server";
import type { Actor } from "../identity/roles";
import { notifyUsers, queueMailToAddress } from "../notifications/notifications.server";
import { acceptInvitationSchema, invitationSchema } from "./organisation-schemas";
import { listOrganisationMembers } from "./organisations.server";
import { organisationInvitations, organisations } from "./organisations.sql";

/** An invitation link works for seven days. */
export const INVITATION_VALIDITY_MS = 7 * 24 * 60 * 60 * 1000;
/** Invitations one organisation may send per 24 hours: a team's worth, not a mailing list. */
export const MAX_INVITATIONS_PER_DAY = 20;

export type InvitationStatus = "open" | "expired" | "accepted" | "revoked";

type InvitationRow = typeof organisationInvitations.$inferSelect;

// Only the SHA-256 of the token is stored, as for sessions: a copy of the table opens no invitation.
function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function invitationPath(token: string): string {
  return `/uitnodiging/${token}`;
}

export function invitationStatus(invitation: Pick<InvitationRow, "acceptedAt" | "revokedAt" | "expiresAt">, now: Date): InvitationStatus {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  // the link works up to, not including, the moment it expires
  return invitation.expiresAt.getTime() <= now.getTime() ? "expired" : "open";
}

function ownOrganisationId(actor: Actor): string {
  assertPermission(actor, "invite:colleagues");
  if (!actor.organisationId) throw new ForbiddenError();
  return actor.organisationId;
}

/** "Mijn organisatie": the supplier's own organisation, its people and the invitations not yet used. */
export async function getMyOrganisation(db: Db, clock: Clock, actor: Actor) {
  const organisationId = ownOrganisationId(actor);
  const [organisation] = await db.select().from(organisations).where(eq(organisations.id, organisationId));
  if (!organisation) throw new NotFoundError("Deze organisatie bestaat niet.");
  const colleagues = await listOrganisationMembers(db, actor, organisationId);
  const rows = await db
    .select({
      id: organisationInvitations.id,
      email: organisationInvitations.email,
      createdAt: organisationInvitations.createdAt,
      expiresAt: organisationInvitations.expiresAt,
      acceptedAt: organisationInvitations.acceptedAt,
      revokedAt: organisationInvitations.revokedAt,
      invitedByName: users.name,
    })
    .from(organisationInvitations)
    .leftJoin(users, eq(users.id, organisationInvitations.invitedByUserId))
    .where(and(eq(organisationInvitations.organisationId, organisationId), isNull(organisationInvitations.acceptedAt), isNull(organisationInvitations.revokedAt)))
    .orderBy(desc(organisationInvitations.createdAt))
    .limit(100);
  const now = clock.now();
  return {
    organisation,
    colleagues,
    invitations: rows.map(({ acceptedAt: _accepted, revokedAt: _revoked, ...row }) => ({ ...row, status: invitationStatus({ ...row, acceptedAt: null, revokedAt: null }, now) })),
    canInvite: organisation.verificationStatus === "verified" && organisation.active,
  };
}

/**
 * A supplier user invites a colleague by e-mail. The address gets a link with a random token,
 * valid for seven days, that lets its owner create an account in the same organisation. The token
 * is shown to nobody else: whoever uses the link has proved that the address is theirs.
 */
export async function inviteColleague(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: { email: string },
): Promise<{ invitationId: string; email: string; expiresAt: Date; token: string }> {
  const organisationId = ownOrganisationId(actor);
  const { email } = invitationSchema.parse(input);
  const token = randomBytes(32).toString("base64url");
  return db.transaction(async (tx) => {
    const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId)).for("update");
    if (!organisation) throw new NotFoundError("Deze organisatie bestaat niet.");
    // Not before verification: an unchecked self-registration must not be a way to send mail to any address.
    if (organisation.verificationStatus !== "verified" || !organisation.active) {
      throw new RuleViolation(
        "invitation.organisationNotVerified",
        "U kunt collega's uitnodigen zodra de beheerder uw organisatie heeft geverifieerd.",
      );
    }
    const [account] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (account) {
      throw new RuleViolation(
        "invitation.existingAccount",
        `Er is al een account met e-mailadres ${email}. Een account hoort bij één organisatie; vraag de beheerder van het portaal als deze persoon van organisatie wisselt.`,
        "email",
      );
    }
    const now = clock.now();
    const open = await tx
      .select({ id: organisationInvitations.id, expiresAt: organisationInvitations.expiresAt })
      .from(organisationInvitations)
      .where(
        and(
          eq(organisationInvitations.organisationId, organisationId),
          eq(organisationInvitations.email, email),
          isNull(organisationInvitations.acceptedAt),
          isNull(organisationInvitations.revokedAt),
        ),
      );
    if (open.some((invitation) => invitation.expiresAt.getTime() > now.getTime())) {
      throw new RuleViolation(
        "invitation.alreadyOpen",
        `Er staat al een uitnodiging open voor ${email}. Trek die in als u een nieuwe wilt versturen.`,
        "email",
      );
    }
    const [recent] = await tx
      .select({ value: count() })
      .from(organisationInvitations)
      .where(and(eq(organisationInvitations.organisationId, organisationId), gte(organisationInvitations.createdAt, new Date(now.getTime() - 24 * 60 * 60 * 1000))));
    if ((recent?.value ?? 0) >= MAX_INVITATIONS_PER_DAY) {
      throw new RuleViolation(
        "invitation.tooMany",
        `Uw organisatie heeft in de afgelopen 24 uur al ${MAX_INVITATIONS_PER_DAY} uitnodigingen verstuurd. Probeer het morgen opnieuw.`,
        "email",
      );
    }

    const expiresAt = new Date(now.getTime() + INVITATION_VALIDITY_MS);
    const [invitation] = await tx
      .insert(organisationInvitations)
      .values({ organisationId, email, tokenHash: hashToken(token), invitedByUserId: actor.id, createdAt: now, expiresAt })
      .returning({ id: organisationInvitations.id });
    await recordAudit(tx, clock, {
      actor,
      action: "invitation.created",
      entityType: "organisation",
      entityId: organisationId,
      summary: `${actor.name} heeft ${email} uitgenodigd als collega bij ${organisation.name}`,
      changes: { invitationId: invitation!.id, email, expiresAt: expiresAt.toISOString() },
    });
    await queueMailToAddress(tx, clock, email, {
      subject: `Uitnodiging voor het Leerrouteportaal Westfriesland van ${organisation.name}`,
      body: [
        `${actor.name} nodigt u uit om als collega van ${organisation.name} mee te werken in het Leerrouteportaal Westfriesland, het portaal voor de aanbestedingen en contracten van de leerroutes inburgering.`,
        "",
        "Open de link hieronder, vul uw naam in en kies een wachtwoord. Daarna kunt u inloggen met dit e-mailadres.",
        `De link is 7 dagen geldig en werkt één keer. Verwachtte u deze uitnodiging niet? Dan kunt u deze e-mail negeren.`,
      ].join("\n"),
      link: invitationPath(token),
    });
    return { invitationId: invitation!.id, email, expiresAt, token };
  });
}

/** The inviter's organisation withdraws an invitation that has not been used yet; its link stops working. */
export async function revokeInvitation(db: Db, clock: Clock, actor: Actor, invitationId: string): Promise<void> {
  const organisationId = ownOrganisationId(actor);
  await db.transaction(async (tx) => {
    const [invitation] = await tx
      .select()
      .from(organisationInvitations)
      .where(and(eq(organisationInvitations.id, invitationId), eq(organisationInvitations.organisationId, organisationId)))
      .for("update");
    // another organisation's invitation is not found, rather than forbidden: its existence is not ours to know
    if (!invitation) throw new NotFoundError("Deze uitnodiging bestaat niet.");
    const status = invitationStatus(invitation, clock.now());
    if (status === "accepted") throw new RuleViolation("invitation.alreadyAccepted", `${invitation.email} heeft de uitnodiging al geaccepteerd.`);
    if (status === "revoked") throw new RuleViolation("invitation.alreadyRevoked", `De uitnodiging voor ${invitation.email} is al ingetrokken.`);
    await tx.update(organisationInvitations).set({ revokedAt: clock.now() }).where(eq(organisationInvitations.id, invitationId));
    await recordAudit(tx, clock, {
      actor,
      action: "invitation.revoked",
      entityType: "organisation",
      entityId: organisationId,
      summary: `${actor.name} heeft de uitnodiging voor ${invitation.email} ingetrokken${status === "expired" ? " (was al verlopen)" : ""}`,
      changes: { invitationId, email: invitation.email },
    });
  });
}

export type InvitationView =
  | { status: "unknown" }
  | { status: InvitationStatus | "organisationInactive"; email: string; organisationName: string; expiresAt: Date };

/** What the invitation page shows for a link (public: the token is the proof). */
export async function getInvitation(db: Db, clock: Clock, token: string): Promise<InvitationView> {
  if (!token) return { status: "unknown" };
  const [row] = await db
    .select({ invitation: organisationInvitations, organisationName: organisations.name, organisationActive: organisations.active })
    .from(organisationInvitations)
    .innerJoin(organisations, eq(organisations.id, organisationInvitations.organisationId))
    .where(eq(organisationInvitations.tokenHash, hashToken(token)));
  if (!row) return { status: "unknown" };
  const status = invitationStatus(row.invitation, clock.now());
  return {
    status: status === "open" && !row.organisationActive ? "organisationInactive" : status,
    email: row.invitation.email,
    organisationName: row.organisationName,
    expiresAt: row.invitation.expiresAt,
  };
}

const unusableMessages: Record<Exclude<InvitationView["status"], "open">, string> = {
  unknown: "Deze uitnodigingslink is niet geldig. Controleer of u de hele link uit de e-mail heeft gebruikt.",
  expired: "Deze uitnodiging is verlopen. Vraag uw collega om u opnieuw uit te nodigen.",
  accepted: "Deze uitnodiging is al gebruikt. Log in met het account dat daarbij is aangemaakt.",
  revoked: "Deze uitnodiging is ingetrokken. Vraag uw collega om u opnieuw uit te nodigen als dat nodig is.",
  organisationInactive: "De organisatie van deze uitnodiging is niet actief in het portaal. Neem contact op met de beheerder.",
};

export function invitationUnusableMessage(status: Exclude<InvitationView["status"], "open">): string {
  return unusableMessages[status];
}

/**
 * The invitee sets a name and a password and gets a supplier account in the inviting organisation
 * (exactly one organisation per supplier user). The link works once.
 */
export async function acceptInvitation(
  db: Db,
  clock: Clock,
  token: string,
  input: { name: string; password: string },
): Promise<{ userId: string; email: string; organisationName: string }> {
  const { name, password } = acceptInvitationSchema.parse(input);
  // checked before hashing, so a dead link costs no password hash; checked again under lock below
  const view = await getInvitation(db, clock, token);
  if (view.status !== "open") throw new RuleViolation(`invitation.${view.status}`, unusableMessages[view.status]);
  const passwordHash = await hashPassword(password);
  const existingAccount = () =>
    new RuleViolation("invitation.existingAccount", `Er is al een account met e-mailadres ${view.email}. Log in met dat account.`);
  try {
    return await db.transaction(async (tx) => {
      const [invitation] = await tx.select().from(organisationInvitations).where(eq(organisationInvitations.tokenHash, hashToken(token))).for("update");
      if (!invitation) throw new RuleViolation("invitation.unknown", unusableMessages.unknown);
      const now = clock.now();
      const status = invitationStatus(invitation, now);
      if (status !== "open") throw new RuleViolation(`invitation.${status}`, unusableMessages[status]);
      const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, invitation.organisationId));
      if (!organisation?.active) throw new RuleViolation("invitation.organisationInactive", unusableMessages.organisationInactive);
      const [account] = await tx.select({ id: users.id }).from(users).where(eq(users.email, invitation.email));
      if (account) throw existingAccount();

      const [user] = await tx
        .insert(users)
        .values({ name, email: invitation.email, passwordHash, organisationId: invitation.organisationId, createdAt: now })
        .returning({ id: users.id });
      await tx.insert(userRoles).values({ userId: user!.id, role: "supplier" });
      await tx.update(organisationInvitations).set({ acceptedAt: now, acceptedUserId: user!.id }).where(eq(organisationInvitations.id, invitation.id));

      const actor = { id: user!.id, name };
      await recordAudit(tx, clock, {
        actor,
        action: "invitation.accepted",
        entityType: "organisation",
        entityId: invitation.organisationId,
        summary: `${name} (${invitation.email}) heeft de uitnodiging geaccepteerd en is aanbieder bij ${organisation.name}`,
        changes: { invitationId: invitation.id, userId: user!.id },
      });
      await recordAudit(tx, clock, {
        actor,
        action: "user.registered",
        entityType: "user",
        entityId: user!.id,
        summary: `Account voor ${name} (${invitation.email}) aangemaakt via een uitnodiging van ${organisation.name}, met rol Aanbieder`,
        changes: { email: invitation.email, roles: ["supplier"], organisationId: invitation.organisationId },
      });
      const [inviter] = await tx
        .select({ userId: users.id, email: users.email })
        .from(users)
        .where(and(eq(users.id, invitation.invitedByUserId), eq(users.active, true)));
      if (inviter) {
        await notifyUsers(tx, clock, [inviter], {
          title: `${name} heeft uw uitnodiging geaccepteerd`,
          body: `${name} (${invitation.email}) heeft nu een account bij ${organisation.name}.`,
          link: "/organisatie",
          sendMail: false,
        });
      }
      return { userId: user!.id, email: invitation.email, organisationName: organisation.name };
    });
  } catch (error) {
    // the same address signing up twice at once: the unique index on users.email decides
    if (isUniqueViolation(error)) throw existingAccount();
    throw error;
  }
}
