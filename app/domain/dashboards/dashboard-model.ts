import { z } from "zod";
import type { KpiDirection, KpiStatus, KpiUnit, PaymentMode } from "../performance/performance-payment";
import { learningRoutes, type LearningRoute } from "../reports/report-figures";
import { targetGroups, type TargetGroup } from "../tenders/tender-content";
import type { Suppression } from "./suppression";

// The dashboard of issue 7: one model, shared by the page (routes/dashboard.tsx), the Excel
// "Contractrapportage" and the yearly PDF, so that all three show the same numbers. The figures
// come from ACCEPTED progress reports only (the latest version of a report, when it is accepted),
// grouped by period, contract, supplier, municipality, leerroute and target group.

// ------------------------------------------------------------------------------------ filters

/** The filters of the dashboard, kept in the URL (?jaar=2025&periode=2025-K3&gemeente=…). */
export const dashboardFilterSchema = z.object({
  jaar: z.coerce.number().int().min(2000, "Kies een jaar vanaf 2000.").max(2100, "Kies een jaar tot en met 2100.").optional(),
  /**
   * A quarter within the year: "2025-K3". The dashboard counts in quarters; a half-yearly or
   * yearly report counts in the quarter its period ends in (kpi-measurements.server.ts).
   */
  periode: z
    .string()
    .regex(/^\d{4}-K[1-4]$/, "Een periode is een kwartaal, bijvoorbeeld 2025-K3.")
    .optional(),
  gemeente: z.string().uuid("Kies een gemeente uit de lijst.").optional(),
  leerroute: z.enum(learningRoutes, { message: "Kies een leerroute uit de lijst." }).optional(),
  doelgroep: z.enum(targetGroups, { message: "Kies een doelgroep uit de lijst." }).optional(),
  aanbieder: z.string().uuid("Kies een aanbieder uit de lijst.").optional(),
  contract: z.string().uuid("Kies een contract uit de lijst.").optional(),
});
export type DashboardFilterInput = z.input<typeof dashboardFilterSchema>;

/** The filters in code names; every field undefined means "all". */
export interface DashboardFilters {
  year?: number;
  periodLabel?: string;
  municipalityId?: string;
  learningRoute?: LearningRoute;
  targetGroup?: TargetGroup;
  supplierOrganisationId?: string;
  contractId?: string;
}

// --------------------------------------------------------------------------------- measuring

/** How KPI measurements can be grouped (any combination; [] = one regional total). */
export const kpiGroupings = ["year", "period", "contract", "supplier", "municipality", "learningRoute", "targetGroup"] as const;
export type KpiGrouping = (typeof kpiGroupings)[number];

/**
 * One KPI measured over a set of accepted figure rows: Σ numerator / Σ denominator, the rule of
 * report-kpis.server.ts (the same numbers the prestatiebekostiging uses).
 */
export interface KpiMeasurement {
  /** Exact decimal strings, as summed by PostgreSQL ("41", "287.50" for Σ score × respondents). */
  numerator: string;
  denominator: string;
  /** Percent (0–100) for a share, the mean for a score; null when there is no data (denominator 0 or no rows). */
  value: number | null;
  /** Dutch display: "71,3 %", "7,4", "geen data"; "< 5" or "x" when suppressed (suppression.ts). */
  display: string;
  status: KpiStatus;
  /** Small-number suppression (domain.md §5) hid this value: `suppression` is not null. */
  suppressed: boolean;
  /** Why: the value is small itself, or it would let a small one be worked out (secondary). */
  suppression: Suppression | null;
}

/** A KPI of the policy goals (kpi_definitions) as the dashboard shows it. */
export interface DashboardKpiDefinition {
  code: string;
  name: string;
  unit: KpiUnit;
  /** Exact decimal as stored ("75.0000"). */
  target: string;
  /** "≥ 75 %", "≥ 7". */
  targetDisplay: string;
  direction: KpiDirection;
  learningRoute: LearningRoute | null;
}

export interface DashboardKpi extends DashboardKpiDefinition {
  /** The whole selection (the year, or the period when one is chosen). */
  measurement: KpiMeasurement;
  /** For a municipality viewer: the same KPI for the whole region (suppressed where needed). */
  regional: KpiMeasurement | null;
  /** Per reporting period of the selected year(s), oldest first: the trend chart and its table. */
  trend: { periodLabel: string; measurement: KpiMeasurement }[];
}

/** One line of a drill-down table: a leerroute, supplier, contract, municipality or target group. */
export interface DashboardBreakdownRow {
  /** The filter value that drills down into this line (route code, organisation id, contract id, …). */
  key: string;
  label: string;
  /** Flow counts of the selection, summed (suppressed where needed: null, the reason in `hiddenCounts`). */
  started: number | null;
  active: number | null;
  ended: number | null;
  /** Why a count is null; absent for a count that is shown. */
  hiddenCounts: Partial<Record<"started" | "active" | "ended", Suppression>>;
  /** Any count or KPI of the line is suppressed. */
  suppressed: boolean;
  /** Per KPI code. A KPI that does not apply to this line (another leerroute) is absent. */
  kpis: Record<string, KpiMeasurement>;
}

export interface ReportTimelinessRow {
  contractId: string;
  contractNumber: string;
  contractTitle: string;
  supplierName: string;
  /** Periods of the selection whose due date has passed. */
  due: number;
  /** Submitted (first version) on or before the due date. */
  onTime: number;
  /** Submitted after the due date. */
  late: number;
  /** Not submitted while the due date has passed. */
  overdue: number;
  /** Share on time of `due`, "83 %", or "–" when nothing was due. */
  onTimeDisplay: string;
}

export type FundingStream = "implementation" | "execution" | "provisions";

export interface DashboardMoneyRow {
  municipalityId: string;
  municipalityName: string;
  year: number;
  /** Rijksbijdragen per stream (funding_allocations), integer cents. */
  fundingCents: Record<FundingStream, number>;
  /** Contract budgets (contract_budgets) of the year, active and ended contracts. */
  committedCents: number;
  /** Σ invoicedCents of the accepted progress reports of the year. */
  realisedCents: number;
}

export interface PerformancePaymentSummaryRow {
  contractId: string;
  contractNumber: string;
  supplierName: string;
  year: number;
  mode: PaymentMode;
  commitmentCents: number;
  atStakeCents: number;
  payoutCents: number;
  withheldCents: number;
  /** "83,33 %" or "–". */
  weightedScorePercent: string;
  /** KPIs that scored 0 for lack of figures. */
  noDataKpis: number;
}

export interface DashboardOption {
  value: string;
  label: string;
}

export interface Dashboard {
  filters: DashboardFilters;
  /** The year shown: the filter's, or the latest year with accepted reports (or the clock's year). */
  year: number;
  /** For a municipality viewer: its municipality (every figure is its own, or a regional total). */
  ownMunicipality: { id: string; name: string } | null;
  options: {
    years: number[];
    periods: string[];
    municipalities: DashboardOption[];
    learningRoutes: DashboardOption[];
    targetGroups: DashboardOption[];
    suppliers: DashboardOption[];
    contracts: DashboardOption[];
  };
  kpis: DashboardKpi[];
  breakdowns: {
    byLearningRoute: DashboardBreakdownRow[];
    bySupplier: DashboardBreakdownRow[];
    byContract: DashboardBreakdownRow[];
    /** A municipality viewer gets only its own line here. */
    byMunicipality: DashboardBreakdownRow[];
    byTargetGroup: DashboardBreakdownRow[];
  };
  timeliness: ReportTimelinessRow[];
  /** `rows` is the page asked for (DashboardOptions.pages); the region total is always the whole region's. */
  money: { rows: DashboardMoneyRow[]; regionTotal: Omit<DashboardMoneyRow, "municipalityId" | "municipalityName"> };
  performancePayment: PerformancePaymentSummaryRow[];
  /** Which part of the two per-municipality lists is in `breakdowns.byMunicipality` and `money.rows`. */
  pages: { byMunicipality: DashboardPage; money: DashboardPage };
}

/** A page of a list: rows `firstRow`–`lastRow` (from 1) of `totalRows`. */
export interface DashboardPage {
  page: number;
  pageCount: number;
  totalRows: number;
  firstRow: number;
  lastRow: number;
}

/** The page parameters in the URL (not filters: the exports always hold every row). */
export const dashboardPageSchema = z.coerce.number({ message: "Een paginanummer is een getal." }).int("Een paginanummer is een geheel getal.").min(1, "Pagina's tellen vanaf 1.");

/** The KPIs sheet of the Excel export: contract × reporting period × KPI. */
export interface ContractPeriodKpiRow {
  contractId: string;
  contractNumber: string;
  supplierName: string;
  periodLabel: string;
  /** The first day of the period, "YYYY-MM-DD". */
  periodStart: string;
  kpi: DashboardKpiDefinition;
  measurement: KpiMeasurement;
}

export interface DashboardOptions {
  /**
   * Suppress small numbers everywhere, whoever asks: for outputs to a wider audience (the yearly
   * PDF, a public document). Without it only what a municipality viewer sees beyond its own
   * municipality is suppressed.
   */
  suppressSmallNumbers?: boolean;
  /**
   * The regional dashboard whoever asks, a municipality viewer included: its own-municipality
   * restriction is lifted (every municipality's line, no `ownMunicipality`, `regional` null) and,
   * because it is then a public document (domain.md §5: the yearly PDF is the same for everyone),
   * every figure is suppressed as with `suppressSmallNumbers`. Still requires read:dashboard.
   * Used by the yearly report (yearly-report-pdf.server.ts).
   */
  publicRegional?: boolean;
  /**
   * Only one page of the two per-municipality lists (the drill-down per municipality and the money
   * per municipality), for the page: at national scale they are 342 lines each, most of the
   * response. A page past the last gives the last. Without it every line is returned (the exports).
   */
  pages?: { size: number; byMunicipality?: number; money?: number };
}
