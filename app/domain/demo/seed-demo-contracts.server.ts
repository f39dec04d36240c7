import { eq } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { contracts, contractKpis } from "../contracts/contract.sql";
import type { ContractForm } from "../contracts/contract-schemas";
import {
  activateContract,
  addCatalogueKpi,
  addCustomKpi,
  createContract,
  exerciseExtension,
  recordKpiYearFigure,
  setYearBudget,
  updateContractKpi,
} from "../contracts/contracts.server";
import { users } from "../identity/identity.sql";
import { loadActor } from "../identity/users.server";
import { organisations } from "../organisations/organisations.sql";

async function organisationId(db: Db, kvkNumber: string) {
  const [row] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kvkNumber, kvkNumber));
  if (!row) throw new Error(`demo organisation ${kvkNumber} missing`);
  return row.id;
}

interface DemoKpi {
  code?: string;
  custom?: { name: string; unit: "percent" | "score"; direction: "higherIsBetter" | "lowerIsBetter"; target: string };
  weight: number;
  rule: "proportional" | "threshold" | "banded";
  /** year → [numerator, denominator]: figures that meet some targets, risk some and miss others. */
  figures: Record<number, [string, string]>;
}

interface DemoContract {
  form: Omit<ContractForm, "supplierOrganisationId" | "contractManagerUserId">;
  supplierKvk: string;
  yearlyCents: number;
  extend: boolean;
  kpis: DemoKpi[];
}

const base = { reportingFrequency: "quarterly" as const, reportDueDays: 30, performanceShare: "10" };

const demoContracts: DemoContract[] = [
  {
    supplierKvk: "62881231",
    yearlyCents: 414_501_00,
    extend: true,
    form: { ...base, number: "WF-DVO-2022", title: "Dienstverleningsovereenkomst regionaal inburgeringsteam", kind: "serviceAgreement", learningRoute: null, services: ["intake", "pip", "monitoring", "socialGuidance", "financialUnburdening", "interpreting"], startDate: "2022-01-01", endDate: "2025-12-31", extensionYears: [2, 2], ceilingAmountCents: 2_487_006_00, performancePaymentApplies: false, performanceActivationDate: null },
    kpis: [
      { code: "financialSelfRelianceAfterSixMonths", weight: 1, rule: "proportional", figures: { 2024: ["61", "80"], 2025: ["66", "84"] } },
      { code: "workContactYearOne", weight: 1, rule: "proportional", figures: { 2024: ["150", "205"], 2025: ["171", "210"] } },
    ],
  },
  {
    supplierKvk: "71234508",
    yearlyCents: 600_000_00,
    extend: true,
    form: { ...base, number: "WF-2022-B1-01", title: "B1-route (perceel 1)", kind: "tender", learningRoute: "b1", services: ["b1Route", "knm"], startDate: "2022-01-01", endDate: "2025-12-31", extensionYears: [2, 2], ceilingAmountCents: 2_400_000_00, performancePaymentApplies: true, performanceActivationDate: "2025-01-01" },
    kpis: [
      { code: "completedInTime.b1", weight: 3, rule: "proportional", figures: { 2024: ["40", "52"], 2025: ["41", "58"] } },
      { code: "outflowToWork.b1", weight: 2, rule: "threshold", figures: { 2024: ["27", "52"], 2025: ["26", "58"] } },
      { code: "workContactYearOne", weight: 2, rule: "banded", figures: { 2024: ["47", "55"], 2025: ["50", "58"] } },
      { code: "clientSatisfaction", weight: 1, rule: "banded", figures: { 2024: ["352", "50"], 2025: ["370", "50"] } },
      { custom: { name: "Verzuim (aandeel gemiste lesuren)", unit: "percent", direction: "lowerIsBetter", target: "10" }, weight: 1, rule: "proportional", figures: { 2024: ["1100", "10000"], 2025: ["1200", "10000"] } },
    ],
  },
  {
    supplierKvk: "69456723",
    yearlyCents: 225_000_00,
    extend: true,
    form: { ...base, number: "WF-2022-OR-01", title: "Onderwijsroute (perceel 2), met Alkmaar en Kop van Noord-Holland", kind: "tender", learningRoute: "education", services: ["educationRoute"], startDate: "2022-01-01", endDate: "2025-12-31", extensionYears: [2, 2], ceilingAmountCents: 900_000_00, performancePaymentApplies: true, performanceActivationDate: null },
    kpis: [
      { code: "completedInTime.education", weight: 2, rule: "proportional", figures: { 2025: ["13", "16"] } },
      { code: "outflowToWorkOrEducation.education", weight: 2, rule: "banded", figures: { 2025: ["7", "16"] } },
      { code: "clientSatisfaction", weight: 1, rule: "threshold", figures: { 2025: ["118", "16"] } },
    ],
  },
  {
    supplierKvk: "70345612",
    yearlyCents: 375_000_00,
    extend: true,
    form: { ...base, number: "WF-2022-Z-01", title: "Z-route (perceel 3)", kind: "tender", learningRoute: "z", services: ["zRoute"], startDate: "2022-01-01", endDate: "2025-12-31", extensionYears: [2, 2], ceilingAmountCents: 1_500_000_00, performancePaymentApplies: true, performanceActivationDate: null },
    kpis: [
      { code: "completedInTime.z", weight: 2, rule: "banded", figures: { 2025: ["29", "32"] } },
      { code: "outflowToWorkOrEducation.z", weight: 1, rule: "proportional", figures: { 2025: ["17", "32"] } },
      { code: "localParticipation", weight: 1, rule: "threshold", figures: {} },
    ],
  },
  {
    supplierKvk: "68567834",
    yearlyCents: 40_000_00,
    extend: false,
    form: { ...base, number: "WF-SUB-2026-01", title: "Subsidie taalmaatjes 2026", kind: "subsidy", learningRoute: null, services: ["languageBuddies"], startDate: "2026-01-01", endDate: "2026-12-31", extensionYears: [], ceilingAmountCents: 40_000_00, performancePaymentApplies: false, performanceActivationDate: null, reportingFrequency: "halfYearly" },
    kpis: [{ code: "localParticipation", weight: 1, rule: "proportional", figures: {} }],
  },
  {
    supplierKvk: "67678945",
    yearlyCents: 25_000_00,
    extend: false,
    form: { ...base, number: "WF-SUB-2026-02", title: "Subsidie maatschappelijke begeleiding Opmeer en Koggenland 2026", kind: "subsidy", learningRoute: null, services: ["socialGuidance", "languageBuddies"], startDate: "2026-01-01", endDate: "2026-12-31", extensionYears: [], ceilingAmountCents: 25_000_00, performancePaymentApplies: false, performanceActivationDate: null, reportingFrequency: "halfYearly" },
    kpis: [{ code: "clientSatisfaction", weight: 1, rule: "proportional", figures: {} }],
  },
];

/** The demo's contract register: the DVO with WerkSaam, three leerroute contracts, two subsidies. */
export async function seedDemoContracts(db: Db, clock: Clock): Promise<void> {
  const [existing] = await db.select({ id: contracts.id }).from(contracts).limit(1);
  if (existing) return;
  const [managerRow] = await db.select({ id: users.id }).from(users).where(eq(users.email, "contractmanager@westfriesland.test"));
  const manager = managerRow ? await loadActor(db, managerRow.id) : null;
  if (!manager) throw new Error("demo contract manager missing");

  for (const demo of demoContracts) {
    const { id } = await createContract(db, clock, manager, { ...demo.form, supplierOrganisationId: await organisationId(db, demo.supplierKvk), contractManagerUserId: manager.id });
    const startYear = Number(demo.form.startDate.slice(0, 4));
    const endYear = Number(demo.form.endDate.slice(0, 4));
    for (let year = startYear; year <= endYear; year += 1) {
      await setYearBudget(db, clock, manager, id, { year, totalCents: demo.yearlyCents }, null);
    }
    for (const kpi of demo.kpis) {
      if (kpi.code) await addCatalogueKpi(db, clock, manager, id, kpi.code, null);
      else await addCustomKpi(db, clock, manager, id, kpi.custom!, null);
    }
    const rows = await db.select().from(contractKpis).where(eq(contractKpis.contractId, id));
    for (const kpi of demo.kpis) {
      const row = kpi.code ? rows.find((candidate) => candidate.kpiCode === kpi.code) : rows.find((candidate) => candidate.kpiCode === null && candidate.name === kpi.custom!.name);
      if (!row) continue;
      await updateContractKpi(db, clock, manager, id, row.id, { weight: kpi.weight, paymentRule: kpi.rule, target: row.target, overrideReason: null }, null);
      for (const [year, [numerator, denominator]] of Object.entries(kpi.figures)) {
        await recordKpiYearFigure(db, clock, manager, id, row.id, { year: Number(year), numerator, denominator });
      }
    }
    await activateContract(db, clock, manager, id);
    if (demo.extend) {
      await exerciseExtension(db, clock, manager, id, 0, { reason: "Besluit stuurgroep inburgering: eerste verlengingsoptie gebruikt", effectiveDate: "2026-01-01" });
      for (const year of [2026, 2027]) {
        await setYearBudget(
          db,
          clock,
          manager,
          id,
          { year, totalCents: demo.yearlyCents },
          { reason: `Budget ${year} na verlenging`, effectiveDate: `${year}-01-01` },
        );
      }
    }
  }
}
