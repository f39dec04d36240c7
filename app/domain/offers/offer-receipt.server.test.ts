import { createHash } from "node:crypto";
import type { OfferVersionContent } from "./offer-content";
import { canonicalJson, offerVersionCanonicalJson, offerVersionHash } from "./offer-receipt.server";

const LOT = "5d1f6a3e-8c2b-4f7a-9e0d-3b4c5a6d7e8f";
const PRICE_COMPONENT = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
const CRITERION = "2c5e8f1a-7b3d-4e6c-9a0b-1d2e3f4a5b6c";
const REQUIREMENT = "e2d3c4b5-a697-4887-b6a5-d4c3b2a1f0e9";
const PLAN_FILE = "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
const UEA_FILE = "7a9b8c7d-6e5f-4a3b-9c1d-2e3f4a5b6c7d";

/** A submitted version as offer-rules.ts `buildVersionContent` makes it (offer-content.ts). */
const offer = (): OfferVersionContent => ({
  tenderReference: "LR-2026-001",
  tenderVersion: 2,
  lotId: LOT,
  lotNumber: 1,
  lotTitle: "Leerroute B1 Noord",
  organisation: { name: "Taalhuis Zoë B.V.", kvkNumber: "12345678" },
  version: 1,
  prices: [{ priceComponentId: PRICE_COMPONENT, name: "Leerroute per deelnemer", unit: "deelnemer", unitPriceCents: 350_000, quantity: 40, totalCents: 14_000_000 }],
  totalPriceCents: 14_000_000,
  answers: [{ criterionId: CRITERION, criterionName: "Plan van aanpak", text: "Wij bieden een leerroute met één vaste coach per deelnemer." }],
  requirements: [{ requirementId: REQUIREMENT, title: "Erkend keurmerk", kind: "mandatory", met: true, explanation: "Blik op Werk-keurmerk sinds 2019." }],
  attachments: [
    // the SHA-256 of the four bytes "test"
    { fileId: PLAN_FILE, fileName: "plan-van-aanpak.pdf", sizeBytes: 204_800, sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", purpose: { kind: "criterion", criterionId: CRITERION } },
    // the SHA-256 of the three bytes "foo"
    { fileId: UEA_FILE, fileName: "uea.pdf", sizeBytes: 51_200, sha256: "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", purpose: { kind: "uea" } },
  ],
  espdDeclared: true,
  signedByName: "Zoë de Vries",
  signedByRole: "Directeur",
  submittedAt: "2026-12-15T10:59:12.345Z",
});

/** The example's canonical JSON, written out by hand: keys sorted by UTF-16 code units, no whitespace. */
const OFFER_JSON =
  '{"answers":[{"criterionId":"2c5e8f1a-7b3d-4e6c-9a0b-1d2e3f4a5b6c","criterionName":"Plan van aanpak","text":"Wij bieden een leerroute met één vaste coach per deelnemer."}],' +
  '"attachments":[{"fileId":"6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9","fileName":"plan-van-aanpak.pdf","purpose":{"criterionId":"2c5e8f1a-7b3d-4e6c-9a0b-1d2e3f4a5b6c","kind":"criterion"},' +
  '"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","sizeBytes":204800},' +
  '{"fileId":"7a9b8c7d-6e5f-4a3b-9c1d-2e3f4a5b6c7d","fileName":"uea.pdf","purpose":{"kind":"uea"},"sha256":"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae","sizeBytes":51200}],"espdDeclared":true,' +
  '"lotId":"5d1f6a3e-8c2b-4f7a-9e0d-3b4c5a6d7e8f","lotNumber":1,"lotTitle":"Leerroute B1 Noord","organisation":{"kvkNumber":"12345678","name":"Taalhuis Zoë B.V."},' +
  '"prices":[{"name":"Leerroute per deelnemer","priceComponentId":"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d","quantity":40,"totalCents":14000000,"unit":"deelnemer","unitPriceCents":350000}],' +
  '"requirements":[{"explanation":"Blik op Werk-keurmerk sinds 2019.","kind":"mandatory","met":true,"requirementId":"e2d3c4b5-a697-4887-b6a5-d4c3b2a1f0e9","title":"Erkend keurmerk"}],' +
  '"signedByName":"Zoë de Vries","signedByRole":"Directeur","submittedAt":"2026-12-15T10:59:12.345Z",' +
  '"tenderReference":"LR-2026-001","tenderVersion":2,"totalPriceCents":14000000,"version":1}';

/** Reverses the key order of every object in a JSON value (arrays keep their order). */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reverseKeys(inner)]));
  return value;
}

describe("canonicalJson (RFC 8785 / JCS, for the types an offer uses)", () => {
  test.each([
    { case: "null", value: null, json: "null" },
    { case: "booleans", value: [true, false], json: "[true,false]" },
    { case: "integers, negative and zero; -0 is 0", value: [0, -0, 7, -42, 14_000_000, Number.MAX_SAFE_INTEGER], json: "[0,0,7,-42,14000000,9007199254740991]" },
    { case: "keys sorted, no whitespace", value: { b: 1, a: { d: [], c: {} } }, json: '{"a":{"c":{},"d":[]},"b":1}' },
    { case: "arrays keep their order", value: [3, 1, 2], json: "[3,1,2]" },
    { case: "undefined properties are omitted", value: { a: 1, b: undefined }, json: '{"a":1}' },
    { case: "strings escaped as JSON.stringify does", value: 'a"b\\c\n\t\u0001/', json: '"a\\"b\\\\c\\n\\t\\u0001/"' },
    { case: "non-ASCII stays literal", value: "é ë € 😀", json: '"é ë € 😀"' },
    { case: "an object with a null prototype", value: Object.assign(Object.create(null) as object, { z: 1, y: 2 }), json: '{"y":2,"z":1}' },
    {
      // RFC 8785 §3.2.3's own sorting example: UTF-16 code units, so the emoji (D83D DE00) sorts
      // before U+FB33 although its code point is higher
      case: "keys sorted by UTF-16 code units (the RFC 8785 example)",
      value: { "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis" },
      json: '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    },
  ])("$case", ({ value, json }) => {
    expect(canonicalJson(value)).toBe(json);
  });

  test.each([
    { case: "a fraction of a cent", value: { totalCents: 100.5 } },
    { case: "NaN", value: { totalCents: Number.NaN } },
    { case: "Infinity", value: [Number.POSITIVE_INFINITY] },
    { case: "an integer beyond 2^53, which has already lost precision", value: 2 ** 53 },
  ])("refuses $case with a RangeError", ({ value }) => {
    expect(() => canonicalJson(value)).toThrow(RangeError);
  });

  test("names the offending field in the Dutch message", () => {
    expect(() => canonicalJson({ prices: [{ totalCents: 0.1 + 0.2 }] })).toThrow("$.prices[0].totalCents");
  });

  test.each([
    { case: "a Date (submittedAt must be an ISO string)", value: { submittedAt: new Date(0) } },
    { case: "a bigint", value: 1n },
    { case: "undefined at the top", value: undefined },
    { case: "undefined in an array", value: [undefined] },
    { case: "a function", value: { f: () => 1 } },
    { case: "a Map", value: new Map() },
  ])("refuses $case with a TypeError", ({ value }) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  test("refuses a lone surrogate, which has no UTF-8 form (I-JSON)", () => {
    expect(() => canonicalJson("\ud83d")).toThrow(RangeError);
    expect(() => canonicalJson({ ["\udc00"]: 1 })).toThrow(RangeError);
  });

  test("refuses a cycle instead of overflowing the stack, but allows a shared object", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
    const shared = { a: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"a":1},{"a":1}]');
  });
});

describe("offerVersionHash (the receipt hash stored in offer_versions.content_hash)", () => {
  test("a known vector: the example version hashes to a pinned value", () => {
    // Computed once outside this code: OFFER_JSON was written out by hand (keys sorted, no
    // whitespace, UTF-8) and hashed with `printf '%s' "$json" | sha256sum`.
    expect(offerVersionCanonicalJson(offer())).toBe(OFFER_JSON);
    expect(offerVersionHash(offer())).toBe("22d11e70992bfc702070bf4671527645614b5ee49931d3142dc28af397807a8b");
  });

  test("the downloadable canonical JSON is exactly what is hashed, as UTF-8", () => {
    const variants = [offer(), { ...offer(), answers: [{ criterionId: CRITERION, criterionName: "Plan van aanpak", text: "Café, reünie en coaching 🎓" }] }];
    for (const content of variants) {
      expect(createHash("sha256").update(Buffer.from(offerVersionCanonicalJson(content), "utf8")).digest("hex")).toBe(offerVersionHash(content));
    }
  });

  test("is 64 lowercase hex characters", () => {
    expect(offerVersionHash(offer())).toMatch(/^[0-9a-f]{64}$/);
  });

  test("the order of the keys does not change the hash", () => {
    const reversed = reverseKeys(offer()) as OfferVersionContent;
    expect(Object.keys(reversed)[0]).toBe("submittedAt");
    expect(Object.keys(reversed.prices[0]!)[0]).toBe("totalCents");
    expect(offerVersionHash(reversed)).toBe(offerVersionHash(offer()));
    expect(offerVersionCanonicalJson(reversed)).toBe(OFFER_JSON);
  });

  test("extra properties of a database row do not enter the hash (the schema drops them)", () => {
    const base = offer();
    const row = {
      ...base,
      id: "offer-123",
      createdAt: new Date(),
      contentHash: "0".repeat(64),
      organisation: { ...base.organisation, id: "org-7" },
      prices: base.prices.map((line) => ({ ...line, note: "intern" })),
      attachments: base.attachments.map((attachment) => ({ ...attachment, storageKey: "s3://x", purpose: { ...attachment.purpose, label: "bijlage" } })),
    } as OfferVersionContent;
    expect(offerVersionCanonicalJson(row)).toBe(OFFER_JSON);
    expect(offerVersionHash(row)).toBe(offerVersionHash(offer()));
  });

  const OTHER_UUID = "9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4";
  const changes: { case: string; change: (o: OfferVersionContent) => void }[] = [
    { case: "tender reference", change: (o) => void (o.tenderReference = "LR-2026-002") },
    { case: "tender version", change: (o) => void (o.tenderVersion = 3) },
    { case: "lot id", change: (o) => void (o.lotId = OTHER_UUID) },
    { case: "lot number", change: (o) => void (o.lotNumber = 2) },
    { case: "lot title", change: (o) => void (o.lotTitle = "Leerroute B1 Zuid") },
    { case: "organisation name", change: (o) => void (o.organisation.name = "Taalhuis Zoe B.V.") },
    { case: "organisation KvK number", change: (o) => void (o.organisation.kvkNumber = "12345679") },
    { case: "version", change: (o) => void (o.version = 2) },
    { case: "submittedAt, by one millisecond", change: (o) => void (o.submittedAt = "2026-12-15T10:59:12.346Z") },
    { case: "unit price, by one cent", change: (o) => void (o.prices[0]!.unitPriceCents = 350_001) },
    { case: "quantity", change: (o) => void (o.prices[0]!.quantity = 41) },
    { case: "line total, by one cent", change: (o) => void (o.prices[0]!.totalCents = 13_999_999) },
    { case: "total price, by one cent", change: (o) => void (o.totalPriceCents = 14_000_001) },
    { case: "price component", change: (o) => void (o.prices[0]!.priceComponentId = OTHER_UUID) },
    { case: "price line name", change: (o) => void (o.prices[0]!.name = "Leerroute per cursist") },
    { case: "price line unit", change: (o) => void (o.prices[0]!.unit = "uur") },
    { case: "added price line", change: (o) => void o.prices.push({ priceComponentId: OTHER_UUID, name: "Intake", unit: "deelnemer", unitPriceCents: 0, quantity: 1, totalCents: 0 }) },
    { case: "answer text, by one character", change: (o) => void (o.answers[0]!.text = o.answers[0]!.text.replace(".", "!")) },
    { case: "answer criterion", change: (o) => void (o.answers[0]!.criterionId = OTHER_UUID) },
    { case: "requirement met", change: (o) => void (o.requirements[0]!.met = false) },
    { case: "requirement explanation", change: (o) => void (o.requirements[0]!.explanation = "Blik op Werk-keurmerk sinds 2020.") },
    { case: "requirement kind", change: (o) => void (o.requirements[0]!.kind = "scored") },
    { case: "attachment sha256 (its content changed)", change: (o) => void (o.attachments[0]!.sha256 = "a".repeat(64)) },
    { case: "attachment name", change: (o) => void (o.attachments[0]!.fileName = "plan-van-aanpak-v2.pdf") },
    { case: "attachment size", change: (o) => void (o.attachments[0]!.sizeBytes = 204_801) },
    { case: "attachment file id", change: (o) => void (o.attachments[0]!.fileId = OTHER_UUID) },
    { case: "attachment purpose (criterion to requirement)", change: (o) => void (o.attachments[0]!.purpose = { kind: "requirement", requirementId: REQUIREMENT }) },
    { case: "attachment purpose (another criterion)", change: (o) => void (o.attachments[0]!.purpose = { kind: "criterion", criterionId: OTHER_UUID }) },
    { case: "UEA document (its content changed)", change: (o) => void (o.attachments[1]!.sha256 = "b".repeat(64)) },
    { case: "removed UEA document", change: (o) => void o.attachments.pop() },
    { case: "signatory name", change: (o) => void (o.signedByName = "Zoe de Vries") },
    { case: "signatory role", change: (o) => void (o.signedByRole = "Bestuurder") },
  ];
  test.each(changes)("a changed $case changes the hash", ({ change }) => {
    const changed = offer();
    change(changed);
    expect(offerVersionHash(changed)).not.toBe(offerVersionHash(offer()));
  });

  test("the order of the price lines is part of the offer", () => {
    const two = offer();
    two.prices.push({ priceComponentId: OTHER_UUID, name: "Intake", unit: "deelnemer", unitPriceCents: 100, quantity: 1, totalCents: 100 });
    const swapped = offer();
    swapped.prices = [...two.prices].reverse();
    expect(offerVersionHash(swapped)).not.toBe(offerVersionHash(two));
  });

  test.each([
    { case: "a unit price with a fraction of a cent", change: (o: OfferVersionContent) => void (o.prices[0]!.unitPriceCents = 3500.5) },
    { case: "a total computed in floating point euros", change: (o: OfferVersionContent) => void (o.prices[0]!.totalCents = (0.1 + 0.2) * 100) },
    { case: "a NaN quantity", change: (o: OfferVersionContent) => void (o.prices[0]!.quantity = Number.NaN) },
    { case: "an Infinity total price", change: (o: OfferVersionContent) => void (o.totalPriceCents = Number.POSITIVE_INFINITY) },
    { case: "a version without the UEA declaration", change: (o: OfferVersionContent) => void ((o as { espdDeclared: boolean }).espdDeclared = false) },
    { case: "an id that is not a UUID", change: (o: OfferVersionContent) => void (o.lotId = "lot-1") },
  ])("refuses $case instead of hashing it", ({ change }) => {
    const bad = offer();
    change(bad);
    expect(() => offerVersionHash(bad)).toThrow();
    expect(() => offerVersionCanonicalJson(bad)).toThrow();
  });

  test("text is hashed over its UTF-8 bytes, the same every time", () => {
    const withUnicode = offer();
    withUnicode.answers[0]!.text = "Café, reünie en coaching 🎓";
    expect(offerVersionCanonicalJson(withUnicode)).toContain('"text":"Café, reünie en coaching 🎓"');
    expect(offerVersionHash(withUnicode)).toBe(offerVersionHash(structuredClone(withUnicode)));
    // the hash is over UTF-8: "é" is two bytes (c3 a9), not one Latin-1 byte; the pinned vector
    // above (with "é" and "ë") was computed by sha256sum over UTF-8 bytes as well
    expect(createHash("sha256").update(canonicalJson("é"), "utf8").digest("hex")).toBe("f2886017e9c7abacf804b54d64787dce2b611c9544ba21f3affdd126a6e50086");
  });

  test("no Unicode normalisation (RFC 8785): a decomposed ë is different text and gives a different hash", () => {
    const composed = offer();
    composed.signedByName = "Zoë de Vries".normalize("NFC");
    const decomposed = offer();
    decomposed.signedByName = "Zoë de Vries".normalize("NFD");
    expect(decomposed.signedByName).not.toBe(composed.signedByName);
    expect(offerVersionCanonicalJson(decomposed)).toContain(`"signedByName":"${"Zoë de Vries".normalize("NFD")}"`);
    expect(offerVersionHash(decomposed)).not.toBe(offerVersionHash(composed));
  });
});
