import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PortalForm, SubmitButton, TextField } from "~/components/form";
import { PageHeader } from "~/components/page-header";
import { RoleFields } from "~/components/role-fields";
import { getDb } from "~/db.server";
import { newUserSchema } from "~/domain/identity/user-schemas";
import { createUser } from "~/domain/identity/users.server";
import { listActiveOrganisations } from "~/domain/organisations/organisations.server";
import { listMunicipalities } from "~/domain/regions/region-overview.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formFailure, parseForm, query, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Nieuwe gebruiker – Leerrouteportaal Westfriesland" }];

const fieldLabels = {
  name: "Naam",
  email: "E-mailadres",
  password: "Eerste wachtwoord",
  roles: "Rollen",
  organisationId: "Organisatie",
  municipalityId: "Gemeente",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:users");
  const db = await getDb();
  const [organisations, municipalities] = await query(() => Promise.all([listActiveOrganisations(db, actor), listMunicipalities(db)]));
  return json({ organisations, municipalities });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:users");
  const form = await readForm(request);
  const parsed = parseForm(newUserSchema, form, ["roles"]);
  if (!parsed.ok) return formFailure(parsed.failure);
  const outcome = await runCommand(parsed.values, async () => createUser(await getDb(), getServerClock(), actor, parsed.data));
  if (!outcome.ok) return outcome.response;
  return redirect("/beheer/gebruikers", { headers: { "Set-Cookie": await setFlash(`Account voor ${outcome.result.name} aangemaakt.`) } });
}

export default function NewUser() {
  const { organisations, municipalities } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const values = failure?.values ?? {};
  const text = (name: string) => String(values[name] ?? "");
  const roles = Array.isArray(values.roles) ? values.roles : [];
  return (
    <>
      <PageHeader title="Nieuwe gebruiker" intro="De gebruiker logt in met dit e-mailadres en het eerste wachtwoord dat u hier kiest." />
      <PortalForm errors={failure?.errors} fieldLabels={fieldLabels}>
        <TextField name="name" label="Naam" autoComplete="off" defaultValue={text("name")} errors={failure?.errors} />
        <TextField name="email" label="E-mailadres" type="email" autoComplete="off" defaultValue={text("email")} errors={failure?.errors} />
        <TextField
          name="password"
          label="Eerste wachtwoord"
          type="password"
          autoComplete="new-password"
          hint="Minstens 12 tekens. Deel het wachtwoord via een ander kanaal dan het e-mailadres."
          errors={failure?.errors}
        />
        <RoleFields
          errors={failure?.errors}
          roles={roles}
          organisationId={text("organisationId")}
          municipalityId={text("municipalityId")}
          organisations={organisations}
          municipalities={municipalities}
        />
        <div className="flex gap-3">
          <SubmitButton>Gebruiker aanmaken</SubmitButton>
          <a href="/beheer/gebruikers" className="self-center">
            Annuleren
          </a>
        </div>
      </PortalForm>
    </>
  );
}
