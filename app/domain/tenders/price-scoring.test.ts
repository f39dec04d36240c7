import { scorePrice, ZERO_PRICE_MESSAGE } from "./price-scoring";

const euros = (amount: number) => amount * 100;

describe("lowestPriceRatio: maxPoints × lowest / offered", () => {
  test.each([
    { case: "the worked example: lowest 80.000, offered 100.000, max 30", lowest: 80_000, offered: 100_000, max: 30, points: 24 },
    { case: "the lowest offer itself gets the maximum", lowest: 80_000, offered: 80_000, max: 30, points: 30 },
    { case: "twice the lowest price gets half", lowest: 50_000, offered: 100_000, max: 40, points: 20 },
    { case: "two thirds rounds the third decimal 6 up", lowest: 80_000, offered: 90_000, max: 30, points: 26.67 },
    { case: "a third decimal below 5 rounds down", lowest: 70_000, offered: 90_000, max: 30, points: 23.33 },
    { case: "an exact half on the third decimal rounds up", lowest: 11_100, offered: 40_000, max: 30, points: 8.33 },
    { case: "maxPoints with decimals", lowest: 80_000, offered: 100_000, max: 12.5, points: 10 },
    { case: "a price criterion of weight 0 gives 0", lowest: 80_000, offered: 100_000, max: 0, points: 0 },
  ])("$case → $points", ({ lowest, offered, max, points }) => {
    expect(scorePrice("lowestPriceRatio", { lowestCents: euros(lowest), offeredCents: euros(offered), ceilingCents: euros(1_000_000), maxPoints: max })).toBe(points);
  });

  test("integer arithmetic rounds an exact ,xx5 up where floating point would round it down", () => {
    // 30 × 11.100 / 40.000 = 8,325 exactly; as a double 832,4999… after × 100
    expect(Math.round(((30 * 11_100) / 40_000) * 100) / 100).toBe(8.32);
    expect(scorePrice("lowestPriceRatio", { lowestCents: euros(11_100), offeredCents: euros(40_000), ceilingCents: 1, maxPoints: 30 })).toBe(8.33);
  });

  test("works on cents, not whole euros", () => {
    // 30 × 999,99 / 1.000,00 = 29,9997 → 30,00
    expect(scorePrice("lowestPriceRatio", { lowestCents: 99_999, offeredCents: 100_000, ceilingCents: 1, maxPoints: 30 })).toBe(30);
    // 30 × 999,50 / 1.000,00 = 29,985 → 29,99
    expect(scorePrice("lowestPriceRatio", { lowestCents: 99_950, offeredCents: 100_000, ceilingCents: 1, maxPoints: 30 })).toBe(29.99);
  });

  test("a lowest price above the offered price is a mistake of the caller, not a score above the maximum", () => {
    expect(() => scorePrice("lowestPriceRatio", { lowestCents: euros(100_000), offeredCents: euros(80_000), ceilingCents: 1, maxPoints: 30 })).toThrow(
      "De laagste prijs kan niet hoger zijn dan de aangeboden prijs.",
    );
  });
});

describe("relativeToCeiling: maxPoints × (ceiling − offered) / ceiling", () => {
  test.each([
    { case: "offered at 80 % of the ceiling", ceiling: 100_000, offered: 80_000, max: 30, points: 6 },
    { case: "offered at half the ceiling", ceiling: 1_250_000, offered: 625_000, max: 40, points: 20 },
    { case: "a third decimal 5 rounds up", ceiling: 2_000, offered: 653, max: 30, points: 20.21 },
    { case: "one cent below the ceiling", ceiling: 100_000, offered: 100_000 - 0.01, max: 30, points: 0 },
    { case: "exactly at the ceiling", ceiling: 100_000, offered: 100_000, max: 30, points: 0 },
    { case: "above the ceiling", ceiling: 100_000, offered: 120_000, max: 30, points: 0 },
  ])("$case → $points", ({ ceiling, offered, max, points }) => {
    expect(scorePrice("relativeToCeiling", { ceilingCents: Math.round(euros(ceiling)), offeredCents: Math.round(euros(offered)), lowestCents: 1, maxPoints: max })).toBe(points);
  });

  test("does not need the lowest price", () => {
    expect(scorePrice("relativeToCeiling", { ceilingCents: euros(100_000), offeredCents: euros(50_000), lowestCents: 0, maxPoints: 30 })).toBe(15);
  });
});

describe("prices that cannot be scored", () => {
  test.each(["lowestPriceRatio", "relativeToCeiling"] as const)("%s refuses an offered price of € 0 with a Dutch request for clarification", (method) => {
    const call = () => scorePrice(method, { offeredCents: 0, lowestCents: 0, ceilingCents: euros(100_000), maxPoints: 30 });
    expect(call).toThrow(RangeError);
    expect(call).toThrow(ZERO_PRICE_MESSAGE);
    expect(ZERO_PRICE_MESSAGE).toBe("Een prijs van € 0 kan niet worden gescoord; vraag de inschrijver om een verduidelijking.");
  });

  test.each([
    { case: "a negative offered price", input: { offeredCents: -100, lowestCents: 100, ceilingCents: 1_000, maxPoints: 30 } },
    { case: "a fraction of a cent", input: { offeredCents: 100.5, lowestCents: 100, ceilingCents: 1_000, maxPoints: 30 } },
    { case: "a lowest price of € 0", input: { offeredCents: 100, lowestCents: 0, ceilingCents: 1_000, maxPoints: 30 } },
    { case: "maxPoints with three decimals", input: { offeredCents: 100, lowestCents: 100, ceilingCents: 1_000, maxPoints: 30.125 } },
    { case: "negative maxPoints", input: { offeredCents: 100, lowestCents: 100, ceilingCents: 1_000, maxPoints: -1 } },
  ])("lowestPriceRatio refuses $case", ({ input }) => {
    expect(() => scorePrice("lowestPriceRatio", input)).toThrow(RangeError);
  });

  test("relativeToCeiling refuses a ceiling of € 0", () => {
    expect(() => scorePrice("relativeToCeiling", { offeredCents: 100, lowestCents: 100, ceilingCents: 0, maxPoints: 30 })).toThrow(RangeError);
  });
});
