import { z } from "zod";
import { emailSchema, loginSchema, newPasswordSchema, newUserSchema, roleAssignmentSchema } from "./user-schemas";

const ORGANISATION = "3f1c9a52-7d4e-4b1a-9c3d-2e5f6a7b8c9d";
const MUNICIPALITY = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

function messages(result: { success: boolean; error?: z.ZodError }): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  for (const issue of result.error?.issues ?? []) (byField[issue.path.join(".")] ??= []).push(issue.message);
  return byField;
}

describe("e-mail addresses", () => {
  test("are trimmed and lower-cased, so one person has one account however they type it", () => {
    expect(emailSchema.parse("  Carla@Hoorn.NL ")).toBe("carla@hoorn.nl");
  });

  test.each([
    ["empty", "", "Vul uw e-mailadres in."],
    ["only spaces", "   ", "Vul uw e-mailadres in."],
    ["without a domain", "carla@", "Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl."],
    ["without an @", "carla.hoorn.nl", "Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl."],
  ])("an address that is %s is refused in Dutch", (_case, input, message) => {
    expect(messages(emailSchema.safeParse(input))).toEqual({ "": [message] });
  });
});

test("the log-in form needs an e-mail address and a password", () => {
  expect(messages(loginSchema.safeParse({ email: "", password: "" }))).toEqual({
    email: ["Vul uw e-mailadres in."],
    password: ["Vul uw wachtwoord in."],
  });
  expect(loginSchema.parse({ email: "A@B.nl", password: "x", redirectTo: "/aanbestedingen" })).toEqual({
    email: "a@b.nl",
    password: "x",
    redirectTo: "/aanbestedingen",
  });
});

describe("new passwords", () => {
  test.each([
    [11, false],
    [12, true],
    [200, true],
    [201, false],
  ])("a password of %i characters is accepted: %s", (length, accepted) => {
    expect(newPasswordSchema.safeParse("a".repeat(length)).success).toBe(accepted);
  });

  test("too short and too long are explained in Dutch", () => {
    expect(messages(newPasswordSchema.safeParse("kort"))).toEqual({ "": ["Het wachtwoord moet minstens 12 tekens lang zijn."] });
    expect(messages(newPasswordSchema.safeParse("a".repeat(201)))).toEqual({ "": ["Het wachtwoord is te lang (maximaal 200 tekens)."] });
  });

  test("no composition rules: a long passphrase of lower-case words is fine", () => {
    expect(newPasswordSchema.safeParse("paard batterij nietje correct").success).toBe(true);
  });
});

describe("role assignments", () => {
  test("an empty pick list value means no link", () => {
    expect(roleAssignmentSchema.parse({ roles: ["assessor"], organisationId: "", municipalityId: undefined })).toEqual({
      roles: ["assessor"],
      organisationId: null,
      municipalityId: null,
    });
  });

  test("a link must be an id from the list", () => {
    expect(messages(roleAssignmentSchema.safeParse({ roles: ["supplier"], organisationId: "De Brug" }))).toEqual({
      organisationId: ["Maak een keuze uit de lijst."],
    });
  });

  test.each([
    [{ roles: [] }, { roles: ["Kies minstens één rol."] }],
    [{ roles: ["supplier"] }, { organisationId: ["Kies de organisatie van deze aanbieder."] }],
    [{ roles: ["municipalityViewer"] }, { municipalityId: ["Kies de gemeente van deze gebruiker."] }],
    [{ roles: ["supplier", "projectgroup"], organisationId: ORGANISATION }, { roles: ["Een aanbieder kan geen andere rollen hebben."] }],
    [{ roles: ["chef"] }, { "roles.0": expect.any(Array) }],
  ])("%j is refused with %j", (input, expected) => {
    expect(messages(roleAssignmentSchema.safeParse(input))).toEqual(expected);
  });

  test.each([
    { roles: ["admin"] },
    { roles: ["projectgroup", "contractManager", "assessor"] },
    { roles: ["supplier"], organisationId: ORGANISATION },
    { roles: ["municipalityViewer", "contractManager"], municipalityId: MUNICIPALITY },
  ])("%j is accepted", (input) => {
    expect(roleAssignmentSchema.safeParse(input).success).toBe(true);
  });
});

test("what the form parsed, the domain accepts when it parses again", () => {
  // the route parses the form, then the domain command parses its input once more
  const fromForm = newUserSchema.parse({
    name: " Carla ",
    email: "Carla@Hoorn.nl",
    password: "lang-genoeg-wachtwoord",
    roles: ["contractManager"],
    organisationId: "",
    municipalityId: "",
  });
  expect(fromForm).toEqual({
    name: "Carla",
    email: "carla@hoorn.nl",
    password: "lang-genoeg-wachtwoord",
    roles: ["contractManager"],
    organisationId: null,
    municipalityId: null,
  });
  expect(newUserSchema.parse(fromForm)).toEqual(fromForm);
  const assignment = roleAssignmentSchema.parse({ roles: ["supplier"], organisationId: ORGANISATION, municipalityId: "" });
  expect(roleAssignmentSchema.parse(assignment)).toEqual(assignment);
});
