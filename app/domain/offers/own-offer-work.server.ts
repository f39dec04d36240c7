// The supplier's own offers that need action, over every tender: for "Mijn overzicht"
// (app/domain/start-page). Like offers.server.ts this serves the actor's own organisation only; a
// municipal role is refused (it lacks submit:offers), so nothing here can count offers for it.
import { and, asc, eq, gt, or } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { ForbiddenError } from "../errors";
import { assertPermission } from "../identity/authorize";
import type { Actor } from "../identity/roles";
import { tenders, tenderVersions } from "../tenders/tender.sql";
import { offers } from "./offer.sql";

export interface OwnOfferToFinish {
  tenderId: string;
  reference: string;
  title: string;
  lotId: string;
  lotNumber: number;
  lotTitle: string;
  submissionDeadline: Date;
  /** When the working copy was last saved (draft) or when the tender changed (re-confirmation). */
  updatedAt: Date;
  /** The page where the supplier finishes the offer. */
  href: string;
}

export interface OwnOfferWork {
  /** Saved but never submitted (status draft), on a tender still open for offers. */
  drafts: OwnOfferToFinish[];
  /** Submitted, but the tender changed materially since: submit again before the deadline. */
  toReconfirm: OwnOfferToFinish[];
}

/**
 * The actor's organisation's offers that still need the supplier, on tenders open for offers
 * (published, not cancelled, strictly before the submission deadline by the server clock):
 * drafts that were never submitted, and submitted offers that must be re-confirmed after a
 * material change of the tender. Ordered by deadline, soonest first.
 */
export async function listOwnOfferWork(db: Db, clock: Clock, actor: Actor): Promise<OwnOfferWork> {
  assertPermission(actor, "submit:offers");
  if (!actor.organisationId) throw new ForbiddenError();
  const now = clock.now();
  const rows = await db
    .select({
      tenderId: offers.tenderId,
      lotId: offers.lotId,
      status: offers.status,
      needsReconfirmation: offers.needsReconfirmation,
      updatedAt: offers.updatedAt,
      reference: tenders.reference,
      title: tenders.title,
      submissionDeadline: tenders.submissionDeadline,
      content: tenderVersions.content,
    })
    .from(offers)
    .innerJoin(tenders, eq(tenders.id, offers.tenderId))
    .innerJoin(tenderVersions, and(eq(tenderVersions.tenderId, tenders.id), eq(tenderVersions.version, tenders.publishedVersion)))
    .where(
      and(
        eq(offers.organisationId, actor.organisationId),
        eq(tenders.status, "published"),
        gt(tenders.submissionDeadline, now),
        or(eq(offers.status, "draft"), and(eq(offers.status, "submitted"), eq(offers.needsReconfirmation, true))),
      ),
    )
    .orderBy(asc(tenders.submissionDeadline), asc(tenders.reference));
  const drafts: OwnOfferToFinish[] = [];
  const toReconfirm: OwnOfferToFinish[] = [];
  for (const row of rows) {
    // a lot taken out by a later version no longer takes offers
    const lot = row.content.lots.find((candidate) => candidate.id === row.lotId);
    if (!lot || !row.submissionDeadline) continue;
    const item: OwnOfferToFinish = {
      tenderId: row.tenderId,
      reference: row.reference,
      title: row.title,
      lotId: row.lotId,
      lotNumber: lot.number,
      lotTitle: lot.title,
      submissionDeadline: row.submissionDeadline,
      updatedAt: row.updatedAt,
      href: `/aanbestedingen/${row.tenderId}/inschrijving/${row.lotId}`,
    };
    (row.status === "draft" ? drafts : toReconfirm).push(item);
  }
  const order = (a: OwnOfferToFinish, b: OwnOfferToFinish) => a.submissionDeadline.getTime() - b.submissionDeadline.getTime() || a.reference.localeCompare(b.reference, "nl") || a.lotNumber - b.lotNumber;
  return { drafts: drafts.sort(order), toReconfirm: toReconfirm.sort(order) };
}
