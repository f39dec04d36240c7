import type { ContractForm } from "../../app/domain/contracts/contract-schemas";

/** A quarterly B1 contract running from mid-February 2024 to the end of 2025, for report tests. */
export function reportingContractForm(supplierOrganisationId: string, contractManagerUserId: string | null, overrides: Partial<ContractForm> = {}): ContractForm {
  return {
    number: `WF-RAP-${Math.random().toString(36).slice(2, 8)}`,
    title: "Testcontract B1-route",
    kind: "tender",
    supplierOrganisationId,
    learningRoute: "b1",
    services: ["b1Route"],
    startDate: "2024-02-15",
    endDate: "2025-12-31",
    extensionYears: [],
    ceilingAmountCents: 1_000_000_00,
    contractManagerUserId,
    reportingFrequency: "quarterly",
    reportDueDays: 30,
    performancePaymentApplies: false,
    performanceShare: "10",
    performanceActivationDate: null,
    ...overrides,
  };
}

export const testNarrative = { participantProgress: "Goede voortgang in Hoorn.", cooperation: "Overleg met het werkgeversservicepunt.", integratedTrajectories: "Taal en werk gecombineerd." };
