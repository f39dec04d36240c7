import { z } from "zod";
import { localOfferingCategories, localProviderKinds } from "./local-offering.sql";

export type LocalOfferingCategory = (typeof localOfferingCategories)[number];
export type LocalProviderKind = (typeof localProviderKinds)[number];

// The headings of appendix 1 of the framework.
export const localOfferingCategoryLabels: Record<LocalOfferingCategory, string> = {
  participation: "Participatie",
  careAndSupport: "Zorg en ondersteuning",
  language: "Taal",
  financial: "Financieel",
};

export const localProviderKindLabels: Record<LocalProviderKind, string> = {
  municipality: "Gemeente",
  library: "Bibliotheek",
  welfareOrganisation: "Welzijnsorganisatie",
};

/** Dutch names of the fields, for the form, its error summary and audit summaries. */
export const localOfferingFieldLabels = {
  municipalityId: "Gemeente",
  category: "Categorie",
  providerKind: "Soort aanbieder",
  providerName: "Aanbieder",
  description: "Aanbod",
} as const satisfies Record<keyof LocalOfferingInput, string>;

const trimmed = (label: string, max: number) =>
  z
    .string({ error: `Vul ${label} in.` })
    .trim()
    .min(1, `Vul ${label} in.`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} is te lang (maximaal ${max} tekens).`);

/** One schema for the form and the domain: what a local offering must have. */
export const localOfferingInputSchema = z.object({
  municipalityId: z.uuid({ error: "Kies de gemeente." }),
  category: z.enum(localOfferingCategories, { error: "Kies de categorie." }),
  providerKind: z.enum(localProviderKinds, { error: "Kies het soort aanbieder." }),
  providerName: trimmed("de naam van de aanbieder", 200),
  // the longest description in appendix 1 has 172 characters; room for a fuller one
  description: trimmed("het aanbod", 1000),
});

export type LocalOfferingInput = z.infer<typeof localOfferingInputSchema>;

/**
 * Filters of the list. A value that is not one of the options means "no filter": a hand-edited
 * or outdated URL shows everything rather than an error page.
 */
export const localOfferingFilterSchema = z.object({
  municipalityId: z.uuid().optional().catch(undefined),
  category: z.enum(localOfferingCategories).optional().catch(undefined),
  providerKind: z.enum(localProviderKinds).optional().catch(undefined),
  search: z
    .string()
    .trim()
    .max(200)
    .optional()
    .catch(undefined)
    .transform((value) => (value ? value : undefined)),
});

export interface LocalOfferingFilter {
  municipalityId?: string;
  category?: LocalOfferingCategory;
  providerKind?: LocalProviderKind;
  /** Words in the provider's name or the description, case-insensitive. */
  search?: string;
}
