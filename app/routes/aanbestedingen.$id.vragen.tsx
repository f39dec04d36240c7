import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PortalForm, SelectField, SubmitButton, TextAreaField, TextField, type FieldErrors } from "~/components/form";
import { Card, EmptyState } from "~/components/page-header";
import { getDb } from "~/db.server";
import { answerQuestion, askQuestion, getQuestionRound, mergeQuestion, publishInformationNotice } from "~/domain/tenders/tender-questions.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatDateTime } from "~/utils/format";
import { formFailure, parseForm, query, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

export const meta: MetaFunction = () => [{ title: "Vragen – Leerrouteportaal Westfriesland" }];

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .default("")
    .transform((value) => (value === "" ? null : value));

const askFormSchema = z.object({
  text: z
    .string({ error: "Vul uw vraag in." })
    .trim()
    .min(1, "Vul uw vraag in.")
    .min(10, "Uw vraag is te kort: gebruik minstens 10 tekens.")
    .max(5_000, "Uw vraag is te lang (maximaal 5.000 tekens)."),
  lotId: z
    .string()
    .default("")
    .transform((value) => (value === "" ? null : value))
    .pipe(z.uuid("Kies een perceel uit de lijst.").nullable()),
  documentReference: optionalText(300, "De verwijzing is te lang (maximaal 300 tekens)."),
});

const answerFormSchema = z.object({
  answer: z.string({ error: "Vul het antwoord in." }).trim().min(1, "Vul het antwoord in.").max(10_000, "Het antwoord is te lang (maximaal 10.000 tekens)."),
  topic: z.string().trim().max(200, "Het onderwerp is te lang (maximaal 200 tekens).").default(""),
});

const mergeFormSchema = z.object({
  intoQuestionId: z.uuid("Kies de vraag waarmee u deze vraag samenvoegt."),
});

const questionIdSchema = z.uuid();

const statusLabels = { open: "Nieuw", answered: "Beantwoord", merged: "Samengevoegd" } as const;

// The page shows an answer form and a merge form for every question, so their fields carry the
// question's id (`answer-<id>`) to keep ids unique; the action reads them back under their plain
// names for the schema, and the page puts the errors back under the scoped names.
const scopedName = (name: string, questionId: string) => `${name}-${questionId}`;

function scopedForm(form: FormData, questionId: string, names: readonly string[]): FormData {
  const scoped = new FormData();
  for (const name of names) {
    const value = form.get(scopedName(name, questionId));
    if (typeof value === "string") scoped.set(name, value);
  }
  return scoped;
}

function scopeKeys<T>(record: Record<string, T> | undefined, questionId: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record ?? {}).map(([key, value]) => [key === "form" ? key : scopedName(key, questionId), value]));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:tenders");
  const tenderId = tenderIdFrom(params);
  const round = await query(async () => getQuestionRound(await getDb(), getServerClock(), actor, tenderId));
  return json({ round });
}

export async function action({ request, params }: ActionFunctionArgs) {
  // each command checks its own permission (ask:tenderQuestions, manage:tenders) in the domain
  const actor = await requirePermission(request, "read:tenders");
  const tenderId = tenderIdFrom(params);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const db = await getDb();
  const clock = getServerClock();
  const back = async (message: string, anchor = "") =>
    redirect(`/aanbestedingen/${tenderId}/vragen${anchor}`, { headers: { "Set-Cookie": await setFlash(message) } });

  if (intent === "ask") {
    const parsed = parseForm(askFormSchema, form);
    if (!parsed.ok) return formFailure({ ...parsed.failure, values: { ...parsed.failure.values, intent } });
    const outcome = await runCommand({ ...parsed.values, intent }, () => askQuestion(db, clock, actor, tenderId, parsed.data));
    return outcome.ok ? back("Uw vraag is verstuurd. Het antwoord verschijnt in de Nota van Inlichtingen.", "#uw-vragen-titel") : outcome.response;
  }

  if (intent === "publish") {
    const outcome = await runCommand({ intent }, () => publishInformationNotice(db, clock, actor, tenderId));
    if (!outcome.ok) return outcome.response;
    const { version, newEntries } = outcome.result;
    return redirect(`/aanbestedingen/${tenderId}/nota-van-inlichtingen`, {
      headers: { "Set-Cookie": await setFlash(`Versie ${version} van de Nota van Inlichtingen is gepubliceerd, met ${newEntries} ${newEntries === 1 ? "nieuwe vraag" : "nieuwe vragen"}.`) },
    });
  }

  const questionId = questionIdSchema.safeParse(form.get("questionId"));
  if (!questionId.success) return formFailure({ errors: { form: ["Onbekende vraag."] }, values: { intent } });
  const id = questionId.data;

  if (intent === "answer") {
    const parsed = parseForm(answerFormSchema, scopedForm(form, id, ["answer", "topic"]));
    const values = { ...(parsed.ok ? parsed.values : parsed.failure.values), intent, questionId: id };
    if (!parsed.ok) return formFailure({ ...parsed.failure, values });
    const outcome = await runCommand(values, () => answerQuestion(db, clock, actor, tenderId, id, parsed.data));
    return outcome.ok ? back("Het antwoord is opgeslagen. Het wordt openbaar met de volgende Nota van Inlichtingen.", `#vraag-${id}`) : outcome.response;
  }

  if (intent === "merge") {
    const parsed = parseForm(mergeFormSchema, scopedForm(form, id, ["intoQuestionId"]));
    const values = { ...(parsed.ok ? parsed.values : parsed.failure.values), intent, questionId: id };
    if (!parsed.ok) return formFailure({ ...parsed.failure, values });
    const outcome = await runCommand(values, () => mergeQuestion(db, clock, actor, tenderId, id, parsed.data.intoQuestionId));
    return outcome.ok ? back("De vraag is samengevoegd. Zij wordt beantwoord met de vraag waarmee zij is samengevoegd.", `#vraag-${parsed.data.intoQuestionId}`) : outcome.response;
  }

  return formFailure({ errors: { form: ["Onbekende handeling."] }, values: {} });
}

type Round = ReturnType<typeof useLoaderData<typeof loader>>["round"];
type Question = Round["questions"][number];
type Failure = { errors: FieldErrors; values: Record<string, string | string[]> } | undefined;

const text = (values: Record<string, unknown> | undefined, name: string, fallback = "") => (values && name in values ? String(values[name] ?? "") : fallback);

function questionTitle(question: Question) {
  return question.noticeNumber !== null ? `Vraag ${question.noticeNumber}` : `Vraag van ${formatDateTime(question.askedAt)}`;
}

function shortLabel(question: Question) {
  if (question.noticeNumber !== null) return `Vraag ${question.noticeNumber}`;
  const excerpt = question.text.replace(/\s+/g, " ").trim();
  return excerpt.length > 60 ? `${excerpt.slice(0, 60)}…` : excerpt;
}

function StatusBadge({ status }: { status: Question["status"] }) {
  const styles = { open: "bg-amber-100 text-amber-950", answered: "bg-green-100 text-green-900", merged: "bg-slate-200 text-slate-800" }[status];
  return <span className={`rounded px-2 py-0.5 text-sm font-semibold ${styles}`}>{statusLabels[status]}</span>;
}

function QuestionText({ value }: { value: string }) {
  return <p className="max-w-prose whitespace-pre-line">{value}</p>;
}

export default function Questions() {
  const { round } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure;
  return round.view === "supplier" ? <SupplierQuestions round={round} failure={failure} /> : <MunicipalQuestions round={round} failure={failure} />;
}

function SupplierQuestions({ round, failure }: { round: Round; failure: Failure }) {
  const failed = failure?.values?.intent === "ask" ? failure : undefined;
  const { tender } = round;
  return (
    <div className="flex flex-col gap-8">
      <Card title="Vraag stellen" id="vraag-stellen-titel">
        {tender.questionsOpen && round.canAsk ? (
          <>
            <p className="mb-4 max-w-prose">
              U kunt vragen stellen tot <time dateTime={tender.questionDeadline ?? undefined}>{tender.questionDeadline ? formatDateTime(tender.questionDeadline) : ""}</time>. De
              antwoorden verschijnen voor alle aanbieders in de Nota van Inlichtingen; daarin staat nooit wie de vraag heeft gesteld.
            </p>
            <PortalForm errors={failed?.errors} fieldLabels={{ text: "Uw vraag", lotId: "Perceel", documentReference: "Verwijzing" }}>
              <input type="hidden" name="intent" value="ask" />
              <TextAreaField name="text" label="Uw vraag" hint="Minstens 10 en hoogstens 5.000 tekens." rows={6} maxLength={5_000} required defaultValue={text(failed?.values, "text")} errors={failed?.errors} />
              {tender.lots.length ? (
                <SelectField
                  name="lotId"
                  label="Perceel (niet verplicht)"
                  placeholder="Geen bepaald perceel"
                  options={tender.lots.map((lot) => ({ value: lot.id, label: `Perceel ${lot.number}: ${lot.title}` }))}
                  defaultValue={text(failed?.values, "lotId")}
                  errors={failed?.errors}
                />
              ) : null}
              <TextField
                name="documentReference"
                label="Verwijzing naar document of paragraaf (niet verplicht)"
                hint="Bijvoorbeeld ‘Programma van eisen, § 3 Planning’ of ‘Bijlage conceptovereenkomst, artikel 7’."
                maxLength={300}
                defaultValue={text(failed?.values, "documentReference")}
                errors={failed?.errors}
              />
              <SubmitButton>Vraag versturen</SubmitButton>
            </PortalForm>
          </>
        ) : tender.status === "cancelled" ? (
          <p>Deze aanbesteding is ingetrokken; er kunnen geen vragen meer worden gesteld.</p>
        ) : (
          <p>
            De termijn voor vragen is gesloten
            {tender.questionDeadline ? (
              <>
                {" "}op <time dateTime={tender.questionDeadline}>{formatDateTime(tender.questionDeadline)}</time>
              </>
            ) : null}
            . U kunt geen vragen meer stellen. De antwoorden staan in de <a href={`/aanbestedingen/${tender.id}/nota-van-inlichtingen`}>Nota van Inlichtingen</a>.
          </p>
        )}
      </Card>

      <section aria-labelledby="uw-vragen-titel">
        <h2 id="uw-vragen-titel" className="mb-2 text-2xl font-semibold">
          Uw vragen
        </h2>
        <p className="mb-4 max-w-prose text-slate-800">De vragen van uw organisatie. Andere aanbieders zien niet wie een vraag heeft gesteld.</p>
        {round.questions.length === 0 ? (
          <EmptyState>Uw organisatie heeft over deze aanbesteding nog geen vragen gesteld.</EmptyState>
        ) : (
          <ol className="flex flex-col gap-4">
            {round.questions.map((question) => (
              <li key={question.id}>
                <article aria-labelledby={`vraag-${question.id}-titel`} id={`vraag-${question.id}`} className="rounded border border-slate-300 bg-white p-4">
                  <h3 id={`vraag-${question.id}-titel`} className="text-lg font-semibold">
                    {questionTitle(question)}
                  </h3>
                  <p className="mb-2 flex flex-wrap items-center gap-2 text-sm text-slate-700">
                    <StatusBadge status={question.status} />
                    <span>
                      Gesteld op <time dateTime={question.askedAt}>{formatDateTime(question.askedAt)}</time>
                      {question.lotLabel ? ` · ${question.lotLabel}` : ""}
                      {question.documentReference ? ` · ${question.documentReference}` : ""}
                    </span>
                  </p>
                  <QuestionText value={question.text} />
                  <div className="mt-3 border-l-4 border-brand-700 pl-3">
                    {question.status === "merged" && question.mergedIntoNoticeNumber !== null ? (
                      <p className="text-sm text-slate-700">Samengevoegd met vraag {question.mergedIntoNoticeNumber} van de Nota van Inlichtingen, die hetzelfde vraagt.</p>
                    ) : null}
                    {question.answer !== null ? (
                      <>
                        <p className="font-semibold">Antwoord</p>
                        <QuestionText value={question.answer} />
                      </>
                    ) : (
                      <p>Wordt beantwoord in de Nota van Inlichtingen.</p>
                    )}
                  </div>
                </article>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function MunicipalQuestions({ round, failure }: { round: Round; failure: Failure }) {
  const { tender } = round;
  const publishFailure = failure?.values?.intent === "publish" ? failure : undefined;
  const counts = {
    open: round.questions.filter((question) => question.status === "open").length,
    answered: round.questions.filter((question) => question.status === "answered").length,
    merged: round.questions.filter((question) => question.status === "merged").length,
  };
  return (
    <div className="flex flex-col gap-8">
      {round.canManage ? (
        <Card title="Nota van Inlichtingen publiceren" id="nvi-publiceren-titel">
          <p className="mb-2 max-w-prose">
            {round.unpublishedAnswers === 0
              ? "Er zijn geen beantwoorde vragen die nog niet zijn gepubliceerd."
              : round.unpublishedAnswers === 1
                ? "1 beantwoorde vraag is nog niet gepubliceerd."
                : `${round.unpublishedAnswers} beantwoorde vragen zijn nog niet gepubliceerd.`}
            {counts.open ? ` ${counts.open === 1 ? "1 vraag is" : `${counts.open} vragen zijn`} nog niet beantwoord; die komen in een volgende versie.` : ""}
          </p>
          <p className="mb-4 max-w-prose text-sm text-slate-700">
            Publiceren maakt de antwoorden zichtbaar voor alle aanbieders, genummerd in de volgorde waarin de vragen zijn gesteld en zonder de namen van de vragenstellers. Een gepubliceerde versie
            verandert nooit meer.
            {round.latestNotice ? ` Laatste versie: ${round.latestNotice.version}, gepubliceerd op ${formatDateTime(round.latestNotice.publishedAt)}.` : ""}
          </p>
          <PortalForm errors={publishFailure?.errors}>
            <input type="hidden" name="intent" value="publish" />
            <SubmitButton>Nota van Inlichtingen publiceren</SubmitButton>
          </PortalForm>
        </Card>
      ) : null}

      <section aria-labelledby="alle-vragen-titel">
        <h2 id="alle-vragen-titel" className="mb-2 text-2xl font-semibold">
          Alle vragen
        </h2>
        <p className="mb-4 max-w-prose text-slate-800">
          {round.questions.length} {round.questions.length === 1 ? "vraag" : "vragen"}: {counts.open} nieuw, {counts.answered} beantwoord, {counts.merged} samengevoegd.
          {tender.questionDeadline ? (
            <>
              {" "}
              Vragen stellen {tender.questionsOpen ? "kan tot" : "kon tot"} <time dateTime={tender.questionDeadline}>{formatDateTime(tender.questionDeadline)}</time>.
            </>
          ) : null}
          {round.seesAskers ? " De namen van de vragenstellers zijn alleen voor u zichtbaar, nooit voor andere aanbieders." : ""}
        </p>
        {round.questions.length === 0 ? (
          <EmptyState>Er zijn nog geen vragen gesteld.</EmptyState>
        ) : (
          <ol className="flex flex-col gap-4">
            {round.questions.map((question) => (
              <li key={question.id}>
                <MunicipalQuestion question={question} round={round} failure={failure?.values?.questionId === question.id ? failure : undefined} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function MunicipalQuestion({ question, round, failure }: { question: Question; round: Round; failure: Failure }) {
  const target = question.mergedIntoQuestionId ? round.questions.find((other) => other.id === question.mergedIntoQuestionId) : undefined;
  const mergeTargets = round.questions.filter((other) => other.id !== question.id && other.status !== "merged");
  const answerFailure = failure?.values?.intent === "answer" ? failure : undefined;
  const mergeFailure = failure?.values?.intent === "merge" ? failure : undefined;
  const answerErrors = scopeKeys(answerFailure?.errors, question.id);
  const mergeErrors = scopeKeys(mergeFailure?.errors, question.id);
  const canAnswer = round.canManage && question.status !== "merged";
  const canMerge = round.canManage && question.status !== "merged" && question.publishedInNoticeVersion === null && mergeTargets.length > 0;
  return (
    <article aria-labelledby={`vraag-${question.id}-titel`} id={`vraag-${question.id}`} className="rounded border border-slate-300 bg-white p-4">
      <h3 id={`vraag-${question.id}-titel`} className="text-lg font-semibold">
        {questionTitle(question)}
      </h3>
      <dl className="mb-2 grid grid-cols-1 gap-x-4 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="font-semibold">Status</dt>
        <dd>
          <StatusBadge status={question.status} />
          {question.publishedInNoticeVersion !== null ? ` · gepubliceerd in versie ${question.publishedInNoticeVersion} van de Nota van Inlichtingen` : question.status === "answered" ? " · nog niet gepubliceerd" : ""}
          {question.answerChangedSincePublication ? " · antwoord gewijzigd na publicatie" : ""}
        </dd>
        <dt className="font-semibold">Gesteld op</dt>
        <dd>
          <time dateTime={question.askedAt}>{formatDateTime(question.askedAt)}</time>
        </dd>
        {round.seesAskers ? (
          <>
            <dt className="font-semibold">Gesteld door</dt>
            <dd>{question.askerOrganisationName}</dd>
          </>
        ) : null}
        <dt className="font-semibold">Perceel</dt>
        <dd>{question.lotLabel ?? "Geen bepaald perceel"}</dd>
        {question.documentReference ? (
          <>
            <dt className="font-semibold">Verwijzing</dt>
            <dd>{question.documentReference}</dd>
          </>
        ) : null}
        {question.topic ? (
          <>
            <dt className="font-semibold">Onderwerp</dt>
            <dd>{question.topic}</dd>
          </>
        ) : null}
      </dl>
      <QuestionText value={question.text} />
      {question.status === "merged" ? (
        <p className="mt-3 text-sm text-slate-700">
          Samengevoegd met {target ? <a href={`#vraag-${target.id}`}>{target.noticeNumber !== null ? `vraag ${target.noticeNumber}` : `de vraag “${shortLabel(target)}”`}</a> : "een andere vraag"}; deze vraag wordt daar beantwoord.
        </p>
      ) : question.answer ? (
        <div className="mt-3 border-l-4 border-brand-700 pl-3">
          <p className="font-semibold">Antwoord</p>
          <QuestionText value={question.answer} />
        </div>
      ) : null}

      {canAnswer ? (
        <details className="mt-4" open={question.status === "open" || Boolean(answerFailure)}>
          <summary className="cursor-pointer font-semibold text-brand-700">{question.answer ? "Antwoord wijzigen" : "Beantwoorden"}</summary>
          <div className="mt-3">
            <PortalForm errors={answerErrors} fieldLabels={{ [scopedName("answer", question.id)]: "Antwoord", [scopedName("topic", question.id)]: "Onderwerp" }}>
              <input type="hidden" name="intent" value="answer" />
              <input type="hidden" name="questionId" value={question.id} />
              <TextAreaField
                name={scopedName("answer", question.id)}
                label="Antwoord"
                hint={question.publishedInNoticeVersion !== null ? "Dit antwoord is al gepubliceerd; een wijziging verschijnt in de volgende versie van de Nota van Inlichtingen." : undefined}
                rows={5}
                defaultValue={text(answerFailure?.values, "answer", question.answer ?? "")}
                errors={answerErrors}
              />
              <TextField
                name={scopedName("topic", question.id)}
                label="Onderwerp"
                hint="De Nota van Inlichtingen groepeert de vragen per onderwerp, bijvoorbeeld ‘Planning’ of ‘Perceel 1’. Leeg: het perceel of ‘Algemeen’."
                defaultValue={text(answerFailure?.values, "topic", question.topic ?? "")}
                errors={answerErrors}
              />
              <SubmitButton>Antwoord opslaan</SubmitButton>
            </PortalForm>
          </div>
        </details>
      ) : null}

      {canMerge ? (
        <details className="mt-4" open={Boolean(mergeFailure)}>
          <summary className="cursor-pointer font-semibold text-brand-700">Samenvoegen met een andere vraag</summary>
          <div className="mt-3">
            <PortalForm errors={mergeErrors} fieldLabels={{ [scopedName("intoQuestionId", question.id)]: "Samenvoegen met" }}>
              <input type="hidden" name="intent" value="merge" />
              <input type="hidden" name="questionId" value={question.id} />
              <SelectField
                name={scopedName("intoQuestionId", question.id)}
                label="Samenvoegen met"
                hint="Een dubbele vraag komt in de Nota van Inlichtingen onder de gekozen vraag en krijgt haar antwoord."
                placeholder="Kies een vraag…"
                options={mergeTargets.map((other) => ({ value: other.id, label: shortLabel(other) }))}
                defaultValue={text(mergeFailure?.values, "intoQuestionId")}
                errors={mergeErrors}
              />
              <SubmitButton variant="secondary">Samenvoegen</SubmitButton>
            </PortalForm>
          </div>
        </details>
      ) : null}
    </article>
  );
}
