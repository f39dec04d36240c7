import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { getReportTemplate } from "~/domain/reports/report-excel.server";
import { getServerClock } from "~/utils/clock.server";
import { query } from "~/utils/form.server";
import { requireActor } from "~/utils/session.server";

/** The Excel template of a period's report, pre-filled with the draft (issue 6 item 4). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const template = await query(async () => getReportTemplate(await getDb(), getServerClock(), actor, params.id ?? ""));
  return new Response(new Uint8Array(template.bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${template.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
