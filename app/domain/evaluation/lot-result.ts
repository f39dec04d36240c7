// The outcome of one lot's evaluation, as the award step reads it. Produced by
// `readLotResult` / `getLotResult` in lot-result.server.ts (evaluation), consumed by award.server.ts.
import type { RankedOffer } from "./ranking";

export type LotResultStatus =
  /** The tender has not been opened yet: nothing about offers may be shown. */
  | "notOpened"
  /** Opened; knock-out check, scoring or consensus still in progress. */
  | "assessing"
  /** Quality closed and prices scored: `ranking` holds every admissible offer. */
  | "ready"
  /** No admissible offer: the lot cannot be awarded. */
  | "unsuccessful";

export interface OpenedOffer {
  offerId: string;
  organisationId: string;
  organisationName: string;
  kvkNumber: string;
  /** The submitted version that counts (the latest one before the deadline). */
  version: number;
  submittedAt: string;
  contentHash: string;
  totalPriceCents: number;
  admissibility: "pending" | "admissible" | "excluded";
  exclusionReason: string | null;
}

export interface LotResult {
  tenderId: string;
  tenderReference: string;
  tenderTitle: string;
  lotId: string;
  lotNumber: number;
  lotTitle: string;
  status: LotResultStatus;
  unsuccessfulReason: string | null;
  /** Every opened offer of the lot (empty while notOpened). */
  offers: OpenedOffer[];
  /** Admissible offers, best first (empty unless status is "ready"). */
  ranking: RankedOffer[];
  /** The chair's consensus motivation per offer id and criterion id ("ready" only). */
  consensusMotivations: Record<string, Record<string, string>>;
  /** Whether the top of the ranking is a tie that needs a documented tie-break. */
  tieAtTop: boolean;
}
