import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { PortalForm, SubmitButton } from "~/components/form";
import { LotFields, lotFieldLabels } from "~/components/lot-fields";
import { Card } from "~/components/page-header";
import { getDb } from "~/db.server";
import { listKpiCatalogue } from "~/domain/regions/region-overview.server";
import { priceUnitLabels, priceUnits, targetGroupLabels, targetGroups } from "~/domain/tenders/tender-content";
import { lotFormSchema, parseDecimal, parseVolumeFields, priceComponentFormSchema, volumeFieldName } from "~/domain/tenders/tender-forms";
import {
  getTender,
  proposeVolumesAgain,
  removeLot,
  saveLot,
  updateLotKpis,
  updateLotPriceComponents,
  updateLotVolumes,
} from "~/domain/tenders/tenders.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatEuroCents, formatNumber, formatTarget } from "~/utils/format";
import { formFailure, formValues, parseForm, query, readForm, runCommand, type FieldErrors } from "~/utils/form.server";
import { readRows } from "~/utils/form-rows";
import { requirePermission } from "~/utils/session.server";
import { uuidParam } from "~/utils/route-params";
import { tenderIdFrom } from "./aanbestedingen.$id";

export const meta: MetaFunction = () => [{ title: "Perceel – Leerrouteportaal Westfriesland" }];

function lotIdFrom(params: Record<string, string | undefined>) {
  return uuidParam(params, "lotId");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:tenders");
  const tenderId = tenderIdFrom(params);
  const lotId = lotIdFrom(params);
  const db = await getDb();
  const [tender, catalogue] = await query(() => Promise.all([getTender(db, getServerClock(), actor, tenderId, { draft: true }), listKpiCatalogue(db, actor)]));
  const lot = tender.content.lots.find((candidate) => candidate.id === lotId);
  if (!lot) throw new Response("Niet gevonden", { status: 404 });
  const municipalities = tender.content.municipalityIds.map((id) => ({ id, name: tender.municipalityNames[id] ?? id }));
  return json({ tenderId, lot, municipalities, catalogue: catalogue.map(({ code, name, scope, target, unit }) => ({ code, name, scope, target, unit })) });
}

const intentSchema = z.enum(["lot", "volumes", "proposeVolumes", "priceComponents", "kpis", "remove"]);

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:tenders");
  const tenderId = tenderIdFrom(params);
  const lotId = lotIdFrom(params);
  const form = await readForm(request);
  const intent = intentSchema.safeParse(form.get("intent"));
  if (!intent.success) return formFailure({ errors: { form: ["Onbekende handeling."] }, values: {} });
  const db = await getDb();
  const clock = getServerClock();
  const values = { ...formValues(form), intent: intent.data };
  const here = `/aanbestedingen/${tenderId}/percelen/${lotId}`;
  const done = async (message: string, to = here) => redirect(to, { headers: { "Set-Cookie": await setFlash(message) } });

  switch (intent.data) {
    case "lot": {
      const parsed = parseForm(lotFormSchema, form);
      if (!parsed.ok) return formFailure({ ...parsed.failure, values });
      const outcome = await runCommand(values, () => saveLot(db, clock, actor, tenderId, { ...parsed.data, lotId }));
      return outcome.ok ? done("Het perceel is opgeslagen.") : outcome.response;
    }
    case "volumes": {
      const tender = await query(() => getTender(db, clock, actor, tenderId, { draft: true }));
      const { volumes, errors } = parseVolumeFields(form, tender.content.municipalityIds);
      if (Object.keys(errors).length) return formFailure({ errors, values });
      const outcome = await runCommand(values, () => updateLotVolumes(db, clock, actor, tenderId, lotId, volumes));
      return outcome.ok ? done("De verwachte aantallen zijn opgeslagen.") : outcome.response;
    }
    case "proposeVolumes": {
      const outcome = await runCommand(values, () => proposeVolumesAgain(db, clock, actor, tenderId, lotId));
      return outcome.ok ? done("De aantallen zijn opnieuw voorgesteld uit de taakstelling.") : outcome.response;
    }
    case "priceComponents": {
      const errors: FieldErrors = {};
      const components: { id?: string; name: string; unit: (typeof priceUnits)[number]; expectedQuantity: number }[] = [];
      for (const row of readRows(form, "pc", ["id", "name", "unit", "expectedQuantity"] as const)) {
        const parsed = priceComponentFormSchema.safeParse(row.values);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) (errors[`pc-${row.index}-${String(issue.path[0])}`] ??= []).push(`Rij ${row.index + 1}: ${issue.message}`);
          continue;
        }
        components.push({ ...parsed.data, id: z.uuid().safeParse(row.values.id).success ? row.values.id : undefined });
      }
      if (Object.keys(errors).length) return formFailure({ errors, values });
      const outcome = await runCommand(values, () => updateLotPriceComponents(db, clock, actor, tenderId, lotId, components));
      return outcome.ok ? done("De prijscomponenten zijn opgeslagen.") : outcome.response;
    }
    case "kpis": {
      const errors: FieldErrors = {};
      const kpis: { kpiCode: string; target: string; overrideReason: string | null }[] = [];
      for (const row of readRows(form, "kpi", ["kpiCode", "target", "overrideReason", "remove"] as const)) {
        if (row.values.remove === "on" || !row.values.kpiCode) continue;
        const target = parseDecimal(row.values.target);
        if (target === null) {
          (errors[`kpi-${row.index}-target`] ??= []).push(`Vul bij indicator ${row.index + 1} het doel in als getal, bijvoorbeeld 75 of 7,5.`);
          continue;
        }
        kpis.push({ kpiCode: row.values.kpiCode, target, overrideReason: row.values.overrideReason || null });
      }
      const added = String(form.get("addKpi") ?? "");
      // a KPI added from the catalogue starts with the catalogue's target
      if (added) kpis.push({ kpiCode: added, target: "", overrideReason: null });
      if (Object.keys(errors).length) return formFailure({ errors, values });
      const outcome = await runCommand(values, () => updateLotKpis(db, clock, actor, tenderId, lotId, kpis));
      return outcome.ok ? done("De prestatie-indicatoren zijn opgeslagen.") : outcome.response;
    }
    case "remove": {
      const outcome = await runCommand(values, () => removeLot(db, clock, actor, tenderId, lotId));
      return outcome.ok ? done("Het perceel is verwijderd.", `/aanbestedingen/${tenderId}/percelen`) : outcome.response;
    }
  }
}

function InlineError({ errors, name }: { errors?: FieldErrors; name: string }) {
  const messages = errors?.[name];
  if (!messages?.length) return null;
  return (
    <p id={`${name}-fout`} className="text-sm font-semibold text-red-700">
      <span className="sr-only">Fout: </span>
      {messages.join(" ")}
    </p>
  );
}

export default function LotDetail() {
  const { tenderId, lot, municipalities, catalogue } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const failed = (intent: string) => (failure?.values?.intent === intent ? failure : undefined);
  const lotValues = failed("lot")?.values ?? {
    title: lot.title,
    service: lot.service,
    description: lot.description,
    ceilingAmountCents: new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 2 }).format(lot.ceilingAmountCents / 100),
    routeSharePercent: lot.routeSharePercent.replace(".", ","),
    performancePayment: lot.performancePayment,
  };
  const volumeValue = (municipalityId: string, targetGroup: (typeof targetGroups)[number]) => {
    const name = volumeFieldName(municipalityId, targetGroup);
    const typed = failed("volumes")?.values?.[name];
    if (typeof typed === "string") return typed;
    return String(lot.volumes.find((volume) => volume.municipalityId === municipalityId && volume.targetGroup === targetGroup)?.count ?? 0);
  };
  const priceRows = [...lot.priceComponents, ...Array.from({ length: 2 }, () => null)];
  const pcValue = (index: number, field: string, fallback: string) => {
    const typed = failed("priceComponents")?.values?.[`pc[${index}].${field}`];
    return typeof typed === "string" ? typed : fallback;
  };
  const unused = catalogue.filter((kpi) => !lot.kpis.some((chosen) => chosen.kpiCode === kpi.code));
  return (
    <div className="flex flex-col gap-8">
      <p>
        <a href={`/aanbestedingen/${tenderId}/percelen`}>← Alle percelen</a>
      </p>
      <h2 className="text-2xl font-semibold">
        Perceel {lot.number}: {lot.title}
      </h2>

      <Card title="Gegevens van het perceel" id="gegevens-titel">
        <PortalForm errors={failed("lot")?.errors} fieldLabels={lotFieldLabels}>
          <input type="hidden" name="intent" value="lot" />
          <LotFields values={lotValues} errors={failed("lot")?.errors} />
          <SubmitButton>Perceel opslaan</SubmitButton>
        </PortalForm>
      </Card>

      <Card title="Verwachte aantallen per jaar" id="aantallen-titel">
        <p className="mb-3 text-sm text-slate-700">
          Voorstel: 70 % van de taakstelling 2020 (inburgeringsplichtig) per gemeente, verdeeld volgens de methode van de grootste overschotten zodat de delen optellen tot het regionale totaal, maal het aandeel van dit perceel ({formatNumber(Number(lot.routeSharePercent))} %). Gezinsmigranten: hetzelfde aantal als asielmigranten (§3.4). U kunt de aantallen aanpassen.
        </p>
        <PortalForm errors={failed("volumes")?.errors}>
          <input type="hidden" name="intent" value="volumes" />
          <div className="overflow-x-auto">
            <table className="mb-4 border-collapse bg-white text-left">
              <caption className="sr-only">Verwachte aantallen per gemeente en doelgroep</caption>
              <thead>
                <tr className="border-b-2 border-slate-700">
                  <th scope="col" className="p-2">Gemeente</th>
                  {targetGroups.map((group) => (
                    <th key={group} scope="col" className="p-2">{targetGroupLabels[group]}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {municipalities.map((municipality) => (
                  <tr key={municipality.id} className="border-b border-slate-300">
                    <th scope="row" className="p-2 font-normal">{municipality.name}</th>
                    {targetGroups.map((group) => {
                      const name = volumeFieldName(municipality.id, group);
                      const hasError = Boolean(failed("volumes")?.errors?.[name]?.length);
                      return (
                        <td key={group} className="p-2">
                          <label htmlFor={name} className="sr-only">{`${municipality.name}, ${targetGroupLabels[group]}`}</label>
                          <input
                            id={name}
                            name={name}
                            inputMode="numeric"
                            defaultValue={volumeValue(municipality.id, group)}
                            aria-invalid={hasError || undefined}
                            aria-describedby={hasError ? `${name}-fout` : undefined}
                            className={`w-24 rounded border-2 px-2 py-1 text-right ${hasError ? "border-red-700" : "border-slate-500"}`}
                          />
                          <InlineError errors={failed("volumes")?.errors} name={name} />
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <SubmitButton>Aantallen opslaan</SubmitButton>
        </PortalForm>
        <Form method="post" className="mt-3">
          <CsrfInput />
          <input type="hidden" name="intent" value="proposeVolumes" />
          <SubmitButton variant="secondary">Opnieuw voorstellen uit de taakstelling</SubmitButton>
        </Form>
      </Card>

      <Card title="Prijscomponenten" id="prijs-titel">
        <p className="mb-3 text-sm text-slate-700">De inschrijver vult per component een prijs in; het totaal wordt berekend op de verwachte hoeveelheid. Lege rijen worden genegeerd; maak een naam leeg om een component te verwijderen.</p>
        <PortalForm errors={failed("priceComponents")?.errors}>
          <input type="hidden" name="intent" value="priceComponents" />
          <div className="overflow-x-auto">
            <table className="mb-4 border-collapse bg-white text-left">
              <caption className="sr-only">Prijscomponenten van dit perceel</caption>
              <thead>
                <tr className="border-b-2 border-slate-700">
                  <th scope="col" className="p-2">Naam</th>
                  <th scope="col" className="p-2">Eenheid</th>
                  <th scope="col" className="p-2">Verwachte hoeveelheid</th>
                </tr>
              </thead>
              <tbody>
                {priceRows.map((component, index) => (
                  <tr key={component?.id ?? `nieuw-${index}`} className="border-b border-slate-300">
                    <td className="p-2">
                      <input type="hidden" name={`pc[${index}].id`} value={component?.id ?? ""} />
                      <label htmlFor={`pc-${index}-name`} className="sr-only">Naam van prijscomponent {index + 1}</label>
                      <input id={`pc-${index}-name`} name={`pc[${index}].name`} defaultValue={pcValue(index, "name", component?.name ?? "")} className="w-64 rounded border-2 border-slate-500 px-2 py-1" />
                    </td>
                    <td className="p-2">
                      <label htmlFor={`pc-${index}-unit`} className="sr-only">Eenheid van prijscomponent {index + 1}</label>
                      <select id={`pc-${index}-unit`} name={`pc[${index}].unit`} defaultValue={pcValue(index, "unit", component?.unit ?? "")} className="rounded border-2 border-slate-500 bg-white px-2 py-1">
                        <option value="">Kies…</option>
                        {priceUnits.map((unit) => (
                          <option key={unit} value={unit}>{priceUnitLabels[unit]}</option>
                        ))}
                      </select>
                    </td>
                    <td className="p-2">
                      <label htmlFor={`pc-${index}-expectedQuantity`} className="sr-only">Verwachte hoeveelheid van prijscomponent {index + 1}</label>
                      <input id={`pc-${index}-expectedQuantity`} name={`pc[${index}].expectedQuantity`} inputMode="numeric" defaultValue={pcValue(index, "expectedQuantity", component ? String(component.expectedQuantity) : "")} className="w-32 rounded border-2 border-slate-500 px-2 py-1 text-right" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <SubmitButton>Prijscomponenten opslaan</SubmitButton>
        </PortalForm>
      </Card>

      <Card title="Prestatie-indicatoren" id="kpi-titel">
        <p className="mb-3 text-sm text-slate-700">Voorgesteld uit de beleidsdoelen (§6). Een afwijkend doel vraagt om een reden; de bron blijft bewaard. Plafondbedrag van dit perceel: {formatEuroCents(lot.ceilingAmountCents)}.</p>
        <PortalForm errors={failed("kpis")?.errors}>
          <input type="hidden" name="intent" value="kpis" />
          <div className="overflow-x-auto">
            <table className="mb-4 border-collapse bg-white text-left">
              <caption className="sr-only">Prestatie-indicatoren van dit perceel</caption>
              <thead>
                <tr className="border-b-2 border-slate-700">
                  <th scope="col" className="p-2">Indicator</th>
                  <th scope="col" className="p-2">Doel</th>
                  <th scope="col" className="p-2">Reden van afwijking</th>
                  <th scope="col" className="p-2">Verwijderen</th>
                </tr>
              </thead>
              <tbody>
                {lot.kpis.map((kpi, index) => {
                  const catalogueTarget = catalogue.find((entry) => entry.code === kpi.kpiCode)?.target;
                  return (
                    <tr key={kpi.kpiCode} className="border-b border-slate-300 align-top">
                      <th scope="row" className="p-2 font-normal">
                        <input type="hidden" name={`kpi[${index}].kpiCode`} value={kpi.kpiCode} />
                        {kpi.name}
                        <span className="block text-sm text-slate-700">
                          {kpi.source}
                          {catalogueTarget ? ` · beleidsdoel ${kpi.direction === "higherIsBetter" ? "≥" : "≤"} ${formatTarget(catalogueTarget, kpi.unit)}` : ""}
                        </span>
                      </th>
                      <td className="p-2">
                        <label htmlFor={`kpi-${index}-target`} className="sr-only">Doel voor {kpi.name}</label>
                        <input id={`kpi-${index}-target`} name={`kpi[${index}].target`} defaultValue={kpi.target.replace(/\.?0+$/, "").replace(".", ",")} className="w-24 rounded border-2 border-slate-500 px-2 py-1 text-right" />
                        <InlineError errors={failed("kpis")?.errors} name={`kpi-${index}-target`} />
                      </td>
                      <td className="p-2">
                        <label htmlFor={`kpi-${index}-overrideReason`} className="sr-only">Reden van afwijking voor {kpi.name}</label>
                        <input id={`kpi-${index}-overrideReason`} name={`kpi[${index}].overrideReason`} defaultValue={kpi.overrideReason ?? ""} className="w-72 rounded border-2 border-slate-500 px-2 py-1" />
                      </td>
                      <td className="p-2">
                        <label className="flex items-center gap-2">
                          <input type="checkbox" name={`kpi[${index}].remove`} className="h-5 w-5" />
                          <span className="sr-only">{kpi.name} </span>verwijderen
                        </label>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {unused.length ? (
            <div className="mb-4 flex flex-wrap items-end gap-3">
              <div className="flex flex-col gap-1">
                <label htmlFor="addKpi" className="font-semibold">Indicator toevoegen</label>
                <select id="addKpi" name="addKpi" defaultValue="" className="rounded border-2 border-slate-500 bg-white px-2 py-1">
                  <option value="">Geen</option>
                  {unused.map((kpi) => (
                    <option key={kpi.code} value={kpi.code}>{`${kpi.name} (${kpi.scope})`}</option>
                  ))}
                </select>
              </div>
            </div>
          ) : null}
          <SubmitButton>Indicatoren opslaan</SubmitButton>
        </PortalForm>
      </Card>

      <Card title="Perceel verwijderen" id="verwijderen-titel">
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="remove" />
          <p className="mb-3">De eisen die alleen voor dit perceel gelden, worden ook verwijderd.</p>
          <SubmitButton variant="danger">Perceel verwijderen</SubmitButton>
        </Form>
      </Card>
    </div>
  );
}
