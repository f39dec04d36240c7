import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CheckboxGroup, PortalForm, SelectField, SubmitButton, TextAreaField, type FieldErrors } from "~/components/form";
import { DataTable } from "~/components/data-table";
import { PanelSummary } from "~/components/evaluation-panel";
import { Card, EmptyState } from "~/components/page-header";
import { getDb } from "~/db.server";
import { assignLotPanel, decideAdmissibility, getEvaluationOverview } from "~/domain/evaluation/evaluation.server";
import { MAX_MOTIVATION_LENGTH } from "~/domain/evaluation/scoring-scale";
import { startMailDelivery } from "~/domain/notifications/notifications.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatDateTime, formatNumber } from "~/utils/format";
import { formFailure, parseForm, query, readForm, runCommand } from "~/utils/form.server";
import { requireActor } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

export const meta: MetaFunction = () => [{ title: "Beoordeling – Leerrouteportaal Westfriesland" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  // the domain decides: the projectgroep (manage:evaluation) or an assessor (score:offers)
  const actor = await requireActor(request);
  const tenderId = tenderIdFrom(params);
  const overview = await query(async () => getEvaluationOverview(await getDb(), getServerClock(), actor, tenderId));
  return json({ overview });
}

// Several forms per page: their fields carry the offer's or lot's id (`reason-<offerId>`) so that
// ids stay unique; the action reads them back under their plain names.
const scoped = (name: string, id: string) => `${name}-${id}`;

function scopedForm(form: FormData, id: string, names: readonly string[]): FormData {
  const result = new FormData();
  for (const name of names) for (const value of form.getAll(scoped(name, id))) if (typeof value === "string") result.append(name, value);
  return result;
}

function scopeKeys<T>(record: Record<string, T> | undefined, id: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record ?? {}).map(([key, value]) => [key === "form" ? key : scoped(key, id), value]));
}

const decisionSchema = z.object({
  decision: z.enum(["admissible", "excluded"], { error: "Kies of de inschrijving wordt toegelaten of uitgesloten." }),
  reason: z
    .string()
    .trim()
    .max(MAX_MOTIVATION_LENGTH, `De reden is te lang (maximaal ${formatNumber(MAX_MOTIVATION_LENGTH)} tekens).`)
    .default("")
    .transform((value) => (value === "" ? null : value)),
});

const panelSchema = z.object({
  chairUserId: z.uuid("Kies een voorzitter."),
  assessorUserIds: z.array(z.uuid("Kies beoordelaars uit de lijst.")).min(1, "Kies minstens één beoordelaar."),
});

const idSchema = z.uuid();

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const tenderId = tenderIdFrom(params);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const db = await getDb();
  const clock = getServerClock();
  const back = async (message: string, anchor: string) => redirect(`/aanbestedingen/${tenderId}/beoordeling${anchor}`, { headers: { "Set-Cookie": await setFlash(message) } });

  if (intent === "decide") {
    const offerId = idSchema.safeParse(form.get("offerId"));
    if (!offerId.success) return formFailure({ errors: { form: ["Onbekende inschrijving."] }, values: { intent } });
    const parsed = parseForm(decisionSchema, scopedForm(form, offerId.data, ["decision", "reason"]));
    const values = { ...(parsed.ok ? parsed.values : parsed.failure.values), intent, offerId: offerId.data };
    if (!parsed.ok) return formFailure({ ...parsed.failure, values });
    const outcome = await runCommand(values, () => decideAdmissibility(db, clock, actor, tenderId, offerId.data, parsed.data));
    if (!outcome.ok) return outcome.response;
    return back(parsed.data.decision === "excluded" ? "De inschrijving is uitgesloten." : "De inschrijving is toegelaten.", `#inschrijving-${offerId.data}`);
  }

  if (intent === "panel") {
    const lotId = idSchema.safeParse(form.get("lotId"));
    if (!lotId.success) return formFailure({ errors: { form: ["Onbekend perceel."] }, values: { intent } });
    const parsed = parseForm(panelSchema, scopedForm(form, lotId.data, ["chairUserId", "assessorUserIds"]), ["assessorUserIds"]);
    const values = { ...(parsed.ok ? parsed.values : parsed.failure.values), intent, lotId: lotId.data };
    if (!parsed.ok) return formFailure({ ...parsed.failure, values });
    const outcome = await runCommand(values, () => assignLotPanel(db, clock, actor, tenderId, lotId.data, parsed.data));
    if (!outcome.ok) return outcome.response;
    startMailDelivery(db, clock);
    return back("De beoordelingscommissie is vastgesteld. De beoordelaars en de voorzitter hebben een melding gekregen.", `#commissie-${lotId.data}`);
  }

  return formFailure({ errors: { form: ["Onbekende handeling."] }, values: {} });
}

type Overview = ReturnType<typeof useLoaderData<typeof loader>>["overview"];
type OpenedOverview = Extract<Overview, { opened: true }>;
type LotView = OpenedOverview["lots"][number];
type OfferView = LotView["offers"][number];
type Failure = { errors: FieldErrors; values: Record<string, string | string[]> } | undefined;

const statusLabels: Record<LotView["status"], string> = {
  assessing: "In beoordeling",
  qualityClosed: "Kwaliteit afgesloten, rangorde bekend",
  unsuccessful: "Zonder resultaat",
};

const admissibilityLabels: Record<OfferView["admissibility"], string> = {
  pending: "Nog niet beslist",
  admissible: "Toegelaten",
  excluded: "Uitgesloten",
};

const text = (values: Record<string, unknown> | undefined, name: string, fallback = "") => (values && name in values ? String(values[name] ?? "") : fallback);

export default function Evaluation() {
  const { overview } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure;
  if (!overview.opened) {
    return (
      <Card title="Nog niet geopend" id="niet-geopend-titel">
        <p className="max-w-prose">
          De inschrijvingen van deze aanbesteding zijn nog niet geopend. De beoordeling begint na de opening onder vier ogen door twee leden van de projectgroep, na de sluitingstermijn
          {overview.tender.submissionDeadline ? (
            <>
              {" "}
              (<time dateTime={overview.tender.submissionDeadline}>{formatDateTime(overview.tender.submissionDeadline)}</time>)
            </>
          ) : null}
          .
        </p>
      </Card>
    );
  }
  return (
    <div className="flex flex-col gap-10">
      <p className="max-w-prose text-slate-800">
        {overview.canManage
          ? "Per perceel: de toetsing aan de eisen (knock-outcriteria), de beoordelingscommissie en de voortgang. De beoordelaars scoren de kwaliteit zonder de prijzen te zien; die worden getoond als de voorzitter de kwaliteitsbeoordeling afsluit."
          : "De percelen waarvan u beoordelaar bent. Scoor elk kwaliteitscriterium met een motivering en lever uw scores daarna definitief in."}
      </p>
      {overview.lots.length === 0 ? <EmptyState>U bent (nog) geen beoordelaar van een perceel van deze aanbesteding.</EmptyState> : null}
      {overview.lots.map((lot) => (
        <LotSection key={lot.lotId} lot={lot} overview={overview} failure={failure} />
      ))}
    </div>
  );
}

function LotSection({ lot, overview, failure }: { lot: LotView; overview: OpenedOverview; failure: Failure }) {
  const tenderId = overview.tender.id;
  return (
    <section aria-labelledby={`perceel-${lot.lotId}-titel`} className="flex flex-col gap-4">
      <div>
        <h2 id={`perceel-${lot.lotId}-titel`} className="text-2xl font-semibold">
          Perceel {lot.number}: {lot.title}
        </h2>
        <p className="text-slate-800">
          <strong>{statusLabels[lot.status]}</strong>
          {lot.unsuccessfulReason ? `: ${lot.unsuccessfulReason}` : ""}
          {lot.status !== "unsuccessful" ? ` · ${lot.admissibleCount} toegelaten, ${lot.pendingCount} nog niet beslist` : ""}
        </p>
        {lot.status !== "unsuccessful" ? (
          <p className="mt-1">
            <a href={`/aanbestedingen/${tenderId}/beoordeling/${lot.lotId}`}>{lot.myAssignment && !lot.myAssignment.handedInAt ? "Scoren" : "Naar de beoordeling van dit perceel"}</a>
          </p>
        ) : null}
      </div>

      {overview.canManage && lot.offers.length > 0 ? (
        <div className="flex flex-col gap-4">
          <h3 className="text-xl font-semibold">Toetsing aan de eisen</h3>
          {lot.admissibilityLockedReason ? <p className="text-slate-800">{lot.admissibilityLockedReason} De toelating kan niet meer veranderen.</p> : null}
          {lot.offers.map((offer) => (
            <AdmissibilityCard key={offer.offerId} offer={offer} lot={lot} tenderId={tenderId} failure={failure?.values?.intent === "decide" && failure.values.offerId === offer.offerId ? failure : undefined} />
          ))}
        </div>
      ) : null}

      <PanelCard lot={lot} overview={overview} failure={failure?.values?.intent === "panel" && failure.values.lotId === lot.lotId ? failure : undefined} />
    </section>
  );
}

function AdmissibilityCard({ offer, lot, tenderId, failure }: { offer: OfferView; lot: LotView; tenderId: string; failure: Failure }) {
  const errors = scopeKeys(failure?.errors, offer.offerId);
  const proposedReason = offer.proposal.reasons.join(" ");
  const editable = !lot.admissibilityLockedReason;
  return (
    <article id={`inschrijving-${offer.offerId}`} aria-labelledby={`inschrijving-${offer.offerId}-titel`} className="rounded border border-slate-300 bg-white p-4">
      <h4 id={`inschrijving-${offer.offerId}-titel`} className="text-lg font-semibold">
        {offer.organisationName} <span className="font-normal text-slate-700">(KvK {offer.kvkNumber}, versie {offer.version})</span>
      </h4>
      <p className="mb-2">
        Besluit: <strong>{admissibilityLabels[offer.admissibility]}</strong>
        {offer.decidedAt ? (
          <>
            {" "}
            door {offer.decidedByName ?? "onbekend"} op <time dateTime={offer.decidedAt}>{formatDateTime(offer.decidedAt)}</time>
          </>
        ) : null}
        {offer.exclusionReason ? ` · Reden: ${offer.exclusionReason}` : ""}
      </p>
      {offer.proposal.exclude ? (
        <div className="mb-3 rounded border-2 border-amber-600 bg-amber-50 p-3">
          <p className="font-semibold">Voorstel van het portaal: uitsluiten</p>
          <ul className="list-disc pl-5">
            {offer.proposal.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="mb-3">Voorstel van het portaal: toelaten (alle eisen van het perceel met ja beantwoord).</p>
      )}
      {offer.requirements.length ? (
        <DataTable
          caption={`Eisen van perceel ${lot.number} zoals ${offer.organisationName} ze beantwoordde`}
          captionHidden
          small
          background={false}
          className="mb-3"
          columns={[{ label: "Eis" }, { label: "Voldoet" }, { label: "Toelichting en bewijs" }]}
        >
          {offer.requirements.map((requirement) => (
            <tr key={requirement.requirementId} className="border-b border-slate-300 align-top">
              <th scope="row" className="p-2 font-normal">
                {requirement.title}
              </th>
              <td className="p-2">{requirement.met === true ? "Ja" : requirement.met === false ? <strong className="text-red-800">Nee</strong> : <strong className="text-red-800">Niet beantwoord</strong>}</td>
              <td className="p-2">
                {requirement.explanation ? <p className="whitespace-pre-line">{requirement.explanation}</p> : null}
                {requirement.evidence.map((file) => (
                  <p key={file.fileId}>
                    <a href={`/aanbestedingen/${tenderId}/beoordeling/${lot.lotId}/bijlagen/${offer.offerId}/${file.fileId}`}>{file.fileName}</a>
                  </p>
                ))}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {editable ? (
        <PortalForm errors={errors} fieldLabels={{ [scoped("decision", offer.offerId)]: "Besluit", [scoped("reason", offer.offerId)]: "Reden" }}>
          <input type="hidden" name="intent" value="decide" />
          <input type="hidden" name="offerId" value={offer.offerId} />
          <SelectField
            name={scoped("decision", offer.offerId)}
            label="Besluit"
            placeholder="Kies…"
            options={[
              { value: "admissible", label: "Toelaten" },
              { value: "excluded", label: "Uitsluiten" },
            ]}
            defaultValue={text(failure?.values, "decision", offer.admissibility === "pending" ? "" : offer.admissibility)}
            errors={errors}
          />
          <TextAreaField
            name={scoped("reason", offer.offerId)}
            label="Reden"
            hint={
              offer.proposal.exclude
                ? "Verplicht bij uitsluiten, en ook als u de inschrijving ondanks het voorstel toelaat."
                : "Verplicht bij uitsluiten. De reden komt in de gunningsbeslissing."
            }
            rows={3}
            maxLength={MAX_MOTIVATION_LENGTH}
            defaultValue={text(failure?.values, "reason", offer.exclusionReason ?? (offer.proposal.exclude ? proposedReason : ""))}
            errors={errors}
          />
          <SubmitButton variant="secondary">Besluit opslaan</SubmitButton>
        </PortalForm>
      ) : null}
    </article>
  );
}

function PanelCard({ lot, overview, failure }: { lot: LotView; overview: OpenedOverview; failure: Failure }) {
  const errors = scopeKeys(failure?.errors, lot.lotId);
  const canEdit = overview.canManage && lot.status === "assessing";
  const chosenAssessors = failure ? [failure.values.assessorUserIds ?? []].flat() : lot.assessors.map((assessor) => assessor.userId);
  return (
    <div id={`commissie-${lot.lotId}`} className="rounded border border-slate-300 bg-white p-4">
      <h3 className="mb-2 text-xl font-semibold">Beoordelingscommissie</h3>
      {lot.chair || lot.assessors.length ? (
        <PanelSummary chair={lot.chair} assessors={lot.assessors} className="mb-3" />
      ) : (
        <p className="mb-3">Nog geen voorzitter en beoordelaars.</p>
      )}
      {canEdit ? (
        <PortalForm errors={errors} fieldLabels={{ [scoped("chairUserId", lot.lotId)]: "Voorzitter", [scoped("assessorUserIds", lot.lotId)]: "Beoordelaars" }}>
          <input type="hidden" name="intent" value="panel" />
          <input type="hidden" name="lotId" value={lot.lotId} />
          <SelectField
            name={scoped("chairUserId", lot.lotId)}
            label="Voorzitter (lid van de projectgroep)"
            hint="De voorzitter stelt de consensusscores vast en sluit de kwaliteitsbeoordeling af."
            placeholder="Kies een voorzitter…"
            options={overview.candidates.chairs.map((user) => ({ value: user.userId, label: user.name }))}
            defaultValue={text(failure?.values, "chairUserId", lot.chair?.userId ?? "")}
            errors={errors}
          />
          <CheckboxGroup
            name={scoped("assessorUserIds", lot.lotId)}
            legend="Beoordelaars"
            hint="Gebruikers met de rol beoordelaar. Een beoordelaar die de scores al heeft ingeleverd, blijft in de commissie."
            options={overview.candidates.assessors.map((user) => ({ value: user.userId, label: user.name }))}
            defaultChecked={chosenAssessors}
            errors={errors}
          />
          <SubmitButton variant="secondary">Commissie opslaan</SubmitButton>
        </PortalForm>
      ) : null}
    </div>
  );
}
