import { asc, eq, sum } from "drizzle-orm";
import type { Db } from "../../db/types";
import { ForbiddenError } from "../errors";
import { fundingAllocations } from "../finance/funding.sql";
import { assertPermission } from "../identity/authorize";
import { hasPermission } from "../identity/permissions";
import type { Actor } from "../identity/roles";
import { kpiDefinitions } from "../performance/kpi-catalogue.sql";
import { housingQuotas, municipalities, regions } from "./regions.sql";

export interface MunicipalityRow {
  id: string;
  name: string;
  cbsCode: string;
  housingQuotaFirstHalf: number;
  housingQuotaSecondHalf: number;
  fundingCentsByYear: Record<number, number>;
}

export interface RegionOverview {
  regionName: string;
  /** Every municipality for roles that may see details; only the viewer's own for a municipality. */
  municipalities: MunicipalityRow[];
  totals: { housingQuotaFirstHalf: number; housingQuotaSecondHalf: number; fundingCentsByYear: Record<number, number> };
  years: number[];
}

/**
 * Housing quotas (figure 3) and national funding (figure 4) per municipality with regional totals.
 * A municipality viewer gets its own row and the regional totals, never another municipality's row.
 */
export async function getRegionOverview(db: Db, actor: Actor): Promise<RegionOverview> {
  assertPermission(actor, "read:region");
  const seesDetails = hasPermission(actor, "read:regionDetails");
  if (!seesDetails && !actor.municipalityId) throw new ForbiddenError();

  const rows = await db
    .select({ id: municipalities.id, name: municipalities.name, cbsCode: municipalities.cbsCode, regionName: regions.name })
    .from(municipalities)
    .innerJoin(regions, eq(regions.id, municipalities.regionId))
    .orderBy(asc(municipalities.name));
  const quotas = await db.select().from(housingQuotas).where(eq(housingQuotas.year, 2020));
  const funding = await db
    .select({ municipalityId: fundingAllocations.municipalityId, year: fundingAllocations.year, cents: sum(fundingAllocations.amountCents).mapWith(Number) })
    .from(fundingAllocations)
    .groupBy(fundingAllocations.municipalityId, fundingAllocations.year);

  const all: MunicipalityRow[] = rows.map((row) => ({
    id: row.id,
    name: row.name,
    cbsCode: row.cbsCode,
    housingQuotaFirstHalf: quotas.find((q) => q.municipalityId === row.id && q.half === 1)?.persons ?? 0,
    housingQuotaSecondHalf: quotas.find((q) => q.municipalityId === row.id && q.half === 2)?.persons ?? 0,
    fundingCentsByYear: Object.fromEntries(funding.filter((f) => f.municipalityId === row.id).map((f) => [f.year, f.cents])),
  }));
  const years = [...new Set(funding.map((f) => f.year))].sort();
  const totals = {
    housingQuotaFirstHalf: all.reduce((total, row) => total + row.housingQuotaFirstHalf, 0),
    housingQuotaSecondHalf: all.reduce((total, row) => total + row.housingQuotaSecondHalf, 0),
    fundingCentsByYear: Object.fromEntries(
      years.map((year) => [year, all.reduce((total, row) => total + (row.fundingCentsByYear[year] ?? 0), 0)]),
    ),
  };
  return {
    regionName: rows[0]?.regionName ?? "",
    municipalities: seesDetails ? all : all.filter((row) => row.id === actor.municipalityId),
    totals,
    years,
  };
}

export async function listKpiCatalogue(db: Db, actor: Actor) {
  assertPermission(actor, "read:region");
  return db.select().from(kpiDefinitions).orderBy(asc(kpiDefinitions.name), asc(kpiDefinitions.learningRoute));
}

/** Names of the municipalities: public reference data, for pick lists. */
export async function listMunicipalities(db: Db) {
  return db.select({ id: municipalities.id, name: municipalities.name }).from(municipalities).orderBy(asc(municipalities.name));
}
