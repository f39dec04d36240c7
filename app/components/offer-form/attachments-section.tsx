import { DataTable } from "~/components/data-table";
import { SelectField, TextField } from "~/components/form";
import { offerFields } from "~/domain/offers/offer-content";
import { attachmentPurposeValue } from "~/domain/offers/offer-forms";
import { FieldError, offerBase, purposeLabel, Section, sizeText, typedValue, type Failure, type Workspace } from "./shared";

/** The draft's PDF attachments (each removable), and the upload of a new one with what it belongs to. */
export function AttachmentsSection({ workspace, failed, maxMegabytes }: { workspace: Workspace; failed: Failure; maxMegabytes: number }) {
  const { draft } = workspace;
  const errors = failed?.errors;
  const purposeOptions = [
    ...workspace.criteria.map((criterion) => ({ value: attachmentPurposeValue({ kind: "criterion", criterionId: criterion.id }), label: `Gunningscriterium: ${criterion.name}` })),
    ...workspace.requirements.map((requirement) => ({
      value: attachmentPurposeValue({ kind: "requirement", requirementId: requirement.id }),
      label: `${requirement.evidenceRequired ? "Bewijs bij " : ""}${requirement.kind === "mandatory" ? "eis" : "wens"}: ${requirement.title}`,
    })),
    { value: "uea", label: "UEA (Uniform Europees Aanbestedingsdocument)" },
  ];
  return (
    <Section id="bijlagen-titel" title="Bijlagen" intro={`Alleen PDF-bestanden van hoogstens ${maxMegabytes} MB. Het portaal controleert de inhoud, niet alleen de naam. Van elke bijlage komt de SHA-256 in uw ontvangstbewijs.`}>
      <div id={offerFields.attachments} tabIndex={-1}>
        <FieldError id={offerFields.attachments} errors={errors} />
        {draft.attachments.length === 0 ? (
          <p className="mb-4 text-slate-700">Nog geen bijlagen.</p>
        ) : (
          <DataTable
            caption="Bijlagen in het concept"
            small
            background={false}
            className="mb-4"
            columns={[{ label: "Bestand" }, { label: "Hoort bij" }, { label: "Grootte", align: "right" }, { label: "Acties", srOnly: true }]}
          >
            {draft.attachments.map((attachment) => (
              <tr key={attachment.fileId} className="border-b border-slate-300">
                <th scope="row" className="p-2 font-normal">
                  <a href={`${offerBase(workspace)}/bijlagen/${attachment.fileId}`}>{attachment.fileName}</a>
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
          </DataTable>
        )}
      </div>
      <SelectField name="purpose" label="Hoort bij" placeholder="Kies…" options={purposeOptions} defaultValue={typedValue(failed, "purpose", "")} errors={errors} />
      <TextField name="file" label="PDF-bestand" hint={`Alleen PDF, hoogstens ${maxMegabytes} MB.`} type="file" accept="application/pdf" errors={errors} />
      <button type="submit" name="intent" value="upload" className="rounded border-2 border-brand-700 bg-white px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
        Bijlage toevoegen
      </button>
    </Section>
  );
}
