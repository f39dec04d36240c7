import { dashboardSearchParams, parseDashboardFilters, parseDashboardPages } from "./dashboard-filters";

const hoorn = "0b5a3c1e-7f1d-4a43-9b55-2f1a8f3c9d10";
const supplier = "5d2c9e4b-1a7f-4c3e-8b21-9e0f6a7d3c11";
const contract = "9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e12";

test("a full selection parses into code names and back into the same link", () => {
  const search = new URLSearchParams({ jaar: "2025", periode: "2025-K3", gemeente: hoorn, leerroute: "b1", doelgroep: "asylumMigrant", aanbieder: supplier, contract });
  const { filters, input, problems } = parseDashboardFilters(search);
  expect(problems).toEqual([]);
  expect(filters).toEqual({ year: 2025, periodLabel: "2025-K3", municipalityId: hoorn, learningRoute: "b1", targetGroup: "asylumMigrant", supplierOrganisationId: supplier, contractId: contract });
  expect(input).toEqual({ jaar: "2025", periode: "2025-K3", gemeente: hoorn, leerroute: "b1", doelgroep: "asylumMigrant", aanbieder: supplier, contract });
  expect(dashboardSearchParams(filters).toString()).toBe(search.toString());
});

test("no parameters is no filter; empty ones too", () => {
  expect(parseDashboardFilters(new URLSearchParams())).toEqual({ filters: {}, input: {}, problems: [] });
  expect(parseDashboardFilters(new URLSearchParams("jaar=&gemeente=")).filters).toEqual({});
  expect(dashboardSearchParams({}).toString()).toBe("");
});

test("an invalid filter is dropped and reported in Dutch, the others still apply", () => {
  const { filters, input, problems } = parseDashboardFilters(new URLSearchParams({ jaar: "1999", gemeente: "Hoorn", leerroute: "c2", doelgroep: "toerist", periode: "2025-K5", aanbieder: supplier }));
  expect(filters).toEqual({ supplierOrganisationId: supplier });
  expect(input.gemeente).toBe("Hoorn");
  expect(problems).toEqual([
    { field: "jaar", message: "Kies een jaar vanaf 2000." },
    { field: "periode", message: "Een periode is een kwartaal, bijvoorbeeld 2025-K3." },
    { field: "gemeente", message: "Kies een gemeente uit de lijst." },
    { field: "leerroute", message: "Kies een leerroute uit de lijst." },
    { field: "doelgroep", message: "Kies een doelgroep uit de lijst." },
  ]);
});

test("a year that is not a number is reported", () => {
  const { filters, problems } = parseDashboardFilters(new URLSearchParams("jaar=vorig"));
  expect(filters).toEqual({});
  expect(problems).toHaveLength(1);
  expect(problems[0]!.field).toBe("jaar");
});

test("a period outside the chosen year is dropped, the year stays", () => {
  const { filters, problems } = parseDashboardFilters(new URLSearchParams("jaar=2025&periode=2024-K4"));
  expect(filters).toEqual({ year: 2025 });
  expect(problems).toEqual([{ field: "periode", message: "De periode 2024-K4 valt niet in 2025; kies een periode in het gekozen jaar." }]);
});

test("a period without a year is kept (the dashboard takes the year from it)", () => {
  // the dashboard counts in quarters: a half-year is not a period to choose
  expect(parseDashboardFilters(new URLSearchParams("periode=2025-H1")).filters).toEqual({});
});

test("the page parameters: a page number from 1; anything else is reported in Dutch and the first page shown", () => {
  expect(parseDashboardPages(new URLSearchParams("gemeentepagina=3&geldpagina=2"))).toEqual({ pages: { byMunicipality: 3, money: 2 }, problems: [] });
  expect(parseDashboardPages(new URLSearchParams("gemeentepagina=&jaar=2025"))).toEqual({ pages: {}, problems: [] });
  const { pages, problems } = parseDashboardPages(new URLSearchParams("gemeentepagina=0&geldpagina=twee"));
  expect(pages).toEqual({});
  expect(problems).toEqual([
    { field: "gemeentepagina", message: "Pagina's tellen vanaf 1. U ziet de eerste pagina van de uitsplitsing per gemeente." },
    { field: "geldpagina", message: "Een paginanummer is een getal. U ziet de eerste pagina van het geld per gemeente." },
  ]);
  expect(parseDashboardPages(new URLSearchParams("gemeentepagina=1.5")).problems[0]?.message).toBe("Een paginanummer is een geheel getal. U ziet de eerste pagina van de uitsplitsing per gemeente.");
  // the page parameters are not filters: the exports and drill-down links do not carry them
  expect(parseDashboardFilters(new URLSearchParams("gemeentepagina=3")).filters).toEqual({});
});
