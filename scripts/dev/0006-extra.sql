--> statement-breakpoint
-- A submitted offer version is what the receipt hash covers: it can never change or disappear.
CREATE TRIGGER offer_versions_immutable BEFORE UPDATE OR DELETE ON offer_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_row_change();
--> statement-breakpoint
CREATE TRIGGER offer_events_immutable BEFORE UPDATE OR DELETE ON offer_events
  FOR EACH ROW EXECUTE FUNCTION refuse_row_change();
--> statement-breakpoint
-- File bytes move from stored_files.content into stored_file_chunks (created above), so an upload is
-- written and read piece by piece instead of as one huge parameter. Existing files are split the way
-- storeFile splits new ones: chunks of 262144 bytes (FILE_CHUNK_BYTES, 256 KiB), seq 0, 1, 2, …
-- (`substring` is 1-based; a file's last chunk holds the rest).
INSERT INTO "stored_file_chunks" ("file_id", "seq", "content")
  SELECT f."id", part.seq, substring(f."content" FROM part.seq * 262144 + 1 FOR 262144)
  FROM "stored_files" f
  CROSS JOIN LATERAL generate_series(0, (octet_length(f."content") - 1) / 262144) AS part(seq)
  WHERE f."content" IS NOT NULL AND octet_length(f."content") > 0;
--> statement-breakpoint
-- Refuse to go on if any file's chunks do not add up to exactly its old content (the whole
-- migration then rolls back and the old column is untouched).
DO $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM "stored_files" f
    WHERE f."content" IS NOT NULL AND f."content" IS DISTINCT FROM coalesce(
      (SELECT string_agg(c."content", ''::bytea ORDER BY c."seq") FROM "stored_file_chunks" c WHERE c."file_id" = f."id"),
      ''::bytea
    )
  ) THEN
    RAISE EXCEPTION 'stored_files: moving file content into stored_file_chunks lost bytes';
  END IF;
END $$;
--> statement-breakpoint
-- The old column is emptied and may hold nothing any more. It cannot be dropped in this migration:
-- drizzle-kit would generate the DROP before the statements above. The schema removes it in the
-- next migration (see files.sql.ts).
UPDATE "stored_files" SET "content" = NULL WHERE "content" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "stored_files" ADD CONSTRAINT "stored_files_content_retired" CHECK ("content" IS NULL);
