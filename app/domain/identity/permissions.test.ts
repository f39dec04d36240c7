import { ForbiddenError } from "../errors";
import { assertPermission } from "./authorize";
import { hasPermission, permissionsByRole, type Permission } from "./permissions";
import type { Actor, Role } from "./roles";

function actor(roles: Role[]): Actor {
  return { id: "u", name: "U", email: "u@test.test", roles, organisationId: null, municipalityId: null };
}

const allPermissions = [...new Set(Object.values(permissionsByRole).flat())] as Permission[];

test.each<[Role, Permission[]]>([
  ["admin", ["manage:users", "manage:organisations", "read:audit", "read:mailOutbox", "read:region", "read:regionDetails", "read:tenders", "read:tenderDrafts", "read:questionAskers", "read:contracts", "read:finance", "read:localOfferings"]],
  ["projectgroup", ["read:region", "read:regionDetails", "read:tenders", "read:tenderDrafts", "manage:tenders", "read:questionAskers", "read:contracts", "read:finance", "read:localOfferings", "manage:localOfferings", "open:offers", "manage:evaluation", "decide:award", "read:dashboard"]],
  ["assessor", ["read:region", "read:regionDetails", "read:tenders", "score:offers", "read:localOfferings"]],
  ["contractManager", ["read:region", "read:regionDetails", "read:tenders", "manage:contracts", "read:questionAskers", "read:contracts", "read:finance", "manage:finance", "read:localOfferings", "manage:localOfferings", "review:reports", "read:dashboard"]],
  ["supplier", ["read:ownOrganisation", "read:tenders", "follow:tenders", "ask:tenderQuestions", "submit:offers", "invite:colleagues", "submit:reports"]],
  ["municipalityViewer", ["read:region", "read:tenders", "read:contracts", "read:finance", "read:localOfferings", "read:dashboard"]],
])("a %s holds exactly %j", (role, expected) => {
  expect(allPermissions.filter((permission) => hasPermission(actor([role]), permission)).sort()).toEqual([...expected].sort());
});

test("several roles grant the union of their permissions", () => {
  const member = actor(["projectgroup", "contractManager"]);
  expect(hasPermission(member, "manage:tenders")).toBe(true);
  expect(hasPermission(member, "manage:contracts")).toBe(true);
  expect(hasPermission(member, "manage:users")).toBe(false);
});

test("a supplier can never read drafts, question askers or other organisations' data", () => {
  const supplier = actor(["supplier"]);
  for (const permission of ["read:tenderDrafts", "read:questionAskers", "manage:tenders", "read:audit", "read:mailOutbox"] as Permission[]) {
    expect(hasPermission(supplier, permission)).toBe(false);
  }
});

test("no municipal role, the admin included, may submit, and only the projectgroep opens offers", () => {
  for (const role of ["admin", "projectgroup", "assessor", "contractManager", "municipalityViewer"] as Role[]) {
    expect(hasPermission(actor([role]), "submit:offers")).toBe(false);
  }
  expect((["admin", "assessor", "contractManager", "supplier", "municipalityViewer"] as Role[]).some((role) => hasPermission(actor([role]), "open:offers"))).toBe(false);
});

test("a user without roles may do nothing", () => {
  expect(allPermissions.some((permission) => hasPermission(actor([]), permission))).toBe(false);
});

test("assertPermission refuses with a ForbiddenError in Dutch, and passes silently when allowed", () => {
  expect(() => assertPermission(actor(["supplier"]), "read:audit")).toThrow(ForbiddenError);
  expect(() => assertPermission(actor(["supplier"]), "read:audit")).toThrow("U heeft geen toegang tot deze gegevens of handeling.");
  expect(() => assertPermission(actor(["admin"]), "read:audit")).not.toThrow();
});
