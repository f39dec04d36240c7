import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PortalForm, SubmitButton } from "~/components/form";
import { PageHeader } from "~/components/page-header";
import { TenderGeneralFields, tenderGeneralLabels } from "~/components/tender-general-fields";
import { getDb } from "~/db.server";
import { listMunicipalities } from "~/domain/regions/region-overview.server";
import { tenderGeneralFormSchema } from "~/domain/tenders/tender-forms";
import { createTender } from "~/domain/tenders/tenders.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formFailure, parseForm, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Nieuwe aanbesteding – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:tenders");
  return json({ municipalities: await listMunicipalities(await getDb()) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:tenders");
  const form = await readForm(request);
  const parsed = parseForm(tenderGeneralFormSchema, form, ["municipalityIds"]);
  if (!parsed.ok) return formFailure(parsed.failure);
  const outcome = await runCommand(parsed.values, async () => createTender(await getDb(), getServerClock(), actor, parsed.data));
  if (!outcome.ok) return outcome.response;
  return redirect(`/aanbestedingen/${outcome.result.id}/bewerken`, {
    headers: { "Set-Cookie": await setFlash("Het concept is aangemaakt. Vul nu de planning, percelen, eisen en criteria in.") },
  });
}

export default function NewTender() {
  const { municipalities } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <PageHeader title="Nieuwe aanbesteding" intro="Begin met de algemene gegevens. Het concept is pas zichtbaar voor aanbieders als u het publiceert." />
      <PortalForm errors={failure?.errors} fieldLabels={tenderGeneralLabels}>
        <TenderGeneralFields
          values={failure?.values ?? { procedure: "open", lightRegime: "on", initialYears: "4", extensionYears: "2 + 2", cpvCodes: "80580000-3" }}
          errors={failure?.errors}
          municipalities={municipalities}
        />
        <SubmitButton>Concept aanmaken</SubmitButton>
      </PortalForm>
    </>
  );
}
