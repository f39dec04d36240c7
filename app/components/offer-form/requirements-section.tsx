import { TextAreaField } from "~/components/form";
import { MAX_EXPLANATION_LENGTH, offerFields } from "~/domain/offers/offer-content";
import { FieldError, SaveButton, Section, typedValue, type Failure, type Workspace } from "./shared";

/** Per requirement and wish: met or not, an explanation, and (where asked) the evidence uploaded under Bijlagen. */
export function RequirementsSection({ workspace, failed }: { workspace: Workspace; failed: Failure }) {
  const { draft } = workspace;
  const errors = failed?.errors;
  const confirmations = new Map(draft.requirements.map((entry) => [entry.requirementId, entry]));
  const metValue = (requirementId: string) => {
    if (failed) return String(failed.values[offerFields.met(requirementId)] ?? "");
    const met = confirmations.get(requirementId)?.met;
    return met === true ? "ja" : met === false ? "nee" : "";
  };
  return (
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
              defaultValue={typedValue(failed, offerFields.explanation(requirement.id), confirmations.get(requirement.id)?.explanation ?? "")}
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
  );
}
