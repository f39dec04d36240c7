import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { prepareContractReport } from "~/domain/dashboards/contract-report-export.server";
import { DownloadAbortedError } from "~/domain/dashboards/contract-report-workbook.server";
import { parseDashboardFilters } from "~/domain/dashboards/dashboard-filters";
import { getServerClock } from "~/utils/clock.server";
import { attachmentNamed } from "~/utils/download.server";
import { query } from "~/utils/form.server";
import { requireActor } from "~/utils/session.server";

// GET /dashboard/contractrapportage.xlsx?<the dashboard's filters>: the Excel "Contractrapportage".
// The scope check and the dashboard are done before the response starts (a refusal is a 403
// page); the workbook itself is streamed, so a large export never sits in memory as a whole.
// A filter that does not parse is dropped, as on the dashboard page.

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const { filters } = parseDashboardFilters(new URL(request.url).searchParams);
  const db = await getDb();
  const report = await query(() => prepareContractReport(db, getServerClock(), actor, filters));

  const body = new PassThrough();
  // the client went away: stop writing (the writer notices and stops reading the database)
  request.signal.addEventListener("abort", () => body.destroy(), { once: true });
  report.write(body).catch((error: unknown) => {
    if (!(error instanceof DownloadAbortedError)) console.error("Contractrapportage kon niet worden geschreven", error);
    // the headers are out: breaking the stream is the only way to tell the browser it failed
    body.destroy(error instanceof Error ? error : new Error(String(error)));
  });

  return new Response(createReadableStreamFromReadable(body), {
    status: 200,
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": attachmentNamed(report.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
