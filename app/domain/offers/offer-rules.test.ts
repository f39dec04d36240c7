import { buildTenderContent } from "../../../test/factories/tender-content";
import { emptyOfferDraft, type OfferDraft } from "./offer-content";
import { offerVersionHash } from "./offer-receipt.server";
import { applicableRequirements, buildVersionContent, checkOfferComplete, draftDiffersFromVersion, normaliseDraftFields, offerFields, priceLines, qualityCriteria } from "./offer-rules";

const content = buildTenderContent({ lots: 3, requirements: 10 });
const lot = content.lots[0]!;
const fileSha = "a".repeat(64);

function completeDraft(unitPriceCents = 3_500_00): OfferDraft {
  const requirements = applicableRequirements(content, lot.id);
  return {
    prices: lot.priceComponents.map((component) => ({ priceComponentId: component.id, unitPriceCents })),
    answers: qualityCriteria(content).map((criterion) => ({ criterionId: criterion.id, text: `Antwoord op ${criterion.name}` })),
    requirements: requirements.map((requirement) => ({ requirementId: requirement.id, met: true, explanation: requirement.kind === "scored" ? "Zo doen wij dat." : "" })),
    attachments: requirements
      .filter((requirement) => requirement.evidenceRequired)
      .map((requirement, index) => ({
        fileId: `00000000-0000-4000-8000-${String(index + 1).padStart(12, "0")}`,
        fileName: `bewijs-${index + 1}.pdf`,
        sizeBytes: 1000,
        sha256: fileSha,
        purpose: { kind: "requirement" as const, requirementId: requirement.id },
      })),
    espdDeclared: true,
    signedByName: "Zoë de Vries",
    signedByRole: "Directeur",
  };
}

test("a line's total is the unit price in cents times the expected quantity, exactly; the total price is their sum", () => {
  const [traject, hours] = lot.priceComponents;
  const draft = { prices: [{ priceComponentId: traject!.id, unitPriceCents: 3_499_99 }, { priceComponentId: hours!.id, unitPriceCents: 62_37 }] };
  const { lines, totalCents } = priceLines(lot, draft);
  expect(lines.map((line) => line.totalCents)).toEqual([3_499_99 * traject!.expectedQuantity, 62_37 * hours!.expectedQuantity]);
  expect(totalCents).toBe(3_499_99 * traject!.expectedQuantity + 62_37 * hours!.expectedQuantity);
  expect(Number.isInteger(totalCents)).toBe(true);
  expect(priceLines(lot, { prices: [{ priceComponentId: traject!.id, unitPriceCents: 1 }] }).totalCents).toBeNull();
});

test("the requirements of a lot are its own and those for every lot, in PvE order", () => {
  const ids = applicableRequirements(content, lot.id).map((requirement) => requirement.id);
  expect(ids).toEqual(content.requirements.filter((requirement) => requirement.lotId === null || requirement.lotId === lot.id).map((requirement) => requirement.id));
  expect(applicableRequirements(content, content.lots[1]!.id).some((requirement) => requirement.lotId === lot.id)).toBe(false);
});

test("a complete offer has no problems; a mandatory requirement answered 'nee' needs only an explanation", () => {
  expect(checkOfferComplete(content, lot, completeDraft())).toEqual([]);
  const mandatory = applicableRequirements(content, lot.id).find((requirement) => requirement.kind === "mandatory" && requirement.evidenceRequired)!;
  const notMet = completeDraft();
  notMet.requirements = notMet.requirements.map((entry) => (entry.requirementId === mandatory.id ? { ...entry, met: false } : entry));
  notMet.attachments = [];
  expect(checkOfferComplete(content, lot, notMet)).toEqual([{ field: offerFields.explanation(mandatory.id), message: `Licht toe waarom u niet voldoet aan de eis ‘${mandatory.title}’.` }]);
  notMet.requirements = notMet.requirements.map((entry) => (entry.requirementId === mandatory.id ? { ...entry, explanation: "Aangevraagd." } : entry));
  expect(checkOfferComplete(content, lot, notMet)).toEqual([]);
});

test("an attachment of a part that no longer exists must be removed before submitting", () => {
  const draft = completeDraft();
  draft.attachments.push({ fileId: "00000000-0000-4000-8000-0000000000ff", fileName: "oud.pdf", sizeBytes: 1, sha256: fileSha, purpose: { kind: "criterion", criterionId: "00000000-0000-4000-8000-0000000000ee" } });
  expect(checkOfferComplete(content, lot, draft).map((problem) => problem.field)).toEqual([offerFields.attachments]);
});

test("the version content follows the tender's order and hashes the same however the draft was ordered", () => {
  const draft = completeDraft();
  const reversed: OfferDraft = { ...draft, prices: [...draft.prices].reverse(), answers: [...draft.answers].reverse(), requirements: [...draft.requirements].reverse() };
  const input = { tenderId: "00000000-0000-4000-8000-000000000abc", content, tenderVersion: 1, lot, organisation: { id: "x", name: "Taalschool", kvkNumber: "12345678" }, version: 1, submittedAt: new Date("2026-12-01T10:00:00.123Z") };
  const a = buildVersionContent({ ...input, draft });
  const b = buildVersionContent({ ...input, draft: reversed });
  expect(a.prices.map((line) => line.priceComponentId)).toEqual(lot.priceComponents.map((component) => component.id));
  expect(a.submittedAt).toBe("2026-12-01T10:00:00.123Z");
  expect(offerVersionHash(a)).toBe(offerVersionHash(b));
  expect(offerVersionHash({ ...a, requirements: a.requirements.map((entry, index) => (index === 0 ? { ...entry, explanation: `${entry.explanation}!` } : entry)) })).not.toBe(offerVersionHash(a));
  expect(offerVersionHash({ ...a, attachments: a.attachments.map((attachment) => ({ ...attachment, sha256: "b".repeat(64) })) })).not.toBe(offerVersionHash(a));
});

test("a draft equal to its submitted version has no unsubmitted changes; any edit has", () => {
  const draft = completeDraft();
  const version = buildVersionContent({ tenderId: "t", content, tenderVersion: 1, lot, organisation: { id: "x", name: "T", kvkNumber: "12345678" }, version: 1, draft, submittedAt: new Date() });
  expect(draftDiffersFromVersion(draft, version)).toBe(false);
  expect(draftDiffersFromVersion({ ...draft, signedByRole: "Bestuurder" }, version)).toBe(true);
  expect(draftDiffersFromVersion({ ...draft, attachments: [] }, version)).toBe(true);
});

test("normalising keeps only the parts of the current version", () => {
  const fields = normaliseDraftFields(content, lot, { ...emptyOfferDraft(), prices: [{ priceComponentId: "00000000-0000-4000-8000-000000000123", unitPriceCents: 5 }] });
  expect(fields.prices).toEqual(lot.priceComponents.map((component) => ({ priceComponentId: component.id, unitPriceCents: null })));
  expect(fields.answers).toHaveLength(qualityCriteria(content).length);
});
