import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { describeRemaining } from "~/components/countdown";
import { ErrorSummary, PortalForm, SelectField, SubmitButton, TextAreaField, type FieldErrors } from "~/components/form";
import { Card, EmptyState } from "~/components/page-header";
import { getDb } from "~/db.server";
import { formatPoints, awardDecisionStatusLabels } from "~/domain/evaluation/award-format";
import {
  finalizeAward,
  getAwardOverview,
  MAX_MOTIVATION_LENGTH,
  MAX_REASON_LENGTH,
  proposeAward,
  resumeAward,
  sendAwardDecision,
  suspendAward,
  withdrawAward,
} from "~/domain/evaluation/award.server";
import { startMailDelivery } from "~/domain/notifications/notifications.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatDateTime, formatEuroCents } from "~/utils/format";
import { formFailure, parseForm, query, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

export const meta: MetaFunction = () => [{ title: "Gunning – Leerrouteportaal Westfriesland" }];

const proposeFormSchema = z.object({
  winningOfferId: z
    .string()
    .default("")
    .transform((value) => (value === "" ? null : value))
    .pipe(z.uuid("Kies de winnaar uit de lijst.").nullable()),
  motivation: z
    .string({ error: "Geef de motivering van het gunningsvoorstel." })
    .trim()
    .min(1, "Geef de motivering van het gunningsvoorstel.")
    .max(MAX_MOTIVATION_LENGTH, "De motivering is te lang (maximaal 10.000 tekens)."),
  tieBreakNote: z.string().trim().max(MAX_REASON_LENGTH, "De toelichting op de gelijke stand is te lang (maximaal 2.000 tekens).").default(""),
});

const reasonFormSchema = (emptyMessage: string) =>
  z.object({
    reason: z.string({ error: emptyMessage }).trim().min(1, emptyMessage).max(MAX_REASON_LENGTH, "De reden is te lang (maximaal 2.000 tekens)."),
  });
const suspendFormSchema = reasonFormSchema("Geef de reden van de opschorting, bijvoorbeeld een bezwaar of een kort geding.");
const withdrawFormSchema = reasonFormSchema("Geef de reden van de intrekking.");
const resumeFormSchema = z.object({ note: z.string().trim().max(MAX_REASON_LENGTH, "De toelichting is te lang (maximaal 2.000 tekens).").default("") });

const lotIdSchema = z.uuid();

// Every lot has its own forms on this page, so their fields carry the lot's id
// (`motivation-<lotId>`) to keep ids unique; the action reads them back under their plain names.
const scoped = (name: string, lotId: string) => `${name}-${lotId}`;

function scopedForm(form: FormData, lotId: string, fields: Record<string, string>): FormData {
  const plain = new FormData();
  for (const [name, scopedName] of Object.entries(fields)) {
    const value = form.get(scoped(scopedName, lotId));
    if (typeof value === "string") plain.set(name, value);
  }
  return plain;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "decide:award");
  const tenderId = tenderIdFrom(params);
  const clock = getServerClock();
  const overview = await query(async () => getAwardOverview(await getDb(), clock, actor, tenderId));
  return json({ overview, now: clock.now().toISOString() });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "decide:award");
  const tenderId = tenderIdFrom(params);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const lotId = lotIdSchema.safeParse(form.get("lotId"));
  if (!lotId.success) return formFailure({ errors: { form: ["Onbekend perceel."] }, values: { intent } });
  const lot = lotId.data;
  const db = await getDb();
  const clock = getServerClock();
  const back = async (message: string) => redirect(`/aanbestedingen/${tenderId}/gunning#perceel-${lot}`, { headers: { "Set-Cookie": await setFlash(message) } });
  const context = { intent, lotId: lot };

  if (intent === "propose") {
    const parsed = parseForm(proposeFormSchema, scopedForm(form, lot, { winningOfferId: "winningOfferId", motivation: "motivation", tieBreakNote: "tieBreakNote" }));
    const values = { ...(parsed.ok ? parsed.values : parsed.failure.values), ...context };
    if (!parsed.ok) return formFailure({ ...parsed.failure, values });
    const outcome = await runCommand(values, () => proposeAward(db, clock, actor, tenderId, lot, parsed.data));
    return outcome.ok ? back("Het gunningsvoorstel is vastgelegd. Controleer de brieven en verzend daarna de gunningsbeslissing.") : outcome.response;
  }
  if (intent === "send") {
    const outcome = await runCommand(context, () => sendAwardDecision(db, clock, actor, tenderId, lot));
    if (!outcome.ok) return outcome.response;
    startMailDelivery(db, clock);
    return back(`De gunningsbeslissing is verzonden aan ${outcome.result.notifiedOrganisations} ${outcome.result.notifiedOrganisations === 1 ? "inschrijver" : "inschrijvers"}. De opschortende termijn loopt.`);
  }
  if (intent === "suspend" || intent === "withdraw") {
    const parsed = parseForm(intent === "suspend" ? suspendFormSchema : withdrawFormSchema, scopedForm(form, lot, { reason: `${intent}Reason` }));
    const values = { ...(parsed.ok ? parsed.values : parsed.failure.values), ...context };
    if (!parsed.ok) return formFailure({ ...parsed.failure, values });
    const command = intent === "suspend" ? suspendAward : withdrawAward;
    const outcome = await runCommand(values, () => command(db, clock, actor, tenderId, lot, parsed.data.reason));
    if (!outcome.ok) return outcome.response;
    startMailDelivery(db, clock);
    return back(intent === "suspend" ? "De gunning is opgeschort. De inschrijvers zijn op de hoogte gebracht." : "De gunning is ingetrokken. U kunt een nieuw gunningsvoorstel doen.");
  }
  if (intent === "resume") {
    const parsed = parseForm(resumeFormSchema, scopedForm(form, lot, { note: "resumeNote" }));
    const values = { ...(parsed.ok ? parsed.values : parsed.failure.values), ...context };
    if (!parsed.ok) return formFailure({ ...parsed.failure, values });
    const outcome = await runCommand(values, () => resumeAward(db, clock, actor, tenderId, lot, parsed.data.note));
    if (!outcome.ok) return outcome.response;
    startMailDelivery(db, clock);
    return back("De opschorting is opgeheven; de gunningsbeslissing blijft staan.");
  }
  if (intent === "finalize") {
    const outcome = await runCommand(context, () => finalizeAward(db, clock, actor, tenderId, lot));
    if (!outcome.ok) return outcome.response;
    startMailDelivery(db, clock);
    return back(`Het perceel is definitief gegund. Conceptcontract ${outcome.result.contractNumber} staat in het contractenregister.`);
  }
  return formFailure({ errors: { form: ["Onbekende handeling."] }, values: context });
}

type Overview = ReturnType<typeof useLoaderData<typeof loader>>["overview"];
type LotView = Overview["lots"][number];
type AwardView = NonNullable<LotView["award"]>;
type Failure = { errors: FieldErrors; values: Record<string, string | string[]> } | undefined;

const text = (values: Record<string, unknown> | undefined, name: string, fallback = "") => (values && name in values ? String(values[name] ?? "") : fallback);

/** The action's errors under the plain field names, placed on this lot's scoped fields. */
function scopeErrors(errors: FieldErrors | undefined, lotId: string, names: Record<string, string>): FieldErrors {
  return Object.fromEntries(Object.entries(errors ?? {}).map(([key, value]) => [key === "form" ? key : scoped(names[key] ?? key, lotId), value]));
}

const resultLabels = {
  notOpened: "Nog niet geopend",
  assessing: "In beoordeling",
  ready: "Klaar voor een gunningsvoorstel",
  unsuccessful: "Niet gegund: geen geldige inschrijving",
} as const;

function StatusBadge({ lot }: { lot: LotView }) {
  const label = lot.award ? awardDecisionStatusLabels[lot.award.status] : resultLabels[lot.status];
  const style =
    lot.award?.status === "final"
      ? "bg-green-100 text-green-900"
      : lot.award?.status === "suspended" || lot.status === "unsuccessful"
        ? "bg-red-100 text-red-900"
        : lot.award
          ? "bg-amber-100 text-amber-950"
          : "bg-slate-200 text-slate-800";
  return <span className={`rounded px-2 py-0.5 text-sm font-semibold ${style}`}>{label}</span>;
}

export default function Award() {
  const { overview, now } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure;
  if (!overview.opened) {
    return (
      <Card title="Gunning" id="gunning-titel">
        <p className="max-w-prose">De inschrijvingen zijn nog niet geopend. Na de opening en de beoordeling kunt u hier per perceel een gunningsvoorstel doen.</p>
      </Card>
    );
  }
  if (overview.lots.length === 0) return <EmptyState>Deze aanbesteding heeft geen percelen.</EmptyState>;
  return (
    <div className="flex flex-col gap-8">
      <p className="max-w-prose">
        Per perceel: de rangorde uit de beoordeling, het gunningsvoorstel en de gunningsbeslissing. Na verzending loopt een opschortende termijn van ten minste {overview.standstillDays}{" "}
        kalenderdagen (art. 2.127 Aanbestedingswet 2012); pas daarna kan een perceel definitief worden gegund en ontstaat het conceptcontract.
      </p>
      {overview.lots.map((lot) => (
        <LotSection key={lot.lotId} tenderId={overview.tenderId} lot={lot} now={now} failure={failure?.values?.lotId === lot.lotId ? failure : undefined} />
      ))}
    </div>
  );
}

/** The forms the page shows for a lot in its current state. */
function visibleIntents(lot: LotView): string[] {
  const status = lot.award?.status;
  return [
    ...(lot.status === "ready" && !lot.award ? ["propose"] : []),
    ...(status === "proposed" ? ["send"] : []),
    ...(status === "decisionSent" ? ["finalize", "suspend"] : []),
    ...(status === "suspended" ? ["resume"] : []),
    ...(lot.award && status !== "final" ? ["withdraw"] : []),
  ];
}

function LotSection({ tenderId, lot, now, failure }: { tenderId: string; lot: LotView; now: string; failure: Failure }) {
  const headingId = `perceel-${lot.lotId}-titel`;
  const formFailureFor = (intent: string) => (failure?.values?.intent === intent ? failure : undefined);
  return (
    <section aria-labelledby={headingId} id={`perceel-${lot.lotId}`} className="rounded border border-slate-300 bg-white p-5 shadow-sm">
      <h2 id={headingId} className="mb-2 text-xl font-semibold">
        Perceel {lot.number}: {lot.title}
      </h2>
      <p className="mb-4 flex flex-wrap items-center gap-2">
        <StatusBadge lot={lot} />
        <span className="text-sm text-slate-700">Plafondbedrag {formatEuroCents(lot.ceilingAmountCents)}</span>
      </p>
      {failure && !visibleIntents(lot).includes(String(failure.values.intent)) ? <ErrorSummary errors={failure.errors} /> : null}

      {lot.status === "notOpened" || lot.status === "assessing" ? (
        <p className="max-w-prose">De beoordeling van dit perceel is nog niet afgerond. Een gunningsvoorstel kan pas als de rangorde vaststaat.</p>
      ) : null}
      {lot.status === "unsuccessful" ? (
        <p className="max-w-prose">
          <strong>Niet gegund: geen geldige inschrijving.</strong> {lot.unsuccessfulReason ?? ""}
        </p>
      ) : null}

      {lot.ranking.length ? <RankingTable lot={lot} /> : null}
      {lot.excluded.length ? (
        <>
          <h3 className="mb-2 mt-4 text-lg font-semibold">Uitgesloten inschrijvingen</h3>
          <ul className="list-disc pl-5">
            {lot.excluded.map((offer) => (
              <li key={offer.offerId}>
                {offer.organisationName}: {offer.reason ?? "geen reden vastgelegd"}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {lot.status === "ready" && !lot.award ? <ProposeForm lot={lot} failure={formFailureFor("propose")} /> : null}
      {lot.award ? <CurrentAward tenderId={tenderId} lot={lot} award={lot.award} now={now} failureFor={formFailureFor} /> : null}

      {lot.history.length ? (
        <>
          <h3 className="mb-2 mt-6 text-lg font-semibold">Ingetrokken gunningen</h3>
          <ul className="list-disc pl-5">
            {lot.history.map((award) => (
              <li key={award.id}>
                Voorstel aan {award.winnerName} van <time dateTime={award.proposedAt}>{formatDateTime(award.proposedAt)}</time>
                {award.withdrawnAt ? (
                  <>
                    , ingetrokken op <time dateTime={award.withdrawnAt}>{formatDateTime(award.withdrawnAt)}</time>
                  </>
                ) : null}
                : {award.withdrawalReason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function RankingTable({ lot }: { lot: LotView }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left">
        <caption className="mb-2 text-left font-semibold">Rangorde perceel {lot.number} (punten van 100)</caption>
        <thead>
          <tr className="border-b-2 border-slate-400">
            <th scope="col" className="py-1 pr-3">
              Rang
            </th>
            <th scope="col" className="py-1 pr-3">
              Inschrijver
            </th>
            <th scope="col" className="py-1 pr-3 text-right">
              Kwaliteit
            </th>
            <th scope="col" className="py-1 pr-3 text-right">
              Prijs
            </th>
            <th scope="col" className="py-1 pr-3 text-right">
              Totaal
            </th>
            <th scope="col" className="py-1 text-right">
              Totaalprijs
            </th>
          </tr>
        </thead>
        <tbody>
          {lot.ranking.map((offer) => (
            <tr key={offer.offerId} className="border-b border-slate-200">
              <td className="py-1 pr-3">
                {offer.rank}
                {offer.tied ? " (gelijk)" : ""}
              </td>
              <th scope="row" className="py-1 pr-3 font-normal">
                {offer.organisationName}
              </th>
              <td className="py-1 pr-3 text-right">{formatPoints(offer.qualityPoints)}</td>
              <td className="py-1 pr-3 text-right">{formatPoints(offer.pricePoints)}</td>
              <td className="py-1 pr-3 text-right font-semibold">{formatPoints(offer.totalPoints)}</td>
              <td className="py-1 text-right">{formatEuroCents(offer.totalPriceCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {lot.tieAtTop && !lot.award ? (
        <p className="mt-2 max-w-prose font-semibold text-amber-950">
          De hoogste inschrijvingen staan gelijk, ook na de regels voor een gelijke stand (hogere kwaliteitsscore, dan lagere prijs). Kies de winnaar volgens de beslisregel uit het programma
          van eisen (loting door een notaris) en leg vast hoe de gelijke stand is beslist.
        </p>
      ) : null}
    </div>
  );
}

function ProposeForm({ lot, failure }: { lot: LotView; failure: Failure }) {
  const names = { winningOfferId: "winningOfferId", motivation: "motivation", tieBreakNote: "tieBreakNote" };
  const errors = scopeErrors(failure?.errors, lot.lotId, names);
  const first = lot.ranking.filter((offer) => offer.rank === 1);
  return (
    <div className="mt-6">
      <h3 className="mb-2 text-lg font-semibold">Gunningsvoorstel</h3>
      <PortalForm
        errors={errors}
        fieldLabels={{ [scoped("winningOfferId", lot.lotId)]: "Winnaar", [scoped("motivation", lot.lotId)]: "Motivering", [scoped("tieBreakNote", lot.lotId)]: "Beslissing gelijke stand" }}
      >
        <input type="hidden" name="intent" value="propose" />
        <input type="hidden" name="lotId" value={lot.lotId} />
        {lot.tieAtTop && !lot.award ? (
          <>
            <SelectField
              name={scoped("winningOfferId", lot.lotId)}
              label="Winnaar"
              hint="Alleen de inschrijvingen die gelijk bovenaan staan."
              placeholder="Kies de winnaar…"
              options={first.map((offer) => ({ value: offer.offerId, label: offer.organisationName }))}
              defaultValue={text(failure?.values, "winningOfferId")}
              errors={errors}
            />
            <TextAreaField
              name={scoped("tieBreakNote", lot.lotId)}
              label="Hoe is de gelijke stand beslist?"
              hint="Bijvoorbeeld: loting door notaris mr. A. Jansen op 20 januari 2027, uitkomst. Dit staat in de brieven aan alle inschrijvers."
              rows={3}
              maxLength={MAX_REASON_LENGTH}
              defaultValue={text(failure?.values, "tieBreakNote")}
              errors={errors}
            />
          </>
        ) : (
          <p className="mb-4">
            Voorgestelde winnaar: <strong>{first[0]?.organisationName}</strong> ({formatPoints(first[0]?.totalPoints ?? 0)} punten), de inschrijving met de beste prijs-kwaliteitverhouding.
          </p>
        )}
        <TextAreaField
          name={scoped("motivation", lot.lotId)}
          label="Motivering"
          hint="De redenen van de gunning; deze tekst staat in de gunningsbrieven aan alle inschrijvers."
          rows={4}
          maxLength={MAX_MOTIVATION_LENGTH}
          required
          defaultValue={text(failure?.values, "motivation")}
          errors={errors}
        />
        <SubmitButton>Gunningsvoorstel vastleggen</SubmitButton>
      </PortalForm>
    </div>
  );
}

function ReasonForm({ lot, intent, label, hint, button, variant, failure }: { lot: LotView; intent: "suspend" | "withdraw"; label: string; hint: string; button: string; variant: "secondary" | "danger"; failure: Failure }) {
  const name = `${intent}Reason`;
  const errors = scopeErrors(failure?.errors, lot.lotId, { reason: name });
  return (
    <PortalForm errors={errors} fieldLabels={{ [scoped(name, lot.lotId)]: label }}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="lotId" value={lot.lotId} />
      <TextAreaField name={scoped(name, lot.lotId)} label={label} hint={hint} rows={3} maxLength={MAX_REASON_LENGTH} required defaultValue={text(failure?.values, "reason")} errors={errors} />
      <SubmitButton variant={variant}>{button}</SubmitButton>
    </PortalForm>
  );
}

function CurrentAward({ tenderId, lot, award, now, failureFor }: { tenderId: string; lot: LotView; award: AwardView; now: string; failureFor: (intent: string) => Failure }) {
  const letters = lot.bidders.filter((bidder) => bidder.letter);
  const letterLabel = { winner: "voornemen tot gunning", unsuccessful: "afwijzing", excluded: "uitsluiting" } as const;
  const open = award.status !== "final";
  const remaining = award.standstillEndsAt ? describeRemaining(award.standstillEndsAt, now) : null;
  const standstillHintId = `opschorting-${lot.lotId}-uitleg`;
  return (
    <div className="mt-6 flex flex-col gap-4">
      <div>
        <h3 className="mb-2 text-lg font-semibold">{awardDecisionStatusLabels[award.status]}</h3>
        <dl className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[14rem_1fr]">
          <dt className="font-semibold">Winnaar</dt>
          <dd>{award.winnerName}</dd>
          <dt className="font-semibold">Voorgesteld</dt>
          <dd>
            <time dateTime={award.proposedAt}>{formatDateTime(award.proposedAt)}</time> door {award.proposedByName}
          </dd>
          <dt className="font-semibold">Motivering</dt>
          <dd className="max-w-prose whitespace-pre-line">{award.motivation}</dd>
          {award.tieBreakNote ? (
            <>
              <dt className="font-semibold">Gelijke stand beslist</dt>
              <dd className="max-w-prose whitespace-pre-line">{award.tieBreakNote}</dd>
            </>
          ) : null}
          {award.decisionSentAt ? (
            <>
              <dt className="font-semibold">Beslissing verzonden</dt>
              <dd>
                <time dateTime={award.decisionSentAt}>{formatDateTime(award.decisionSentAt)}</time>
              </dd>
            </>
          ) : null}
          {award.standstillEndText && award.standstillEndsAt ? (
            <>
              <dt className="font-semibold">Opschortende termijn</dt>
              <dd>
                {award.standstillOver ? "Verstreken op " : "Eindigt op "}
                <time dateTime={award.standstillEndsAt}>{award.standstillEndText}</time>
                {open && remaining && remaining !== "verstreken" ? <span className="font-semibold text-amber-900"> ({remaining})</span> : null}
              </dd>
            </>
          ) : null}
          {award.status === "suspended" ? (
            <>
              <dt className="font-semibold">Opgeschort</dt>
              <dd>
                {award.suspendedAt ? (
                  <>
                    Sinds <time dateTime={award.suspendedAt}>{formatDateTime(award.suspendedAt)}</time>:{" "}
                  </>
                ) : null}
                {award.suspensionReason}
              </dd>
            </>
          ) : null}
          {award.finalizedAt ? (
            <>
              <dt className="font-semibold">Definitief gegund</dt>
              <dd>
                <time dateTime={award.finalizedAt}>{formatDateTime(award.finalizedAt)}</time>
              </dd>
            </>
          ) : null}
          {award.contractId ? (
            <>
              <dt className="font-semibold">Contract</dt>
              <dd>
                <a href={`/contracten/${award.contractId}`}>Conceptcontract {award.contractNumber ?? ""}</a>
              </dd>
            </>
          ) : null}
        </dl>
      </div>

      {letters.length ? (
        <div>
          <h4 className="mb-1 font-semibold">{award.decisionSentAt ? "Gunningsbrieven" : "Gunningsbrieven (concept, nog niet verzonden)"}</h4>
          <ul className="list-disc pl-5">
            {letters.map((bidder) => (
              <li key={bidder.offerId}>
                <a href={`/aanbestedingen/${tenderId}/gunning/${lot.lotId}/brief/${bidder.offerId}.pdf`}>
                  Brief aan {bidder.organisationName} ({letterLabel[bidder.letter!]}, PDF)
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {award.status === "proposed" ? (
        <PortalForm errors={failureFor("send")?.errors}>
          <input type="hidden" name="intent" value="send" />
          <input type="hidden" name="lotId" value={lot.lotId} />
          <p className="mb-2 max-w-prose">Verzenden stelt alle inschrijvers van dit perceel tegelijk op de hoogte (in het portaal en per e-mail) en start de opschortende termijn.</p>
          <SubmitButton>Gunningsbeslissing verzenden</SubmitButton>
        </PortalForm>
      ) : null}

      {award.status === "decisionSent" ? (
        <PortalForm errors={failureFor("finalize")?.errors}>
          <input type="hidden" name="intent" value="finalize" />
          <input type="hidden" name="lotId" value={lot.lotId} />
          <p id={standstillHintId} className="mb-2 max-w-prose">
            {award.standstillOver
              ? "De opschortende termijn is verstreken. Definitief gunnen maakt het conceptcontract aan in het contractenregister, met de tarieven uit de inschrijving en de indicatoren en aantallen van het perceel."
              : `Definitief gunnen kan pas na afloop van de opschortende termijn (${award.standstillEndText ?? ""}).`}
          </p>
          {award.standstillOver ? (
            <SubmitButton>Definitief gunnen</SubmitButton>
          ) : (
            <button type="button" disabled aria-describedby={standstillHintId} className="cursor-not-allowed rounded bg-slate-300 px-4 py-2 font-semibold text-slate-800">
              Definitief gunnen
            </button>
          )}
        </PortalForm>
      ) : null}

      {award.status === "suspended" ? (
        <details open={Boolean(failureFor("resume"))}>
          <summary className="cursor-pointer font-semibold text-brand-700">Opschorting opheffen</summary>
          <div className="mt-3">
            <ResumeForm lot={lot} failure={failureFor("resume")} />
          </div>
        </details>
      ) : null}

      {award.status === "decisionSent" ? (
        <details open={Boolean(failureFor("suspend"))}>
          <summary className="cursor-pointer font-semibold text-brand-700">Gunning opschorten</summary>
          <div className="mt-3">
            <ReasonForm
              lot={lot}
              intent="suspend"
              label="Reden van de opschorting"
              hint="Bijvoorbeeld: bezwaar van een inschrijver, of een aangekondigd kort geding. De inschrijvers krijgen deze reden te zien."
              button="Opschorten"
              variant="secondary"
              failure={failureFor("suspend")}
            />
          </div>
        </details>
      ) : null}

      {open ? (
        <details open={Boolean(failureFor("withdraw"))}>
          <summary className="cursor-pointer font-semibold text-brand-700">{award.decisionSentAt ? "Gunningsbeslissing intrekken" : "Gunningsvoorstel intrekken"}</summary>
          <div className="mt-3">
            <ReasonForm
              lot={lot}
              intent="withdraw"
              label="Reden van de intrekking"
              hint={
                award.decisionSentAt
                  ? "De inschrijvers krijgen deze reden te zien. Daarna kunt u een nieuw gunningsvoorstel doen; het ingetrokken voorstel blijft bewaard."
                  : "Daarna kunt u een nieuw gunningsvoorstel doen; het ingetrokken voorstel blijft bewaard."
              }
              button="Intrekken"
              variant="danger"
              failure={failureFor("withdraw")}
            />
          </div>
        </details>
      ) : null}
    </div>
  );
}

function ResumeForm({ lot, failure }: { lot: LotView; failure: Failure }) {
  const errors = scopeErrors(failure?.errors, lot.lotId, { note: "resumeNote" });
  return (
    <PortalForm errors={errors} fieldLabels={{ [scoped("resumeNote", lot.lotId)]: "Toelichting" }}>
      <input type="hidden" name="intent" value="resume" />
      <input type="hidden" name="lotId" value={lot.lotId} />
      <TextAreaField
        name={scoped("resumeNote", lot.lotId)}
        label="Toelichting (niet verplicht)"
        hint="Bijvoorbeeld: vonnis van de voorzieningenrechter, vordering afgewezen. De inschrijvers krijgen deze toelichting te zien."
        rows={3}
        maxLength={MAX_REASON_LENGTH}
        defaultValue={text(failure?.values, "note")}
        errors={errors}
      />
      <SubmitButton>Opschorting opheffen</SubmitButton>
    </PortalForm>
  );
}

