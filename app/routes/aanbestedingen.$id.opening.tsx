import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { ErrorSummary, PortalForm, SubmitButton, type FieldErrors } from "~/components/form";
import { Card, EmptyState } from "~/components/page-header";
import { getDb } from "~/db.server";
import { startMailDelivery } from "~/domain/notifications/notifications.server";
import { confirmOpening, getOpeningStatus, OPENING_CONFIRMATION_MINUTES, requestOpening } from "~/domain/evaluation/opening.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatDateTime } from "~/utils/format";
import { formFailure, parseForm, query, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

export const meta: MetaFunction = () => [{ title: "Opening – Leerrouteportaal Westfriesland" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "open:offers");
  const tenderId = tenderIdFrom(params);
  const status = await query(async () => getOpeningStatus(await getDb(), getServerClock(), actor, tenderId));
  return json({ status });
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("request") }),
  z.object({ intent: z.literal("confirm"), requestId: z.uuid("Dit verzoek om te openen bestaat niet (meer). Vernieuw de pagina.") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "open:offers");
  const tenderId = tenderIdFrom(params);
  const form = await readForm(request);
  const parsed = parseForm(actionSchema, form);
  if (!parsed.ok) return formFailure({ errors: { form: Object.values(parsed.failure.errors).flat() }, values: parsed.failure.values });
  const db = await getDb();
  const clock = getServerClock();
  const back = async (message: string) => redirect(`/aanbestedingen/${tenderId}/opening`, { headers: { "Set-Cookie": await setFlash(message) } });
  if (parsed.data.intent === "request") {
    const outcome = await runCommand(parsed.values, () => requestOpening(db, clock, actor, tenderId));
    if (!outcome.ok) return outcome.response;
    startMailDelivery(db, clock);
    return back(`De opening is aangevraagd. Een ander lid van de projectgroep moet binnen ${OPENING_CONFIRMATION_MINUTES} minuten bevestigen, vóór ${formatDateTime(outcome.result.expiresAt)}.`);
  }
  const { requestId } = parsed.data;
  const outcome = await runCommand(parsed.values, () => confirmOpening(db, clock, actor, tenderId, requestId));
  return outcome.ok ? back("De inschrijvingen zijn geopend. Het proces-verbaal van opening staat klaar.") : outcome.response;
}

type Status = ReturnType<typeof useLoaderData<typeof loader>>["status"];
type Failure = { errors: FieldErrors; values: Record<string, string | string[]> } | undefined;

function Time({ value }: { value: string }) {
  return <time dateTime={value}>{formatDateTime(value)}</time>;
}

export default function Opening() {
  const { status } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure;
  return status.record ? <Opened status={status} /> : <NotOpened status={status} failure={failure} />;
}

function NotOpened({ status, failure }: { status: Status; failure: Failure }) {
  return (
    <div className="flex flex-col gap-6">
      <Card title="Opening onder vier ogen" id="opening-titel">
        <p className="mb-3 max-w-prose">
          De inschrijvingen zijn verzegeld tot de opening. Na de sluitingstermijn vraagt een lid van de projectgroep de opening aan; een ander lid bevestigt binnen{" "}
          {OPENING_CONFIRMATION_MINUTES} minuten. Tot dat moment is voor niemand bij de gemeenten te zien of en hoeveel inschrijvingen er zijn.
        </p>
        <dl className="mb-4 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[12rem_1fr]">
          <dt className="font-semibold">Sluitingstermijn</dt>
          <dd>{status.tender.submissionDeadline ? <Time value={status.tender.submissionDeadline} /> : "Niet vastgesteld"}</dd>
          <dt className="font-semibold">Stand</dt>
          <dd>
            {status.tender.cancelled
              ? "De aanbesteding is ingetrokken."
              : !status.deadlinePassed
                ? "De sluitingstermijn is nog niet verstreken."
                : status.pendingRequest
                  ? "Opening aangevraagd, wacht op bevestiging."
                  : "Sluitingstermijn verstreken; de inschrijvingen kunnen worden geopend."}
          </dd>
        </dl>
        <ErrorSummary errors={failure?.errors} />
        {status.pendingRequest ? (
          <div className="mb-4 rounded border-2 border-amber-600 bg-amber-50 p-4">
            <p>
              <strong>{status.pendingRequest.requestedByName}</strong> heeft op <Time value={status.pendingRequest.requestedAt} /> gevraagd de inschrijvingen te openen. Bevestigen kan tot{" "}
              <Time value={status.pendingRequest.expiresAt} />; daarna vervalt het verzoek.
            </p>
          </div>
        ) : null}
        {status.expiredRequest && !status.pendingRequest ? (
          <p className="mb-4 text-slate-800">
            Het verzoek van {status.expiredRequest.requestedByName} van <Time value={status.expiredRequest.requestedAt} /> is niet op tijd bevestigd en is vervallen. U kunt de opening opnieuw
            aanvragen.
          </p>
        ) : null}
        {status.notice ? <p className="mb-4 font-semibold">{status.notice}</p> : null}
        <div className="flex flex-wrap gap-3">
          {status.canConfirm && status.pendingRequest ? (
            <PortalForm>
              <input type="hidden" name="intent" value="confirm" />
              <input type="hidden" name="requestId" value={status.pendingRequest.id} />
              <SubmitButton>Opening bevestigen</SubmitButton>
            </PortalForm>
          ) : null}
          {status.canRequest ? (
            <PortalForm>
              <input type="hidden" name="intent" value="request" />
              <SubmitButton>Opening aanvragen</SubmitButton>
            </PortalForm>
          ) : null}
        </div>
      </Card>
    </div>
  );
}

function Opened({ status }: { status: Status }) {
  const record = status.record!;
  return (
    <div className="flex flex-col gap-6">
      <Card title="Inschrijvingen geopend" id="geopend-titel">
        <dl className="mb-4 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[14rem_1fr]">
          <dt className="font-semibold">Sluitingstermijn</dt>
          <dd>{status.tender.submissionDeadline ? <Time value={status.tender.submissionDeadline} /> : "Niet vastgesteld"}</dd>
          <dt className="font-semibold">Opening aangevraagd door</dt>
          <dd>
            {record.requestedByName} op <Time value={record.requestedAt} />
          </dd>
          <dt className="font-semibold">Opening bevestigd door</dt>
          <dd>
            {record.confirmedByName} op <Time value={record.confirmedAt} />
          </dd>
        </dl>
        <p className="flex flex-wrap gap-4">
          <a href={`/aanbestedingen/${status.tender.id}/opening/proces-verbaal.pdf`}>Proces-verbaal van opening (PDF)</a>
          <a href={`/aanbestedingen/${status.tender.id}/beoordeling`}>Naar de beoordeling</a>
        </p>
      </Card>
      {record.lots.map((lot) => (
        <section key={lot.lotId} aria-labelledby={`perceel-${lot.lotId}-titel`}>
          <h2 id={`perceel-${lot.lotId}-titel`} className="mb-2 text-2xl font-semibold">
            Perceel {lot.number}: {lot.title}
          </h2>
          {lot.offers.length === 0 ? (
            <EmptyState>Geen inschrijvingen ontvangen.</EmptyState>
          ) : (
            <DataTable
              caption={`Geopende inschrijvingen op perceel ${lot.number}: ${lot.title}`}
              captionHidden
              columns={[{ label: "Inschrijver" }, { label: "KvK-nummer" }, { label: "Versie" }, { label: "Ingediend op" }, { label: "SHA-256 (ontvangstbewijs)" }, { label: "Controle" }]}
            >
              {lot.offers.map((offer) => (
                <tr key={offer.offerId} className="border-b border-slate-300 align-top">
                  <th scope="row" className="p-2 font-semibold">
                    {offer.organisationName}
                    {offer.needsReconfirmation ? (
                      <p className="mt-1 text-sm font-normal text-red-800">Niet opnieuw bevestigd na een wezenlijke wijziging van de aanbesteding.</p>
                    ) : null}
                  </th>
                  <td className="p-2">{offer.kvkNumber}</td>
                  <td className="p-2">{offer.version}</td>
                  <td className="p-2">
                    <Time value={offer.submittedAt} />
                  </td>
                  <td className="p-2 font-mono text-xs break-all">{offer.contentHash}</td>
                  <td className="p-2">
                    {offer.hashMatches ? "Hash klopt" : <strong className="text-red-800">Hash wijkt af</strong>}
                    {offer.attachmentCount ? (
                      <>
                        <br />
                        {offer.attachmentsIntact ? (
                          `${offer.attachmentCount} ${offer.attachmentCount === 1 ? "bijlage klopt" : "bijlagen kloppen"}`
                        ) : (
                          <strong className="text-red-800">Bijlage wijkt af</strong>
                        )}
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          <p className="mt-2 text-slate-800">
            {lot.offers.length} {lot.offers.length === 1 ? "geldende inschrijving" : "geldende inschrijvingen"}
            {lot.withdrawnCount ? `; ${lot.withdrawnCount} ingetrokken (niet geopend)` : ""}.
          </p>
        </section>
      ))}
    </div>
  );
}
