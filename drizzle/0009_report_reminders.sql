ALTER TABLE "reporting_periods" ADD COLUMN "outside_schedule" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "reporting_periods" ADD COLUMN "due_soon_notified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reporting_periods" ADD COLUMN "overdue_notified_at" timestamp with time zone;--> statement-breakpoint
-- Periods already past their due date when reminders arrive count as reminded: an upgrade does not mail every old period at once (ADR 0013).
UPDATE "reporting_periods" SET "due_soon_notified_at" = now(), "overdue_notified_at" = now() WHERE "due_date" < (now() AT TIME ZONE 'Europe/Amsterdam')::date;
