// The tender's scoring scale for quality criteria (TenderContent.scoringScale): whole scores from
// min to max in steps of `step`, counted from min (0–10 in steps of 2: 0, 2, 4, 6, 8, 10). Pure,
// so that the scoring form and the domain agree on what is on the scale.

export interface ScoringScale {
  min: number;
  max: number;
  step: number;
}

/** Every score on the scale, lowest first. */
export function scaleValues(scale: ScoringScale): number[] {
  if (!Number.isInteger(scale.min) || !Number.isInteger(scale.max) || !Number.isInteger(scale.step) || scale.step <= 0 || scale.max < scale.min) return [];
  const values: number[] = [];
  for (let value = scale.min; value <= scale.max; value += scale.step) values.push(value);
  return values;
}

export function isOnScale(score: number, scale: ScoringScale): boolean {
  return Number.isInteger(score) && score >= scale.min && score <= scale.max && (score - scale.min) % scale.step === 0;
}

/** "0 tot en met 10, in stappen van 2" */
export function describeScale(scale: ScoringScale): string {
  return `${scale.min} tot en met ${scale.max}${scale.step === 1 ? "" : `, in stappen van ${scale.step}`}`;
}

/** The longest motivation an assessor or chair may write per score, in characters. */
export const MAX_MOTIVATION_LENGTH = 5_000;
