import { customType, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

// Every upload of the portal (tender documents, offer and report attachments) lives here, in
// PostgreSQL: several app instances and one database backup then cover everything.
// `stored_files` holds what describes a file; its bytes are in `stored_file_chunks`.
export const storedFiles = pgTable("stored_files", {
  id: uuid("id").primaryKey().defaultRandom(),
  sha256: text("sha256").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  mimeType: text("mime_type").notNull(),
  fileName: text("file_name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  createdByUserId: uuid("created_by_user_id"),
});

/**
 * The bytes of a stored file, in order of `seq` (0, 1, 2, …), each chunk at most
 * FILE_CHUNK_BYTES (file-storage.server.ts); concatenated they are exactly the file. Files
 * stored before migration 0006 were split the same way by that migration.
 */
export const storedFileChunks = pgTable(
  "stored_file_chunks",
  {
    fileId: uuid("file_id")
      .notNull()
      .references(() => storedFiles.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    content: bytea("content").notNull(),
  },
  (table) => [primaryKey({ columns: [table.fileId, table.seq] })],
);
