import { attachmentPurposeFromForm, attachmentPurposeValue, centsForInput, offerFieldsFromForm, parseEuroCents } from "./offer-forms";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

test.each([
  { input: "3.500", cents: 350_000 },
  { input: "3500,5", cents: 350_050 },
  { input: "€ 3.500,00", cents: 350_000 },
  { input: "0,01", cents: 1 },
  { input: "0", cents: 0 },
  { input: "  ", cents: null },
  { input: "10.000.000,00", cents: 1_000_000_000 },
])("parseEuroCents($input) = $cents", ({ input, cents }) => {
  expect(parseEuroCents(input)).toEqual({ ok: true, cents });
});

test.each(["3,505", "3.50", "-5", "drie", "10.000.000,01", "1e6"])("parseEuroCents refuses %s with a Dutch message", (input) => {
  const parsed = parseEuroCents(input);
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.message).toMatch(/^Vul een bedrag in/);
});

test("an amount shown in the form parses back to the same cents", () => {
  for (const cents of [0, 1, 99, 100, 350_050, 1_000_000_000]) {
    const shown = centsForInput(cents);
    expect(parseEuroCents(shown)).toEqual({ ok: true, cents });
  }
  expect(centsForInput(null)).toBe("");
});

test("the offer form becomes draft fields: prices in cents, ja/nee, texts with line breaks as LF", () => {
  const form = new FormData();
  form.append("price-" + id(1), "1.250,50");
  form.append("price-" + id(2), "");
  form.append("answer-" + id(3), "Regel een\r\nRegel twee\r\n\r\n");
  form.append("met-" + id(4), "ja");
  form.append("explanation-" + id(4), "");
  form.append("met-" + id(5), "nee");
  form.append("explanation-" + id(5), "  Nog niet gecertificeerd.  ");
  form.append("explanation-" + id(6), "");
  form.append("espdDeclared", "on");
  form.append("signedByName", " Zoë de Vries ");
  form.append("signedByRole", "Directeur");
  form.append("price-not-a-uuid", "5");

  const parsed = offerFieldsFromForm(form);

  expect(parsed).toEqual({
    ok: true,
    fields: {
      prices: [
        { priceComponentId: id(1), unitPriceCents: 125_050 },
        { priceComponentId: id(2), unitPriceCents: null },
      ],
      answers: [{ criterionId: id(3), text: "Regel een\nRegel twee" }],
      requirements: [
        { requirementId: id(4), met: true, explanation: "" },
        { requirementId: id(5), met: false, explanation: "Nog niet gecertificeerd." },
        { requirementId: id(6), met: null, explanation: "" },
      ],
      espdDeclared: true,
      signedByName: "Zoë de Vries",
      signedByRole: "Directeur",
    },
  });
});

test("bad values are errors on their own fields", () => {
  const form = new FormData();
  form.append("price-" + id(1), "twaalf");
  form.append("answer-" + id(2), "x".repeat(12_001));
  form.append("explanation-" + id(3), "y".repeat(2_001));
  form.append("signedByName", "z".repeat(201));
  const parsed = offerFieldsFromForm(form);
  if (parsed.ok) throw new Error("expected errors");
  expect(Object.keys(parsed.errors).sort()).toEqual([`answer-${id(2)}`, `explanation-${id(3)}`, `price-${id(1)}`, "signedByName"].sort());
  expect(parsed.errors[`answer-${id(2)}`]).toEqual(["Uw antwoord is te lang: 12.001 tekens, maximaal 12.000."]);
});

test("the purpose of an upload round-trips through its select value; anything else is refused", () => {
  for (const purpose of [{ kind: "uea" as const }, { kind: "criterion" as const, criterionId: id(7) }, { kind: "requirement" as const, requirementId: id(8) }]) {
    expect(attachmentPurposeFromForm(attachmentPurposeValue(purpose))).toEqual(purpose);
  }
  expect(attachmentPurposeFromForm("criterion:nope")).toBeNull();
  expect(attachmentPurposeFromForm("")).toBeNull();
  expect(attachmentPurposeFromForm(null)).toBeNull();
});
