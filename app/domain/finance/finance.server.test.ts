import { provisionsCarryOver, spendingPercentOf, withinFundingStatus } from "./finance.server";

// "Binnen rijksbijdragen": target 100 %, lower is better; at risk up to 110 % (domain.md §3).
test.each([
  { spending: 0, funding: 1_000_00, status: "met" },
  { spending: 1_000_00, funding: 1_000_00, status: "met" },
  { spending: 1_000_01, funding: 1_000_00, status: "atRisk" },
  { spending: 1_100_00, funding: 1_000_00, status: "atRisk" },
  { spending: 1_100_01, funding: 1_000_00, status: "missed" },
  { spending: 5_000_00, funding: 1_000_00, status: "missed" },
  { spending: 1_000_00, funding: 0, status: "noData" },
  { spending: 0, funding: 0, status: "noData" },
] as const)("spending $spending against funding $funding is $status", ({ spending, funding, status }) => {
  expect(withinFundingStatus(spending, funding)).toBe(status);
});

test("spending is shown as a percentage of funding with one decimal, and not without funding", () => {
  expect(spendingPercentOf(1_100_00, 1_000_00)).toBe(110);
  expect(spendingPercentOf(1_234_56, 1_000_00)).toBe(123.5);
  expect(spendingPercentOf(5, 0)).toBeNull();
});

// Meeneemregeling: up to 100 % of last year's unspent provisions budget.
test.each([
  { budget: 100_000_00, spent: 0, carried: 100_000_00 },
  { budget: 100_000_00, spent: 40_000_00, carried: 60_000_00 },
  { budget: 100_000_00, spent: 100_000_00, carried: 0 },
  { budget: 100_000_00, spent: 120_000_00, carried: 0 },
  { budget: 0, spent: 0, carried: 0 },
])("a provisions budget of $budget with $spent spent carries $carried over", ({ budget, spent, carried }) => {
  expect(provisionsCarryOver(budget, spent)).toBe(carried);
});
