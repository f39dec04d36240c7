import { ZERO_PRICE_MESSAGE } from "../tenders/price-scoring";
import { qualityPoints, rankOffers, type RankingInput, type RankingOffer } from "./ranking";

// The criteria of the factory tender (test/factories/tender-content.ts): price 30, quality
// "Plan van aanpak" 40, "Samenwerking in de keten" 20, "Monitoring en klantbeleving" 10; scale
// 0–10 in steps of 2.
const criteria: RankingInput["criteria"] = [
  { id: "price", name: "Prijs", kind: "price", weight: 30 },
  { id: "approach", name: "Plan van aanpak", kind: "quality", weight: 40 },
  { id: "cooperation", name: "Samenwerking in de keten", kind: "quality", weight: 20 },
  { id: "monitoring", name: "Monitoring en klantbeleving", kind: "quality", weight: 10 },
];
const scale = { min: 0, max: 10, step: 2 };
const EURO = 100; // cents

function offer(organisationName: string, euros: number, approach: number, cooperation: number, monitoring: number): RankingOffer {
  return { offerId: organisationName.toLowerCase().replace(/\s+/g, "-"), organisationName, totalPriceCents: euros * EURO, consensusScores: { approach, cooperation, monitoring } };
}

function rank(offers: RankingOffer[], overrides: Partial<RankingInput> = {}) {
  return rankOffers({ criteria, scale, priceScoringMethod: "lowestPriceRatio", ceilingCents: 150_000 * EURO, offers, ...overrides });
}

const summary = (ranked: ReturnType<typeof rankOffers>) =>
  ranked.map(({ organisationName, qualityPoints, pricePoints, totalPoints, rank, tied }) => ({ organisationName, qualityPoints, pricePoints, totalPoints, rank, tied }));

describe("qualityPoints: consensus score / scale maximum × weight, 2 decimals half up", () => {
  test.each([
    // score, max, weight → points, worked out by hand
    { score: 8, max: 10, weight: 40, points: 32 }, // 8/10 × 40 = 32
    { score: 0, max: 10, weight: 40, points: 0 },
    { score: 10, max: 10, weight: 10, points: 10 }, // the maximum gives the full weight
    { score: 2, max: 3, weight: 40, points: 26.67 }, // 80/3 = 26,666… → 26,67
    { score: 1, max: 3, weight: 40, points: 13.33 }, // 40/3 = 13,333… → 13,33
    { score: 1, max: 8, weight: 1, points: 0.13 }, // 0,125 exactly: half up → 0,13
    { score: 3, max: 8, weight: 1, points: 0.38 }, // 0,375 exactly: half up → 0,38
  ])("$score of $max with weight $weight gives $points", ({ score, max, weight, points }) => {
    expect(qualityPoints(score, max, weight)).toBe(points);
  });

  test("a score above the scale, or not a whole number, is refused", () => {
    expect(() => qualityPoints(12, 10, 40)).toThrow(RangeError);
    expect(() => qualityPoints(7.5, 10, 40)).toThrow(RangeError);
    expect(() => qualityPoints(5, 0, 40)).toThrow(RangeError);
  });
});

describe("rankOffers", () => {
  test("worked example (lowest price / offered price × 30): the best price-quality ratio wins, not the lowest price", () => {
    const ranked = rank([
      // Aurora: quality 8/10×40 + 6/10×20 + 10/10×10 = 32 + 12 + 10 = 54; price 30 × 80.000/80.000 = 30 → 84,00
      offer("Taalschool Aurora", 80_000, 8, 6, 10),
      // Brug: quality 40 + 16 + 6 = 62; price 30 × 80.000/100.000 = 24 → 86,00
      offer("Taalhuis De Brug", 100_000, 10, 8, 6),
      // Citadel: quality 24 + 12 + 6 = 42; price 30 × 80.000/120.000 = 20 → 62,00
      offer("Taalcentrum Citadel", 120_000, 6, 6, 6),
    ]);
    expect(summary(ranked)).toEqual([
      { organisationName: "Taalhuis De Brug", qualityPoints: 62, pricePoints: 24, totalPoints: 86, rank: 1, tied: false },
      { organisationName: "Taalschool Aurora", qualityPoints: 54, pricePoints: 30, totalPoints: 84, rank: 2, tied: false },
      { organisationName: "Taalcentrum Citadel", qualityPoints: 42, pricePoints: 20, totalPoints: 62, rank: 3, tied: false },
    ]);
    // the points per criterion are there for the award letters
    expect(ranked[0]!.quality).toEqual([
      { criterionId: "approach", name: "Plan van aanpak", weight: 40, score: 10, points: 40 },
      { criterionId: "cooperation", name: "Samenwerking in de keten", weight: 20, score: 8, points: 16 },
      { criterionId: "monitoring", name: "Monitoring en klantbeleving", weight: 10, score: 6, points: 6 },
    ]);
  });

  test("the total is the sum of the rounded points, so the letters add up", () => {
    // scale 0–3: 2/3 × 40 = 26,67 and 1/3 × 20 = 6,67 and 3/3 × 10 = 10 → quality 43,34
    // (the exact sum 43,333… would round to 43,33; the rule adds the rounded figures)
    // price: 30 × 70.000/90.000 = 23,333… → 23,33; total 43,34 + 23,33 = 66,67
    const ranked = rank([offer("Taalschool Aurora", 70_000, 3, 3, 3), offer("Taalhuis De Brug", 90_000, 2, 1, 3)], { scale: { min: 0, max: 3, step: 1 } });
    expect(summary(ranked)[1]).toEqual({ organisationName: "Taalhuis De Brug", qualityPoints: 43.34, pricePoints: 23.33, totalPoints: 66.67, rank: 2, tied: false });
    expect(summary(ranked)[0]).toMatchObject({ organisationName: "Taalschool Aurora", qualityPoints: 70, pricePoints: 30, totalPoints: 100, rank: 1 });
  });

  describe("lowestPriceRatio against relativeToCeiling: the formula can change the winner", () => {
    // One quality criterion of 60 and one of 10 (scale 0–10 step 1), price 30, ceiling € 100.000.
    const twoCriteria: RankingInput["criteria"] = [
      { id: "price", name: "Prijs", kind: "price", weight: 30 },
      { id: "approach", name: "Plan van aanpak", kind: "quality", weight: 60 },
      { id: "monitoring", name: "Monitoring en klantbeleving", kind: "quality", weight: 10 },
    ];
    const offers: RankingOffer[] = [
      // quality 10/10 × 60 + 0/10 × 10 = 60
      { offerId: "a", organisationName: "Taalschool Aurora", totalPriceCents: 80_000 * EURO, consensusScores: { approach: 10, monitoring: 0 } },
      // quality 8/10 × 60 + 5/10 × 10 = 48 + 5 = 53
      { offerId: "b", organisationName: "Taalhuis De Brug", totalPriceCents: 60_000 * EURO, consensusScores: { approach: 8, monitoring: 5 } },
    ];
    const input = { criteria: twoCriteria, scale: { min: 0, max: 10, step: 1 }, ceilingCents: 100_000 * EURO, offers };

    test("lowestPriceRatio: Aurora 30 × 60.000/80.000 = 22,50 → 82,50; De Brug 30,00 → 83,00: De Brug wins", () => {
      expect(summary(rankOffers({ ...input, priceScoringMethod: "lowestPriceRatio" }))).toEqual([
        { organisationName: "Taalhuis De Brug", qualityPoints: 53, pricePoints: 30, totalPoints: 83, rank: 1, tied: false },
        { organisationName: "Taalschool Aurora", qualityPoints: 60, pricePoints: 22.5, totalPoints: 82.5, rank: 2, tied: false },
      ]);
    });

    test("relativeToCeiling: Aurora 30 × 20.000/100.000 = 6,00 → 66,00; De Brug 30 × 40.000/100.000 = 12,00 → 65,00: Aurora wins", () => {
      expect(summary(rankOffers({ ...input, priceScoringMethod: "relativeToCeiling" }))).toEqual([
        { organisationName: "Taalschool Aurora", qualityPoints: 60, pricePoints: 6, totalPoints: 66, rank: 1, tied: false },
        { organisationName: "Taalhuis De Brug", qualityPoints: 53, pricePoints: 12, totalPoints: 65, rank: 2, tied: false },
      ]);
    });

    test("relativeToCeiling: a price at or above the ceiling scores 0 price points, not negative", () => {
      const above = [{ ...offers[0]!, totalPriceCents: 110_000 * EURO }];
      expect(summary(rankOffers({ ...input, offers: above, priceScoringMethod: "relativeToCeiling" }))).toEqual([
        { organisationName: "Taalschool Aurora", qualityPoints: 60, pricePoints: 0, totalPoints: 60, rank: 1, tied: false },
      ]);
    });
  });

  describe("ties", () => {
    test("equal totals: the higher quality total ranks first", () => {
      const ranked = rank([
        // quality 32 + 12 + 10 = 54, price 30 (lowest) → 84
        offer("Taalschool Aurora", 80_000, 8, 6, 10),
        // quality 40 + 16 + 4 = 60, price 30 × 80/100 = 24 → 84
        offer("Taalhuis De Brug", 100_000, 10, 8, 4),
      ]);
      expect(summary(ranked)).toEqual([
        { organisationName: "Taalhuis De Brug", qualityPoints: 60, pricePoints: 24, totalPoints: 84, rank: 1, tied: false },
        { organisationName: "Taalschool Aurora", qualityPoints: 54, pricePoints: 30, totalPoints: 84, rank: 2, tied: false },
      ]);
    });

    test("equal totals and quality: the lower price ranks first, even when the price points round equal", () => {
      const ranked = rankOffers({
        criteria,
        scale,
        priceScoringMethod: "lowestPriceRatio",
        ceilingCents: 0,
        offers: [
          // € 300.000,01: 30 × 30.000.000 / 30.000.001 = 29,999999… → 30,00 price points
          { offerId: "z", organisationName: "Aa Taalschool", totalPriceCents: 30_000_001, consensusScores: { approach: 8, cooperation: 8, monitoring: 8 } },
          // € 300.000,00: the lowest, 30,00 price points
          { offerId: "y", organisationName: "Zz Taalhuis", totalPriceCents: 30_000_000, consensusScores: { approach: 8, cooperation: 8, monitoring: 8 } },
        ],
      });
      // quality 32 + 16 + 8 = 56 for both; totals 86,00 for both
      expect(summary(ranked)).toEqual([
        { organisationName: "Zz Taalhuis", qualityPoints: 56, pricePoints: 30, totalPoints: 86, rank: 1, tied: false },
        { organisationName: "Aa Taalschool", qualityPoints: 56, pricePoints: 30, totalPoints: 86, rank: 2, tied: false },
      ]);
    });

    test("equal total, quality and price: the offers share the rank and are marked tied; the next rank skips", () => {
      const ranked = rank([
        offer("Taalhuis De Brug", 90_000, 8, 8, 8),
        offer("Taalschool Aurora", 90_000, 8, 8, 8),
        offer("Taalcentrum Citadel", 95_000, 6, 6, 6),
      ]);
      expect(summary(ranked)).toEqual([
        // listed by name within the tie (for a stable list only; it decides nothing)
        { organisationName: "Taalhuis De Brug", qualityPoints: 56, pricePoints: 30, totalPoints: 86, rank: 1, tied: true },
        { organisationName: "Taalschool Aurora", qualityPoints: 56, pricePoints: 30, totalPoints: 86, rank: 1, tied: true },
        // 42 + 30 × 90.000/95.000 = 42 + 28,421… → 28,42 → 70,42
        { organisationName: "Taalcentrum Citadel", qualityPoints: 42, pricePoints: 28.42, totalPoints: 70.42, rank: 3, tied: false },
      ]);
    });
  });

  test("a single offer: rank 1, the full price points under lowestPriceRatio", () => {
    const single = [offer("Taalschool Aurora", 123_456, 6, 4, 2)];
    // quality 24 + 8 + 2 = 34; it is its own lowest price → 30
    expect(summary(rank(single))).toEqual([{ organisationName: "Taalschool Aurora", qualityPoints: 34, pricePoints: 30, totalPoints: 64, rank: 1, tied: false }]);
    // relativeToCeiling: 30 × (150.000 − 123.456)/150.000 = 5,3088 → 5,31
    expect(summary(rank(single, { priceScoringMethod: "relativeToCeiling" }))).toEqual([
      { organisationName: "Taalschool Aurora", qualityPoints: 34, pricePoints: 5.31, totalPoints: 39.31, rank: 1, tied: false },
    ]);
  });

  test("no offers: an empty ranking", () => {
    expect(rank([])).toEqual([]);
  });

  test("a price of € 0 is refused with the zero-price message, also when it makes another offer's lowest price", () => {
    const free = offer("Taalschool Gratis", 0, 8, 8, 8);
    expect(() => rank([free])).toThrow(new RangeError(ZERO_PRICE_MESSAGE));
    expect(() => rank([offer("Taalhuis De Brug", 100_000, 8, 8, 8), free])).toThrow(new RangeError(ZERO_PRICE_MESSAGE));
    expect(() => rank([free], { priceScoringMethod: "relativeToCeiling" })).toThrow(new RangeError(ZERO_PRICE_MESSAGE));
  });

  test("a missing consensus score is refused, naming the criterion and the bidder", () => {
    const incomplete: RankingOffer = { offerId: "x", organisationName: "Taalschool Aurora", totalPriceCents: 100_000 * EURO, consensusScores: { approach: 8, cooperation: 6 } };
    expect(() => rank([incomplete])).toThrow('De consensusscore voor "Monitoring en klantbeleving" van Taalschool Aurora ontbreekt.');
  });

  test("without a price criterion every offer gets 0 price points and quality decides", () => {
    const qualityOnly = criteria.filter((criterion) => criterion.kind === "quality");
    const ranked = rank([offer("Taalschool Aurora", 80_000, 8, 6, 10), offer("Taalhuis De Brug", 100_000, 10, 8, 6)], { criteria: qualityOnly });
    expect(summary(ranked).map(({ organisationName, pricePoints, totalPoints }) => ({ organisationName, pricePoints, totalPoints }))).toEqual([
      { organisationName: "Taalhuis De Brug", pricePoints: 0, totalPoints: 62 },
      { organisationName: "Taalschool Aurora", pricePoints: 0, totalPoints: 54 },
    ]);
  });
});
