import { createHash, randomBytes } from "node:crypto";
import { eq, sql, type Logger } from "drizzle-orm";
import ExcelJS from "exceljs";
import { createTestUser } from "../../../test/factories/identity";
import { caught } from "../../../test/factories/errors";
import { minimalDocx, zipArchive } from "../../../test/factories/zip";
import { useTestDatabase, type TestDatabase } from "../../../test/setup/test-database";
import * as schema from "../../db/schema";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { NotFoundError, RuleViolation } from "../errors";
import { FILE_CHUNK_BYTES, readStoredFile, storedFileSha256s, storeFile, type FileKind } from "./file-storage.server";
import { storedFileChunks, storedFiles } from "./files.sql";

const database = useTestDatabase();
const uploadedAt = new Date("2026-03-02T09:00:00Z");
const clock: Clock = { now: () => uploadedAt };
const allKinds: FileKind[] = ["pdf", "docx", "xlsx"];

/** A minimal one-page PDF with a correct cross-reference table. */
function minimalPdf(): Uint8Array {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, "latin1"));
}

const png = new Uint8Array(Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex"));

async function fileCount(db: Db): Promise<number> {
  return (await db.select({ n: sql<number>`count(*)::int` }).from(storedFiles))[0]!.n;
}

async function chunkCount(db: Db): Promise<number> {
  return (await db.select({ n: sql<number>`count(*)::int` }).from(storedFileChunks))[0]!.n;
}

/** The chunks of a stored file as the database holds them, in order: seq and length. */
async function chunkLayout(db: Db, fileId: string): Promise<{ seq: number; length: number }[]> {
  return db
    .select({ seq: storedFileChunks.seq, length: sql<number>`octet_length(${storedFileChunks.content})::int` })
    .from(storedFileChunks)
    .where(eq(storedFileChunks.fileId, fileId))
    .orderBy(storedFileChunks.seq);
}

/** A "PDF" of exactly `size` bytes: the header storeFile checks, then random bytes (so no chunk equals another). */
function pdfOfSize(size: number): Uint8Array {
  const bytes = new Uint8Array(randomBytes(size));
  bytes.set(Buffer.from("%PDF-1.7\n"));
  return bytes;
}

function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A second handle on the test database's connection that records every query and its parameters. */
async function recordingDb(database: TestDatabase): Promise<{ db: Db; queries: { query: string; params: unknown[] }[] }> {
  const queries: { query: string; params: unknown[] }[] = [];
  const logger: Logger = { logQuery: (query, params) => queries.push({ query, params }) };
  const client = (database.db as unknown as { $client: never }).$client;
  const db =
    database.driver === "pglite"
      ? (await import("drizzle-orm/pglite")).drizzle(client, { schema, logger })
      : (await import("drizzle-orm/postgres-js")).drizzle(client, { schema, logger });
  return { db: db as unknown as Db, queries };
}

async function refusal(call: () => Promise<unknown>): Promise<{ code: string; message: string; field?: string }> {
  const error = await caught(call);
  expect(error).toBeInstanceOf(RuleViolation);
  const violation = error as RuleViolation;
  return { code: violation.code, message: violation.message, field: violation.field };
}

test("a PDF is stored with its SHA-256, size, MIME type and name, and read back byte for byte", async () => {
  const { db } = database();
  const uploader = await createTestUser(db, { roles: ["projectgroup"] });
  const bytes = minimalPdf();

  const stored = await storeFile(db, clock, uploader, { fileName: "Bestek leerroute B1.pdf", bytes, allowedKinds: allKinds });

  expect(stored).toEqual({
    id: expect.any(String),
    sha256: createHash("sha256").update(bytes).digest("hex"),
    sizeBytes: bytes.length,
    mimeType: "application/pdf",
    fileName: "Bestek leerroute B1.pdf",
  });
  const read = await readStoredFile(db, stored.id);
  expect(Buffer.from(read.bytes).equals(Buffer.from(bytes))).toBe(true);
  expect(read).toMatchObject({ ...stored, createdByUserId: uploader.id, createdAt: uploadedAt });
});

test("a Word document is stored as docx whatever the browser called it", async () => {
  const { db } = database();
  const bytes = minimalDocx();
  const stored = await storeFile(db, clock, null, { fileName: "bestek.pdf", bytes, allowedKinds: allKinds });
  expect(stored.mimeType).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  // the real type is added so the file opens in the right program
  expect(stored.fileName).toBe("bestek.pdf.docx");
  expect(Buffer.from((await readStoredFile(db, stored.id)).bytes).equals(Buffer.from(bytes))).toBe(true);
});

test("an Excel workbook is stored as xlsx and reads back identical", async () => {
  const { db } = database();
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("Begroting").addRow(["Hoorn", 125_000]);
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());

  const stored = await storeFile(db, clock, null, { fileName: "begroting.xlsx", bytes, allowedKinds: ["xlsx"] });

  expect(stored.mimeType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const read = await readStoredFile(db, stored.id);
  expect(read.sha256).toBe(createHash("sha256").update(read.bytes).digest("hex"));
  expect(Buffer.from(read.bytes).equals(Buffer.from(bytes))).toBe(true);
});

test("a PNG renamed to .pdf is refused, naming the allowed types, and nothing is stored", async () => {
  const { db } = database();
  expect(await refusal(() => storeFile(db, clock, null, { fileName: "scan.pdf", bytes: png, allowedKinds: allKinds }))).toEqual({
    code: "fileTypeNotAllowed",
    message: "Alleen PDF-, Word- (.docx) en Excel-bestanden (.xlsx) zijn toegestaan. Dit bestand is van een ander type.",
    field: "file",
  });
  expect(await fileCount(db)).toBe(0);
});

test("a ZIP without the Office markers is refused", async () => {
  const { db } = database();
  const zip = zipArchive([{ name: "leesmij.txt", content: "geen document" }]);
  expect((await refusal(() => storeFile(db, clock, null, { fileName: "bestek.docx", bytes: zip, allowedKinds: allKinds }))).code).toBe("fileTypeNotAllowed");
});

test("a truncated or garbled ZIP is refused with a rule violation, never another error", async () => {
  const { db } = database();
  const docx = minimalDocx();
  const garbled = new Uint8Array(docx);
  garbled.fill(0xff, docx.length - 40, docx.length - 10);
  for (const bytes of [docx.subarray(0, docx.length - 1), docx.subarray(0, 40), garbled, new Uint8Array([0x50, 0x4b, 0x03, 0x04])]) {
    expect((await refusal(() => storeFile(db, clock, null, { fileName: "bestek.docx", bytes, allowedKinds: allKinds }))).code).toBe("fileTypeNotAllowed");
  }
  expect(await fileCount(db)).toBe(0);
});

test("a kind that is recognised but not allowed here is refused, naming only the allowed kinds", async () => {
  const { db } = database();
  expect((await refusal(() => storeFile(db, clock, null, { fileName: "bestek.docx", bytes: minimalDocx(), allowedKinds: ["pdf"] }))).message).toBe(
    "Alleen PDF-bestanden zijn toegestaan. Dit bestand is van een ander type.",
  );
});

test("an empty file is refused", async () => {
  const { db } = database();
  expect(await refusal(() => storeFile(db, clock, null, { fileName: "leeg.pdf", bytes: new Uint8Array(), allowedKinds: allKinds }))).toEqual({
    code: "fileEmpty",
    message: "Het bestand is leeg. Kies een bestand met inhoud.",
    field: "file",
  });
  expect(await fileCount(db)).toBe(0);
  expect(await chunkCount(db)).toBe(0);
});

test("a file above the given limit is refused; one exactly at the limit is stored", async () => {
  const { db } = database();
  const bytes = minimalPdf();
  expect(await refusal(() => storeFile(db, clock, null, { fileName: "groot.pdf", bytes, allowedKinds: allKinds, maxBytes: bytes.length - 1 }))).toEqual({
    code: "fileTooLarge",
    message: `Het bestand is groter dan ${bytes.length - 1} bytes.`,
    field: "file",
  });
  await storeFile(db, clock, null, { fileName: "precies.pdf", bytes, allowedKinds: allKinds, maxBytes: bytes.length });
  expect(await fileCount(db)).toBe(1);
});

test("a real file of 20 MB plus one byte is refused by the default limit", async () => {
  const { db } = database();
  const bytes = new Uint8Array(20 * 1024 * 1024 + 1);
  bytes.set(Buffer.from("%PDF-1.4\n"));
  expect(await refusal(() => storeFile(db, clock, null, { fileName: "groot.pdf", bytes, allowedKinds: allKinds }))).toEqual({
    code: "fileTooLarge",
    message: "Het bestand is groter dan 20 MB.",
    field: "file",
  });
  expect(await fileCount(db)).toBe(0);
});

test("the same upload twice gives two files, because each belongs to its own owner", async () => {
  const { db } = database();
  const bytes = minimalPdf();
  const first = await storeFile(db, clock, null, { fileName: "bestek.pdf", bytes, allowedKinds: allKinds });
  const second = await storeFile(db, clock, null, { fileName: "bestek.pdf", bytes, allowedKinds: allKinds });
  expect(second.id).not.toBe(first.id);
  expect(second.sha256).toBe(first.sha256);
  expect(await fileCount(db)).toBe(2);
});

test("a file stored in a transaction that rolls back is gone", async () => {
  const { db } = database();
  await caught(() =>
    db.transaction(async (tx) => {
      await storeFile(tx, clock, null, { fileName: "bestek.pdf", bytes: minimalPdf(), allowedKinds: allKinds });
      throw new Error("the owning change failed");
    }),
  );
  expect(await fileCount(db)).toBe(0);
  expect(await chunkCount(db)).toBe(0);
});

test("reading an unknown or malformed file id is not found", async () => {
  const { db } = database();
  expect(await caught(() => readStoredFile(db, "00000000-0000-4000-8000-000000000000"))).toBeInstanceOf(NotFoundError);
  expect(await caught(() => readStoredFile(db, "../etc/passwd"))).toBeInstanceOf(NotFoundError);
});

describe("a file is kept in chunks", () => {
  test("a file of many chunks reads back byte for byte, with the SHA-256 of the whole file", async () => {
    const { db } = database();
    // 17 full chunks and a part: more than two of readStoredFile's batches of 8
    const bytes = pdfOfSize(17 * FILE_CHUNK_BYTES + 12_345);

    const stored = await storeFile(db, clock, null, { fileName: "bijlage.pdf", bytes, allowedKinds: ["pdf"] });

    expect(stored.sha256).toBe(sha256Of(bytes));
    expect(stored.sizeBytes).toBe(bytes.length);
    const layout = await chunkLayout(db, stored.id);
    expect(layout.map((chunk) => chunk.seq)).toEqual([...Array(18).keys()]);
    expect(layout.map((chunk) => chunk.length)).toEqual([...Array(17).fill(FILE_CHUNK_BYTES), 12_345]);
    const read = await readStoredFile(db, stored.id);
    expect(read.bytes.length).toBe(bytes.length);
    expect(Buffer.from(read.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(read.sha256).toBe(sha256Of(read.bytes));
    // the database's own hash of the stored chunks agrees
    expect(await storedFileSha256s(db, [stored.id])).toEqual(new Map([[stored.id, sha256Of(bytes)]]));
  });

  test.each([
    { label: "exactly 8 chunks", size: 8 * FILE_CHUNK_BYTES, lengths: Array(8).fill(FILE_CHUNK_BYTES) },
    { label: "8 chunks and 1 byte", size: 8 * FILE_CHUNK_BYTES + 1, lengths: [...Array(8).fill(FILE_CHUNK_BYTES), 1] },
    { label: "exactly 1 chunk", size: FILE_CHUNK_BYTES, lengths: [FILE_CHUNK_BYTES] },
    { label: "1 chunk and 1 byte", size: FILE_CHUNK_BYTES + 1, lengths: [FILE_CHUNK_BYTES, 1] },
  ])("a file of $label is stored in whole chunks plus the rest, and read back identical", async ({ size, lengths }) => {
    const { db } = database();
    const bytes = pdfOfSize(size);
    const stored = await storeFile(db, clock, null, { fileName: "bijlage.pdf", bytes, allowedKinds: ["pdf"] });
    expect((await chunkLayout(db, stored.id)).map((chunk) => chunk.length)).toEqual(lengths);
    const read = await readStoredFile(db, stored.id);
    expect(Buffer.from(read.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(stored.sha256).toBe(sha256Of(bytes));
  });

  test("storeFile inserts one chunk per statement, each a view of the upload no larger than a chunk", async () => {
    const recording = await recordingDb(database());
    const bytes = pdfOfSize(3 * FILE_CHUNK_BYTES + 5);

    await storeFile(recording.db, clock, null, { fileName: "bijlage.pdf", bytes, allowedKinds: ["pdf"] });

    const isBytes = (value: unknown): value is Uint8Array => value instanceof Uint8Array;
    const chunkInserts = recording.queries.filter((entry) => entry.query.startsWith('insert into "stored_file_chunks"'));
    expect(chunkInserts.map((entry) => entry.params.filter(isBytes).map((param) => param.length))).toEqual([
      [FILE_CHUNK_BYTES],
      [FILE_CHUNK_BYTES],
      [FILE_CHUNK_BYTES],
      [5],
    ]);
    for (const entry of recording.queries) {
      for (const param of entry.params) {
        // no statement carries more than one chunk of the file, in bytes or as text
        if (isBytes(param)) {
          expect(param.length).toBeLessThanOrEqual(FILE_CHUNK_BYTES);
          // a view on the caller's buffer, not a copy of it
          expect(param.buffer).toBe(bytes.buffer);
        } else if (typeof param === "string") {
          expect(param.length).toBeLessThan(FILE_CHUNK_BYTES);
        }
      }
    }
  });

  test("the database's hash of a file shows a chunk changed behind the portal's back; the download gives the bytes as they are now", async () => {
    const { db } = database();
    const bytes = pdfOfSize(2 * FILE_CHUNK_BYTES + 100);
    const stored = await storeFile(db, clock, null, { fileName: "bijlage.pdf", bytes, allowedKinds: ["pdf"] });
    const untouched = await storeFile(db, clock, null, { fileName: "ander.pdf", bytes: minimalPdf(), allowedKinds: ["pdf"] });

    // the last chunk grows by a few bytes, so the file no longer matches its recorded size either
    const longerTail = new Uint8Array(Buffer.concat([Buffer.from(bytes.subarray(2 * FILE_CHUNK_BYTES)), Buffer.from("extra")]));
    await db
      .update(storedFileChunks)
      .set({ content: longerTail })
      .where(sql`${storedFileChunks.fileId} = ${stored.id} and ${storedFileChunks.seq} = 2`);

    const expected = Buffer.concat([Buffer.from(bytes), Buffer.from("extra")]);
    const hashes = await storedFileSha256s(db, [stored.id, untouched.id, "00000000-0000-4000-8000-000000000000", "geen-id"]);
    expect(hashes).toEqual(
      new Map([
        [stored.id, sha256Of(expected)],
        [untouched.id, untouched.sha256],
      ]),
    );
    const read = await readStoredFile(db, stored.id);
    expect(Buffer.from(read.bytes).equals(expected)).toBe(true);
    expect(read.sha256).toBe(stored.sha256);
    expect(read.sha256).not.toBe(sha256Of(read.bytes));
  });
});
