import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { recordAudit } from "../audit/audit.server";
import { isUniqueViolation } from "../db-errors";
import { NotFoundError, RuleViolation } from "../errors";
import { organisations } from "../organisations/organisations.sql";
import { municipalities } from "../regions/regions.sql";
import { assertPermission } from "./authorize";
import { sessions, userRoles, users } from "./identity.sql";
import { hashPassword } from "./password.server";
import { allRoles, roleLabels, type Actor, type Role } from "./roles";
import { newUserSchema, roleAssignmentSchema, type NewUserInput, type RoleAssignment } from "./user-schemas";

export interface UserSummary {
  id: string;
  name: string;
  email: string;
  active: boolean;
  roles: Role[];
  organisationId: string | null;
  organisationName: string | null;
  municipalityId: string | null;
  municipalityName: string | null;
}

function sortRoles(list: Role[]): Role[] {
  return [...list].sort((a, b) => allRoles.indexOf(a) - allRoles.indexOf(b));
}

async function loadUsers(db: Db, where?: ReturnType<typeof eq>): Promise<UserSummary[]> {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      active: users.active,
      organisationId: users.organisationId,
      organisationName: organisations.name,
      municipalityId: users.municipalityId,
      municipalityName: municipalities.name,
    })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .leftJoin(municipalities, eq(municipalities.id, users.municipalityId))
    .where(where)
    .orderBy(asc(users.name));
  if (rows.length === 0) return [];
  const roleRows = await db
    .select()
    .from(userRoles)
    .where(
      inArray(
        userRoles.userId,
        rows.map((row) => row.id),
      ),
    );
  const rolesByUser = new Map<string, Role[]>();
  for (const row of roleRows) rolesByUser.set(row.userId, [...(rolesByUser.get(row.userId) ?? []), row.role]);
  return rows.map((row) => ({ ...row, roles: sortRoles(rolesByUser.get(row.id) ?? []) }));
}

export async function listUsers(db: Db, actor: Actor): Promise<UserSummary[]> {
  assertPermission(actor, "manage:users");
  return loadUsers(db);
}

export async function getUser(db: Db, actor: Actor, userId: string): Promise<UserSummary> {
  if (actor.id !== userId) assertPermission(actor, "manage:users");
  const [user] = await loadUsers(db, eq(users.id, userId));
  if (!user) throw new NotFoundError("Deze gebruiker bestaat niet.");
  return user;
}

/** Loads the actor for a signed-in user id; null when the account or its organisation is inactive. */
export async function loadActor(db: Db, userId: string): Promise<Actor | null> {
  const [row] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      active: users.active,
      organisationId: users.organisationId,
      municipalityId: users.municipalityId,
      organisationActive: organisations.active,
    })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, userId));
  if (!row || !row.active || row.organisationActive === false) return null;
  const roleRows = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    roles: sortRoles(roleRows.map((r) => r.role)),
    organisationId: row.organisationId,
    municipalityId: row.municipalityId,
  };
}

async function assertReferencesExist(tx: Db, assignment: RoleAssignment) {
  if (assignment.organisationId) {
    const [organisation] = await tx
      .select({ active: organisations.active })
      .from(organisations)
      .where(eq(organisations.id, assignment.organisationId));
    if (!organisation || !organisation.active) {
      throw new RuleViolation("user.unknownOrganisation", "Kies een actieve organisatie uit de lijst.", "organisationId");
    }
  }
  if (assignment.municipalityId) {
    const [municipality] = await tx
      .select({ id: municipalities.id })
      .from(municipalities)
      .where(eq(municipalities.id, assignment.municipalityId));
    if (!municipality) throw new RuleViolation("user.unknownMunicipality", "Kies een gemeente uit de lijst.", "municipalityId");
  }
}

// An organisation is kept only with the supplier role, a municipality only with the viewer role,
// so that a later role change cannot leave a stale link that widens what the user sees.
function links(assignment: RoleAssignment) {
  return {
    organisationId: assignment.roles.includes("supplier") ? assignment.organisationId : null,
    municipalityId: assignment.roles.includes("municipalityViewer") ? assignment.municipalityId : null,
  };
}

function describeRoles(list: readonly Role[]) {
  return sortRoles([...list])
    .map((role) => roleLabels[role])
    .join(", ");
}

export async function createUser(db: Db, clock: Clock, actor: Actor, input: NewUserInput): Promise<UserSummary> {
  assertPermission(actor, "manage:users");
  const values = newUserSchema.parse(input);
  const passwordHash = await hashPassword(values.password);
  const duplicate = new RuleViolation("user.duplicateEmail", `Er is al een account met e-mailadres ${values.email}.`, "email");
  let userId: string;
  try {
    userId = await db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, values.email));
      if (existing) throw duplicate;
      await assertReferencesExist(tx, values);
      const [user] = await tx
        .insert(users)
        .values({ name: values.name, email: values.email, passwordHash, ...links(values), createdAt: clock.now() })
        .returning({ id: users.id });
      await tx.insert(userRoles).values(values.roles.map((role) => ({ userId: user!.id, role })));
      await recordAudit(tx, clock, {
        actor,
        action: "user.created",
        entityType: "user",
        entityId: user!.id,
        summary: `Account voor ${values.name} (${values.email}) aangemaakt met rol(len) ${describeRoles(values.roles)}`,
        changes: { email: values.email, roles: values.roles, ...links(values) },
      });
      return user!.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate;
    throw error;
  }
  return getUser(db, actor, userId);
}

export async function assignRoles(
  db: Db,
  clock: Clock,
  actor: Actor,
  userId: string,
  input: RoleAssignment,
): Promise<UserSummary> {
  assertPermission(actor, "manage:users");
  const assignment = roleAssignmentSchema.parse(input);
  if (actor.id === userId && !assignment.roles.includes("admin")) {
    throw new RuleViolation(
      "user.ownAdminRole",
      "U kunt uw eigen beheerdersrol niet intrekken; laat een andere beheerder dat doen.",
      "roles",
    );
  }
  await db.transaction(async (tx) => {
    const before = await loadUsers(tx, eq(users.id, userId));
    if (!before[0]) throw new NotFoundError("Deze gebruiker bestaat niet.");
    await assertReferencesExist(tx, assignment);
    await tx.update(users).set(links(assignment)).where(eq(users.id, userId));
    await tx.delete(userRoles).where(eq(userRoles.userId, userId));
    await tx.insert(userRoles).values(assignment.roles.map((role) => ({ userId, role })));
    // new rights take effect at the next sign-in; revoked rights at once
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await recordAudit(tx, clock, {
      actor,
      action: "user.rolesAssigned",
      entityType: "user",
      entityId: userId,
      summary: `Rollen van ${before[0].name} gewijzigd van ${describeRoles(before[0].roles) || "geen"} naar ${describeRoles(assignment.roles)}`,
      changes: {
        roles: { from: before[0].roles, to: assignment.roles },
        organisationId: { from: before[0].organisationId, to: links(assignment).organisationId },
        municipalityId: { from: before[0].municipalityId, to: links(assignment).municipalityId },
      },
    });
  });
  return getUser(db, actor, userId);
}

export async function setUserActive(db: Db, clock: Clock, actor: Actor, userId: string, active: boolean): Promise<void> {
  assertPermission(actor, "manage:users");
  if (actor.id === userId && !active) {
    throw new RuleViolation("user.deactivateSelf", "U kunt uw eigen account niet deactiveren.");
  }
  await db.transaction(async (tx) => {
    const [user] = await tx.update(users).set({ active }).where(eq(users.id, userId)).returning();
    if (!user) throw new NotFoundError("Deze gebruiker bestaat niet.");
    if (!active) await tx.delete(sessions).where(eq(sessions.userId, userId));
    await recordAudit(tx, clock, {
      actor,
      action: active ? "user.reactivated" : "user.deactivated",
      entityType: "user",
      entityId: userId,
      summary: `Account van ${user.name} ${active ? "weer geactiveerd" : "gedeactiveerd"}`,
    });
  });
}

/** The organisation and municipality names shown beside the signed-in user in the header. */
export async function getActorAffiliation(db: Db, actor: Actor): Promise<{ organisationName: string | null; municipalityName: string | null }> {
  const [organisation] = actor.organisationId
    ? await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, actor.organisationId))
    : [];
  const [municipality] = actor.municipalityId
    ? await db.select({ name: municipalities.name }).from(municipalities).where(eq(municipalities.id, actor.municipalityId))
    : [];
  return { organisationName: organisation?.name ?? null, municipalityName: municipality?.name ?? null };
}
