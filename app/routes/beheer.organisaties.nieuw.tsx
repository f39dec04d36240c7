import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { PortalForm, SubmitButton } from "~/components/form";
import { OrganisationFields, organisationFieldLabels } from "~/components/organisation-fields";
import { PageHeader } from "~/components/page-header";
import { getDb } from "~/db.server";
import { organisationInputSchema } from "~/domain/organisations/organisation-schemas";
import { createOrganisation } from "~/domain/organisations/organisations.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formFailure, parseForm, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Nieuwe organisatie – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:organisations");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:organisations");
  const form = await readForm(request);
  const parsed = parseForm(organisationInputSchema, form);
  if (!parsed.ok) return formFailure(parsed.failure);
  const outcome = await runCommand(parsed.values, async () => createOrganisation(await getDb(), getServerClock(), actor, parsed.data));
  if (!outcome.ok) return outcome.response;
  return redirect("/beheer/organisaties", { headers: { "Set-Cookie": await setFlash(`${outcome.result.name} is toegevoegd.`) } });
}

export default function NewOrganisation() {
  const failure = useActionData<typeof action>();
  return (
    <>
      <PageHeader title="Nieuwe organisatie" />
      <PortalForm errors={failure?.errors} fieldLabels={organisationFieldLabels}>
        <OrganisationFields values={failure?.values ?? {}} errors={failure?.errors} />
        <div className="flex gap-3">
          <SubmitButton>Organisatie toevoegen</SubmitButton>
          <a href="/beheer/organisaties" className="self-center">
            Annuleren
          </a>
        </div>
      </PortalForm>
    </>
  );
}
