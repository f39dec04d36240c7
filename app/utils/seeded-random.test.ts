import { seededRandom } from "./seeded-random";

test("the same seed gives the same sequence in [0, 1); another seed another one", () => {
  const first = Array.from({ length: 5 }, seededRandom(42));
  expect(Array.from({ length: 5 }, seededRandom(42))).toEqual(first);
  expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
  expect(Array.from({ length: 5 }, seededRandom(43))).not.toEqual(first);
  // mulberry32's first value for seed 1, so the demo data of earlier databases stays the same
  expect(seededRandom(1)()).toBeCloseTo(0.6270739405881613, 15);
});
