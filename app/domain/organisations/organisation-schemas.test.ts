import { z } from "zod";
import { organisationInputSchema } from "./organisation-schemas";

const valid = {
  kind: "languageSchool",
  name: "Taalschool De Brug",
  kvkNumber: "12345678",
  street: "Grote Noord 1",
  postalCode: "1621 AB",
  city: "Hoorn",
  contactName: "Fatima de Vries",
  contactEmail: "info@debrug.nl",
  contactPhone: "0229 123 456",
};

function messages(input: Record<string, unknown>): Record<string, string[]> {
  const result = organisationInputSchema.safeParse(input);
  const byField: Record<string, string[]> = {};
  for (const issue of (result.error as z.ZodError | undefined)?.issues ?? []) (byField[issue.path.join(".")] ??= []).push(issue.message);
  return byField;
}

test("a complete organisation is accepted", () => {
  expect(organisationInputSchema.parse(valid)).toEqual(valid);
});

test.each(["1234567", "123456789", "1234567a", "", "1234 5678"])("KvK number %j is refused: it has exactly 8 digits", (kvkNumber) => {
  expect(messages({ ...valid, kvkNumber })).toEqual({ kvkNumber: ["Het KvK-nummer bestaat uit precies 8 cijfers."] });
});

test("a KvK number with a leading zero keeps it", () => {
  expect(organisationInputSchema.parse({ ...valid, kvkNumber: " 01234567 " }).kvkNumber).toBe("01234567");
});

test.each([
  ["1621ab", "1621 AB"],
  ["1621 ab", "1621 AB"],
  [" 1621AB ", "1621 AB"],
  ["1621 AB", "1621 AB"],
])("postal code %j is stored as %j", (postalCode, stored) => {
  expect(organisationInputSchema.parse({ ...valid, postalCode }).postalCode).toBe(stored);
});

test.each(["0621 AB", "162 AB", "1621 A", "1621-AB", "AB 1621"])("postal code %j is refused", (postalCode) => {
  expect(messages({ ...valid, postalCode })).toEqual({ postalCode: ["Vul een Nederlandse postcode in, bijvoorbeeld 1621 AB."] });
});

test("the contact e-mail address is normalised and must be valid", () => {
  expect(organisationInputSchema.parse({ ...valid, contactEmail: " Info@DeBrug.NL " }).contactEmail).toBe("info@debrug.nl");
  expect(messages({ ...valid, contactEmail: "info@" })).toEqual({
    contactEmail: ["Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl."],
  });
});

test("a phone number is optional; an empty one is stored as none", () => {
  expect(organisationInputSchema.parse({ ...valid, contactPhone: "" }).contactPhone).toBeNull();
  expect(organisationInputSchema.parse({ ...valid, contactPhone: undefined }).contactPhone).toBeNull();
  expect(organisationInputSchema.parse({ ...valid, contactPhone: "+31 (0)229-123456" }).contactPhone).toBe("+31 (0)229-123456");
  expect(messages({ ...valid, contactPhone: "bel me" })).toEqual({
    contactPhone: ["Vul een geldig telefoonnummer in (alleen cijfers, spaties, + en -)."],
  });
});

test("required fields are named in Dutch", () => {
  expect(messages({ ...valid, kind: "bakery", name: " ", street: "", city: "", contactName: "" })).toEqual({
    kind: ["Kies het soort organisatie."],
    name: ["Vul de naam in."],
    street: ["Vul straat en huisnummer in."],
    city: ["Vul de plaats in."],
    contactName: ["Vul de naam van de contactpersoon in."],
  });
  expect(messages({ ...valid, city: "x".repeat(101) })).toEqual({ city: ["De plaats is te lang (maximaal 100 tekens)."] });
});

test("what the form parsed, the domain accepts when it parses again", () => {
  const fromForm = organisationInputSchema.parse({ ...valid, postalCode: "1621ab", contactPhone: "" });
  expect(organisationInputSchema.parse(fromForm)).toEqual(fromForm);
});
