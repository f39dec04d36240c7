import type { ReactNode } from "react";
import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { BreakdownTable } from "~/components/dashboard/breakdown-table";
import { DashboardFiltersForm } from "~/components/dashboard/dashboard-filters-form";
import { KpiOverviewTable } from "~/components/dashboard/kpi-overview";
import { SECONDARY_SUPPRESSED_EXPLANATION, SUPPRESSED_EXPLANATION, Suppressed } from "~/components/dashboard/kpi-status";
import { MoneyTable } from "~/components/dashboard/money-table";
import { PerformancePaymentTable } from "~/components/dashboard/performance-payment-table";
import { TimelinessTable } from "~/components/dashboard/timeliness-table";
import { TrendChart } from "~/components/dashboard/trend-chart";
import { EmptyState, PageHeader } from "~/components/page-header";
import { Pagination } from "~/components/pagination";
import { getDb } from "~/db.server";
import { getDashboard } from "~/domain/dashboards/dashboard.server";
import { dashboardPageParams, dashboardSearchParams, parseDashboardFilters, parseDashboardPages } from "~/domain/dashboards/dashboard-filters";
import type { DashboardBreakdownRow, DashboardFilters, DashboardOption } from "~/domain/dashboards/dashboard-model";
import { learningRouteLabels, type LearningRoute } from "~/domain/reports/report-figures";
import type { TargetGroup } from "~/domain/tenders/tender-content";
import { getServerClock } from "~/utils/clock.server";
import { query } from "~/utils/form.server";
import { requireActor } from "~/utils/session.server";

// The dashboard of issue 7 (journeys: "The contract manager steers", "A municipality"): the KPIs
// against their targets, the trend over the periods, drill-downs, the timeliness of the reports,
// the money per municipality and the prestatiebekostiging, for one selection kept in the URL.
// The domain decides what the viewer may see (a municipality viewer: its own figures beside the
// regional totals, small numbers suppressed); the page only shows it.

/**
 * Lines per page of the two per-municipality lists: the region's seven municipalities fit on one;
 * at national scale (342) a page keeps the table readable and the response small.
 */
const MUNICIPALITY_LINES_PER_PAGE = 50;

export const meta: MetaFunction = () => [{ title: "Dashboard – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  // a select left on "Alle …" sends "gemeente=": drop those, so the URL names only what was chosen
  if ([...url.searchParams.values()].some((value) => value.trim() === "")) {
    const cleaned = new URLSearchParams([...url.searchParams].filter(([, value]) => value.trim() !== ""));
    const search = cleaned.toString();
    throw redirect(`${url.pathname}${search ? `?${search}` : ""}`);
  }
  const { filters, input, problems } = parseDashboardFilters(url.searchParams);
  const { pages, problems: pageProblems } = parseDashboardPages(url.searchParams);
  const dashboard = await query(async () => getDashboard(await getDb(), getServerClock(), actor, filters, { pages: { size: MUNICIPALITY_LINES_PER_PAGE, ...pages } }));
  return json({ dashboard, problems: [...problems, ...pageProblems], input });
}

function optionLabel(options: readonly DashboardOption[], value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return options.find((option) => option.value === value)?.label ?? value;
}

function queryString(filters: DashboardFilters): string {
  const search = dashboardSearchParams(filters).toString();
  return search ? `?${search}` : "";
}

function domId(code: string): string {
  return code.replace(/[^A-Za-z0-9_-]/g, "-");
}

export default function DashboardPage() {
  const { dashboard, problems, input } = useLoaderData<typeof loader>();
  const location = useLocation();
  const { filters, options, ownMunicipality } = dashboard;
  const routeLabels: Record<string, string> = { ...learningRouteLabels, ...Object.fromEntries(options.learningRoutes.map((option) => [option.value, option.label])) };
  const drill = (extra: Partial<DashboardFilters>) => `/dashboard${queryString({ ...filters, ...extra })}`;
  const selectionLabel = filters.periodLabel ?? String(dashboard.year);

  const chosen = [
    `jaar ${dashboard.year}`,
    filters.periodLabel ? `periode ${filters.periodLabel}` : null,
    !ownMunicipality && filters.municipalityId ? `gemeente ${optionLabel(options.municipalities, filters.municipalityId)}` : null,
    filters.learningRoute ? `leerroute ${routeLabels[filters.learningRoute] ?? filters.learningRoute}` : null,
    filters.targetGroup ? `doelgroep ${optionLabel(options.targetGroups, filters.targetGroup)}` : null,
    filters.supplierOrganisationId ? `aanbieder ${optionLabel(options.suppliers, filters.supplierOrganisationId)}` : null,
    filters.contractId ? `contract ${optionLabel(options.contracts, filters.contractId)}` : null,
  ].filter((part): part is string => part !== null);

  const kpiDefinitions = dashboard.kpis;
  const breakdowns: {
    id: string;
    title: string;
    dimension: string;
    rows: DashboardBreakdownRow[];
    href: (row: DashboardBreakdownRow) => string;
    intro?: string;
    pagination?: ReactNode;
  }[] = [
    {
      id: "per-leerroute",
      title: "Per leerroute",
      dimension: "Leerroute",
      rows: dashboard.breakdowns.byLearningRoute,
      href: (row) => drill({ learningRoute: row.key as LearningRoute }),
    },
    {
      id: "per-aanbieder",
      title: "Per aanbieder",
      dimension: "Aanbieder",
      rows: dashboard.breakdowns.bySupplier,
      href: (row) => drill({ supplierOrganisationId: row.key }),
    },
    {
      id: "per-contract",
      title: "Per contract",
      dimension: "Contract",
      rows: dashboard.breakdowns.byContract,
      href: (row) => drill({ contractId: row.key }),
    },
    {
      id: "per-gemeente",
      title: "Per gemeente",
      dimension: "Gemeente",
      rows: dashboard.breakdowns.byMunicipality,
      href: (row) => drill({ municipalityId: row.key }),
      intro: ownMunicipality ? "U ziet hier alleen uw eigen gemeente; de regionale totalen staan bij de indicatoren." : undefined,
      pagination: (
        <Pagination
          label="Pagina's van de uitsplitsing per gemeente"
          param={dashboardPageParams.byMunicipality}
          anchor="per-gemeente-titel"
          page={dashboard.pages.byMunicipality}
          rowsName="Gemeenten"
        />
      ),
    },
    {
      id: "per-doelgroep",
      title: "Per doelgroep",
      dimension: "Doelgroep",
      rows: dashboard.breakdowns.byTargetGroup,
      href: (row) => drill({ targetGroup: row.key as TargetGroup }),
    },
  ];

  return (
    <>
      <PageHeader
        title="Dashboard"
        intro={
          ownMunicipality
            ? `De cijfers en het geld van ${ownMunicipality.name}, naast de regionale totalen. Alleen geaccepteerde voortgangsrapportages tellen mee.`
            : "De indicatoren tegen hun doel per leerroute, aanbieder en gemeente, de trend per periode, de tijdigheid van de rapportages, het geld per gemeente en de prestatiebekostiging. Alleen geaccepteerde voortgangsrapportages tellen mee."
        }
      />

      {/* a new URL remounts the form, so the selects show the selection just loaded */}
      <DashboardFiltersForm key={location.search} dashboard={dashboard} input={input} problems={problems} />

      <p className="mb-4">
        <span className="font-semibold">U bekijkt:</span> {chosen.join(", ")}
        {ownMunicipality ? `, gemeente ${ownMunicipality.name} en regionaal` : ""}.
      </p>

      <section aria-labelledby="downloads-titel" className="mb-8">
        <h2 id="downloads-titel" className="mb-2 text-xl font-semibold">Downloaden</h2>
        <ul className="flex flex-col gap-1">
          <li>
            <a href={`/dashboard/contractrapportage.xlsx${queryString(filters)}`} download>
              Download contractrapportage (Excel)
            </a>{" "}
            <span className="text-sm text-slate-700">met de filters van deze pagina</span>
          </li>
          <li>
            <a href={`/dashboard/voortgangsrapportage.pdf?jaar=${dashboard.year}`} download>
              Download voortgangsrapportage {dashboard.year} (PDF)
            </a>{" "}
            <span className="text-sm text-slate-700">voor colleges en raden, kleine aantallen niet getoond</span>
          </li>
        </ul>
      </section>

      <section aria-labelledby="kpi-titel" className="mb-8">
        <h2 id="kpi-titel" className="mb-2 text-xl font-semibold">Indicatoren tegen het doel</h2>
        {dashboard.kpis.length === 0 ? (
          <EmptyState>Er zijn geen indicatoren voor deze selectie.</EmptyState>
        ) : (
          <KpiOverviewTable kpis={dashboard.kpis} routeLabels={routeLabels} ownMunicipalityName={ownMunicipality?.name ?? null} selectionLabel={selectionLabel} />
        )}
        <div className="mt-2 text-sm text-slate-700">
          <ul className="flex flex-col gap-0.5">
            <li>
              <Suppressed />: {SUPPRESSED_EXPLANATION}.
            </li>
            <li>
              <Suppressed suppression="secondary" />: {SECONDARY_SUPPRESSED_EXPLANATION}.
            </li>
            <li>Risico: het doel is niet gehaald, maar het verschil is kleiner dan 10 % van het doel.</li>
            <li>Geen gegevens: er zijn (nog) geen geaccepteerde cijfers.</li>
          </ul>
        </div>
      </section>

      <section aria-labelledby="trend-titel" className="mb-8">
        <h2 id="trend-titel" className="mb-2 text-xl font-semibold">Trend per periode</h2>
        <p className="mb-3 max-w-prose text-slate-800">
          Per indicator de waarde in elke rapportageperiode van {dashboard.year}. De gestreepte lijn is het doel; een periode zonder cijfers is een onderbreking
          in de lijn. Naast elke grafiek staan dezelfde cijfers in een tabel.
        </p>
        {dashboard.kpis.length === 0 ? (
          <EmptyState>Er zijn geen indicatoren voor deze selectie.</EmptyState>
        ) : (
          <div className="flex flex-col gap-4">
            {dashboard.kpis.map((kpi) => (
              <TrendChart key={kpi.code} kpi={kpi} id={`trend-${domId(kpi.code)}`} routeLabel={kpi.learningRoute ? routeLabels[kpi.learningRoute] : undefined} />
            ))}
          </div>
        )}
      </section>

      <section aria-labelledby="uitsplitsing-titel" className="mb-8">
        <h2 id="uitsplitsing-titel" className="mb-2 text-xl font-semibold">Uitsplitsing</h2>
        <p className="mb-3 max-w-prose text-slate-800">Kies een naam in een tabel om op die leerroute, aanbieder, dat contract, die gemeente of doelgroep in te zoomen.</p>
        {breakdowns.map((breakdown) => (
          <BreakdownTable
            key={breakdown.id}
            id={breakdown.id}
            title={breakdown.title}
            dimension={breakdown.dimension}
            rows={breakdown.rows}
            kpis={kpiDefinitions}
            routeLabels={routeLabels}
            hrefFor={breakdown.href}
            intro={breakdown.intro}
            pagination={breakdown.pagination}
          />
        ))}
      </section>

      <section aria-labelledby="tijdigheid-titel" className="mb-8">
        <h2 id="tijdigheid-titel" className="mb-2 text-xl font-semibold">Tijdigheid van de rapportages</h2>
        <p className="mb-3 max-w-prose text-slate-800">
          Per contract de rapportages waarvan de uiterste datum voorbij is: op tijd ingediend, te laat ingediend, of nog niet ingediend (achterstallig).
        </p>
        <TimelinessTable rows={dashboard.timeliness} />
      </section>

      <section aria-labelledby="geld-titel" className="mb-8">
        <h2 id="geld-titel" className="mb-2 text-xl font-semibold">Geld per gemeente</h2>
        <p className="mb-3 max-w-prose text-slate-800">
          Rijksbijdragen per geldstroom, verplicht (contractbudgetten van actieve en afgelopen contracten) en gerealiseerd (gefactureerd in geaccepteerde
          rapportages), in euro.
        </p>
        {dashboard.money.rows.length === 0 ? (
          <EmptyState>Er zijn geen financiële gegevens voor deze selectie.</EmptyState>
        ) : (
          <>
            <MoneyTable rows={dashboard.money.rows} regionTotal={dashboard.money.regionTotal} />
            <Pagination label="Pagina's van het geld per gemeente" param={dashboardPageParams.money} anchor="geld-titel" page={dashboard.pages.money} rowsName="Gemeenten" />
          </>
        )}
      </section>

      <section aria-labelledby="prestatie-titel" className="mb-8">
        <h2 id="prestatie-titel" className="mb-2 text-xl font-semibold">Prestatiebekostiging</h2>
        <p className="mb-3 max-w-prose text-slate-800">
          Per contract het deel van de verplichting dat van de prestaties afhangt. Zolang de prestatiebekostiging voor een jaar nog niet actief is, is het een
          schaduwberekening: zo zou de uitbetaling zijn. De opbouw per indicator staat op de pagina van het contract.
        </p>
        <PerformancePaymentTable rows={dashboard.performancePayment} />
      </section>
    </>
  );
}
