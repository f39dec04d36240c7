import { z } from "zod";
import { roles } from "./identity.sql";

export const emailSchema = z
  .string({ error: "Vul uw e-mailadres in." })
  .trim()
  .toLowerCase()
  .min(1, "Vul uw e-mailadres in.")
  .pipe(z.email("Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl."));

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Vul uw wachtwoord in." }).min(1, "Vul uw wachtwoord in."),
  redirectTo: z.string().optional(),
});

// NCSC and NIST advise length over composition rules.
export const newPasswordSchema = z
  .string({ error: "Vul een wachtwoord in." })
  .min(12, "Het wachtwoord moet minstens 12 tekens lang zijn.")
  .max(200, "Het wachtwoord is te lang (maximaal 200 tekens).");

// nullish, not optional: the domain parses again what the form's parse produced (null for "none")
const optionalId = z
  .string()
  .nullish()
  .transform((value) => (value ? value : null))
  .pipe(z.uuid("Maak een keuze uit de lijst.").nullable());

export const roleAssignmentSchema = z
  .object({
    roles: z.array(z.enum(roles), { error: "Kies minstens één rol." }).min(1, "Kies minstens één rol."),
    organisationId: optionalId,
    municipalityId: optionalId,
  })
  .superRefine((value, context) => {
    if (value.roles.includes("supplier") && !value.organisationId) {
      context.addIssue({ code: "custom", path: ["organisationId"], message: "Kies de organisatie van deze aanbieder." });
    }
    if (value.roles.includes("municipalityViewer") && !value.municipalityId) {
      context.addIssue({ code: "custom", path: ["municipalityId"], message: "Kies de gemeente van deze gebruiker." });
    }
    // A supplier must never hold a municipal role: it would see sealed offers of competitors.
    if (value.roles.includes("supplier") && value.roles.length > 1) {
      context.addIssue({ code: "custom", path: ["roles"], message: "Een aanbieder kan geen andere rollen hebben." });
    }
  });

export const newUserSchema = z
  .object({
    name: z.string({ error: "Vul de naam in." }).trim().min(1, "Vul de naam in.").max(200, "De naam is te lang."),
    email: z
      .string({ error: "Vul het e-mailadres in." })
      .trim()
      .toLowerCase()
      .min(1, "Vul het e-mailadres in.")
      .pipe(z.email("Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.")),
    password: newPasswordSchema,
  })
  .and(roleAssignmentSchema);

export type NewUserInput = z.infer<typeof newUserSchema>;
export type RoleAssignment = z.infer<typeof roleAssignmentSchema>;
