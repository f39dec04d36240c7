CREATE TYPE "public"."report_status" AS ENUM('draft', 'submitted', 'returned', 'accepted');--> statement-breakpoint
CREATE TABLE "progress_report_figures" (
	"version_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"learning_route" text NOT NULL,
	"target_group" text NOT NULL,
	"started" integer,
	"active" integer,
	"ended_obligation_met" integer,
	"ended_work" integer,
	"ended_education" integer,
	"ended_moved" integer,
	"ended_exemption" integer,
	"ended_other" integer,
	"cohort_term_ended" integer,
	"cohort_met_in_time" integer,
	"achieved_knm" integer,
	"achieved_map" integer,
	"achieved_pvt" integer,
	"achieved_exam_b1" integer,
	"achieved_exam_a2" integer,
	"achieved_diploma" integer,
	"hours_offered" integer,
	"hours_attended" integer,
	"hours_absent" integer,
	"cohort_year_one" integer,
	"cohort_year_one_work_contact" integer,
	"participating_locally" integer,
	"outflow_cohort" integer,
	"outflow_work" integer,
	"outflow_education" integer,
	"survey_respondents" integer,
	"survey_mean_score" numeric(4, 2),
	"intakes_held" integer,
	"pips_set" integer,
	"unburdening_cohort" integer,
	"financially_self_reliant" integer,
	"invoiced_cents" bigint,
	CONSTRAINT "progress_report_figures_version_id_municipality_id_learning_route_target_group_pk" PRIMARY KEY("version_id","municipality_id","learning_route","target_group")
);
--> statement-breakpoint
CREATE TABLE "progress_report_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" "report_status" NOT NULL,
	"narrative" jsonb NOT NULL,
	"consistency_explanation" text,
	"source" text NOT NULL,
	"attachment_file_ids" uuid[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by_user_id" uuid,
	"submitted_by_name" text,
	"reviewed_at" timestamp with time zone,
	"reviewed_by_user_id" uuid,
	"reviewed_by_name" text,
	"review_comments" jsonb
);
--> statement-breakpoint
CREATE TABLE "progress_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"status" "report_status" NOT NULL,
	"latest_version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "progress_reports_period_id_unique" UNIQUE("period_id")
);
--> statement-breakpoint
CREATE TABLE "reporting_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"label" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"due_date" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "progress_report_figures" ADD CONSTRAINT "progress_report_figures_version_id_progress_report_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."progress_report_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_report_figures" ADD CONSTRAINT "progress_report_figures_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_report_versions" ADD CONSTRAINT "progress_report_versions_report_id_progress_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."progress_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_period_id_reporting_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."reporting_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_periods" ADD CONSTRAINT "reporting_periods_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "progress_report_versions_number" ON "progress_report_versions" USING btree ("report_id","number");--> statement-breakpoint
CREATE INDEX "progress_reports_contract" ON "progress_reports" USING btree ("contract_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_periods_contract_start" ON "reporting_periods" USING btree ("contract_id","period_start");--> statement-breakpoint
CREATE INDEX "reporting_periods_due" ON "reporting_periods" USING btree ("due_date");