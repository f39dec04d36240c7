import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/db.server";
import { getReportAttachment } from "~/domain/reports/reports.server";
import { privateDownload } from "~/utils/download.server";
import { query } from "~/utils/form.server";
import { requireActor } from "~/utils/session.server";
import { attachmentDisposition } from "./aanbestedingen.$id.documenten.$fileId";

// An attachment of a progress report, for whoever may read the report (the contract managers, the
// contract's own supplier), decided in the domain; a file of another report is a 404 there.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const ids = z.object({ id: z.uuid(), fileId: z.uuid() }).safeParse(params);
  if (!ids.success) throw new Response("Niet gevonden", { status: 404, statusText: "Niet gevonden" });
  const file = await query(async () => getReportAttachment(await getDb(), actor, ids.data.id, ids.data.fileId));
  return privateDownload(file.bytes, file.mimeType, attachmentDisposition(file.fileName));
}
