import { z } from "zod";
import { amsterdamLocalToInstant } from "../../utils/amsterdam-time";
import { lotServices, priceScoringMethods, priceUnits, procedures, sectionKeys, targetGroups } from "./tender-content";

// Form schemas of the tender pages: they turn what a person typed (Dutch amounts, local times)
// into the shapes of tender-content.ts, with a Dutch message per field.

const requiredText = (message: string, max = 300) =>
  z.string({ error: message }).trim().min(1, message).max(max, `Maximaal ${max} tekens.`);

/** "1.250.000", "1250000,50", "€ 1.250.000,00" → cents; Dutch notation: dot for thousands, comma for cents. */
export const euroAmount = (label: string) =>
  z
    .string({ error: `Vul ${label} in.` })
    .trim()
    .min(1, `Vul ${label} in.`)
    .transform((value, context) => {
      const cleaned = value.replace(/€/g, "").replace(/\s/g, "");
      if (!/^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$/.test(cleaned)) {
        context.addIssue({ code: "custom", message: `Vul ${label} in als bedrag in euro, bijvoorbeeld 1.250.000 of 1250000,00.` });
        return z.NEVER;
      }
      const [euros, cents = ""] = cleaned.replace(/\./g, "").split(",");
      return Number(euros) * 100 + Number(cents.padEnd(2, "0"));
    });

const wholeNumber = (label: string, min = 0, max = 1_000_000) =>
  z
    .string({ error: `Vul ${label} in.` })
    .trim()
    .regex(/^\d+$/, `Vul bij ${label} een heel getal in.`)
    .transform(Number)
    .pipe(z.number().min(min, `${label[0]!.toUpperCase()}${label.slice(1)} moet minstens ${min} zijn.`).max(max, `${label[0]!.toUpperCase()}${label.slice(1)} mag hoogstens ${max} zijn.`));

const checkbox = z
  .string()
  .optional()
  .transform((value) => value === "on" || value === "true" || value === "1");

const localDateTime = (label: string) =>
  z
    .string({ error: `Vul ${label} in.` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, `Vul ${label} in met datum en tijd.`)
    .transform((value) => amsterdamLocalToInstant(value));

const localDate = (label: string) =>
  z
    .string({ error: `Vul ${label} in.` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Vul ${label} in als datum.`);

export const tenderGeneralFormSchema = z.object({
  title: requiredText("Vul de titel in."),
  reference: z
    .string({ error: "Vul het kenmerk in." })
    .trim()
    .min(1, "Vul het kenmerk in.")
    .max(50, "Het kenmerk is te lang (maximaal 50 tekens).")
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, "Gebruik in het kenmerk alleen letters, cijfers, punten, streepjes en schuine strepen, bijvoorbeeld WF-INB-2022-01."),
  summary: z.string().trim().max(5_000, "De samenvatting is te lang (maximaal 5.000 tekens).").default(""),
  procedure: z.enum(procedures, { error: "Kies de procedure." }),
  lightRegime: checkbox,
  cpvCodes: z
    .string()
    .default("")
    .transform((value) => value.split(/[\s,;]+/).map((code) => code.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d{8}-\d$/, "Een CPV-code bestaat uit 8 cijfers, een streepje en een controlecijfer, bijvoorbeeld 80580000-3."))),
  estimatedValueCents: euroAmount("de geraamde waarde"),
  initialYears: wholeNumber("de looptijd", 1, 10),
  extensionYears: z
    .string()
    .trim()
    .default("")
    .refine((value) => value === "" || /^\d{1,2}(\s*\+\s*\d{1,2})*$/.test(value), "Vul de verlengingsopties in als jaren met plustekens, bijvoorbeeld 2 + 2.")
    .transform((value) => (value === "" ? [] : value.split("+").map((part) => Number(part.trim())))),
  municipalityIds: z.array(z.uuid(), { error: "Kies minstens één gemeente." }).min(1, "Kies minstens één deelnemende gemeente."),
});
export type TenderGeneralForm = z.output<typeof tenderGeneralFormSchema>;

export const timelineFormSchema = z.object({
  publicationDate: localDate("de publicatiedatum"),
  questionDeadline: localDateTime("de uiterste datum en tijd voor vragen"),
  informationNoticeDate: localDate("de datum van de Nota van Inlichtingen"),
  submissionDeadline: localDateTime("de sluitingsdatum en -tijd voor inschrijvingen"),
  plannedAwardDecisionDate: localDate("de geplande datum van de gunningsbeslissing"),
  standstillDays: wholeNumber("de standstill-termijn", 0, 60),
  contractStartDate: localDate("de startdatum van het contract"),
});
export type TimelineForm = z.output<typeof timelineFormSchema>;

export const lotFormSchema = z.object({
  lotId: z.uuid().optional().or(z.literal("").transform(() => undefined)),
  title: requiredText("Vul de naam van het perceel in.", 200),
  service: z.enum(lotServices, { error: "Kies de dienst van het perceel." }),
  description: z.string().trim().max(10_000, "De omschrijving is te lang.").default(""),
  ceilingAmountCents: euroAmount("het plafondbedrag").pipe(z.number().positive("Het plafondbedrag moet groter zijn dan € 0.")),
  routeSharePercent: z
    .string({ error: "Vul het aandeel in." })
    .trim()
    .transform((value) => value.replace(",", "."))
    .pipe(z.string().regex(/^\d{1,3}(\.\d{1,2})?$/, "Vul het aandeel in als percentage, bijvoorbeeld 55 of 12,5."))
    .refine((value) => Number(value) <= 100, "Het aandeel kan niet meer dan 100 % zijn."),
  performancePayment: checkbox,
});
export type LotForm = z.output<typeof lotFormSchema>;

export const priceComponentFormSchema = z.object({
  name: requiredText("Vul de naam van de prijscomponent in.", 200),
  unit: z.enum(priceUnits, { error: "Kies de eenheid." }),
  expectedQuantity: wholeNumber("de verwachte hoeveelheid", 0, 10_000_000),
});

export const requirementFormSchema = z.object({
  requirementId: z.uuid().optional().or(z.literal("").transform(() => undefined)),
  lotId: z
    .string()
    .default("")
    .transform((value) => (value === "" ? null : value))
    .pipe(z.uuid("Kies een perceel uit de lijst.").nullable()),
  kind: z.enum(["mandatory", "scored"], { error: "Kies of dit een eis of een wens is." }),
  title: requiredText("Vul de eis of wens in.", 300),
  description: z.string().trim().max(10_000, "De toelichting is te lang.").default(""),
  evidenceRequired: checkbox,
  criterionId: z
    .string()
    .default("")
    .transform((value) => (value === "" ? null : value))
    .pipe(z.uuid("Kies een gunningscriterium uit de lijst.").nullable()),
});
export type RequirementForm = z.output<typeof requirementFormSchema>;

export const criterionRowSchema = z.object({
  id: z.uuid().optional(),
  name: z.string().trim().max(200),
  kind: z.enum(["price", "quality"]),
  weight: z.string().trim(),
  description: z.string().trim().max(10_000),
});

export const awardFormSchema = z.object({
  priceScoringMethod: z.enum(priceScoringMethods, { error: "Kies de methode voor de prijsscore." }),
  scaleMin: wholeNumber("de laagste score", 0, 100),
  scaleMax: wholeNumber("de hoogste score", 1, 100),
  scaleStep: wholeNumber("de stapgrootte", 1, 100),
});

export const sectionsFormSchema = z.object(
  Object.fromEntries(sectionKeys.map((key) => [key, z.string().max(50_000, "Deze tekst is te lang (maximaal 50.000 tekens).").default("")])) as Record<
    (typeof sectionKeys)[number],
    z.ZodDefault<z.ZodString>
  >,
);

export const publishFormSchema = z.object({
  changeNote: z.string().trim().max(5_000, "De toelichting is te lang.").default(""),
});

export const cancelFormSchema = z.object({
  reason: z.string({ error: "Vul de reden in." }).trim().min(10, "Geef een reden van minstens 10 tekens; de aanbieders krijgen die te zien.").max(5_000),
});

export const volumeFieldName = (municipalityId: string, targetGroup: (typeof targetGroups)[number]) => `volume.${municipalityId}.${targetGroup}`;

export type FormErrors = Record<string, string[]>;

/** The volumes table of a lot: one whole number per municipality × target group. */
export function parseVolumeFields(form: FormData, municipalityIds: readonly string[]): { volumes: { municipalityId: string; targetGroup: (typeof targetGroups)[number]; count: number }[]; errors: FormErrors } {
  const volumes = [];
  const errors: FormErrors = {};
  for (const municipalityId of municipalityIds) {
    for (const targetGroup of targetGroups) {
      const name = volumeFieldName(municipalityId, targetGroup);
      const raw = String(form.get(name) ?? "").trim();
      if (!/^\d{1,6}$/.test(raw)) {
        (errors[name] ??= []).push("Vul een heel getal van 0 of meer in.");
        continue;
      }
      volumes.push({ municipalityId, targetGroup, count: Number(raw) });
    }
  }
  return { volumes, errors };
}

/** "75", "7,5" → "75", "7.5": an exact decimal string as the KPI targets are stored. */
export function parseDecimal(raw: string): string | null {
  const value = raw.trim().replace(",", ".");
  return /^\d{1,6}(\.\d{1,4})?$/.test(value) ? value : null;
}
