CREATE TYPE "public"."mail_status" AS ENUM('pending', 'sent', 'failed', 'notConfigured');--> statement-breakpoint
CREATE TYPE "public"."question_status" AS ENUM('open', 'answered', 'merged');--> statement-breakpoint
CREATE TYPE "public"."tender_status" AS ENUM('draft', 'published', 'cancelled');--> statement-breakpoint
CREATE TABLE "stored_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"mime_type" text NOT NULL,
	"file_name" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by_user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "mail_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"body_text" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"status" "mail_status" NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "information_notices" (
	"tender_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"entries" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by_user_id" uuid NOT NULL,
	"published_by_name" text NOT NULL,
	CONSTRAINT "information_notices_tender_id_version_pk" PRIMARY KEY("tender_id","version")
);
--> statement-breakpoint
CREATE TABLE "tender_interests" (
	"tender_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tender_interests_tender_id_user_id_pk" PRIMARY KEY("tender_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "tender_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"asked_by_user_id" uuid NOT NULL,
	"asked_at" timestamp with time zone NOT NULL,
	"lot_id" uuid,
	"document_reference" text,
	"text" text NOT NULL,
	"status" "question_status" NOT NULL,
	"answer" text,
	"answered_at" timestamp with time zone,
	"answered_by_user_id" uuid,
	"merged_into_question_id" uuid,
	"topic" text,
	"notice_number" integer,
	"published_in_notice_version" integer
);
--> statement-breakpoint
CREATE TABLE "tender_versions" (
	"tender_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"change_note" text,
	"material_change" boolean NOT NULL,
	"deadline_extended" boolean NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by_user_id" uuid NOT NULL,
	"published_by_name" text NOT NULL,
	CONSTRAINT "tender_versions_tender_id_version_pk" PRIMARY KEY("tender_id","version")
);
--> statement-breakpoint
CREATE TABLE "tenders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"status" "tender_status" NOT NULL,
	"draft" jsonb NOT NULL,
	"published_version" integer,
	"title" text NOT NULL,
	"question_deadline" timestamp with time zone,
	"submission_deadline" timestamp with time zone,
	"learning_routes" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by_user_id" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancellation_reason" text
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "information_notices" ADD CONSTRAINT "information_notices_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_interests" ADD CONSTRAINT "tender_interests_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_interests" ADD CONSTRAINT "tender_interests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_interests" ADD CONSTRAINT "tender_interests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_questions" ADD CONSTRAINT "tender_questions_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_questions" ADD CONSTRAINT "tender_questions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_versions" ADD CONSTRAINT "tender_versions_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_outbox_status" ON "mail_outbox" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "notifications_user_time" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "tender_questions_tender" ON "tender_questions" USING btree ("tender_id","asked_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tenders_reference" ON "tenders" USING btree ("reference");