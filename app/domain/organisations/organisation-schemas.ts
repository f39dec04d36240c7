import { z } from "zod";
import { newPasswordSchema } from "../identity/user-schemas";
import { organisationKinds, verificationStatuses } from "./organisations.sql";

export const organisationKindLabels: Record<(typeof organisationKinds)[number], string> = {
  languageSchool: "Taalschool",
  volunteerOrganisation: "Vrijwilligersorganisatie",
  publicBody: "Publiek orgaan",
};

const trimmed = (label: string, max = 200) =>
  z
    .string({ error: `Vul ${label} in.` })
    .trim()
    .min(1, `Vul ${label} in.`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} is te lang (maximaal ${max} tekens).`);

/** One schema for the form and the domain: what an organisation must have. */
export const organisationInputSchema = z.object({
  kind: z.enum(organisationKinds, { error: "Kies het soort organisatie." }),
  name: trimmed("de naam"),
  kvkNumber: z
    .string({ error: "Vul het KvK-nummer in." })
    .trim()
    .regex(/^\d{8}$/, "Het KvK-nummer bestaat uit precies 8 cijfers."),
  street: trimmed("straat en huisnummer"),
  postalCode: z
    .string({ error: "Vul de postcode in." })
    .trim()
    .regex(/^[1-9]\d{3} ?[A-Za-z]{2}$/, "Vul een Nederlandse postcode in, bijvoorbeeld 1621 AB.")
    .transform((value) => `${value.slice(0, 4)} ${value.slice(-2).toUpperCase()}`),
  city: trimmed("de plaats", 100),
  contactName: trimmed("de naam van de contactpersoon"),
  contactEmail: z
    .string({ error: "Vul het e-mailadres van de contactpersoon in." })
    .trim()
    .toLowerCase()
    .pipe(z.email("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.")),
  contactPhone: z
    .string()
    .trim()
    .max(20, "Het telefoonnummer is te lang.")
    .regex(/^$|^\+?[0-9 ()-]{6,20}$/, "Vul een geldig telefoonnummer in (alleen cijfers, spaties, + en -).")
    // nullish, not optional: the domain parses again what the form's parse produced (null for "none")
    .nullish()
    .transform((value) => (value ? value : null)),
});

export type OrganisationInput = z.infer<typeof organisationInputSchema>;

export const verificationStatusLabels: Record<(typeof verificationStatuses)[number], string> = {
  pending: "Wacht op verificatie",
  verified: "Geverifieerd",
  rejected: "Afgewezen",
};

/** Who may register themselves: suppliers. A public body (WerkSaam) is added by an administrator. */
export const supplierKinds = ["languageSchool", "volunteerOrganisation"] as const;

const personName = z
  .string({ error: "Vul uw naam in." })
  .trim()
  .min(1, "Vul uw naam in.")
  .max(200, "Uw naam is te lang (maximaal 200 tekens).");

const personalEmail = z
  .string({ error: "Vul uw e-mailadres in." })
  .trim()
  .toLowerCase()
  .min(1, "Vul uw e-mailadres in.")
  .pipe(z.email("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl."));

/** A supplier's self-registration: its organisation and its first user, in one form. */
export const registrationSchema = organisationInputSchema.extend({
  kind: z.enum(supplierKinds, { error: "Kies of uw organisatie een taalschool of een vrijwilligersorganisatie is." }),
  userName: personName,
  userEmail: personalEmail,
  password: newPasswordSchema,
});

export type RegistrationInput = z.input<typeof registrationSchema>;

export const rejectionSchema = z.object({
  reason: z
    .string({ error: "Vul de reden van de afwijzing in." })
    .trim()
    .min(1, "Vul de reden van de afwijzing in.")
    .max(2000, "De reden is te lang (maximaal 2.000 tekens)."),
});

export const invitationSchema = z.object({
  email: z
    .string({ error: "Vul het e-mailadres van uw collega in." })
    .trim()
    .toLowerCase()
    .min(1, "Vul het e-mailadres van uw collega in.")
    .pipe(z.email("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.")),
});

export const acceptInvitationSchema = z.object({
  name: personName,
  password: newPasswordSchema,
});
