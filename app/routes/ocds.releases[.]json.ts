// Public open contracting data (decision 0014): no login, only published information.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { buildOcdsReleasePackage } from "~/domain/ocds/ocds-release.server";
import { getServerClock } from "~/utils/clock.server";
import { getEnv } from "~/utils/env.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const releasePackage = await buildOcdsReleasePackage(await getDb(), getServerClock(), {
    prefix: getEnv().OCDS_PREFIX,
    baseUrl: new URL(request.url).origin,
  });
  return new Response(JSON.stringify(releasePackage), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      // public data that changes with the process: shared caches may keep it briefly
      "Cache-Control": "public, max-age=300",
      "Content-Disposition": 'inline; filename="ocds-releases.json"',
      "X-Content-Type-Options": "nosniff",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
