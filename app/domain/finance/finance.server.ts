import { and, asc, eq, inArray, isNotNull, sql, sum } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { formatEuroCents } from "../../utils/format";
import { recordAudit } from "../audit/audit.server";
import { contractBudgets, contracts } from "../contracts/contract.sql";
import { ForbiddenError, NotFoundError, RuleViolation, type RuleProblem } from "../errors";
import { assertPermission } from "../identity/authorize";
import { hasPermission } from "../identity/permissions";
import type { Actor } from "../identity/roles";
import { municipalities, regions } from "../regions/regions.sql";
import { progressReportFigures, progressReports, progressReportVersions, reportingPeriods } from "../reports/report.sql";
import { referenceBudgetLines } from "./finance.sql";
import { fundingAllocations, fundingKinds } from "./funding.sql";
import { printedReferenceBudgetTotals } from "./reference-budget";

// The finance position of the pooled regional money, per municipality account (domain.md §2):
// national funding in three streams, what contracts commit, the meeneemregeling for the
// provisions grant, and the policy goal "binnen rijksbijdragen" (§6.2, §7.1).

export type FundingKind = (typeof fundingKinds)[number];
export type WithinFundingStatus = "met" | "atRisk" | "missed" | "noData";

/** Contracts whose budgets count as commitments: a draft promises nothing yet; a terminated
 * contract's remaining budget is released (what it did spend will come in as realisation). */
const COMMITTING_STATUSES = ["active", "ended"] as const;

/** "Binnen rijksbijdragen": target 100 %, lower is better; at risk within 10 % of it (domain.md §3). */
const TARGET_PERCENT = 100;
const AT_RISK_PERCENT = 110;

/**
 * Status of the goal "binnen rijksbijdragen": spending as a share of funding, lower is better.
 * ≤ 100 % met; ≤ 110 % at risk (the mirror of "achieved ≥ 90 % of the target"); else missed;
 * without funding there is nothing to measure against. Integer cents, so no rounding at the edges.
 */
export function withinFundingStatus(spendingCents: number, fundingCents: number): WithinFundingStatus {
  if (fundingCents <= 0) return "noData";
  if (spendingCents * 100 <= fundingCents * TARGET_PERCENT) return "met";
  if (spendingCents * 100 <= fundingCents * AT_RISK_PERCENT) return "atRisk";
  return "missed";
}

/** Spending as a percentage of funding, one decimal, for display; null without funding. */
export function spendingPercentOf(spendingCents: number, fundingCents: number): number | null {
  if (fundingCents <= 0) return null;
  return Math.round((spendingCents * 1000) / fundingCents) / 10;
}

/**
 * Meeneemregeling: up to 100 % of last year's unspent provisions budget may be carried over.
 * Unspent = budget − spent, never below nothing and never above the budget itself. Only last
 * year's own budget counts: money carried into last year and left unspent is not carried again.
 */
export function provisionsCarryOver(previousBudgetCents: number, previousSpentCents: number): number {
  const unspent = previousBudgetCents - previousSpentCents;
  return Math.min(Math.max(unspent, 0), Math.max(previousBudgetCents, 0));
}

export interface FinanceTotals {
  fundingCents: Record<FundingKind, number>;
  /** The three streams of the period together: what "binnen rijksbijdragen" measures against. */
  totalFundingCents: number;
  /** Budgets of active and ended contracts attributed to this municipality (or the region). */
  commitmentsCents: number;
  /** Invoiced amounts of the accepted progress reports (see `realisationAvailable`). */
  realisationCents: number;
  /** What the goal counts as spent: the commitments, as long as there is no realisation. */
  spendingCents: number;
  /** True when a year in the period has spending but no funding entered: the goal cannot be judged. */
  unfundedSpending: boolean;
  spendingPercent: number | null;
  status: WithinFundingStatus;
}

export interface FinanceYear extends FinanceTotals {
  year: number;
  /** Unspent provisions of the year before that may be used this year (meeneemregeling). */
  provisionsCarryOverCents: number;
}

export interface FinanceAccount {
  years: FinanceYear[];
  /** The years shown, added up. Carry-over is left out: it is money of an earlier year's grant. */
  total: FinanceTotals;
}

export interface MunicipalityFinance extends FinanceAccount {
  municipalityId: string;
  name: string;
}

export interface FinanceOverview {
  regionName: string;
  /** Every year with funding or commitments, for the year filter. */
  availableYears: number[];
  /** The years in this overview: all of them, or the one asked for. */
  years: number[];
  /**
   * True once an accepted progress report in the region carries an invoiced amount. Realisation
   * is the sum of those amounts; the goal counts the larger of commitments and realisation as
   * spending (a contract may invoice beyond its budget), and the provisions carried over shrink by
   * what leerroute contracts invoiced.
   */
  realisationAvailable: boolean;
  /** Every municipality of the region, or for a municipality viewer only its own. */
  municipalities: MunicipalityFinance[];
  /** Always the whole region, whoever asks: the pooled money is regional (§7.1). */
  region: FinanceAccount;
}

const noFunding = (): Record<FundingKind, number> => ({ implementation: 0, execution: 0, provisions: 0 });

function totalsOf(fundingCents: Record<FundingKind, number>, commitmentsCents: number, realisationCents: number, unfundedYear = false): FinanceTotals {
  const totalFundingCents = fundingCents.implementation + fundingCents.execution + fundingCents.provisions;
  // What is contracted is taken as what will be spent, unless more was already invoiced: the
  // cautious reading of the goal while the year runs (invoices lag the work by a quarter). The
  // framework's cost estimates (figures 5 and 6) are not spending.
  const spendingCents = Math.max(commitmentsCents, realisationCents);
  const unfundedSpending = unfundedYear || (spendingCents > 0 && totalFundingCents <= 0);
  return {
    fundingCents,
    totalFundingCents,
    commitmentsCents,
    realisationCents,
    spendingCents,
    unfundedSpending,
    // Over several years, spending in a year whose funding is not entered (yet) would be weighed
    // against other years' money: such a period has no verdict rather than a false "missed".
    spendingPercent: unfundedYear ? null : spendingPercentOf(spendingCents, totalFundingCents),
    status: unfundedYear ? "noData" : withinFundingStatus(spendingCents, totalFundingCents),
  };
}

/**
 * Adds figures up. Municipalities of one year pool their money, so a region's year is judged on
 * the sum; years are not interchangeable, so a period with an unfunded year gets no verdict.
 */
function addUp(parts: readonly FinanceTotals[], across: "municipalities" | "years"): FinanceTotals {
  const funding = noFunding();
  let commitments = 0;
  let realisation = 0;
  for (const part of parts) {
    for (const kind of fundingKinds) funding[kind] += part.fundingCents[kind];
    commitments += part.commitmentsCents;
    realisation += part.realisationCents;
  }
  const unfundedYear = across === "years" && parts.some((part) => part.unfundedSpending);
  return totalsOf(funding, commitments, realisation, unfundedYear);
}

interface Cell {
  funding: Record<FundingKind, number>;
  commitmentsCents: number;
  realisationCents: number;
  /**
   * Realisation attributed to the provisions stream: what contracts for a leerroute invoiced (the
   * leerroutes are inburgeringsvoorzieningen); the DVO and other services are paid from the
   * implementation and execution money.
   */
  provisionsSpentCents: number;
}

/**
 * Funding, commitments, realisation, carry-over and the goal "binnen rijksbijdragen" per
 * municipality per year, with regional totals. A municipality viewer gets its own municipality
 * and the regional totals, never another municipality's row (the rule of getRegionOverview).
 */
export async function getFinanceOverview(db: Db, actor: Actor, options: { year?: number } = {}): Promise<FinanceOverview> {
  assertPermission(actor, "read:finance");
  const seesDetails = hasPermission(actor, "read:regionDetails");
  if (!seesDetails && !actor.municipalityId) throw new ForbiddenError();

  const allMunicipalities = await db
    .select({ id: municipalities.id, name: municipalities.name, regionId: municipalities.regionId, regionName: regions.name })
    .from(municipalities)
    .innerJoin(regions, eq(regions.id, municipalities.regionId))
    .orderBy(asc(regions.name), asc(municipalities.name));
  // the viewer's own region; for the regional roles the region of the portal (one today)
  const own = allMunicipalities.find((row) => row.id === actor.municipalityId);
  if (!seesDetails && !own) throw new ForbiddenError();
  const regionId = own?.regionId ?? allMunicipalities[0]?.regionId;
  const inRegion = allMunicipalities.filter((row) => row.regionId === regionId);
  const regionIds = inRegion.map((row) => row.id);

  const funding = regionIds.length
    ? await db
        .select({ municipalityId: fundingAllocations.municipalityId, year: fundingAllocations.year, kind: fundingAllocations.kind, cents: fundingAllocations.amountCents })
        .from(fundingAllocations)
        .where(inArray(fundingAllocations.municipalityId, regionIds))
    : [];
  const commitments = regionIds.length
    ? await db
        .select({ municipalityId: contractBudgets.municipalityId, year: contractBudgets.year, cents: sum(contractBudgets.amountCents).mapWith(Number) })
        .from(contractBudgets)
        .innerJoin(contracts, eq(contracts.id, contractBudgets.contractId))
        .where(and(inArray(contracts.status, [...COMMITTING_STATUSES]), inArray(contractBudgets.municipalityId, regionIds)))
        .groupBy(contractBudgets.municipalityId, contractBudgets.year)
    : [];

  // Realised: Σ invoiced of the accepted reports (their latest version is the accepted one), per
  // municipality and the calendar year the period starts in (periods never cross a year).
  const realised = regionIds.length
    ? await db
        .select({
          municipalityId: progressReportFigures.municipalityId,
          year: sql<number>`extract(year from ${reportingPeriods.periodStart})::int`.mapWith(Number),
          cents: sql<number>`coalesce(sum(${progressReportFigures.invoicedCents}), 0)`.mapWith(Number),
          provisionsCents: sql<number>`coalesce(sum(${progressReportFigures.invoicedCents}) filter (where ${contracts.learningRoute} is not null), 0)`.mapWith(Number),
        })
        .from(progressReportFigures)
        .innerJoin(progressReportVersions, eq(progressReportVersions.id, progressReportFigures.versionId))
        .innerJoin(progressReports, and(eq(progressReports.id, progressReportVersions.reportId), eq(progressReports.latestVersion, progressReportVersions.number)))
        .innerJoin(reportingPeriods, eq(reportingPeriods.id, progressReports.periodId))
        .innerJoin(contracts, eq(contracts.id, progressReports.contractId))
        .where(and(eq(progressReports.status, "accepted"), inArray(progressReportFigures.municipalityId, regionIds), isNotNull(progressReportFigures.invoicedCents)))
        .groupBy(progressReportFigures.municipalityId, sql`extract(year from ${reportingPeriods.periodStart})`)
    : [];

  const cells = new Map<string, Cell>();
  const cellOf = (municipalityId: string, year: number): Cell => {
    const key = `${municipalityId}:${year}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { funding: noFunding(), commitmentsCents: 0, realisationCents: 0, provisionsSpentCents: 0 };
      cells.set(key, cell);
    }
    return cell;
  };
  for (const row of funding) cellOf(row.municipalityId, row.year).funding[row.kind] += row.cents;
  for (const row of commitments) cellOf(row.municipalityId, row.year).commitmentsCents += row.cents;
  for (const row of realised) {
    const cell = cellOf(row.municipalityId, row.year);
    cell.realisationCents += row.cents;
    cell.provisionsSpentCents += row.provisionsCents;
  }

  const availableYears = [...new Set([...funding.map((row) => row.year), ...commitments.map((row) => row.year), ...realised.map((row) => row.year)])].sort((a, b) => a - b);
  const years = options.year === undefined ? availableYears : availableYears.filter((year) => year === options.year);

  const accounts: MunicipalityFinance[] = inRegion.map((municipality) => {
    const perYear = years.map((year): FinanceYear => {
      const cell = cellOf(municipality.id, year);
      const previous = cellOf(municipality.id, year - 1);
      return {
        year,
        ...totalsOf({ ...cell.funding }, cell.commitmentsCents, cell.realisationCents),
        provisionsCarryOverCents: provisionsCarryOver(previous.funding.provisions, previous.provisionsSpentCents),
      };
    });
    return { municipalityId: municipality.id, name: municipality.name, years: perYear, total: addUp(perYear, "years") };
  });

  // Pooled money: the region's figures are the sum of the municipality accounts, each carry-over
  // capped on its own municipality's budget.
  const regionYears = years.map((year, index): FinanceYear => {
    const parts = accounts.map((account) => account.years[index]!);
    return { year, ...addUp(parts, "municipalities"), provisionsCarryOverCents: parts.reduce((total, part) => total + part.provisionsCarryOverCents, 0) };
  });

  return {
    regionName: inRegion[0]?.regionName ?? "",
    availableYears,
    years,
    realisationAvailable: realised.length > 0,
    municipalities: seesDetails ? accounts : accounts.filter((account) => account.municipalityId === actor.municipalityId),
    region: { years: regionYears, total: addUp(regionYears, "years") },
  };
}

export interface ReferenceBudgetLine {
  id: string;
  position: number;
  label: string;
  /** Exact decimal text as stored ("11.50"), or null. */
  hours: string | null;
  persons: number | null;
  rateCents: number | null;
  /** null for "PM" (pro memorie). */
  amountCents: number | null;
}

export interface ReferenceBudgetFigureLines {
  figure: "5" | "6";
  lines: ReferenceBudgetLine[];
  /** The stored lines added up (PM counts as nothing). */
  totalCents: number;
  /** The total as the framework prints it. */
  printedTotalCents: number;
}

export interface ReferenceBudget {
  implementation: ReferenceBudgetFigureLines;
  execution: ReferenceBudgetFigureLines;
}

/** The cost estimates of the framework (figures 5 and 6) as printed: estimates, not spending. */
export async function getReferenceBudget(db: Db, actor: Actor): Promise<ReferenceBudget> {
  assertPermission(actor, "read:finance");
  const rows = await db.select().from(referenceBudgetLines).orderBy(asc(referenceBudgetLines.figure), asc(referenceBudgetLines.position));
  const figure = (code: "5" | "6", printedEuros: number): ReferenceBudgetFigureLines => {
    const lines = rows
      .filter((row) => row.figure === code)
      .map(({ id, position, label, hours, persons, rateCents, amountCents }) => ({ id, position, label, hours, persons, rateCents, amountCents }));
    return { figure: code, lines, totalCents: lines.reduce((total, line) => total + (line.amountCents ?? 0), 0), printedTotalCents: printedEuros * 100 };
  };
  return {
    implementation: figure("5", printedReferenceBudgetTotals.implementation),
    execution: figure("6", printedReferenceBudgetTotals.execution),
  };
}

export interface ProvisionsFundingInput {
  municipalityId: string;
  year: number;
  amountCents: number;
}

/** The provisions grant is known per year (§7.1); the years the portal accepts it for. */
export const PROVISIONS_YEARS = { first: 2020, last: 2040 } as const;

/**
 * Records the provisions budget (middelen inburgeringsvoorzieningen) of a municipality for a
 * year: a new row or a change of the existing one, with its audit row in the same transaction.
 */
export async function setProvisionsFunding(db: Db, clock: Clock, actor: Actor, input: ProvisionsFundingInput) {
  assertPermission(actor, "manage:finance");
  const problems: RuleProblem[] = [];
  if (!Number.isInteger(input.year) || input.year < PROVISIONS_YEARS.first || input.year > PROVISIONS_YEARS.last) {
    problems.push({ field: "year", message: `Vul een jaar in van ${PROVISIONS_YEARS.first} tot en met ${PROVISIONS_YEARS.last}.` });
  }
  if (!Number.isInteger(input.amountCents)) {
    problems.push({ field: "amountCents", message: "Vul het bedrag in hele centen in." });
  } else if (input.amountCents < 0) {
    problems.push({ field: "amountCents", message: "Het bedrag kan niet negatief zijn." });
  }
  if (problems.length) throw RuleViolation.of("provisionsFunding.invalid", problems);

  return db.transaction(async (tx) => {
    const [municipality] = await tx.select({ id: municipalities.id, name: municipalities.name }).from(municipalities).where(eq(municipalities.id, input.municipalityId));
    if (!municipality) throw new NotFoundError("Deze gemeente bestaat niet.");

    const [existing] = await tx
      .select()
      .from(fundingAllocations)
      .where(and(eq(fundingAllocations.municipalityId, municipality.id), eq(fundingAllocations.year, input.year), eq(fundingAllocations.kind, "provisions")))
      .for("update");
    const source = `Ingevoerd door ${actor.name}`;
    const [saved] = existing
      ? await tx.update(fundingAllocations).set({ amountCents: input.amountCents, source }).where(eq(fundingAllocations.id, existing.id)).returning()
      : await tx
          .insert(fundingAllocations)
          .values({ municipalityId: municipality.id, year: input.year, kind: "provisions", amountCents: input.amountCents, source })
          .returning();
    if (!saved) throw new Error("provisions funding not saved");

    const before = existing ? formatEuroCents(existing.amountCents) : "geen bedrag";
    await recordAudit(tx, clock, {
      actor,
      action: existing ? "funding.provisionsChanged" : "funding.provisionsSet",
      entityType: "fundingAllocation",
      entityId: saved.id,
      summary: `Middelen inburgeringsvoorzieningen ${input.year} van ${municipality.name}: ${formatEuroCents(input.amountCents)} (was ${before})`,
      changes: {
        municipalityId: municipality.id,
        year: input.year,
        kind: "provisions",
        amountCents: { from: existing?.amountCents ?? null, to: input.amountCents },
      },
    });
    return { ...saved, municipalityName: municipality.name };
  });
}
