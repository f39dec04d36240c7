CREATE TYPE "public"."contract_kind" AS ENUM('tender', 'openHouse', 'subsidy', 'serviceAgreement');--> statement-breakpoint
CREATE TYPE "public"."contract_status" AS ENUM('draft', 'active', 'ended', 'terminated');--> statement-breakpoint
CREATE TYPE "public"."payment_rule" AS ENUM('proportional', 'threshold', 'banded');--> statement-breakpoint
CREATE TYPE "public"."reporting_frequency" AS ENUM('quarterly', 'halfYearly', 'yearly');--> statement-breakpoint
CREATE TYPE "public"."local_offering_category" AS ENUM('participation', 'careAndSupport', 'language', 'financial');--> statement-breakpoint
CREATE TYPE "public"."local_provider_kind" AS ENUM('municipality', 'library', 'welfareOrganisation');--> statement-breakpoint
CREATE TABLE "contract_amendments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"effective_date" date NOT NULL,
	"changes" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by_user_id" uuid NOT NULL,
	"created_by_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"target_group" text NOT NULL,
	"volume" integer NOT NULL,
	"amount_cents" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"title" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_kpis" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"kpi_code" text,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"target" numeric(12, 4) NOT NULL,
	"direction" text NOT NULL,
	"source" text NOT NULL,
	"override_reason" text,
	"weight" integer DEFAULT 1 NOT NULL,
	"payment_rule" "payment_rule" DEFAULT 'proportional' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_rates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"rate_cents" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"kind" "contract_kind" NOT NULL,
	"status" "contract_status" NOT NULL,
	"supplier_organisation_id" uuid NOT NULL,
	"learning_route" text,
	"services" text[] DEFAULT '{}' NOT NULL,
	"tender_id" uuid,
	"lot_id" uuid,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"extension_options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ceiling_amount_cents" bigint NOT NULL,
	"contract_manager_user_id" uuid,
	"reporting_frequency" "reporting_frequency" DEFAULT 'quarterly' NOT NULL,
	"report_due_days" integer DEFAULT 30 NOT NULL,
	"performance_payment_applies" boolean DEFAULT false NOT NULL,
	"performance_share" numeric(5, 2) DEFAULT '10' NOT NULL,
	"performance_activation_date" date,
	"created_at" timestamp with time zone NOT NULL,
	"activated_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_year_figures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_kpi_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"numerator" numeric(14, 4) NOT NULL,
	"denominator" numeric(14, 4) NOT NULL,
	"source" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by_user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "reference_budget_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"figure" text NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	"hours" numeric(10, 2),
	"persons" integer,
	"rate_cents" bigint,
	"amount_cents" bigint
);
--> statement-breakpoint
CREATE TABLE "contract_local_offerings" (
	"contract_id" uuid NOT NULL,
	"local_offering_id" uuid NOT NULL,
	CONSTRAINT "contract_local_offerings_contract_id_local_offering_id_pk" PRIMARY KEY("contract_id","local_offering_id")
);
--> statement-breakpoint
CREATE TABLE "local_offerings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"category" "local_offering_category" NOT NULL,
	"provider_kind" "local_provider_kind" NOT NULL,
	"provider_name" text NOT NULL,
	"description" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contract_amendments" ADD CONSTRAINT "contract_amendments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_budgets" ADD CONSTRAINT "contract_budgets_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_budgets" ADD CONSTRAINT "contract_budgets_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_documents" ADD CONSTRAINT "contract_documents_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_kpis" ADD CONSTRAINT "contract_kpis_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_rates" ADD CONSTRAINT "contract_rates_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_supplier_organisation_id_organisations_id_fk" FOREIGN KEY ("supplier_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_contract_manager_user_id_users_id_fk" FOREIGN KEY ("contract_manager_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_year_figures" ADD CONSTRAINT "kpi_year_figures_contract_kpi_id_contract_kpis_id_fk" FOREIGN KEY ("contract_kpi_id") REFERENCES "public"."contract_kpis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_local_offerings" ADD CONSTRAINT "contract_local_offerings_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_local_offerings" ADD CONSTRAINT "contract_local_offerings_local_offering_id_local_offerings_id_fk" FOREIGN KEY ("local_offering_id") REFERENCES "public"."local_offerings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "local_offerings" ADD CONSTRAINT "local_offerings_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contract_budgets_cell" ON "contract_budgets" USING btree ("contract_id","municipality_id","year","target_group");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_number" ON "contracts" USING btree ("number");--> statement-breakpoint
CREATE INDEX "contracts_supplier" ON "contracts" USING btree ("supplier_organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_year_figures_kpi_year" ON "kpi_year_figures" USING btree ("contract_kpi_id","year");