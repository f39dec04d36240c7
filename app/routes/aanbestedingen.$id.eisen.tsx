import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { PortalForm, SelectField, SubmitButton, TextAreaField, TextField, type FieldErrors } from "~/components/form";
import { Card, EmptyState } from "~/components/page-header";
import { getDb } from "~/db.server";
import { RuleViolation } from "~/domain/errors";
import { priceScoringMethodLabels, type Requirement } from "~/domain/tenders/tender-content";
import { awardFormSchema, requirementFormSchema } from "~/domain/tenders/tender-forms";
import {
  CRITERIA_FIELD,
  criteriaErrorsFromProblems,
  criterionFieldId,
  criterionFieldName,
  parseCriteriaRows,
  sumOfWeights,
  type CriterionField,
} from "~/domain/tenders/tender-forms-criteria";
import { getTender, removeRequirement, saveAwardCriteria, saveRequirement } from "~/domain/tenders/tenders.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formFailure, formValues, parseForm, query, readForm, runCommand, toHttpError } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

export const meta: MetaFunction = () => [{ title: "Eisen en gunningscriteria – Leerrouteportaal Westfriesland" }];

/** Empty rows under the saved criteria, for new ones. */
const SPARE_ROWS = 2;

const awardLabels = { priceScoringMethod: "Prijsscore", scaleMin: "Laagste score", scaleMax: "Hoogste score", scaleStep: "Stapgrootte", [CRITERIA_FIELD]: "Wegingen" };
const requirementLabels = { lotId: "Perceel", kind: "Soort", title: "Eis of wens", description: "Toelichting", evidenceRequired: "Bewijsstuk", criterionId: "Gunningscriterium" };
const kindLabels = { mandatory: "Eis (knock-out)", scored: "Wens (gescoord)" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:tenders");
  const tenderId = tenderIdFrom(params);
  const tender = await query(async () => getTender(await getDb(), getServerClock(), actor, tenderId, { draft: true }));
  const editId = new URL(request.url).searchParams.get("eis");
  const { lots, requirements, awardCriteria, scoringScale, priceScoringMethod } = tender.content;
  return json({
    tenderId,
    cancelled: tender.status === "cancelled",
    lots: [...lots].sort((a, b) => a.number - b.number).map((lot) => ({ id: lot.id, label: `Perceel ${lot.number}: ${lot.title}` })),
    requirements,
    awardCriteria,
    scoringScale,
    priceScoringMethod,
    editing: requirements.find((requirement) => requirement.id === editId) ?? null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:tenders");
  const tenderId = tenderIdFrom(params);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const db = await getDb();
  const clock = getServerClock();
  const back = async (message: string, anchor = "") => redirect(`/aanbestedingen/${tenderId}/eisen${anchor}`, { headers: { "Set-Cookie": await setFlash(message) } });

  if (intent === "award") {
    const values = { ...formValues(form), intent };
    const rows = parseCriteriaRows(form);
    const scale = parseForm(awardFormSchema, form);
    if (!rows.ok || !scale.ok) return formFailure({ errors: { ...(rows.ok ? {} : rows.errors), ...(scale.ok ? {} : scale.failure.errors) }, values });
    try {
      const { scaleMin: min, scaleMax: max, scaleStep: step, priceScoringMethod } = scale.data;
      await saveAwardCriteria(db, clock, actor, tenderId, { criteria: rows.criteria, priceScoringMethod, scoringScale: { min, max, step } });
    } catch (error) {
      // the domain counts the saved criteria; the form counts its rows, empty ones included
      if (error instanceof RuleViolation) return formFailure({ errors: criteriaErrorsFromProblems(error, rows.rows), values });
      throw toHttpError(error);
    }
    return back("De gunningscriteria zijn opgeslagen.", "#criteria-titel");
  }

  if (intent === "requirement") {
    const parsed = parseForm(requirementFormSchema, form);
    if (!parsed.ok) return formFailure({ ...parsed.failure, values: { ...parsed.failure.values, intent } });
    const outcome = await runCommand({ ...parsed.values, intent }, () => saveRequirement(db, clock, actor, tenderId, parsed.data));
    if (!outcome.ok) return outcome.response;
    return back(`${parsed.data.kind === "mandatory" ? "De eis" : "De wens"} “${outcome.result.title}” is opgeslagen.`, "#eisen-titel");
  }

  if (intent === "remove") {
    const requirementId = z.uuid().safeParse(form.get("requirementId"));
    if (!requirementId.success) return formFailure({ errors: { form: ["Onbekende eis."] }, values: { intent } });
    const outcome = await runCommand({ intent }, () => removeRequirement(db, clock, actor, tenderId, requirementId.data));
    return outcome.ok ? back("De eis of wens is verwijderd.", "#eisen-titel") : outcome.response;
  }

  return formFailure({ errors: { form: ["Onbekende handeling."] }, values: {} });
}

type Failure = { errors: FieldErrors; values: Record<string, string | string[]> } | undefined;
type Data = ReturnType<typeof useLoaderData<typeof loader>>;

const valueOf = (values: Record<string, unknown>, name: string) => String(values[name] ?? "");

const cellLabels: Record<Exclude<CriterionField, "id">, string> = { name: "Naam", kind: "Soort", weight: "Weging", description: "Toelichting" };

/** "Weging (rij 2)" for the error summary, keyed like the errors (`criteria.1.weight`). */
function rowLabels(rows: readonly number[]): Record<string, string> {
  return Object.fromEntries(rows.flatMap((row) => Object.entries(cellLabels).map(([field, label]) => [criterionFieldId(row, field as CriterionField), `${label} (rij ${row + 1})`])));
}

export default function RequirementsAndCriteria() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure;
  const failed = (intent: string) => (failure?.values?.intent === intent ? failure : undefined);
  if (data.cancelled) {
    return <p>Deze aanbesteding is ingetrokken; eisen en criteria kunnen niet meer worden gewijzigd.</p>;
  }
  return (
    <div className="flex flex-col gap-8">
      {/* keyed by what is saved: after a save the uncontrolled fields start again from the new data */}
      <AwardCriteriaForm key={failed("award") ? "na-fout" : JSON.stringify([data.awardCriteria, data.scoringScale, data.priceScoringMethod])} data={data} failure={failed("award")} />
      <RequirementList data={data} failure={failed("remove")} />
      <RequirementForm key={failed("requirement") ? "na-fout" : JSON.stringify([data.editing, data.requirements.length, data.awardCriteria.length])} data={data} failure={failed("requirement")} />
    </div>
  );
}

function AwardCriteriaForm({ data, failure }: { data: Data; failure: Failure }) {
  // What the rows show: what was typed after a refusal, else the saved criteria plus spare rows.
  const values: Record<string, unknown> = failure?.values ?? {
    priceScoringMethod: data.priceScoringMethod,
    scaleMin: String(data.scoringScale.min),
    scaleMax: String(data.scoringScale.max),
    scaleStep: String(data.scoringScale.step),
    ...Object.fromEntries(
      data.awardCriteria.flatMap((criterion, row) => [
        [criterionFieldName(row, "id"), criterion.id],
        [criterionFieldName(row, "name"), criterion.name],
        [criterionFieldName(row, "kind"), criterion.kind],
        [criterionFieldName(row, "weight"), String(criterion.weight)],
        [criterionFieldName(row, "description"), criterion.description],
      ]),
    ),
  };
  const typedRows = Object.keys(values)
    .map((key) => /^criteria\[(\d+)\]\./.exec(key))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]) + 1);
  const rowCount = failure ? Math.max(0, ...typedRows) : data.awardCriteria.length + SPARE_ROWS;
  const rows = Array.from({ length: rowCount }, (_, row) => row);
  const weightsOf = (read: (row: number) => string) => rows.map(read);
  const [sum, setSum] = useState(() => sumOfWeights(weightsOf((row) => valueOf(values, criterionFieldName(row, "weight")))));
  // the total follows typing; without JavaScript it shows what was last saved or sent
  const recount = (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    setSum(sumOfWeights(weightsOf((row) => (form.elements.namedItem(criterionFieldName(row, "weight")) as HTMLInputElement | null)?.value ?? "")));
  };
  const errors = failure?.errors ?? {};

  const cell = (row: number, field: Exclude<CriterionField, "id">) => {
    const id = criterionFieldId(row, field);
    const error = errors[id];
    const common = {
      id,
      name: criterionFieldName(row, field),
      defaultValue: valueOf(values, criterionFieldName(row, field)) || (field === "kind" ? "quality" : ""),
      "aria-invalid": error?.length ? true : undefined,
      "aria-describedby": error?.length ? `${id}-fout` : undefined,
      className: `w-full rounded border-2 px-2 py-1 ${error?.length ? "border-red-700" : "border-slate-500"}`,
    } as const;
    return (
      <td className="p-2 align-top">
        <label htmlFor={id} className="sr-only">
          {cellLabels[field]} (rij {row + 1})
        </label>
        {field === "kind" ? (
          <select {...common} className={`${common.className} bg-white`}>
            <option value="quality">Kwaliteit</option>
            <option value="price">Prijs</option>
          </select>
        ) : field === "description" ? (
          <textarea {...common} rows={2} />
        ) : (
          <input {...common} inputMode={field === "weight" ? "numeric" : undefined} size={field === "weight" ? 4 : undefined} />
        )}
        {error?.length ? (
          <p id={`${id}-fout`} className="text-sm font-semibold text-red-700">
            <span className="sr-only">Fout: </span>
            {error.join(" ")}
          </p>
        ) : null}
      </td>
    );
  };

  return (
    <Card title="Gunningscriteria" id="criteria-titel">
      <p className="mb-4 max-w-prose">
        De inschrijvingen worden beoordeeld op de beste prijs-kwaliteitverhouding. Geef elk criterium een weging in hele punten; samen precies 100. Er is hoogstens één prijscriterium. Laat een rij
        leeg om haar over te slaan, of maak een bestaande rij leeg om dat criterium te verwijderen.
      </p>
      <PortalForm errors={failure?.errors} fieldLabels={{ ...awardLabels, ...rowLabels(rows) }} onChange={recount}>
        <input type="hidden" name="intent" value="award" />
        <div className="mb-2 overflow-x-auto">
          <table className="min-w-full border-collapse bg-white text-left text-sm">
            <caption className="mb-1 text-left font-semibold">Criteria en wegingen</caption>
            <thead>
              <tr className="border-b-2 border-slate-700">
                <th scope="col" className="p-2">
                  Rij
                </th>
                <th scope="col" className="p-2">
                  Naam
                </th>
                <th scope="col" className="p-2">
                  Soort
                </th>
                <th scope="col" className="p-2">
                  Weging
                </th>
                <th scope="col" className="p-2">
                  Toelichting
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row} className="border-b border-slate-300">
                  <th scope="row" className="p-2 align-top font-normal">
                    {row + 1}
                    {valueOf(values, criterionFieldName(row, "id")) ? <input type="hidden" name={criterionFieldName(row, "id")} value={valueOf(values, criterionFieldName(row, "id"))} /> : null}
                  </th>
                  {cell(row, "name")}
                  {cell(row, "kind")}
                  {cell(row, "weight")}
                  {cell(row, "description")}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div id={CRITERIA_FIELD} tabIndex={-1} className="mb-6">
          <p aria-live="polite">
            Totaal van de wegingen: <strong>{sum}</strong> van 100{sum === 100 ? "." : sum < 100 ? `; er ontbreken nog ${100 - sum} punten.` : `; dat is ${sum - 100} punten te veel.`}
          </p>
          {errors[CRITERIA_FIELD]?.length ? (
            <p className="text-sm font-semibold text-red-700">
              <span className="sr-only">Fout: </span>
              {errors[CRITERIA_FIELD]!.join(" ")}
            </p>
          ) : null}
        </div>
        <SelectField
          name="priceScoringMethod"
          label={awardLabels.priceScoringMethod}
          hint="Hoe de prijs van een inschrijving wordt omgerekend naar een score."
          options={Object.entries(priceScoringMethodLabels).map(([value, label]) => ({ value, label }))}
          defaultValue={valueOf(values, "priceScoringMethod")}
          errors={failure?.errors}
        />
        <fieldset className="mb-4">
          <legend className="mb-2 font-semibold">Scoreschaal voor kwaliteit</legend>
          <div className="flex flex-wrap gap-4">
            <TextField name="scaleMin" label={awardLabels.scaleMin} inputMode="numeric" size={4} defaultValue={valueOf(values, "scaleMin")} errors={failure?.errors} />
            <TextField name="scaleMax" label={awardLabels.scaleMax} inputMode="numeric" size={4} defaultValue={valueOf(values, "scaleMax")} errors={failure?.errors} />
            <TextField name="scaleStep" label={awardLabels.scaleStep} inputMode="numeric" size={4} defaultValue={valueOf(values, "scaleStep")} errors={failure?.errors} />
          </div>
        </fieldset>
        <SubmitButton>Gunningscriteria opslaan</SubmitButton>
      </PortalForm>
    </Card>
  );
}

function RequirementList({ data, failure }: { data: Data; failure: Failure }) {
  const lotLabel = (lotId: string | null) => (lotId === null ? "Alle percelen" : (data.lots.find((lot) => lot.id === lotId)?.label ?? "Onbekend perceel"));
  const criterionName = (criterionId: string | null) => data.awardCriteria.find((criterion) => criterion.id === criterionId)?.name ?? "–";
  const groups = (["mandatory", "scored"] as const).map((kind) => ({ kind, list: data.requirements.filter((requirement) => requirement.kind === kind) }));
  return (
    <section aria-labelledby="eisen-titel">
      <h2 id="eisen-titel" className="mb-2 text-2xl font-semibold">
        Eisen en wensen
      </h2>
      {failure?.errors.form ? (
        <p role="alert" className="mb-4 font-semibold text-red-700">
          {failure.errors.form.join(" ")}
        </p>
      ) : null}
      {data.requirements.length === 0 ? <EmptyState>Er zijn nog geen eisen of wensen. Voeg ze toe met het formulier hieronder.</EmptyState> : null}
      {groups
        .filter((group) => group.list.length > 0)
        .map(({ kind, list }) => (
          <div key={kind} className="mb-6 overflow-x-auto">
            <h3 className="mb-2 text-xl font-semibold">{kind === "mandatory" ? "Eisen (knock-out)" : "Wensen (gescoord)"}</h3>
            <table className="min-w-full border-collapse bg-white text-left text-sm">
              <caption className="sr-only">{kind === "mandatory" ? "Eisen: een inschrijving die er niet aan voldoet, valt af" : "Wensen: gescoord onder een kwaliteitscriterium"}</caption>
              <thead>
                <tr className="border-b-2 border-slate-700">
                  <th scope="col" className="p-2">
                    {kind === "mandatory" ? "Eis" : "Wens"}
                  </th>
                  <th scope="col" className="p-2">
                    Perceel
                  </th>
                  {kind === "scored" ? (
                    <th scope="col" className="p-2">
                      Criterium
                    </th>
                  ) : null}
                  <th scope="col" className="p-2">
                    Bewijsstuk
                  </th>
                  <th scope="col" className="p-2">
                    <span className="sr-only">Acties</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((requirement) => (
                  <tr key={requirement.id} className="border-b border-slate-300">
                    <th scope="row" className="p-2 align-top font-normal">
                      <span className="font-semibold">{requirement.title}</span>
                      {requirement.description ? <p className="whitespace-pre-line text-slate-700">{requirement.description}</p> : null}
                    </th>
                    <td className="p-2 align-top">{lotLabel(requirement.lotId)}</td>
                    {kind === "scored" ? <td className="p-2 align-top">{criterionName(requirement.criterionId)}</td> : null}
                    <td className="p-2 align-top">{requirement.evidenceRequired ? "Vereist" : "Nee"}</td>
                    <td className="p-2 align-top">
                      <div className="flex flex-wrap items-center gap-3">
                        <a href={`/aanbestedingen/${data.tenderId}/eisen?eis=${requirement.id}#eis-formulier-titel`} aria-label={`Wijzigen: ${requirement.title}`}>
                          Wijzigen
                        </a>
                        <Form method="post">
                          <CsrfInput />
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="requirementId" value={requirement.id} />
                          <button type="submit" className="font-semibold text-red-700 underline hover:text-red-900" aria-label={`Verwijderen: ${requirement.title}`}>
                            Verwijderen
                          </button>
                        </Form>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

function requirementValues(requirement: Requirement | null): Record<string, unknown> {
  if (!requirement) return { kind: "mandatory" };
  return {
    requirementId: requirement.id,
    lotId: requirement.lotId ?? "",
    kind: requirement.kind,
    title: requirement.title,
    description: requirement.description,
    evidenceRequired: requirement.evidenceRequired ? "on" : "",
    criterionId: requirement.criterionId ?? "",
  };
}

function RequirementForm({ data, failure }: { data: Data; failure: Failure }) {
  const values = failure?.values ?? requirementValues(data.editing);
  const editing = Boolean(valueOf(values, "requirementId"));
  const errors = failure?.errors;
  const kindError = errors?.kind;
  const qualityCriteria = data.awardCriteria.filter((criterion) => criterion.kind === "quality");
  return (
    <Card title={editing ? "Eis of wens wijzigen" : "Eis of wens toevoegen"} id="eis-formulier-titel">
      <PortalForm errors={errors} fieldLabels={requirementLabels}>
        <input type="hidden" name="intent" value="requirement" />
        {editing ? <input type="hidden" name="requirementId" value={valueOf(values, "requirementId")} /> : null}
        <fieldset className="mb-4" id="kind" tabIndex={-1} aria-describedby={kindError?.length ? "kind-fout" : undefined}>
          <legend className="font-semibold">{requirementLabels.kind}</legend>
          {kindError?.length ? (
            <p id="kind-fout" className="text-sm font-semibold text-red-700">
              <span className="sr-only">Fout: </span>
              {kindError.join(" ")}
            </p>
          ) : null}
          <div className="mt-2 flex flex-col gap-2">
            {(["mandatory", "scored"] as const).map((kind) => (
              <label key={kind} className="flex items-center gap-2">
                <input type="radio" name="kind" value={kind} defaultChecked={valueOf(values, "kind") === kind} className="h-5 w-5" />
                {kindLabels[kind]}
              </label>
            ))}
          </div>
        </fieldset>
        <TextField name="title" label={requirementLabels.title} hint="Kort en toetsbaar, bijvoorbeeld ‘Keurmerk Blik op Werk gedurende de hele looptijd’." maxLength={300} defaultValue={valueOf(values, "title")} errors={errors} />
        <TextAreaField name="description" label={`${requirementLabels.description} (niet verplicht)`} rows={4} defaultValue={valueOf(values, "description")} errors={errors} />
        <SelectField
          name="lotId"
          label={requirementLabels.lotId}
          placeholder="Alle percelen"
          options={data.lots.map((lot) => ({ value: lot.id, label: lot.label }))}
          defaultValue={valueOf(values, "lotId")}
          errors={errors}
        />
        <SelectField
          name="criterionId"
          label={requirementLabels.criterionId}
          hint="Alleen voor een wens: het kwaliteitscriterium waaronder zij wordt gescoord."
          placeholder={qualityCriteria.length ? "Geen (bij een eis)" : "Nog geen kwaliteitscriteria; sla eerst de gunningscriteria op"}
          options={qualityCriteria.map((criterion) => ({ value: criterion.id, label: criterion.name }))}
          defaultValue={valueOf(values, "criterionId")}
          errors={errors}
        />
        <label className="mb-4 flex items-center gap-2">
          <input type="checkbox" name="evidenceRequired" defaultChecked={valueOf(values, "evidenceRequired") === "on"} className="h-5 w-5" />
          De inschrijver moet een bewijsstuk meesturen (bijvoorbeeld het certificaat van het keurmerk)
        </label>
        <div className="flex flex-wrap items-center gap-4">
          <SubmitButton>{editing ? "Wijziging opslaan" : "Toevoegen"}</SubmitButton>
          {editing ? <a href={`/aanbestedingen/${data.tenderId}/eisen#eisen-titel`}>Annuleren</a> : null}
        </div>
      </PortalForm>
    </Card>
  );
}
