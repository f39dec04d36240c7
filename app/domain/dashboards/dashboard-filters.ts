import type { RuleProblem } from "../errors";
import type { LearningRoute } from "../reports/report-figures";
import type { TargetGroup } from "../tenders/tender-content";
import { dashboardFilterSchema, dashboardPageSchema, type DashboardFilters } from "./dashboard-model";

// The dashboard's filters live in the URL so that a view can be bookmarked and shared. A filter
// that does not parse (a hand-edited or outdated link) is dropped and reported, never a crash:
// the page still shows the rest of the selection with a notice.

type FilterParam = keyof typeof dashboardFilterSchema.shape;

/** URL parameter → code name, in the order links write them. */
const params: readonly [FilterParam, keyof DashboardFilters][] = [
  ["jaar", "year"],
  ["periode", "periodLabel"],
  ["gemeente", "municipalityId"],
  ["leerroute", "learningRoute"],
  ["doelgroep", "targetGroup"],
  ["aanbieder", "supplierOrganisationId"],
  ["contract", "contractId"],
];

export interface ParsedDashboardFilters {
  filters: DashboardFilters;
  /** What was in the URL for each filter, as typed (for the filter form). */
  input: Record<string, string>;
  /** One problem per filter that was dropped, `field` = the URL parameter. */
  problems: RuleProblem[];
}

export function parseDashboardFilters(searchParams: URLSearchParams): ParsedDashboardFilters {
  const input: Record<string, string> = {};
  const problems: RuleProblem[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [param] of params) {
    const raw = searchParams.get(param)?.trim();
    // an empty select ("Alle gemeenten") means no filter
    if (raw === undefined || raw === "") continue;
    input[param] = raw;
    const result = dashboardFilterSchema.shape[param].safeParse(raw);
    if (result.success) parsed[param] = result.data;
    else problems.push({ field: param, message: result.error.issues[0]?.message ?? "Deze keuze is ongeldig." });
  }
  const filters: DashboardFilters = {};
  if (parsed.jaar !== undefined) filters.year = parsed.jaar as number;
  if (parsed.periode !== undefined) {
    const label = parsed.periode as string;
    // a period of another year than the chosen one would silently show nothing
    if (filters.year !== undefined && Number(label.slice(0, 4)) !== filters.year) {
      problems.push({ field: "periode", message: `De periode ${label} valt niet in ${filters.year}; kies een periode in het gekozen jaar.` });
    } else {
      filters.periodLabel = label;
    }
  }
  if (parsed.gemeente !== undefined) filters.municipalityId = parsed.gemeente as string;
  if (parsed.leerroute !== undefined) filters.learningRoute = parsed.leerroute as LearningRoute;
  if (parsed.doelgroep !== undefined) filters.targetGroup = parsed.doelgroep as TargetGroup;
  if (parsed.aanbieder !== undefined) filters.supplierOrganisationId = parsed.aanbieder as string;
  if (parsed.contract !== undefined) filters.contractId = parsed.contract as string;
  return { filters, input, problems };
}

/** The URL parameters of a selection, for links (the inverse of parseDashboardFilters). */
export function dashboardSearchParams(filters: DashboardFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const [param, key] of params) {
    const value = filters[key];
    if (value !== undefined && value !== "") search.set(param, String(value));
  }
  return search;
}

/** The page parameters of the two per-municipality lists (DashboardOptions.pages), in the URL. */
export const dashboardPageParams = { byMunicipality: "gemeentepagina", money: "geldpagina" } as const;

const pageListNames: Record<keyof typeof dashboardPageParams, string> = { byMunicipality: "de uitsplitsing per gemeente", money: "het geld per gemeente" };

/**
 * The pages asked for; a page that does not parse is reported and the first page shown. (One past
 * the last is not an error: the list may have become shorter; the domain shows the last page.)
 */
export function parseDashboardPages(searchParams: URLSearchParams): { pages: { byMunicipality?: number; money?: number }; problems: RuleProblem[] } {
  const pages: { byMunicipality?: number; money?: number } = {};
  const problems: RuleProblem[] = [];
  for (const [list, param] of Object.entries(dashboardPageParams) as [keyof typeof dashboardPageParams, string][]) {
    const raw = searchParams.get(param)?.trim();
    if (raw === undefined || raw === "") continue;
    const result = dashboardPageSchema.safeParse(raw);
    if (result.success) pages[list] = result.data;
    else problems.push({ field: param, message: `${result.error.issues[0]?.message ?? "Deze pagina bestaat niet."} U ziet de eerste pagina van ${pageListNames[list]}.` });
  }
  return { pages, problems };
}
