import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, PortalForm, SelectField, SubmitButton, TextAreaField, type FieldErrors } from "~/components/form";
import { DataTable } from "~/components/data-table";
import { PanelSummary } from "~/components/evaluation-panel";
import { Card } from "~/components/page-header";
import { getDb } from "~/db.server";
import { closeQuality, getLotEvaluation, handInScores, scoreOffer, setConsensusScores, type ScoreInput } from "~/domain/evaluation/evaluation.server";
import { MAX_MOTIVATION_LENGTH } from "~/domain/evaluation/scoring-scale";
import { priceScoringMethodLabels } from "~/domain/tenders/tender-content";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatDateTime, formatEuroCents } from "~/utils/format";
import { formFailure, formValues, query, readForm, runCommand } from "~/utils/form.server";
import { uuidParam } from "~/utils/route-params";
import { requireActor } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

export const meta: MetaFunction = () => [{ title: "Beoordeling perceel – Leerrouteportaal Westfriesland" }];

function lotIdFrom(params: Record<string, string | undefined>) {
  return uuidParam(params, "lotId");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  // the domain decides: the projectgroep, or an assessor assigned to this lot
  const actor = await requireActor(request);
  const tenderId = tenderIdFrom(params);
  const lotId = lotIdFrom(params);
  const evaluation = await query(async () => getLotEvaluation(await getDb(), getServerClock(), actor, tenderId, lotId));
  return json({ evaluation });
}

// The score and consensus forms hold one offer each; their fields are named
// `o-<offerId>--score-<criterionId>` and `o-<offerId>--motivation-<criterionId>`, unique on the page.
const fieldPrefix = (offerId: string) => `o-${offerId}--`;
const FIELD = /^o-([0-9a-f-]{36})--(score|motivation)-([0-9a-f-]{36})$/;

/** The score rows of one offer's form: "" is no score; anything but a whole number is off the scale. */
function scoreRowsOf(form: FormData, offerId: string): ScoreInput[] {
  const rows = new Map<string, ScoreInput>();
  for (const [key, value] of form.entries()) {
    const match = FIELD.exec(key);
    if (!match || match[1] !== offerId || typeof value !== "string") continue;
    const criterionId = match[3]!;
    const row = rows.get(criterionId) ?? { criterionId, score: null, motivation: "" };
    if (match[2] === "score") row.score = value.trim() === "" ? null : /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    else row.motivation = value;
    rows.set(criterionId, row);
  }
  return [...rows.values()];
}

function scopeKeys<T>(record: Record<string, T> | undefined, prefix: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record ?? {}).map(([key, value]) => [key === "form" ? key : `${prefix}${key}`, value]));
}

const intentSchema = z.enum(["score", "consensus", "handIn", "close"]);
const offerIdSchema = z.uuid();

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const tenderId = tenderIdFrom(params);
  const lotId = lotIdFrom(params);
  const form = await readForm(request);
  const intent = intentSchema.safeParse(form.get("intent"));
  if (!intent.success) return formFailure({ errors: { form: ["Onbekende handeling."] }, values: {} });
  const db = await getDb();
  const clock = getServerClock();
  const values = { ...formValues(form), intent: intent.data };
  const back = async (message: string, anchor = "") => redirect(`/aanbestedingen/${tenderId}/beoordeling/${lotId}${anchor}`, { headers: { "Set-Cookie": await setFlash(message) } });

  switch (intent.data) {
    case "score":
    case "consensus": {
      const offerId = offerIdSchema.safeParse(form.get("offerId"));
      if (!offerId.success) return formFailure({ errors: { form: ["Onbekende inschrijving."] }, values });
      const rows = scoreRowsOf(form, offerId.data);
      const command = intent.data === "score" ? scoreOffer : setConsensusScores;
      const outcome = await runCommand(values, () => command(db, clock, actor, tenderId, lotId, offerId.data, rows));
      if (!outcome.ok) return outcome.response;
      return back(intent.data === "score" ? "Uw scores zijn opgeslagen." : "De consensusscores zijn opgeslagen.", `#inschrijving-${offerId.data}`);
    }
    case "handIn": {
      const outcome = await runCommand(values, () => handInScores(db, clock, actor, tenderId, lotId));
      return outcome.ok ? back("Uw scores zijn definitief ingeleverd. U ziet nu ook de scores van de andere beoordelaars die al hebben ingeleverd.") : outcome.response;
    }
    case "close": {
      const outcome = await runCommand(values, () => closeQuality(db, clock, actor, tenderId, lotId));
      return outcome.ok ? back("De kwaliteitsbeoordeling is afgesloten. De prijzen en de rangorde staan hieronder.", "#rangorde-titel") : outcome.response;
    }
  }
}

type Evaluation = ReturnType<typeof useLoaderData<typeof loader>>["evaluation"];
type OfferView = Evaluation["offers"][number];
type Failure = { errors: FieldErrors; values: Record<string, string | string[]> } | undefined;

const pointsFormat = new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const points = (value: number) => pointsFormat.format(value);

const statusLabels: Record<Evaluation["status"], string> = {
  assessing: "In beoordeling",
  qualityClosed: "Kwaliteit afgesloten",
  unsuccessful: "Zonder resultaat",
};

export default function LotEvaluation() {
  const { evaluation } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure;
  const generalFailure = failure && (failure.values?.intent === "handIn" || failure.values?.intent === "close") ? failure : undefined;
  return (
    <div className="flex flex-col gap-8">
      <div>
        <p className="mb-2 text-sm">
          <a href={`/aanbestedingen/${evaluation.tender.id}/beoordeling`}>← Alle percelen</a>
        </p>
        <h2 className="text-2xl font-semibold">
          Perceel {evaluation.lot.number}: {evaluation.lot.title}
        </h2>
        <p className="text-slate-800">
          <strong>{statusLabels[evaluation.status]}</strong>
          {evaluation.unsuccessfulReason ? `: ${evaluation.unsuccessfulReason}` : ""}
          {evaluation.qualityClosedAt ? (
            <>
              {" "}
              op <time dateTime={evaluation.qualityClosedAt}>{formatDateTime(evaluation.qualityClosedAt)}</time>
              {evaluation.qualityClosedByName ? ` door ${evaluation.qualityClosedByName}` : ""}
            </>
          ) : null}
        </p>
      </div>
      <ErrorSummary errors={generalFailure?.errors} />

      <PanelAndProgress evaluation={evaluation} />
      <CriteriaCard evaluation={evaluation} />
      {evaluation.ranking ? <RankingCard evaluation={evaluation} /> : null}
      {evaluation.you.isAssessor ? <HandInCard evaluation={evaluation} /> : null}
      {evaluation.you.isChair && evaluation.status === "assessing" ? <CloseCard evaluation={evaluation} /> : null}

      {evaluation.status !== "unsuccessful" && evaluation.pendingCount > 0 ? (
        <p className="rounded border-2 border-amber-600 bg-amber-50 p-3">
          Over de toelating van {evaluation.pendingCount} {evaluation.pendingCount === 1 ? "inschrijving" : "inschrijvingen"} is nog niet beslist. Alleen toegelaten inschrijvingen staan hieronder.
        </p>
      ) : null}
      {evaluation.offers.map((offer) => (
        <OfferSection key={offer.offerId} offer={offer} evaluation={evaluation} failure={failure?.values?.offerId === offer.offerId ? failure : undefined} />
      ))}
    </div>
  );
}

function PanelAndProgress({ evaluation }: { evaluation: Evaluation }) {
  return (
    <Card title="Commissie en voortgang" id="commissie-titel">
      <PanelSummary chair={evaluation.chair} chairIsYou={evaluation.you.isChair} assessors={evaluation.assessors} />
    </Card>
  );
}

function CriteriaCard({ evaluation }: { evaluation: Evaluation }) {
  return (
    <Card title="Criteria en schaal" id="criteria-titel">
      <ul className="mb-3 list-disc pl-5">
        {evaluation.criteria.map((criterion) => (
          <li key={criterion.id}>
            <strong>{criterion.name}</strong> (weging {criterion.weight})
          </li>
        ))}
        {evaluation.priceWeight ? (
          <li>
            <strong>Prijs</strong> (weging {evaluation.priceWeight}): {priceScoringMethodLabels[evaluation.tender.priceScoringMethod]}
          </li>
        ) : null}
      </ul>
      <p className="max-w-prose">
        Scores op de schaal {evaluation.scale.description}. Punten per criterium: score gedeeld door {evaluation.scale.max} maal de weging, afgerond op twee decimalen.{" "}
        {evaluation.status === "qualityClosed"
          ? "De kwaliteitsbeoordeling is afgesloten; de prijzen staan in de rangorde."
          : "De prijzen blijven verborgen tot de voorzitter de kwaliteitsbeoordeling afsluit (twee enveloppen)."}
      </p>
    </Card>
  );
}

function RankingCard({ evaluation }: { evaluation: Evaluation }) {
  const ranking = evaluation.ranking!;
  const tie = ranking.some((offer) => offer.tied);
  return (
    <section aria-labelledby="rangorde-titel" className="rounded border border-slate-300 bg-white p-5 shadow-sm">
      <h2 id="rangorde-titel" className="mb-3 text-xl font-semibold">
        Rangorde
      </h2>
      <DataTable
        caption={`Rangorde van perceel ${evaluation.lot.number}: ${evaluation.lot.title}`}
        captionHidden
        background={false}
        columns={[
          { label: "Rang" },
          { label: "Inschrijver" },
          ...evaluation.criteria.map((criterion) => ({ key: criterion.id, label: `${criterion.name} (${criterion.weight})`, align: "right" as const })),
          { label: "Kwaliteitspunten", align: "right" },
          { label: "Prijs", align: "right" },
          { label: "Prijspunten", align: "right" },
          { label: "Totaal", align: "right" },
        ]}
      >
        {ranking.map((offer) => (
          <tr key={offer.offerId} className="border-b border-slate-300">
            <td className="p-2">
              {offer.rank}
              {offer.tied ? " (gedeeld)" : ""}
            </td>
            <th scope="row" className="p-2 font-semibold">
              {offer.organisationName}
            </th>
            {evaluation.criteria.map((criterion) => {
              const line = offer.quality.find((candidate) => candidate.criterionId === criterion.id);
              return (
                <td key={criterion.id} className="p-2 text-right">
                  {line ? `${line.score} → ${points(line.points)}` : "–"}
                </td>
              );
            })}
            <td className="p-2 text-right">{points(offer.qualityPoints)}</td>
            <td className="p-2 text-right">{formatEuroCents(offer.totalPriceCents)}</td>
            <td className="p-2 text-right">{points(offer.pricePoints)}</td>
            <td className="p-2 text-right font-semibold">{points(offer.totalPoints)}</td>
          </tr>
        ))}
      </DataTable>
      <p className="mt-3 max-w-prose text-sm text-slate-700">
        Bij een gelijke totaalscore gaat de inschrijving met de hoogste kwaliteitspunten voor, daarna die met de laagste prijs. Is ook dat gelijk, dan delen de inschrijvingen de rang en
        legt het gunningsvoorstel vast hoe is beslist (loting bij de notaris).
        {tie ? " Er is zo'n volledig gelijke stand." : ""}
      </p>
    </section>
  );
}

/** A step of the assessment (handing in, closing): what still stands in its way, and its button once it may be taken. */
function StepAction({ blockers, allowed, intent, label }: { blockers: readonly string[]; allowed: boolean; intent: "handIn" | "close"; label: string }) {
  return (
    <>
      {blockers.length ? (
        <ul className="mb-3 list-disc pl-5">
          {blockers.map((blocker) => (
            <li key={blocker}>{blocker}</li>
          ))}
        </ul>
      ) : null}
      {allowed ? (
        <PortalForm>
          <input type="hidden" name="intent" value={intent} />
          <SubmitButton>{label}</SubmitButton>
        </PortalForm>
      ) : null}
    </>
  );
}

function HandInCard({ evaluation }: { evaluation: Evaluation }) {
  return (
    <Card title="Uw scores" id="uw-scores-titel">
      {evaluation.you.handedInAt ? (
        <p>
          U heeft uw scores definitief ingeleverd op <time dateTime={evaluation.you.handedInAt}>{formatDateTime(evaluation.you.handedInAt)}</time>. Ze liggen vast; u ziet nu de scores van de
          andere beoordelaars die al hebben ingeleverd.
        </p>
      ) : evaluation.status !== "assessing" ? (
        <p>De kwaliteitsbeoordeling is afgesloten.</p>
      ) : (
        <>
          <p className="mb-3 max-w-prose">
            Scoor elk criterium van elke inschrijving met een motivering. Lever daarna uw scores definitief in: dan liggen ze vast en ziet u pas de scores van de anderen.
          </p>
          <StepAction blockers={evaluation.handInBlockers} allowed={evaluation.canHandIn} intent="handIn" label="Scores definitief" />
        </>
      )}
    </Card>
  );
}

function CloseCard({ evaluation }: { evaluation: Evaluation }) {
  return (
    <Card title="Kwaliteit afsluiten" id="afsluiten-titel">
      <p className="mb-3 max-w-prose">
        Als voorzitter stelt u per criterium en inschrijving de consensusscore vast, met een motivering, zodra alle beoordelaars hebben ingeleverd. Daarna sluit u de kwaliteitsbeoordeling
        af: de consensusscores liggen dan vast en de prijzen en de rangorde worden zichtbaar.
      </p>
      <StepAction blockers={evaluation.closeBlockers} allowed={evaluation.canClose} intent="close" label="Kwaliteit afsluiten" />
    </Card>
  );
}

function OfferSection({ offer, evaluation, failure }: { offer: OfferView; evaluation: Evaluation; failure: Failure }) {
  const prefix = fieldPrefix(offer.offerId);
  const errors = scopeKeys(failure?.errors, prefix);
  const mode = evaluation.canScore ? "score" : evaluation.canSetConsensus ? "consensus" : null;
  const body = evaluation.criteria.map((criterion) => {
    const answer = offer.answers.find((candidate) => candidate.criterionId === criterion.id);
    const attachments = offer.attachments.filter((attachment) => attachment.criterionId === criterion.id);
    const mine = offer.myScores[criterion.id];
    const consensus = offer.consensus[criterion.id];
    const others = offer.allScores.filter((score) => score.criterionId === criterion.id);
    const scoreName = `${prefix}score-${criterion.id}`;
    const motivationName = `${prefix}motivation-${criterion.id}`;
    const current = mode === "consensus" ? consensus : mine;
    const typed = (name: string, fallback: string) => (failure && name in failure.values ? String(failure.values[name]) : fallback);
    return (
      <div key={criterion.id} className="border-t border-slate-300 pt-4">
        <h3 className="text-lg font-semibold">
          {criterion.name} <span className="font-normal text-slate-700">(weging {criterion.weight})</span>
        </h3>
        <div className="my-2 max-w-prose whitespace-pre-line border-l-4 border-slate-400 pl-3">{answer?.text || <em>Geen antwoord gegeven.</em>}</div>
        {answer?.wishes.length ? (
          <ul className="mb-2 list-disc pl-5 text-sm">
            {answer.wishes.map((wish) => (
              <li key={wish.requirementId}>
                <strong>{wish.title}</strong>: {wish.met ? "ja" : "nee"}
                {wish.explanation ? ` – ${wish.explanation}` : ""}
              </li>
            ))}
          </ul>
        ) : null}
        {attachments.length ? (
          <p className="mb-2 text-sm">
            Bijlagen:{" "}
            {attachments.map((attachment, index) => (
              <span key={attachment.fileId}>
                {index ? ", " : ""}
                <a href={`/aanbestedingen/${evaluation.tender.id}/beoordeling/${evaluation.lot.id}/bijlagen/${offer.offerId}/${attachment.fileId}`}>{attachment.fileName}</a>
              </span>
            ))}
          </p>
        ) : null}
        {mode ? (
          <div className="mt-3 rounded bg-slate-50 p-3">
            <SelectField
              name={scoreName}
              label={mode === "consensus" ? `Consensusscore ${criterion.name}` : `Uw score ${criterion.name}`}
              hint={`Schaal ${evaluation.scale.description}.`}
              placeholder="Kies een score…"
              options={evaluation.scale.values.map((value) => ({ value: String(value), label: String(value) }))}
              defaultValue={typed(scoreName, current ? String(current.score) : "")}
              errors={errors}
            />
            <TextAreaField
              name={motivationName}
              label={mode === "consensus" ? `Motivering consensus ${criterion.name}` : `Motivering ${criterion.name}`}
              rows={3}
              maxLength={MAX_MOTIVATION_LENGTH}
              defaultValue={typed(motivationName, current?.motivation ?? "")}
              errors={errors}
            />
          </div>
        ) : mine && evaluation.you.isAssessor && !evaluation.seesAllScores ? (
          <p className="mt-2">
            Uw score: <strong>{mine.score}</strong> – {mine.motivation}
          </p>
        ) : null}
        {evaluation.seesAllScores && (others.length || consensus) ? (
          <DataTable caption={`Scores voor ${criterion.name}`} small background={false} className="mt-3" columns={[{ label: "Door" }, { label: "Score" }, { label: "Motivering" }]}>
            {others.map((score) => (
              <tr key={score.assessorUserId} className="border-b border-slate-300 align-top">
                <th scope="row" className="p-2 font-normal">
                  {score.assessorName}
                </th>
                <td className="p-2">{score.score}</td>
                <td className="p-2 whitespace-pre-line">{score.motivation}</td>
              </tr>
            ))}
            {consensus && mode !== "consensus" ? (
              <tr className="border-b border-slate-300 align-top">
                <th scope="row" className="p-2">
                  Consensus ({consensus.setByName})
                </th>
                <td className="p-2 font-semibold">{consensus.score}</td>
                <td className="p-2 whitespace-pre-line">{consensus.motivation}</td>
              </tr>
            ) : null}
          </DataTable>
        ) : null}
      </div>
    );
  });
  const labels = Object.fromEntries(
    evaluation.criteria.flatMap((criterion) => [
      [`${prefix}score-${criterion.id}`, `Score ${criterion.name}`],
      [`${prefix}motivation-${criterion.id}`, `Motivering ${criterion.name}`],
    ]),
  );
  return (
    <section id={`inschrijving-${offer.offerId}`} aria-labelledby={`inschrijving-${offer.offerId}-titel`} className="rounded border border-slate-300 bg-white p-5">
      <h2 id={`inschrijving-${offer.offerId}-titel`} className="text-xl font-semibold">
        {offer.organisationName} <span className="font-normal text-slate-700">(versie {offer.version})</span>
      </h2>
      {mode ? (
        <PortalForm errors={errors} fieldLabels={labels} className="flex flex-col gap-4">
          <input type="hidden" name="intent" value={mode} />
          <input type="hidden" name="offerId" value={offer.offerId} />
          {body}
          <div>
            <SubmitButton>{mode === "consensus" ? "Consensusscores opslaan" : "Scores opslaan"}</SubmitButton>
          </div>
        </PortalForm>
      ) : (
        <div className="flex flex-col gap-4">{body}</div>
      )}
    </section>
  );
}
