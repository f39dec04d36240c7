// The ranking of the admissible offers on one lot (EMVI: beste prijs-kwaliteitverhouding).
//
// Points per quality criterion = consensus score / scale maximum × the criterion's weight.
// Points for price = the tender's price formula (price-scoring.ts) with the sum of the price
// criteria's weights as maximum. Every criterion's points are rounded to 2 decimals, half up,
// on the exact fraction (BigInt, no floats); the total is the sum of the rounded points, so the
// letters show figures that add up to the total that ranks.
//
// Ties (documented in docs/scoring-and-payment.md and the PvE): equal totals are ordered by the
// higher quality total; still equal, by the lower total price; still equal, the offers share the
// rank and the award proposal must record how the tie was broken (drawing of lots before a notary).
import { scorePrice } from "../tenders/price-scoring";
import type { AwardCriterion, PriceScoringMethod } from "../tenders/tender-content";

export interface RankingOffer {
  offerId: string;
  organisationName: string;
  totalPriceCents: number;
  /** Consensus score per quality criterion id, on the tender's scale. */
  consensusScores: Readonly<Record<string, number>>;
}

export interface RankingInput {
  criteria: readonly Pick<AwardCriterion, "id" | "name" | "kind" | "weight">[];
  scale: { min: number; max: number; step: number };
  priceScoringMethod: PriceScoringMethod;
  ceilingCents: number;
  /** Admissible offers only. */
  offers: readonly RankingOffer[];
}

export interface CriterionPoints {
  criterionId: string;
  name: string;
  weight: number;
  score: number;
  points: number;
}

export interface RankedOffer {
  offerId: string;
  organisationName: string;
  totalPriceCents: number;
  quality: CriterionPoints[];
  qualityPoints: number;
  pricePoints: number;
  totalPoints: number;
  /** 1 is best; tied offers (after both tie rules) share a rank. */
  rank: number;
  /** Whether this offer shares its rank with another one. */
  tied: boolean;
}

/** numerator / denominator in hundredths, half up; both non-negative. */
function hundredthsHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator * 100n + denominator) / (2n * denominator);
}

/** Points for one quality criterion: score / max × weight, rounded to 2 decimals half up. */
export function qualityPoints(score: number, scaleMax: number, weight: number): number {
  if (!Number.isInteger(score) || !Number.isInteger(scaleMax) || !Number.isInteger(weight) || scaleMax <= 0 || score < 0 || weight < 0) {
    throw new RangeError("Score, schaalmaximum en weging moeten gehele getallen zijn (maximum groter dan 0).");
  }
  if (score > scaleMax) throw new RangeError(`Een score van ${score} ligt boven het maximum van de schaal (${scaleMax}).`);
  return Number(hundredthsHalfUp(BigInt(score) * BigInt(weight), BigInt(scaleMax))) / 100;
}

/** Sums 2-decimal figures without float drift. */
function sumHundredths(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + Math.round(value * 100), 0) / 100;
}

export function rankOffers(input: RankingInput): RankedOffer[] {
  const qualityCriteria = input.criteria.filter((criterion) => criterion.kind === "quality");
  const priceWeight = input.criteria.filter((criterion) => criterion.kind === "price").reduce((sum, criterion) => sum + criterion.weight, 0);
  const lowestCents = input.offers.length ? Math.min(...input.offers.map((offer) => offer.totalPriceCents)) : 0;

  const scored = input.offers.map((offer) => {
    const quality = qualityCriteria.map((criterion) => {
      const score = offer.consensusScores[criterion.id];
      if (score === undefined) throw new RangeError(`De consensusscore voor "${criterion.name}" van ${offer.organisationName} ontbreekt.`);
      return { criterionId: criterion.id, name: criterion.name, weight: criterion.weight, score, points: qualityPoints(score, input.scale.max, criterion.weight) };
    });
    const pricePoints =
      priceWeight === 0
        ? 0
        : scorePrice(input.priceScoringMethod, { offeredCents: offer.totalPriceCents, lowestCents, ceilingCents: input.ceilingCents, maxPoints: priceWeight });
    const qualityTotal = sumHundredths(quality.map((line) => line.points));
    return {
      offerId: offer.offerId,
      organisationName: offer.organisationName,
      totalPriceCents: offer.totalPriceCents,
      quality,
      qualityPoints: qualityTotal,
      pricePoints,
      totalPoints: sumHundredths([qualityTotal, pricePoints]),
    };
  });

  const compare = (a: (typeof scored)[number], b: (typeof scored)[number]) =>
    b.totalPoints - a.totalPoints || b.qualityPoints - a.qualityPoints || a.totalPriceCents - b.totalPriceCents;
  // Within a full tie the order is by name, only so that the list is stable; it decides nothing.
  const ordered = [...scored].sort((a, b) => compare(a, b) || a.organisationName.localeCompare(b.organisationName, "nl"));

  return ordered.map((offer, index) => {
    const firstEqual = ordered.findIndex((other) => compare(other, offer) === 0);
    const tied = ordered.some((other) => other !== offer && compare(other, offer) === 0);
    return { ...offer, rank: firstEqual + 1, tied: tied || index !== firstEqual };
  });
}
