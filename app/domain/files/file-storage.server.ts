import { createHash } from "node:crypto";
import { and, asc, eq, gte, sql } from "drizzle-orm";
import { rowsOf } from "../../db/migrate.server";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { formatNumber } from "../../utils/format";
import { NotFoundError, RuleViolation } from "../errors";
import type { Actor } from "../identity/roles";
import { storedFileChunks, storedFiles } from "./files.sql";

/**
 * The one way the portal stores an upload (tender documents now; offer and progress-report
 * attachments later). Files live in PostgreSQL (`stored_files`), so every app instance sees them
 * and one database backup covers them.
 *
 * Authorisation is deliberately NOT decided here: a file has no owner of its own, it belongs to
 * whatever row points at it (a tender document, a sealed offer). The domain function of that
 * owner checks who may add or read it and then calls `storeFile` / `readStoredFile`. Never
 * expose `readStoredFile` to a route directly.
 */

export type FileKind = "pdf" | "docx" | "xlsx";

export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;
const MAX_FILE_NAME_LENGTH = 200;

// The MIME type we store and later send is derived from the detected content, never from the
// browser's Content-Type, which the uploader controls.
const mimeTypes: Record<FileKind, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

const kindOrder: readonly FileKind[] = ["pdf", "docx", "xlsx"];

// ---------------------------------------------------------------------------------------------
// Content detection

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const ZIP_LOCAL_HEADER = 0x04034b50; // "PK\x03\x04"
const ZIP_CENTRAL_HEADER = 0x02014b50;
const ZIP_END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const EOCD_SIZE = 22;
const CENTRAL_HEADER_SIZE = 46;
const LOCAL_HEADER_SIZE = 30;
const MAX_ZIP_COMMENT = 0xffff;
// A real .docx or .xlsx has tens to a few hundred parts; a cap keeps a hostile archive cheap.
const MAX_ZIP_ENTRIES = 10_000;

const nameDecoder = new TextDecoder("utf-8");

/**
 * The names in a ZIP archive's central directory, or null when the bytes are not a plain,
 * self-consistent single-disk ZIP. Reads only the directory (no decompression), and every offset
 * is checked against the buffer before it is used, so garbage cannot make it throw or loop.
 * ZIP64 archives are refused: Office writes them only for files far above our upload limit.
 */
function zipEntryNames(bytes: Uint8Array): string[] | null {
  if (bytes.length < LOCAL_HEADER_SIZE + EOCD_SIZE) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== ZIP_LOCAL_HEADER) return null;

  // The End Of Central Directory record sits at the very end, followed only by its comment
  // (at most 64 KiB), so it is searched for backwards within that window.
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - MAX_ZIP_COMMENT);
  let eocd = -1;
  for (let at = bytes.length - EOCD_SIZE; at >= lowest; at -= 1) {
    if (view.getUint32(at, true) !== ZIP_END_OF_CENTRAL_DIRECTORY) continue;
    // the comment length must account for exactly the remaining bytes, otherwise this
    // "signature" is just four bytes of compressed data or of the comment itself
    if (at + EOCD_SIZE + view.getUint16(at + 20, true) === bytes.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return null;

  const thisDisk = view.getUint16(eocd + 4, true);
  const directoryDisk = view.getUint16(eocd + 6, true);
  const entriesOnDisk = view.getUint16(eocd + 8, true);
  const entryCount = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (thisDisk !== 0 || directoryDisk !== 0 || entriesOnDisk !== entryCount) return null;
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) return null; // ZIP64
  if (entryCount === 0 || entryCount > MAX_ZIP_ENTRIES) return null;
  const directoryEnd = directoryOffset + directorySize;
  if (directoryEnd > eocd) return null;

  const names: string[] = [];
  let cursor = directoryOffset;
  for (let index = 0; index < entryCount; index += 1) {
    if (cursor + CENTRAL_HEADER_SIZE > directoryEnd) return null;
    if (view.getUint32(cursor, true) !== ZIP_CENTRAL_HEADER) return null;
    const nameLength = view.getUint16(cursor + 28, true);
    const extraLength = view.getUint16(cursor + 30, true);
    const commentLength = view.getUint16(cursor + 32, true);
    const localOffset = view.getUint32(cursor + 42, true);
    const next = cursor + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
    if (nameLength === 0 || next > directoryEnd) return null;
    // every entry must point at a local header before the directory
    if (localOffset + LOCAL_HEADER_SIZE > directoryOffset || view.getUint32(localOffset, true) !== ZIP_LOCAL_HEADER) return null;
    names.push(nameDecoder.decode(bytes.subarray(cursor + CENTRAL_HEADER_SIZE, cursor + CENTRAL_HEADER_SIZE + nameLength)));
    cursor = next;
  }
  if (cursor !== directoryEnd) return null;
  return names;
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, index) => bytes[index] === byte);
}

/**
 * What a file is, judged by its content and never by its name: a PDF starts with "%PDF-"; a
 * .docx or .xlsx is an Office Open XML package, a ZIP holding "[Content_Types].xml" and its main
 * part. Anything else, including a macro-enabled package (.docm/.xlsm renamed), is null.
 */
export function detectFileKind(bytes: Uint8Array): FileKind | null {
  if (startsWith(bytes, PDF_MAGIC)) return "pdf";
  const names = zipEntryNames(bytes);
  if (!names) return null;
  const present = new Set(names);
  // Two entries with one name are read differently by different tools (a known smuggling
  // trick), so such an archive is not accepted as an Office document.
  if (present.size !== names.length) return null;
  if (!present.has("[Content_Types].xml")) return null;
  // VBA macros make it a .docm/.xlsm, which the portal does not accept.
  if (present.has("word/vbaProject.bin") || present.has("xl/vbaProject.bin")) return null;
  const word = present.has("word/document.xml");
  const excel = present.has("xl/workbook.xml");
  if (word && !excel) return "docx";
  if (excel && !word) return "xlsx";
  return null;
}

export function mimeTypeOf(kind: FileKind): string {
  return mimeTypes[kind];
}

// ---------------------------------------------------------------------------------------------
// Messages

const kindLabels: Record<FileKind, { alone: string; joined: string }> = {
  pdf: { alone: "PDF-bestanden", joined: "PDF-" },
  docx: { alone: "Word-bestanden (.docx)", joined: "Word- (.docx)" },
  xlsx: { alone: "Excel-bestanden (.xlsx)", joined: "Excel- (.xlsx)" },
};

/** "Alleen PDF-, Word- (.docx) en Excel-bestanden (.xlsx) zijn toegestaan. …", for the kinds allowed. */
export function fileKindNotAllowedMessage(allowedKinds: readonly FileKind[]): string {
  const kinds = kindOrder.filter((kind) => allowedKinds.includes(kind));
  // Dutch joins compounds with a hyphen: "PDF- en Word-bestanden"; only the last is written out.
  const labels = kinds.map((kind, index) => (index === kinds.length - 1 ? kindLabels[kind].alone : kindLabels[kind].joined));
  const list = labels.length > 1 ? `${labels.slice(0, -1).join(", ")} en ${labels.at(-1)}` : (labels[0] ?? "");
  return `Alleen ${list} zijn toegestaan. Dit bestand is van een ander type.`;
}

function formatByteLimit(bytes: number): string {
  const mebibyte = 1024 * 1024;
  if (bytes >= mebibyte) return `${formatNumber(Math.round((bytes / mebibyte) * 10) / 10)} MB`;
  if (bytes >= 1024) return `${formatNumber(Math.round((bytes / 1024) * 10) / 10)} kB`;
  return `${formatNumber(bytes)} bytes`;
}

/** "Het bestand is groter dan 20 MB." Shared with the multipart reader, which stops earlier. */
export function fileTooLargeMessage(maxBytes: number): string {
  return `Het bestand is groter dan ${formatByteLimit(maxBytes)}.`;
}

// ---------------------------------------------------------------------------------------------
// File names

// Control characters and bidirectional overrides: the latter can make "rapport\u202Efdp.exe"
// display as "rapportexe.pdf" in a download list.
const UNSAFE_NAME_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A file name safe to store and to offer again for download: no folders, no control or
 * direction characters, no leading dots, at most 200 characters, and ending in the extension of
 * what the file really is (a Word file named "bestek.pdf" becomes "bestek.pdf.docx", so nobody
 * opens it with the wrong program).
 */
export function sanitiseFileName(fileName: string, kind: FileKind): string {
  const extension = `.${kind}`;
  const base = fileName.split(/[/\\]/).pop() ?? "";
  let name = base.normalize("NFC").replace(UNSAFE_NAME_CHARACTERS, "").trim().replace(/^\.+/, "").trim();
  if (!name.toLowerCase().endsWith(extension)) name = `${name}${extension}`;
  if (name === extension) name = `document${extension}`;
  // count code points, not UTF-16 units, so a cut never splits an emoji or accented letter
  const characters = Array.from(name);
  if (characters.length > MAX_FILE_NAME_LENGTH) {
    const stem = characters.slice(0, characters.length - extension.length);
    name = `${stem.slice(0, MAX_FILE_NAME_LENGTH - extension.length).join("").trimEnd()}${name.slice(-extension.length)}`;
  }
  return name;
}

// ---------------------------------------------------------------------------------------------
// Store and read

export interface StoreFileInput {
  fileName: string;
  bytes: Uint8Array;
  allowedKinds: readonly FileKind[];
  maxBytes?: number;
}

export interface StoredFileSummary {
  id: string;
  sha256: string;
  sizeBytes: number;
  mimeType: string;
  fileName: string;
}

export interface StoredFileContent extends StoredFileSummary {
  createdAt: Date;
  createdByUserId: string | null;
  bytes: Uint8Array;
}

/**
 * Size of one piece of a stored file (`stored_file_chunks`). Each piece is inserted as its own
 * bytea parameter, and the drivers encode a parameter in full before sending it (postgres.js
 * copies it and writes '\\x' plus hex, twice its size; PGlite serialises it likewise), so the
 * extra memory an upload costs while it is written is bounded by about 2–3 times this size,
 * whatever the size of the file: ~0,75 MB for 256 KiB instead of ~60 MB for a 20 MB file sent
 * whole. 256 KiB keeps the number of inserts small (80 for 20 MB, in one transaction).
 * Migration 0006 split the files stored before it with the same size (0006-extra.sql).
 */
export const FILE_CHUNK_BYTES = 256 * 1024;

/** How many chunks `readStoredFile` fetches per query: ~2 MB of content at a time. */
const READ_BATCH_CHUNKS = 8;

/**
 * `bytes` cut into pieces of at most `chunkSize`, in order. Each piece is a view on `bytes`
 * (subarray), never a copy. An empty file has no pieces.
 */
export function* fileChunks(bytes: Uint8Array, chunkSize = FILE_CHUNK_BYTES): Generator<{ seq: number; content: Uint8Array }> {
  for (let seq = 0, offset = 0; offset < bytes.length; seq += 1, offset += chunkSize) {
    yield { seq, content: bytes.subarray(offset, Math.min(offset + chunkSize, bytes.length)) };
  }
}

/**
 * Checks and stores one uploaded file; returns what the owner's row should point at. Call it with
 * the transaction of the owning change (adding a tender document, submitting an offer), so a
 * refused or rolled-back change leaves no orphaned file, and write the audit row there.
 *
 * The bytes go in as chunks of FILE_CHUNK_BYTES (views on the caller's buffer, SHA-256 computed
 * over the same views), so apart from the caller's one copy of the upload no more than about one
 * chunk's worth is held extra at any time.
 * The metadata row and all chunks are written in one (nested) transaction: a file is never
 * half there, even when the caller passes the root handle instead of its transaction.
 *
 * The same bytes uploaded twice give two rows on purpose: a file belongs to the one thing that
 * points at it, and its life (a sealed offer stays unreadable until opening, a withdrawn document
 * may be removed) must not be tied to an unrelated upload that happened to have the same hash.
 */
export async function storeFile(
  db: Db,
  clock: Clock,
  actor: Pick<Actor, "id"> | null,
  { fileName, bytes, allowedKinds, maxBytes = DEFAULT_MAX_FILE_BYTES }: StoreFileInput,
): Promise<StoredFileSummary> {
  if (bytes.length === 0) throw new RuleViolation("fileEmpty", "Het bestand is leeg. Kies een bestand met inhoud.", "file");
  if (bytes.length > maxBytes) throw new RuleViolation("fileTooLarge", fileTooLargeMessage(maxBytes), "file");
  const kind = detectFileKind(bytes);
  if (!kind || !allowedKinds.includes(kind)) {
    throw new RuleViolation("fileTypeNotAllowed", fileKindNotAllowedMessage(allowedKinds), "file");
  }
  // hashed over the very pieces that are inserted, one view at a time
  const hash = createHash("sha256");
  for (const chunk of fileChunks(bytes)) hash.update(chunk.content);
  const stored = {
    sha256: hash.digest("hex"),
    sizeBytes: bytes.length,
    mimeType: mimeTypes[kind],
    fileName: sanitiseFileName(fileName, kind),
  };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(storedFiles)
      .values({ ...stored, createdAt: clock.now(), createdByUserId: actor?.id ?? null })
      .returning({ id: storedFiles.id });
    const fileId = row!.id;
    // one insert per chunk: the drivers' encoding overhead stays per chunk, not per file
    for (const chunk of fileChunks(bytes)) {
      await tx.insert(storedFileChunks).values({ fileId, seq: chunk.seq, content: chunk.content });
    }
    return { id: fileId, ...stored };
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Deletes a stored file and its chunks (they cascade). The caller has made sure that nothing
 * refers to it any more: stored files are shared by id, not counted.
 */
export async function deleteStoredFile(db: Db, fileId: string): Promise<void> {
  await db.delete(storedFiles).where(eq(storedFiles.id, fileId));
}

/**
 * A stored file with its bytes. No permission check: the caller's domain function, which knows
 * what the file belongs to, has already decided that this actor may read it.
 *
 * The chunks are fetched a few at a time and copied into one buffer of the file's size, so a
 * download holds one whole copy of the file plus at most one batch of chunks.
 */
export async function readStoredFile(db: Db, fileId: string): Promise<StoredFileContent> {
  // a malformed id from a URL is "not found", not a database error
  if (!UUID.test(fileId)) throw new NotFoundError("Dit bestand bestaat niet (meer).");
  const [metadata] = await db
    .select({
      id: storedFiles.id,
      sha256: storedFiles.sha256,
      sizeBytes: storedFiles.sizeBytes,
      mimeType: storedFiles.mimeType,
      fileName: storedFiles.fileName,
      createdAt: storedFiles.createdAt,
      createdByUserId: storedFiles.createdByUserId,
    })
    .from(storedFiles)
    .where(eq(storedFiles.id, fileId));
  if (!metadata) throw new NotFoundError("Dit bestand bestaat niet (meer).");

  let bytes = new Uint8Array(metadata.sizeBytes);
  let length = 0;
  for (let nextSeq = 0; ; ) {
    const batch = await db
      .select({ seq: storedFileChunks.seq, content: storedFileChunks.content })
      .from(storedFileChunks)
      .where(and(eq(storedFileChunks.fileId, fileId), gte(storedFileChunks.seq, nextSeq)))
      .orderBy(asc(storedFileChunks.seq))
      .limit(READ_BATCH_CHUNKS);
    for (const chunk of batch) {
      // The recorded size is what was stored; should the chunks say otherwise (changed behind
      // the portal's back) the bytes as they are now are returned, and the SHA-256 check of the
      // caller, if any, tells the difference.
      if (length + chunk.content.length > bytes.length) {
        const grown = new Uint8Array(length + chunk.content.length);
        grown.set(bytes.subarray(0, length));
        bytes = grown;
      }
      bytes.set(chunk.content, length);
      length += chunk.content.length;
    }
    if (batch.length < READ_BATCH_CHUNKS) break;
    nextSeq = batch.at(-1)!.seq + 1;
  }
  return { ...metadata, bytes: length === bytes.length ? bytes : bytes.subarray(0, length) };
}

/**
 * The SHA-256 (hex) of each stored file's bytes as they are now, computed in the database (no file
 * is loaded into the app's memory), by file id; a file that does not exist is absent. For checks
 * that stored attachments still match what a receipt recorded. The correlated subquery joins one
 * file's chunks at a time, so the database never holds more than one whole file for this either.
 */
export async function storedFileSha256s(db: Db, fileIds: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(fileIds)].filter((id) => UUID.test(id));
  if (unique.length === 0) return new Map();
  const result = await db.execute(
    sql`select f.id::text as id,
          encode(sha256(coalesce(
            (select string_agg(c.content, ''::bytea order by c.seq) from ${storedFileChunks} c where c.file_id = f.id),
            ''::bytea
          )), 'hex') as sha256
        from ${storedFiles} f
        where f.id in (${sql.join(
          unique.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
  return new Map(rowsOf<{ id: string; sha256: string }>(result).map((row) => [row.id, row.sha256]));
}
