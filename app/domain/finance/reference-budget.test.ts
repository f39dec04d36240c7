import { executionCostLines, implementationCostLines, printedReferenceBudgetTotals, type ReferenceBudgetLineSeed } from "./reference-budget";

const sumOf = (lines: readonly ReferenceBudgetLineSeed[]) => lines.reduce((total, line) => total + (line.amountEuros ?? 0), 0);

test("the lines of figure 5 add up to the printed € 434.330, with ICT as PM", () => {
  expect(sumOf(implementationCostLines)).toBe(printedReferenceBudgetTotals.implementation);
  expect(implementationCostLines.find((line) => line.label === "ICT")?.amountEuros).toBeNull();
});

test("the lines of figure 6 add up to the printed € 1.243.503", () => {
  expect(sumOf(executionCostLines)).toBe(printedReferenceBudgetTotals.execution);
});

test("the 10 % line of figure 6 is seeded as printed (53.788), not recomputed (53.787,50)", () => {
  const tenPercent = executionCostLines.find((line) => line.label.startsWith("Administratie"))!;
  expect(tenPercent.amountEuros).toBe(53_788);
  // recomputing in cents would put the total € 0,50 below the printed figure
  const baseCents = executionCostLines.slice(0, 3).reduce((total, line) => total + line.amountEuros! * 100, 0);
  expect(baseCents / 10).toBe(5_378_750);
});

test.each(executionCostLines.filter((line) => line.hours !== null && line.rateEuros !== null))(
  "figure 6: $label is printed as hours × persons × rate",
  (line) => {
    expect(Number(line.hours) * (line.persons ?? 1) * line.rateEuros!).toBe(line.amountEuros);
  },
);
