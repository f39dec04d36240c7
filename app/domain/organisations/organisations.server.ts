import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { recordAudit } from "../audit/audit.server";
import { isUniqueViolation } from "../db-errors";
import { NotFoundError, RuleViolation } from "../errors";
import { assertPermission } from "../identity/authorize";
import { users } from "../identity/identity.sql";
import type { Actor } from "../identity/roles";
import { notifyUsers } from "../notifications/notifications.server";
import { organisationInputSchema, organisationKindLabels, rejectionSchema, type OrganisationInput } from "./organisation-schemas";
import { organisations } from "./organisations.sql";

export type Organisation = typeof organisations.$inferSelect;

function duplicateKvk(kvkNumber: string) {
  return new RuleViolation("organisation.duplicateKvk", `Er is al een organisatie met KvK-nummer ${kvkNumber}.`, "kvkNumber");
}

export async function listOrganisations(db: Db, actor: Actor): Promise<Organisation[]> {
  assertPermission(actor, "manage:organisations");
  return db.select().from(organisations).orderBy(asc(organisations.name));
}

/** The organisations a role can be tied to, for pick lists in user administration. */
export async function listActiveOrganisations(db: Db, actor: Actor) {
  assertPermission(actor, "manage:users");
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.active, true))
    .orderBy(asc(organisations.name));
}

export async function getOrganisation(db: Db, actor: Actor, organisationId: string): Promise<Organisation> {
  // a supplier may read its own organisation; administrators read every one
  if (actor.organisationId !== organisationId) assertPermission(actor, "manage:organisations");
  const [organisation] = await db.select().from(organisations).where(eq(organisations.id, organisationId));
  if (!organisation) throw new NotFoundError("Deze organisatie bestaat niet.");
  return organisation;
}

export async function createOrganisation(db: Db, clock: Clock, actor: Actor, input: OrganisationInput): Promise<Organisation> {
  assertPermission(actor, "manage:organisations");
  const values = organisationInputSchema.parse(input);
  const now = clock.now();
  try {
    return await db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: organisations.id })
        .from(organisations)
        .where(eq(organisations.kvkNumber, values.kvkNumber));
      if (existing) throw duplicateKvk(values.kvkNumber);
      const [organisation] = await tx
        .insert(organisations)
        // an organisation an administrator enters is verified by that administrator at once
        .values({ ...values, createdAt: now, verificationStatus: "verified", verifiedAt: now, verifiedByUserId: actor.id })
        .returning();
      await recordAudit(tx, clock, {
        actor,
        action: "organisation.created",
        entityType: "organisation",
        entityId: organisation!.id,
        summary: `${organisationKindLabels[values.kind]} ${values.name} (KvK ${values.kvkNumber}) aangemaakt`,
        changes: values,
      });
      return organisation!;
    });
  } catch (error) {
    // two administrators adding the same KvK number at once: the unique index decides
    if (isUniqueViolation(error)) throw duplicateKvk(values.kvkNumber);
    throw error;
  }
}

export async function updateOrganisation(
  db: Db,
  clock: Clock,
  actor: Actor,
  organisationId: string,
  input: OrganisationInput,
): Promise<Organisation> {
  assertPermission(actor, "manage:organisations");
  const values = organisationInputSchema.parse(input);
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
      if (!before) throw new NotFoundError("Deze organisatie bestaat niet.");
      const [clash] = await tx
        .select({ id: organisations.id })
        .from(organisations)
        .where(eq(organisations.kvkNumber, values.kvkNumber));
      if (clash && clash.id !== organisationId) throw duplicateKvk(values.kvkNumber);
      const [after] = await tx.update(organisations).set(values).where(eq(organisations.id, organisationId)).returning();
      const changed = Object.fromEntries(
        Object.entries(values)
          .filter(([key, value]) => before[key as keyof Organisation] !== value)
          .map(([key, value]) => [key, { from: before[key as keyof Organisation], to: value }]),
      );
      await recordAudit(tx, clock, {
        actor,
        action: "organisation.updated",
        entityType: "organisation",
        entityId: organisationId,
        summary: `Gegevens van ${values.name} gewijzigd (${Object.keys(changed).join(", ") || "geen wijzigingen"})`,
        changes: changed,
      });
      return after!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateKvk(values.kvkNumber);
    throw error;
  }
}

export async function setOrganisationActive(
  db: Db,
  clock: Clock,
  actor: Actor,
  organisationId: string,
  active: boolean,
): Promise<void> {
  assertPermission(actor, "manage:organisations");
  await db.transaction(async (tx) => {
    const [organisation] = await tx
      .update(organisations)
      .set({ active })
      .where(eq(organisations.id, organisationId))
      .returning();
    if (!organisation) throw new NotFoundError("Deze organisatie bestaat niet.");
    await recordAudit(tx, clock, {
      actor,
      action: active ? "organisation.reactivated" : "organisation.deactivated",
      entityType: "organisation",
      entityId: organisationId,
      summary: `${organisation.name} ${active ? "weer geactiveerd" : "gedeactiveerd"}`,
    });
  });
}

/**
 * Refuses unless the organisation may take part in a tender: it exists, is active and an administrator verified it.
 * Called by the offers domain when a supplier submits; a self-registered organisation is pending until verified.
 */
export async function assertOrganisationMaySubmit(db: Db, organisationId: string): Promise<void> {
  const [organisation] = await db
    .select({ active: organisations.active, verificationStatus: organisations.verificationStatus })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  if (!organisation) throw new NotFoundError("Deze organisatie bestaat niet.");
  if (!organisation.active) {
    throw new RuleViolation(
      "organisation.inactive",
      "Uw organisatie is niet actief in het portaal en kan daarom geen inschrijving indienen. Neem contact op met de beheerder.",
    );
  }
  if (organisation.verificationStatus === "pending") {
    throw new RuleViolation(
      "organisation.notVerified",
      "Uw organisatie is nog niet geverifieerd door de beheerder. U kunt pas een inschrijving indienen als de registratie is goedgekeurd.",
    );
  }
  if (organisation.verificationStatus === "rejected") {
    throw new RuleViolation(
      "organisation.rejected",
      "De registratie van uw organisatie is afgewezen. U kunt daarom geen inschrijving indienen. Neem contact op met de beheerder.",
    );
  }
}

/** The people of one organisation: for its administrators, and for its own users (their colleagues). */
export async function listOrganisationMembers(db: Db, actor: Actor, organisationId: string) {
  if (actor.organisationId !== organisationId) assertPermission(actor, "manage:organisations");
  return db
    .select({ id: users.id, name: users.name, email: users.email, active: users.active, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.organisationId, organisationId))
    .orderBy(asc(users.name));
}

async function organisationRecipients(tx: Db, organisationId: string) {
  return tx
    .select({ userId: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.active, true)));
}

/** An administrator has checked a self-registered organisation (KvK, address, contact): from now on it may submit offers. */
export async function verifyOrganisation(db: Db, clock: Clock, actor: Actor, organisationId: string): Promise<Organisation> {
  assertPermission(actor, "manage:organisations");
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(organisations).where(eq(organisations.id, organisationId)).for("update");
    if (!before) throw new NotFoundError("Deze organisatie bestaat niet.");
    if (before.verificationStatus === "verified") {
      throw new RuleViolation("organisation.alreadyVerified", `${before.name} is al geverifieerd.`);
    }
    const [after] = await tx
      .update(organisations)
      .set({ verificationStatus: "verified", verifiedAt: clock.now(), verifiedByUserId: actor.id, rejectionReason: null })
      .where(eq(organisations.id, organisationId))
      .returning();
    await recordAudit(tx, clock, {
      actor,
      action: "organisation.verified",
      entityType: "organisation",
      entityId: organisationId,
      summary: `${before.name} (KvK ${before.kvkNumber}) geverifieerd${before.verificationStatus === "rejected" ? " na een eerdere afwijzing" : ""}`,
      changes: { verificationStatus: { from: before.verificationStatus, to: "verified" } },
    });
    await notifyUsers(tx, clock, await organisationRecipients(tx, organisationId), {
      title: "Uw organisatie is geverifieerd",
      body: `De beheerder van het Leerrouteportaal heeft de registratie van ${before.name} gecontroleerd en goedgekeurd. Uw organisatie kan nu inschrijven op aanbestedingen, en u kunt collega's uitnodigen.`,
      link: "/organisatie",
    });
    return after!;
  });
}

/** An administrator turns down a self-registration, with the reason the organisation is told. */
export async function rejectOrganisation(
  db: Db,
  clock: Clock,
  actor: Actor,
  organisationId: string,
  input: { reason: string },
): Promise<Organisation> {
  assertPermission(actor, "manage:organisations");
  const { reason } = rejectionSchema.parse(input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(organisations).where(eq(organisations.id, organisationId)).for("update");
    if (!before) throw new NotFoundError("Deze organisatie bestaat niet.");
    // a verified organisation may have offers and contracts: it is deactivated, never "rejected" afterwards
    if (before.verificationStatus !== "pending") {
      throw new RuleViolation(
        "organisation.notPending",
        before.verificationStatus === "verified"
          ? `${before.name} is al geverifieerd en kan niet meer worden afgewezen. Deactiveer de organisatie als zij het portaal niet meer mag gebruiken.`
          : `De registratie van ${before.name} is al afgewezen.`,
      );
    }
    const [after] = await tx
      .update(organisations)
      .set({ verificationStatus: "rejected", rejectionReason: reason })
      .where(eq(organisations.id, organisationId))
      .returning();
    await recordAudit(tx, clock, {
      actor,
      action: "organisation.rejected",
      entityType: "organisation",
      entityId: organisationId,
      summary: `Registratie van ${before.name} (KvK ${before.kvkNumber}) afgewezen: ${reason}`,
      changes: { verificationStatus: { from: before.verificationStatus, to: "rejected" }, rejectionReason: reason },
    });
    await notifyUsers(tx, clock, await organisationRecipients(tx, organisationId), {
      title: "Registratie van uw organisatie afgewezen",
      body: `De beheerder van het Leerrouteportaal heeft de registratie van ${before.name} afgewezen. Reden: ${reason}\n\nUw organisatie kan daarom niet inschrijven op aanbestedingen. Heeft u vragen, neem dan contact op met de regio Westfriesland.`,
      link: "/organisatie",
    });
    return after!;
  });
}
