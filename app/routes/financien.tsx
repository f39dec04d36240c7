import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { DataTable, type DataTableColumn } from "~/components/data-table";
import { PortalForm, SelectField, SubmitButton, TextField } from "~/components/form";
import { EmptyState, PageHeader } from "~/components/page-header";
import { getDb } from "~/db.server";
import {
  getFinanceOverview,
  getReferenceBudget,
  PROVISIONS_YEARS,
  setProvisionsFunding,
  type FinanceTotals,
  type WithinFundingStatus,
} from "~/domain/finance/finance.server";
import { hasPermission } from "~/domain/identity/permissions";
import { printedFundingTotals } from "~/domain/reference-data/framework-figures";
import { listMunicipalities } from "~/domain/regions/region-overview.server";
import { euroAmount } from "~/domain/tenders/tender-forms";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatEuroCents, formatNumber, formatWholeEuros } from "~/utils/format";
import { formFailure, parseForm, query, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Financiën – Leerrouteportaal Westfriesland" }];

const filterSchema = z.object({
  jaar: z.coerce.number().int().min(1900).max(2999).optional().catch(undefined),
});

const provisionsFormSchema = z.object({
  municipalityId: z.uuid({ error: "Kies een gemeente." }),
  year: z
    .string({ error: "Vul het jaar in." })
    .trim()
    .regex(/^\d{4}$/, "Vul het jaar in met vier cijfers, bijvoorbeeld 2024.")
    .transform(Number),
  amountCents: euroAmount("het bedrag"),
});

const provisionsFieldLabels = { municipalityId: "Gemeente", year: "Jaar", amountCents: "Bedrag" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:finance");
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = await getDb();
  const canManage = hasPermission(actor, "manage:finance");
  const [overview, referenceBudget, municipalities] = await query(() =>
    Promise.all([getFinanceOverview(db, actor, { year: filter.jaar }), getReferenceBudget(db, actor), canManage ? listMunicipalities(db) : Promise.resolve([])]),
  );
  // PROVISIONS_YEARS travels through the loader: a .server module is empty in the browser
  return json({
    overview,
    referenceBudget,
    municipalities,
    canManage,
    ownMunicipalityOnly: !hasPermission(actor, "read:regionDetails"),
    provisionsYears: PROVISIONS_YEARS,
    selectedYear: filter.jaar ?? null,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:finance");
  const form = await readForm(request);
  const parsed = parseForm(provisionsFormSchema, form);
  if (!parsed.ok) return formFailure(parsed.failure);
  const outcome = await runCommand(parsed.values, async () => setProvisionsFunding(await getDb(), getServerClock(), actor, parsed.data));
  if (!outcome.ok) return outcome.response;
  const { year, municipalityName, amountCents } = outcome.result;
  const message = `Middelen inburgeringsvoorzieningen ${year} van ${municipalityName} opgeslagen: ${formatEuroCents(amountCents)}.`;
  return redirect(`/financien?jaar=${year}`, { headers: { "Set-Cookie": await setFlash(message) } });
}

const statusLabels: Record<WithinFundingStatus, string> = {
  met: "Gehaald",
  atRisk: "Risico",
  missed: "Niet gehaald",
  noData: "Geen gegevens",
};

const statusStyles: Record<WithinFundingStatus, string> = {
  met: "bg-green-100 text-green-900",
  atRisk: "bg-amber-100 text-amber-900",
  missed: "bg-red-100 text-red-900",
  noData: "bg-slate-200 text-slate-800",
};

// The status is always written out: colour only supports the text.
function StatusText({ status }: { status: WithinFundingStatus }) {
  return <span className={`rounded px-2 py-0.5 text-sm font-semibold ${statusStyles[status]}`}>{statusLabels[status]}</span>;
}

function Percent({ value }: { value: number | null }) {
  if (value === null) {
    return (
      <>
        <span aria-hidden="true">–</span>
        <span className="sr-only">geen rijksbijdragen</span>
      </>
    );
  }
  return <>{formatNumber(value)} %</>;
}

interface Row {
  key: string;
  name: string;
  figures: FinanceTotals;
  carryOverCents?: number;
  isRegion?: boolean;
}

function rowClass(row: Row) {
  return row.isRegion ? "border-t-2 border-slate-700 font-semibold" : "border-b border-slate-300";
}

function YearGroupHeading({ label, columns }: { label: string; columns: number }) {
  return (
    <tr className="bg-slate-100">
      <th scope="rowgroup" colSpan={columns} className="p-2 text-left text-lg font-semibold">
        {label}
      </th>
    </tr>
  );
}

export default function Finance() {
  const { overview, referenceBudget, municipalities, canManage, ownMunicipalityOnly, provisionsYears, selectedYear } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const regionLabel = `Regio ${overview.regionName}`;

  // one group of rows per year, and the years added up when more than one is shown
  const groups = overview.years.map((year, index) => ({
    label: String(year),
    rows: [
      ...overview.municipalities.map((account): Row => ({ key: account.municipalityId, name: account.name, figures: account.years[index]!, carryOverCents: account.years[index]!.provisionsCarryOverCents })),
      { key: "regio", name: regionLabel, figures: overview.region.years[index]!, carryOverCents: overview.region.years[index]!.provisionsCarryOverCents, isRegion: true },
    ],
  }));
  if (overview.years.length > 1) {
    groups.push({
      label: `Alle jaren (${overview.years[0]}–${overview.years.at(-1)})`,
      rows: [
        ...overview.municipalities.map((account): Row => ({ key: account.municipalityId, name: account.name, figures: account.total })),
        { key: "regio", name: regionLabel, figures: overview.region.total, isRegion: true },
      ],
    });
  }
  const framework = overview.region.total.fundingCents.implementation + overview.region.total.fundingCents.execution;

  return (
    <>
      <PageHeader
        title="Financiën"
        intro={
          ownMunicipalityOnly
            ? "De rijksbijdragen, verplichtingen en het doel 'binnen rijksbijdragen' van uw gemeente, met de totalen van de regio."
            : "De rijksbijdragen, verplichtingen en het doel 'binnen rijksbijdragen' per gemeente en voor de regio. De gemeenten brengen het geld regionaal samen; elke gemeente houdt haar eigen rekening."
        }
      />

      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4 rounded border border-slate-300 bg-white p-4" aria-label="Filter">
        <div className="flex flex-col gap-1">
          <label htmlFor="jaar" className="font-semibold">Jaar</label>
          <select id="jaar" name="jaar" defaultValue={params.get("jaar") ?? ""} className="rounded border-2 border-slate-500 bg-white px-3 py-2">
            <option value="">Alle jaren</option>
            {overview.availableYears.map((year) => (
              <option key={year} value={year}>{year}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded border-2 border-brand-700 bg-white px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
          Tonen
        </button>
      </Form>

      <section aria-labelledby="rijksbijdragen-titel" className="mb-8">
        <h2 id="rijksbijdragen-titel" className="mb-2 text-xl font-semibold">Rijksbijdragen per geldstroom</h2>
        {groups.length === 0 ? (
          <EmptyState>{selectedYear ? `Er zijn geen financiële gegevens voor ${selectedYear}.` : "Er zijn nog geen financiële gegevens."}</EmptyState>
        ) : (
          <>
            <DataTable
              caption="Rijksbijdragen per gemeente, jaar en geldstroom, in euro, met het regionale totaal"
              captionHidden
              rowGroups
              columns={[
                { label: "Gemeente" },
                { label: "Invoeringsgelden", align: "right" },
                { label: "Uitvoeringsgelden", align: "right" },
                { label: <>Middelen inburgerings&shy;voorzieningen</>, align: "right" },
                { label: "Totaal", align: "right" },
                { label: "Meegenomen voorzieningen vorig jaar", align: "right" },
              ]}
            >
              {groups.map((group) => (
                <tbody key={group.label}>
                  <YearGroupHeading label={group.label} columns={6} />
                  {group.rows.map((row) => (
                    <tr key={row.key} className={rowClass(row)}>
                      <th scope="row" className={`p-2 ${row.isRegion ? "" : "font-normal"}`}>{row.name}</th>
                      <td className="p-2 text-right">{formatEuroCents(row.figures.fundingCents.implementation)}</td>
                      <td className="p-2 text-right">{formatEuroCents(row.figures.fundingCents.execution)}</td>
                      <td className="p-2 text-right">{formatEuroCents(row.figures.fundingCents.provisions)}</td>
                      <td className="p-2 text-right">{formatEuroCents(row.figures.totalFundingCents)}</td>
                      <td className="p-2 text-right">
                        {row.carryOverCents === undefined ? (
                          <>
                            <span aria-hidden="true">–</span>
                            <span className="sr-only">niet opgeteld over jaren</span>
                          </>
                        ) : (
                          formatEuroCents(row.carryOverCents)
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </DataTable>
            <p className="mt-1 text-sm text-slate-700">
              Bron: beleidskader inburgering, figuur 4 (invoerings- en uitvoeringsgelden); middelen inburgeringsvoorzieningen zoals ingevoerd door de contractmanager.
              {selectedYear === null ? (
                <>
                  {" "}Invoerings- en uitvoeringsgelden samen: {formatWholeEuros(framework)}; figuur 4 noemt {formatWholeEuros(printedFundingTotals.all * 100)}.
                </>
              ) : null}
            </p>
            <p className="mt-1 text-sm text-slate-700">
              Meeneemregeling: tot 100 % van het niet bestede budget voor voorzieningen van vorig jaar mag worden meegenomen. Het meegenomen bedrag telt niet mee in het totaal van het jaar.
            </p>
          </>
        )}
      </section>

      <section aria-labelledby="doel-titel" className="mb-8">
        <h2 id="doel-titel" className="mb-2 text-xl font-semibold">Verplichtingen en het doel 'binnen rijksbijdragen'</h2>
        <p className="mb-2 max-w-prose text-slate-800">
          Doel: de uitgaven zijn niet hoger dan de rijksbijdragen (ten hoogste 100 %). Tot 110 % geldt als risico. Gerealiseerd is wat de aanbieders hebben
          gefactureerd in hun geaccepteerde voortgangsrapportages. Als uitgaven telt het hoogste van de verplichtingen uit actieve en afgelopen contracten en de
          realisatie, omdat facturen achterlopen op het werk. Wat leerroutecontracten factureren, gaat af van het budget voor voorzieningen dat wordt meegenomen.
          {overview.realisationAvailable ? null : " Er zijn nog geen geaccepteerde rapportages met een gefactureerd bedrag."}
        </p>
        {overview.years.length > 1 && [overview.region, ...overview.municipalities].some((row) => row.total.unfundedSpending) ? (
          <p className="mb-2 max-w-prose text-slate-800">
            Over alle jaren samen staat er 'Geen gegevens' zolang een jaar verplichtingen heeft zonder ingevoerde rijksbijdragen: dat geld kan niet tegen de bijdragen van andere jaren worden weggestreept.
          </p>
        ) : null}
        {groups.length === 0 ? (
          <EmptyState>Er zijn nog geen gegevens om het doel aan te toetsen.</EmptyState>
        ) : (
          <DataTable
            caption="Rijksbijdragen, verplichtingen, realisatie en de status van het doel binnen rijksbijdragen per gemeente en voor de regio"
            captionHidden
            rowGroups
            columns={[
              { label: "Gemeente" },
              { label: "Rijksbijdragen", align: "right" },
              { label: "Verplichtingen", align: "right" },
              { label: "Gerealiseerd", align: "right" },
              { label: "Uitgaven als % van rijksbijdragen", align: "right" },
              { label: "Binnen rijksbijdragen" },
            ]}
          >
            {groups.map((group) => (
              <tbody key={group.label}>
                <YearGroupHeading label={group.label} columns={6} />
                {group.rows.map((row) => (
                  <tr key={row.key} className={rowClass(row)}>
                    <th scope="row" className={`p-2 ${row.isRegion ? "" : "font-normal"}`}>{row.name}</th>
                    <td className="p-2 text-right">{formatEuroCents(row.figures.totalFundingCents)}</td>
                    <td className="p-2 text-right">{formatEuroCents(row.figures.commitmentsCents)}</td>
                    <td className="p-2 text-right">{formatEuroCents(row.figures.realisationCents)}</td>
                    <td className="p-2 text-right"><Percent value={row.figures.spendingPercent} /></td>
                    <td className="p-2"><StatusText status={row.figures.status} /></td>
                  </tr>
                ))}
              </tbody>
            ))}
          </DataTable>
        )}
      </section>

      <section aria-labelledby="ramingen-titel" className="mb-8">
        <h2 id="ramingen-titel" className="mb-2 text-xl font-semibold">Kostenramingen uit het beleidskader, zoals gedrukt</h2>
        <p className="mb-4 max-w-prose text-slate-800">
          Deze bedragen zijn ramingen uit het beleidskader, overgenomen zoals ze gedrukt zijn. Het zijn geen uitgaven en ze tellen niet mee voor het doel 'binnen rijksbijdragen'.
        </p>
        <ReferenceFigure
          id="figuur-5"
          title="Invoeringskosten (figuur 5)"
          caption="Geraamde invoeringskosten uit figuur 5 van het beleidskader, in euro"
          figure={referenceBudget.implementation}
          withFactors={false}
        />
        <ReferenceFigure
          id="figuur-6"
          title="Uitvoeringskosten van het RIT (figuur 6)"
          caption="Geraamde uitvoeringskosten van het regionale inburgeringsteam uit figuur 6 van het beleidskader, voor één jaarcohort van 210 over drie jaar, in euro"
          figure={referenceBudget.execution}
          withFactors
        />
      </section>

      {canManage ? (
        <section aria-labelledby="voorzieningen-titel" className="mb-8 rounded border border-slate-300 bg-white p-5">
          <h2 id="voorzieningen-titel" className="mb-2 text-xl font-semibold">Budget voor inburgeringsvoorzieningen invoeren</h2>
          <p className="mb-4 max-w-prose text-slate-800">
            De specifieke uitkering voor de voorzieningen (leerroutes, maatschappelijke begeleiding, tolken, MAP, PVT, KNM) is per jaar bekend. Een nieuw bedrag vervangt het vorige; de wijziging komt in het auditlog.
          </p>
          <PortalForm errors={failure?.errors} fieldLabels={provisionsFieldLabels}>
            <SelectField
              name="municipalityId"
              label="Gemeente"
              placeholder="Kies een gemeente"
              options={municipalities.map((municipality) => ({ value: municipality.id, label: municipality.name }))}
              defaultValue={typeof failure?.values.municipalityId === "string" ? failure.values.municipalityId : ""}
              errors={failure?.errors}
            />
            <TextField
              name="year"
              label="Jaar"
              inputMode="numeric"
              autoComplete="off"
              hint={`Een jaar van ${provisionsYears.first} tot en met ${provisionsYears.last}.`}
              defaultValue={typeof failure?.values.year === "string" ? failure.values.year : selectedYear ? String(selectedYear) : ""}
              errors={failure?.errors}
            />
            <TextField
              name="amountCents"
              label="Bedrag"
              inputMode="decimal"
              autoComplete="off"
              hint="In euro, bijvoorbeeld 125.000 of 125.000,50."
              defaultValue={typeof failure?.values.amountCents === "string" ? failure.values.amountCents : ""}
              errors={failure?.errors}
            />
            <SubmitButton>Budget opslaan</SubmitButton>
          </PortalForm>
        </section>
      ) : null}
    </>
  );
}

interface ReferenceFigureData {
  lines: { id: string; label: string; hours: string | null; persons: number | null; rateCents: number | null; amountCents: number | null }[];
  totalCents: number;
  printedTotalCents: number;
}

function ReferenceFigure({ id, title, caption, figure, withFactors }: { id: string; title: string; caption: string; figure: ReferenceFigureData; withFactors: boolean }) {
  const columns: DataTableColumn[] = [
    { label: "Post" },
    ...(withFactors ? [{ label: "Uren", align: "right" as const }, { label: "Personen", align: "right" as const }, { label: "Tarief", align: "right" as const }] : []),
    { label: "Bedrag", align: "right" },
  ];
  return (
    <section aria-labelledby={id} className="mb-6">
      <h3 id={id} className="mb-2 text-lg font-semibold">{title}</h3>
      {figure.lines.length === 0 ? (
        <EmptyState>De ramingen zijn nog niet ingelezen.</EmptyState>
      ) : (
        <DataTable
          caption={caption}
          captionHidden
          columns={columns}
          footer={
            <tr className="border-t-2 border-slate-700 font-semibold">
              <th scope="row" className="p-2" colSpan={columns.length - 1}>Totaal (zoals gedrukt)</th>
              <td className="p-2 text-right">{formatWholeEuros(figure.printedTotalCents)}</td>
            </tr>
          }
        >
          {figure.lines.map((line) => (
            <tr key={line.id} className="border-b border-slate-300">
              <th scope="row" className="p-2 font-normal">{line.label}</th>
              {withFactors ? (
                <>
                  <td className="p-2 text-right">{line.hours === null ? "" : formatNumber(Number(line.hours))}</td>
                  <td className="p-2 text-right">{line.persons === null ? "" : formatNumber(line.persons)}</td>
                  <td className="p-2 text-right">{line.rateCents === null ? "" : formatWholeEuros(line.rateCents)}</td>
                </>
              ) : null}
              <td className="p-2 text-right">
                {line.amountCents === null ? <abbr title="pro memorie: nog niet geraamd">PM</abbr> : formatWholeEuros(line.amountCents)}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {figure.lines.length > 0 && figure.totalCents !== figure.printedTotalCents ? (
        <p className="mt-1 text-sm font-semibold text-red-800">
          Let op: de ingelezen posten tellen op tot {formatWholeEuros(figure.totalCents)}, niet tot het gedrukte totaal.
        </p>
      ) : null}
    </section>
  );
}
