import {
  achievedValue,
  calculatePerformancePayment,
  NO_WEIGHT_MESSAGE,
  paymentModeFor,
  statusOf,
  type KpiDirection,
  type PaymentKpi,
  type PaymentRule,
  type PerformancePaymentInput,
} from "./performance-payment";

const figures = (numerator: string, denominator = "100") => ({ numerator, denominator });

/** One KPI with sensible defaults; a test overrides what it is about. */
const kpi = (overrides: Partial<PaymentKpi> = {}): PaymentKpi => ({
  id: "kpi",
  name: "Voldaan binnen wettelijke termijn",
  target: "75",
  unit: "percent",
  direction: "higherIsBetter",
  weight: 1,
  rule: "proportional",
  achieved: figures("75"),
  ...overrides,
});

const input = (overrides: Partial<PerformancePaymentInput> = {}): PerformancePaymentInput => ({
  commitmentCents: 60_000_000,
  sharePercent: "10",
  kpis: [kpi()],
  activationDate: "2026-01-01",
  year: 2026,
  ...overrides,
});

/** The worked example of the brief: three KPIs, one per rule. */
const workedExampleKpis: PaymentKpi[] = [
  kpi({ id: "a", name: "Voldaan binnen termijn B1", weight: 3, rule: "proportional", target: "75", achieved: figures("60", "100") }),
  kpi({ id: "b", name: "In aanraking met werk in jaar 1", weight: 2, rule: "threshold", target: "80", achieved: figures("85", "100") }),
  kpi({ id: "c", name: "Klantbeleving", unit: "score", weight: 1, rule: "banded", target: "7", achieved: figures("6.5", "1") }),
];

/** The score of a single KPI under a rule, as the 4-decimal string. */
const scoreFor = (rule: PaymentRule, direction: KpiDirection, target: string, achieved: string, unit: "percent" | "score" = "percent") =>
  calculatePerformancePayment(input({ kpis: [kpi({ rule, direction, target, unit, achieved: figures(achieved, unit === "percent" ? "100" : "1") })] }))
    .breakdown[0]!.score;

describe("the worked example (domain.md §4)", () => {
  // Commitment € 600.000,00 at 10 % → at stake € 60.000,00.
  // A: proportional, target 75 %, achieved 60/100 = 60 %   → 60 / 75 = 0,8   × weight 3 = 2,4
  // B: threshold,    target 80 %, achieved 85/100 = 85 %   → met     = 1     × weight 2 = 2
  // C: banded,       target 7,    achieved 6,5 (≥ 6,3)     → in band = 0,5   × weight 1 = 0,5
  // Weighted score = 4,9 / 6 = 0,81666…; payout = 60.000 × 4,9 / 6 = € 49.000,00;
  // withheld = 60.000 − 49.000 = € 11.000,00.
  const result = calculatePerformancePayment(input({ kpis: workedExampleKpis }));

  test("pays € 49.000,00 of the € 60.000,00 at stake and withholds € 11.000,00", () => {
    expect(result).toMatchObject({
      year: 2026,
      mode: "live",
      atStakeCents: 6_000_000,
      payoutCents: 4_900_000,
      withheldCents: 1_100_000,
      weightedScore: "0.8167",
      weightedScorePercent: "81,67 %",
    });
  });

  test("shows every KPI's step: achieved, score, weight and its part of the payout", () => {
    expect(result.breakdown).toEqual([
      {
        id: "a", name: "Voldaan binnen termijn B1", target: "75", unit: "percent", direction: "higherIsBetter", rule: "proportional",
        achievedDisplay: "60 %", achievedValue: "60.0000", status: "missed", score: "0.8000", scorePercent: "80 %", weight: 3, amountCents: 2_400_000, noData: false,
      },
      {
        id: "b", name: "In aanraking met werk in jaar 1", target: "80", unit: "percent", direction: "higherIsBetter", rule: "threshold",
        achievedDisplay: "85 %", achievedValue: "85.0000", status: "met", score: "1.0000", scorePercent: "100 %", weight: 2, amountCents: 2_000_000, noData: false,
      },
      {
        id: "c", name: "Klantbeleving", target: "7", unit: "score", direction: "higherIsBetter", rule: "banded",
        achievedDisplay: "6,5", achievedValue: "6.5000", status: "atRisk", score: "0.5000", scorePercent: "50 %", weight: 1, amountCents: 500_000, noData: false,
      },
    ]);
  });

  test("a share of 12,5 % puts € 75.000,00 at stake and pays € 61.250,00", () => {
    // 600.000 × 12,5 / 100 = 75.000; 75.000 × 4,9 / 6 = 61.250.
    expect(calculatePerformancePayment(input({ sharePercent: "12.5", kpis: workedExampleKpis }))).toMatchObject({
      atStakeCents: 7_500_000,
      payoutCents: 6_125_000,
      withheldCents: 1_375_000,
    });
  });

  test("the stored numeric form of the figures (\"75.0000\", \"10.00\") gives the same result", () => {
    const [a, b, c] = workedExampleKpis;
    const stored = [
      { ...a!, target: "75.0000", achieved: figures("60.0000", "100.0000") },
      { ...b!, target: "80.0000", achieved: figures("85.0000", "100.0000") },
      { ...c!, target: "7.0000", achieved: figures("6.5000", "1.0000") },
    ];
    expect(calculatePerformancePayment(input({ sharePercent: "10.00", kpis: stored }))).toMatchObject({ payoutCents: 4_900_000, withheldCents: 1_100_000 });
  });

  test("a KPI without figures scores 0 and is flagged geen data", () => {
    // B without figures: (3 × 0,8 + 2 × 0 + 1 × 0,5) / 6 = 2,9 / 6; 60.000 × 2,9 / 6 = € 29.000,00.
    const [a, b, c] = workedExampleKpis;
    const result = calculatePerformancePayment(input({ kpis: [a!, { ...b!, achieved: null }, c!] }));
    expect(result).toMatchObject({ payoutCents: 2_900_000, withheldCents: 3_100_000, weightedScore: "0.4833" });
    expect(result.breakdown[1]).toMatchObject({ achievedDisplay: "geen data", achievedValue: null, status: "noData", score: "0.0000", amountCents: 0, noData: true });
  });

  test("a denominator of 0 (nobody in the cohort) is no data, not a division error", () => {
    const [a, b, c] = workedExampleKpis;
    const result = calculatePerformancePayment(input({ kpis: [a!, { ...b!, achieved: figures("0", "0") }, c!] }));
    expect(result.payoutCents).toBe(2_900_000);
    expect(result.breakdown[1]).toMatchObject({ achievedDisplay: "geen data", noData: true, status: "noData" });
  });
});

describe("rounding: exact fractions, rounded half up once", () => {
  test("€ 33.333,33 at 10 % with a score of 1/3", () => {
    // At stake 3.333.333 ct × 10 / 100 = 333.333,3 ct → € 3.333,33 shown.
    // Score: proportional, achieved 25 % of target 75 % = 1/3 exactly (shown 0,3333).
    // Payout 333.333,3 / 3 = 111.111,1 ct → € 1.111,11; withheld 333.333 − 111.111 = € 2.222,22.
    const result = calculatePerformancePayment(input({ commitmentCents: 3_333_333, kpis: [kpi({ target: "75", achieved: figures("25") })] }));
    expect(result).toMatchObject({ atStakeCents: 333_333, payoutCents: 111_111, withheldCents: 222_222, weightedScore: "0.3333", weightedScorePercent: "33,33 %" });
  });

  test("half a cent rounds up, at the payout", () => {
    // € 24.691,30 at 10 % = 246.913 ct at stake; banded score 0,5 (achieved 70 % of target 75 %:
    // ≥ 67,5 %). Payout 123.456,5 ct → 123.457 (half up; banker's rounding would give 123.456).
    // Withheld 246.913 − 123.457 = 123.456: the half cent goes to the payout, once.
    const result = calculatePerformancePayment(input({ commitmentCents: 2_469_130, kpis: [kpi({ rule: "banded", achieved: figures("70") })] }));
    expect(result).toMatchObject({ atStakeCents: 246_913, payoutCents: 123_457, withheldCents: 123_456, weightedScore: "0.5000" });
  });

  test("payout and withheld add up to the at-stake amount shown, even when each is rounded", () => {
    // € 33.333,35 at 10 % = 333.333,5 ct → shown 333.334. Score 1/3: payout 111.111,1666… → 111.111.
    // The exact withheld amount 222.222,333… would round to 222.222 and lose a cent against the
    // 333.334 shown; withheld is therefore 333.334 − 111.111 = 222.223.
    const result = calculatePerformancePayment(input({ commitmentCents: 3_333_335, kpis: [kpi({ achieved: figures("25") })] }));
    expect(result).toMatchObject({ atStakeCents: 333_334, payoutCents: 111_111, withheldCents: 222_223 });
    expect(result.payoutCents + result.withheldCents).toBe(result.atStakeCents);
  });

  test("scores are not rounded before the payout: 5/6 counts as 5/6, not as the 0,8333 shown", () => {
    // Absence target 10 %, achieved 12 %: score 10/12 = 5/6. At stake € 60.000,00:
    // 6.000.000 × 5/6 = 5.000.000 ct exactly; with the displayed 0,8333 it would be 4.999.800.
    const result = calculatePerformancePayment(input({ kpis: [kpi({ direction: "lowerIsBetter", target: "10", achieved: figures("12") })] }));
    expect(result).toMatchObject({ payoutCents: 5_000_000, weightedScore: "0.8333" });
  });

  test("per-KPI amounts are informative and may differ from the authoritative payout by a cent", () => {
    // € 10,00 at 10 % = 100 ct at stake. Three KPIs of weight 1: two banded in the band (½ each)
    // and one threshold missed (0) → weighted score (½ + ½ + 0) / 3 = 1/3.
    // Payout 100 / 3 = 33,33… → 33 ct. Each banded line: 100 × ½ / 3 = 16,67 → 17 ct; 17 + 17 = 34.
    const banded = kpi({ rule: "banded", achieved: figures("70") });
    const result = calculatePerformancePayment(
      input({ commitmentCents: 1_000, kpis: [{ ...banded, id: "x" }, { ...banded, id: "y" }, kpi({ id: "z", rule: "threshold", achieved: figures("10") })] }),
    );
    expect(result.payoutCents).toBe(33);
    expect(result.breakdown.map((line) => line.amountCents)).toEqual([17, 17, 0]);
  });

  test("a commitment of 0 puts nothing at stake but still scores the KPIs", () => {
    const result = calculatePerformancePayment(input({ commitmentCents: 0, kpis: workedExampleKpis }));
    expect(result).toMatchObject({ atStakeCents: 0, payoutCents: 0, withheldCents: 0, weightedScore: "0.8167" });
    expect(result.breakdown.map((line) => line.amountCents)).toEqual([0, 0, 0]);
  });

  test("a share of 0 % pays nothing and withholds nothing", () => {
    expect(calculatePerformancePayment(input({ sharePercent: "0", kpis: workedExampleKpis }))).toMatchObject({ atStakeCents: 0, payoutCents: 0, withheldCents: 0 });
  });

  test("a KPI of weight 0 is shown but does not count", () => {
    // Only A (weight 3, score 0,8) counts: 60.000 × 0,8 = € 48.000,00.
    const [a, b] = workedExampleKpis;
    const result = calculatePerformancePayment(input({ kpis: [a!, { ...b!, weight: 0 }] }));
    expect(result).toMatchObject({ payoutCents: 4_800_000, weightedScore: "0.8000" });
    expect(result.breakdown[1]).toMatchObject({ score: "1.0000", weight: 0, amountCents: 0 });
  });
});

describe("score per rule, higher is better (target 75 %)", () => {
  test.each<{ rule: PaymentRule; achieved: string; score: string; why: string }>([
    { rule: "proportional", achieved: "60", score: "0.8000", why: "60 / 75" },
    { rule: "proportional", achieved: "75", score: "1.0000", why: "exactly the target" },
    { rule: "proportional", achieved: "90", score: "1.0000", why: "90 / 75 = 1,2, capped at 1" },
    { rule: "proportional", achieved: "50", score: "0.6667", why: "50 / 75 = 2/3, shown rounded half up" },
    { rule: "proportional", achieved: "0", score: "0.0000", why: "nothing achieved" },
    { rule: "threshold", achieved: "75", score: "1.0000", why: "met at the target itself" },
    { rule: "threshold", achieved: "100", score: "1.0000", why: "above the target" },
    { rule: "threshold", achieved: "74.9", score: "0.0000", why: "just below: no partial score" },
    { rule: "banded", achieved: "80", score: "1.0000", why: "met" },
    { rule: "banded", achieved: "67.5", score: "0.5000", why: "exactly 90 % of 75: still within 10 %" },
    { rule: "banded", achieved: "70", score: "0.5000", why: "within 10 % of the target" },
    { rule: "banded", achieved: "67.4", score: "0.0000", why: "below 90 % of the target" },
  ])("$rule, achieved $achieved % → $score ($why)", ({ rule, achieved, score }) => {
    expect(scoreFor(rule, "higherIsBetter", "75", achieved)).toBe(score);
  });

  test("a score KPI (client survey, target 7) takes its average as achieved", () => {
    // 6,3 = 90 % of 7: banded 0,5; proportional 6,3 / 7 = 0,9.
    expect(scoreFor("banded", "higherIsBetter", "7", "6.3", "score")).toBe("0.5000");
    expect(scoreFor("proportional", "higherIsBetter", "7", "6.3", "score")).toBe("0.9000");
    expect(scoreFor("threshold", "higherIsBetter", "7", "7.4", "score")).toBe("1.0000");
  });
});

describe("score per rule, lower is better (absence: target ≤ 10 %)", () => {
  test.each<{ rule: PaymentRule; achieved: string; score: string; why: string }>([
    { rule: "proportional", achieved: "12", score: "0.8333", why: "10 / 12" },
    { rule: "proportional", achieved: "20", score: "0.5000", why: "10 / 20" },
    { rule: "proportional", achieved: "10", score: "1.0000", why: "exactly the target" },
    { rule: "proportional", achieved: "8", score: "1.0000", why: "10 / 8 = 1,25, capped at 1" },
    { rule: "proportional", achieved: "0", score: "1.0000", why: "no absence at all is perfect (no division by 0)" },
    { rule: "threshold", achieved: "10", score: "1.0000", why: "met at the target itself" },
    { rule: "threshold", achieved: "4", score: "1.0000", why: "below the target" },
    { rule: "threshold", achieved: "10.1", score: "0.0000", why: "just above: no partial score" },
    { rule: "banded", achieved: "9", score: "1.0000", why: "met" },
    { rule: "banded", achieved: "10.5", score: "0.5000", why: "within 10 % above the target" },
    { rule: "banded", achieved: "11", score: "0.5000", why: "exactly 110 % of 10: still within 10 %" },
    { rule: "banded", achieved: "11.1", score: "0.0000", why: "more than 10 % above the target" },
  ])("$rule, achieved $achieved % → $score ($why)", ({ rule, achieved, score }) => {
    expect(scoreFor(rule, "lowerIsBetter", "10", achieved)).toBe(score);
  });
});

describe("a target of 0", () => {
  test.each<PaymentRule>(["proportional", "threshold", "banded"])("higher is better: %s scores 1 for any achievement, even 0", (rule) => {
    expect(scoreFor(rule, "higherIsBetter", "0", "0")).toBe("1.0000");
    expect(scoreFor(rule, "higherIsBetter", "0", "35")).toBe("1.0000");
  });

  test.each<PaymentRule>(["proportional", "threshold", "banded"])("lower is better: %s scores 1 only for an achievement of 0", (rule) => {
    // Zero waiting time demanded: any waiting at all is a miss, with no band around 0.
    expect(scoreFor(rule, "lowerIsBetter", "0", "0")).toBe("1.0000");
    expect(scoreFor(rule, "lowerIsBetter", "0", "0.1")).toBe("0.0000");
    expect(scoreFor(rule, "lowerIsBetter", "0", "5")).toBe("0.0000");
  });
});

describe("achieved values and how they are shown", () => {
  test.each<{ unit: "percent" | "score"; numerator: string; denominator: string; display: string; value: string | null }>([
    { unit: "percent", numerator: "29", denominator: "40", display: "72,5 %", value: "72.5000" },
    { unit: "percent", numerator: "2", denominator: "3", display: "66,67 %", value: "66.6667" },
    { unit: "percent", numerator: "12", denominator: "12", display: "100 %", value: "100.0000" },
    { unit: "score", numerator: "7.4", denominator: "1", display: "7,4", value: "7.4000" },
    { unit: "score", numerator: "370", denominator: "50", display: "7,4", value: "7.4000" },
    { unit: "score", numerator: "1234", denominator: "1", display: "1.234", value: "1234.0000" },
    { unit: "percent", numerator: "3", denominator: "0", display: "geen data", value: null },
  ])("$numerator / $denominator as $unit → $display", ({ unit, numerator, denominator, display, value }) => {
    const line = calculatePerformancePayment(input({ kpis: [kpi({ unit, achieved: { numerator, denominator } })] })).breakdown[0]!;
    expect(line.achievedDisplay).toBe(display);
    expect(line.achievedValue).toBe(value);
  });

  test("achievedValue gives the exact fraction: 29 of 40 is 145/2 %", () => {
    expect(achievedValue("percent", figures("29", "40"))).toEqual({ numerator: 145n, denominator: 2n });
    expect(achievedValue("score", figures("370", "50"))).toEqual({ numerator: 37n, denominator: 5n });
    expect(achievedValue("percent", null)).toBeNull();
    expect(achievedValue("percent", figures("0", "0"))).toBeNull();
  });
});

describe("statusOf (domain.md §3)", () => {
  test.each<{ achieved: string | null; target: string; direction: KpiDirection; status: string }>([
    { achieved: "80", target: "75", direction: "higherIsBetter", status: "met" },
    { achieved: "75", target: "75", direction: "higherIsBetter", status: "met" },
    { achieved: "70", target: "75", direction: "higherIsBetter", status: "atRisk" },
    { achieved: "67.5", target: "75", direction: "higherIsBetter", status: "atRisk" },
    { achieved: "67.4", target: "75", direction: "higherIsBetter", status: "missed" },
    { achieved: "6.3", target: "7", direction: "higherIsBetter", status: "atRisk" },
    { achieved: "0", target: "0", direction: "higherIsBetter", status: "met" },
    { achieved: null, target: "75", direction: "higherIsBetter", status: "noData" },
    { achieved: "10", target: "10", direction: "lowerIsBetter", status: "met" },
    { achieved: "0", target: "10", direction: "lowerIsBetter", status: "met" },
    { achieved: "11", target: "10", direction: "lowerIsBetter", status: "atRisk" },
    { achieved: "11.1", target: "10", direction: "lowerIsBetter", status: "missed" },
    { achieved: "0", target: "0", direction: "lowerIsBetter", status: "met" },
    { achieved: "0.1", target: "0", direction: "lowerIsBetter", status: "missed" },
    { achieved: null, target: "10", direction: "lowerIsBetter", status: "noData" },
  ])("$achieved against $target ($direction) → $status", ({ achieved, target, direction, status }) => {
    expect(statusOf(achieved, target, direction)).toBe(status);
  });

  test("takes the exact achieved value from the figures: 27 of 40 is 67,5 %, at risk against 75 %", () => {
    expect(statusOf(achievedValue("percent", figures("27", "40")), "75.0000", "higherIsBetter")).toBe("atRisk");
    expect(statusOf(achievedValue("percent", figures("0", "0")), "75", "higherIsBetter")).toBe("noData");
  });
});

describe("live or shadow calculation (schaduwberekening)", () => {
  test.each<{ activationDate: string | null; year: number; mode: string; why: string }>([
    { activationDate: null, year: 2026, mode: "shadow", why: "not switched on" },
    { activationDate: "2026-01-01", year: 2026, mode: "live", why: "activated on the year's first day" },
    { activationDate: "2025-12-31", year: 2026, mode: "live", why: "activated before the year" },
    { activationDate: "2026-07-01", year: 2026, mode: "shadow", why: "activated during the year: that year stays a shadow calculation" },
    { activationDate: "2026-07-01", year: 2027, mode: "live", why: "the first whole year after activation" },
    { activationDate: "2027-01-01", year: 2026, mode: "shadow", why: "activated after the year" },
  ])("activation $activationDate, year $year → $mode ($why)", ({ activationDate, year, mode }) => {
    expect(paymentModeFor(activationDate, year)).toBe(mode);
    expect(calculatePerformancePayment(input({ activationDate, year })).mode).toBe(mode);
  });

  test("a shadow calculation computes the same amounts as a live one", () => {
    const live = calculatePerformancePayment(input({ kpis: workedExampleKpis }));
    const shadow = calculatePerformancePayment(input({ kpis: workedExampleKpis, activationDate: null }));
    expect({ ...shadow, mode: "live" }).toEqual(live);
  });
});

describe("refused input (RangeError, Dutch message)", () => {
  test("weights that are all 0 are refused: the weighted score would be 0 / 0", () => {
    const call = () => calculatePerformancePayment(input({ kpis: workedExampleKpis.map((line) => ({ ...line, weight: 0 })) }));
    expect(call).toThrow(RangeError);
    expect(call).toThrow(NO_WEIGHT_MESSAGE);
    expect(NO_WEIGHT_MESSAGE).toBe("De prestatiebekostiging kan niet worden berekend: geen enkele KPI heeft een gewicht groter dan 0.");
  });

  test("a contract without KPIs is refused the same way", () => {
    expect(() => calculatePerformancePayment(input({ kpis: [] }))).toThrow(NO_WEIGHT_MESSAGE);
  });

  test.each<{ case: string; change: Partial<PerformancePaymentInput>; message: string }>([
    { case: "a negative commitment", change: { commitmentCents: -100 }, message: "De verplichting voor het jaar moet een geheel aantal eurocenten van 0 of meer zijn; niet -100." },
    { case: "a commitment in fractions of a cent", change: { commitmentCents: 100.5 }, message: "De verplichting voor het jaar moet een geheel aantal eurocenten van 0 of meer zijn; niet 100.5." },
    { case: "a negative share", change: { sharePercent: "-10" }, message: 'Het aandeel prestatiebekostiging moet een percentage van 0 tot en met 100 zijn, zoals 10 of 12.5; niet "-10".' },
    { case: "a share above 100 %", change: { sharePercent: "100.01" }, message: 'Het aandeel prestatiebekostiging moet een percentage van 0 tot en met 100 zijn, zoals 10 of 12.5; niet "100.01".' },
    { case: "a share with a percent sign", change: { sharePercent: "10%" }, message: 'niet "10%"' },
    { case: "a negative target", change: { kpis: [kpi({ name: "Verzuim", target: "-5" })] }, message: 'De norm van KPI "Verzuim" moet een getal van 0 of meer zijn, zoals 75 of 7.5; niet "-5".' },
    { case: "a negative numerator", change: { kpis: [kpi({ name: "Verzuim", achieved: figures("-3") })] }, message: 'De teller van KPI "Verzuim" moet een getal van 0 of meer zijn; niet "-3".' },
    { case: "a negative denominator", change: { kpis: [kpi({ name: "Verzuim", achieved: figures("3", "-100") })] }, message: 'De noemer van KPI "Verzuim" moet een getal van 0 of meer zijn; niet "-100".' },
    { case: "a negative weight", change: { kpis: [kpi({ name: "Verzuim", weight: -1 })] }, message: 'Het gewicht van KPI "Verzuim" moet een geheel getal van 0 of meer zijn; niet -1.' },
    { case: "a weight with decimals", change: { kpis: [kpi({ name: "Verzuim", weight: 1.5 })] }, message: 'Het gewicht van KPI "Verzuim" moet een geheel getal van 0 of meer zijn; niet 1.5.' },
    { case: "an activation date that does not exist", change: { activationDate: "2026-02-30" }, message: 'De ingangsdatum van de prestatiebekostiging moet een datum zijn (JJJJ-MM-DD); niet "2026-02-30".' },
    { case: "a year that is not a year", change: { year: 26 }, message: "Het jaar moet een jaartal zijn, zoals 2026; niet 26." },
  ])("$case", ({ change, message }) => {
    const call = () => calculatePerformancePayment(input(change));
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });

  test("statusOf refuses a negative achieved value", () => {
    expect(() => statusOf("-1", "75", "higherIsBetter")).toThrow(RangeError);
  });
});
