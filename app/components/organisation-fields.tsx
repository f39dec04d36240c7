import { organisationKindLabels } from "~/domain/organisations/organisation-schemas";
import { SelectField, TextField, type FieldErrors } from "./form";

export const organisationFieldLabels = {
  kind: "Soort organisatie",
  name: "Naam",
  kvkNumber: "KvK-nummer",
  street: "Straat en huisnummer",
  postalCode: "Postcode",
  city: "Plaats",
  contactName: "Contactpersoon",
  contactEmail: "E-mailadres contactpersoon",
  contactPhone: "Telefoonnummer",
};

export function OrganisationFields({ values, errors }: { values: Record<string, unknown>; errors?: FieldErrors }) {
  const text = (name: string) => String(values[name] ?? "");
  return (
    <>
      <SelectField
        name="kind"
        label={organisationFieldLabels.kind}
        placeholder="Kies…"
        options={Object.entries(organisationKindLabels).map(([value, label]) => ({ value, label }))}
        defaultValue={text("kind")}
        errors={errors}
      />
      <TextField name="name" label={organisationFieldLabels.name} defaultValue={text("name")} errors={errors} autoComplete="organization" />
      <TextField
        name="kvkNumber"
        label={organisationFieldLabels.kvkNumber}
        hint="8 cijfers, zoals in het Handelsregister."
        inputMode="numeric"
        defaultValue={text("kvkNumber")}
        errors={errors}
      />
      <TextField name="street" label={organisationFieldLabels.street} defaultValue={text("street")} errors={errors} autoComplete="street-address" />
      <TextField name="postalCode" label={organisationFieldLabels.postalCode} defaultValue={text("postalCode")} errors={errors} autoComplete="postal-code" />
      <TextField name="city" label={organisationFieldLabels.city} defaultValue={text("city")} errors={errors} autoComplete="address-level2" />
      <TextField name="contactName" label={organisationFieldLabels.contactName} defaultValue={text("contactName")} errors={errors} />
      <TextField name="contactEmail" label={organisationFieldLabels.contactEmail} type="email" defaultValue={text("contactEmail")} errors={errors} />
      <TextField name="contactPhone" label={`${organisationFieldLabels.contactPhone} (niet verplicht)`} type="tel" defaultValue={text("contactPhone")} errors={errors} />
    </>
  );
}
