import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PortalForm, SubmitButton, TextAreaField, TextField, type FieldErrors } from "~/components/form";
import { EmptyState, PageHeader } from "~/components/page-header";
import { getDb } from "~/db.server";
import { RuleViolation, type RuleProblem } from "~/domain/errors";
import { importReportWorkbook } from "~/domain/reports/report-excel.server";
import { MAX_WORKBOOK_BYTES, workbookProblemMessage } from "~/domain/reports/report-workbook.server";
import { figureDefinitions, figureSectionLabels, figureSections, learningRouteLabels, type FigureKey } from "~/domain/reports/report-figures";
import { centsToEuros, parseEuroAmount, reportRowLabel } from "~/domain/reports/report-validation";
import { periodReportStatusLabels } from "~/domain/reports/reporting-periods";
import {
  addReportAttachment,
  getPeriodReport,
  MAX_REPORT_ATTACHMENTS,
  removeReportAttachment,
  narrativeLabels,
  reviewReport,
  reviewSectionLabels,
  reviewSections,
  saveReportDraft,
  submitReport,
  type ReportFigureRow,
} from "~/domain/reports/reports.server";
import type { ReportNarrative } from "~/domain/reports/report.sql";
import { startMailDelivery } from "~/domain/notifications/notifications.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatCalendarDate, formatDateTime, formatFileSize } from "~/utils/format";
import { formFailure, formValues, query, readForm, runCommand, toHttpError, type FormValues } from "~/utils/form.server";
import { readMultipartForm, uploadedFile } from "~/utils/upload.server";
import { DEFAULT_MAX_FILE_BYTES } from "~/domain/files/file-storage.server";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Rapportage ${data?.page.period.label ?? ""} – Leerrouteportaal Westfriesland` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const page = await query(async () => getPeriodReport(await getDb(), getServerClock(), actor, params.id ?? ""));
  // the limit comes from the server module: a .server import is empty in the browser bundle
  return json({ page, maxMegabytes: MAX_WORKBOOK_BYTES / (1024 * 1024), maxAttachmentMegabytes: DEFAULT_MAX_FILE_BYTES / (1024 * 1024), maxAttachments: MAX_REPORT_ATTACHMENTS });
}

const narrativeKeys = Object.keys(narrativeLabels) as (keyof ReportNarrative)[];
const fieldName = (rowIndex: number, key: FigureKey) => `f.${rowIndex}.${key}`;

const figureKeySet = new Set<string>(figureDefinitions.map((definition) => definition.key));

/**
 * The figures typed in the web form, row by row; rows left completely empty are not reported.
 * `formIndexOf[i]` is the form row of `rows[i]`, to put the server's refusals back at their input.
 */
function rowsFromForm(form: FormData, formRows: Awaited<ReturnType<typeof getPeriodReport>>["formRows"]): { rows: ReportFigureRow[]; problems: RuleProblem[]; formIndexOf: number[] } {
  const rows: ReportFigureRow[] = [];
  const problems: RuleProblem[] = [];
  const formIndexOf: number[] = [];
  formRows.forEach((formRow, rowIndex) => {
    const figures: ReportFigureRow["figures"] = {};
    let filled = false;
    for (const definition of figureDefinitions) {
      const raw = form.get(fieldName(rowIndex, definition.key));
      const text = typeof raw === "string" ? raw.trim() : "";
      if (text === "") continue;
      filled = true;
      const where = `${formRow.municipalityName}, ${reportRowLabel(formRow)}`;
      if (definition.kind === "cents") {
        const amount = parseEuroAmount(text);
        if (amount.ok) figures[definition.key] = amount.cents;
        else problems.push({ field: fieldName(rowIndex, definition.key), message: `${where}: ${amount.message}` });
        continue;
      }
      const value = Number(text.replace(",", "."));
      if (!/^-?\d+([.,]\d+)?$/.test(text) || !Number.isFinite(value)) problems.push({ field: fieldName(rowIndex, definition.key), message: `${where}: "${definition.label}" moet een getal zijn.` });
      else figures[definition.key] = value;
    }
    if (filled) {
      rows.push({ municipalityId: formRow.municipalityId, learningRoute: formRow.learningRoute, targetGroup: formRow.targetGroup, figures });
      formIndexOf.push(rowIndex);
    }
  });
  return { rows, problems, formIndexOf };
}

/**
 * Runs a report command; a refusal goes back to the form with each problem at its input where
 * there is one (a figure "rows.<i>.<key>", a text), the rest in the summary, and what was typed.
 */
async function runReportCommand<T>(values: FormValues, command: () => Promise<T>, formIndexOf: readonly number[]) {
  try {
    return { ok: true as const, result: await command() };
  } catch (error) {
    if (!(error instanceof RuleViolation)) throw toHttpError(error);
    const errors: Record<string, string[]> = {};
    const problems = error.problems.length ? error.problems : [{ field: "form", message: error.message }];
    for (const problem of problems) {
      const figure = /^rows\.(\d+)\.(\w+)$/.exec(problem.field);
      const formIndex = figure ? formIndexOf[Number(figure[1])] : undefined;
      const field =
        figure && formIndex !== undefined && figureKeySet.has(figure[2]!)
          ? fieldName(formIndex, figure[2] as FigureKey)
          : problem.field === "consistencyExplanation" || /^narrative\.\w+$/.test(problem.field)
            ? problem.field
            : "form";
      (errors[field] ??= []).push(problem.message);
    }
    return { ok: false as const, response: formFailure({ errors, values }) };
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  // the Excel upload and attachments post multipart; the reader checks the CSRF token too, and
  // turns a file above 20 MB into a Dutch error at its field instead of a failed request (the
  // workbook's own 5 MB limit is checked by the import)
  let form: FormData;
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const upload = await readMultipartForm(request, { maxFileBytes: DEFAULT_MAX_FILE_BYTES });
    if (!upload.ok) return upload.response;
    form = upload.form;
  } else {
    form = await readForm(request);
  }
  const values = formValues(form);
  const db = await getDb();
  const clock = getServerClock();
  const page = await query(() => getPeriodReport(db, clock, actor, params.id ?? ""));
  const intent = form.get("intent");
  const back = `/rapportages/${page.period.id}`;

  if (intent === "review") {
    const decision = form.get("decision") === "return" ? "return" : form.get("decision") === "accept" ? "accept" : null;
    if (!decision || !page.report) return formFailure({ errors: { decision: ["Kies accepteren of terugsturen."] }, values });
    const comments = Object.fromEntries(reviewSections.map((section) => [section, String(form.get(`comment.${section}`) ?? "")]));
    const outcome = await runCommand(values, () => reviewReport(db, clock, actor, page.report!.report.id, { decision, comments }), { allProblemsOnForm: true });
    if (!outcome.ok) return outcome.response;
    startMailDelivery(db, clock);
    return redirect(back, { headers: { "Set-Cookie": await setFlash(decision === "accept" ? "De rapportage is geaccepteerd." : "De rapportage is teruggestuurd naar de opdrachtnemer.") } });
  }

  if (intent === "attach") {
    const file = await uploadedFile(form, "attachment");
    if (!file) return formFailure({ errors: { attachment: ["Kies een bestand om toe te voegen (PDF, Excel of Word)."] }, values });
    // not allProblemsOnForm: a refused file (type, size, number, name) comes back at the field
    // "attachment", so the message stands at the file input and the summary links to it
    const added = await runCommand(values, () => addReportAttachment(db, clock, actor, page.period.id, { fileName: file.fileName, bytes: file.bytes }));
    if (!added.ok) return added.response;
    return redirect(back, { headers: { "Set-Cookie": await setFlash(`Bijlage ${added.result.fileName} is toegevoegd aan het concept.`) } });
  }

  if (intent === "removeAttachment") {
    const fileId = String(form.get("fileId") ?? "");
    const removed = await runCommand(values, () => removeReportAttachment(db, clock, actor, page.period.id, fileId), { allProblemsOnForm: true });
    if (!removed.ok) return removed.response;
    return redirect(back, { headers: { "Set-Cookie": await setFlash("De bijlage is uit het concept verwijderd.") } });
  }

  if (intent === "upload") {
    const file = await uploadedFile(form, "workbook");
    if (!file) return formFailure({ errors: { workbook: ["Kies het ingevulde Excel-bestand (.xlsx)."] }, values });
    const imported = await runCommand(values, () => importReportWorkbook(db, clock, actor, page.period.id, file.bytes), { allProblemsOnForm: true });
    if (!imported.ok) return imported.response;
    if (!imported.result.ok) return formFailure({ errors: { workbook: imported.result.problems.map(workbookProblemMessage) }, values });
    const warnings = imported.result.warnings.length
      ? ` Let op: bij ${imported.result.warnings.length === 1 ? "één rij sluiten" : `${imported.result.warnings.length} rijen sluiten`} de cijfers niet; licht dat bij het indienen toe.`
      : "";
    return redirect(back, { headers: { "Set-Cookie": await setFlash(`De cijfers uit het Excel-bestand staan hieronder; controleer ze en dien de rapportage in.${warnings}`) } });
  }

  if (intent === "save" || intent === "submit") {
    const { rows, problems, formIndexOf } = rowsFromForm(form, page.formRows);
    if (problems.length) {
      const errors: Record<string, string[]> = {};
      for (const problem of problems) (errors[problem.field] ??= []).push(problem.message);
      return formFailure({ errors, values });
    }
    const narrative = Object.fromEntries(narrativeKeys.map((key) => [key, String(form.get(`narrative.${key}`) ?? "")])) as unknown as ReportNarrative;
    // figures imported from Excel and then reviewed in the form keep "excel" as their source
    const source = form.get("source") === "excel" ? "excel" : "form";
    const saved = await runReportCommand(values, () => saveReportDraft(db, clock, actor, page.period.id, { rows, narrative, source }), formIndexOf);
    if (!saved.ok) return saved.response;
    if (intent === "save") return redirect(back, { headers: { "Set-Cookie": await setFlash("Het concept is opgeslagen.") } });
    const explanation = String(form.get("consistencyExplanation") ?? "");
    const submitted = await runReportCommand(values, () => submitReport(db, clock, actor, saved.result.reportId, { consistencyExplanation: explanation }), formIndexOf);
    if (!submitted.ok) return submitted.response;
    startMailDelivery(db, clock);
    return redirect(back, { headers: { "Set-Cookie": await setFlash("De rapportage is ingediend. De contractmanager beoordeelt haar.") } });
  }
  return formFailure({ errors: { form: ["Onbekende handeling."] }, values });
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>["page"];
type Version = NonNullable<Page["report"]>["versions"][number];

function shownValue(key: FigureKey, value: number | null | undefined): string {
  if (value === null || value === undefined) return "";
  return key === "invoicedCents" ? String(centsToEuros(value)).replace(".", ",") : String(value).replace(".", ",");
}

function VersionFigures({ version, werksaam }: { version: Version; werksaam: boolean }) {
  if (version.rows.length === 0) return <EmptyState>Geen cijfers ingevuld.</EmptyState>;
  const definitions = figureDefinitions.filter((definition) => werksaam || !("werksaamOnly" in definition && definition.werksaamOnly));
  return (
    // A wide table scrolls sideways; the region takes keyboard focus so it can be scrolled without a mouse.
    <div className="overflow-x-auto" role="region" aria-label={`Cijfers van versie ${version.number}`} tabIndex={0}>
      <table className="text-sm">
        <caption className="mb-1 text-left font-semibold">Cijfers van versie {version.number}</caption>
        <thead>
          <tr className="border-b-2 border-slate-700">
            <th scope="col" className="p-1 text-left">
              Cijfer
            </th>
            {version.rows.map((row) => (
              <th key={`${row.municipalityId}-${row.learningRoute}-${row.targetGroup}`} scope="col" className="p-1 text-right">
                {row.municipalityName}, {reportRowLabel(row)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {definitions.map((definition) => (
            <tr key={definition.key} className="border-b border-slate-300">
              <th scope="row" className="p-1 text-left font-normal">
                {definition.label}
              </th>
              {version.rows.map((row) => (
                <td key={`${row.municipalityId}-${row.learningRoute}-${row.targetGroup}`} className="p-1 text-right">
                  {shownValue(definition.key, row.figures[definition.key]) || "–"}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function ReportPage() {
  const { page, maxMegabytes, maxAttachmentMegabytes, maxAttachments } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  // the upload form, the attachment forms and the report form each show their own refusals
  const failedIntent = failure?.values?.intent;
  const uploadErrors: FieldErrors | undefined = failedIntent === "upload" ? failure?.errors : undefined;
  const attachmentErrors: FieldErrors | undefined = failedIntent === "attach" || failedIntent === "removeAttachment" ? failure?.errors : undefined;
  const formErrors: FieldErrors | undefined = failedIntent === "upload" || attachmentErrors ? undefined : failure?.errors;
  const versions = page.report?.versions ?? [];
  const latest = versions.at(-1);
  const werksaam = page.contract.kind === "serviceAgreement";
  const echoed = (name: string, fallback: string) => (failure?.values && name in failure.values ? String(failure.values[name]) : fallback);
  const startRows = latest?.rows ?? [];
  const definitions = figureDefinitions.filter((definition) => werksaam || !("werksaamOnly" in definition && definition.werksaamOnly));
  return (
    <>
      <PageHeader
        title={`Voortgangsrapportage ${page.period.label}`}
        intro={
          <>
            {page.contract.number} {page.contract.title}
            {page.contract.learningRoute ? ` (${learningRouteLabels[page.contract.learningRoute as keyof typeof learningRouteLabels]})` : ""}. Periode {formatCalendarDate(page.period.periodStart)} tot en met{" "}
            {formatCalendarDate(page.period.periodEnd)}, uiterlijk in te dienen op {formatCalendarDate(page.period.dueDate)}. Status: {periodReportStatusLabels[page.status]}.
          </>
        }
      />

      {page.canEdit ? (
        <section aria-labelledby="excel-titel" className="mb-8 rounded border border-slate-400 p-4">
          <h2 id="excel-titel" className="mb-2 text-xl font-semibold">
            Rapporteren met Excel
          </h2>
          <p className="mb-2">
            Liever in een spreadsheet? Download het sjabloon voor deze periode, vul de cijfers in en upload het ingevulde bestand. Het portaal controleert alle cijfers en
            zet ze in het formulier hieronder; u controleert ze daar en dient de rapportage in. Zolang er een fout in het bestand staat, wordt er niets opgeslagen.
          </p>
          <p className="mb-4">
            <a href={`/rapportages/${page.period.id}/sjabloon.xlsx`} download className="font-semibold text-blue-800 underline">
              Excel-sjabloon {page.period.label} downloaden
            </a>
          </p>
          <PortalForm encType="multipart/form-data" errors={uploadErrors} fieldLabels={{ workbook: "Excel-bestand" }}>
            <input type="hidden" name="intent" value="upload" />
            <TextField
              name="workbook"
              label="Excel-bestand uploaden"
              hint={`Het ingevulde sjabloon, opgeslagen als Excel-werkmap (.xlsx), van hoogstens ${maxMegabytes} MB.`}
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              errors={uploadErrors}
            />
            <SubmitButton variant="secondary">Uploaden en controleren</SubmitButton>
          </PortalForm>
        </section>
      ) : null}

      {page.canEdit ? (
        <PortalForm errors={formErrors} className="mb-8">
          <input type="hidden" name="source" value={latest?.status === "draft" && latest.source === "excel" ? "excel" : "form"} />
          <p className="mb-4 rounded border-2 border-amber-600 bg-amber-50 p-3">
            Vul alleen totalen in. Een voortgangsrapportage bevat nooit persoonsgegevens: geen namen, burgerservicenummers (BSN) of geboortedata, ook niet in de toelichting.
          </p>
          {page.formRows.map((row, rowIndex) => {
            const saved = startRows.find((other) => other.municipalityId === row.municipalityId && other.learningRoute === row.learningRoute && other.targetGroup === row.targetGroup);
            return (
              <fieldset key={`${row.municipalityId}-${row.learningRoute}-${row.targetGroup}`} className="mb-6 rounded border border-slate-400 p-3">
                <legend className="px-1 text-lg font-semibold">
                  {row.municipalityName}, {reportRowLabel(row)}
                </legend>
                {figureSections.map((section) => {
                  const inSection = definitions.filter((definition) => definition.section === section);
                  if (inSection.length === 0) return null;
                  return (
                    <div key={section} className="mb-2">
                      <h3 className="font-semibold">{figureSectionLabels[section]}</h3>
                      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-3">
                        {inSection.map((definition) => {
                          const name = fieldName(rowIndex, definition.key);
                          const error = formErrors?.[name];
                          return (
                            <div key={definition.key} className="flex flex-col text-sm">
                              <label htmlFor={name}>{definition.label}</label>
                              {error?.length ? (
                                <p id={`${name}-fout`} className="font-semibold text-red-700">
                                  <span className="sr-only">Fout: </span>
                                  {error.join(" ")}
                                </p>
                              ) : null}
                              <input
                                id={name}
                                name={name}
                                inputMode={definition.kind === "score" || definition.kind === "cents" ? "decimal" : "numeric"}
                                defaultValue={echoed(name, shownValue(definition.key, saved?.figures[definition.key]))}
                                aria-invalid={error?.length ? true : undefined}
                                aria-describedby={error?.length ? `${name}-fout` : undefined}
                                className={`w-32 rounded border-2 px-2 py-1 ${error?.length ? "border-red-700" : "border-slate-500"}`}
                              />
                            </div>
                          );
                        })}
                      </div>
                    </div>
                  );
                })}
              </fieldset>
            );
          })}
          <h2 className="mb-2 text-xl font-semibold">Toelichting per monitoringsniveau</h2>
          {narrativeKeys.map((key) => (
            <TextAreaField key={key} name={`narrative.${key}`} label={narrativeLabels[key]} errors={formErrors} defaultValue={echoed(`narrative.${key}`, latest?.narrative[key] ?? "")} />
          ))}
          <TextAreaField
            name="consistencyExplanation"
            label="Toelichting op cijfers die niet sluiten (alleen nodig bij een waarschuwing)"
            errors={formErrors}
            defaultValue={echoed("consistencyExplanation", latest?.consistencyExplanation ?? "")}
          />
          <div className="flex gap-3">
            <button type="submit" name="intent" value="save" className="rounded border-2 border-slate-700 px-4 py-2 font-semibold">
              Concept opslaan
            </button>
            <button type="submit" name="intent" value="submit" className="rounded bg-blue-800 px-4 py-2 font-semibold text-white">
              Opslaan en indienen
            </button>
          </div>
        </PortalForm>
      ) : null}

      {page.canEdit ? (
        <section aria-labelledby="bijlagen-titel" className="mb-8 rounded border border-slate-400 p-4">
          <h2 id="bijlagen-titel" className="mb-2 text-xl font-semibold">
            Bijlagen
          </h2>
          <p className="mb-2">
            Voeg desgewenst bijlagen toe die de cijfers of de toelichting ondersteunen (PDF, Excel of Word, hoogstens {maxAttachmentMegabytes} MB per bestand, {maxAttachments}{" "}
            bestanden per rapportage). Ook een bijlage bevat nooit persoonsgegevens: geen namen, BSN of geboortedata. Bijlagen worden met de rapportage ingediend.
          </p>
          {latest && latest.status !== "accepted" && latest.attachments.length ? (
            <ul className="mb-4">
              {latest.attachments.map((file) => (
                <li key={file.id} className="flex flex-wrap items-center gap-3">
                  <a href={`/rapportages/${page.period.id}/bijlagen/${file.id}`} className="text-blue-800 underline">
                    {file.fileName}
                  </a>
                  <span>({formatFileSize(file.sizeBytes)})</span>
                  <PortalForm className="inline" errors={undefined}>
                    <input type="hidden" name="intent" value="removeAttachment" />
                    <input type="hidden" name="fileId" value={file.id} />
                    <button type="submit" className="rounded border-2 border-slate-700 px-2 py-0.5 text-sm font-semibold">
                      Verwijderen<span className="sr-only"> {file.fileName}</span>
                    </button>
                  </PortalForm>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mb-4">Er zijn nog geen bijlagen toegevoegd.</p>
          )}
          <PortalForm encType="multipart/form-data" errors={attachmentErrors} fieldLabels={{ attachment: "Bijlage" }}>
            <input type="hidden" name="intent" value="attach" />
            <TextField
              name="attachment"
              label="Bijlage toevoegen"
              hint="PDF (.pdf), Excel (.xlsx) of Word (.docx)."
              type="file"
              accept=".pdf,.xlsx,.docx,application/pdf,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
              errors={attachmentErrors}
            />
            <SubmitButton variant="secondary">Bijlage uploaden</SubmitButton>
          </PortalForm>
        </section>
      ) : null}

      {page.canReview && latest ? (
        <section className="mb-8">
          <h2 className="mb-2 text-xl font-semibold">Beoordelen</h2>
          <VersionFigures version={latest} werksaam={werksaam} />
          <PortalForm errors={failure?.errors} className="mt-4">
            <input type="hidden" name="intent" value="review" />
            {reviewSections
              .filter((section) => werksaam || section !== "werksaam")
              .map((section) => (
                <TextAreaField key={section} name={`comment.${section}`} label={`Opmerking bij ${reviewSectionLabels[section].toLowerCase()}`} errors={failure?.errors} defaultValue={echoed(`comment.${section}`, "")} rows={2} />
              ))}
            <fieldset className="mb-4">
              <legend className="font-semibold">Besluit</legend>
              <label className="mr-4">
                <input type="radio" name="decision" value="accept" /> Accepteren
              </label>
              <label>
                <input type="radio" name="decision" value="return" /> Terugsturen met opmerkingen
              </label>
            </fieldset>
            <SubmitButton>Beoordeling vastleggen</SubmitButton>
          </PortalForm>
        </section>
      ) : null}

      <h2 className="mb-2 text-xl font-semibold">Versies</h2>
      {versions.length === 0 ? (
        <EmptyState>Er is nog niets opgeslagen voor deze periode.</EmptyState>
      ) : (
        <ol className="flex flex-col gap-4">
          {[...versions].reverse().map((version) => (
            <li key={version.id} className="rounded border border-slate-400 p-3">
              <h3 className="font-semibold">
                Versie {version.number}: {{ draft: "concept", submitted: "ingediend", returned: "teruggestuurd", accepted: "geaccepteerd" }[version.status]}
              </h3>
              {version.submittedAt ? (
                <p>
                  Ingediend door {version.submittedByName} op {formatDateTime(version.submittedAt)} ({version.source === "excel" ? "Excel" : "webformulier"})
                </p>
              ) : null}
              {version.reviewedAt ? (
                <p>
                  Beoordeeld door {version.reviewedByName} op {formatDateTime(version.reviewedAt)}
                </p>
              ) : null}
              {version.reviewComments ? (
                <dl className="mt-2">
                  {Object.entries(version.reviewComments).map(([section, comment]) => (
                    <div key={section}>
                      <dt className="font-semibold">{reviewSectionLabels[section as keyof typeof reviewSectionLabels] ?? section}</dt>
                      <dd className="mb-1 whitespace-pre-line">{comment}</dd>
                    </div>
                  ))}
                </dl>
              ) : null}
              {version.consistencyExplanation ? <p className="mt-2 whitespace-pre-line">Toelichting op de cijfers: {version.consistencyExplanation}</p> : null}
              {version.attachments.length ? (
                <div className="mt-2">
                  <h4 className="font-semibold">Bijlagen</h4>
                  <ul>
                    {version.attachments.map((file) => (
                      <li key={file.id}>
                        <a href={`/rapportages/${page.period.id}/bijlagen/${file.id}`} className="text-blue-800 underline">
                          {file.fileName}
                        </a>{" "}
                        ({formatFileSize(file.sizeBytes)})
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {version.status !== "draft" || !page.canEdit ? (
                <details className="mt-2">
                  <summary>Cijfers en toelichting</summary>
                  <VersionFigures version={version} werksaam={werksaam} />
                  <dl className="mt-2">
                    {narrativeKeys.map((key) => (
                      <div key={key}>
                        <dt className="font-semibold">{narrativeLabels[key]}</dt>
                        <dd className="mb-1 whitespace-pre-line">{version.narrative[key] || "–"}</dd>
                      </div>
                    ))}
                  </dl>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
