import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorSummary } from "~/components/form";
import { AttachmentsSection } from "~/components/offer-form/attachments-section";
import { CriteriaSection } from "~/components/offer-form/criteria-section";
import { LatestReceipt, OfferHistory } from "~/components/offer-form/history";
import { OfferStatus } from "~/components/offer-form/offer-status";
import { PricesSection } from "~/components/offer-form/prices-section";
import { RequirementsSection } from "~/components/offer-form/requirements-section";
import { SaveButton, type Failure, type Workspace } from "~/components/offer-form/shared";
import { SignatureSection } from "~/components/offer-form/signature-section";
import { SubmittedOffer } from "~/components/offer-form/submitted-offer";
import { WithdrawSection } from "~/components/offer-form/withdraw-section";
import { getDb } from "~/db.server";
import { DEFAULT_MAX_FILE_BYTES } from "~/domain/files/file-storage.server";
import { attachmentPurposeFromForm, offerFieldsFromForm } from "~/domain/offers/offer-forms";
import { getOwnOffer, saveOfferDraft, submitOffer, withdrawOffer } from "~/domain/offers/offers.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatDateTime } from "~/utils/format";
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

export default function OfferPage() {
  const { workspace, maxMegabytes } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure;
  const { tender, offer } = workspace;
  return (
    <div className="flex flex-col gap-6">
      <p className="text-sm">
        <a href={`/aanbestedingen/${tender.id}/inschrijving`}>← Alle percelen</a>
      </p>
      <OfferStatus workspace={workspace} />
      <LatestReceipt workspace={workspace} />

      {!tender.open && failure?.errors.form ? (
        // a page opened before the deadline and posted after it: the server refused, say so
        <p role="alert" className="rounded border-2 border-red-700 bg-red-50 p-3 font-semibold text-red-800">
          {failure.errors.form.join(" ")}
        </p>
      ) : null}
      {tender.open ? <OfferForm workspace={workspace} failure={failure} maxMegabytes={maxMegabytes} /> : <SubmittedOffer workspace={workspace} />}

      {tender.open && offer?.status === "submitted" ? <WithdrawSection failure={failure} /> : null}

      <OfferHistory workspace={workspace} />
    </div>
  );
}

/** The one multipart form of the page: every section, saved together; a failed post (not a withdrawal) fills it with what was typed. */
function OfferForm({ workspace, failure, maxMegabytes }: { workspace: Workspace; failure: Failure; maxMegabytes: number }) {
  const failed = failure && failure.values?.intent !== "withdraw" ? failure : undefined;
  return (
    <Form method="post" encType="multipart/form-data" noValidate key={workspace.revision} className="flex flex-col gap-6" aria-labelledby="formulier-titel">
      <h2 id="formulier-titel" className="sr-only">
        Inschrijvingsformulier
      </h2>
      <CsrfInput />
      <ErrorSummary errors={failed?.errors} fieldLabels={{ file: "Bijlage", purpose: "Hoort bij" }} />

      <PricesSection workspace={workspace} failed={failed} />
      <CriteriaSection workspace={workspace} failed={failed} />
      <RequirementsSection workspace={workspace} failed={failed} />
      <SignatureSection workspace={workspace} failed={failed} />
      <AttachmentsSection workspace={workspace} failed={failed} maxMegabytes={maxMegabytes} />

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
