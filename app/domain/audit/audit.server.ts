import { desc, eq, and } from "drizzle-orm";
import type { Db } from "../../db/types";
import { auditLog } from "./audit.sql";
import type { Actor, AuditActor } from "../identity/roles";
import { assertPermission } from "../identity/authorize";
import type { Clock } from "../../utils/clock.server";

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  entityType: string;
  entityId: string;
  summary: string;
  changes?: Record<string, unknown>;
}

/** Writes one audit row. Call it with the transaction of the change it records. */
export async function recordAudit(tx: Db, clock: Clock, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    occurredAt: clock.now(),
    actorUserId: entry.actor.id,
    actorName: entry.actor.name,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    summary: entry.summary,
    changes: entry.changes ?? null,
  });
}

export async function listAuditEntries(
  db: Db,
  actor: Actor,
  filter: { entityType?: string; entityId?: string; limit?: number } = {},
) {
  assertPermission(actor, "read:audit");
  const conditions = [];
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  return db
    .select()
    .from(auditLog)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(filter.limit ?? 200);
}
