import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PortalForm, SelectField, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { Card, PageHeader } from "~/components/page-header";
import { getDb } from "~/db.server";
import {
  localOfferingCategoryLabels,
  localOfferingFieldLabels,
  localOfferingInputSchema,
  localProviderKindLabels,
} from "~/domain/local-offerings/local-offering-schemas";
import {
  getLocalOffering,
  listLocalOfferingHistory,
  removeLocalOffering,
  updateLocalOffering,
} from "~/domain/local-offerings/local-offerings.server";
import { listMunicipalities } from "~/domain/regions/region-overview.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formFailure, parseForm, query, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";
import { AuditHistory } from "~/components/audit-history";

export const meta: MetaFunction = () => [{ title: "Aanbod wijzigen – Leerrouteportaal Westfriesland" }];

const params = z.object({ id: z.uuid() });
const intentSchema = z.object({ intent: z.enum(["update", "remove"]) });

function offeringIdFrom(raw: unknown) {
  const parsed = params.safeParse(raw);
  if (!parsed.success) throw new Response("Niet gevonden", { status: 404 });
  return parsed.data.id;
}

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:localOfferings");
  const offeringId = offeringIdFrom(raw);
  const db = await getDb();
  const [offering, municipalities, history] = await query(() =>
    Promise.all([getLocalOffering(db, actor, offeringId), listMunicipalities(db), listLocalOfferingHistory(db, actor, offeringId)]),
  );
  return json({ offering, municipalities, history });
}

export async function action({ request, params: raw }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:localOfferings");
  const offeringId = offeringIdFrom(raw);
  const form = await readForm(request);
  const intent = intentSchema.safeParse({ intent: form.get("intent") });
  if (!intent.success) return formFailure({ errors: { form: ["Onbekende handeling."] }, values: {} });
  const db = await getDb();
  const clock = getServerClock();
  if (intent.data.intent === "update") {
    const parsed = parseForm(localOfferingInputSchema, form);
    if (!parsed.ok) return formFailure(parsed.failure);
    const outcome = await runCommand(parsed.values, () => updateLocalOffering(db, clock, actor, offeringId, parsed.data));
    if (!outcome.ok) return outcome.response;
    return redirect(`/lokaal-aanbod/${offeringId}`, { headers: { "Set-Cookie": await setFlash("Het aanbod is opgeslagen.") } });
  }
  // the intent comes back with a refusal, so the page shows it beside the remove button
  const outcome = await runCommand({ intent: "remove" }, () => removeLocalOffering(db, clock, actor, offeringId));
  if (!outcome.ok) return outcome.response;
  return redirect(`/lokaal-aanbod?gemeente=${outcome.result.municipalityId}`, {
    headers: { "Set-Cookie": await setFlash("Het aanbod is verwijderd.") },
  });
}

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

export default function EditLocalOffering() {
  const { offering, municipalities, history } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const removeFailed = failure?.values.intent === "remove";
  const values: Record<string, unknown> = !failure || removeFailed ? offering : failure.values;
  const text = (name: string) => String(values[name] ?? "");
  const errors = removeFailed ? undefined : failure?.errors;
  return (
    <>
      <p className="mb-2">
        <a href={`/lokaal-aanbod?gemeente=${offering.municipalityId}`}>Terug naar lokaal aanbod</a>
      </p>
      <PageHeader
        title="Aanbod wijzigen"
        intro={`${offering.description} — ${offering.providerName}, ${offering.municipalityName} (${localOfferingCategoryLabels[offering.category]})`}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Gegevens" id="gegevens-titel">
          <PortalForm errors={errors} fieldLabels={localOfferingFieldLabels}>
            <input type="hidden" name="intent" value="update" />
            <SelectField
              name="municipalityId"
              label={localOfferingFieldLabels.municipalityId}
              options={municipalities.map((municipality) => ({ value: municipality.id, label: municipality.name }))}
              defaultValue={text("municipalityId")}
              errors={errors}
            />
            <SelectField
              name="category"
              label={localOfferingFieldLabels.category}
              options={options(localOfferingCategoryLabels)}
              defaultValue={text("category")}
              errors={errors}
            />
            <SelectField
              name="providerKind"
              label={localOfferingFieldLabels.providerKind}
              options={options(localProviderKindLabels)}
              defaultValue={text("providerKind")}
              errors={errors}
            />
            <TextField name="providerName" label={localOfferingFieldLabels.providerName} defaultValue={text("providerName")} errors={errors} />
            <TextAreaField name="description" label={localOfferingFieldLabels.description} defaultValue={text("description")} errors={errors} />
            <SubmitButton>Aanbod opslaan</SubmitButton>
          </PortalForm>
        </Card>
        <Card title="Verwijderen" id="verwijderen-titel">
          <PortalForm errors={removeFailed ? failure.errors : undefined}>
            <input type="hidden" name="intent" value="remove" />
            <p className="mb-4">
              Verwijder dit aanbod als het niet meer bestaat. Wat er stond blijft in de geschiedenis bewaard. Aanbod dat aan een contract is
              gekoppeld, ontkoppelt u eerst bij dat contract.
            </p>
            <SubmitButton variant="danger">Aanbod verwijderen</SubmitButton>
          </PortalForm>
        </Card>
      </div>
      <AuditHistory entries={history} empty="Nog geen wijzigingen in het portaal; dit aanbod komt uit bijlage 1 van het beleidskader." />
    </>
  );
}
