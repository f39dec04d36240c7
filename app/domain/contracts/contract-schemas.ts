import { z } from "zod";
import { contractKinds, paymentRules, reportingFrequencies } from "./contract.sql";
import { contractServiceLabels } from "./contract-labels";
import { euroAmount } from "../tenders/tender-forms";
import { priceUnits } from "../tenders/tender-content";

const isoDate = (label: string) => z.string({ error: `Vul ${label} in.` }).trim().regex(/^\d{4}-\d{2}-\d{2}$/, `Vul ${label} in als datum.`);
const optionalUuid = z
  .string()
  .optional()
  .transform((value) => (value ? value : null))
  .pipe(z.uuid("Maak een keuze uit de lijst.").nullable());

export const contractFormSchema = z
  .object({
    number: z.string({ error: "Vul het contractnummer in." }).trim().min(1, "Vul het contractnummer in.").max(50, "Het contractnummer is te lang."),
    title: z.string({ error: "Vul de omschrijving in." }).trim().min(1, "Vul de omschrijving in.").max(300, "De omschrijving is te lang."),
    kind: z.enum(contractKinds, { error: "Kies het soort contract." }),
    supplierOrganisationId: z.uuid("Kies de opdrachtnemer."),
    learningRoute: z
      .string()
      .optional()
      .transform((value) => (value ? value : null))
      .pipe(z.enum(["b1", "education", "z"]).nullable()),
    services: z.array(z.enum(Object.keys(contractServiceLabels) as [keyof typeof contractServiceLabels, ...(keyof typeof contractServiceLabels)[]])).min(1, "Kies minstens één dienst."),
    startDate: isoDate("de startdatum"),
    endDate: isoDate("de einddatum"),
    extensionYears: z
      .string()
      .trim()
      .default("")
      .refine((value) => value === "" || /^\d{1,2}(\s*\+\s*\d{1,2})*$/.test(value), "Vul de verlengingsopties in als jaren met plustekens, bijvoorbeeld 2 + 2.")
      .transform((value) => (value === "" ? [] : value.split("+").map((part) => Number(part.trim())))),
    ceilingAmountCents: euroAmount("het plafondbedrag"),
    contractManagerUserId: optionalUuid,
    reportingFrequency: z.enum(reportingFrequencies, { error: "Kies hoe vaak er wordt gerapporteerd." }),
    reportDueDays: z.coerce.number({ error: "Vul een aantal dagen in." }).int("Vul een heel aantal dagen in.").min(1, "Minstens 1 dag.").max(120, "Hoogstens 120 dagen."),
    performancePaymentApplies: z
      .string()
      .optional()
      .transform((value) => value === "on"),
    performanceShare: z
      .string()
      .trim()
      .default("10")
      .transform((value) => value.replace(",", "."))
      .pipe(z.string().regex(/^\d{1,2}(\.\d{1,2})?$/, "Vul het aandeel in als percentage, bijvoorbeeld 10.")),
    performanceActivationDate: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value : null))
      .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Vul de activeringsdatum in als datum.").nullable()),
  })
  .superRefine((value, context) => {
    if (value.endDate <= value.startDate) context.addIssue({ code: "custom", path: ["endDate"], message: "De einddatum moet na de startdatum liggen." });
  });
export type ContractForm = z.output<typeof contractFormSchema>;

export const amendmentFormSchema = z.object({
  reason: z.string({ error: "Vul de reden van de wijziging in." }).trim().min(5, "Geef een reden van minstens 5 tekens.").max(2_000, "De reden is te lang."),
  effectiveDate: isoDate("de ingangsdatum"),
});

export const contractKpiFormSchema = z.object({
  weight: z.coerce.number({ error: "Vul een weging in." }).int("Vul een hele weging in.").min(0, "De weging kan niet negatief zijn.").max(100, "Hoogstens 100."),
  paymentRule: z.enum(paymentRules, { error: "Kies de betaalregel." }),
});

export const customKpiFormSchema = z.object({
  name: z.string({ error: "Vul de naam van de indicator in." }).trim().min(3, "Vul de naam van de indicator in.").max(200),
  unit: z.enum(["percent", "score"], { error: "Kies de eenheid." }),
  direction: z.enum(["higherIsBetter", "lowerIsBetter"], { error: "Kies of hoger of lager beter is." }),
  target: z
    .string({ error: "Vul het doel in." })
    .trim()
    .transform((value) => value.replace(",", "."))
    .pipe(z.string().regex(/^\d{1,6}(\.\d{1,4})?$/, "Vul het doel in als getal, bijvoorbeeld 10 of 7,5.")),
});

/** One row of the rates table form: a price component of the contract with its rate. */
export const contractRateFormSchema = z.object({
  name: z.string({ error: "Vul de naam van de prijscomponent in." }).trim().min(1, "Vul de naam van de prijscomponent in.").max(200, "De naam is te lang."),
  unit: z.enum(priceUnits, { error: "Kies de eenheid." }),
  rateCents: euroAmount("het tarief"),
});

/** One cell of a year's budget table form: a municipality and target group with amount and volume. */
export const budgetCellFormSchema = z.object({
  municipalityId: z.uuid("Onbekende gemeente."),
  targetGroup: z.enum(["asylumMigrant", "familyMigrant"], { error: "Onbekende doelgroep." }),
  amountCents: z
    .string()
    .trim()
    .transform((value) => (value === "" ? "0" : value))
    .pipe(euroAmount("het bedrag")),
  volume: z
    .string()
    .trim()
    .transform((value) => (value === "" ? "0" : value))
    .pipe(z.string().regex(/^\d{1,6}$/, "Vul het aantal in als heel getal."))
    .transform(Number),
});
