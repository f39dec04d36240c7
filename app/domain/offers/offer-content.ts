import { z } from "zod";

// The content of an offer (inschrijving) on one lot. A supplier edits a draft; submitting freezes
// it, with the computed totals and each attachment's SHA-256, as an immutable offer version whose
// canonical JSON is hashed into the receipt (offer-receipt.server.ts). Money is integer euro cents.

/** Longest answer to one award criterion, in characters (about four A4 pages). */
export const MAX_ANSWER_LENGTH = 12_000;

/** Longest explanation of one requirement confirmation, in characters. */
export const MAX_EXPLANATION_LENGTH = 2_000;

/** Most attachments one offer may hold (answers, evidence and the UEA together). */
export const MAX_OFFER_ATTACHMENTS = 50;

/**
 * Highest unit price accepted, in cents (€ 10.000.000,00). With the largest expected quantity a
 * tender allows (1.000.000) every total stays far below 2^53, so totals are exact integers.
 */
export const MAX_UNIT_PRICE_CENTS = 1_000_000_000;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * The form field of each part of an offer. Problems from the domain carry these names, so the
 * offer page shows every message next to its field and links to it from the error summary.
 * A field name never contains a dot (runCommand places an error by the part after the last dot).
 */
export const offerFields = {
  price: (priceComponentId: string) => `price-${priceComponentId}`,
  answer: (criterionId: string) => `answer-${criterionId}`,
  met: (requirementId: string) => `met-${requirementId}`,
  explanation: (requirementId: string) => `explanation-${requirementId}`,
  evidence: (requirementId: string) => `evidence-${requirementId}`,
  totalPrice: "totalPrice",
  espdDeclared: "espdDeclared",
  signedByName: "signedByName",
  signedByRole: "signedByRole",
  attachments: "attachments",
} as const;

/** What an attachment belongs to: the answer to a criterion, the evidence of a requirement, the UEA. */
export const attachmentPurposeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("criterion"), criterionId: z.uuid() }),
  z.object({ kind: z.literal("requirement"), requirementId: z.uuid() }),
  z.object({ kind: z.literal("uea") }),
]);
export type AttachmentPurpose = z.infer<typeof attachmentPurposeSchema>;

export const offerAttachmentSchema = z.object({
  fileId: z.uuid(),
  fileName: z.string().min(1),
  sizeBytes: z.number().int().nonnegative(),
  sha256: sha256Hex,
  purpose: attachmentPurposeSchema,
});
export type OfferAttachment = z.infer<typeof offerAttachmentSchema>;

export const offerPriceSchema = z.object({
  priceComponentId: z.uuid(),
  /** null while the supplier has not filled it in (drafts only). */
  unitPriceCents: z.number().int().nonnegative().nullable(),
});

export const offerAnswerSchema = z.object({
  criterionId: z.uuid(),
  text: z.string().max(MAX_ANSWER_LENGTH),
});

export const requirementConfirmationSchema = z.object({
  requirementId: z.uuid(),
  /** null: not answered yet (drafts only). */
  met: z.boolean().nullable(),
  explanation: z.string().max(MAX_EXPLANATION_LENGTH),
});

/** The working copy of an offer, as stored in offers.draft. */
export const offerDraftSchema = z.object({
  prices: z.array(offerPriceSchema),
  answers: z.array(offerAnswerSchema),
  requirements: z.array(requirementConfirmationSchema),
  attachments: z.array(offerAttachmentSchema).max(MAX_OFFER_ATTACHMENTS),
  /** The supplier declares the Uniform Europees Aanbestedingsdocument (UEA) true and complete. */
  espdDeclared: z.boolean(),
  signedByName: z.string().max(200),
  signedByRole: z.string().max(200),
});
export type OfferDraft = z.infer<typeof offerDraftSchema>;

/** What a supplier types into the offer form: the draft without its attachments (uploaded separately). */
export type OfferDraftFields = Omit<OfferDraft, "attachments">;

export function emptyOfferDraft(): OfferDraft {
  return { prices: [], answers: [], requirements: [], attachments: [], espdDeclared: false, signedByName: "", signedByRole: "" };
}

/** One priced line of a submitted offer: the unit price times the lot's expected quantity. */
export const submittedPriceLineSchema = z.object({
  priceComponentId: z.uuid(),
  name: z.string(),
  unit: z.string(),
  unitPriceCents: z.number().int().nonnegative(),
  quantity: z.number().int().nonnegative(),
  totalCents: z.number().int().nonnegative(),
});
export type SubmittedPriceLine = z.infer<typeof submittedPriceLineSchema>;

/**
 * What a submitted version holds and what its receipt hash covers: everything the supplier
 * declared, the tender version it answered, and the hashes of the attachments' bytes.
 */
export const offerVersionContentSchema = z.object({
  tenderReference: z.string(),
  tenderVersion: z.number().int().positive(),
  lotId: z.uuid(),
  lotNumber: z.number().int().positive(),
  lotTitle: z.string(),
  organisation: z.object({ name: z.string(), kvkNumber: z.string() }),
  version: z.number().int().positive(),
  prices: z.array(submittedPriceLineSchema),
  totalPriceCents: z.number().int().nonnegative(),
  answers: z.array(z.object({ criterionId: z.uuid(), criterionName: z.string(), text: z.string() })),
  requirements: z.array(z.object({ requirementId: z.uuid(), title: z.string(), kind: z.enum(["mandatory", "scored"]), met: z.boolean(), explanation: z.string() })),
  attachments: z.array(offerAttachmentSchema),
  espdDeclared: z.literal(true),
  signedByName: z.string(),
  signedByRole: z.string(),
  /** ISO instant (UTC) at which the server accepted the submission. */
  submittedAt: z.string(),
});
export type OfferVersionContent = z.infer<typeof offerVersionContentSchema>;
