// The rules of an offer (inschrijving) on one lot, without the database: which parts of the
// published tender version the supplier must answer, how the totals are computed, when an offer
// is complete enough to submit, and what a submitted version contains. offers.server.ts applies
// them inside its transactions; the offer page uses the field names to put errors in place.
import type { RuleProblem } from "../errors";
import type { AwardCriterion, Lot, Requirement, TenderContent } from "../tenders/tender-content";
import { canonicalJson } from "./offer-receipt.server";
import { offerFields, type AttachmentPurpose, type OfferAttachment, type OfferDraft, type OfferDraftFields, type OfferVersionContent, type SubmittedPriceLine } from "./offer-content";

export { offerFields };
import { priceUnitLabels } from "../tenders/tender-content";
import { formatEuroCents } from "../../utils/format";

/** The requirements a supplier answers on a lot: those of the lot and those of every lot (lotId null), in PvE order. */
export function applicableRequirements(content: TenderContent, lotId: string): Requirement[] {
  return content.requirements.filter((requirement) => requirement.lotId === null || requirement.lotId === lotId);
}

/** The award criteria that need a written answer: the quality criteria (price follows from the prices). */
export function qualityCriteria(content: TenderContent): AwardCriterion[] {
  return content.awardCriteria.filter((criterion) => criterion.kind === "quality");
}

export interface PriceLineView {
  priceComponentId: string;
  name: string;
  unit: Lot["priceComponents"][number]["unit"];
  quantity: number;
  unitPriceCents: number | null;
  totalCents: number | null;
}

/**
 * The price lines of an offer on `lot`, in the order of the lot's price components.
 *
 * The rule (written down, as the brief asks): the total of a line is the unit price in whole euro
 * cents times the component's expected quantity, a whole number. Both factors are integers, so
 * the product is an exact integer number of cents: nothing is rounded, ever. The offer's total
 * price is the sum of its lines. The unit price is capped (MAX_UNIT_PRICE_CENTS) so that every
 * product and sum stays a safe integer; `totalCents` is null while any unit price is missing.
 */
export function priceLines(lot: Lot, draft: Pick<OfferDraft, "prices">): { lines: PriceLineView[]; totalCents: number | null } {
  const unitPrices = new Map(draft.prices.map((price) => [price.priceComponentId, price.unitPriceCents]));
  const lines = lot.priceComponents.map((component): PriceLineView => {
    const unitPriceCents = unitPrices.get(component.id) ?? null;
    return {
      priceComponentId: component.id,
      name: component.name,
      unit: component.unit,
      quantity: component.expectedQuantity,
      unitPriceCents,
      totalCents: unitPriceCents === null ? null : unitPriceCents * component.expectedQuantity,
    };
  });
  const complete = lines.every((line) => line.totalCents !== null);
  return { lines, totalCents: complete ? lines.reduce((sum, line) => sum + line.totalCents!, 0) : null };
}

/**
 * The fields as typed, reduced to the parts of the current tender version, in its order: a price
 * per price component of the lot, an answer per quality criterion, a confirmation per applicable
 * requirement. Entries for parts that no longer exist (after a rectification) are dropped.
 */
export function normaliseDraftFields(content: TenderContent, lot: Lot, fields: OfferDraftFields): OfferDraftFields {
  const prices = new Map(fields.prices.map((price) => [price.priceComponentId, price.unitPriceCents]));
  const answers = new Map(fields.answers.map((answer) => [answer.criterionId, answer.text]));
  const requirements = new Map(fields.requirements.map((confirmation) => [confirmation.requirementId, confirmation]));
  return {
    prices: lot.priceComponents.map((component) => ({ priceComponentId: component.id, unitPriceCents: prices.get(component.id) ?? null })),
    answers: qualityCriteria(content).map((criterion) => ({ criterionId: criterion.id, text: answers.get(criterion.id) ?? "" })),
    requirements: applicableRequirements(content, lot.id).map((requirement) => ({
      requirementId: requirement.id,
      met: requirements.get(requirement.id)?.met ?? null,
      explanation: requirements.get(requirement.id)?.explanation ?? "",
    })),
    espdDeclared: fields.espdDeclared,
    signedByName: fields.signedByName,
    signedByRole: fields.signedByRole,
  };
}

/** Whether an attachment's purpose names a part of the current tender version for this lot. */
export function purposeIsValid(content: TenderContent, lotId: string, purpose: AttachmentPurpose): boolean {
  switch (purpose.kind) {
    case "uea":
      return true;
    case "criterion":
      return qualityCriteria(content).some((criterion) => criterion.id === purpose.criterionId);
    case "requirement":
      return applicableRequirements(content, lotId).some((requirement) => requirement.id === purpose.requirementId);
  }
}

/** "Gunningscriterium ‘Plan van aanpak’", "Bewijs bij ‘Keurmerk Blik op Werk’", "UEA". */
export function purposeLabel(content: Pick<TenderContent, "awardCriteria" | "requirements">, purpose: AttachmentPurpose): string {
  switch (purpose.kind) {
    case "uea":
      return "UEA (Uniform Europees Aanbestedingsdocument)";
    case "criterion": {
      const criterion = content.awardCriteria.find((candidate) => candidate.id === purpose.criterionId);
      return criterion ? `Gunningscriterium ‘${criterion.name}’` : "Een gunningscriterium dat niet meer bestaat";
    }
    case "requirement": {
      const requirement = content.requirements.find((candidate) => candidate.id === purpose.requirementId);
      return requirement ? `${requirement.kind === "mandatory" ? "Eis" : "Wens"} ‘${requirement.title}’` : "Een eis die niet meer bestaat";
    }
  }
}

function hasEvidence(attachments: readonly OfferAttachment[], requirementId: string): boolean {
  return attachments.some((attachment) => attachment.purpose.kind === "requirement" && attachment.purpose.requirementId === requirementId);
}

/**
 * Everything that still stands in the way of submitting, each as a Dutch message on its field.
 * A mandatory requirement answered "nee" is not a problem here: the offer may be submitted and
 * is then excluded in the knock-out check after the opening (the page warns about that).
 * Explanations are required where they carry meaning: for every scored wish (how the supplier
 * meets it) and for a requirement the supplier does not meet (why not).
 */
export function checkOfferComplete(content: TenderContent, lot: Lot, draft: OfferDraft): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const { lines, totalCents } = priceLines(lot, draft);
  if (lines.length === 0) {
    problems.push({ field: offerFields.totalPrice, message: "Dit perceel heeft geen prijscomponenten; er kan geen prijs worden geboden. Stel een vraag aan de projectgroep." });
  }
  for (const line of lines) {
    if (line.unitPriceCents === null) {
      problems.push({ field: offerFields.price(line.priceComponentId), message: `Vul de prijs ${priceUnitLabels[line.unit]} in bij ‘${line.name}’.` });
    }
  }
  if (totalCents !== null && lines.length > 0 && totalCents <= 0) {
    problems.push({ field: offerFields.totalPrice, message: `De totaalprijs moet groter zijn dan ${formatEuroCents(0)}.` });
  }
  if (totalCents !== null && !Number.isSafeInteger(totalCents)) {
    problems.push({ field: offerFields.totalPrice, message: "De totaalprijs is te hoog om vast te leggen. Controleer de eenheidsprijzen." });
  }

  const answers = new Map(draft.answers.map((answer) => [answer.criterionId, answer.text]));
  for (const criterion of qualityCriteria(content)) {
    if (!(answers.get(criterion.id) ?? "").trim()) {
      problems.push({ field: offerFields.answer(criterion.id), message: `Beantwoord het gunningscriterium ‘${criterion.name}’.` });
    }
  }

  const confirmations = new Map(draft.requirements.map((confirmation) => [confirmation.requirementId, confirmation]));
  for (const requirement of applicableRequirements(content, lot.id)) {
    const confirmation = confirmations.get(requirement.id);
    const noun = requirement.kind === "mandatory" ? "de eis" : "de wens";
    if (!confirmation || confirmation.met === null) {
      problems.push({ field: offerFields.met(requirement.id), message: `Geef aan of u voldoet aan ${noun} ‘${requirement.title}’.` });
      continue;
    }
    const explained = confirmation.explanation.trim() !== "";
    if (!explained && requirement.kind === "scored") {
      problems.push({ field: offerFields.explanation(requirement.id), message: `Licht toe hoe u invulling geeft aan de wens ‘${requirement.title}’.` });
    } else if (!explained && !confirmation.met) {
      problems.push({ field: offerFields.explanation(requirement.id), message: `Licht toe waarom u niet voldoet aan de eis ‘${requirement.title}’.` });
    }
    if (requirement.evidenceRequired && confirmation.met && !hasEvidence(draft.attachments, requirement.id)) {
      problems.push({ field: offerFields.evidence(requirement.id), message: `Voeg het bewijs (een PDF-bestand) toe bij ${noun} ‘${requirement.title}’.` });
    }
  }

  if (!draft.espdDeclared) {
    problems.push({ field: offerFields.espdDeclared, message: "Verklaar dat de gegevens in het Uniform Europees Aanbestedingsdocument (UEA) juist en volledig zijn." });
  }
  if (!draft.signedByName.trim()) problems.push({ field: offerFields.signedByName, message: "Vul de naam in van de persoon die de inschrijving ondertekent." });
  if (!draft.signedByRole.trim()) problems.push({ field: offerFields.signedByRole, message: "Vul de functie in van de persoon die de inschrijving ondertekent." });

  for (const attachment of draft.attachments) {
    if (!purposeIsValid(content, lot.id, attachment.purpose)) {
      problems.push({
        field: offerFields.attachments,
        message: `De bijlage ‘${attachment.fileName}’ hoort bij een onderdeel dat niet meer in het programma van eisen staat. Verwijder de bijlage en voeg haar zo nodig opnieuw toe bij het juiste onderdeel.`,
      });
    }
  }
  return problems;
}

export interface VersionContentInput {
  tenderId: string;
  content: TenderContent;
  tenderVersion: number;
  lot: Lot;
  organisation: { id: string; name: string; kvkNumber: string };
  version: number;
  draft: OfferDraft;
  submittedAt: Date;
}

/**
 * The immutable content of a submitted version, from a complete draft (checkOfferComplete found
 * nothing). Arrays follow the order of the tender version (price components, criteria,
 * requirements) and of upload (attachments), so the canonical JSON, and thus the receipt hash, is
 * the same whenever it is recomputed from the stored content.
 */
export function buildVersionContent(input: VersionContentInput): OfferVersionContent {
  const { content, lot, draft } = input;
  const { lines, totalCents } = priceLines(lot, draft);
  const answers = new Map(draft.answers.map((answer) => [answer.criterionId, answer.text]));
  const confirmations = new Map(draft.requirements.map((confirmation) => [confirmation.requirementId, confirmation]));
  const prices: SubmittedPriceLine[] = lines.map((line) => ({
    priceComponentId: line.priceComponentId,
    name: line.name,
    unit: line.unit,
    unitPriceCents: line.unitPriceCents!,
    quantity: line.quantity,
    totalCents: line.totalCents!,
  }));
  return {
    tenderReference: content.reference,
    tenderVersion: input.tenderVersion,
    lotId: lot.id,
    lotNumber: lot.number,
    lotTitle: lot.title,
    // the reference and the KvK number are unique, so they identify tender and organisation
    organisation: { name: input.organisation.name, kvkNumber: input.organisation.kvkNumber },
    version: input.version,
    prices,
    totalPriceCents: totalCents!,
    answers: qualityCriteria(content).map((criterion) => ({ criterionId: criterion.id, criterionName: criterion.name, text: answers.get(criterion.id) ?? "" })),
    requirements: applicableRequirements(content, lot.id).map((requirement) => ({
      requirementId: requirement.id,
      title: requirement.title,
      kind: requirement.kind,
      met: confirmations.get(requirement.id)!.met!,
      explanation: confirmations.get(requirement.id)!.explanation,
    })),
    attachments: draft.attachments
      .filter((attachment) => purposeIsValid(content, lot.id, attachment.purpose))
      .map((attachment) => ({ fileId: attachment.fileId, fileName: attachment.fileName, sizeBytes: attachment.sizeBytes, sha256: attachment.sha256, purpose: attachment.purpose })),
    espdDeclared: true,
    signedByName: draft.signedByName,
    signedByRole: draft.signedByRole,
    submittedAt: input.submittedAt.toISOString(),
  };
}

/** What a supplier declared, independent of where it is stored: for "changed since submission". */
function declared(input: {
  prices: { priceComponentId: string; unitPriceCents: number | null }[];
  answers: { criterionId: string; text: string }[];
  requirements: { requirementId: string; met: boolean | null; explanation: string }[];
  attachments: { fileId: string }[];
  espdDeclared: boolean;
  signedByName: string;
  signedByRole: string;
}): string {
  const byId = <T>(entries: [string, T][]) => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return canonicalJson({
    prices: byId(input.prices.filter((price) => price.unitPriceCents !== null).map((price) => [price.priceComponentId, price.unitPriceCents])),
    answers: byId(input.answers.filter((answer) => answer.text !== "").map((answer) => [answer.criterionId, answer.text])),
    requirements: byId(input.requirements.filter((entry) => entry.met !== null || entry.explanation !== "").map((entry) => [entry.requirementId, [entry.met, entry.explanation]])),
    attachments: input.attachments.map((attachment) => attachment.fileId).sort(),
    espdDeclared: input.espdDeclared,
    signedByName: input.signedByName,
    signedByRole: input.signedByRole,
  });
}

/** True when the working copy holds changes that the latest submitted version does not. */
export function draftDiffersFromVersion(draft: OfferDraft, version: OfferVersionContent): boolean {
  return declared(draft) !== declared(version);
}
