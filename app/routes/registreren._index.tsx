import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import type { ReactNode } from "react";
import { PortalForm, SelectField, SubmitButton, TextField } from "~/components/form";
import { PageHeader } from "~/components/page-header";
import { getDb } from "~/db.server";
import { startMailDelivery } from "~/domain/notifications/notifications.server";
import { organisationKindLabels, registrationSchema, supplierKinds } from "~/domain/organisations/organisation-schemas";
import { registerSupplier } from "~/domain/organisations/registration.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formFailure, parseForm, readForm, runCommand } from "~/utils/form.server";
import { clientIp, getOptionalActor } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Organisatie registreren – Leerrouteportaal Westfriesland" }];

const fieldLabels = {
  kind: "Soort organisatie",
  name: "Naam van de organisatie",
  kvkNumber: "KvK-nummer",
  street: "Straat en huisnummer",
  postalCode: "Postcode",
  city: "Plaats",
  contactName: "Naam contactpersoon",
  contactEmail: "E-mailadres contactpersoon",
  contactPhone: "Telefoonnummer contactpersoon",
  userName: "Uw naam",
  userEmail: "Uw e-mailadres",
  password: "Kies een wachtwoord",
};

export async function loader({ request }: LoaderFunctionArgs) {
  // someone signed in already has an account, and so an organisation
  if (await getOptionalActor(request)) return redirect("/overzicht");
  return json(null);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = parseForm(registrationSchema, form);
  if (!parsed.ok) return formFailure(parsed.failure);
  const db = await getDb();
  const clock = getServerClock();
  const outcome = await runCommand(parsed.values, () => registerSupplier(db, clock, parsed.data, { ipAddress: clientIp(context) }));
  if (!outcome.ok) return outcome.response;
  startMailDelivery(db, clock);
  return redirect("/registreren/ontvangen", {
    headers: { "Set-Cookie": await setFlash(`De registratie van ${outcome.result.organisationName} is ontvangen.`) },
  });
}

function Group({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="mb-6 rounded border border-slate-300 bg-white p-5">
      <legend className="px-1 text-xl font-semibold">{legend}</legend>
      {children}
    </fieldset>
  );
}

export default function Register() {
  const failure = useActionData<typeof action>();
  const values = failure?.values ?? {};
  const errors = failure?.errors;
  const text = (name: string) => String(values[name] ?? "");
  return (
    <div className="max-w-3xl">
      <PageHeader
        title="Organisatie registreren"
        intro="Registreer uw taalschool of vrijwilligersorganisatie om in te schrijven op aanbestedingen van de regio Westfriesland. U maakt meteen uw eigen account aan. De beheerder van het portaal controleert uw gegevens; pas daarna kan uw organisatie inschrijven en kunt u collega's uitnodigen."
      />
      <p className="mb-6">
        Heeft uw organisatie al een account? Vraag dan een collega om u uit te nodigen, of <a href="/login">log in</a>.
      </p>
      <PortalForm errors={errors} fieldLabels={fieldLabels}>
        <Group legend="Organisatie">
          <SelectField
            name="kind"
            label={fieldLabels.kind}
            placeholder="Kies…"
            options={supplierKinds.map((kind) => ({ value: kind, label: organisationKindLabels[kind] }))}
            defaultValue={text("kind")}
            errors={errors}
          />
          <TextField name="name" label={fieldLabels.name} defaultValue={text("name")} errors={errors} autoComplete="organization" />
          <TextField
            name="kvkNumber"
            label={fieldLabels.kvkNumber}
            hint="8 cijfers, zoals in het Handelsregister van de Kamer van Koophandel."
            inputMode="numeric"
            maxLength={8}
            defaultValue={text("kvkNumber")}
            errors={errors}
          />
        </Group>
        <Group legend="Adres">
          <TextField name="street" label={fieldLabels.street} defaultValue={text("street")} errors={errors} autoComplete="street-address" />
          <TextField name="postalCode" label={fieldLabels.postalCode} hint="Bijvoorbeeld 1621 AB." defaultValue={text("postalCode")} errors={errors} autoComplete="postal-code" />
          <TextField name="city" label={fieldLabels.city} defaultValue={text("city")} errors={errors} autoComplete="address-level2" />
        </Group>
        <Group legend="Contactpersoon">
          <TextField name="contactName" label={fieldLabels.contactName} defaultValue={text("contactName")} errors={errors} />
          <TextField name="contactEmail" label={fieldLabels.contactEmail} type="email" defaultValue={text("contactEmail")} errors={errors} />
          <TextField name="contactPhone" label={`${fieldLabels.contactPhone} (niet verplicht)`} type="tel" defaultValue={text("contactPhone")} errors={errors} />
        </Group>
        <Group legend="Uw account">
          <TextField name="userName" label={fieldLabels.userName} defaultValue={text("userName")} errors={errors} autoComplete="name" />
          <TextField
            name="userEmail"
            label={fieldLabels.userEmail}
            hint="Hiermee logt u in. Gebruik uw eigen adres, niet een algemeen adres van de organisatie."
            type="email"
            defaultValue={text("userEmail")}
            errors={errors}
            autoComplete="email"
          />
          <TextField
            name="password"
            label={fieldLabels.password}
            hint="Minstens 12 tekens. Een zin van een paar woorden is sterk en goed te onthouden."
            type="password"
            autoComplete="new-password"
            errors={errors}
          />
        </Group>
        <SubmitButton>Registratie versturen</SubmitButton>
      </PortalForm>
    </div>
  );
}
