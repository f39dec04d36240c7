import { TextField } from "~/components/form";
import { offerFields } from "~/domain/offers/offer-content";
import { FieldError, SaveButton, Section, typedValue, type Failure, type Workspace } from "./shared";

/** The UEA declaration and who signs the offer. */
export function SignatureSection({ workspace, failed }: { workspace: Workspace; failed: Failure }) {
  const { draft } = workspace;
  const errors = failed?.errors;
  const uea = failed ? failed.values[offerFields.espdDeclared] === "on" : draft.espdDeclared;
  return (
    <Section
      id="uea-titel"
      title="UEA en ondertekening"
      intro="Met het Uniform Europees Aanbestedingsdocument (UEA) verklaart u onder meer dat er geen uitsluitingsgronden op uw organisatie van toepassing zijn."
    >
      <div className="mb-4">
        <FieldError id={offerFields.espdDeclared} errors={errors} />
        <label className="flex items-start gap-2">
          <input
            type="checkbox"
            id={offerFields.espdDeclared}
            name={offerFields.espdDeclared}
            defaultChecked={uea}
            className="mt-1 h-5 w-5"
            aria-invalid={errors?.[offerFields.espdDeclared]?.length ? true : undefined}
            aria-describedby={errors?.[offerFields.espdDeclared]?.length ? `${offerFields.espdDeclared}-fout` : undefined}
          />
          <span>Ik verklaar namens {workspace.organisation.name} dat de gegevens in het UEA juist en volledig zijn.</span>
        </label>
      </div>
      <TextField name={offerFields.signedByName} label="Ondertekend door (naam)" autoComplete="name" maxLength={200} defaultValue={typedValue(failed, offerFields.signedByName, draft.signedByName)} errors={errors} />
      <TextField
        name={offerFields.signedByRole}
        label="Functie van de ondertekenaar"
        autoComplete="organization-title"
        maxLength={200}
        defaultValue={typedValue(failed, offerFields.signedByRole, draft.signedByRole)}
        errors={errors}
      />
      <SaveButton />
    </Section>
  );
}
