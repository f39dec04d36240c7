import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { dashboardFilterSchema } from "~/domain/dashboards/dashboard-model";
import { produceYearlyReport } from "~/domain/dashboards/yearly-report.server";
import { getServerClock } from "~/utils/clock.server";
import { attachmentNamed } from "~/utils/download.server";
import { query } from "~/utils/form.server";
import { requireActor } from "~/utils/session.server";

// the dashboard's own rule for ?jaar=, so the link from the dashboard always parses here too
const searchSchema = dashboardFilterSchema.pick({ jaar: true });

/**
 * GET /dashboard/voortgangsrapportage.pdf[?jaar=2025]: the yearly progress report (a public
 * document, small numbers suppressed) of the year asked, or of the dashboard's year.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const search = searchSchema.safeParse({ jaar: new URL(request.url).searchParams.get("jaar") || undefined });
  if (!search.success) throw new Response(search.error.issues[0]?.message ?? "Kies een geldig jaar.", { status: 400, statusText: "Ongeldig jaar" });
  const report = await query(async () => produceYearlyReport(await getDb(), getServerClock(), actor, search.data.jaar));
  return new Response(new Uint8Array(report.bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(report.bytes.byteLength),
      "Content-Disposition": attachmentNamed(report.fileName),
      "X-Content-Type-Options": "nosniff",
      // public in content, but produced from the figures of the moment: never served stale
      "Cache-Control": "private, no-cache",
    },
  });
}
