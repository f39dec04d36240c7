import { ForbiddenError } from "../errors";
import { assertPermission } from "./authorize";
import { hasPermission, permissionsByRole, type Permission } from "./permissions";
import type { Actor, Role } from "./roles";

function actor(roles: Role[]): Actor {
  return { id: "u", name: "U", email: "u@test.test", roles, organisationId: null, municipalityId: null };
}

const allPermissions = [...new Set(Object.values(permissionsByRole).flat())] as Permission[];

test.each<[Role, Permission[]]>([
  ["admin", ["manage:users", "manage:organisations", "read:audit", "read:region", "read:regionDetails"]],
  ["projectgroup", ["read:region", "read:regionDetails", "manage:tenders"]],
  ["assessor", ["read:region", "read:regionDetails", "score:offers"]],
  ["contractManager", ["read:region", "read:regionDetails", "manage:contracts"]],
  ["supplier", ["read:ownOrganisation"]],
  ["municipalityViewer", ["read:region"]],
])("a %s holds exactly %j", (role, expected) => {
  expect(allPermissions.filter((permission) => hasPermission(actor([role]), permission)).sort()).toEqual([...expected].sort());
});

test("several roles grant the union of their permissions", () => {
  const member = actor(["projectgroup", "contractManager"]);
  expect(hasPermission(member, "manage:tenders")).toBe(true);
  expect(hasPermission(member, "manage:contracts")).toBe(true);
  expect(hasPermission(member, "manage:users")).toBe(false);
});

test("a user without roles may do nothing", () => {
  expect(allPermissions.some((permission) => hasPermission(actor([]), permission))).toBe(false);
});

test("assertPermission refuses with a ForbiddenError in Dutch, and passes silently when allowed", () => {
  expect(() => assertPermission(actor(["supplier"]), "read:audit")).toThrow(ForbiddenError);
  expect(() => assertPermission(actor(["supplier"]), "read:audit")).toThrow("U heeft geen toegang tot deze gegevens of handeling.");
  expect(() => assertPermission(actor(["admin"]), "read:audit")).not.toThrow();
});
