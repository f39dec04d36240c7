import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { getOwnAwardLetter, type AwardLetterPdf } from "~/domain/evaluation/award.server";
import { attachmentNamed, privateDownload } from "~/utils/download.server";
import { query } from "~/utils/form.server";
import { uuidParam } from "~/utils/route-params";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";

/** The PDF response of an award letter: a download, private, never cached by a proxy. */
export function awardLetterResponse(letter: AwardLetterPdf): Response {
  return privateDownload(letter.bytes, "application/pdf", attachmentNamed(letter.fileName));
}

/**
 * GET /aanbestedingen/:id/gunningsbrief/:lotId.pdf: a supplier's own award letter for a lot, only
 * once the decision was sent (404 before, and for a lot it did not bid on).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "submit:offers");
  const tenderId = tenderIdFrom(params);
  const lotId = uuidParam(params, "lotId");
  const letter = await query(async () => getOwnAwardLetter(await getDb(), actor, tenderId, lotId));
  return awardLetterResponse(letter);
}
