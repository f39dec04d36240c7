import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ContractFields, contractFieldLabels } from "~/components/contract-fields";
import { PortalForm, SubmitButton } from "~/components/form";
import { PageHeader } from "~/components/page-header";
import { getDb } from "~/db.server";
import { contractFormSchema } from "~/domain/contracts/contract-schemas";
import { createContract, getContractFormOptions } from "~/domain/contracts/contracts.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formFailure, parseForm, query, readForm, runCommand } from "~/utils/form.server";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Nieuw contract – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:contracts");
  return json(await query(async () => getContractFormOptions(await getDb(), actor)));
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:contracts");
  const form = await readForm(request);
  const parsed = parseForm(contractFormSchema, form, ["services"]);
  if (!parsed.ok) return formFailure(parsed.failure);
  const outcome = await runCommand(parsed.values, async () => createContract(await getDb(), getServerClock(), actor, parsed.data));
  if (!outcome.ok) return outcome.response;
  return redirect(`/contracten/${outcome.result.id}`, { headers: { "Set-Cookie": await setFlash("Het contract is als concept vastgelegd. Leg nu het budget en de indicatoren vast.") } });
}

export default function NewContract() {
  const { suppliers, managers } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <PageHeader title="Nieuw contract" intro="Een concept kan vrij worden aangepast. Na activeren is elke wijziging een contractwijziging met reden en ingangsdatum." />
      <PortalForm errors={failure?.errors} fieldLabels={contractFieldLabels}>
        <ContractFields values={failure?.values ?? {}} errors={failure?.errors} suppliers={suppliers} managers={managers} />
        <SubmitButton>Contract vastleggen</SubmitButton>
      </PortalForm>
    </>
  );
}
