CREATE TYPE "public"."award_decision_status" AS ENUM('proposed', 'decisionSent', 'suspended', 'withdrawn', 'final');--> statement-breakpoint
CREATE TYPE "public"."lot_evaluation_status" AS ENUM('assessing', 'qualityClosed', 'unsuccessful');--> statement-breakpoint
CREATE TYPE "public"."offer_admissibility" AS ENUM('pending', 'admissible', 'excluded');--> statement-breakpoint
CREATE TYPE "public"."offer_event_kind" AS ENUM('created', 'submitted', 'withdrawn', 'reconfirmationRequested');--> statement-breakpoint
CREATE TYPE "public"."offer_status" AS ENUM('draft', 'submitted', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."organisation_verification_status" AS ENUM('pending', 'verified', 'rejected');--> statement-breakpoint
CREATE TABLE "contract_volumes" (
	"contract_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"target_group" text NOT NULL,
	"expected_count" integer NOT NULL,
	CONSTRAINT "contract_volumes_contract_id_municipality_id_target_group_pk" PRIMARY KEY("contract_id","municipality_id","target_group")
);
--> statement-breakpoint
CREATE TABLE "award_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"status" "award_decision_status" NOT NULL,
	"winning_offer_id" uuid NOT NULL,
	"motivation" text NOT NULL,
	"tie_break_note" text,
	"proposed_at" timestamp with time zone NOT NULL,
	"proposed_by_user_id" uuid NOT NULL,
	"proposed_by_name" text NOT NULL,
	"decision_sent_at" timestamp with time zone,
	"standstill_last_day" date,
	"standstill_ends_at" timestamp with time zone,
	"suspended_at" timestamp with time zone,
	"suspension_reason" text,
	"withdrawn_at" timestamp with time zone,
	"withdrawal_reason" text,
	"finalized_at" timestamp with time zone,
	"finalized_by_user_id" uuid,
	"contract_id" uuid
);
--> statement-breakpoint
CREATE TABLE "consensus_scores" (
	"offer_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"score" integer NOT NULL,
	"motivation" text NOT NULL,
	"set_at" timestamp with time zone NOT NULL,
	"set_by_user_id" uuid NOT NULL,
	"set_by_name" text NOT NULL,
	CONSTRAINT "consensus_scores_offer_id_criterion_id_pk" PRIMARY KEY("offer_id","criterion_id")
);
--> statement-breakpoint
CREATE TABLE "criterion_scores" (
	"offer_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"assessor_user_id" uuid NOT NULL,
	"score" integer NOT NULL,
	"motivation" text NOT NULL,
	"scored_at" timestamp with time zone NOT NULL,
	CONSTRAINT "criterion_scores_offer_id_criterion_id_assessor_user_id_pk" PRIMARY KEY("offer_id","criterion_id","assessor_user_id")
);
--> statement-breakpoint
CREATE TABLE "lot_assessors" (
	"tender_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"assigned_by_user_id" uuid NOT NULL,
	"scores_completed_at" timestamp with time zone,
	CONSTRAINT "lot_assessors_tender_id_lot_id_user_id_pk" PRIMARY KEY("tender_id","lot_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "lot_evaluations" (
	"tender_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"chair_user_id" uuid,
	"status" "lot_evaluation_status" NOT NULL,
	"quality_closed_at" timestamp with time zone,
	"quality_closed_by_user_id" uuid,
	"unsuccessful_reason" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lot_evaluations_tender_id_lot_id_pk" PRIMARY KEY("tender_id","lot_id")
);
--> statement-breakpoint
CREATE TABLE "tender_openings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"requested_by_user_id" uuid NOT NULL,
	"requested_by_name" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by_user_id" uuid,
	"confirmed_by_name" text
);
--> statement-breakpoint
CREATE TABLE "stored_file_chunks" (
	"file_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "stored_file_chunks_file_id_seq_pk" PRIMARY KEY("file_id","seq")
);
--> statement-breakpoint
CREATE TABLE "offer_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offer_id" uuid NOT NULL,
	"kind" "offer_event_kind" NOT NULL,
	"version" integer,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "offer_versions" (
	"offer_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"total_price_cents" bigint NOT NULL,
	"tender_version" integer NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_by_user_id" uuid NOT NULL,
	"submitted_by_name" text NOT NULL,
	CONSTRAINT "offer_versions_offer_id_version_pk" PRIMARY KEY("offer_id","version")
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" "offer_status" NOT NULL,
	"draft" jsonb NOT NULL,
	"submitted_version" integer,
	"submitted_at" timestamp with time zone,
	"needs_reconfirmation" boolean DEFAULT false NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"admissibility" "offer_admissibility" DEFAULT 'pending' NOT NULL,
	"exclusion_reason" text,
	"admissibility_decided_at" timestamp with time zone,
	"admissibility_decided_by_user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "organisation_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"email" text NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_user_id" uuid,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "organisation_invitations_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "registration_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ip_address" text NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stored_files" ALTER COLUMN "content" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "verification_status" "organisation_verification_status" DEFAULT 'verified' NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "verified_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "rejection_reason" text;--> statement-breakpoint
ALTER TABLE "contract_volumes" ADD CONSTRAINT "contract_volumes_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_volumes" ADD CONSTRAINT "contract_volumes_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_decisions" ADD CONSTRAINT "award_decisions_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_decisions" ADD CONSTRAINT "award_decisions_winning_offer_id_offers_id_fk" FOREIGN KEY ("winning_offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_decisions" ADD CONSTRAINT "award_decisions_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consensus_scores" ADD CONSTRAINT "consensus_scores_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criterion_scores" ADD CONSTRAINT "criterion_scores_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criterion_scores" ADD CONSTRAINT "criterion_scores_assessor_user_id_users_id_fk" FOREIGN KEY ("assessor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_assessors" ADD CONSTRAINT "lot_assessors_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_assessors" ADD CONSTRAINT "lot_assessors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_evaluations" ADD CONSTRAINT "lot_evaluations_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_evaluations" ADD CONSTRAINT "lot_evaluations_chair_user_id_users_id_fk" FOREIGN KEY ("chair_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_openings" ADD CONSTRAINT "tender_openings_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_file_chunks" ADD CONSTRAINT "stored_file_chunks_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_events" ADD CONSTRAINT "offer_events_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_versions" ADD CONSTRAINT "offer_versions_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_invitations" ADD CONSTRAINT "organisation_invitations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "award_decisions_lot" ON "award_decisions" USING btree ("tender_id","lot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "award_decisions_one_current" ON "award_decisions" USING btree ("tender_id","lot_id") WHERE status <> 'withdrawn';--> statement-breakpoint
CREATE INDEX "tender_openings_tender" ON "tender_openings" USING btree ("tender_id","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tender_openings_one_confirmed" ON "tender_openings" USING btree ("tender_id") WHERE confirmed_at is not null;--> statement-breakpoint
CREATE INDEX "offer_events_offer" ON "offer_events" USING btree ("offer_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_one_per_lot" ON "offers" USING btree ("tender_id","lot_id","organisation_id");--> statement-breakpoint
CREATE INDEX "offers_tender" ON "offers" USING btree ("tender_id","lot_id");--> statement-breakpoint
CREATE INDEX "organisation_invitations_organisation" ON "organisation_invitations" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "registration_attempts_ip_time" ON "registration_attempts" USING btree ("ip_address","attempted_at");--> statement-breakpoint
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
-- next migration, 0007_drop_retired_file_content.
UPDATE "stored_files" SET "content" = NULL WHERE "content" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "stored_files" ADD CONSTRAINT "stored_files_content_retired" CHECK ("content" IS NULL);
