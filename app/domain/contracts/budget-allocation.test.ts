import { formatEuroCents } from "../../utils/format";
import { ALL_ZERO_KEY_MESSAGE, allocateCents, allocateCounts, attributeRegionalCosts, checkAllocation, type AllocationKey } from "./budget-allocation";

// Housing quota 2020 (domain.md §2, framework figure 3), sorted by name as callers pass them.
const westfriesland: AllocationKey[] = [
  { id: "Drechterland", weight: 15 },
  { id: "Enkhuizen", weight: 13 },
  { id: "Hoorn", weight: 50 },
  { id: "Koggenland", weight: 17 },
  { id: "Medemblik", weight: 31 },
  { id: "Opmeer", weight: 9 },
  { id: "Stede Broec", weight: 15 },
];

const asRecord = (parts: { id: string; cents?: number; count?: number }[]) => Object.fromEntries(parts.map((part) => [part.id, part.cents ?? part.count]));
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe("allocateCents: the RIT execution costs over the seven municipalities", () => {
  test("€ 1.243.503,00 (figure 6) by housing quota: € 8.290,02 per housed person, no remainder", () => {
    // 124.350.300 ct / 150 = 829.002 ct exactly; Hoorn 50 × 829.002 = 41.450.100 ct.
    const parts = allocateCents(124_350_300, westfriesland);
    expect(asRecord(parts)).toEqual({
      Drechterland: 12_435_030,
      Enkhuizen: 10_777_026,
      Hoorn: 41_450_100,
      Koggenland: 14_093_034,
      Medemblik: 25_699_062,
      Opmeer: 7_461_018,
      "Stede Broec": 12_435_030,
    });
    expect(sum(parts.map((part) => part.cents))).toBe(124_350_300);
    expect(checkAllocation(124_350_300, parts)).toEqual([]);
  });

  test("€ 1.243.502,50 (the total recomputed in cents) leaves 2 cents for the largest remainders", () => {
    // 124.350.250 × quota / 150: whole parts add up to 124.350.248. Remainders (in 150ths):
    // Enkhuizen 100, Medemblik 100, Hoorn 50, Koggenland 50, the rest 0 → Enkhuizen and Medemblik
    // get one cent each.
    const parts = allocateCents(124_350_250, westfriesland);
    expect(asRecord(parts)).toEqual({
      Drechterland: 12_435_025,
      Enkhuizen: 10_777_022,
      Hoorn: 41_450_083,
      Koggenland: 14_093_028,
      Medemblik: 25_699_052,
      Opmeer: 7_461_015,
      "Stede Broec": 12_435_025,
    });
    expect(sum(parts.map((part) => part.cents))).toBe(124_350_250);
  });

  test("a total of 1 cent goes to the largest share: Hoorn", () => {
    expect(allocateCents(1, westfriesland).filter((part) => part.cents > 0)).toEqual([{ id: "Hoorn", cents: 1 }]);
  });

  test("a total of 0 gives every municipality 0", () => {
    expect(allocateCents(0, westfriesland).map((part) => part.cents)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  test("equal remainders go to the larger key, then to the earlier name", () => {
    // 25 ct: whole parts 2, 2, 8, 2, 5, 1, 2 = 22; 3 left. Remainders in 150ths: Koggenland 125,
    // then Drechterland, Opmeer and Stede Broec tie at 75. Drechterland and Stede Broec (quota 15)
    // go before Opmeer (quota 9), although Opmeer comes before Stede Broec by name.
    expect(asRecord(allocateCents(25, westfriesland))).toEqual({
      Drechterland: 3,
      Enkhuizen: 2,
      Hoorn: 8,
      Koggenland: 3,
      Medemblik: 5,
      Opmeer: 1,
      "Stede Broec": 3,
    });
  });

  test.each<{ case: string; total: number; keys: AllocationKey[]; cents: number[] }>([
    { case: "the larger key wins a tie, whatever the order", total: 2, keys: [{ id: "a", weight: 1 }, { id: "b", weight: 3 }], cents: [0, 2] },
    { case: "the larger key wins a tie (reversed order)", total: 2, keys: [{ id: "b", weight: 3 }, { id: "a", weight: 1 }], cents: [2, 0] },
    { case: "equal keys: the first in the input wins", total: 1, keys: [{ id: "a", weight: 1 }, { id: "b", weight: 1 }], cents: [1, 0] },
    { case: "three equal keys over € 1,00 add up to 100 cents, not 99", total: 100, keys: [{ id: "a", weight: 1 }, { id: "b", weight: 1 }, { id: "c", weight: 1 }], cents: [34, 33, 33] },
    { case: "a key of 0 gets nothing", total: 101, keys: [{ id: "a", weight: 0 }, { id: "b", weight: 2 }, { id: "c", weight: 2 }], cents: [0, 51, 50] },
    { case: "a single municipality gets everything", total: 12_345, keys: [{ id: "a", weight: 7 }], cents: [12_345] },
  ])("$case", ({ total, keys, cents }) => {
    expect(allocateCents(total, keys).map((part) => part.cents)).toEqual(cents);
  });

  test("large totals stay exact: € 90 trillion over keys of a million", () => {
    // total × weight is far above 2^53 here; BigInt keeps every cent.
    const total = 9_000_000_000_000_000;
    const parts = allocateCents(total, [{ id: "a", weight: 1_000_001 }, { id: "b", weight: 2_000_003 }]);
    expect(sum(parts.map((part) => part.cents))).toBe(total);
  });
});

describe("allocateCounts: volumes", () => {
  test("105 obligated asylum migrants (70 % of 150) by housing quota", () => {
    // Exact shares 0,7 × quota: 10,5 / 9,1 / 35 / 11,9 / 21,7 / 6,3 / 10,5 → whole parts add up to
    // 102; 3 left for Koggenland (0,9), Medemblik (0,7) and, of the tied Drechterland and Stede
    // Broec (0,5, both quota 15), Drechterland, first by name. Same result as tenders/volumes.ts.
    expect(asRecord(allocateCounts(105, westfriesland))).toEqual({
      Drechterland: 11,
      Enkhuizen: 9,
      Hoorn: 35,
      Koggenland: 12,
      Medemblik: 22,
      Opmeer: 6,
      "Stede Broec": 10,
    });
  });

  test("210 intakes and PIPs a year add up to 210", () => {
    expect(sum(allocateCounts(210, westfriesland).map((part) => part.count))).toBe(210);
  });
});

describe("attributeRegionalCosts (binnen rijksbijdragen)", () => {
  test("attributes regional costs exactly like allocateCents", () => {
    // Implementation costs, figure 5: € 434.330.
    expect(attributeRegionalCosts(43_433_000, westfriesland)).toEqual(allocateCents(43_433_000, westfriesland));
    expect(sum(attributeRegionalCosts(43_433_000, westfriesland).map((part) => part.cents))).toBe(43_433_000);
  });
});

describe("refused input (RangeError, Dutch message)", () => {
  test("a key that is 0 for every municipality", () => {
    const keys = westfriesland.map((key) => ({ ...key, weight: 0 }));
    expect(() => allocateCents(100, keys)).toThrow(RangeError);
    expect(() => allocateCents(100, keys)).toThrow(ALL_ZERO_KEY_MESSAGE);
    expect(() => allocateCounts(105, keys)).toThrow(ALL_ZERO_KEY_MESSAGE);
    expect(ALL_ZERO_KEY_MESSAGE).toBe("De verdeelsleutel is voor alle gemeenten 0; geef ten minste één gemeente een gewicht groter dan 0.");
  });

  test("no municipalities at all", () => {
    expect(() => allocateCents(100, [])).toThrow(ALL_ZERO_KEY_MESSAGE);
  });

  test.each<{ case: string; call: () => unknown; message: string }>([
    { case: "a negative total", call: () => allocateCents(-1, westfriesland), message: "Het te verdelen bedrag in eurocenten moet een geheel getal van 0 of meer zijn; niet -1." },
    { case: "a total in fractions of a cent", call: () => allocateCents(10.5, westfriesland), message: "niet 10.5." },
    { case: "a negative count", call: () => allocateCounts(-3, westfriesland), message: "Het te verdelen aantal moet een geheel getal van 0 of meer zijn; niet -3." },
    { case: "a negative weight", call: () => allocateCents(100, [{ id: "a", weight: -1 }, { id: "b", weight: 2 }]), message: "Het gewicht in de verdeelsleutel moet een geheel getal van 0 of meer zijn; niet -1." },
    { case: "a weight with decimals", call: () => allocateCents(100, [{ id: "a", weight: 1.5 }]), message: "niet 1.5." },
    { case: "the same municipality twice", call: () => allocateCents(100, [{ id: "Hoorn", weight: 1 }, { id: "Hoorn", weight: 1 }]), message: "De verdeelsleutel noemt dezelfde gemeente twee keer (Hoorn)." },
  ])("$case", ({ call, message }) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });
});

describe("checkAllocation", () => {
  test("a split that adds up has no problems", () => {
    expect(checkAllocation(100, [{ id: "a", cents: 60 }, { id: "b", cents: 40 }])).toEqual([]);
  });

  test("a split that does not add up names both amounts in euros", () => {
    const problems = checkAllocation(124_350_300, [{ id: "Hoorn", cents: 41_450_100 }, { id: "Opmeer", cents: 7_461_018 }]);
    expect(problems).toEqual([
      { field: "allocation", message: `De verdeling over de gemeenten telt op tot ${formatEuroCents(48_911_118)}; dat moet ${formatEuroCents(124_350_300)} zijn.` },
    ]);
    // formatEuroCents puts a non-breaking space after the euro sign.
    expect(problems[0]!.message.replace(/\u00a0/g, " ")).toBe("De verdeling over de gemeenten telt op tot € 489.111,18; dat moet € 1.243.503,00 zijn.");
  });

  test("one cent too many is a problem too", () => {
    expect(checkAllocation(100, [{ id: "a", cents: 61 }, { id: "b", cents: 40 }])).toHaveLength(1);
  });

  test("a negative part is a problem even when the sum is right", () => {
    expect(checkAllocation(100, [{ id: "a", cents: 120 }, { id: "b", cents: -20 }])).toEqual([
      { field: "allocation.b", message: "Het bedrag van een gemeente moet een geheel aantal eurocenten van 0 of meer zijn." },
    ]);
  });
});

describe("property: 500 random splits (seeded, so a failure can be replayed)", () => {
  /** mulberry32: a small seeded generator; the same seed gives the same 500 cases on every run. */
  function mulberry32(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
  }

  const random = mulberry32(20_210_101);
  const upTo = (max: number) => Math.floor(random() * (max + 1));
  const cases = Array.from({ length: 500 }, (_, index) => {
    const keys = Array.from({ length: 1 + upTo(11) }, (_, key) => ({ id: `m${key}`, weight: random() < 0.15 ? 0 : upTo(random() < 0.5 ? 60 : 1_000_000) }));
    if (keys.every((key) => key.weight === 0)) keys[0]!.weight = 1;
    // Totals from a few cents to € 10 million, sometimes up to 2^53 − 1.
    const total = random() < 0.1 ? upTo(Number.MAX_SAFE_INTEGER) : upTo(random() < 0.3 ? 100 : 1_000_000_000);
    return { index, total, keys };
  });

  test.each([
    ["allocateCents", (total: number, keys: AllocationKey[]) => allocateCents(total, keys).map((part) => part.cents)],
    ["allocateCounts", (total: number, keys: AllocationKey[]) => allocateCounts(total, keys).map((part) => part.count)],
  ] as const)("%s: parts add up to the total and each is within one unit of its exact share", (_name, allocate) => {
    for (const { index, total, keys } of cases) {
      const parts = allocate(total, keys);
      const weightSum = BigInt(sum(keys.map((key) => key.weight)));
      expect(parts.length, `case ${index}`).toBe(keys.length);
      expect(parts.reduce((acc, part) => acc + BigInt(part), 0n), `case ${index}`).toBe(BigInt(total));
      parts.forEach((part, key) => {
        // |part − total × weight / Σ| < 1  ⇔  |part × Σ − total × weight| < Σ, in exact integers.
        const difference = BigInt(part) * weightSum - BigInt(total) * BigInt(keys[key]!.weight);
        expect(difference < weightSum && -difference < weightSum, `case ${index}, key ${key}`).toBe(true);
        expect(part >= 0, `case ${index}, key ${key}`).toBe(true);
        if (keys[key]!.weight === 0) expect(part, `case ${index}, key ${key}`).toBe(0);
      });
    }
  });
});
