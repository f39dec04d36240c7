// The receipt of a submitted offer (domain.md §5): "a SHA-256 over the offer in a canonical form
// (its fields as canonical JSON, including each attachment's own SHA-256)". The supplier keeps
// the hash; anyone can later recompute it from the stored offer and show that nothing changed
// after submission. That only works if the same offer always gives the same bytes, hence the
// canonical form of RFC 8785 (JSON Canonicalization Scheme, JCS), restricted to the types an
// offer uses. What is hashed is the whole stored version content (offer-content.ts
// `OfferVersionContent`, also stored in `offer_versions.content`): see `offerVersionHash`.
import { createHash } from "node:crypto";
import { offerVersionContentSchema, type OfferVersionContent } from "./offer-content";

// Lone surrogates cannot be encoded as UTF-8; RFC 8785 §3.2.2 requires I-JSON (RFC 7493), which
// forbids them. With the u flag a paired surrogate is one astral code point and does not match.
const LONE_SURROGATE = /\p{Cs}/u;

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function canonicalString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new RangeError(`Tekst met een ongeldig Unicode-teken (losse surrogate) in ${path}.`);
  }
  // RFC 8785 §3.2.2.2: escaping exactly as ECMAScript JSON.stringify does (\" \\ \b \f \n \r \t,
  // other control characters as \u00xx, everything else literally). No Unicode normalisation:
  // the receipt covers the text as submitted.
  return JSON.stringify(value);
}

function canonicalNumber(value: number, path: string): string {
  // Money is integer cents (domain.md §4) and quantities are whole units: a fraction, NaN or
  // Infinity in an offer is a bug, not something to round silently into a receipt. Integers
  // beyond 2^53 are refused too, since they have already lost precision.
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`Alleen gehele getallen mogen in een inschrijving staan (bedragen in centen); ${path} is ${value}.`);
  }
  // RFC 8785 §3.2.2.3 uses the ECMAScript number serialisation; for safe integers that is the
  // plain decimal form, and -0 becomes "0".
  return String(value === 0 ? 0 : value);
}

function serialise(value: unknown, path: string, ancestors: Set<object>): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return canonicalNumber(value, path);
    case "string":
      return canonicalString(value, path);
    case "object":
      break;
    default:
      // undefined (outside an object property), bigint, symbol, function: not JSON
      throw new TypeError(`Waarde van type ${typeof value} kan niet in canonieke JSON (${path}).`);
  }
  if (ancestors.has(value)) throw new TypeError(`Kringverwijzing in ${path}.`);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      // Arrays keep their order (RFC 8785 §3.2.3 sorts object keys only); an undefined element
      // would become null in JSON.stringify, which would hide a bug, so it is refused.
      return `[${value.map((element, index) => serialise(element, `${path}[${index}]`, ancestors)).join(",")}]`;
    }
    if (!isPlainObject(value)) {
      // A Date, Map or class instance has no single JSON form (toJSON would decide); callers pass
      // ISO strings instead.
      throw new TypeError(`Alleen gewone objecten kunnen in canonieke JSON (${path}).`);
    }
    // RFC 8785 §3.2.3: keys sorted by their UTF-16 code units, which is exactly what the default
    // Array.prototype.sort compares (not code points: "\u{1F600}" sorts before "\uFB33").
    const members = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${canonicalString(key, path)}:${serialise(value[key], `${path}.${key}`, ancestors)}`);
    return `{${members.join(",")}}`;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * RFC 8785 (JCS) canonical JSON for plain objects, arrays, strings, safe integers, booleans and
 * null: keys sorted by UTF-16 code units, no whitespace, undefined properties omitted. Throws a
 * RangeError for non-integer numbers and a TypeError for anything that is not JSON.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, "$", new Set());
}

/**
 * The receipt hash of a submitted offer version, as stored in `offer_versions.content_hash` and
 * printed on the receipt: hex SHA-256 over the UTF-8 bytes of the RFC 8785 canonical JSON of the
 * whole version content (offer-content.ts `OfferVersionContent`): tender, lot, organisation,
 * every price line with its total, every answer, every requirement confirmation with its
 * explanation, the UEA declaration, the signatory, the submission instant, and every attachment
 * with its own SHA-256, so the receipt also covers the attachments' bytes.
 *
 * The content is read through its zod schema first, which keeps exactly the documented fields:
 * TypeScript lets a caller pass a database row or object with extra properties (id, createdAt,
 * a storage key, …), and those must not silently enter the hash, or it could not be recomputed
 * from the documented content. Arrays are hashed in the order stored: prices, answers and
 * requirements in the tender's order, attachments in upload order (offer-rules.ts
 * `buildVersionContent`). A fraction, NaN or a missing UEA declaration is refused by the schema.
 */
export function offerVersionHash(content: OfferVersionContent): string {
  return createHash("sha256").update(offerVersionCanonicalJson(content), "utf8").digest("hex");
}

/** The exact text that `offerVersionHash` hashes (as UTF-8): what a supplier downloads to check a receipt. */
export function offerVersionCanonicalJson(content: OfferVersionContent): string {
  return canonicalJson(offerVersionContentSchema.parse(content));
}
