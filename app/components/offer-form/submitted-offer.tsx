import { formatEuroCents } from "~/utils/format";
import { PriceTable } from "./price-table";
import { offerBase, purposeLabel, type Workspace } from "./shared";

/** After the deadline (or a cancellation): the submitted offer, read-only, or why there is none. */
export function SubmittedOffer({ workspace }: { workspace: Workspace }) {
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
          <PriceTable caption="Prijzen" quantityLabel="Hoeveelheid" lines={submitted.prices} total={formatEuroCents(submitted.totalPriceCents)} />
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
                    <a href={`${offerBase(workspace)}/bijlagen/${attachment.fileId}`}>{attachment.fileName}</a> ({purposeLabel(workspace, attachment.purpose)})
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
