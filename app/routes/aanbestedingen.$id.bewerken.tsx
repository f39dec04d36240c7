import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PortalForm, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { Card } from "~/components/page-header";
import { TenderGeneralFields, generalFormValues, tenderGeneralLabels } from "~/components/tender-general-fields";
import { getDb } from "~/db.server";
import { listMunicipalities } from "~/domain/regions/region-overview.server";
import { cancelFormSchema, publishFormSchema, tenderGeneralFormSchema, timelineFormSchema } from "~/domain/tenders/tender-forms";
import { cancelTender, getPublicationReadiness, getTender, publishTender, updateTenderGeneral, updateTenderTimeline } from "~/domain/tenders/tenders.server";
import { instantToAmsterdamLocal } from "~/utils/amsterdam-time";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { startMailDelivery } from "~/domain/notifications/notifications.server";
import { formFailure, parseForm, query, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

export const meta: MetaFunction = () => [{ title: "Aanbesteding bewerken – Leerrouteportaal Westfriesland" }];

const timelineLabels = {
  publicationDate: "Publicatiedatum",
  questionDeadline: "Uiterste moment voor vragen",
  informationNoticeDate: "Datum Nota van Inlichtingen",
  submissionDeadline: "Sluiting inschrijving",
  plannedAwardDecisionDate: "Voorgenomen gunningsbeslissing",
  standstillDays: "Standstill-termijn",
  contractStartDate: "Start contract",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:tenders");
  const tenderId = tenderIdFrom(params);
  const db = await getDb();
  const [tender, readiness, municipalities] = await query(() =>
    Promise.all([getTender(db, getServerClock(), actor, tenderId, { draft: true }), getPublicationReadiness(db, actor, tenderId), listMunicipalities(db)]),
  );
  return json({ tender, readiness, municipalities });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:tenders");
  const tenderId = tenderIdFrom(params);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const db = await getDb();
  const clock = getServerClock();
  const back = async (message: string) => redirect(`/aanbestedingen/${tenderId}/bewerken`, { headers: { "Set-Cookie": await setFlash(message) } });

  if (intent === "general") {
    const parsed = parseForm(tenderGeneralFormSchema, form, ["municipalityIds"]);
    if (!parsed.ok) return formFailure({ ...parsed.failure, values: { ...parsed.failure.values, intent } });
    const outcome = await runCommand({ ...parsed.values, intent }, () => updateTenderGeneral(db, clock, actor, tenderId, parsed.data));
    return outcome.ok ? back("De algemene gegevens zijn opgeslagen.") : outcome.response;
  }
  if (intent === "timeline") {
    const parsed = parseForm(timelineFormSchema, form);
    if (!parsed.ok) return formFailure({ ...parsed.failure, values: { ...parsed.failure.values, intent } });
    const outcome = await runCommand({ ...parsed.values, intent }, () => updateTenderTimeline(db, clock, actor, tenderId, parsed.data));
    return outcome.ok ? back("De planning is opgeslagen.") : outcome.response;
  }
  if (intent === "publish") {
    const parsed = parseForm(publishFormSchema, form);
    if (!parsed.ok) return formFailure({ ...parsed.failure, values: { ...parsed.failure.values, intent } });
    const outcome = await runCommand({ ...parsed.values, intent }, () => publishTender(db, clock, actor, tenderId, parsed.data), { allProblemsOnForm: true });
    if (!outcome.ok) return outcome.response;
    startMailDelivery(db, clock);
    return redirect(`/aanbestedingen/${tenderId}`, {
      headers: { "Set-Cookie": await setFlash(`Versie ${outcome.result.version} is gepubliceerd${outcome.result.deadlineExtended ? "; de verlenging van de sluitingstermijn is vastgelegd" : ""}.`) },
    });
  }
  if (intent === "cancel") {
    const parsed = parseForm(cancelFormSchema, form);
    if (!parsed.ok) return formFailure({ ...parsed.failure, values: { ...parsed.failure.values, intent } });
    const outcome = await runCommand({ ...parsed.values, intent }, () => cancelTender(db, clock, actor, tenderId, parsed.data.reason));
    if (outcome.ok) startMailDelivery(db, clock);
    return outcome.ok ? redirect(`/aanbestedingen/${tenderId}`, { headers: { "Set-Cookie": await setFlash("De aanbesteding is ingetrokken.") } }) : outcome.response;
  }
  return formFailure({ errors: { form: ["Onbekende handeling."] }, values: {} });
}

export default function EditTender() {
  const { tender, readiness, municipalities } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const failed = (intent: string) => (failure?.values?.intent === intent ? failure : undefined);
  const timeline = tender.content.timeline;
  const timelineValues = failed("timeline")?.values ?? (timeline
    ? {
        ...timeline,
        questionDeadline: instantToAmsterdamLocal(timeline.questionDeadline),
        submissionDeadline: instantToAmsterdamLocal(timeline.submissionDeadline),
        standstillDays: String(timeline.standstillDays),
      }
    : { standstillDays: "20" });
  const text = (values: Record<string, unknown>, name: string) => String(values[name] ?? "");
  const cancelled = tender.status === "cancelled";
  return (
    <div className="flex flex-col gap-8">
      <Card title="Publiceren" id="publiceren-titel">
        {readiness.length ? (
          <>
            <p className="mb-2">Voordat u kunt publiceren moet nog het volgende worden opgelost:</p>
            <ul className="mb-4 list-disc pl-6">
              {readiness.map((problem, index) => <li key={index}>{problem.message}</li>)}
            </ul>
          </>
        ) : tender.hasUnpublishedChanges ? (
          <p className="mb-4">Het concept is compleet. {tender.versions.length ? "Na publicatie zien aanbieders de nieuwe versie met uw toelichting." : "Na publicatie krijgen alle aanbieders bericht."}</p>
        ) : (
          <p className="mb-4">Er zijn geen wijzigingen ten opzichte van de gepubliceerde versie.</p>
        )}
        <p className="mb-4">
          <a href={`/aanbestedingen/${tender.id}/pve.pdf?concept=1`}>Voorbeeld van het programma van eisen (PDF)</a> · <a href={`/aanbestedingen/${tender.id}?concept=1`}>Concept bekijken</a>
        </p>
        {!cancelled ? (
          <PortalForm errors={failed("publish")?.errors} fieldLabels={{ changeNote: "Toelichting" }}>
            <input type="hidden" name="intent" value="publish" />
            {tender.versions.length ? (
              <TextAreaField
                name="changeNote"
                label="Toelichting op de wijziging (rectificatie)"
                hint="Aanbieders die de aanbesteding volgen krijgen deze tekst te zien."
                rows={3}
                defaultValue={text(failed("publish")?.values ?? {}, "changeNote")}
                errors={failed("publish")?.errors}
              />
            ) : null}
            <SubmitButton>{tender.versions.length ? `Versie ${tender.versions.length + 1} publiceren` : "Publiceren"}</SubmitButton>
          </PortalForm>
        ) : null}
      </Card>

      <Card title="Algemene gegevens" id="algemeen-titel">
        <PortalForm errors={failed("general")?.errors} fieldLabels={tenderGeneralLabels}>
          <input type="hidden" name="intent" value="general" />
          <TenderGeneralFields values={failed("general")?.values ?? generalFormValues(tender.content)} errors={failed("general")?.errors} municipalities={municipalities} />
          <SubmitButton>Algemene gegevens opslaan</SubmitButton>
        </PortalForm>
      </Card>

      <Card title="Planning" id="planning-titel">
        <p className="mb-4 text-sm text-slate-700">Tijden zijn Nederlandse tijd. Termijnen verschuiven alleen door een besluit hier, nooit vanzelf.</p>
        <PortalForm errors={failed("timeline")?.errors} fieldLabels={timelineLabels}>
          <input type="hidden" name="intent" value="timeline" />
          <TextField name="publicationDate" label={timelineLabels.publicationDate} type="date" defaultValue={text(timelineValues, "publicationDate")} errors={failed("timeline")?.errors} />
          <TextField name="questionDeadline" label={timelineLabels.questionDeadline} type="datetime-local" defaultValue={text(timelineValues, "questionDeadline")} errors={failed("timeline")?.errors} />
          <TextField name="informationNoticeDate" label={timelineLabels.informationNoticeDate} type="date" defaultValue={text(timelineValues, "informationNoticeDate")} errors={failed("timeline")?.errors} />
          <TextField name="submissionDeadline" label={timelineLabels.submissionDeadline} type="datetime-local" defaultValue={text(timelineValues, "submissionDeadline")} errors={failed("timeline")?.errors} />
          <TextField name="plannedAwardDecisionDate" label={timelineLabels.plannedAwardDecisionDate} type="date" defaultValue={text(timelineValues, "plannedAwardDecisionDate")} errors={failed("timeline")?.errors} />
          <TextField name="standstillDays" label={`${timelineLabels.standstillDays} (kalenderdagen)`} inputMode="numeric" defaultValue={text(timelineValues, "standstillDays")} errors={failed("timeline")?.errors} />
          <TextField name="contractStartDate" label={timelineLabels.contractStartDate} type="date" defaultValue={text(timelineValues, "contractStartDate")} errors={failed("timeline")?.errors} />
          <SubmitButton>Planning opslaan</SubmitButton>
        </PortalForm>
      </Card>

      {!cancelled ? (
        <Card title="Aanbesteding intrekken" id="intrekken-titel">
          <PortalForm errors={failed("cancel")?.errors} fieldLabels={{ reason: "Reden" }}>
            <input type="hidden" name="intent" value="cancel" />
            <TextAreaField
              name="reason"
              label="Reden van intrekking"
              hint="De aanbieders krijgen deze reden te zien. Intrekken kan niet ongedaan worden gemaakt."
              rows={3}
              defaultValue={text(failed("cancel")?.values ?? {}, "reason")}
              errors={failed("cancel")?.errors}
            />
            <SubmitButton variant="danger">Aanbesteding intrekken</SubmitButton>
          </PortalForm>
        </Card>
      ) : null}
    </div>
  );
}
