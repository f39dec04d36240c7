import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PortalForm, SelectField, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { PageHeader } from "~/components/page-header";
import { getDb } from "~/db.server";
import {
  localOfferingCategoryLabels,
  localOfferingFieldLabels,
  localOfferingInputSchema,
  localProviderKindLabels,
} from "~/domain/local-offerings/local-offering-schemas";
import { createLocalOffering } from "~/domain/local-offerings/local-offerings.server";
import { listMunicipalities } from "~/domain/regions/region-overview.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formFailure, parseForm, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Aanbod toevoegen – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:localOfferings");
  return json({ municipalities: await listMunicipalities(await getDb()) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:localOfferings");
  const form = await readForm(request);
  const parsed = parseForm(localOfferingInputSchema, form);
  if (!parsed.ok) return formFailure(parsed.failure);
  const outcome = await runCommand(parsed.values, async () => createLocalOffering(await getDb(), getServerClock(), actor, parsed.data));
  if (!outcome.ok) return outcome.response;
  // back to the list of that municipality, where the new line now stands
  return redirect(`/lokaal-aanbod?gemeente=${outcome.result.municipalityId}`, {
    headers: { "Set-Cookie": await setFlash("Het aanbod is toegevoegd.") },
  });
}

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

export default function NewLocalOffering() {
  const { municipalities } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const values: Record<string, unknown> = failure?.values ?? {};
  const text = (name: string) => String(values[name] ?? "");
  const errors = failure?.errors;
  return (
    <>
      <PageHeader title="Aanbod toevoegen" intro="Lokaal aanbod van een gemeente, bibliotheek of welzijnsorganisatie." />
      <PortalForm errors={errors} fieldLabels={localOfferingFieldLabels}>
        <SelectField
          name="municipalityId"
          label={localOfferingFieldLabels.municipalityId}
          placeholder="Kies…"
          options={municipalities.map((municipality) => ({ value: municipality.id, label: municipality.name }))}
          defaultValue={text("municipalityId")}
          errors={errors}
        />
        <SelectField
          name="category"
          label={localOfferingFieldLabels.category}
          placeholder="Kies…"
          options={options(localOfferingCategoryLabels)}
          defaultValue={text("category")}
          errors={errors}
        />
        <SelectField
          name="providerKind"
          label={localOfferingFieldLabels.providerKind}
          placeholder="Kies…"
          options={options(localProviderKindLabels)}
          defaultValue={text("providerKind")}
          errors={errors}
        />
        <TextField
          name="providerName"
          label={localOfferingFieldLabels.providerName}
          hint="Bijvoorbeeld Gemeente Hoorn, Bibliotheek of Stichting Netwerk."
          defaultValue={text("providerName")}
          errors={errors}
        />
        <TextAreaField name="description" label={localOfferingFieldLabels.description} defaultValue={text("description")} errors={errors} />
        <div className="flex gap-3">
          <SubmitButton>Aanbod toevoegen</SubmitButton>
          <a href="/lokaal-aanbod" className="self-center">
            Annuleren
          </a>
        </div>
      </PortalForm>
    </>
  );
}
