import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { PortalForm, SubmitButton, TextField, type FieldErrors } from "~/components/form";
import { Card, EmptyState } from "~/components/page-header";
import { getDb } from "~/db.server";
import { DEFAULT_MAX_FILE_BYTES } from "~/domain/files/file-storage.server";
import { addTenderDocument, getTender, removeTenderDocument } from "~/domain/tenders/tenders.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatNumber } from "~/utils/format";
import { formFailure, formValues, parseForm, query, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { readMultipartForm, uploadedFile } from "~/utils/upload.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

export const meta: MetaFunction = () => [{ title: "Documenten – Leerrouteportaal Westfriesland" }];

const uploadFormSchema = z.object({
  title: z.string({ error: "Vul de titel van het document in." }).trim().min(1, "Vul de titel van het document in.").max(200, "De titel is te lang (maximaal 200 tekens)."),
});

const fieldLabels = { title: "Titel", file: "Bestand" };

const kindLabels: Record<string, string> = {
  "application/pdf": "PDF",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:tenders");
  const tenderId = tenderIdFrom(params);
  const tender = await query(async () => getTender(await getDb(), getServerClock(), actor, tenderId, { draft: true }));
  // the limit comes from the server module: a .server import is empty in the browser bundle
  const maxMegabytes = DEFAULT_MAX_FILE_BYTES / (1024 * 1024);
  return json({ tenderId, documents: tender.content.documents, cancelled: tender.status === "cancelled", published: tender.versions.length > 0, maxMegabytes });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:tenders");
  const tenderId = tenderIdFrom(params);
  // Both forms of this page post multipart, so one reader checks the CSRF token for both; a file
  // above the limit comes back as a Dutch error at "file", not as a failed request.
  const upload = await readMultipartForm(request, { maxFileBytes: DEFAULT_MAX_FILE_BYTES });
  if (!upload.ok) return upload.response;
  const form = upload.form;
  const intent = String(form.get("intent") ?? "");
  const db = await getDb();
  const clock = getServerClock();
  const back = async (message: string) => redirect(`/aanbestedingen/${tenderId}/documenten`, { headers: { "Set-Cookie": await setFlash(message) } });

  if (intent === "upload") {
    const parsed = parseForm(uploadFormSchema, form);
    const file = await uploadedFile(form, "file");
    const values = { ...formValues(form), intent };
    if (!parsed.ok || !file) {
      return formFailure({ errors: { ...(parsed.ok ? {} : parsed.failure.errors), ...(file ? {} : { file: ["Kies een bestand."] }) }, values });
    }
    const outcome = await runCommand(values, () => addTenderDocument(db, clock, actor, tenderId, { title: parsed.data.title, fileName: file.fileName, bytes: file.bytes }));
    return outcome.ok ? back(`Het document “${parsed.data.title}” is toegevoegd aan het concept.`) : outcome.response;
  }

  if (intent === "remove") {
    const fileId = z.uuid().safeParse(form.get("fileId"));
    if (!fileId.success) return formFailure({ errors: { form: ["Onbekend document."] }, values: { intent } });
    const outcome = await runCommand({ intent }, () => removeTenderDocument(db, clock, actor, tenderId, fileId.data));
    return outcome.ok ? back("Het document is uit het concept verwijderd.") : outcome.response;
  }

  return formFailure({ errors: { form: ["Onbekende handeling."] }, values: {} });
}

type Failure = { errors: FieldErrors; values: Record<string, string | string[]> } | undefined;

export default function TenderDocuments() {
  const { tenderId, documents, cancelled, published, maxMegabytes } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure;
  const uploadFailure = failure?.values?.intent === "upload" ? failure : undefined;
  const removeFailure = failure?.values?.intent === "remove" ? failure : undefined;
  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="documenten-titel">
        <h2 id="documenten-titel" className="mb-2 text-2xl font-semibold">
          Documenten in het concept
        </h2>
        <p className="mb-4 max-w-prose text-slate-800">
          Bijlagen bij het programma van eisen, zoals de conceptovereenkomst of een prijsformulier.
          {published ? " Aanbieders zien een wijziging pas na publicatie van een nieuwe versie; documenten van eerdere versies blijven voor hen te downloaden." : ""}
        </p>
        {removeFailure?.errors.form ? (
          <p role="alert" className="mb-4 font-semibold text-red-700">
            {removeFailure.errors.form.join(" ")}
          </p>
        ) : null}
        {documents.length === 0 ? (
          <EmptyState>Er zijn nog geen documenten.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full border-collapse bg-white text-left text-sm">
              <caption className="sr-only">Documenten in het concept</caption>
              <thead>
                <tr className="border-b-2 border-slate-700">
                  <th scope="col" className="p-2">
                    Titel
                  </th>
                  <th scope="col" className="p-2">
                    Bestand
                  </th>
                  <th scope="col" className="p-2">
                    Soort
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
                {documents.map((document) => (
                  <tr key={document.fileId} className="border-b border-slate-300">
                    <th scope="row" className="p-2 font-normal">
                      <a href={`/aanbestedingen/${tenderId}/documenten/${document.fileId}`}>{document.title}</a>
                    </th>
                    <td className="p-2">{document.fileName}</td>
                    <td className="p-2">{kindLabels[document.mimeType] ?? document.mimeType}</td>
                    <td className="p-2 text-right">{formatNumber(Math.ceil(document.sizeBytes / 1024))} kB</td>
                    <td className="p-2">
                      {cancelled ? null : (
                        <Form method="post" encType="multipart/form-data">
                          <CsrfInput />
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="fileId" value={document.fileId} />
                          <button type="submit" className="font-semibold text-red-700 underline hover:text-red-900" aria-label={`Verwijderen: ${document.title}`}>
                            Verwijderen
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {cancelled ? (
        <p>Deze aanbesteding is ingetrokken; er kunnen geen documenten meer worden toegevoegd.</p>
      ) : (
        <Card title="Document toevoegen" id="document-toevoegen-titel">
          <PortalForm encType="multipart/form-data" errors={uploadFailure?.errors} fieldLabels={fieldLabels}>
            <input type="hidden" name="intent" value="upload" />
            <TextField name="title" label={fieldLabels.title} hint="Zoals aanbieders het te zien krijgen, bijvoorbeeld ‘Conceptovereenkomst’." maxLength={200} defaultValue={String(uploadFailure?.values.title ?? "")} errors={uploadFailure?.errors} />
            <TextField
              name="file"
              label={fieldLabels.file}
              hint={`Een PDF-, Word- (.docx) of Excel-bestand (.xlsx) van hoogstens ${maxMegabytes} MB.`}
              type="file"
              accept=".pdf,.docx,.xlsx"
              errors={uploadFailure?.errors}
            />
            <SubmitButton>Document toevoegen</SubmitButton>
          </PortalForm>
        </Card>
      )}
    </div>
  );
}
