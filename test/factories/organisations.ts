import type { Db } from "../../app/db/types";
import type { Clock } from "../../app/utils/clock.server";
import type { RegistrationInput } from "../../app/domain/organisations/organisation-schemas";
import { registerSupplier } from "../../app/domain/organisations/registration.server";
import { inviteColleague } from "../../app/domain/organisations/invitations.server";
import type { Actor } from "../../app/domain/identity/roles";
import { TEST_PASSWORD } from "./identity";

let sequence = 0;

/** A valid self-registration form; each call gets its own KvK number and e-mail address. */
export function registrationInput(overrides: Partial<RegistrationInput> = {}): RegistrationInput {
  sequence += 1;
  return {
    kind: "languageSchool",
    name: `Taalschool Registratie ${sequence}`,
    kvkNumber: String(30_000_000 + sequence * 104_729).slice(0, 8),
    street: "Nieuwstraat 4",
    postalCode: "1671 BB",
    city: "Medemblik",
    contactName: "Fatima Yilmaz",
    contactEmail: `info${sequence}@registratie.test`,
    contactPhone: null,
    userName: "Fatima Yilmaz",
    userEmail: `fatima${sequence}@registratie.test`,
    password: TEST_PASSWORD,
    ...overrides,
  };
}

/** Registers a supplier as the public form does, from its own address so no throttle is shared. */
export function registerTestSupplier(db: Db, clock: Clock, overrides: Partial<RegistrationInput> = {}) {
  sequence += 1;
  return registerSupplier(db, clock, registrationInput(overrides), { ipAddress: `192.0.2.${sequence % 250}` });
}

/** Invites a colleague and returns the invitation with its (otherwise only mailed) token. */
export function inviteTestColleague(db: Db, clock: Clock, inviter: Actor, email?: string) {
  sequence += 1;
  return inviteColleague(db, clock, inviter, { email: email ?? `collega${sequence}@registratie.test` });
}
