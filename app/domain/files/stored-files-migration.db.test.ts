import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { caught } from "../../../test/factories/errors";
import { connectPglite, connectPostgres, type DatabaseHandle } from "../../db/connect.server";
import { migrationsFolder, rowsOf, runMigrations } from "../../db/migrate.server";
import type { Db } from "../../db/types";
import { FILE_CHUNK_BYTES, readStoredFile, storedFileSha256s, storeFile } from "./file-storage.server";

// Upgrading a database that ran migrations 0000–0005 (files kept whole in stored_files.content,
// as in the demo data of ./data) to 0006 (bytes in stored_file_chunks): every file must still
// read back byte for byte under the same id, so no tender or contract document is lost.

let handle: DatabaseHandle;
let dropDatabase: (() => Promise<void>) | undefined;
let folderUpTo0005: string;

/** The committed migrations folder cut off after 0005, as a database that has not seen 0006. */
function migrationsUpTo0005(): string {
  const source = migrationsFolder();
  const target = fs.mkdtempSync(path.join(os.tmpdir(), "portal-migrations-0005-"));
  fs.mkdirSync(path.join(target, "meta"));
  const journal = JSON.parse(fs.readFileSync(path.join(source, "meta", "_journal.json"), "utf8")) as { entries: { idx: number; tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.idx <= 5);
  expect(journal.entries.map((entry) => entry.tag.slice(0, 4))).toEqual(["0000", "0001", "0002", "0003", "0004", "0005"]);
  for (const entry of journal.entries) fs.copyFileSync(path.join(source, `${entry.tag}.sql`), path.join(target, `${entry.tag}.sql`));
  fs.writeFileSync(path.join(target, "meta", "_journal.json"), JSON.stringify(journal));
  return target;
}

beforeAll(async () => {
  folderUpTo0005 = migrationsUpTo0005();
  if (process.env.TEST_DATABASE_DRIVER === "postgres") {
    const baseUrl = process.env.TEST_DATABASE_URL;
    if (!baseUrl) throw new Error("TEST_DATABASE_URL is not set");
    const name = `portal_upgrade_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = await connectPostgres(baseUrl, { max: 1 });
    await admin.db.execute(sql.raw(`create database "${name}"`));
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    handle = await connectPostgres(url.toString(), { max: 2 });
    dropDatabase = async () => {
      await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
      await admin.close();
    };
  } else {
    handle = await connectPglite("memory://");
  }
});

afterAll(async () => {
  await handle?.close();
  await dropDatabase?.();
  if (folderUpTo0005) fs.rmSync(folderUpTo0005, { recursive: true, force: true });
});

function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Inserts a file the way storeFile did up to migration 0005: whole, in stored_files.content. */
async function insertWholeFile(db: Db, fileName: string, bytes: Uint8Array): Promise<string> {
  const result = await db.execute(
    sql`insert into stored_files (sha256, size_bytes, mime_type, file_name, content, created_at)
        values (${sha256Of(bytes)}, ${bytes.length}, 'application/pdf', ${fileName}, decode(${Buffer.from(bytes).toString("hex")}, 'hex'), ${"2026-01-15T10:00:00Z"}::timestamptz)
        returning id::text as id`,
  );
  return rowsOf<{ id: string }>(result)[0]!.id;
}

function pdfOfSize(size: number): Uint8Array {
  const bytes = new Uint8Array(randomBytes(size));
  bytes.set(Buffer.from("%PDF-1.4\n"));
  return bytes;
}

test("files stored whole before migration 0006 read back byte for byte after it, split into chunks", async () => {
  const { db } = handle;
  expect(await runMigrations(db, folderUpTo0005)).toBe(6);
  const files = [
    { fileName: "Bestek leerroute B1.pdf", bytes: pdfOfSize(2 * FILE_CHUNK_BYTES + 75_000) },
    { fileName: "Precies een stuk.pdf", bytes: pdfOfSize(FILE_CHUNK_BYTES) },
    { fileName: "Klein.pdf", bytes: pdfOfSize(120) },
  ];
  const ids: string[] = [];
  for (const file of files) ids.push(await insertWholeFile(db, file.fileName, file.bytes));

  // 0006 moves the bytes into chunks and empties the old column; 0007 drops it; later ones follow
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder(), "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  expect(await runMigrations(db)).toBe(journal.entries.length - 6);

  for (const [index, file] of files.entries()) {
    const read = await readStoredFile(db, ids[index]!);
    expect(read).toMatchObject({ id: ids[index], fileName: file.fileName, sizeBytes: file.bytes.length, sha256: sha256Of(file.bytes), createdAt: new Date("2026-01-15T10:00:00Z") });
    expect(Buffer.from(read.bytes).equals(Buffer.from(file.bytes))).toBe(true);
  }
  // split as storeFile splits: full chunks in order, then the rest
  const layout = rowsOf<{ id: string; seq: number; length: number }>(
    await db.execute(sql`select file_id::text as id, seq, octet_length(content) as length from stored_file_chunks order by file_id, seq`),
  );
  const lengthsOf = (id: string) => layout.filter((chunk) => chunk.id === id).map((chunk) => [Number(chunk.seq), Number(chunk.length)]);
  expect(lengthsOf(ids[0]!)).toEqual([[0, FILE_CHUNK_BYTES], [1, FILE_CHUNK_BYTES], [2, 75_000]]);
  expect(lengthsOf(ids[1]!)).toEqual([[0, FILE_CHUNK_BYTES]]);
  expect(lengthsOf(ids[2]!)).toEqual([[0, 120]]);
  expect(await storedFileSha256s(db, ids)).toEqual(new Map(files.map((file, index) => [ids[index]!, sha256Of(file.bytes)])));

  // the old column is gone
  const columns = rowsOf<{ name: string }>(await db.execute(sql`select column_name as name from information_schema.columns where table_name = 'stored_files'`)).map((row) => row.name);
  expect(columns).not.toContain("content");

  // and the upgraded database stores new files the new way
  const added = await storeFile(db, { now: () => new Date("2026-03-02T09:00:00Z") }, null, { fileName: "nieuw.pdf", bytes: pdfOfSize(FILE_CHUNK_BYTES + 1), allowedKinds: ["pdf"] });
  expect((await readStoredFile(db, added.id)).sizeBytes).toBe(FILE_CHUNK_BYTES + 1);
});
