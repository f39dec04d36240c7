import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { CsrfInput } from "./components/csrf-input";
import { getDb } from "./db.server";
import { roleLabels } from "./domain/identity/roles";
import { getActorAffiliation } from "./domain/identity/users.server";
import { countUnreadNotifications } from "./domain/notifications/notifications.server";
import stylesheet from "./styles/app.css";
import { csrfTokenFor } from "./utils/csrf.server";
import { takeFlash } from "./utils/flash.server";
import { navigationFor, type NavigationItem } from "./utils/navigation";
import { getOptionalActor } from "./utils/session.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getOptionalActor(request);
  const csrf = await csrfTokenFor(request);
  const flash = await takeFlash(request);
  const headers = new Headers();
  if (csrf.setCookie) headers.append("Set-Cookie", csrf.setCookie);
  if (flash.setCookie) headers.append("Set-Cookie", flash.setCookie);
  headers.set("Cache-Control", "private, no-store");
  const db = actor ? await getDb() : null;
  const affiliation = actor && db ? await getActorAffiliation(db, actor) : null;
  const unread = actor && db ? await countUnreadNotifications(db, actor) : 0;
  return json(
    {
      csrfToken: csrf.token,
      flash: flash.message,
      user: actor
        ? {
            name: actor.name,
            roles: actor.roles.map((role) => roleLabels[role]),
            organisationName: affiliation?.organisationName ?? null,
            municipalityName: affiliation?.municipalityName ?? null,
          }
        : null,
      navigation: actor ? navigationFor(actor).map((item) => (item.to === "/meldingen" && unread > 0 ? { ...item, label: `${item.label} (${unread} nieuw)` } : item)) : [],
    },
    { headers },
  );
}

type RootData = ReturnType<typeof useLoaderData<typeof loader>>;

function Header({ data }: { data: RootData | undefined }) {
  const user = data?.user;
  return (
    <header className="bg-brand-700 text-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-3">
        <a href={user ? "/overzicht" : "/"} className="text-xl font-bold text-white no-underline hover:text-white">
          Leerrouteportaal Westfriesland
        </a>
        {user ? (
          <div className="flex flex-wrap items-center gap-4 text-sm">
            <p>
              <span className="sr-only">Ingelogd als </span>
              <span className="font-semibold">{user.name}</span>
              {" · "}
              {user.roles.join(", ")}
              {user.organisationName ? ` · ${user.organisationName}` : ""}
              {user.municipalityName ? ` · ${user.municipalityName}` : ""}
            </p>
            <Form method="post" action="/logout">
              <CsrfInput />
              <button type="submit" className="rounded border-2 border-white px-3 py-1 font-semibold hover:bg-brand-900">
                Uitloggen
              </button>
            </Form>
          </div>
        ) : null}
      </div>
      {data?.navigation.length ? <Navigation items={data.navigation} /> : null}
    </header>
  );
}

function Navigation({ items }: { items: NavigationItem[] }) {
  return (
    <nav aria-label="Hoofdmenu" className="bg-brand-900">
      <ul className="mx-auto flex max-w-6xl flex-wrap gap-1 px-4">
        {items.map((item) => (
          <li key={item.to}>
            <NavLink
              to={item.to}
              className={({ isActive }) =>
                `block px-3 py-2 text-white no-underline hover:bg-brand-800 hover:text-white ${isActive ? "border-b-4 border-amber-400 font-semibold" : ""}`
              }
            >
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Document({ children, data }: { children: ReactNode; data: RootData | undefined }) {
  return (
    <html lang="nl">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        <a href="#inhoud" className="sr-only bg-amber-300 p-2 text-black focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50">
          Naar de inhoud
        </a>
        <Header data={data} />
        <main id="inhoud" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none">
          {data?.flash ? (
            <p role="status" className="mb-6 rounded border-2 border-green-700 bg-green-50 p-3 font-semibold text-green-900">
              {data.flash}
            </p>
          ) : null}
          {children}
        </main>
        <footer className="mx-auto max-w-6xl px-4 pb-8 text-sm text-slate-700">
          Gemeenten Drechterland, Enkhuizen, Hoorn, Koggenland, Medemblik, Opmeer en Stede Broec
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  return (
    <Document data={data}>
      <Outlet />
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  let title = "Er ging iets mis";
  let text = "Er is een onverwachte fout opgetreden. Probeer het later opnieuw; blijft het misgaan, neem dan contact op met de beheerder.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "Pagina niet gevonden";
      text = "Deze pagina bestaat niet (meer). Controleer het adres, of ga terug naar uw overzicht.";
    } else if (error.status === 403) {
      title = "Geen toegang";
      text = "U heeft geen toegang tot deze pagina. Denkt u dat dit niet klopt? Neem contact op met de beheerder van het portaal.";
    }
  }
  return (
    <Document data={data}>
      <h1 className="mb-4 text-3xl font-bold">{title}</h1>
      <p className="mb-6 max-w-prose">{text}</p>
      <p>
        <a href={data?.user ? "/overzicht" : "/login"}>{data?.user ? "Naar mijn overzicht" : "Naar de inlogpagina"}</a>
      </p>
    </Document>
  );
}
