// Public open contracting data (decision 0014): no login, only published information.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { buildOcdsReleasePackage } from "~/domain/ocds/ocds-release.server";
import { getServerClock } from "~/utils/clock.server";
import { getEnv } from "~/utils/env.server";

const headers = {
  "Content-Type": "application/json; charset=utf-8",
  // public data that changes with the process: shared caches may keep it briefly
  "Cache-Control": "public, max-age=300",
  "X-Content-Type-Options": "nosniff",
  "Access-Control-Allow-Origin": "*",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const releasePackage = await buildOcdsReleasePackage(await getDb(), getServerClock(), {
    prefix: getEnv().OCDS_PREFIX,
    baseUrl: new URL(request.url).origin,
  });
  if (!releasePackage) {
    // A package with `releases: []` fails the OCDS schema (minItems 1), and a 200 would tell a
    // harvester it holds valid data; 404 says the package does not exist yet, and the short cache
    // lets it appear within minutes of the first publication, like any other change.
    const message = "Er zijn nog geen gepubliceerde aanbestedingen of contracten; er is nog geen open contracting data.";
    return new Response(JSON.stringify({ message }), { status: 404, headers });
  }
  return new Response(JSON.stringify(releasePackage), {
    headers: { ...headers, "Content-Disposition": 'inline; filename="ocds-releases.json"' },
  });
}
