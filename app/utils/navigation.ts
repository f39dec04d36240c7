import { hasPermission, type Permission } from "../domain/identity/permissions";
import type { Role } from "../domain/identity/roles";

export interface NavigationItem {
  to: string;
  label: string;
}

const items: readonly (NavigationItem & { permission?: Permission })[] = [
  { to: "/overzicht", label: "Mijn overzicht" },
  { to: "/meldingen", label: "Meldingen" },
  { to: "/aanbestedingen", label: "Aanbestedingen", permission: "read:tenders" },
  { to: "/contracten", label: "Contracten", permission: "read:contracts" },
  { to: "/contracten", label: "Mijn contracten", permission: "read:ownOrganisation" },
  { to: "/rapportages", label: "Rapportages", permission: "review:reports" },
  { to: "/rapportages", label: "Mijn rapportages", permission: "submit:reports" },
  { to: "/organisatie", label: "Mijn organisatie", permission: "invite:colleagues" },
  { to: "/dashboard", label: "Dashboard", permission: "read:dashboard" },
  { to: "/financien", label: "Financiën", permission: "read:finance" },
  { to: "/lokaal-aanbod", label: "Lokaal aanbod", permission: "read:localOfferings" },
  { to: "/regio", label: "Regio en beleidsdoelen", permission: "read:region" },
  { to: "/beheer/gebruikers", label: "Gebruikers", permission: "manage:users" },
  { to: "/beheer/organisaties", label: "Organisaties", permission: "manage:organisations" },
  { to: "/beheer/auditlog", label: "Auditlog", permission: "read:audit" },
  { to: "/beheer/uitgaande-mail", label: "Uitgaande e-mail", permission: "read:mailOutbox" },
];

/** The menu follows permissions; the pages themselves check them again on the server. */
export function navigationFor(actor: { roles: readonly Role[] }): NavigationItem[] {
  return items.filter((item) => !item.permission || hasPermission(actor, item.permission)).map(({ to, label }) => ({ to, label }));
}
