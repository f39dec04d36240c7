import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { recordAudit } from "../audit/audit.server";
import { isUniqueViolation } from "../db-errors";
import { NotFoundError, RuleViolation } from "../errors";
import { assertPermission } from "../identity/authorize";
import type { Actor } from "../identity/roles";
import { organisationInputSchema, organisationKindLabels, type OrganisationInput } from "./organisation-schemas";
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
  try {
    return await db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: organisations.id })
        .from(organisations)
        .where(eq(organisations.kvkNumber, values.kvkNumber));
      if (existing) throw duplicateKvk(values.kvkNumber);
      const [organisation] = await tx
        .insert(organisations)
        .values({ ...values, createdAt: clock.now() })
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
