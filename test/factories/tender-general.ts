import type { TenderGeneralForm } from "../../app/domain/tenders/tender-forms";

/** The general data of a tender as the form delivers it, for tests. */
export function generalFormValuesFor(reference: string, municipalityIds: string[] = ["00000000-0000-4000-8000-000000000001"]): TenderGeneralForm {
  return {
    title: `Testaanbesteding ${reference}`,
    reference,
    summary: "",
    procedure: "open",
    lightRegime: true,
    cpvCodes: ["80580000-3"],
    estimatedValueCents: 100_000_00,
    initialYears: 4,
    extensionYears: [2, 2],
    municipalityIds,
  };
}
