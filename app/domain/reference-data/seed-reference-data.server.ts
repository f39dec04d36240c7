import { eq } from "drizzle-orm";
import type { Db } from "../../db/types";
import { housingQuotas, municipalities, regions } from "../regions/regions.sql";
import { fundingAllocations } from "../finance/funding.sql";
import { kpiDefinitions } from "../performance/kpi-catalogue.sql";
import { municipalityFigures, policyKpis, westfriesland } from "./framework-figures";

const EURO = 100;

/**
 * Puts the framework's reference figures in any database, embedded or PostgreSQL, once.
 * Idempotent: rows that exist are left as they are, so edits made in the portal survive restarts.
 */
export async function seedReferenceData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(regions).values(westfriesland).onConflictDoNothing({ target: regions.code });
    const [region] = await tx.select().from(regions).where(eq(regions.code, westfriesland.code));
    if (!region) throw new Error("region missing after seed");

    for (const figures of municipalityFigures) {
      await tx
        .insert(municipalities)
        .values({ regionId: region.id, name: figures.name, cbsCode: figures.cbsCode })
        .onConflictDoNothing({ target: municipalities.cbsCode });
      const [municipality] = await tx.select().from(municipalities).where(eq(municipalities.cbsCode, figures.cbsCode));
      if (!municipality) throw new Error(`municipality ${figures.name} missing after seed`);

      await tx
        .insert(housingQuotas)
        .values(
          figures.housingQuota2020.map((persons, index) => ({
            municipalityId: municipality.id,
            year: 2020,
            half: index + 1,
            persons,
            source: "Beleidskader figuur 3",
          })),
        )
        .onConflictDoNothing();

      await tx
        .insert(fundingAllocations)
        .values([
          { municipalityId: municipality.id, year: 2020, kind: "implementation" as const, amountCents: figures.funding[2020] * EURO, source: "Beleidskader figuur 4" },
          { municipalityId: municipality.id, year: 2021, kind: "execution" as const, amountCents: figures.funding[2021] * EURO, source: "Beleidskader figuur 4" },
          { municipalityId: municipality.id, year: 2022, kind: "execution" as const, amountCents: figures.funding[2022] * EURO, source: "Beleidskader figuur 4" },
          { municipalityId: municipality.id, year: 2023, kind: "execution" as const, amountCents: figures.funding[2023] * EURO, source: "Beleidskader figuur 4" },
        ])
        .onConflictDoNothing();
    }

    await tx.insert(kpiDefinitions).values([...policyKpis]).onConflictDoNothing({ target: kpiDefinitions.code });
  });
}
