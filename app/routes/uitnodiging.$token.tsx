import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PortalForm, SubmitButton, TextField } from "~/components/form";
import { ButtonLink, PageHeader } from "~/components/page-header";
import { getDb } from "~/db.server";
import { acceptInvitation, getInvitation, invitationUnusableMessage } from "~/domain/organisations/invitations.server";
import { acceptInvitationSchema } from "~/domain/organisations/organisation-schemas";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatDateTime } from "~/utils/format";
import { formFailure, parseForm, readForm, runCommand } from "~/utils/form.server";
import { getOptionalActor } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Uitnodiging – Leerrouteportaal Westfriesland" }];

const unusableTitles = {
  unknown: "Ongeldige uitnodigingslink",
  expired: "Uitnodiging verlopen",
  accepted: "Uitnodiging al gebruikt",
  revoked: "Uitnodiging ingetrokken",
  organisationInactive: "Uitnodiging niet meer geldig",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await getInvitation(await getDb(), getServerClock(), params.token ?? "");
  const actor = await getOptionalActor(request);
  const signedInAs = actor?.name ?? null;
  if (view.status === "open") {
    return json({ open: true as const, email: view.email, organisationName: view.organisationName, expiresAt: view.expiresAt.toISOString(), signedInAs });
  }
  // a dead link says why, without revealing more than the link itself already carried
  return json(
    { open: false as const, title: unusableTitles[view.status], message: invitationUnusableMessage(view.status), signedInAs },
    { status: view.status === "unknown" ? 404 : 410 },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = parseForm(acceptInvitationSchema, form);
  if (!parsed.ok) return formFailure(parsed.failure);
  const outcome = await runCommand(parsed.values, async () => acceptInvitation(await getDb(), getServerClock(), params.token ?? "", parsed.data));
  if (!outcome.ok) return outcome.response;
  return redirect("/login", {
    headers: { "Set-Cookie": await setFlash(`Uw account bij ${outcome.result.organisationName} is aangemaakt. Log in met ${outcome.result.email} en uw nieuwe wachtwoord.`) },
  });
}

export default function Invitation() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  if (!data.open) {
    return (
      <div className="max-w-prose">
        <PageHeader title={data.title} />
        <p className="mb-6">{data.message}</p>
        <ButtonLink to="/login">Naar inloggen</ButtonLink>
      </div>
    );
  }
  return (
    <div className="max-w-2xl">
      <PageHeader
        title={`Uitnodiging van ${data.organisationName}`}
        intro={
          <>
            U bent uitgenodigd om als collega van {data.organisationName} mee te werken in het Leerrouteportaal Westfriesland. Kies uw naam en een wachtwoord; u logt daarna
            in met <strong>{data.email}</strong>. Deze uitnodiging is geldig tot <time dateTime={data.expiresAt}>{formatDateTime(data.expiresAt)}</time>.
          </>
        }
      />
      {data.signedInAs ? (
        <p className="rounded border-2 border-amber-600 bg-amber-50 p-4">
          U bent nu ingelogd als {data.signedInAs}. Log eerst uit (knop bovenaan) en open de link daarna opnieuw om deze uitnodiging te accepteren.
        </p>
      ) : (
        <PortalForm errors={failure?.errors} fieldLabels={{ name: "Uw naam", password: "Kies een wachtwoord" }}>
          <TextField name="name" label="Uw naam" autoComplete="name" defaultValue={String(failure?.values?.name ?? "")} errors={failure?.errors} />
          {/* lets password managers store the new password under the right address */}
          <input type="hidden" name="username" autoComplete="username" value={data.email} />
          <TextField
            name="password"
            label="Kies een wachtwoord"
            hint="Minstens 12 tekens. Een zin van een paar woorden is sterk en goed te onthouden."
            type="password"
            autoComplete="new-password"
            errors={failure?.errors}
          />
          <SubmitButton>Account aanmaken</SubmitButton>
        </PortalForm>
      )}
    </div>
  );
}
