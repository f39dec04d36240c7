import { createHash } from "node:crypto";
import { canonicalJson, offerReceiptHash, type OfferReceiptInput } from "./offer-receipt.server";

const offer = (): OfferReceiptInput => ({
  tenderId: "tender-2026-001",
  tenderVersion: 2,
  lotId: "lot-1",
  organisationId: "org-7",
  version: 1,
  submittedAt: "2026-12-15T10:59:12.345Z",
  prices: [{ priceComponentId: "pc-1", unitPriceCents: 350_000, quantity: 40, totalCents: 14_000_000 }],
  answers: [{ criterionId: "crit-1", text: "Wij bieden een leerroute met één vaste coach per deelnemer." }],
  requirementConfirmations: [{ requirementId: "req-1", met: true, evidenceFileSha256: null }],
  // the SHA-256 of the four bytes "test"
  attachments: [{ fileName: "plan-van-aanpak.pdf", sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", sizeBytes: 204_800 }],
  espdDeclared: true,
  signedByName: "Zoë de Vries",
  signedByRole: "Directeur",
});

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

describe("offerReceiptHash", () => {
  test("a known vector: the example offer hashes to a pinned value", () => {
    // Computed once outside this code: the canonical JSON below was written out by hand (keys
    // sorted, no whitespace, UTF-8) and hashed with `printf '%s' "$json" | sha256sum`.
    const json =
      '{"answers":[{"criterionId":"crit-1","text":"Wij bieden een leerroute met één vaste coach per deelnemer."}],' +
      '"attachments":[{"fileName":"plan-van-aanpak.pdf","sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","sizeBytes":204800}],' +
      '"espdDeclared":true,"lotId":"lot-1","organisationId":"org-7",' +
      '"prices":[{"priceComponentId":"pc-1","quantity":40,"totalCents":14000000,"unitPriceCents":350000}],' +
      '"requirementConfirmations":[{"evidenceFileSha256":null,"met":true,"requirementId":"req-1"}],' +
      '"signedByName":"Zoë de Vries","signedByRole":"Directeur","submittedAt":"2026-12-15T10:59:12.345Z",' +
      '"tenderId":"tender-2026-001","tenderVersion":2,"version":1}';
    expect(canonicalJson(offer())).toBe(json);
    expect(offerReceiptHash(offer())).toBe("31e6fd853a2058ab13efbb58df4f24aeacea70a517840389957c0dcda8712e07");
  });

  test("is 64 lowercase hex characters", () => {
    expect(offerReceiptHash(offer())).toMatch(/^[0-9a-f]{64}$/);
  });

  test("the order of the keys does not change the hash", () => {
    const original = offer();
    const reversed = Object.fromEntries(Object.entries(original).reverse()) as unknown as OfferReceiptInput;
    reversed.prices = original.prices.map((line) => Object.fromEntries(Object.entries(line).reverse()) as unknown as OfferReceiptInput["prices"][number]);
    expect(Object.keys(reversed)[0]).toBe("signedByRole");
    expect(offerReceiptHash(reversed)).toBe(offerReceiptHash(original));
  });

  test("extra properties of a database row do not enter the hash", () => {
    const row = { ...offer(), id: "offer-123", createdAt: new Date(), attachments: [{ ...offer().attachments[0]!, storageKey: "s3://x" }] };
    expect(offerReceiptHash(row)).toBe(offerReceiptHash(offer()));
  });

  const changes: { case: string; change: (o: OfferReceiptInput) => void }[] = [
    { case: "tenderId", change: (o) => void (o.tenderId = "tender-2026-002") },
    { case: "tenderVersion", change: (o) => void (o.tenderVersion = 3) },
    { case: "lotId", change: (o) => void (o.lotId = "lot-2") },
    { case: "organisationId", change: (o) => void (o.organisationId = "org-8") },
    { case: "version", change: (o) => void (o.version = 2) },
    { case: "submittedAt, by one millisecond", change: (o) => void (o.submittedAt = "2026-12-15T10:59:12.346Z") },
    { case: "a unit price, by one cent", change: (o) => void (o.prices[0]!.unitPriceCents = 350_001) },
    { case: "a quantity", change: (o) => void (o.prices[0]!.quantity = 41) },
    { case: "a total, by one cent", change: (o) => void (o.prices[0]!.totalCents = 13_999_999) },
    { case: "a price component id", change: (o) => void (o.prices[0]!.priceComponentId = "pc-2") },
    { case: "an added price line", change: (o) => void o.prices.push({ priceComponentId: "pc-2", unitPriceCents: 0, quantity: 1, totalCents: 0 }) },
    { case: "an answer's text, by one character", change: (o) => void (o.answers[0]!.text = o.answers[0]!.text.replace(".", "!")) },
    { case: "an answer's criterion", change: (o) => void (o.answers[0]!.criterionId = "crit-2") },
    { case: "a requirement confirmation", change: (o) => void (o.requirementConfirmations[0]!.met = false) },
    { case: "a requirement's evidence file", change: (o) => void (o.requirementConfirmations[0]!.evidenceFileSha256 = "0".repeat(64)) },
    { case: "an attachment's hash (its content changed)", change: (o) => void (o.attachments[0]!.sha256 = "a".repeat(64)) },
    { case: "an attachment's file name", change: (o) => void (o.attachments[0]!.fileName = "plan-van-aanpak-v2.pdf") },
    { case: "an attachment's size", change: (o) => void (o.attachments[0]!.sizeBytes = 204_801) },
    { case: "a removed attachment", change: (o) => void o.attachments.pop() },
    { case: "the ESPD declaration", change: (o) => void (o.espdDeclared = false) },
    { case: "the signatory's name", change: (o) => void (o.signedByName = "Zoe de Vries") },
    { case: "the signatory's role", change: (o) => void (o.signedByRole = "Bestuurder") },
  ];
  test.each(changes)("a changed $case changes the hash", ({ change }) => {
    const changed = offer();
    change(changed);
    expect(offerReceiptHash(changed)).not.toBe(offerReceiptHash(offer()));
  });

  test("the order of the price lines is part of the offer", () => {
    const two = offer();
    two.prices.push({ priceComponentId: "pc-2", unitPriceCents: 100, quantity: 1, totalCents: 100 });
    const swapped = offer();
    swapped.prices = [...two.prices].reverse();
    expect(offerReceiptHash(swapped)).not.toBe(offerReceiptHash(two));
  });

  test.each([
    { case: "a unit price with a fraction of a cent", change: (o: OfferReceiptInput) => void (o.prices[0]!.unitPriceCents = 3500.5) },
    { case: "a total computed in floating point euros", change: (o: OfferReceiptInput) => void (o.prices[0]!.totalCents = (0.1 + 0.2) * 100) },
    { case: "a NaN quantity", change: (o: OfferReceiptInput) => void (o.prices[0]!.quantity = Number.NaN) },
  ])("refuses $case", ({ change }) => {
    const bad = offer();
    change(bad);
    expect(() => offerReceiptHash(bad)).toThrow(RangeError);
  });

  test("unicode text hashes over its UTF-8 bytes, the same every time", () => {
    const withUnicode = offer();
    withUnicode.answers[0]!.text = "Café, reünie en coaching 🎓";
    const json = canonicalJson({ text: withUnicode.answers[0]!.text });
    expect(json).toBe('{"text":"Café, reünie en coaching 🎓"}');
    expect(offerReceiptHash(withUnicode)).toBe(offerReceiptHash(structuredClone(withUnicode)));
    // the hash is over UTF-8: "é" is two bytes (c3 a9), not one Latin-1 byte
    expect(createHash("sha256").update(canonicalJson("é"), "utf8").digest("hex")).toBe("f2886017e9c7abacf804b54d64787dce2b611c9544ba21f3affdd126a6e50086");
  });

  test("no Unicode normalisation (RFC 8785): a decomposed é is different text and gives a different hash", () => {
    const composed = offer();
    composed.signedByName = "Zoë de Vries".normalize("NFC");
    const decomposed = offer();
    decomposed.signedByName = "Zoë de Vries".normalize("NFD");
    expect(offerReceiptHash(decomposed)).not.toBe(offerReceiptHash(composed));
  });
});
