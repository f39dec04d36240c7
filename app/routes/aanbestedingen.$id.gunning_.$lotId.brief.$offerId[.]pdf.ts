import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { getAwardLetter } from "~/domain/evaluation/award.server";
import { query } from "~/utils/form.server";
import { uuidParam } from "~/utils/route-params";
import { requirePermission } from "~/utils/session.server";
import { tenderIdFrom } from "./aanbestedingen.$id";
import { awardLetterResponse } from "./aanbestedingen.$id.gunningsbrief.$lotId[.]pdf";

/**
 * GET /aanbestedingen/:id/gunning/:lotId/brief/:offerId.pdf: the award letter of one bidder, for
 * the projectgroep (a CONCEPT preview until the decision is sent). 404 before the opening.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "decide:award");
  const tenderId = tenderIdFrom(params);
  const lotId = uuidParam(params, "lotId");
  const offerId = uuidParam(params, "offerId");
  const letter = await query(async () => getAwardLetter(await getDb(), actor, tenderId, lotId, offerId));
  return awardLetterResponse(letter);
}
