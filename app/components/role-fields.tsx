import { allRoles, roleLabels } from "~/domain/identity/roles";
import { CheckboxGroup, SelectField, type FieldErrors } from "./form";

export interface Option {
  id: string;
  name: string;
}

/** Roles with the organisation (for suppliers) and municipality (for municipality viewers). */
export function RoleFields({
  errors,
  roles,
  organisationId,
  municipalityId,
  organisations,
  municipalities,
}: {
  errors?: FieldErrors;
  roles: readonly string[];
  organisationId: string;
  municipalityId: string;
  organisations: readonly Option[];
  municipalities: readonly Option[];
}) {
  return (
    <>
      <CheckboxGroup
        name="roles"
        legend="Rollen"
        hint="Een aanbieder kan geen andere rollen hebben."
        errors={errors}
        options={allRoles.map((role) => ({ value: role, label: roleLabels[role] }))}
        defaultChecked={roles}
      />
      <SelectField
        name="organisationId"
        label="Organisatie (voor de rol Aanbieder)"
        placeholder="Geen organisatie"
        options={organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
        defaultValue={organisationId}
        errors={errors}
      />
      <SelectField
        name="municipalityId"
        label="Gemeente (voor de rol Gemeente)"
        placeholder="Geen gemeente"
        options={municipalities.map((municipality) => ({ value: municipality.id, label: municipality.name }))}
        defaultValue={municipalityId}
        errors={errors}
      />
    </>
  );
}
