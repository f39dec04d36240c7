import { and, count, eq, gte, lt } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { recordAudit } from "../audit/audit.server";
import { isUniqueViolation } from "../db-errors";
import { RuleViolation } from "../errors";
import { userRoles, users } from "../identity/identity.sql";
import { hashPassword } from "../identity/password.server";
import { notifyUsers } from "../notifications/notifications.server";
import { organisationKindLabels, registrationSchema, type RegistrationInput } from "./organisation-schemas";
import { organisations, registrationAttempts } from "./organisations.sql";

/** Registrations that reach the server per client address in one window; enough for typos, too few for spam. */
export const MAX_REGISTRATIONS_PER_IP = 10;
export const REGISTRATION_WINDOW_MS = 60 * 60 * 1000;

export interface Registration {
  organisationId: string;
  organisationName: string;
  userId: string;
  email: string;
}

function duplicateKvk(kvkNumber: string) {
  return new RuleViolation(
    "registration.duplicateKvk",
    `Organisatie met KvK-nummer ${kvkNumber} is al geregistreerd in het portaal. Werkt u daar? Vraag dan een collega met een account om u uit te nodigen.`,
    "kvkNumber",
  );
}

function duplicateEmail(email: string) {
  return new RuleViolation(
    "registration.duplicateEmail",
    `Er is al een account met e-mailadres ${email}. Log in met dat account, of gebruik een ander e-mailadres.`,
    "userEmail",
  );
}

/**
 * Counts this attempt against the address, and refuses when the address is over its limit.
 * Every attempt that reaches the domain counts, refused ones too: they test which KvK numbers and
 * e-mail addresses are known, and each one costs a password hash.
 */
async function throttle(db: Db, clock: Clock, ipAddress: string): Promise<void> {
  const now = clock.now();
  const since = new Date(now.getTime() - REGISTRATION_WINDOW_MS);
  // housekeeping on the way: older attempts can no longer matter
  await db.delete(registrationAttempts).where(lt(registrationAttempts.attemptedAt, new Date(now.getTime() - 24 * REGISTRATION_WINDOW_MS)));
  const [row] = await db
    .select({ value: count() })
    .from(registrationAttempts)
    .where(and(eq(registrationAttempts.ipAddress, ipAddress), gte(registrationAttempts.attemptedAt, since)));
  if ((row?.value ?? 0) >= MAX_REGISTRATIONS_PER_IP) {
    throw new RuleViolation(
      "registration.throttled",
      "Er zijn vanaf uw netwerk te veel registraties geprobeerd. Probeer het over een uur opnieuw, of neem contact op met de beheerder van het portaal.",
    );
  }
  await db.insert(registrationAttempts).values({ ipAddress, attemptedAt: now });
}

/**
 * A supplier registers its organisation and its first user (public, no login). The organisation
 * starts "pending": its user can log in at once, but may not submit an offer until an
 * administrator has verified it (`assertOrganisationMaySubmit`). The administrators are told.
 */
export async function registerSupplier(
  db: Db,
  clock: Clock,
  input: RegistrationInput,
  request: { ipAddress: string },
): Promise<Registration> {
  await throttle(db, clock, request.ipAddress);
  const { userName, userEmail, password, ...organisation } = registrationSchema.parse(input);
  const passwordHash = await hashPassword(password);
  try {
    return await db.transaction(async (tx) => {
      const [kvkTaken] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.kvkNumber, organisation.kvkNumber));
      if (kvkTaken) throw duplicateKvk(organisation.kvkNumber);
      const [emailTaken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, userEmail));
      if (emailTaken) throw duplicateEmail(userEmail);

      const now = clock.now();
      const [created] = await tx
        .insert(organisations)
        .values({ ...organisation, createdAt: now, verificationStatus: "pending" })
        .returning({ id: organisations.id });
      const [user] = await tx
        .insert(users)
        .values({ name: userName, email: userEmail, passwordHash, organisationId: created!.id, createdAt: now })
        .returning({ id: users.id });
      await tx.insert(userRoles).values({ userId: user!.id, role: "supplier" });

      // the registrant acts for itself: it is the actor of both audit rows
      const actor = { id: user!.id, name: userName };
      await recordAudit(tx, clock, {
        actor,
        action: "organisation.registered",
        entityType: "organisation",
        entityId: created!.id,
        summary: `${organisationKindLabels[organisation.kind]} ${organisation.name} (KvK ${organisation.kvkNumber}) zelf geregistreerd door ${userName} (${userEmail}); wacht op verificatie`,
        // no client address here: the audit log is kept for good, the throttle's record only a day
        changes: { ...organisation, registeredBy: userEmail },
      });
      await recordAudit(tx, clock, {
        actor,
        action: "user.registered",
        entityType: "user",
        entityId: user!.id,
        summary: `Account voor ${userName} (${userEmail}) aangemaakt bij de registratie van ${organisation.name}, met rol Aanbieder`,
        changes: { email: userEmail, roles: ["supplier"], organisationId: created!.id },
      });

      const admins = await tx
        .selectDistinct({ userId: users.id, email: users.email })
        .from(users)
        .innerJoin(userRoles, eq(userRoles.userId, users.id))
        .where(and(eq(userRoles.role, "admin"), eq(users.active, true)));
      await notifyUsers(tx, clock, admins, {
        title: `Nieuwe registratie: ${organisation.name}`,
        body: `${organisation.name} (${organisationKindLabels[organisation.kind].toLowerCase()}, KvK ${organisation.kvkNumber}, ${organisation.city}) heeft zich geregistreerd als aanbieder. Controleer de gegevens en verifieer of wijs de registratie af; tot dan kan de organisatie niet inschrijven.`,
        link: `/beheer/organisaties/${created!.id}`,
      });
      return { organisationId: created!.id, organisationName: organisation.name, userId: user!.id, email: userEmail };
    });
  } catch (error) {
    // two registrations racing for the same KvK number or address: the unique indexes decide
    if (isUniqueViolation(error)) {
      const [kvkTaken] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kvkNumber, organisation.kvkNumber));
      throw kvkTaken ? duplicateKvk(organisation.kvkNumber) : duplicateEmail(userEmail);
    }
    throw error;
  }
}
