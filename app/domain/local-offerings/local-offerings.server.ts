import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { recordAudit } from "../audit/audit.server";
import { auditLog } from "../audit/audit.sql";
import { contracts } from "../contracts/contract.sql";
import { NotFoundError, RuleViolation } from "../errors";
import { assertPermission } from "../identity/authorize";
import { systemActor, type Actor } from "../identity/roles";
import { municipalities } from "../regions/regions.sql";
import { appendix1 } from "./appendix-1";
import { contractLocalOfferings, localOfferings } from "./local-offering.sql";
import {
  localOfferingCategoryLabels,
  localOfferingFieldLabels,
  localOfferingFilterSchema,
  localOfferingInputSchema,
  type LocalOfferingFilter,
  type LocalOfferingInput,
} from "./local-offering-schemas";

export type LocalOffering = typeof localOfferings.$inferSelect;
export type LocalOfferingWithMunicipality = LocalOffering & { municipalityName: string };

const ENTITY_TYPE = "localOffering";
const SEEDED_ACTION = "localOffering.seededFromAppendix1";

const withMunicipality = {
  id: localOfferings.id,
  municipalityId: localOfferings.municipalityId,
  municipalityName: municipalities.name,
  category: localOfferings.category,
  providerKind: localOfferings.providerKind,
  providerName: localOfferings.providerName,
  description: localOfferings.description,
  createdAt: localOfferings.createdAt,
  updatedAt: localOfferings.updatedAt,
};

// Municipality, then the categories and provider kinds in the order of appendix 1 (the enums'
// order), then by provider and offering, ignoring case ("fietsles" beside "Fietsles").
const listOrder = [
  asc(municipalities.name),
  asc(localOfferings.category),
  asc(localOfferings.providerKind),
  asc(sql`lower(${localOfferings.providerName})`),
  asc(sql`lower(${localOfferings.description})`),
  asc(localOfferings.id),
];

function offeringNotFound() {
  return new NotFoundError("Dit lokale aanbod bestaat niet (meer).");
}

/** A short name for an offering in audit summaries and messages. */
function describe(offering: { providerName: string; description: string }) {
  const text = offering.description.length > 80 ? `${offering.description.slice(0, 79)}…` : offering.description;
  return `"${text}" van ${offering.providerName}`;
}

/** `%` and `_` typed in the search box are searched for, not wildcards. */
function containing(text: string) {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Fills the table with appendix 1 of the framework, once per database. Runs at every start
 * (like seedReferenceData) but only on an empty table that was never seeded before: edits made in
 * the portal survive restarts, and a list deliberately emptied is not brought back.
 */
export async function seedLocalOfferings(db: Db, clock: Clock): Promise<{ inserted: number }> {
  return db.transaction(async (tx) => {
    // Two instances starting at once on one PostgreSQL would both find the table empty; the lock
    // makes the second wait and then find the first one's rows. (Readers are not blocked.)
    await tx.execute(sql`lock table ${localOfferings} in exclusive mode`);
    const [{ value: existing }] = (await tx.select({ value: count() }).from(localOfferings)) as [{ value: number }];
    if (existing > 0) return { inserted: 0 };
    const [seededBefore] = await tx
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, ENTITY_TYPE), eq(auditLog.action, SEEDED_ACTION)))
      .limit(1);
    if (seededBefore) return { inserted: 0 };

    const municipalityRows = await tx.select({ id: municipalities.id, name: municipalities.name }).from(municipalities);
    const municipalityIds = new Map(municipalityRows.map((row) => [row.name, row.id]));
    const now = clock.now();
    const rows = appendix1.map((offering) => {
      const municipalityId = municipalityIds.get(offering.municipality);
      // seedReferenceData puts the seven municipalities in first; a missing one is a bug, not data
      if (!municipalityId) throw new Error(`appendix 1 names unknown municipality ${offering.municipality}`);
      const { municipality: _name, ...values } = offering;
      return { ...values, municipalityId, createdAt: now, updatedAt: now };
    });
    await tx.insert(localOfferings).values(rows);
    await recordAudit(tx, clock, {
      actor: systemActor,
      action: SEEDED_ACTION,
      entityType: ENTITY_TYPE,
      entityId: "bijlage-1",
      summary: `Lokaal aanbod gevuld met bijlage 1 van het beleidskader (${rows.length} regels)`,
    });
    return { inserted: rows.length };
  });
}

export async function listLocalOfferings(db: Db, actor: Actor, filter: LocalOfferingFilter = {}): Promise<LocalOfferingWithMunicipality[]> {
  assertPermission(actor, "read:localOfferings");
  const { municipalityId, category, providerKind, search } = localOfferingFilterSchema.parse(filter);
  const conditions: SQL[] = [];
  if (municipalityId) conditions.push(eq(localOfferings.municipalityId, municipalityId));
  if (category) conditions.push(eq(localOfferings.category, category));
  if (providerKind) conditions.push(eq(localOfferings.providerKind, providerKind));
  // every word must occur, in the provider's name or in the description
  for (const word of search?.split(/\s+/).filter(Boolean) ?? []) {
    conditions.push(or(ilike(localOfferings.providerName, containing(word)), ilike(localOfferings.description, containing(word)))!);
  }
  return db
    .select(withMunicipality)
    .from(localOfferings)
    .innerJoin(municipalities, eq(municipalities.id, localOfferings.municipalityId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(...listOrder);
}

export async function getLocalOffering(db: Db, actor: Actor, localOfferingId: string): Promise<LocalOfferingWithMunicipality> {
  assertPermission(actor, "read:localOfferings");
  const [offering] = await db
    .select(withMunicipality)
    .from(localOfferings)
    .innerJoin(municipalities, eq(municipalities.id, localOfferings.municipalityId))
    .where(eq(localOfferings.id, localOfferingId));
  if (!offering) throw offeringNotFound();
  return offering;
}

/** The audit trail of one offering, newest first: for those who maintain the list, not only administrators. */
export async function listLocalOfferingHistory(db: Db, actor: Actor, localOfferingId: string) {
  assertPermission(actor, "manage:localOfferings");
  return db
    .select({ id: auditLog.id, occurredAt: auditLog.occurredAt, actorName: auditLog.actorName, summary: auditLog.summary })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, ENTITY_TYPE), eq(auditLog.entityId, localOfferingId)))
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(50);
}

async function municipalityName(tx: Db, municipalityId: string): Promise<string> {
  const [municipality] = await tx.select({ name: municipalities.name }).from(municipalities).where(eq(municipalities.id, municipalityId));
  if (!municipality) throw new RuleViolation("localOffering.unknownMunicipality", "Kies een van de zeven gemeenten.", "municipalityId");
  return municipality.name;
}

export async function createLocalOffering(db: Db, clock: Clock, actor: Actor, input: LocalOfferingInput): Promise<LocalOffering> {
  assertPermission(actor, "manage:localOfferings");
  const values = localOfferingInputSchema.parse(input);
  return db.transaction(async (tx) => {
    const municipality = await municipalityName(tx, values.municipalityId);
    const now = clock.now();
    const [offering] = await tx
      .insert(localOfferings)
      .values({ ...values, createdAt: now, updatedAt: now })
      .returning();
    await recordAudit(tx, clock, {
      actor,
      action: "localOffering.created",
      entityType: ENTITY_TYPE,
      entityId: offering!.id,
      summary: `Aanbod ${describe(values)} toegevoegd bij ${municipality} (${localOfferingCategoryLabels[values.category]})`,
      changes: { ...values, municipality },
    });
    return offering!;
  });
}

export async function updateLocalOffering(
  db: Db,
  clock: Clock,
  actor: Actor,
  localOfferingId: string,
  input: LocalOfferingInput,
): Promise<LocalOffering> {
  assertPermission(actor, "manage:localOfferings");
  const values = localOfferingInputSchema.parse(input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(localOfferings).where(eq(localOfferings.id, localOfferingId)).for("update");
    if (!before) throw offeringNotFound();
    const municipality = await municipalityName(tx, values.municipalityId);
    const changedFields = (Object.keys(values) as (keyof LocalOfferingInput)[]).filter((key) => before[key] !== values[key]);
    const changes: Record<string, { from: unknown; to: unknown }> = Object.fromEntries(
      changedFields.map((key) => [key, { from: before[key], to: values[key] }]),
    );
    // the trail names the municipality, not only its id
    if (changes.municipalityId) changes.municipality = { from: await municipalityName(tx, before.municipalityId), to: municipality };
    const [after] = await tx
      .update(localOfferings)
      .set({ ...values, updatedAt: clock.now() })
      .where(eq(localOfferings.id, localOfferingId))
      .returning();
    const labels = changedFields.map((key) => localOfferingFieldLabels[key].toLowerCase());
    await recordAudit(tx, clock, {
      actor,
      action: "localOffering.updated",
      entityType: ENTITY_TYPE,
      entityId: localOfferingId,
      summary: `Aanbod ${describe(values)} gewijzigd (${labels.join(", ") || "geen wijzigingen"})`,
      changes,
    });
    return after!;
  });
}

/**
 * Removes an offering that no contract refers to. A linked one is refused: the link records
 * which contract serves the local-connection goal with it, and the cascade would drop that
 * silently.
 */
export async function removeLocalOffering(db: Db, clock: Clock, actor: Actor, localOfferingId: string): Promise<LocalOffering> {
  assertPermission(actor, "manage:localOfferings");
  return db.transaction(async (tx) => {
    // locked first, so a link made at the same moment either waits for the removal (and then
    // finds no offering) or is committed before the count below sees it
    const [offering] = await tx.select().from(localOfferings).where(eq(localOfferings.id, localOfferingId)).for("update");
    if (!offering) throw offeringNotFound();
    const linked = await tx
      .select({ number: contracts.number })
      .from(contractLocalOfferings)
      .innerJoin(contracts, eq(contracts.id, contractLocalOfferings.contractId))
      .where(eq(contractLocalOfferings.localOfferingId, localOfferingId))
      .orderBy(asc(contracts.number));
    if (linked.length > 0) {
      const numbers = linked.map((row) => row.number).join(", ");
      throw new RuleViolation(
        "localOffering.linkedToContract",
        linked.length === 1
          ? `Dit aanbod is gekoppeld aan contract ${numbers} en kan niet worden verwijderd. Ontkoppel het eerst bij dat contract.`
          : `Dit aanbod is gekoppeld aan de contracten ${numbers} en kan niet worden verwijderd. Ontkoppel het eerst bij die contracten.`,
      );
    }
    await tx.delete(localOfferings).where(eq(localOfferings.id, localOfferingId));
    const municipality = await municipalityName(tx, offering.municipalityId);
    await recordAudit(tx, clock, {
      actor,
      action: "localOffering.removed",
      entityType: ENTITY_TYPE,
      entityId: localOfferingId,
      summary: `Aanbod ${describe(offering)} verwijderd bij ${municipality}`,
      // the row is gone; the trail keeps what it said
      changes: {
        municipality,
        category: offering.category,
        providerKind: offering.providerKind,
        providerName: offering.providerName,
        description: offering.description,
      },
    });
    return offering;
  });
}

async function requireContract(tx: Db, contractId: string) {
  const [contract] = await tx.select({ id: contracts.id, number: contracts.number }).from(contracts).where(eq(contracts.id, contractId));
  if (!contract) throw new NotFoundError("Dit contract bestaat niet.");
  return contract;
}

/**
 * Records that a contract uses a local offering (the framework's goal of connecting the leerroutes
 * to what the municipality offers). Linking twice is harmless: nothing changes, nothing is audited.
 */
export async function linkLocalOfferingToContract(
  db: Db,
  clock: Clock,
  actor: Actor,
  contractId: string,
  localOfferingId: string,
): Promise<void> {
  assertPermission(actor, "manage:contracts");
  await db.transaction(async (tx) => {
    const contract = await requireContract(tx, contractId);
    // a shared lock: a removal at the same moment waits for this link and then refuses
    const [offering] = await tx
      .select({ providerName: localOfferings.providerName, description: localOfferings.description, municipalityName: municipalities.name })
      .from(localOfferings)
      .innerJoin(municipalities, eq(municipalities.id, localOfferings.municipalityId))
      .where(eq(localOfferings.id, localOfferingId))
      .for("share", { of: localOfferings });
    if (!offering) throw offeringNotFound();
    const inserted = await tx
      .insert(contractLocalOfferings)
      .values({ contractId, localOfferingId })
      .onConflictDoNothing()
      .returning({ contractId: contractLocalOfferings.contractId });
    if (inserted.length === 0) return;
    await recordAudit(tx, clock, {
      actor,
      action: "contract.localOfferingLinked",
      entityType: "contract",
      entityId: contractId,
      summary: `Contract ${contract.number} gekoppeld aan lokaal aanbod ${describe(offering)} (${offering.municipalityName})`,
      changes: { localOfferingId },
    });
  });
}

/** Undoes a link; unlinking what is not linked changes nothing and is not audited. */
export async function unlinkLocalOfferingFromContract(
  db: Db,
  clock: Clock,
  actor: Actor,
  contractId: string,
  localOfferingId: string,
): Promise<void> {
  assertPermission(actor, "manage:contracts");
  await db.transaction(async (tx) => {
    const contract = await requireContract(tx, contractId);
    const removed = await tx
      .delete(contractLocalOfferings)
      .where(and(eq(contractLocalOfferings.contractId, contractId), eq(contractLocalOfferings.localOfferingId, localOfferingId)))
      .returning({ contractId: contractLocalOfferings.contractId });
    if (removed.length === 0) return;
    const [offering] = await tx
      .select({ providerName: localOfferings.providerName, description: localOfferings.description })
      .from(localOfferings)
      .where(eq(localOfferings.id, localOfferingId));
    await recordAudit(tx, clock, {
      actor,
      action: "contract.localOfferingUnlinked",
      entityType: "contract",
      entityId: contractId,
      summary: `Koppeling van contract ${contract.number} met lokaal aanbod ${offering ? describe(offering) : localOfferingId} verwijderd`,
      changes: { localOfferingId },
    });
  });
}

/** The local offerings a contract is linked to, in the order of the list. */
export async function listLocalOfferingsForContract(db: Db, actor: Actor, contractId: string): Promise<LocalOfferingWithMunicipality[]> {
  assertPermission(actor, "read:contracts");
  await requireContract(db, contractId);
  return db
    .select(withMunicipality)
    .from(contractLocalOfferings)
    .innerJoin(localOfferings, eq(localOfferings.id, contractLocalOfferings.localOfferingId))
    .innerJoin(municipalities, eq(municipalities.id, localOfferings.municipalityId))
    .where(eq(contractLocalOfferings.contractId, contractId))
    .orderBy(...listOrder);
}
