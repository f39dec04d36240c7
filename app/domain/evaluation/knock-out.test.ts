import { knockOutProposal, NOT_RECONFIRMED_REASON } from "./knock-out";
import { describeScale, isOnScale, scaleValues } from "./scoring-scale";

const LOT_1 = "lot-1";
const LOT_2 = "lot-2";
const requirements = [
  { id: "keurmerk", lotId: LOT_1, kind: "mandatory" as const, title: "Keurmerk Blik op Werk" },
  { id: "vog", lotId: null, kind: "mandatory" as const, title: "Verklaring Omtrent het Gedrag" },
  { id: "avg", lotId: LOT_2, kind: "mandatory" as const, title: "Verwerkersovereenkomst" },
  { id: "duaal", lotId: null, kind: "scored" as const, title: "Duale trajecten" },
];

describe("knockOutProposal", () => {
  test("every mandatory requirement of the lot met: no exclusion proposed", () => {
    const proposal = knockOutProposal({
      requirements,
      lotId: LOT_1,
      confirmations: [
        { requirementId: "keurmerk", met: true },
        { requirementId: "vog", met: true },
        { requirementId: "duaal", met: false }, // a scored wish answered "no" is no knock-out
      ],
      needsReconfirmation: false,
    });
    expect(proposal).toEqual({ exclude: false, unmetRequirements: [], notReconfirmed: false, reasons: [] });
  });

  test("a mandatory requirement answered no proposes exclusion and names it; another lot's requirement does not count", () => {
    const proposal = knockOutProposal({
      requirements,
      lotId: LOT_1,
      confirmations: [
        { requirementId: "keurmerk", met: false },
        { requirementId: "vog", met: true },
      ],
      needsReconfirmation: false,
    });
    expect(proposal.exclude).toBe(true);
    expect(proposal.reasons).toEqual(['Niet voldaan aan de eis "Keurmerk Blik op Werk".']);
    expect(proposal.unmetRequirements).toEqual([{ requirementId: "keurmerk", title: "Keurmerk Blik op Werk", answered: true }]);
  });

  test("several unmet (or unanswered) requirements are listed together", () => {
    const proposal = knockOutProposal({ requirements, lotId: LOT_1, confirmations: [{ requirementId: "keurmerk", met: false }], needsReconfirmation: false });
    expect(proposal.reasons).toEqual(['Niet voldaan aan de eisen "Keurmerk Blik op Werk" en "Verklaring Omtrent het Gedrag".']);
    expect(proposal.unmetRequirements[1]).toEqual({ requirementId: "vog", title: "Verklaring Omtrent het Gedrag", answered: false });
  });

  test("an offer not re-confirmed after a material change is proposed for exclusion", () => {
    const proposal = knockOutProposal({
      requirements,
      lotId: LOT_2,
      confirmations: [
        { requirementId: "avg", met: true },
        { requirementId: "vog", met: true },
      ],
      needsReconfirmation: true,
    });
    expect(proposal).toEqual({ exclude: true, unmetRequirements: [], notReconfirmed: true, reasons: [NOT_RECONFIRMED_REASON] });
  });
});

describe("scoring scale", () => {
  test.each([
    { scale: { min: 0, max: 10, step: 2 }, values: [0, 2, 4, 6, 8, 10], description: "0 tot en met 10, in stappen van 2" },
    { scale: { min: 1, max: 5, step: 1 }, values: [1, 2, 3, 4, 5], description: "1 tot en met 5" },
    { scale: { min: 0, max: 10, step: 3 }, values: [0, 3, 6, 9], description: "0 tot en met 10, in stappen van 3" },
  ])("$description", ({ scale, values, description }) => {
    expect(scaleValues(scale)).toEqual(values);
    expect(describeScale(scale)).toBe(description);
    for (const value of values) expect(isOnScale(value, scale)).toBe(true);
  });

  test.each([
    { score: 5, why: "between two steps" },
    { score: 12, why: "above the maximum" },
    { score: -2, why: "below the minimum" },
    { score: 4.5, why: "not a whole number" },
  ])("$score is off the 0–10 step 2 scale ($why)", ({ score }) => {
    expect(isOnScale(score, { min: 0, max: 10, step: 2 })).toBe(false);
  });
});
