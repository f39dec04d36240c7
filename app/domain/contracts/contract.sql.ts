import { bigint, boolean, date, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "../identity/identity.sql";
import { organisations } from "../organisations/organisations.sql";
import { municipalities } from "../regions/regions.sql";
import { tenders } from "../tenders/tender.sql";

export const contractKinds = ["tender", "openHouse", "subsidy", "serviceAgreement"] as const;
export const contractKind = pgEnum("contract_kind", contractKinds);

export const contractStatuses = ["draft", "active", "ended", "terminated"] as const;
export const contractStatus = pgEnum("contract_status", contractStatuses);

export const reportingFrequencies = ["quarterly", "halfYearly", "yearly"] as const;
export const reportingFrequency = pgEnum("reporting_frequency", reportingFrequencies);

export const paymentRules = ["proportional", "threshold", "banded"] as const;
export const paymentRule = pgEnum("payment_rule", paymentRules);

export interface ExtensionOption {
  years: number;
  /** The date by which the municipalities decide whether to use this option. */
  decisionDueDate: string;
  exercisedAt: string | null;
}

// The register of every kind of contract: tendered leerroutes, open house, subsidies and the DVO.
export const contracts = pgTable(
  "contracts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: text("number").notNull(),
    title: text("title").notNull(),
    kind: contractKind("kind").notNull(),
    status: contractStatus("status").notNull(),
    supplierOrganisationId: uuid("supplier_organisation_id")
      .notNull()
      .references(() => organisations.id),
    /** One of the three leerroutes, when the contract is for one. */
    learningRoute: text("learning_route"),
    /** Services in glossary code names (b1Route, intake, pip, monitoring, socialGuidance, financialUnburdening, interpreting, …). */
    services: text("services").array().notNull().default([]),
    tenderId: uuid("tender_id").references(() => tenders.id),
    lotId: uuid("lot_id"),
    startDate: date("start_date").notNull(),
    endDate: date("end_date").notNull(),
    extensionOptions: jsonb("extension_options").$type<ExtensionOption[]>().notNull().default([]),
    ceilingAmountCents: bigint("ceiling_amount_cents", { mode: "number" }).notNull(),
    contractManagerUserId: uuid("contract_manager_user_id").references(() => users.id),
    reportingFrequency: reportingFrequency("reporting_frequency").notNull().default("quarterly"),
    reportDueDays: integer("report_due_days").notNull().default(30),
    performancePaymentApplies: boolean("performance_payment_applies").notNull().default(false),
    /** Exact decimal percent, default 10 (§7.1.1). */
    performanceShare: numeric("performance_share", { precision: 5, scale: 2 }).notNull().default("10"),
    /** Before this date the payment is a shadow calculation (schaduwberekening). */
    performanceActivationDate: date("performance_activation_date"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    activatedAt: timestamp("activated_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex("contracts_number").on(table.number), index("contracts_supplier").on(table.supplierOrganisationId)],
);

export const contractRates = pgTable("contract_rates", {
  id: uuid("id").primaryKey().defaultRandom(),
  contractId: uuid("contract_id")
    .notNull()
    .references(() => contracts.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  unit: text("unit").notNull(),
  rateCents: bigint("rate_cents", { mode: "number" }).notNull(),
});

// Commitment per municipality, year and target group: what the contract costs whom (integer cents).
export const contractBudgets = pgTable(
  "contract_budgets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    year: integer("year").notNull(),
    targetGroup: text("target_group").notNull(),
    volume: integer("volume").notNull(),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
  },
  (table) => [uniqueIndex("contract_budgets_cell").on(table.contractId, table.municipalityId, table.year, table.targetGroup)],
);

// The expected volumes of a contract that came from a tender: the lot's expected participants per
// municipality and target group, as tendered (Lot.volumes), copied when the award becomes final.
// A separate table rather than contract_budgets: those are yearly commitments in money that the
// contract manager sets and replaces per year; these are the tendered estimates the prices were
// totalled on, and stay as they were awarded.
export const contractVolumes = pgTable(
  "contract_volumes",
  {
    contractId: uuid("contract_id")
      .notNull()
      .references(() => contracts.id, { onDelete: "cascade" }),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    targetGroup: text("target_group").notNull(),
    /** Expected participants per year, as in the lot of the tender. */
    expectedCount: integer("expected_count").notNull(),
  },
  (table) => [primaryKey({ columns: [table.contractId, table.municipalityId, table.targetGroup] })],
);

export const contractKpis = pgTable("contract_kpis", {
  id: uuid("id").primaryKey().defaultRandom(),
  contractId: uuid("contract_id")
    .notNull()
    .references(() => contracts.id, { onDelete: "cascade" }),
  /** Catalogue code; null for a KPI added for this contract only (e.g. absence). */
  kpiCode: text("kpi_code"),
  name: text("name").notNull(),
  unit: text("unit").notNull(),
  target: numeric("target", { precision: 12, scale: 4 }).notNull(),
  direction: text("direction").notNull(),
  source: text("source").notNull(),
  overrideReason: text("override_reason"),
  weight: integer("weight").notNull().default(1),
  paymentRule: paymentRule("payment_rule").notNull().default("proportional"),
});

// Yearly achieved figures per contract KPI, from accepted progress reports (or entered by the
// contract manager until those exist). The payment is computed from these, never from sums of
// quarterly scores.
export const kpiYearFigures = pgTable(
  "kpi_year_figures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    contractKpiId: uuid("contract_kpi_id")
      .notNull()
      .references(() => contractKpis.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    /** A share: numerator / denominator. An average (client score): value in numerator, denominator 1. */
    numerator: numeric("numerator", { precision: 14, scale: 4 }).notNull(),
    denominator: numeric("denominator", { precision: 14, scale: 4 }).notNull(),
    source: text("source").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
    recordedByUserId: uuid("recorded_by_user_id"),
  },
  (table) => [uniqueIndex("kpi_year_figures_kpi_year").on(table.contractKpiId, table.year)],
);

// Immutable (trigger): every change after activation is an amendment with reason and effective date.
export const contractAmendments = pgTable("contract_amendments", {
  id: uuid("id").primaryKey().defaultRandom(),
  contractId: uuid("contract_id")
    .notNull()
    .references(() => contracts.id),
  number: integer("number").notNull(),
  kind: text("kind").notNull(),
  reason: text("reason").notNull(),
  effectiveDate: date("effective_date").notNull(),
  changes: jsonb("changes").$type<Record<string, { from: unknown; to: unknown }>>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  createdByUserId: uuid("created_by_user_id").notNull(),
  createdByName: text("created_by_name").notNull(),
});

export const contractDocuments = pgTable("contract_documents", {
  id: uuid("id").primaryKey().defaultRandom(),
  contractId: uuid("contract_id")
    .notNull()
    .references(() => contracts.id),
  fileId: uuid("file_id").notNull(),
  title: text("title").notNull(),
  addedAt: timestamp("added_at", { withTimezone: true }).notNull(),
});
