import type { Actor, Role } from "./roles";

/**
 * Typed permissions, `${action}:${entity}`. Roles grant permissions in this one table;
 * routes and domain functions ask for a permission, never for a role name.
 */
export const permissionsByRole = {
  admin: ["manage:users", "manage:organisations", "read:audit", "read:mailOutbox", "read:region", "read:regionDetails", "read:tenders", "read:tenderDrafts", "read:questionAskers", "read:contracts", "read:finance", "read:localOfferings"],
  projectgroup: ["read:region", "read:regionDetails", "read:tenders", "read:tenderDrafts", "manage:tenders", "read:questionAskers", "read:contracts", "read:finance", "read:localOfferings", "manage:localOfferings", "open:offers", "manage:evaluation", "decide:award", "read:dashboard"],
  assessor: ["read:region", "read:regionDetails", "read:tenders", "score:offers", "read:localOfferings"],
  contractManager: ["read:region", "read:regionDetails", "read:tenders", "manage:contracts", "read:questionAskers", "read:contracts", "read:finance", "manage:finance", "read:localOfferings", "manage:localOfferings", "review:reports", "read:dashboard"],
  supplier: ["read:ownOrganisation", "read:tenders", "follow:tenders", "ask:tenderQuestions", "submit:offers", "invite:colleagues", "submit:reports"],
  // own municipality plus regional totals; never another municipality's details
  municipalityViewer: ["read:region", "read:tenders", "read:contracts", "read:finance", "read:localOfferings", "read:dashboard"],
} as const satisfies Record<Role, readonly string[]>;

export type Permission = (typeof permissionsByRole)[Role][number];

export function hasPermission(actor: Pick<Actor, "roles">, permission: Permission): boolean {
  return actor.roles.some((role) => (permissionsByRole[role] as readonly string[]).includes(permission));
}
