// The expected volumes of a lot, per municipality × target group, proposed from the housing
// quota (domain §2, framework §3.4). The projectgroep may edit them; this is the starting point.
//
// 1. Obligated asylum migrants: obligatedShare (70 %) of each municipality's housing quota gives
//    fractions (Drechterland 10,5; Hoorn 35). The regional total is rounded half up once
//    (0,7 × 150 = 105) and distributed by largest remainder, so the parts add up to it.
// 2. Family migrants: the framework expects as many as asylum migrants (§3.4), so the same counts.
// 3. The lot's share: round half up (regional total × routeSharePercent / 100), distributed by
//    largest remainder in proportion to the municipalities' counts of step 1.
//
// Ties in the remainders go to the larger housing quota, then (step 3) to the larger count, then
// to the municipality that comes first in the input: callers pass municipalities in a stable
// order (by name), so the same input always gives the same proposal.
//
// All arithmetic is exact: percentages are parsed from their decimal strings into integer
// numerators over a power of ten, and remainders are compared as integers over one common
// denominator. No floating point, so 0,7 × 15 is 10,5 and never 10,499999.
//
// Note: each lot rounds its own share, so lots of 55 %, 30 % and 15 % of 105 get 58, 32 and 16
// (57,75 / 31,5 / 15,75 rounded half up): together 106, not 105. Each lot is a separate estimate.
import { targetGroups, type Lot } from "./tender-content";

export interface MunicipalityQuota {
  id: string;
  /** Persons to house in the year (taakstelling), a whole number. */
  housingQuota: number;
}

export interface ProposeVolumesInput {
  municipalities: readonly MunicipalityQuota[];
  /** Share of the housed persons obliged to integrate, exact decimal percent: "70". */
  obligatedShare: string;
  /** Share of the regional intake expected in the lot, exact decimal percent: "55". */
  routeSharePercent: string;
}

/** An exact decimal percent as numerator / denominator of a fraction of one: "55.5" → 555 / 1000. */
function parsePercent(value: string, label: string): { numerator: bigint; denominator: bigint } {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`${label} moet een percentage zijn, zoals 55 of 12.5; niet "${value}".`);
  const fraction = match[2] ?? "";
  const numerator = BigInt(match[1]! + fraction);
  const denominator = 100n * 10n ** BigInt(fraction.length);
  if (numerator > denominator) throw new RangeError(`${label} kan niet meer dan 100 % zijn; niet "${value}".`);
  return { numerator, denominator };
}

/** round(numerator / denominator), halves up; both non-negative. */
function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/**
 * Hamilton's method: share i is numerators[i] / denominator; everyone gets the whole part, the
 * seats left over go one each to the largest remainders. `before(a, b)` orders equal remainders.
 */
function largestRemainder(numerators: readonly bigint[], denominator: bigint, total: bigint, before: (a: number, b: number) => number): bigint[] {
  const counts = numerators.map((numerator) => numerator / denominator);
  const leftOver = total - counts.reduce((sum, count) => sum + count, 0n);
  if (leftOver < 0n || leftOver > BigInt(numerators.length)) {
    // Cannot happen when total is the rounded sum of the shares; guards a misuse.
    throw new RangeError(`Het totaal ${total} past niet bij de verdeling.`);
  }
  const order = numerators
    .map((numerator, index) => ({ index, remainder: numerator % denominator }))
    .sort((a, b) => (a.remainder === b.remainder ? before(a.index, b.index) : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order.slice(0, Number(leftOver))) counts[index] = counts[index]! + 1n;
  return counts;
}

function quotasOf(municipalities: readonly MunicipalityQuota[]): bigint[] {
  return municipalities.map((municipality) => {
    if (!Number.isSafeInteger(municipality.housingQuota) || municipality.housingQuota < 0) {
      throw new RangeError(`De taakstelling moet een geheel aantal personen van 0 of meer zijn; niet ${municipality.housingQuota}.`);
    }
    return BigInt(municipality.housingQuota);
  });
}

/** Larger first; equal ones keep the input order. */
const largerFirst = (values: readonly bigint[]) => (a: number, b: number) =>
  values[a] === values[b] ? 0 : values[a]! > values[b]! ? -1 : 1;

const thenInputOrder = (...orders: ((a: number, b: number) => number)[]) => (a: number, b: number) => {
  for (const order of orders) {
    const result = order(a, b);
    if (result !== 0) return result;
  }
  return a - b;
};

/**
 * Step 1: obligated asylum migrants per municipality, adding up to the rounded regional total.
 * With the figures of 2020 at 70 %: 105 in total, Hoorn 35, Drechterland 11, Stede Broec 10.
 */
export function obligatedPerMunicipality(input: Pick<ProposeVolumesInput, "municipalities" | "obligatedShare">): { municipalityId: string; count: number }[] {
  const quotas = quotasOf(input.municipalities);
  const share = parsePercent(input.obligatedShare, "Het aandeel inburgeringsplichtigen");
  const numerators = quotas.map((quota) => quota * share.numerator);
  const regionalTotal = roundHalfUp(
    numerators.reduce((sum, numerator) => sum + numerator, 0n),
    share.denominator,
  );
  const counts = largestRemainder(numerators, share.denominator, regionalTotal, thenInputOrder(largerFirst(quotas)));
  return input.municipalities.map((municipality, index) => ({ municipalityId: municipality.id, count: Number(counts[index]!) }));
}

/** Steps 1–3: the lot's expected participants per municipality × target group. */
export function proposeVolumes(input: ProposeVolumesInput): Lot["volumes"] {
  const quotas = quotasOf(input.municipalities);
  const routeShare = parsePercent(input.routeSharePercent, "Het aandeel van het perceel");
  const obligated = obligatedPerMunicipality(input).map((row) => BigInt(row.count));
  const regionalTotal = obligated.reduce((sum, count) => sum + count, 0n);
  const lotTotal = roundHalfUp(regionalTotal * routeShare.numerator, routeShare.denominator);
  const lotCounts =
    regionalTotal === 0n
      ? obligated.map(() => 0n)
      : largestRemainder(
          obligated.map((count) => count * lotTotal),
          regionalTotal,
          lotTotal,
          thenInputOrder(largerFirst(obligated), largerFirst(quotas)),
        );
  // Family migrants: as many as asylum migrants are expected (framework §3.4).
  return input.municipalities.flatMap((municipality, index) =>
    targetGroups.map((targetGroup) => ({ municipalityId: municipality.id, targetGroup, count: Number(lotCounts[index]!) })),
  );
}
