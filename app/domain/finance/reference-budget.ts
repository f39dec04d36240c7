import { sql } from "drizzle-orm";
import type { Db } from "../../db/types";
import { referenceBudgetLines } from "./finance.sql";

// The framework's cost estimates (Beleidskader Inburgering 2021–2025 Westfriesland, figures 5
// and 6), seeded exactly as printed. Amounts are never recomputed from hours × persons × rate:
// figure 6's 10 % line is 53.787,50 and printed as 53.788, so recomputing would put the total
// € 0,50 off the printed € 1.243.503 (domain.md §2).

export const referenceBudgetFigures = ["5", "6"] as const;
export type ReferenceBudgetFigure = (typeof referenceBudgetFigures)[number];

export interface ReferenceBudgetLineSeed {
  figure: ReferenceBudgetFigure;
  position: number;
  label: string;
  /** As printed, exact decimal text ("11.5"); null where the figure prints none. */
  hours: string | null;
  persons: number | null;
  rateEuros: number | null;
  /** Whole euros as printed; null where the framework prints "PM" (pro memorie). */
  amountEuros: number | null;
}

/** Figure 5: implementation costs (invoeringskosten). */
export const implementationCostLines: readonly ReferenceBudgetLineSeed[] = [
  // "2,7 × 1,5 × € 98.600" are a staffing factor, a duration and a yearly cost, not hours ×
  // persons × hourly rate: they stay in the label as printed instead of in the numeric columns.
  { figure: "5", position: 1, label: "Beleid en processen (2,7 × 1,5 × € 98.600)", hours: null, persons: null, rateEuros: null, amountEuros: 399_330 },
  { figure: "5", position: 2, label: "Communicatie", hours: null, persons: null, rateEuros: null, amountEuros: 10_000 },
  { figure: "5", position: 3, label: "Training", hours: null, persons: null, rateEuros: null, amountEuros: 25_000 },
  { figure: "5", position: 4, label: "ICT", hours: null, persons: null, rateEuros: null, amountEuros: null },
];

/** Figure 6: execution costs of the RIT, one yearly cohort of 210 over three years. */
export const executionCostLines: readonly ReferenceBudgetLineSeed[] = [
  { figure: "6", position: 1, label: "Brede intake", hours: "11.5", persons: 210, rateEuros: 65, amountEuros: 156_975 },
  { figure: "6", position: 2, label: "Monitoren voortgang PIP", hours: "26", persons: 210, rateEuros: 65, amountEuros: 354_900 },
  { figure: "6", position: 3, label: "Lokaal netwerk", hours: "400", persons: null, rateEuros: 65, amountEuros: 26_000 },
  // printed as 53.788; 10 % of the lines above is 53.787,50
  { figure: "6", position: 4, label: "Administratie & onvoorzien (10 %)", hours: null, persons: null, rateEuros: null, amountEuros: 53_788 },
  { figure: "6", position: 5, label: "Maatschappelijke begeleiding", hours: "80", persons: 105, rateEuros: 65, amountEuros: 546_000 },
  { figure: "6", position: 6, label: "Tolkkosten", hours: "7", persons: 210, rateEuros: 72, amountEuros: 105_840 },
];

/** The totals as printed under figures 5 and 6, in whole euros, to check the seed against. */
export const printedReferenceBudgetTotals = { implementation: 434_330, execution: 1_243_503 } as const;

export const referenceBudgetLineSeeds: readonly ReferenceBudgetLineSeed[] = [...implementationCostLines, ...executionCostLines];

const EURO = 100;

/**
 * Puts figures 5 and 6 in the database once. Idempotent: only an empty table is filled, so the
 * lines are never doubled by a restart.
 */
export async function seedReferenceBudgetLines(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    // two servers starting on one PostgreSQL database must not both see an empty table
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('reference_budget_lines'))`);
    const [existing] = await tx.select({ n: sql<number>`count(*)::int` }).from(referenceBudgetLines);
    if ((existing?.n ?? 0) > 0) return;
    await tx.insert(referenceBudgetLines).values(
      referenceBudgetLineSeeds.map((line) => ({
        figure: line.figure,
        position: line.position,
        label: line.label,
        hours: line.hours,
        persons: line.persons,
        rateCents: line.rateEuros === null ? null : line.rateEuros * EURO,
        amountCents: line.amountEuros === null ? null : line.amountEuros * EURO,
      })),
    );
  });
}
