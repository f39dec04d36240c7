import type { Actor, Role } from "./roles";

/**
 * Typed permissions, `${action}:${entity}`. Roles grant permissions in this one table;
 * routes and domain functions ask for a permission, never for a role name.
 */
export const permissionsByRole = {
  admin: ["manage:users", "manage:organisations", "read:audit", "read:region", "read:regionDetails"],
  projectgroup: ["read:region", "read:regionDetails", "manage:tenders"],
  assessor: ["read:region", "read:regionDetails", "score:offers"],
  contractManager: ["read:region", "read:regionDetails", "manage:contracts"],
  supplier: ["read:ownOrganisation"],
  // own municipality plus regional totals; never another municipality's details
  municipalityViewer: ["read:region"],
} as const satisfies Record<Role, readonly string[]>;

export type Permission = (typeof permissionsByRole)[Role][number];

export function hasPermission(actor: Pick<Actor, "roles">, permission: Permission): boolean {
  return actor.roles.some((role) => (permissionsByRole[role] as readonly string[]).includes(permission));
}
