import type { MetaFunction } from "@remix-run/node";
import { ButtonLink, PageHeader } from "~/components/page-header";

export const meta: MetaFunction = () => [{ title: "Registratie ontvangen – Leerrouteportaal Westfriesland" }];

export default function RegistrationReceived() {
  return (
    <div className="max-w-prose">
      <PageHeader title="Registratie ontvangen" />
      <p className="mb-4">
        Uw organisatie en uw account zijn aangemaakt. U kunt nu inloggen met het e-mailadres en het wachtwoord dat u heeft opgegeven.
      </p>
      <h2 className="mb-2 text-xl font-semibold">Wat gebeurt er nu?</h2>
      <ol className="mb-6 list-decimal pl-6">
        <li className="mb-2">De beheerder van het portaal controleert uw gegevens, zoals het KvK-nummer en het adres.</li>
        <li className="mb-2">
          Tot die controle klaar is, kunt u aanbestedingen bekijken en vragen stellen, maar <strong>nog niet inschrijven</strong> en nog geen collega's uitnodigen.
        </li>
        <li className="mb-2">U krijgt bericht per e-mail en onder Meldingen in het portaal zodra uw organisatie is geverifieerd, of als de registratie is afgewezen (met de reden).</li>
      </ol>
      <ButtonLink to="/login">Naar inloggen</ButtonLink>
    </div>
  );
}
