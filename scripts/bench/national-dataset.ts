// A NATIONAL-SCALE data set for the dashboard benchmarks of issue 7 (not the demo seed): 342
// synthetic municipalities in 34 synthetic regions, 20 active contracts (19 tendered leerroute
// contracts spread over b1/education/z, each route's contracts together covering every
// municipality, plus one DVO-like serviceAgreement for the municipalities of the first region),
// their catalogue KPIs, budgets, expected volumes, funding allocations, 12 quarterly reporting
// periods (2023-K1 … 2025-K4, due 30 days after each), one ACCEPTED report per contract × period
// and its typed figure rows per municipality × leerroute × target group, plus the KPI year
// figures that accepting those reports would have computed (refreshKpiYearFiguresFromReports).
//
//   npx tsx scripts/bench/national-dataset.ts --database-url postgres://postgres@127.0.0.1:5432/portal_national_bench
//
// The database is created when missing (through the `postgres` database, trust auth), migrated,
// given the framework's reference data (as the server does on start: the dashboard reads the KPI
// targets from kpi_definitions), then filled. A database that already holds the set is left as it
// is (the script prints its counts) unless --recreate is given, which drops and recreates it.
//
// Deterministic: every id is derived from a name (SHA-256), every number from a seeded
// pseudo-random generator (mulberry32), every timestamp from the calendar; two runs give
// identical rows. The figures are consistent the way validateReportFigures checks them (every
// numerator ≤ its denominator, the flow active(previous) + started − ended = active adds up, the
// mean score exists exactly when someone answered), so the dashboard sees plausible KPIs: per
// contract the rates are drawn around the catalogue targets, so some meet, some are at risk and
// some miss.
//
// `generateNationalDataset(db, options)` works on either driver (the Db of app/db/types.ts); the
// vitest test/bench/national-dataset.db.test.ts builds a reduced set on PGlite with it.
//
// Accounts (all with NATIONAL_BENCH_PASSWORD, hashed with the portal's scrypt parameters and a
// fixed salt): contractmanager@nationaal.bench.test (contractManager), projectgroep@… (projectgroup),
// gemeente-001@… (municipalityViewer of Gemeente 001) and one supplier user per supplier,
// rapportage@aanbieder-NN.nationaal.bench.test.
import { createHash, scrypt as scryptCallback } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { getTableColumns, like, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../app/db/types";
import { contractBudgets, contractKpis, contracts, contractVolumes, kpiYearFigures } from "../../app/domain/contracts/contract.sql";
import { fundingAllocations, type fundingKinds } from "../../app/domain/finance/funding.sql";
import { users, userRoles } from "../../app/domain/identity/identity.sql";
import { organisations } from "../../app/domain/organisations/organisations.sql";
import { kpiDefinitions } from "../../app/domain/performance/kpi-catalogue.sql";
import { municipalities, regions } from "../../app/domain/regions/regions.sql";
import type { FigureValues, LearningRoute } from "../../app/domain/reports/report-figures";
import { refreshKpiYearFiguresFromReports } from "../../app/domain/reports/report-kpis.server";
import { progressReportFigures, progressReports, progressReportVersions, reportingPeriods } from "../../app/domain/reports/report.sql";
import { reportingPeriodsFor } from "../../app/domain/reports/reporting-periods";
import { targetGroups, type TargetGroup } from "../../app/domain/tenders/tender-content";
import { addCalendarDays, amsterdamLocalToInstant } from "../../app/utils/amsterdam-time";
import type { Clock } from "../../app/utils/clock.server";
import { seededRandom } from "../../app/utils/seeded-random";

// ---------------------------------------------------------------------------------------------
// Options

export interface NationalDatasetOptions {
  /** Synthetic municipalities "Gemeente 001" …; national: 342. */
  municipalities: number;
  /** Quarters from 2023-K1 on; national: 12 (2023-K1 … 2025-K4). */
  quarters: number;
  /** Contracts; national: 20. From 4 on, one of them is the DVO-like serviceAgreement. */
  contracts: number;
  /** Seed of the pseudo-random figures. */
  seed: number;
  /** Rows per multi-row INSERT. */
  batchSize: number;
  /** Called after each step with the milliseconds since the start (the command line prints them). */
  onStep?: (step: string, elapsedMs: number) => void;
}

export const nationalDefaults: NationalDatasetOptions = { municipalities: 342, quarters: 12, contracts: 20, seed: 20230101, batchSize: 1000 };

export const NATIONAL_BENCH_PASSWORD = "Nationaal-benchmark-2025!";
export const NATIONAL_CONTRACT_PREFIX = "NL-";
const EMAIL_DOMAIN = "nationaal.bench.test";
const FIRST_YEAR = 2023;
const SOURCE = "Synthetisch: nationale benchmarkset (scripts/bench/national-dataset.ts)";

export interface NationalDatasetCounts {
  regions: number;
  municipalities: number;
  organisations: number;
  users: number;
  contracts: number;
  contractKpis: number;
  contractBudgets: number;
  contractVolumes: number;
  fundingAllocations: number;
  reportingPeriods: number;
  progressReports: number;
  progressReportVersions: number;
  progressReportFigures: number;
  kpiYearFigures: number;
}

// ---------------------------------------------------------------------------------------------
// Determinism: ids from names, numbers from seeds

/** A UUID (version 5 layout, RFC 9562 variant) derived from a name: the same name, the same id. */
export function nationalId(...parts: (string | number)[]): string {
  const hex = createHash("sha256").update(`national-bench:${parts.join(":")}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}


function seedOf(seed: number, ...parts: (string | number)[]): number {
  return createHash("sha256").update(`${seed}:${parts.join(":")}`).digest().readUInt32LE(0);
}

const pad = (value: number, width: number) => String(value).padStart(width, "0");
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
/** An Amsterdam wall-clock time as an instant. */
const at = (date: string, time: string) => new Date(amsterdamLocalToInstant(`${date}T${time}`));

/** The portal's scrypt format and parameters (password.server.ts), with a fixed salt so runs are identical. */
function benchPasswordHash(): Promise<string> {
  const salt = createHash("sha256").update("national-bench-salt").digest().subarray(0, 16);
  const N = 2 ** 17;
  return new Promise((resolve, reject) =>
    scryptCallback(NATIONAL_BENCH_PASSWORD.normalize("NFC"), salt, 32, { N, r: 8, p: 1, maxmem: 128 * N * 8 * 2 }, (error, key) =>
      error ? reject(error) : resolve(["scrypt", N, 8, 1, salt.toString("base64"), key.toString("base64")].join("$")),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The plan: who covers whom

const routeCodes: Record<LearningRoute, string> = { b1: "B1", education: "OR", z: "Z" };
const routeTitles: Record<LearningRoute, string> = { b1: "B1-route", education: "Onderwijsroute", z: "Z-route" };
const routeServices: Record<LearningRoute, string[]> = { b1: ["b1Route", "knm"], education: ["educationRoute"], z: ["zRoute"] };
const routeKpis: Record<LearningRoute, string[]> = {
  b1: ["completedInTime.b1", "outflowToWork.b1", "workContactYearOne", "localParticipation", "clientSatisfaction"],
  education: ["completedInTime.education", "outflowToWorkOrEducation.education", "workContactYearOne", "localParticipation", "clientSatisfaction"],
  z: ["completedInTime.z", "outflowToWorkOrEducation.z", "workContactYearOne", "localParticipation", "clientSatisfaction"],
};
const dvoKpis = ["financialSelfRelianceAfterSixMonths", "workContactYearOne", "clientSatisfaction"];

/** New participants per municipality of average size per quarter, per route (≈ 25,000 a year nationally). */
const startsPerQuarter: Record<LearningRoute, number> = { b1: 10.8, education: 2.7, z: 4.5 };
const targetGroupShare: Record<TargetGroup, number> = { asylumMigrant: 0.72, familyMigrant: 0.28 };
/** Tendered price per participant (cents) and hours offered per active participant per quarter. */
const pricePerParticipantCents: Record<LearningRoute, number> = { b1: 10_400_00, education: 12_900_00, z: 8_300_00 };
const hoursPerActive: Record<LearningRoute, number> = { b1: 110, education: 150, z: 130 };
const DVO_PRICE_PER_PARTICIPANT_CENTS = 2_760_00;
const DVO_HOURS_PER_ACTIVE = 18;

interface Rates {
  metInTime: number;
  outflowWork: number;
  outflowEducation: number;
  workContact: number;
  local: number;
  score: number;
  selfReliance: number;
  invoicePerActiveCents: number;
}

interface ContractPlan {
  index: number;
  id: string;
  number: string;
  title: string;
  kind: "tender" | "serviceAgreement";
  learningRoute: LearningRoute | null;
  /** Rows are reported for these routes: the contract's own, or all three for the DVO. */
  routes: readonly LearningRoute[];
  supplierIndex: number;
  municipalityIndexes: number[];
  rates: Rates;
  kpiCodes: string[];
}

interface MunicipalityPlan {
  index: number;
  id: string;
  name: string;
  cbsCode: string;
  regionIndex: number;
  /** Relative size, mean 1 over the country. */
  weight: number;
}

function planMunicipalities(options: NationalDatasetOptions, regionCount: number): MunicipalityPlan[] {
  const next = seededRandom(seedOf(options.seed, "municipalities"));
  const raw = Array.from({ length: options.municipalities }, (_, index) => {
    // log-normal sizes (Box–Muller), and four big cities
    const gaussian = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    return Math.exp(0.85 * gaussian) * (index % 86 === 5 ? 12 : 1);
  });
  const mean = raw.reduce((sum, value) => sum + value, 0) / raw.length;
  return raw.map((value, index) => ({
    index,
    id: nationalId("municipality", index + 1),
    name: `Gemeente ${pad(index + 1, 3)}`,
    // GM5001 …: far above the real CBS codes (GM0003 … GM1980s), so they never clash
    cbsCode: `GM${5001 + index}`,
    regionIndex: Math.floor((index * regionCount) / options.municipalities),
    weight: Math.round((value / mean) * 1000) / 1000,
  }));
}

function planContracts(options: NationalDatasetOptions, municipalityPlans: MunicipalityPlan[], supplierCount: number, hasDvo: boolean): ContractPlan[] {
  const tenderCount = options.contracts - (hasDvo ? 1 : 0);
  const routeOf = (tender: number) => (["b1", "education", "z"] as const)[tender % 3]!;
  const perRoute = { b1: 0, education: 0, z: 0 } as Record<LearningRoute, number>;
  for (let tender = 0; tender < tenderCount; tender += 1) perRoute[routeOf(tender)] += 1;
  const seenPerRoute = { b1: 0, education: 0, z: 0 } as Record<LearningRoute, number>;
  const count = options.municipalities;
  const plans: ContractPlan[] = [];
  const supplierTenders = Math.max(1, supplierCount - (hasDvo ? 1 : 0));

  const ratesFor = (index: number, route: LearningRoute | null): Rates => {
    const next = seededRandom(seedOf(options.seed, "rates", index));
    const around = (middle: number, spread: number) => Math.round((middle + (next() - 0.5) * 2 * spread) * 1000) / 1000;
    const invoice = route ? Math.round((pricePerParticipantCents[route] / 6) * (0.9 + 0.2 * next())) : Math.round((DVO_PRICE_PER_PARTICIPANT_CENTS / 5) * (0.9 + 0.2 * next()));
    return {
      // targets: completedInTime 75/80/90 %, outflow 50/50/65 %, work contact 80 %, local 80 %, score 7, self reliance 75 %
      metInTime: around(route === "z" ? 0.86 : route === "education" ? 0.8 : 0.76, 0.1),
      outflowWork: around(route === "z" ? 0.5 : route === "education" ? 0.26 : 0.5, 0.08),
      outflowEducation: around(route === "education" ? 0.22 : route === "z" ? 0.12 : 0.06, 0.04),
      workContact: around(0.78, 0.1),
      local: around(0.78, 0.12),
      score: around(7.1, 0.6),
      selfReliance: around(0.75, 0.1),
      invoicePerActiveCents: invoice,
    };
  };

  for (let tender = 0; tender < tenderCount; tender += 1) {
    const route = routeOf(tender);
    const k = perRoute[route];
    const j = seenPerRoute[route]++;
    // contiguous blocks, shifted per route so that the routes' contract boundaries differ
    const offset = Math.floor((count * ["b1", "education", "z"].indexOf(route)) / 7);
    const municipalityIndexes: number[] = [];
    for (let position = Math.floor((j * count) / k); position < Math.floor(((j + 1) * count) / k); position += 1) {
      municipalityIndexes.push((position + offset) % count);
    }
    municipalityIndexes.sort((a, b) => a - b);
    const index = plans.length;
    plans.push({
      index,
      id: nationalId("contract", index),
      number: `${NATIONAL_CONTRACT_PREFIX}2023-${routeCodes[route]}-${pad(j + 1, 2)}`,
      title: `${routeTitles[route]} perceel ${j + 1} (${municipalityIndexes.length} gemeenten)`,
      kind: "tender",
      learningRoute: route,
      routes: [route],
      supplierIndex: tender % supplierTenders,
      municipalityIndexes,
      rates: ratesFor(index, route),
      kpiCodes: routeKpis[route],
    });
  }
  if (hasDvo) {
    const index = plans.length;
    const municipalityIndexes = municipalityPlans.filter((municipality) => municipality.regionIndex === 0).map((municipality) => municipality.index);
    plans.push({
      index,
      id: nationalId("contract", index),
      number: `${NATIONAL_CONTRACT_PREFIX}2023-DVO-01`,
      title: `Dienstverleningsovereenkomst regionaal inburgeringsteam Regio 01 (${municipalityIndexes.length} gemeenten)`,
      kind: "serviceAgreement",
      learningRoute: null,
      routes: ["b1", "education", "z"],
      supplierIndex: supplierCount - 1,
      municipalityIndexes,
      rates: ratesFor(index, null),
      kpiCodes: dvoKpis,
    });
  }
  return plans;
}

// ---------------------------------------------------------------------------------------------
// Figures

interface RowState {
  active: number;
  started: number[];
}

type FigureRow = { versionId: string; municipalityId: string; learningRoute: LearningRoute; targetGroup: TargetGroup } & FigureValues;

/** The figures of one row for one quarter; `state` carries the flow from quarter to quarter. */
function figuresFor(plan: ContractPlan, route: LearningRoute, targetGroup: TargetGroup, weight: number, quarter: number, state: RowState, next: () => number): FigureValues {
  const werksaam = plan.kind === "serviceAgreement";
  const rates = plan.rates;
  const noise = (spread = 0.3) => 1 - spread + 2 * spread * next();
  const part = (whole: number, rate: number) => clamp(Math.round(whole * clamp(rate * noise(0.12), 0, 1)), 0, whole);
  const expected = startsPerQuarter[route] * weight * targetGroupShare[targetGroup];

  // the stock the contract took over from the previous one, before its first quarter
  if (quarter === 0 && state.active === 0) state.active = Math.max(2, Math.round(expected * 5 * noise()));
  const started = Math.max(0, Math.round(expected * noise()));
  // people leave after about a year and a half; at least one stays active
  const leaving = clamp(Math.round(state.active * 0.16 * noise(0.4)), 0, Math.min(state.active, state.active + started - 1));
  let remaining = leaving;
  const take = (rate: number) => {
    const value = clamp(Math.round(remaining * rate * noise(0.3)), 0, remaining);
    remaining -= value;
    return value;
  };
  const endedWork = take(route === "z" ? 0.1 : 0.2);
  const endedEducation = take(route === "education" ? 0.3 : 0.05);
  const endedMoved = take(0.1);
  const endedExemption = take(route === "z" ? 0.12 : 0.03);
  const endedOther = take(0.05);
  const endedObligationMet = remaining;
  const active = state.active + started - leaving;

  const cohortYearOne = quarter >= 4 ? state.started[quarter - 4]! : Math.max(0, Math.round(expected * noise()));
  const cohortTermEnded = Math.max(0, Math.round(expected * 0.85 * noise()));
  const outflowCohort = Math.max(0, Math.round(expected * 0.8 * noise()));
  const outflowWork = part(outflowCohort, rates.outflowWork);
  const outflowEducation = clamp(Math.round(outflowCohort * rates.outflowEducation * noise(0.3)), 0, outflowCohort - outflowWork);
  const surveyRespondents = clamp(Math.round(active * 0.35 * noise()), 1, active);
  const perActiveHours = werksaam ? DVO_HOURS_PER_ACTIVE : hoursPerActive[route];
  const hoursOffered = active * perActiveHours;
  const hoursAttended = Math.round(hoursOffered * (0.8 + 0.1 * next()));
  const hoursAbsent = clamp(Math.round(hoursOffered * (0.05 + 0.06 * next())), 0, hoursOffered - hoursAttended);
  // ontzorgen: asylum migrants six months (two quarters) after housing
  const unburdeningCohort = targetGroup !== "asylumMigrant" ? 0 : quarter >= 2 ? state.started[quarter - 2]! : Math.max(0, Math.round(expected * noise()));

  state.started[quarter] = started;
  state.active = active;
  return {
    started,
    active,
    endedObligationMet,
    endedWork,
    endedEducation,
    endedMoved,
    endedExemption,
    endedOther,
    cohortTermEnded,
    cohortMetInTime: part(cohortTermEnded, rates.metInTime),
    achievedKnm: Math.round(active * 0.08 * noise()),
    achievedMap: Math.round(started * 0.9),
    achievedPvt: Math.round(started * 0.8),
    achievedExamB1: route === "z" ? 0 : Math.round(endedObligationMet * 0.7),
    achievedExamA2: route === "b1" ? Math.round(endedObligationMet * 0.3) : route === "z" ? Math.round(endedObligationMet * 0.4) : 0,
    achievedDiploma: route === "education" ? endedEducation : 0,
    hoursOffered,
    hoursAttended,
    hoursAbsent,
    cohortYearOne,
    cohortYearOneWorkContact: part(cohortYearOne, rates.workContact),
    participatingLocally: part(active, rates.local),
    outflowCohort,
    outflowWork,
    outflowEducation,
    surveyRespondents,
    surveyMeanScore: clamp(Math.round((rates.score + (next() - 0.5) * 1.4) * 100) / 100, 1, 10),
    intakesHeld: werksaam ? started + (next() < 0.3 ? 1 : 0) : null,
    pipsSet: werksaam ? started : null,
    unburdeningCohort: werksaam ? unburdeningCohort : null,
    financiallySelfReliant: werksaam ? part(unburdeningCohort, rates.selfReliance) : null,
    invoicedCents: active * rates.invoicePerActiveCents,
  };
}

// ---------------------------------------------------------------------------------------------
// Generation

async function insertBatched<T>(rows: T[], batchSize: number, insert: (batch: T[]) => Promise<unknown>): Promise<number> {
  for (let start = 0; start < rows.length; start += batchSize) await insert(rows.slice(start, start + batchSize));
  return rows.length;
}

/**
 * The bulk tables: one JSON parameter per batch, unpacked by PostgreSQL (json_populate_recordset)
 * instead of a bind parameter per cell: for the 36-column figure rows about seven times faster on
 * postgres.js, and the same on both drivers. Every column must be given (no defaults apply).
 */
async function insertJsonBatched<T extends PgTable>(tx: Db, table: T, rows: T["$inferInsert"][], batchSize: number, options: { onConflictDoNothing?: boolean } = {}): Promise<number> {
  const columns = Object.entries(getTableColumns(table)).map(([property, column]) => [property, column.name] as const);
  const conflict = options.onConflictDoNothing ? sql` on conflict do nothing` : sql``;
  return insertBatched(rows, batchSize, (batch) => {
    const json = JSON.stringify(batch.map((row) => Object.fromEntries(columns.map(([property, name]) => [name, (row as Record<string, unknown>)[property] ?? null]))));
    return tx.execute(sql`insert into ${table} select * from json_populate_recordset(null::${table}, ${json}::json)${conflict}`);
  });
}

/** Throws when the database already holds contracts of this data set. */
export async function generateNationalDataset(db: Db, overrides: Partial<NationalDatasetOptions> = {}): Promise<NationalDatasetCounts> {
  const options: NationalDatasetOptions = { ...nationalDefaults, ...overrides };
  const { batchSize } = options;
  const hasDvo = options.contracts >= 4;
  const tenderCount = options.contracts - (hasDvo ? 1 : 0);
  if (!Number.isInteger(options.contracts) || tenderCount < 3) throw new RangeError("At least 3 contracts: every leerroute needs one.");
  if (!Number.isInteger(options.municipalities) || options.municipalities < Math.ceil(tenderCount / 3)) {
    throw new RangeError(`At least ${Math.ceil(tenderCount / 3)} municipalities for ${tenderCount} leerroute contracts.`);
  }
  if (!Number.isInteger(options.quarters) || options.quarters < 1 || options.quarters > 40) throw new RangeError("1–40 quarters.");

  const [existing] = await db.select({ id: contracts.id }).from(contracts).where(like(contracts.number, `${NATIONAL_CONTRACT_PREFIX}%`)).limit(1);
  if (existing) throw new Error("This database already holds the national data set (contracts NL-…).");
  const definitions = await db.select().from(kpiDefinitions);
  const definitionByCode = new Map(definitions.map((definition) => [definition.code, definition]));
  for (const code of [...Object.values(routeKpis).flat(), ...dvoKpis]) {
    if (!definitionByCode.has(code)) throw new Error(`KPI ${code} missing from kpi_definitions: run seedReferenceData first.`);
  }

  const regionCount = Math.max(1, Math.round(options.municipalities / 10));
  const supplierCount = (hasDvo ? 1 : 0) + Math.max(1, Math.round(tenderCount * 0.6));
  const municipalityPlans = planMunicipalities(options, regionCount);
  const contractPlans = planContracts(options, municipalityPlans, supplierCount, hasDvo);
  const contractEnd = addCalendarDays(`${FIRST_YEAR + Math.floor(options.quarters / 4)}-${pad(((options.quarters % 4) * 3) + 1, 2)}-01`, -1);
  const periods = reportingPeriodsFor({ startDate: `${FIRST_YEAR}-01-01`, endDate: contractEnd, frequency: "quarterly", dueDays: 30 });
  const years = [...new Set(periods.map((period) => Number(period.periodStart.slice(0, 4))))];
  const startedAt = performance.now();
  const step = (name: string) => options.onStep?.(name, performance.now() - startedAt);
  const passwordHash = await benchPasswordHash();
  step("password hash");
  const counts: NationalDatasetCounts = {
    regions: 0,
    municipalities: 0,
    organisations: 0,
    users: 0,
    contracts: 0,
    contractKpis: 0,
    contractBudgets: 0,
    contractVolumes: 0,
    fundingAllocations: 0,
    reportingPeriods: 0,
    progressReports: 0,
    progressReportVersions: 0,
    progressReportFigures: 0,
    kpiYearFigures: 0,
  };

  await db.transaction(async (tx) => {
    // ---- regions and municipalities (reference-like: kept when they exist, same ids every run)
    const regionRows = Array.from({ length: regionCount }, (_, index) => ({
      id: nationalId("region", index + 1),
      code: `nl-regio-${pad(index + 1, 2)}`,
      name: `Regio ${pad(index + 1, 2)}`,
    }));
    await tx.insert(regions).values(regionRows).onConflictDoNothing();
    counts.regions = regionRows.length;
    counts.municipalities = await insertBatched(municipalityPlans, batchSize, (batch) =>
      tx
        .insert(municipalities)
        .values(batch.map((municipality) => ({ id: municipality.id, regionId: regionRows[municipality.regionIndex]!.id, cbsCode: municipality.cbsCode, name: municipality.name })))
        .onConflictDoNothing(),
    );

    step("regions, municipalities");
    // ---- funding per municipality × year × stream
    const fundingRows = municipalityPlans.flatMap((municipality) => {
      const perYear = (startsPerQuarter.b1 + startsPerQuarter.education + startsPerQuarter.z) * 4 * municipality.weight;
      const amounts: Record<(typeof fundingKinds)[number], number> = {
        implementation: Math.round(40_000 + perYear * 350) * 100,
        execution: Math.round(perYear * 6_800) * 100,
        provisions: Math.round(perYear * 1_450) * 100,
      };
      return years.flatMap((year) =>
        (Object.keys(amounts) as (typeof fundingKinds)[number][]).map((kind) => ({
          id: nationalId("funding", municipality.index, year, kind),
          municipalityId: municipality.id,
          year,
          kind,
          // a little growth per year
          amountCents: Math.round((amounts[kind] * (1 + 0.03 * (year - FIRST_YEAR))) / 100) * 100,
          source: SOURCE,
        })),
      );
    });
    counts.fundingAllocations = await insertJsonBatched(tx, fundingAllocations, fundingRows, batchSize, { onConflictDoNothing: true });

    step("funding allocations");
    // ---- suppliers and accounts
    const created = at("2022-09-01", "09:00");
    const supplierRows = Array.from({ length: supplierCount }, (_, index) => {
      const dvo = hasDvo && index === supplierCount - 1;
      const name = dvo ? "Regionaal Inburgeringsteam Regio 01" : `Taalinstituut ${pad(index + 1, 2)} B.V.`;
      return {
        id: nationalId("organisation", index + 1),
        kind: dvo ? ("publicBody" as const) : ("languageSchool" as const),
        name,
        kvkNumber: `9${pad(index + 1, 7)}`,
        street: `Benchmarkstraat ${index + 1}`,
        postalCode: `${1000 + index * 37} AB`,
        city: `Plaats ${pad(index + 1, 2)}`,
        contactName: `Contactpersoon ${pad(index + 1, 2)}`,
        contactEmail: `info@aanbieder-${pad(index + 1, 2)}.${EMAIL_DOMAIN}`,
        contactPhone: null,
        active: true,
        createdAt: created,
        verificationStatus: "verified" as const,
        verifiedAt: created,
      };
    });
    counts.organisations = await insertBatched(supplierRows, batchSize, (batch) => tx.insert(organisations).values(batch));

    const manager = { id: nationalId("user", "contractmanager"), email: `contractmanager@${EMAIL_DOMAIN}`, name: "Contractmanager Nationaal", passwordHash, organisationId: null, municipalityId: null, createdAt: created };
    const projectgroup = { id: nationalId("user", "projectgroep"), email: `projectgroep@${EMAIL_DOMAIN}`, name: "Projectgroep Nationaal", passwordHash, organisationId: null, municipalityId: null, createdAt: created };
    const viewer = { id: nationalId("user", "gemeente-001"), email: `gemeente-001@${EMAIL_DOMAIN}`, name: "Beleidsmedewerker Gemeente 001", passwordHash, organisationId: null, municipalityId: municipalityPlans[0]!.id, createdAt: created };
    const supplierUsers = supplierRows.map((supplier, index) => ({
      id: nationalId("user", "supplier", index + 1),
      email: `rapportage@aanbieder-${pad(index + 1, 2)}.${EMAIL_DOMAIN}`,
      name: `Rapporteur ${supplier.name}`,
      passwordHash,
      organisationId: supplier.id,
      municipalityId: null,
      createdAt: created,
    }));
    const userRows = [manager, projectgroup, viewer, ...supplierUsers];
    counts.users = await insertBatched(userRows, batchSize, (batch) => tx.insert(users).values(batch));
    await tx.insert(userRoles).values([
      { userId: manager.id, role: "contractManager" as const },
      { userId: projectgroup.id, role: "projectgroup" as const },
      { userId: viewer.id, role: "municipalityViewer" as const },
      ...supplierUsers.map((user) => ({ userId: user.id, role: "supplier" as const })),
    ]);

    step("suppliers, accounts");
    // ---- contracts, KPIs, budgets, volumes
    const contractRows = contractPlans.map((plan) => {
      const participantsPerYear = plan.municipalityIndexes.reduce(
        (sum, index) => sum + plan.routes.reduce((routeSum, route) => routeSum + startsPerQuarter[route] * 4 * municipalityPlans[index]!.weight, 0),
        0,
      );
      const price = plan.learningRoute ? pricePerParticipantCents[plan.learningRoute] : DVO_PRICE_PER_PARTICIPANT_CENTS;
      return {
        id: plan.id,
        number: plan.number,
        title: plan.title,
        kind: plan.kind,
        status: "active" as const,
        supplierOrganisationId: supplierRows[plan.supplierIndex]!.id,
        learningRoute: plan.learningRoute,
        services: plan.learningRoute ? routeServices[plan.learningRoute] : ["intake", "pip", "monitoring", "socialGuidance", "financialUnburdening", "interpreting"],
        startDate: `${FIRST_YEAR}-01-01`,
        endDate: contractEnd,
        extensionOptions: [{ years: 2, decisionDueDate: addCalendarDays(contractEnd, -183), exercisedAt: null }],
        ceilingAmountCents: Math.round((participantsPerYear * years.length * price * 1.15) / 100_000_00) * 100_000_00,
        contractManagerUserId: manager.id,
        reportingFrequency: "quarterly" as const,
        reportDueDays: 30,
        performancePaymentApplies: plan.kind === "tender",
        performanceShare: "10",
        performanceActivationDate: plan.kind === "tender" ? `${FIRST_YEAR + 1}-01-01` : null,
        createdAt: at("2022-11-15", "10:00"),
        activatedAt: at("2022-12-15", "10:00"),
        updatedAt: at("2022-12-15", "10:00"),
      };
    });
    counts.contracts = await insertBatched(contractRows, batchSize, (batch) => tx.insert(contracts).values(batch));

    // as addCatalogueKpi does: name with scope, the catalogue's unit, target, direction and source
    const kpiRows = contractPlans.flatMap((plan) =>
      plan.kpiCodes.map((code) => {
        const definition = definitionByCode.get(code)!;
        return {
          id: nationalId("contract-kpi", plan.index, code),
          contractId: plan.id,
          kpiCode: definition.code,
          name: definition.scope ? `${definition.name} (${definition.scope})` : definition.name,
          unit: definition.unit,
          target: definition.target,
          direction: definition.direction,
          source: definition.source,
        };
      }),
    );
    counts.contractKpis = await insertBatched(kpiRows, batchSize, (batch) => tx.insert(contractKpis).values(batch));

    const budgetRows = contractPlans.flatMap((plan) =>
      plan.municipalityIndexes.flatMap((index) =>
        years.flatMap((year) =>
          targetGroups.map((targetGroup) => {
            const volume = Math.max(1, Math.round(plan.routes.reduce((sum, route) => sum + startsPerQuarter[route] * 4 * municipalityPlans[index]!.weight * targetGroupShare[targetGroup], 0)));
            const price = plan.learningRoute ? pricePerParticipantCents[plan.learningRoute] : DVO_PRICE_PER_PARTICIPANT_CENTS;
            return { id: nationalId("budget", plan.index, index, year, targetGroup), contractId: plan.id, municipalityId: municipalityPlans[index]!.id, year, targetGroup, volume, amountCents: volume * price };
          }),
        ),
      ),
    );
    counts.contractBudgets = await insertJsonBatched(tx, contractBudgets, budgetRows, batchSize);

    const volumeRows = contractPlans
      .filter((plan) => plan.kind === "tender")
      .flatMap((plan) =>
        plan.municipalityIndexes.flatMap((index) =>
          targetGroups.map((targetGroup) => ({
            contractId: plan.id,
            municipalityId: municipalityPlans[index]!.id,
            targetGroup,
            expectedCount: Math.max(1, Math.round(startsPerQuarter[plan.learningRoute!] * 4 * municipalityPlans[index]!.weight * targetGroupShare[targetGroup])),
          })),
        ),
      );
    counts.contractVolumes = await insertJsonBatched(tx, contractVolumes, volumeRows, batchSize);

    step("contracts, KPIs, budgets, volumes");
    // ---- periods, accepted reports, versions and their figure rows
    const periodRows: (typeof reportingPeriods.$inferInsert)[] = [];
    const reportRows: (typeof progressReports.$inferInsert)[] = [];
    const versionRows: (typeof progressReportVersions.$inferInsert)[] = [];
    const figureRows: FigureRow[] = [];
    for (const plan of contractPlans) {
      const next = seededRandom(seedOf(options.seed, "figures", plan.index));
      const states = new Map<string, RowState>();
      const supplierUser = supplierUsers[plan.supplierIndex]!;
      periods.forEach((period, quarter) => {
        const periodId = nationalId("period", plan.index, period.label);
        const reportId = nationalId("report", plan.index, period.label);
        const versionId = nationalId("version", plan.index, period.label, 1);
        periodRows.push({ id: periodId, contractId: plan.id, label: period.label, periodStart: period.periodStart, periodEnd: period.periodEnd, dueDate: period.dueDate });
        // most within the 30 days, about one in twelve late
        const late = next() < 0.08;
        const submitDay = late ? addCalendarDays(period.dueDate, 1 + Math.floor(next() * 20)) : addCalendarDays(period.periodEnd, 5 + Math.floor(next() * 24));
        const createdAt = at(submitDay, "09:40");
        const submittedAt = at(submitDay, "14:15");
        const reviewedAt = at(addCalendarDays(submitDay, 2 + Math.floor(next() * 8)), "11:05");
        reportRows.push({ id: reportId, periodId, contractId: plan.id, status: "accepted", latestVersion: 1, createdAt, updatedAt: reviewedAt });
        versionRows.push({
          id: versionId,
          reportId,
          number: 1,
          status: "accepted",
          narrative: {
            participantProgress: `De deelnemers van ${plan.number} volgen hun lessen goed; een deel loopt achter door ziekte of werk.`,
            cooperation: "Het overleg met de klantregisseurs van de gemeenten verloopt goed.",
            integratedTrajectories: "Taal en werk zijn gecombineerd in werkervaringsplaatsen en vrijwilligerswerk.",
          },
          consistencyExplanation: null,
          source: quarter % 3 === 0 ? "excel" : "form",
          createdAt,
          submittedAt,
          submittedByUserId: supplierUser.id,
          submittedByName: supplierUser.name,
          reviewedAt,
          reviewedByUserId: manager.id,
          reviewedByName: manager.name,
          reviewComments: null,
        });
        for (const index of plan.municipalityIndexes) {
          const municipality = municipalityPlans[index]!;
          for (const route of plan.routes) {
            for (const targetGroup of targetGroups) {
              const key = `${index}|${route}|${targetGroup}`;
              let state = states.get(key);
              if (!state) states.set(key, (state = { active: 0, started: [] }));
              figureRows.push({ versionId, municipalityId: municipality.id, learningRoute: route, targetGroup, ...figuresFor(plan, route, targetGroup, municipality.weight, quarter, state, next) });
            }
          }
        }
      });
    }
    step("figures computed");
    counts.reportingPeriods = await insertBatched(periodRows, batchSize, (batch) => tx.insert(reportingPeriods).values(batch));
    counts.progressReports = await insertBatched(reportRows, batchSize, (batch) => tx.insert(progressReports).values(batch));
    counts.progressReportVersions = await insertBatched(versionRows, batchSize, (batch) => tx.insert(progressReportVersions).values(batch));
    step("periods, reports, versions");
    counts.progressReportFigures = await insertJsonBatched(tx, progressReportFigures, figureRows, batchSize);
    step("figure rows");

    // ---- the KPI year figures that accepting these reports computes (report-kpis.server.ts)
    // a clock that stands still (a movable clock follows real time), so recordedAt is the same every run
    const recordedAt = at(`${years.at(-1)! + 1}-02-15`, "12:00");
    const clock: Clock = { now: () => new Date(recordedAt) };
    for (const plan of contractPlans) {
      for (const year of years) counts.kpiYearFigures += (await refreshKpiYearFiguresFromReports(tx, clock, plan.id, year)).length;
    }
    // refreshKpiYearFiguresFromReports gives them random ids; derived ones keep runs identical
    await tx.execute(
      sql`update ${kpiYearFigures} set id = md5('national-bench:kpi-year:' || ${kpiYearFigures.contractKpiId} || ':' || ${kpiYearFigures.year})::uuid
          where ${kpiYearFigures.contractKpiId} in (select ${contractKpis.id} from ${contractKpis} where ${contractKpis.contractId} in (select ${contracts.id} from ${contracts} where ${contracts.number} like ${`${NATIONAL_CONTRACT_PREFIX}%`}))`,
    );
    step("KPI year figures");
  });
  step("commit");

  // fresh statistics, so the planner sees the new sizes at once (autovacuum would, later)
  await db.execute(sql`analyze progress_report_figures, progress_report_versions, progress_reports, reporting_periods, contracts, contract_kpis, contract_budgets, municipalities, funding_allocations, kpi_year_figures`);
  step("analyze");
  return counts;
}

/** The counts of the national data set as stored (NL- contracts and GM5xxx municipalities). */
export async function countNationalDataset(db: Db): Promise<NationalDatasetCounts> {
  const count = async (query: ReturnType<typeof sql>) => {
    const result = (await db.execute(query)) as unknown;
    const rows = Array.isArray(result) ? result : ((result as { rows: unknown[] }).rows ?? []);
    return Number((rows[0] as { n: number | string }).n);
  };
  const ofContracts = sql`(select id from contracts where number like ${`${NATIONAL_CONTRACT_PREFIX}%`})`;
  const ofVersions = sql`(select v.id from progress_report_versions v join progress_reports r on r.id = v.report_id where r.contract_id in ${ofContracts})`;
  return {
    regions: await count(sql`select count(*) as n from regions where code like 'nl-regio-%'`),
    municipalities: await count(sql`select count(*) as n from municipalities where cbs_code like 'GM5%' and name like 'Gemeente %'`),
    organisations: await count(sql`select count(*) as n from organisations where contact_email like ${`%.${EMAIL_DOMAIN}`}`),
    users: await count(sql`select count(*) as n from users where email like ${`%${EMAIL_DOMAIN}`}`),
    contracts: await count(sql`select count(*) as n from contracts where id in ${ofContracts}`),
    contractKpis: await count(sql`select count(*) as n from contract_kpis where contract_id in ${ofContracts}`),
    contractBudgets: await count(sql`select count(*) as n from contract_budgets where contract_id in ${ofContracts}`),
    contractVolumes: await count(sql`select count(*) as n from contract_volumes where contract_id in ${ofContracts}`),
    fundingAllocations: await count(sql`select count(*) as n from funding_allocations where source = ${SOURCE}`),
    reportingPeriods: await count(sql`select count(*) as n from reporting_periods where contract_id in ${ofContracts}`),
    progressReports: await count(sql`select count(*) as n from progress_reports where contract_id in ${ofContracts}`),
    progressReportVersions: await count(sql`select count(*) as n from ${ofVersions} as versions`),
    progressReportFigures: await count(sql`select count(*) as n from progress_report_figures where version_id in ${ofVersions}`),
    kpiYearFigures: await count(sql`select count(*) as n from kpi_year_figures where contract_kpi_id in (select id from contract_kpis where contract_id in ${ofContracts})`),
  };
}

// ---------------------------------------------------------------------------------------------
// Command line

export const DEFAULT_NATIONAL_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_national_bench";

async function main() {
  const { values } = parseArgs({
    options: {
      "database-url": { type: "string", default: DEFAULT_NATIONAL_DATABASE_URL },
      recreate: { type: "boolean", default: false },
    },
  });
  const url = new URL(values["database-url"]);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Give a database name of letters, digits and _ in --database-url (got "${name}").`);
  const { connectPostgres } = await import("../../app/db/connect.server");
  const { runMigrations, rowsOf } = await import("../../app/db/migrate.server");
  const { seedReferenceData } = await import("../../app/domain/reference-data/seed-reference-data.server");
  const { seedReferenceBudgetLines } = await import("../../app/domain/finance/reference-budget");
  const { seedLocalOfferings } = await import("../../app/domain/local-offerings/local-offerings.server");

  const started = performance.now();
  const lap = (label: string) => console.log(`${label.padEnd(34)} ${((performance.now() - started) / 1000).toFixed(2)} s`);
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = await connectPostgres(adminUrl.toString(), { max: 1 });
  try {
    if (values.recreate) await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
    const found = rowsOf(await admin.db.execute(sql`select 1 from pg_database where datname = ${name}`));
    if (found.length === 0) {
      await admin.db.execute(sql.raw(`create database "${name}"`));
      console.log(`database ${name} created`);
    }
  } finally {
    await admin.close();
  }

  const handle = await connectPostgres(url.toString(), { max: 2 });
  try {
    const migrated = await runMigrations(handle.db);
    // the framework's data, as the server puts it in on start (app/db.server.ts)
    await seedReferenceData(handle.db);
    await seedReferenceBudgetLines(handle.db);
    await seedLocalOfferings(handle.db, { now: () => new Date("2023-01-02T08:00:00Z") });
    lap(`migrations (${migrated} new) + reference data`);
    const [existing] = await handle.db.select({ id: contracts.id }).from(contracts).where(like(contracts.number, `${NATIONAL_CONTRACT_PREFIX}%`)).limit(1);
    if (existing) {
      console.log(`${name} already holds the national data set (use --recreate to build it again):`);
      console.table(await countNationalDataset(handle.db));
      return;
    }
    const generationStarted = performance.now();
    const counts = await generateNationalDataset(handle.db, { onStep: (name, ms) => console.log(`  ${name.padEnd(32)} ${(ms / 1000).toFixed(2)} s`) });
    const seconds = (performance.now() - generationStarted) / 1000;
    lap("national data set");
    console.table(counts);
    const stored = await countNationalDataset(handle.db);
    const mismatch = (Object.keys(counts) as (keyof NationalDatasetCounts)[]).filter((key) => counts[key] !== stored[key]);
    if (mismatch.length) throw new Error(`stored counts differ from the generated ones: ${mismatch.join(", ")}`);
    console.log(JSON.stringify({ database: name, generationSeconds: Math.round(seconds * 100) / 100, totalSeconds: Math.round((performance.now() - started) / 10) / 100, ...counts }));
  } finally {
    await handle.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await main();
}
