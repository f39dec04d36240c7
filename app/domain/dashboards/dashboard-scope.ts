import { ForbiddenError } from "../errors";
import { assertPermission } from "../identity/authorize";
import type { Actor } from "../identity/roles";
import type { DashboardFilters } from "./dashboard-model";

// Who may see which dashboard figures (domain.md §5): the projectgroep and contract managers see
// everything; a municipality viewer sees its own municipality's figures and regional totals,
// never another municipality's details, with small numbers suppressed wherever it sees more than
// its own. The dashboard, the Excel export and the yearly PDF all start here.

export interface DashboardScope {
  /** The filters to apply; for a municipality viewer `municipalityId` is always its own. */
  filters: DashboardFilters;
  /** The viewer's own municipality, or null for the regional roles. */
  ownMunicipalityId: string | null;
  /**
   * True when figures shown beyond the viewer's own municipality must be suppressed (counts < 5,
   * shares with a denominator < 5 → "< 5", with secondary suppression).
   */
  suppressBeyondOwn: boolean;
}

/**
 * The scope of a dashboard request. A municipality viewer asking for another municipality gets a
 * ForbiddenError; one asking for nothing in particular gets its own municipality.
 */
export function dashboardScopeFor(actor: Actor, filters: DashboardFilters): DashboardScope {
  assertPermission(actor, "read:dashboard");
  const regional = actor.roles.some((role) => role === "projectgroup" || role === "contractManager");
  if (regional) return { filters, ownMunicipalityId: null, suppressBeyondOwn: false };
  if (!actor.municipalityId) throw new ForbiddenError("Uw account is niet aan een gemeente gekoppeld.");
  if (filters.municipalityId && filters.municipalityId !== actor.municipalityId) {
    throw new ForbiddenError("U kunt alleen de cijfers van uw eigen gemeente bekijken, naast de regionale totalen.");
  }
  return { filters: { ...filters, municipalityId: actor.municipalityId }, ownMunicipalityId: actor.municipalityId, suppressBeyondOwn: true };
}
