import { ForbiddenError } from "../errors";
import { hasPermission, type Permission } from "./permissions";
import type { Actor } from "./roles";

/** Domain-layer authorisation: every command and query that needs a permission calls this. */
export function assertPermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) throw new ForbiddenError();
}
