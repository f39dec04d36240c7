import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ContractFields, contractFieldLabels, contractFormValues } from "~/components/contract-fields";
import { BudgetCellRows, RateRows, RatesTable, euroInput, targetGroupLabels } from "~/components/contract-table-forms";
import { PortalForm, SelectField, SubmitButton, TextField } from "~/components/form";
import { Card, PageHeader } from "~/components/page-header";
import { getDb } from "~/db.server";
import { amendmentFormSchema, budgetCellFormSchema, contractFormSchema, contractKpiFormSchema, contractRateFormSchema, customKpiFormSchema } from "~/domain/contracts/contract-schemas";
import { contractKindLabels, contractServiceLabels, contractStatusLabels, paymentRuleLabels } from "~/domain/contracts/contract-labels";
import {
  activateContract,
  addCatalogueKpi,
  addContractDocument,
  addCustomKpi,
  exerciseExtension,
  getContract,
  getContractFormOptions,
  getPerformancePayment,
  recordKpiYearFigure,
  removeContractKpi,
  setContractRates,
  setYearBudget,
  updateContract,
  updateContractKpi,
  type Amendment,
  type BudgetCell,
  type ContractRate,
} from "~/domain/contracts/contracts.server";
import { DEFAULT_MAX_FILE_BYTES } from "~/domain/files/file-storage.server";
import { hasPermission } from "~/domain/identity/permissions";
import { linkLocalOfferingToContract, listLocalOfferings, listLocalOfferingsForContract, unlinkLocalOfferingFromContract } from "~/domain/local-offerings/local-offerings.server";
import { listKpiCatalogue, listMunicipalities } from "~/domain/regions/region-overview.server";
import { euroAmount, parseDecimal } from "~/domain/tenders/tender-forms";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatCalendarDate, formatDateTime, formatEuroCents, formatNumber, formatTarget } from "~/utils/format";
import { formFailure, formValues, parseForm, query, readForm, runCommand, type FieldErrors } from "~/utils/form.server";
import { readRows } from "~/utils/form-rows";
import { requireActor } from "~/utils/session.server";
import { readMultipartForm, uploadedFile } from "~/utils/upload.server";
import { DataTable } from "~/components/data-table";
import { ForbiddenError, NotFoundError } from "~/domain/errors";
import { listReportsForContract } from "~/domain/reports/reports.server";
import { periodReportStatusLabels } from "~/domain/reports/reporting-periods";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.view.contract.number ?? "Contract"} – Leerrouteportaal Westfriesland` }];

function contractIdFrom(params: unknown) {
  const parsed = z.object({ id: z.uuid() }).safeParse(params);
  if (!parsed.success) throw new Response("Niet gevonden", { status: 404 });
  return parsed.data.id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const contractId = contractIdFrom(params);
  const db = await getDb();
  const clock = getServerClock();
  const view = await query(() => getContract(db, actor, contractId));
  const canManage = hasPermission(actor, "manage:contracts");
  const years = Array.from({ length: Number(view.contract.endDate.slice(0, 4)) - Number(view.contract.startDate.slice(0, 4)) + 1 }, (_, index) => Number(view.contract.startDate.slice(0, 4)) + index);
  const requestedYear = Number(new URL(request.url).searchParams.get("jaar"));
  const year = years.includes(requestedYear) ? requestedYear : Math.min(Math.max(new Date(clock.now()).getFullYear() - 1, years[0]!), years.at(-1)!);
  const performance = view.contract.performancePaymentApplies ? await query(() => getPerformancePayment(db, actor, contractId, year)) : null;
  const [options, catalogue] = canManage ? await query(() => Promise.all([getContractFormOptions(db, actor), listKpiCatalogue(db, actor)])) : [null, []];
  const linkedOfferings = hasPermission(actor, "read:contracts") ? await query(() => listLocalOfferingsForContract(db, actor, contractId)) : [];
  const offeringOptions = canManage ? (await query(() => listLocalOfferings(db, actor))).map(({ id, municipalityName, providerName, description }) => ({ id, municipalityName, label: `${providerName}: ${description}`.slice(0, 120) })) : [];
  const municipalities = canManage ? await listMunicipalities(db) : [];
  // the progress reports: for the contract managers and the contract's own supplier (the domain decides)
  const reports =
    hasPermission(actor, "review:reports") || hasPermission(actor, "submit:reports")
      ? await listReportsForContract(db, clock, actor, contractId).catch((error: unknown) => {
          if (error instanceof NotFoundError || error instanceof ForbiddenError) return null;
          throw error;
        })
      : null;
  // the limit comes from the server module: a .server import is empty in the browser bundle
  const maxMegabytes = DEFAULT_MAX_FILE_BYTES / (1024 * 1024);
  return json({ maxMegabytes, reports, view, canManage, options, catalogue: catalogue.map(({ code, name, scope }) => ({ code, name, scope })), years, year, performance, linkedOfferings, offeringOptions, municipalities });
}

const intentSchema = z.enum(["update", "activate", "budget", "budgetCells", "rates", "document", "addKpi", "customKpi", "updateKpi", "removeKpi", "figure", "extend", "linkOffering", "unlinkOffering"]);

function amendmentFrom(form: FormData, status: string): { amendment: Amendment | null; errors: FieldErrors } {
  if (status === "draft") return { amendment: null, errors: {} };
  const parsed = amendmentFormSchema.safeParse({ reason: form.get("reason") ?? "", effectiveDate: form.get("effectiveDate") ?? "" });
  if (parsed.success) return { amendment: parsed.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) (errors[String(issue.path[0])] ??= []).push(issue.message);
  return { amendment: null, errors };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const contractId = contractIdFrom(params);
  // only the document form posts multipart; its reader checks the CSRF token too, and turns a file
  // above the limit into a Dutch error at "file" instead of a failed request
  let form: FormData;
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const upload = await readMultipartForm(request, { maxFileBytes: DEFAULT_MAX_FILE_BYTES });
    if (!upload.ok) return upload.response;
    form = upload.form;
  } else {
    form = await readForm(request);
  }
  const intent = intentSchema.safeParse(form.get("intent"));
  if (!intent.success) return formFailure({ errors: { form: ["Onbekende handeling."] }, values: {} });
  const db = await getDb();
  const clock = getServerClock();
  const { contract } = await query(() => getContract(db, actor, contractId));
  const values = { ...formValues(form, ["services"]), intent: intent.data };
  const { amendment, errors: amendmentErrors } = amendmentFrom(form, contract.status);
  const here = `/contracten/${contractId}`;
  const done = async (message: string) => redirect(here, { headers: { "Set-Cookie": await setFlash(message) } });
  const needsAmendment = !["activate", "figure", "linkOffering", "unlinkOffering"].includes(intent.data);
  if (needsAmendment && Object.keys(amendmentErrors).length) return formFailure({ errors: amendmentErrors, values });

  switch (intent.data) {
    case "update": {
      const parsed = parseForm(contractFormSchema, form, ["services"]);
      if (!parsed.ok) return formFailure({ ...parsed.failure, values });
      const outcome = await runCommand(values, () => updateContract(db, clock, actor, contractId, parsed.data, amendment));
      return outcome.ok ? done(contract.status === "draft" ? "Het contract is opgeslagen." : "De contractwijziging is vastgelegd.") : outcome.response;
    }
    case "activate": {
      const outcome = await runCommand(values, () => activateContract(db, clock, actor, contractId));
      return outcome.ok ? done("Het contract is actief.") : outcome.response;
    }
    case "budget": {
      const year = z.coerce.number().int().safeParse(form.get("year"));
      const total = euroAmount("het budget").safeParse(String(form.get("totalCents") ?? ""));
      if (!year.success || !total.success) return formFailure({ errors: { totalCents: [total.success ? "Kies een jaar." : total.error.issues[0]!.message] }, values });
      const outcome = await runCommand(values, () => setYearBudget(db, clock, actor, contractId, { year: year.data, totalCents: total.data }, amendment));
      return outcome.ok ? done(`Het budget ${year.data} is vastgelegd en pro rata de taakstelling over de gemeenten verdeeld.`) : outcome.response;
    }
    case "budgetCells": {
      const year = z.coerce.number().int().safeParse(form.get("year"));
      const total = euroAmount("het totaal").safeParse(String(form.get("totalCents") ?? ""));
      if (!year.success) return formFailure({ errors: { form: ["Kies een jaar."] }, values });
      const errors: FieldErrors = total.success ? {} : { totalCents: [total.error.issues[0]!.message] };
      const cells: BudgetCell[] = [];
      for (const row of readRows(form, "cell", ["municipalityId", "targetGroup", "amountCents", "volume"] as const)) {
        const parsed = budgetCellFormSchema.safeParse(row.values);
        if (parsed.success) cells.push(parsed.data);
        else for (const issue of parsed.error.issues) (errors[`cell-${year.data}-${row.index}-${issue.path[0] === "volume" ? "volume" : "amount"}`] ??= []).push(`Rij ${row.index + 1}: ${issue.message}`);
      }
      if (Object.keys(errors).length || !total.success) return formFailure({ errors, values });
      const outcome = await runCommand(values, () => setYearBudget(db, clock, actor, contractId, { year: year.data, totalCents: total.data, cells }, amendment));
      return outcome.ok ? done(`Het budget ${year.data} is per gemeente en doelgroep vastgelegd.`) : outcome.response;
    }
    case "rates": {
      const errors: FieldErrors = {};
      const rates: ContractRate[] = [];
      for (const row of readRows(form, "rate", ["name", "unit", "rateCents"] as const)) {
        const parsed = contractRateFormSchema.safeParse(row.values);
        if (parsed.success) rates.push(parsed.data);
        else for (const issue of parsed.error.issues) (errors[`rate-${row.index}-${String(issue.path[0])}`] ??= []).push(`Rij ${row.index + 1}: ${issue.message}`);
      }
      if (Object.keys(errors).length) return formFailure({ errors, values });
      const outcome = await runCommand(values, () => setContractRates(db, clock, actor, contractId, rates, amendment));
      return outcome.ok ? done("De tarieven zijn vastgelegd.") : outcome.response;
    }
    case "document": {
      const title = z.string().trim().min(1, "Vul de titel van het document in.").max(200, "De titel is te lang (maximaal 200 tekens).").safeParse(form.get("title") ?? "");
      const file = await uploadedFile(form, "file");
      if (!title.success || !file) return formFailure({ errors: { ...(title.success ? {} : { title: [title.error.issues[0]!.message] }), ...(file ? {} : { file: ["Kies een bestand."] }) }, values });
      const outcome = await runCommand(values, () => addContractDocument(db, clock, actor, contractId, { title: title.data, fileName: file.fileName, bytes: file.bytes }, amendment));
      return outcome.ok ? done(`Het document “${title.data}” is toegevoegd.`) : outcome.response;
    }
    case "addKpi": {
      const code = String(form.get("kpiCode") ?? "");
      const outcome = await runCommand(values, () => addCatalogueKpi(db, clock, actor, contractId, code, amendment));
      return outcome.ok ? done("De indicator is toegevoegd.") : outcome.response;
    }
    case "customKpi": {
      const parsed = parseForm(customKpiFormSchema, form);
      if (!parsed.ok) return formFailure({ ...parsed.failure, values });
      const outcome = await runCommand(values, () => addCustomKpi(db, clock, actor, contractId, parsed.data, amendment));
      return outcome.ok ? done("De indicator is toegevoegd.") : outcome.response;
    }
    case "updateKpi": {
      const parsed = parseForm(contractKpiFormSchema, form);
      const target = parseDecimal(String(form.get("target") ?? ""));
      if (!parsed.ok) return formFailure({ ...parsed.failure, values });
      if (target === null) return formFailure({ errors: { target: ["Vul het doel in als getal, bijvoorbeeld 75 of 7,5."] }, values });
      const kpiId = String(form.get("kpiId") ?? "");
      const outcome = await runCommand(values, () =>
        updateContractKpi(db, clock, actor, contractId, kpiId, { ...parsed.data, target, overrideReason: String(form.get("overrideReason") ?? "") || null }, amendment),
      );
      return outcome.ok ? done("De indicator is opgeslagen.") : outcome.response;
    }
    case "removeKpi": {
      const outcome = await runCommand(values, () => removeContractKpi(db, clock, actor, contractId, String(form.get("kpiId") ?? ""), amendment));
      return outcome.ok ? done("De indicator is verwijderd.") : outcome.response;
    }
    case "figure": {
      const numerator = parseDecimal(String(form.get("numerator") ?? ""));
      const denominator = parseDecimal(String(form.get("denominator") ?? ""));
      const year = Number(form.get("year"));
      if (numerator === null || denominator === null || !Number.isInteger(year)) {
        return formFailure({ errors: { numerator: ["Vul het behaalde aantal en het totaal in als getallen."] }, values });
      }
      const outcome = await runCommand(values, () => recordKpiYearFigure(db, clock, actor, contractId, String(form.get("kpiId") ?? ""), { year, numerator, denominator }));
      return outcome.ok ? done(`Het resultaat over ${year} is vastgelegd.`) : outcome.response;
    }
    case "linkOffering":
    case "unlinkOffering": {
      const offeringId = z.uuid().safeParse(form.get("localOfferingId"));
      if (!offeringId.success) return formFailure({ errors: { localOfferingId: ["Kies een aanbod uit de lijst."] }, values });
      const link = intent.data === "linkOffering";
      const outcome = await runCommand(values, () => (link ? linkLocalOfferingToContract : unlinkLocalOfferingFromContract)(db, clock, actor, contractId, offeringId.data));
      return outcome.ok ? done(link ? "Het lokale aanbod is gekoppeld." : "De koppeling is verwijderd.") : outcome.response;
    }
    case "extend": {
      if (!amendment) return formFailure({ errors: { reason: ["Vul de reden en de ingangsdatum van de verlenging in."] }, values });
      const outcome = await runCommand(values, () => exerciseExtension(db, clock, actor, contractId, Number(form.get("option")), amendment));
      return outcome.ok ? done("De verlengingsoptie is gebruikt; de einddatum is aangepast.") : outcome.response;
    }
  }
}

function AmendmentFields({ active, form, errors, values }: { active: boolean; form: string; errors?: Record<string, string[] | undefined>; values?: Record<string, unknown> }) {
  if (!active) return null;
  return (
    <fieldset className="mb-4 rounded border-2 border-amber-600 bg-amber-50 p-3">
      <legend className="font-semibold">Contractwijziging</legend>
      <p className="mb-2 text-sm">Het contract is actief: deze wijziging wordt vastgelegd als contractwijziging en blijft zichtbaar in de geschiedenis.</p>
      <TextField name="reason" id={`${form}-reason`} label="Reden van de wijziging" defaultValue={String(values?.reason ?? "")} errors={errors} />
      <TextField name="effectiveDate" id={`${form}-effectiveDate`} type="date" label="Ingangsdatum" defaultValue={String(values?.effectiveDate ?? "")} errors={errors} />
    </fieldset>
  );
}

/**
 * The tendered volumes of a contract that came from an award: expected participants per year, per
 * municipality and target group, with the region totals. A municipality viewer gets only its own
 * municipality's rows from the domain (as with the budgets), the totals always cover the region.
 */
function ExpectedVolumes({
  volumes,
  totals,
}: {
  volumes: readonly { municipalityId: string; municipalityName: string; targetGroup: string; expectedCount: number }[];
  totals: { byTargetGroup: Record<string, number>; overall: number };
}) {
  const groups = [...new Set([...Object.keys(targetGroupLabels), ...Object.keys(totals.byTargetGroup)])];
  const groupLabel = (group: string) => targetGroupLabels[group as keyof typeof targetGroupLabels] ?? group;
  const rows = [...new Set(volumes.map((volume) => volume.municipalityId))].map((municipalityId) => {
    const own = volumes.filter((volume) => volume.municipalityId === municipalityId);
    return {
      municipalityId,
      municipalityName: own[0]!.municipalityName,
      counts: Object.fromEntries(own.map((volume) => [volume.targetGroup, volume.expectedCount])) as Record<string, number>,
      total: own.reduce((sum, volume) => sum + volume.expectedCount, 0),
    };
  });
  return (
    <Card title="Verwachte aantallen" id="aantallen-titel">
      <p className="mb-3 text-sm text-slate-700">Het verwachte aantal deelnemers per jaar, zoals aanbesteed in het perceel.</p>
      <div className="overflow-x-auto">
        <table className="min-w-full border-collapse bg-white text-left text-sm">
          <caption className="sr-only">Verwachte aantallen deelnemers per jaar, per gemeente en doelgroep</caption>
          <thead>
            <tr className="border-b-2 border-slate-700">
              <th scope="col" className="p-2">Gemeente</th>
              {groups.map((group) => (
                <th key={group} scope="col" className="p-2 text-right">{groupLabel(group)}</th>
              ))}
              <th scope="col" className="p-2 text-right">Totaal</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.municipalityId} className="border-b border-slate-300">
                <th scope="row" className="p-2 font-normal">{row.municipalityName}</th>
                {groups.map((group) => (
                  <td key={group} className="p-2 text-right">{formatNumber(row.counts[group] ?? 0)}</td>
                ))}
                <td className="p-2 text-right">{formatNumber(row.total)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t-2 border-slate-700 font-semibold">
              <th scope="row" className="p-2">Regio totaal</th>
              {groups.map((group) => (
                <td key={group} className="p-2 text-right">{formatNumber(totals.byTargetGroup[group] ?? 0)}</td>
              ))}
              <td className="p-2 text-right">{formatNumber(totals.overall)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </Card>
  );
}

export default function ContractDetail() {
  const { maxMegabytes, reports, view, canManage, options, catalogue, years, year, performance, linkedOfferings, offeringOptions, municipalities } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const failed = (intent: string) => (failure?.values?.intent === intent ? failure : undefined);
  const { contract } = view;
  const active = contract.status === "active";
  const editable = canManage && (contract.status === "draft" || active);
  return (
    <div className="flex flex-col gap-8">
      <div>
        <p className="mb-2 text-sm"><a href="/contracten">← Alle contracten</a></p>
        <PageHeader title={`${contract.number}: ${contract.title}`} intro={`${contractKindLabels[contract.kind]} met ${view.supplierName} · ${contractStatusLabels[contract.status]}`} />
        <dl className="grid max-w-3xl grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-[16rem_1fr]">
          <dt className="font-semibold">Looptijd</dt>
          <dd>{formatCalendarDate(contract.startDate)} tot en met {formatCalendarDate(contract.endDate)}</dd>
          <dt className="font-semibold">Verlengingsopties</dt>
          <dd>{contract.extensionOptions.length ? contract.extensionOptions.map((option) => `${option.years} jaar (besluit uiterlijk ${formatCalendarDate(option.decisionDueDate)}${option.exercisedAt ? `; gebruikt op ${formatCalendarDate(option.exercisedAt)}` : ""})`).join("; ") : "Geen"}</dd>
          <dt className="font-semibold">Plafondbedrag</dt>
          <dd>{formatEuroCents(contract.ceilingAmountCents)}</dd>
          <dt className="font-semibold">Diensten</dt>
          <dd>{contract.services.map((service) => contractServiceLabels[service as keyof typeof contractServiceLabels] ?? service).join(", ")}</dd>
          <dt className="font-semibold">Prestatiebekostiging</dt>
          <dd>{contract.performancePaymentApplies ? `${formatNumber(Number(contract.performanceShare))} %${contract.performanceActivationDate ? `, actief vanaf ${formatCalendarDate(contract.performanceActivationDate)}` : ", nog niet geactiveerd (schaduwberekening)"}` : "Niet van toepassing"}</dd>
          {view.tender ? (
            <>
              <dt className="font-semibold">Gegund uit aanbesteding</dt>
              <dd>
                <a href={`/aanbestedingen/${view.tender.id}`}>
                  {view.tender.reference}: {view.tender.title}
                </a>
              </dd>
            </>
          ) : null}
        </dl>
      </div>

      {canManage && contract.status === "draft" ? (
        <Card title="Activeren" id="activeren-titel">
          <PortalForm errors={failed("activate")?.errors}>
            <input type="hidden" name="intent" value="activate" />
            <p className="mb-3">Na activeren is elke wijziging een contractwijziging met reden en ingangsdatum.</p>
            <SubmitButton>Contract activeren</SubmitButton>
          </PortalForm>
        </Card>
      ) : null}

      <Card title="Budget per gemeente" id="budget-titel">
        {Object.keys(view.budgetTotalsByYear).length ? (
          <div className="mb-4 overflow-x-auto">
            <table className="min-w-full border-collapse bg-white text-left text-sm">
              <caption className="sr-only">Verplichting per jaar en gemeente</caption>
              <thead>
                <tr className="border-b-2 border-slate-700">
                  <th scope="col" className="p-2">Jaar</th>
                  <th scope="col" className="p-2">Gemeente</th>
                  <th scope="col" className="p-2">Doelgroep</th>
                  <th scope="col" className="p-2 text-right">Aantal</th>
                  <th scope="col" className="p-2 text-right">Bedrag</th>
                </tr>
              </thead>
              <tbody>
                {view.budgets.map((budget) => (
                  <tr key={`${budget.year}-${budget.municipalityId}-${budget.targetGroup}`} className="border-b border-slate-300">
                    <td className="p-2">{budget.year}</td>
                    <th scope="row" className="p-2 font-normal">{budget.municipalityName}</th>
                    <td className="p-2">{targetGroupLabels[budget.targetGroup as keyof typeof targetGroupLabels] ?? budget.targetGroup}</td>
                    <td className="p-2 text-right">{formatNumber(budget.volume)}</td>
                    <td className="p-2 text-right">{formatEuroCents(budget.amountCents)}</td>
                  </tr>
                ))}
                {Object.entries(view.budgetTotalsByYear).map(([budgetYear, total]) => (
                  <tr key={budgetYear} className="border-t-2 border-slate-700 font-semibold">
                    <td className="p-2">{budgetYear}</td>
                    <th scope="row" className="p-2" colSpan={3}>Regio totaal</th>
                    <td className="p-2 text-right">{formatEuroCents(total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="mb-4">Er is nog geen budget vastgelegd.</p>
        )}
        {editable ? (
          <PortalForm errors={failed("budget")?.errors} fieldLabels={{ totalCents: "Budget", reason: "Reden", effectiveDate: "Ingangsdatum" }}>
            <input type="hidden" name="intent" value="budget" />
            <SelectField name="year" label="Jaar" options={years.map((option) => ({ value: String(option), label: String(option) }))} defaultValue={String(failed("budget")?.values?.year ?? year)} errors={failed("budget")?.errors} />
            <TextField name="totalCents" label="Verplichting in dat jaar (euro)" hint="Wordt pro rata de taakstelling over de zeven gemeenten verdeeld; de delen tellen precies op tot het totaal." inputMode="decimal" defaultValue={String(failed("budget")?.values?.totalCents ?? "")} errors={failed("budget")?.errors} />
            <AmendmentFields active={active} form="budget" errors={failed("budget")?.errors} values={failed("budget")?.values} />
            <SubmitButton>Budget vastleggen</SubmitButton>
          </PortalForm>
        ) : null}
        {editable
          ? Object.entries(view.budgetTotalsByYear).map(([budgetYear, total]) => {
              const cellsFailure = failed("budgetCells")?.values?.year === budgetYear ? failed("budgetCells") : undefined;
              // the summary links to the field's id, which carries the year (the page has one form per year)
              const cellsErrors = cellsFailure && Object.fromEntries(Object.entries(cellsFailure.errors).map(([field, messages]) => [field === "totalCents" ? `totalCents-${budgetYear}` : field, messages]));
              return (
                <details key={budgetYear} className="mt-4" open={cellsFailure ? true : undefined}>
                  <summary className="cursor-pointer font-semibold text-brand-700">Budget {budgetYear} per gemeente en doelgroep wijzigen</summary>
                  <PortalForm className="mt-2" errors={cellsErrors} fieldLabels={{ [`totalCents-${budgetYear}`]: "Totaal", reason: "Reden", effectiveDate: "Ingangsdatum" }}>
                    <input type="hidden" name="intent" value="budgetCells" />
                    <input type="hidden" name="year" value={budgetYear} />
                    <BudgetCellRows year={Number(budgetYear)} municipalities={municipalities} budgets={view.budgets.filter((budget) => String(budget.year) === budgetYear)} values={cellsFailure?.values} />
                    <TextField
                      name="totalCents"
                      id={`totalCents-${budgetYear}`}
                      label={`Totaal ${budgetYear} (euro)`}
                      hint="De bedragen per gemeente en doelgroep moeten precies optellen tot dit totaal."
                      inputMode="decimal"
                      defaultValue={String(cellsFailure?.values?.totalCents ?? euroInput(total))}
                      errors={cellsFailure?.errors}
                    />
                    <AmendmentFields active={active} form={`budgetCells-${budgetYear}`} errors={cellsFailure?.errors} values={cellsFailure?.values} />
                    <SubmitButton variant="secondary">Budget {budgetYear} opslaan</SubmitButton>
                  </PortalForm>
                </details>
              );
            })
          : null}
      </Card>

      {view.volumeTotals ? <ExpectedVolumes volumes={view.volumes} totals={view.volumeTotals} /> : null}

      <Card title="Tarieven" id="tarieven-titel">
        <RatesTable rates={view.rates} />
        {editable ? (
          <PortalForm errors={failed("rates")?.errors} fieldLabels={{ rates: "Tarieven", reason: "Reden", effectiveDate: "Ingangsdatum" }}>
            <input type="hidden" name="intent" value="rates" />
            <p className="mb-2 text-sm text-slate-700">Maak een rij leeg om een tarief te verwijderen; de twee lege rijen zijn voor nieuwe prijscomponenten.</p>
            <RateRows rates={view.rates} values={failed("rates")?.values} />
            <AmendmentFields active={active} form="rates" errors={failed("rates")?.errors} values={failed("rates")?.values} />
            <SubmitButton variant="secondary">Tarieven opslaan</SubmitButton>
          </PortalForm>
        ) : null}
      </Card>

      <Card title="Documenten" id="documenten-titel">
        {view.documents.length ? (
          <ul className="mb-4 flex flex-col gap-2">
            {view.documents.map((document) => (
              <li key={document.fileId}>
                <a href={`/contracten/${contract.id}/documenten/${document.fileId}`}>{document.title}</a>{" "}
                <span className="text-sm text-slate-700">
                  ({document.fileName}, {formatNumber(Math.ceil(document.sizeBytes / 1024))} kB, toegevoegd op {formatDateTime(document.addedAt)})
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mb-4">Er zijn nog geen documenten.</p>
        )}
        {editable ? (
          <PortalForm encType="multipart/form-data" errors={failed("document")?.errors} fieldLabels={{ title: "Titel", file: "Bestand", reason: "Reden", effectiveDate: "Ingangsdatum" }}>
            <input type="hidden" name="intent" value="document" />
            <TextField name="title" label="Titel van het document" maxLength={200} defaultValue={String(failed("document")?.values?.title ?? "")} errors={failed("document")?.errors} />
            <TextField name="file" label="Bestand" hint={`Een PDF-, Word- (.docx) of Excel-bestand (.xlsx) van hoogstens ${maxMegabytes} MB.`} type="file" accept=".pdf,.docx,.xlsx" errors={failed("document")?.errors} />
            <AmendmentFields active={active} form="document" errors={failed("document")?.errors} values={failed("document")?.values} />
            <SubmitButton variant="secondary">Document uploaden</SubmitButton>
          </PortalForm>
        ) : null}
      </Card>

      <Card title="Prestatie-indicatoren" id="kpi-titel">
        {view.kpis.length === 0 ? <p className="mb-4">Er zijn nog geen indicatoren.</p> : null}
        <ul className="mb-4 flex flex-col gap-4">
          {view.kpis.map((kpi) => (
            <li key={kpi.id} className="rounded border border-slate-300 p-3">
              <h3 className="font-semibold">{kpi.name}</h3>
              <p className="text-sm text-slate-700">
                Doel {kpi.direction === "higherIsBetter" ? "≥" : "≤"} {formatTarget(kpi.target, kpi.unit as "percent" | "score")} · bron {kpi.source}
                {kpi.overrideReason ? ` · afwijking: ${kpi.overrideReason}` : ""} · weging {kpi.weight} · {paymentRuleLabels[kpi.paymentRule]}
              </p>
              {kpi.figures.length ? (
                <p className="text-sm">Resultaten: {kpi.figures.map((figure) => `${figure.year}: ${formatNumber(Number(figure.numerator))} van ${formatNumber(Number(figure.denominator))}`).join("; ")}</p>
              ) : null}
              {editable ? (
                <details className="mt-2">
                  <summary className="cursor-pointer font-semibold text-brand-700">Wijzigen of resultaat vastleggen</summary>
                  <div className="mt-2 grid gap-4 lg:grid-cols-2">
                    <PortalForm errors={failed("updateKpi")?.values?.kpiId === kpi.id ? failed("updateKpi")?.errors : undefined}>
                      <input type="hidden" name="intent" value="updateKpi" />
                      <input type="hidden" name="kpiId" value={kpi.id} />
                      <TextField name="weight" id={`weight-${kpi.id}`} label="Weging" inputMode="numeric" defaultValue={String(kpi.weight)} />
                      <SelectField name="paymentRule" id={`rule-${kpi.id}`} label="Betaalregel" options={Object.entries(paymentRuleLabels).map(([value, label]) => ({ value, label }))} defaultValue={kpi.paymentRule} />
                      <TextField name="target" id={`target-${kpi.id}`} label="Doel" defaultValue={String(Number(kpi.target)).replace(".", ",")} />
                      <TextField name="overrideReason" id={`override-${kpi.id}`} label="Reden van afwijking van het beleidskader" defaultValue={kpi.overrideReason ?? ""} />
                      <AmendmentFields active={active} form={`kpi-${kpi.id}`} />
                      <SubmitButton>Indicator opslaan</SubmitButton>
                    </PortalForm>
                    <PortalForm errors={failed("figure")?.values?.kpiId === kpi.id ? failed("figure")?.errors : undefined}>
                      <input type="hidden" name="intent" value="figure" />
                      <input type="hidden" name="kpiId" value={kpi.id} />
                      <SelectField name="year" id={`figure-year-${kpi.id}`} label="Jaar" options={years.map((option) => ({ value: String(option), label: String(option) }))} defaultValue={String(year)} />
                      <TextField name="numerator" id={`numerator-${kpi.id}`} label={kpi.unit === "score" ? "Som van de scores" : "Behaald aantal"} inputMode="decimal" />
                      <TextField name="denominator" id={`denominator-${kpi.id}`} label={kpi.unit === "score" ? "Aantal respondenten" : "Totaal (noemer)"} inputMode="decimal" />
                      <SubmitButton variant="secondary">Resultaat vastleggen</SubmitButton>
                    </PortalForm>
                  </div>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
        {editable ? (
          <PortalForm errors={failed("addKpi")?.errors} fieldLabels={{ kpiCode: "Indicator" }}>
            <input type="hidden" name="intent" value="addKpi" />
            <SelectField name="kpiCode" label="Indicator uit het beleidskader toevoegen" placeholder="Kies…" options={catalogue.map((kpi) => ({ value: kpi.code, label: `${kpi.name} (${kpi.scope})` }))} errors={failed("addKpi")?.errors} />
            <AmendmentFields active={active} form="addKpi" errors={failed("addKpi")?.errors} values={failed("addKpi")?.values} />
            <SubmitButton variant="secondary">Toevoegen</SubmitButton>
          </PortalForm>
        ) : null}
        {editable ? (
          <PortalForm className="mt-6" errors={failed("customKpi")?.errors} fieldLabels={{ name: "Naam", unit: "Eenheid", direction: "Richting", target: "Doel", reason: "Reden", effectiveDate: "Ingangsdatum" }}>
            <h3 className="mb-2 text-lg font-semibold">Contractspecifieke indicator toevoegen</h3>
            <input type="hidden" name="intent" value="customKpi" />
            <TextField name="name" label="Naam van de indicator" defaultValue={String(failed("customKpi")?.values?.name ?? "")} errors={failed("customKpi")?.errors} />
            <SelectField name="unit" label="Eenheid" placeholder="Kies…" options={[{ value: "percent", label: "Percentage" }, { value: "score", label: "Score (gemiddelde)" }]} defaultValue={String(failed("customKpi")?.values?.unit ?? "")} errors={failed("customKpi")?.errors} />
            <SelectField name="direction" label="Richting" placeholder="Kies…" options={[{ value: "higherIsBetter", label: "Hoger is beter" }, { value: "lowerIsBetter", label: "Lager is beter" }]} defaultValue={String(failed("customKpi")?.values?.direction ?? "")} errors={failed("customKpi")?.errors} />
            <TextField name="target" label="Doel" hint="Een getal, bijvoorbeeld 10 of 7,5." inputMode="decimal" defaultValue={String(failed("customKpi")?.values?.target ?? "")} errors={failed("customKpi")?.errors} />
            <AmendmentFields active={active} form="customKpi" errors={failed("customKpi")?.errors} values={failed("customKpi")?.values} />
            <SubmitButton variant="secondary">Contractspecifieke indicator vastleggen</SubmitButton>
          </PortalForm>
        ) : null}
      </Card>

      {performance ? (
        <Card title={`Prestatiebekostiging ${year}`} id="prestatie-titel">
          <form method="get" className="mb-4 flex items-end gap-3">
            <div className="flex flex-col gap-1">
              <label htmlFor="jaar" className="font-semibold">Jaar</label>
              <select id="jaar" name="jaar" defaultValue={params.get("jaar") ?? String(year)} className="rounded border-2 border-slate-500 bg-white px-3 py-2">
                {years.map((option) => <option key={option} value={option}>{option}</option>)}
              </select>
            </div>
            <button type="submit" className="rounded border-2 border-brand-700 bg-white px-4 py-2 font-semibold text-brand-700">Tonen</button>
          </form>
          {performance.mode === "shadow" ? <p className="mb-3 rounded border-2 border-amber-600 bg-amber-50 p-2 font-semibold">Schaduwberekening: de prestatiebekostiging is voor dit jaar nog niet actief.</p> : null}
          <dl className="mb-4 grid max-w-xl grid-cols-2 gap-1">
            <dt>Verplichting {year}</dt>
            <dd className="text-right">{formatEuroCents(performance.commitmentCents)}</dd>
            <dt>Op het spel ({formatNumber(Number(contract.performanceShare))} %)</dt>
            <dd className="text-right">{formatEuroCents(performance.atStakeCents)}</dd>
            <dt>Uitbetaling</dt>
            <dd className="text-right font-semibold">{formatEuroCents(performance.payoutCents)}</dd>
            <dt>Ingehouden</dt>
            <dd className="text-right">{formatEuroCents(performance.withheldCents)}</dd>
          </dl>
          <div className="overflow-x-auto">
            <table className="min-w-full border-collapse bg-white text-left text-sm">
              <caption className="mb-1 text-left font-semibold">Opbouw per indicator</caption>
              <thead>
                <tr className="border-b-2 border-slate-700">
                  <th scope="col" className="p-2">Indicator</th>
                  <th scope="col" className="p-2">Doel</th>
                  <th scope="col" className="p-2">Behaald</th>
                  <th scope="col" className="p-2">Betaalregel</th>
                  <th scope="col" className="p-2 text-right">Score</th>
                  <th scope="col" className="p-2 text-right">Weging</th>
                  <th scope="col" className="p-2 text-right">Bedrag</th>
                </tr>
              </thead>
              <tbody>
                {performance.breakdown.map((line) => (
                  <tr key={line.id} className="border-b border-slate-300">
                    <th scope="row" className="p-2 font-normal">{line.name}</th>
                    <td className="p-2">{line.direction === "higherIsBetter" ? "≥" : "≤"} {line.targetDisplay}</td>
                    <td className="p-2">{line.achievedDisplay}</td>
                    <td className="p-2">{paymentRuleLabels[line.rule]}</td>
                    <td className="p-2 text-right">{line.scoreDisplay}</td>
                    <td className="p-2 text-right">{line.weight}</td>
                    <td className="p-2 text-right">{formatEuroCents(line.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="mt-2 text-sm text-slate-700">Uitbetaling = op het spel × Σ(weging × score) / Σ(weging), eenmaal afgerond op hele centen (half naar boven). Een indicator zonder geaccepteerde cijfers scoort 0 (geen data).</p>
        </Card>
      ) : null}

      {editable && options ? (
        <Card title={active ? "Contractwijziging" : "Gegevens wijzigen"} id="wijzigen-titel">
          <PortalForm errors={failed("update")?.errors} fieldLabels={contractFieldLabels}>
            <input type="hidden" name="intent" value="update" />
            <ContractFields values={failed("update")?.values ?? contractFormValues(contract)} errors={failed("update")?.errors} suppliers={options.suppliers} managers={options.managers} />
            <AmendmentFields active={active} form="update" errors={failed("update")?.errors} values={failed("update")?.values} />
            <SubmitButton>{active ? "Wijziging vastleggen" : "Opslaan"}</SubmitButton>
          </PortalForm>
          {active && contract.extensionOptions.some((option) => !option.exercisedAt) ? (
            <PortalForm errors={failed("extend")?.errors}>
              <h3 className="mt-6 mb-2 text-lg font-semibold">Verlengingsoptie gebruiken</h3>
              <input type="hidden" name="intent" value="extend" />
              <input type="hidden" name="option" value={contract.extensionOptions.findIndex((option) => !option.exercisedAt)} />
              <AmendmentFields active form="extend" errors={failed("extend")?.errors} values={failed("extend")?.values} />
              <SubmitButton variant="secondary">Verlengen met {contract.extensionOptions.find((option) => !option.exercisedAt)?.years} jaar</SubmitButton>
            </PortalForm>
          ) : null}
        </Card>
      ) : null}

      <Card title="Lokaal aanbod" id="lokaal-titel">
        <p className="mb-3 text-sm text-slate-700">Het lokale aanbod waarmee dit contract samenwerkt, voor het doel 'participeert lokaal'.</p>
        {linkedOfferings.length ? (
          <ul className="mb-4 flex flex-col gap-2">
            {linkedOfferings.map((offering) => (
              <li key={offering.id} className="flex flex-wrap items-center gap-3">
                <span>
                  {offering.municipalityName}: {offering.providerName} – {offering.description}
                </span>
                {canManage ? (
                  <PortalForm>
                    <input type="hidden" name="intent" value="unlinkOffering" />
                    <input type="hidden" name="localOfferingId" value={offering.id} />
                    <button type="submit" className="font-semibold text-red-700 underline" aria-label={`Ontkoppelen: ${offering.description}`}>
                      Ontkoppelen
                    </button>
                  </PortalForm>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mb-4">Er is nog geen lokaal aanbod gekoppeld.</p>
        )}
        {canManage && offeringOptions.length ? (
          <PortalForm errors={failed("linkOffering")?.errors} fieldLabels={{ localOfferingId: "Lokaal aanbod" }}>
            <input type="hidden" name="intent" value="linkOffering" />
            <div className="mb-4 flex flex-col gap-1">
              <label htmlFor="localOfferingId" className="font-semibold">Aanbod koppelen</label>
              <select id="localOfferingId" name="localOfferingId" defaultValue="" className="w-full max-w-2xl rounded border-2 border-slate-500 bg-white px-3 py-2">
                <option value="">Kies…</option>
                {[...new Set(offeringOptions.map((option) => option.municipalityName))].map((municipality) => (
                  <optgroup key={municipality} label={municipality}>
                    {offeringOptions.filter((option) => option.municipalityName === municipality).map((option) => (
                      <option key={option.id} value={option.id}>{option.label}</option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
            <SubmitButton variant="secondary">Koppelen</SubmitButton>
          </PortalForm>
        ) : null}
      </Card>

      {reports ? (
        <section aria-labelledby="rapportages-titel">
          <h2 id="rapportages-titel" className="mb-2 text-2xl font-semibold">
            Voortgangsrapportages
          </h2>
          {reports.length === 0 ? (
            <p>Er zijn nog geen rapportageperioden: die ontstaan zodra het contract actief is en de eerste periode begint.</p>
          ) : (
            <DataTable caption="Voortgangsrapportages van dit contract" captionHidden columns={[{ label: "Periode" }, { label: "Van" }, { label: "Tot en met" }, { label: "Uiterlijk" }, { label: "Status" }]}>
              {reports.map((item) => (
                <tr key={item.periodId} className="border-b border-slate-300">
                  <th scope="row" className="p-2 font-normal">
                    <a href={`/rapportages/${item.periodId}`}>{item.label}</a>
                  </th>
                  <td className="p-2">{formatCalendarDate(item.periodStart)}</td>
                  <td className="p-2">{formatCalendarDate(item.periodEnd)}</td>
                  <td className="p-2">{formatCalendarDate(item.dueDate)}</td>
                  <td className="p-2">
                    {periodReportStatusLabels[item.status]}
                    {item.latestVersion > 1 ? ` (versie ${item.latestVersion})` : ""}
                    {item.hasDraft && item.status !== "due" && item.status !== "overdue" ? ", concept in bewerking" : item.hasDraft ? ", concept opgeslagen" : ""}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
      ) : null}

      <section aria-labelledby="wijzigingen-titel">
        <h2 id="wijzigingen-titel" className="mb-2 text-2xl font-semibold">Contractwijzigingen</h2>
        {view.amendments.length === 0 ? (
          <p>Er zijn geen contractwijzigingen.</p>
        ) : (
          <ol className="flex flex-col gap-2">
            {view.amendments.map((amendment) => (
              <li key={amendment.id}>
                <strong>Wijziging {amendment.number}</strong>, ingangsdatum {formatCalendarDate(amendment.effectiveDate)}, vastgelegd door {amendment.createdByName} op {formatDateTime(amendment.createdAt)}: {amendment.reason}
                <ul className="list-disc pl-6 text-sm">
                  {Object.entries(amendment.changes).map(([field, change]) => (
                    <li key={field}>{field}: {JSON.stringify(change.from)} → {JSON.stringify(change.to)}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
