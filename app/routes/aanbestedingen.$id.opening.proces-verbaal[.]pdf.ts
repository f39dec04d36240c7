import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { getOpeningRecordPdf } from "~/domain/evaluation/opening.server";
import { getServerClock } from "~/utils/clock.server";
import { attachmentNamed, privateDownload } from "~/utils/download.server";
import { query } from "~/utils/form.server";
import { requireActor } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

/** GET /aanbestedingen/:id/opening/proces-verbaal.pdf: the record of the opening (projectgroep, after the opening). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  // the domain decides: open:offers, manage:evaluation or decide:award, and only after the opening
  const actor = await requireActor(request);
  const tenderId = tenderIdFrom(params);
  const pdf = await query(async () => getOpeningRecordPdf(await getDb(), getServerClock(), actor, tenderId));
  const reference = pdf.reference.replace(/[^A-Za-z0-9._-]/g, "-");
  return privateDownload(pdf.bytes, "application/pdf", attachmentNamed(`Proces-verbaal-opening-${reference}.pdf`));
}
