import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { Deadline } from "~/components/countdown";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorSummary, SelectField, TextAreaField, TextField, type FieldErrors } from "~/components/form";
import { getDb } from "~/db.server";
import { DEFAULT_MAX_FILE_BYTES } from "~/domain/files/file-storage.server";
import { MAX_ANSWER_LENGTH, MAX_EXPLANATION_LENGTH, offerFields, type AttachmentPurpose } from "~/domain/offers/offer-content";
import { attachmentPurposeFromForm, attachmentPurposeValue, centsForInput, offerFieldsFromForm } from "~/domain/offers/offer-forms";
import { getOwnOffer, saveOfferDraft, submitOffer, withdrawOffer } from "~/domain/offers/offers.server";
import { priceUnitLabels } from "~/domain/tenders/tender-content";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatDateTime, formatEuroCents, formatNumber } from "~/utils/format";
import { formFailure, formValues, query, runCommand } from "~/utils/form.server";
import { uuidParam } from "~/utils/route-params";
import { requirePermission } from "~/utils/session.server";
import { readMultipartForm, uploadedFile } from "~/utils/upload.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

export const meta: MetaFunction = () => [{ title: "Inschrijving per perceel – Leerrouteportaal Westfriesland" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "submit:offers");
  const tenderId = tenderIdFrom(params);
  const lotId = uuidParam(params, "lotId");
  const workspace = await query(async () => getOwnOffer(await getDb(), getServerClock(), actor, tenderId, lotId));
  // the limit comes from the server module: a .server import is empty in the browser bundle
  return json({ workspace, maxMegabytes: DEFAULT_MAX_FILE_BYTES / (1024 * 1024) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "submit:offers");
  const tenderId = tenderIdFrom(params);
  const lotId = uuidParam(params, "lotId");
  // Every form of this page posts multipart (the offer form carries the upload), so one reader
  // checks the CSRF token for all; a file above 20 MB comes back as an error at "file", with
  // everything else that was typed.
  const upload = await readMultipartForm(request, { maxFileBytes: DEFAULT_MAX_FILE_BYTES });
  if (!upload.ok) return upload.response;
  const form = upload.form;
  const intent = String(form.get("intent") ?? "");
  const values = formValues(form);
  const db = await getDb();
  const clock = getServerClock();
  const here = `/aanbestedingen/${tenderId}/inschrijving/${lotId}`;
  const back = async (message: string, anchor = "") => redirect(`${here}${anchor}`, { headers: { "Set-Cookie": await setFlash(message) } });

  if (intent === "withdraw") {
    const outcome = await runCommand(values, () => withdrawOffer(db, clock, actor, tenderId, lotId));
    return outcome.ok ? back("Uw inschrijving is ingetrokken. De ingediende versies blijven bewaard; u kunt tot de sluiting opnieuw indienen.") : outcome.response;
  }

  const parsed = offerFieldsFromForm(form);
  if (!parsed.ok) return formFailure({ errors: parsed.errors, values });
  const fields = parsed.fields;

  if (intent === "save") {
    const outcome = await runCommand(values, () => saveOfferDraft(db, clock, actor, tenderId, lotId, { fields }));
    return outcome.ok ? back("Uw concept is opgeslagen. Het is nog niet ingediend.") : outcome.response;
  }

  if (intent === "upload") {
    const file = await uploadedFile(form, "file");
    const purpose = attachmentPurposeFromForm(form.get("purpose"));
    if (!file || !purpose) {
      return formFailure({ errors: { ...(purpose ? {} : { purpose: ["Kies waar de bijlage bij hoort."] }), ...(file ? {} : { file: ["Kies een PDF-bestand."] }) }, values });
    }
    const outcome = await runCommand(values, () => saveOfferDraft(db, clock, actor, tenderId, lotId, { fields, upload: { purpose, fileName: file.fileName, bytes: file.bytes } }));
    return outcome.ok ? back(`De bijlage “${outcome.result.attachment?.fileName ?? file.fileName}” is toegevoegd en uw concept is opgeslagen.`, "#bijlagen-titel") : outcome.response;
  }

  if (intent.startsWith("remove:")) {
    const fileId = intent.slice("remove:".length);
    const outcome = await runCommand(values, () => saveOfferDraft(db, clock, actor, tenderId, lotId, { fields, removeFileId: fileId }));
    return outcome.ok ? back("De bijlage is verwijderd en uw concept is opgeslagen.", "#bijlagen-titel") : outcome.response;
  }

  if (intent === "submit") {
    const outcome = await runCommand(values, () => submitOffer(db, clock, actor, tenderId, lotId, { fields }));
    if (!outcome.ok) return outcome.response;
    const receipt = outcome.result;
    return back(
      `Uw inschrijving is ingediend: versie ${receipt.version}, ontvangen op ${formatDateTime(receipt.submittedAt)}. Controlewaarde (SHA-256): ${receipt.contentHash}`,
      "#ontvangstbewijs-titel",
    );
  }

  return formFailure({ errors: { form: ["Onbekende handeling."] }, values });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Workspace = Data["workspace"];
type Failure = { errors: FieldErrors; values: Record<string, string | string[]> } | undefined;

const statusLabels = { draft: "Concept, nog niet ingediend", submitted: "Ingediend", withdrawn: "Ingetrokken" } as const;
const eventLabels = { created: "Concept aangemaakt", submitted: "Ingediend", withdrawn: "Ingetrokken", reconfirmationRequested: "Opnieuw indienen gevraagd" } as const;

function purposeLabel(workspace: Workspace, purpose: AttachmentPurpose): string {
  switch (purpose.kind) {
    case "uea":
      return "UEA";
    case "criterion":
      return `Gunningscriterium: ${workspace.criteria.find((criterion) => criterion.id === purpose.criterionId)?.name ?? "vervallen onderdeel"}`;
    case "requirement": {
      const requirement = workspace.requirements.find((candidate) => candidate.id === purpose.requirementId);
      return requirement ? `${requirement.kind === "mandatory" ? "Eis" : "Wens"}: ${requirement.title}` : "Vervallen onderdeel";
    }
  }
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10)} MB` : `${formatNumber(Math.max(1, Math.ceil(bytes / 1024)))} kB`;
}

function FieldError({ id, errors }: { id: string; errors?: FieldErrors }) {
  const messages = errors?.[id];
  if (!messages?.length) return null;
  return (
    <p id={`${id}-fout`} className="text-sm font-semibold text-red-700">
      <span className="sr-only">Fout: </span>
      {messages.join(" ")}
    </p>
  );
}

function SaveButton() {
  return (
    <button type="submit" name="intent" value="save" className="rounded border-2 border-brand-700 bg-white px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
      Concept opslaan
    </button>
  );
}

function Section({ id, title, intro, children }: { id: string; title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded border border-slate-300 bg-white p-5 shadow-sm">
      <h3 id={id} className="mb-2 text-xl font-semibold">
        {title}
      </h3>
      {intro ? <div className="mb-4 max-w-prose text-slate-800">{intro}</div> : null}
      {children}
    </section>
  );
}

export default function OfferPage() {
  const { workspace, maxMegabytes } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure;
  const { tender, lot, offer } = workspace;
  const latest = workspace.versions.at(-1);
  const base = `/aanbestedingen/${tender.id}/inschrijving/${lot.id}`;
  return (
    <div className="flex flex-col gap-6">
      <p className="text-sm">
        <a href={`/aanbestedingen/${tender.id}/inschrijving`}>← Alle percelen</a>
      </p>
      <section aria-labelledby="perceel-titel">
        <h2 id="perceel-titel" className="mb-2 text-2xl font-semibold">
          Inschrijving perceel {lot.number}: {lot.title}
        </h2>
        <dl className="mb-3 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[14rem_1fr]">
          <dt className="font-semibold">Inschrijver</dt>
          <dd>
            {workspace.organisation.name} (KvK {workspace.organisation.kvkNumber})
          </dd>
          <dt className="font-semibold">Stand</dt>
          <dd>
            {offer ? statusLabels[offer.status] : "Nog niets opgeslagen"}
            {offer?.status === "submitted" ? ` (versie ${offer.submittedVersion}${offer.submittedAt ? `, ${formatDateTime(offer.submittedAt)}` : ""})` : ""}
          </dd>
          <dt className="font-semibold">Programma van eisen</dt>
          <dd>versie {tender.version}</dd>
          <dt className="font-semibold">Sluiting</dt>
          <dd>
            <Deadline label="Inschrijven tot" at={tender.submissionDeadline} now={workspace.now} />
          </dd>
        </dl>
        <p className="max-w-prose text-sm text-slate-700">
          Uw inschrijving is verzegeld tot de opening na de sluiting: niemand bij de gemeenten kan haar inzien. U kunt tot de sluiting een concept opslaan, indienen, herzien (een nieuwe versie) en
          intrekken. Na de sluiting weigert het portaal elke wijziging, ongeacht wat uw browser aangeeft.
        </p>
        {offer?.needsReconfirmation ? (
          <div role="alert" className="mt-3 rounded border-2 border-amber-700 bg-amber-50 p-4">
            <p className="font-semibold">Dien uw inschrijving opnieuw in.</p>
            <p>
              Het programma van eisen is materieel gewijzigd: nu geldt versie {tender.version}. Uw ingediende inschrijving (versie {offer.submittedVersion}
              {workspace.submitted ? `, op basis van versie ${workspace.submitted.tenderVersion} van het programma van eisen` : ""}) moet u opnieuw indienen op basis van de nieuwe versie.
              Controleer vooral de prijzen, eisen en gunningscriteria hieronder.
            </p>
          </div>
        ) : null}
        {offer?.hasUnsubmittedChanges && !offer.needsReconfirmation ? (
          <p className="mt-3 rounded border-2 border-amber-700 bg-amber-50 p-3">
            U hebt wijzigingen opgeslagen die nog niet zijn ingediend. Tot u opnieuw indient, geldt versie {offer.submittedVersion}.
          </p>
        ) : null}
        {offer?.status === "withdrawn" ? (
          <p className="mt-3 rounded border-2 border-slate-500 bg-slate-50 p-3">
            Uw inschrijving is ingetrokken{offer.withdrawnAt ? ` op ${formatDateTime(offer.withdrawnAt)}` : ""}. Zij telt niet mee{tender.open ? ", tenzij u haar vóór de sluiting opnieuw indient" : ""}.
          </p>
        ) : null}
        {!workspace.organisation.maySubmit && workspace.organisation.reason ? (
          <p className="mt-3 rounded border-2 border-amber-700 bg-amber-50 p-3">
            <strong>Let op:</strong> {workspace.organisation.reason}
          </p>
        ) : null}
      </section>

      {latest ? (
        <section aria-labelledby="ontvangstbewijs-titel" className="rounded border-2 border-green-700 bg-green-50 p-4">
          <h3 id="ontvangstbewijs-titel" className="mb-2 text-xl font-semibold">
            Ontvangstbewijs van versie {latest.version}
          </h3>
          <dl className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[14rem_1fr]">
            <dt className="font-semibold">Ontvangen op</dt>
            <dd>
              <time dateTime={latest.submittedAt}>{formatDateTime(latest.submittedAt)}</time>
            </dd>
            <dt className="font-semibold">Controlewaarde (SHA-256)</dt>
            <dd>
              <code className="break-all" data-testid="ontvangstbewijs-hash">
                {latest.contentHash}
              </code>
            </dd>
          </dl>
          <p className="mt-2 flex flex-wrap gap-4">
            <a href={`${base}/ontvangstbewijs/${latest.version}.pdf`} download>
              Ontvangstbewijs versie {latest.version} downloaden (PDF)
            </a>
            <a href={`${base}/inhoud/${latest.version}.json`} download>
              Vastgelegde inhoud versie {latest.version} downloaden (JSON)
            </a>
          </p>
          {offer?.status === "withdrawn" ? <p className="mt-2 text-sm">Deze versie is ingetrokken.</p> : null}
        </section>
      ) : null}

      {!tender.open && failure?.errors.form ? (
        // a page opened before the deadline and posted after it: the server refused, say so
        <p role="alert" className="rounded border-2 border-red-700 bg-red-50 p-3 font-semibold text-red-800">
          {failure.errors.form.join(" ")}
        </p>
      ) : null}
      {tender.open ? <OfferForm workspace={workspace} failure={failure} maxMegabytes={maxMegabytes} /> : <ClosedView workspace={workspace} />}

      {tender.open && offer?.status === "submitted" ? (
        <section aria-labelledby="intrekken-titel" className="rounded border border-slate-300 bg-white p-5 shadow-sm">
          <h3 id="intrekken-titel" className="mb-2 text-xl font-semibold">
            Inschrijving intrekken
          </h3>
          <p className="mb-3 max-w-prose">
            Na intrekken telt uw inschrijving op dit perceel niet mee. De ingediende versies blijven bewaard, en u kunt tot de sluiting opnieuw indienen.
          </p>
          {failure?.values?.intent === "withdraw" && failure.errors.form ? (
            <p role="alert" className="mb-3 font-semibold text-red-700">
              {failure.errors.form.join(" ")}
            </p>
          ) : null}
          <Form method="post" encType="multipart/form-data">
            <CsrfInput />
            <button type="submit" name="intent" value="withdraw" className="rounded bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-900">
              Inschrijving intrekken
            </button>
          </Form>
        </section>
      ) : null}

      <History workspace={workspace} base={base} />
    </div>
  );
}

function OfferForm({ workspace, failure, maxMegabytes }: { workspace: Workspace; failure: Failure; maxMegabytes: number }) {
  const { draft } = workspace;
  const failed = failure && failure.values?.intent !== "withdraw" ? failure : undefined;
  const errors = failed?.errors;
  const typed = (name: string, fallback: string) => (failed && name in failed.values ? String(failed.values[name] ?? "") : fallback);
  const answers = new Map(draft.answers.map((answer) => [answer.criterionId, answer.text]));
  const confirmations = new Map(draft.requirements.map((entry) => [entry.requirementId, entry]));
  const prices = new Map(draft.prices.map((price) => [price.priceComponentId, price.unitPriceCents]));
  const metValue = (requirementId: string) => {
    if (failed) return String(failed.values[offerFields.met(requirementId)] ?? "");
    const met = confirmations.get(requirementId)?.met;
    return met === true ? "ja" : met === false ? "nee" : "";
  };
  const uea = failed ? failed.values[offerFields.ueaDeclared] === "on" : draft.ueaDeclared;
  const purposeOptions = [
    ...workspace.criteria.map((criterion) => ({ value: attachmentPurposeValue({ kind: "criterion", criterionId: criterion.id }), label: `Gunningscriterium: ${criterion.name}` })),
    ...workspace.requirements.map((requirement) => ({
      value: attachmentPurposeValue({ kind: "requirement", requirementId: requirement.id }),
      label: `${requirement.evidenceRequired ? "Bewijs bij " : ""}${requirement.kind === "mandatory" ? "eis" : "wens"}: ${requirement.title}`,
    })),
    { value: "uea", label: "UEA (Uniform Europees Aanbestedingsdocument)" },
  ];

  return (
    <Form method="post" encType="multipart/form-data" noValidate key={workspace.revision} className="flex flex-col gap-6" aria-labelledby="formulier-titel">
      <h2 id="formulier-titel" className="sr-only">
        Inschrijvingsformulier
      </h2>
      <CsrfInput />
      <ErrorSummary errors={errors} fieldLabels={{ file: "Bijlage", purpose: "Hoort bij" }} />

      <Section
        id="prijzen-titel"
        title="Prijzen"
        intro="Vul per prijscomponent de prijs per eenheid in, in euro exclusief btw. Het portaal rekent de totalen uit: prijs per eenheid × verwachte hoeveelheid, exact in centen."
      >
        {workspace.priceLines.map((line) => (
          <TextField
            key={line.priceComponentId}
            name={offerFields.price(line.priceComponentId)}
            label={`${line.name}: prijs ${priceUnitLabels[line.unit]} (euro)`}
            hint={`Verwachte hoeveelheid: ${formatNumber(line.quantity)}. ${line.totalCents !== null ? `Totaal bij de opgeslagen prijs: ${formatEuroCents(line.totalCents)}.` : "Het totaal verschijnt na opslaan."}`}
            inputMode="decimal"
            autoComplete="off"
            defaultValue={typed(offerFields.price(line.priceComponentId), centsForInput(prices.get(line.priceComponentId) ?? null))}
            errors={errors}
          />
        ))}
        <div className="overflow-x-auto">
          <table className="mb-4 min-w-full border-collapse text-left text-sm">
            <caption className="mb-1 text-left font-semibold">Berekende totalen (opgeslagen concept)</caption>
            <thead>
              <tr className="border-b-2 border-slate-700">
                <th scope="col" className="p-2">
                  Prijscomponent
                </th>
                <th scope="col" className="p-2 text-right">
                  Prijs per eenheid
                </th>
                <th scope="col" className="p-2 text-right">
                  Verwachte hoeveelheid
                </th>
                <th scope="col" className="p-2 text-right">
                  Totaal
                </th>
              </tr>
            </thead>
            <tbody>
              {workspace.priceLines.map((line) => (
                <tr key={line.priceComponentId} className="border-b border-slate-300">
                  <th scope="row" className="p-2 font-normal">
                    {line.name} ({priceUnitLabels[line.unit]})
                  </th>
                  <td className="p-2 text-right">{line.unitPriceCents !== null ? formatEuroCents(line.unitPriceCents) : "–"}</td>
                  <td className="p-2 text-right">{formatNumber(line.quantity)}</td>
                  <td className="p-2 text-right">{line.totalCents !== null ? formatEuroCents(line.totalCents) : "–"}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" className="p-2">
                  Totaalprijs
                </th>
                <td className="p-2" />
                <td className="p-2" />
                <td className="p-2 text-right font-semibold" id={offerFields.totalPrice} tabIndex={-1}>
                  {workspace.totalPriceCents !== null ? formatEuroCents(workspace.totalPriceCents) : "nog niet compleet"}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
        <FieldError id={offerFields.totalPrice} errors={errors} />
        <SaveButton />
      </Section>

      <Section
        id="gunningscriteria-titel"
        title="Gunningscriteria"
        intro={`Beantwoord elk kwaliteitscriterium; de beoordelaars scoren uw antwoord. Hoogstens ${formatNumber(MAX_ANSWER_LENGTH)} tekens per antwoord. Een bijlage bij een antwoord voegt u toe onder Bijlagen.`}
      >
        {workspace.criteria.length === 0 ? <p>Deze aanbesteding heeft geen kwaliteitscriteria.</p> : null}
        {workspace.criteria.map((criterion) => (
          <TextAreaField
            key={criterion.id}
            name={offerFields.answer(criterion.id)}
            label={`${criterion.name} (weging ${criterion.weight})`}
            hint={criterion.description || undefined}
            rows={8}
            maxLength={MAX_ANSWER_LENGTH}
            defaultValue={typed(offerFields.answer(criterion.id), answers.get(criterion.id) ?? "")}
            errors={errors}
          />
        ))}
        <SaveButton />
      </Section>

      <Section
        id="eisen-titel"
        title="Eisen en wensen"
        intro="Geef bij elke eis en wens aan of u eraan voldoet. Een wens licht u toe; voldoet u niet aan een eis, licht dat dan toe. Let op: wie niet voldoet aan een eis, wordt na de opening uitgesloten."
      >
        {workspace.requirements.length === 0 ? <p>Voor dit perceel gelden geen eisen of wensen.</p> : null}
        {workspace.requirements.map((requirement) => {
          const metName = offerFields.met(requirement.id);
          const evidenceName = offerFields.evidence(requirement.id);
          const evidence = draft.attachments.filter((attachment) => attachment.purpose.kind === "requirement" && attachment.purpose.requirementId === requirement.id);
          const metError = errors?.[metName];
          const current = metValue(requirement.id);
          return (
            <fieldset
              key={requirement.id}
              id={metName}
              tabIndex={-1}
              className="mb-6 rounded border border-slate-300 p-4"
              aria-describedby={[`${metName}-omschrijving`, metError?.length ? `${metName}-fout` : null].filter(Boolean).join(" ")}
            >
              <legend className="px-1 font-semibold">
                {requirement.kind === "mandatory" ? "Eis" : "Wens"}: {requirement.title}
              </legend>
              <p id={`${metName}-omschrijving`} className="mb-2 max-w-prose whitespace-pre-line text-sm text-slate-800">
                {requirement.description}
                {requirement.evidenceRequired ? " Bewijs (PDF) is vereist." : ""}
              </p>
              <FieldError id={metName} errors={errors} />
              <div className="mb-3 flex gap-6">
                {(["ja", "nee"] as const).map((option) => (
                  <label key={option} className="flex items-center gap-2">
                    <input type="radio" name={metName} value={option} defaultChecked={current === option} className="h-5 w-5" aria-invalid={metError?.length ? true : undefined} />
                    {option === "ja" ? "Ja, wij voldoen hieraan" : "Nee, wij voldoen hier niet aan"}
                  </label>
                ))}
              </div>
              <TextAreaField
                name={offerFields.explanation(requirement.id)}
                label={`Toelichting bij ‘${requirement.title}’${requirement.kind === "scored" ? "" : " (verplicht als u niet voldoet)"}`}
                rows={3}
                maxLength={MAX_EXPLANATION_LENGTH}
                defaultValue={typed(offerFields.explanation(requirement.id), confirmations.get(requirement.id)?.explanation ?? "")}
                errors={errors}
              />
              {requirement.evidenceRequired ? (
                <div id={evidenceName} tabIndex={-1}>
                  <p className="text-sm font-semibold">Bewijs</p>
                  <FieldError id={evidenceName} errors={errors} />
                  {evidence.length ? (
                    <ul className="list-disc pl-5 text-sm">
                      {evidence.map((attachment) => (
                        <li key={attachment.fileId}>{attachment.fileName}</li>
                      ))}
                    </ul>
                  ) : (
                    <p className="text-sm text-slate-700">Nog geen bewijs toegevoegd. Voeg het toe onder Bijlagen, bij ‘Bewijs bij eis: {requirement.title}’.</p>
                  )}
                </div>
              ) : null}
            </fieldset>
          );
        })}
        <SaveButton />
      </Section>

      <Section
        id="uea-titel"
        title="UEA en ondertekening"
        intro="Met het Uniform Europees Aanbestedingsdocument (UEA) verklaart u onder meer dat er geen uitsluitingsgronden op uw organisatie van toepassing zijn."
      >
        <div className="mb-4">
          <FieldError id={offerFields.ueaDeclared} errors={errors} />
          <label className="flex items-start gap-2">
            <input
              type="checkbox"
              id={offerFields.ueaDeclared}
              name={offerFields.ueaDeclared}
              defaultChecked={uea}
              className="mt-1 h-5 w-5"
              aria-invalid={errors?.[offerFields.ueaDeclared]?.length ? true : undefined}
              aria-describedby={errors?.[offerFields.ueaDeclared]?.length ? `${offerFields.ueaDeclared}-fout` : undefined}
            />
            <span>Ik verklaar namens {workspace.organisation.name} dat de gegevens in het UEA juist en volledig zijn.</span>
          </label>
        </div>
        <TextField name={offerFields.signedByName} label="Ondertekend door (naam)" autoComplete="name" maxLength={200} defaultValue={typed(offerFields.signedByName, draft.signedByName)} errors={errors} />
        <TextField name={offerFields.signedByRole} label="Functie van de ondertekenaar" autoComplete="organization-title" maxLength={200} defaultValue={typed(offerFields.signedByRole, draft.signedByRole)} errors={errors} />
        <SaveButton />
      </Section>

      <Section id="bijlagen-titel" title="Bijlagen" intro={`Alleen PDF-bestanden van hoogstens ${maxMegabytes} MB. Het portaal controleert de inhoud, niet alleen de naam. Van elke bijlage komt de SHA-256 in uw ontvangstbewijs.`}>
        <div id={offerFields.attachments} tabIndex={-1}>
          <FieldError id={offerFields.attachments} errors={errors} />
          {draft.attachments.length === 0 ? (
            <p className="mb-4 text-slate-700">Nog geen bijlagen.</p>
          ) : (
            <div className="mb-4 overflow-x-auto">
              <table className="min-w-full border-collapse text-left text-sm">
                <caption className="mb-1 text-left font-semibold">Bijlagen in het concept</caption>
                <thead>
                  <tr className="border-b-2 border-slate-700">
                    <th scope="col" className="p-2">
                      Bestand
                    </th>
                    <th scope="col" className="p-2">
                      Hoort bij
                    </th>
                    <th scope="col" className="p-2 text-right">
                      Grootte
                    </th>
                    <th scope="col" className="p-2">
                      <span className="sr-only">Acties</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {draft.attachments.map((attachment) => (
                    <tr key={attachment.fileId} className="border-b border-slate-300">
                      <th scope="row" className="p-2 font-normal">
                        <a href={`/aanbestedingen/${workspace.tender.id}/inschrijving/${workspace.lot.id}/bijlagen/${attachment.fileId}`}>{attachment.fileName}</a>
                      </th>
                      <td className="p-2">{purposeLabel(workspace, attachment.purpose)}</td>
                      <td className="p-2 text-right">{sizeText(attachment.sizeBytes)}</td>
                      <td className="p-2">
                        <button type="submit" name="intent" value={`remove:${attachment.fileId}`} className="font-semibold text-red-700 underline hover:text-red-900" aria-label={`Verwijderen: ${attachment.fileName}`}>
                          Verwijderen
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
        <SelectField name="purpose" label="Hoort bij" placeholder="Kies…" options={purposeOptions} defaultValue={typed("purpose", "")} errors={errors} />
        <TextField name="file" label="PDF-bestand" hint={`Alleen PDF, hoogstens ${maxMegabytes} MB.`} type="file" accept="application/pdf" errors={errors} />
        <button type="submit" name="intent" value="upload" className="rounded border-2 border-brand-700 bg-white px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
          Bijlage toevoegen
        </button>
      </Section>

      <div className="flex flex-wrap gap-4">
        <SaveButton />
        <button type="submit" name="intent" value="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900">
          Inschrijving indienen
        </button>
      </div>
      <p className="max-w-prose text-sm text-slate-700">
        Indienen slaat eerst op wat u hebt ingevuld en legt dan een nieuwe, onveranderlijke versie vast met een ontvangstbewijs. Een eerder ingediende versie blijft bewaard.
      </p>
    </Form>
  );
}

function ClosedView({ workspace }: { workspace: Workspace }) {
  const { submitted, offer, tender } = workspace;
  const heading = tender.cancelled ? "Deze aanbesteding is ingetrokken" : "De inschrijftermijn is verstreken";
  return (
    <section aria-labelledby="gesloten-titel" className="rounded border border-slate-300 bg-white p-5 shadow-sm">
      <h3 id="gesloten-titel" className="mb-2 text-xl font-semibold">
        {heading}
      </h3>
      {!submitted || offer?.status !== "submitted" ? (
        <p>{offer?.status === "withdrawn" ? "Uw inschrijving op dit perceel is ingetrokken en telt niet mee." : "U hebt op dit perceel geen inschrijving ingediend."}</p>
      ) : (
        <>
          <p className="mb-3 max-w-prose">Dit is uw ingediende inschrijving (versie {submitted.version}). Zij kan niet meer worden gewijzigd.</p>
          <div className="overflow-x-auto">
            <table className="mb-4 min-w-full border-collapse text-left text-sm">
              <caption className="mb-1 text-left font-semibold">Prijzen</caption>
              <thead>
                <tr className="border-b-2 border-slate-700">
                  <th scope="col" className="p-2">
                    Prijscomponent
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Prijs per eenheid
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Hoeveelheid
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Totaal
                  </th>
                </tr>
              </thead>
              <tbody>
                {submitted.prices.map((line) => (
                  <tr key={line.priceComponentId} className="border-b border-slate-300">
                    <th scope="row" className="p-2 font-normal">
                      {line.name}
                    </th>
                    <td className="p-2 text-right">{formatEuroCents(line.unitPriceCents)}</td>
                    <td className="p-2 text-right">{formatNumber(line.quantity)}</td>
                    <td className="p-2 text-right">{formatEuroCents(line.totalCents)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" className="p-2">
                    Totaalprijs
                  </th>
                  <td className="p-2" />
                  <td className="p-2" />
                  <td className="p-2 text-right font-semibold">{formatEuroCents(submitted.totalPriceCents)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
          <h4 className="mb-1 font-semibold">Antwoorden op de gunningscriteria</h4>
          {submitted.answers.map((answer) => (
            <div key={answer.criterionId} className="mb-3">
              <p className="font-semibold">{answer.criterionName}</p>
              <p className="max-w-prose whitespace-pre-line">{answer.text}</p>
            </div>
          ))}
          <h4 className="mb-1 font-semibold">Eisen en wensen</h4>
          <ul className="mb-3 list-disc pl-5">
            {submitted.requirements.map((requirement) => (
              <li key={requirement.requirementId}>
                {requirement.kind === "mandatory" ? "Eis" : "Wens"} ‘{requirement.title}’: {requirement.met ? "voldoet" : "voldoet niet"}
                {requirement.explanation ? ` – ${requirement.explanation}` : ""}
              </li>
            ))}
          </ul>
          <p>
            Ondertekend door {submitted.signedByName}, {submitted.signedByRole}. UEA-verklaring afgegeven.
          </p>
          {submitted.attachments.length ? (
            <>
              <h4 className="mt-3 mb-1 font-semibold">Bijlagen</h4>
              <ul className="list-disc pl-5">
                {submitted.attachments.map((attachment) => (
                  <li key={attachment.fileId}>
                    <a href={`/aanbestedingen/${tender.id}/inschrijving/${workspace.lot.id}/bijlagen/${attachment.fileId}`}>{attachment.fileName}</a> ({purposeLabel(workspace, attachment.purpose)})
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}

function History({ workspace, base }: { workspace: Workspace; base: string }) {
  if (workspace.versions.length === 0 && workspace.events.length === 0) return null;
  return (
    <section aria-labelledby="geschiedenis-titel" className="rounded border border-slate-300 bg-white p-5 shadow-sm">
      <h3 id="geschiedenis-titel" className="mb-2 text-xl font-semibold">
        Geschiedenis
      </h3>
      {workspace.versions.length ? (
        <div className="mb-4 overflow-x-auto">
          <table className="min-w-full border-collapse text-left text-sm">
            <caption className="mb-1 text-left font-semibold">Ingediende versies</caption>
            <thead>
              <tr className="border-b-2 border-slate-700">
                <th scope="col" className="p-2">
                  Versie
                </th>
                <th scope="col" className="p-2">
                  Ingediend op
                </th>
                <th scope="col" className="p-2">
                  Door
                </th>
                <th scope="col" className="p-2 text-right">
                  Totaalprijs
                </th>
                <th scope="col" className="p-2">
                  Controlewaarde (SHA-256)
                </th>
                <th scope="col" className="p-2">
                  Ontvangstbewijs
                </th>
              </tr>
            </thead>
            <tbody>
              {workspace.versions.map((version) => (
                <tr key={version.version} className="border-b border-slate-300">
                  <th scope="row" className="p-2 font-normal">
                    {version.version} (PvE versie {version.tenderVersion})
                  </th>
                  <td className="p-2">
                    <time dateTime={version.submittedAt}>{formatDateTime(version.submittedAt)}</time>
                  </td>
                  <td className="p-2">{version.submittedByName}</td>
                  <td className="p-2 text-right">{formatEuroCents(version.totalPriceCents)}</td>
                  <td className="p-2">
                    <code className="break-all text-xs">{version.contentHash}</code>
                  </td>
                  <td className="p-2">
                    <a href={`${base}/ontvangstbewijs/${version.version}.pdf`} download aria-label={`Ontvangstbewijs versie ${version.version} (PDF)`}>
                      Ontvangstbewijs versie {version.version} (PDF)
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h4 className="mb-1 font-semibold">Gebeurtenissen</h4>
      <ol className="list-decimal pl-5 text-sm">
        {workspace.events.map((event, index) => (
          <li key={`${event.occurredAt}-${index}`}>
            <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>: {eventLabels[event.kind]}
            {event.version !== null ? ` (versie ${event.version})` : ""} – {event.actorName}
            {event.note ? `. ${event.note}` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}
