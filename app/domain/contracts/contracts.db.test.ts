import { and, eq } from "drizzle-orm";
import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestOrganisation, createTestUser, municipalityId } from "../../../test/factories/identity";
import { createPublishedTender } from "../../../test/factories/tenders";
import { seedDemoData } from "../demo/seed-demo-data.server";
import { seedDemoContracts } from "../demo/seed-demo-contracts.server";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import { contractAmendments, contractBudgets, contracts } from "./contract.sql";
import type { ContractForm } from "./contract-schemas";
import {
  activateContract,
  addCatalogueKpi,
  addContractDocument,
  addCustomKpi,
  createContract,
  createDraftContractFromAward,
  exerciseExtension,
  getContract,
  getContractDocument,
  getPerformancePayment,
  listContractAlerts,
  listContractSuppliers,
  listContracts,
  proposeBudgetSplit,
  setContractRates,
  setYearBudget,
  updateContract,
  updateContractKpi,
} from "./contracts.server";

const database = useTestDatabase();

async function caught(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

function form(supplierOrganisationId: string, overrides: Partial<ContractForm> = {}): ContractForm {
  return {
    number: "WF-TEST-01",
    title: "Testcontract B1-route",
    kind: "tender",
    supplierOrganisationId,
    learningRoute: "b1",
    services: ["b1Route"],
    startDate: "2024-01-01",
    endDate: "2025-12-31",
    extensionYears: [2],
    ceilingAmountCents: 1_000_000_00,
    contractManagerUserId: null,
    reportingFrequency: "quarterly",
    reportDueDays: 30,
    performancePaymentApplies: true,
    performanceShare: "10",
    performanceActivationDate: "2025-01-01",
    ...overrides,
  };
}

async function setup() {
  const { db } = database();
  const clock = createMovableClock(new Date("2025-03-01T09:00:00Z"));
  const manager = await createTestUser(db, { roles: ["contractManager"], name: "Carla Contract" });
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  const otherOrganisation = await createTestOrganisation(db);
  const otherSupplier = await createTestUser(db, { roles: ["supplier"], organisationId: otherOrganisation.id });
  const { id } = await createContract(db, clock, manager, form(organisation.id));
  return { db, clock, manager, supplier, otherSupplier, organisation, contractId: id };
}

test("the default budget split follows the housing quota and adds up to the cent", async () => {
  const { db } = database();
  const cells = await proposeBudgetSplit(db, 1_243_503_00);
  expect(cells).toHaveLength(7);
  expect(cells.reduce((total, cell) => total + cell.amountCents, 0)).toBe(1_243_503_00);
  const hoornId = await municipalityId(db, "Hoorn");
  // Hoorn houses 50 of 150: a third
  expect(cells.find((cell) => cell.municipalityId === hoornId)!.amountCents).toBe(414_501_00);
});

test("a budget whose parts do not add up is refused, and nothing is saved", async () => {
  const { db, clock, manager, contractId } = await setup();
  const cells = await proposeBudgetSplit(db, 100_000_00);
  cells[0]!.amountCents += 1;
  const refusal = await caught(setYearBudget(db, clock, manager, contractId, { year: 2024, totalCents: 100_000_00, cells }, null));
  expect(refusal).toBeInstanceOf(RuleViolation);
  expect((refusal as RuleViolation).message.replace(/\u00a0/g, " ")).toContain("telt op tot € 100.000,01; dat moet € 100.000,00 zijn");
  expect(await db.select().from(contractBudgets)).toEqual([]);
});

test("after activation every change is a numbered amendment with reason and effective date, kept for ever", async () => {
  const { db, clock, manager, organisation, contractId } = await setup();
  await setYearBudget(db, clock, manager, contractId, { year: 2024, totalCents: 500_000_00, cells: await proposeBudgetSplit(db, 500_000_00) }, null);
  await activateContract(db, clock, manager, contractId);

  const withoutReason = await caught(updateContract(db, clock, manager, contractId, form(organisation.id, { title: "Nieuwe titel" }), null));
  expect((withoutReason as RuleViolation).code).toBe("contract.amendmentRequired");

  await updateContract(db, clock, manager, contractId, form(organisation.id, { ceilingAmountCents: 1_100_000_00 }), { reason: "Hogere instroom", effectiveDate: "2025-04-01" });
  await exerciseExtension(db, clock, manager, contractId, 0, { reason: "Verlengd na evaluatie", effectiveDate: "2026-01-01" });
  const view = await getContract(db, manager, contractId);
  expect(view.contract.endDate).toBe("2027-12-31");
  expect(view.amendments.map((amendment) => [amendment.number, amendment.kind, amendment.reason])).toEqual([
    [1, "updated", "Hogere instroom"],
    [2, "extended", "Verlengd na evaluatie"],
  ]);
  expect(view.amendments[0]!.changes.ceilingAmountCents).toEqual({ from: 1_000_000_00, to: 1_100_000_00 });
  await expect(db.update(contractAmendments).set({ reason: "anders" }).where(eq(contractAmendments.contractId, contractId))).rejects.toThrow();
  await expect(db.delete(contractAmendments).where(eq(contractAmendments.contractId, contractId))).rejects.toThrow();
});

test("a KPI target that departs from the framework needs a reason", async () => {
  const { db, clock, manager, contractId } = await setup();
  await addCatalogueKpi(db, clock, manager, contractId, "completedInTime.b1", null);
  const { kpis } = await getContract(db, manager, contractId);
  const refusal = await caught(updateContractKpi(db, clock, manager, contractId, kpis[0]!.id, { weight: 2, paymentRule: "banded", target: "70", overrideReason: null }, null));
  expect((refusal as RuleViolation).field).toBe("overrideReason");
  await updateContractKpi(db, clock, manager, contractId, kpis[0]!.id, { weight: 2, paymentRule: "banded", target: "70", overrideReason: "Instroom met lager opleidingsniveau" }, null);
  const after = await getContract(db, manager, contractId);
  expect(after.kpis[0]).toMatchObject({ weight: 2, paymentRule: "banded", overrideReason: "Instroom met lager opleidingsniveau", source: "Beleidskader §6.2" });
});

test("a supplier sees only its own contracts; only contract managers change them", async () => {
  const { db, clock, supplier, otherSupplier, contractId, organisation } = await setup();
  expect((await listContracts(db, supplier)).map((contract) => contract.id)).toEqual([contractId]);
  expect(await listContracts(db, otherSupplier)).toEqual([]);
  expect(await caught(getContract(db, otherSupplier, contractId))).toBeInstanceOf(NotFoundError);
  expect(await caught(createContract(db, clock, supplier, form(organisation.id, { number: "X" })))).toBeInstanceOf(ForbiddenError);
});

test("the rates per price component replace the set; after activation only as an amendment", async () => {
  const { db, clock, manager, supplier, otherSupplier, contractId } = await setup();
  await setContractRates(db, clock, manager, contractId, [
    { name: "Traject B1", unit: "perTrajectory", rateCents: 12_500_00 },
    { name: "Intake", unit: "perParticipant", rateCents: 350_00 },
  ], null);
  expect((await getContract(db, supplier, contractId)).rates.map(({ name, unit, rateCents }) => [name, unit, rateCents])).toEqual([
    ["Intake", "perParticipant", 350_00],
    ["Traject B1", "perTrajectory", 12_500_00],
  ]);

  const duplicate = await caught(setContractRates(db, clock, manager, contractId, [{ name: "Intake", unit: "perHour", rateCents: 1 }, { name: "intake ", unit: "fixed", rateCents: 2 }], null));
  expect((duplicate as RuleViolation).code).toBe("contract.duplicateRate");
  expect(await caught(setContractRates(db, clock, supplier, contractId, [], null))).toBeInstanceOf(ForbiddenError);
  expect(await caught(getContract(db, otherSupplier, contractId))).toBeInstanceOf(NotFoundError);

  await setYearBudget(db, clock, manager, contractId, { year: 2024, totalCents: 100_000_00, cells: await proposeBudgetSplit(db, 100_000_00) }, null);
  await activateContract(db, clock, manager, contractId);
  const withoutReason = await caught(setContractRates(db, clock, manager, contractId, [{ name: "Intake", unit: "perParticipant", rateCents: 400_00 }], null));
  expect((withoutReason as RuleViolation).code).toBe("contract.amendmentRequired");
  await setContractRates(db, clock, manager, contractId, [{ name: "Intake", unit: "perParticipant", rateCents: 400_00 }], { reason: "Indexatie 2025", effectiveDate: "2025-01-01" });
  const view = await getContract(db, manager, contractId);
  expect(view.rates.map(({ name, rateCents }) => [name, rateCents])).toEqual([["Intake", 400_00]]);
  expect(view.amendments.map((amendment) => [amendment.number, amendment.kind, amendment.reason])).toEqual([[1, "ratesSet", "Indexatie 2025"]]);
  expect(view.amendments[0]!.changes.rates!.to).toEqual([{ name: "Intake", unit: "perParticipant", rateCents: 400_00 }]);
});

test("a year's budget set cell by cell keeps target groups and volumes; a municipality viewer still sees only its own cells", async () => {
  const { db, clock, manager, contractId } = await setup();
  const hoornId = await municipalityId(db, "Hoorn");
  const opmeerId = await municipalityId(db, "Opmeer");
  const cells = [
    { municipalityId: hoornId, targetGroup: "asylumMigrant" as const, volume: 12, amountCents: 60_000_00 },
    { municipalityId: hoornId, targetGroup: "familyMigrant" as const, volume: 4, amountCents: 20_000_00 },
    { municipalityId: opmeerId, targetGroup: "familyMigrant" as const, volume: 3, amountCents: 15_000_00 },
    { municipalityId: opmeerId, targetGroup: "asylumMigrant" as const, volume: 0, amountCents: 0 },
  ];
  const refusal = await caught(setYearBudget(db, clock, manager, contractId, { year: 2025, totalCents: 100_000_00, cells }, null));
  expect((refusal as RuleViolation).field).toBe("totalCents");
  expect((refusal as RuleViolation).message.replace(/\u00a0/g, " ")).toContain("telt op tot € 95.000,00; dat moet € 100.000,00 zijn");

  await setYearBudget(db, clock, manager, contractId, { year: 2025, totalCents: 95_000_00, cells }, null);
  const view = await getContract(db, manager, contractId);
  // an empty cell is not stored
  expect(view.budgets.map(({ municipalityName, targetGroup, volume, amountCents }) => [municipalityName, targetGroup, volume, amountCents]).sort()).toEqual([
    ["Hoorn", "asylumMigrant", 12, 60_000_00],
    ["Hoorn", "familyMigrant", 4, 20_000_00],
    ["Opmeer", "familyMigrant", 3, 15_000_00],
  ]);
  expect(view.budgetTotalsByYear).toEqual({ 2025: 95_000_00 });

  const opmeerViewer = await createTestUser(db, { roles: ["municipalityViewer"], municipalityId: opmeerId });
  const opmeerView = await getContract(db, opmeerViewer, contractId);
  expect(opmeerView.budgets.map(({ municipalityId: id, amountCents }) => [id, amountCents])).toEqual([[opmeerId, 15_000_00]]);
});

test("a contract from an award shows its tender and the tendered volumes; a municipality viewer gets its own row and the region totals", async () => {
  const { db, clock, manager, organisation, contractId: handMade } = await setup();
  const projectgroup = await createTestUser(db, { roles: ["projectgroup"] });
  const tender = await createPublishedTender(db, projectgroup);
  const lot = tender.content.lots[0]!;
  const hoornId = await municipalityId(db, "Hoorn");
  const opmeerId = await municipalityId(db, "Opmeer");
  const { id } = await db.transaction((tx) =>
    createDraftContractFromAward(tx, clock, projectgroup, {
      tenderId: tender.id,
      tenderReference: tender.reference,
      lotId: lot.id,
      lotNumber: lot.number,
      lotTitle: lot.title,
      supplierOrganisationId: organisation.id,
      learningRoute: "b1",
      services: ["b1Route"],
      startDate: "2027-03-01",
      initialYears: 4,
      extensionYears: [2],
      ceilingAmountCents: 1_000_000_00,
      performancePaymentApplies: false,
      rates: [],
      kpis: [],
      volumes: [
        { municipalityId: hoornId, targetGroup: "asylumMigrant", count: 1_200 },
        { municipalityId: hoornId, targetGroup: "familyMigrant", count: 40 },
        { municipalityId: opmeerId, targetGroup: "asylumMigrant", count: 9 },
        // a zero is not stored
        { municipalityId: opmeerId, targetGroup: "familyMigrant", count: 0 },
      ],
    }),
  );

  const view = await getContract(db, manager, id);
  expect(view.tender).toEqual({ id: tender.id, reference: tender.reference, title: tender.content.title });
  expect(view.volumes.map(({ municipalityName, targetGroup, expectedCount }) => [municipalityName, targetGroup, expectedCount])).toEqual([
    ["Hoorn", "asylumMigrant", 1_200],
    ["Hoorn", "familyMigrant", 40],
    ["Opmeer", "asylumMigrant", 9],
  ]);
  expect(view.volumeTotals).toEqual({ byTargetGroup: { asylumMigrant: 1_209, familyMigrant: 40 }, overall: 1_249 });

  // like the budgets: only Opmeer's own row, but the totals of the whole region
  const opmeerViewer = await createTestUser(db, { roles: ["municipalityViewer"], municipalityId: opmeerId });
  const opmeerView = await getContract(db, opmeerViewer, id);
  expect(opmeerView.volumes.map(({ municipalityId: ownId, targetGroup, expectedCount }) => [ownId, targetGroup, expectedCount])).toEqual([[opmeerId, "asylumMigrant", 9]]);
  expect(opmeerView.volumeTotals).toEqual(view.volumeTotals);

  // a contract entered by hand has neither
  const plain = await getContract(db, manager, handMade);
  expect(plain.tender).toBeNull();
  expect(plain.volumes).toEqual([]);
  expect(plain.volumeTotals).toBeNull();
});

test("a contract-specific KPI is added with its own target; after activation as an amendment", async () => {
  const { db, clock, manager, supplier, contractId } = await setup();
  await addCustomKpi(db, clock, manager, contractId, { name: "Verzuim", unit: "percent", direction: "lowerIsBetter", target: "10" }, null);
  expect(await caught(addCustomKpi(db, clock, supplier, contractId, { name: "X", unit: "score", direction: "higherIsBetter", target: "1" }, null))).toBeInstanceOf(ForbiddenError);
  await setYearBudget(db, clock, manager, contractId, { year: 2024, totalCents: 100_000_00, cells: await proposeBudgetSplit(db, 100_000_00) }, null);
  await activateContract(db, clock, manager, contractId);
  await addCustomKpi(db, clock, manager, contractId, { name: "Tevredenheid taalmaatjes", unit: "score", direction: "higherIsBetter", target: "7.5" }, { reason: "Afspraak in overleg", effectiveDate: "2025-04-01" });
  const view = await getContract(db, manager, contractId);
  expect(view.kpis.map(({ name, kpiCode, source, direction }) => [name, kpiCode, source, direction])).toEqual([
    ["Tevredenheid taalmaatjes", null, "Contractspecifiek", "higherIsBetter"],
    ["Verzuim", null, "Contractspecifiek", "lowerIsBetter"],
  ]);
  expect(view.amendments.map((amendment) => [amendment.kind, amendment.reason])).toEqual([["kpiAdded", "Afspraak in overleg"]]);
});

test("the supplier filter lists only organisations that hold a contract, for municipal readers", async () => {
  const { db, clock, manager, supplier, organisation, contractId } = await setup();
  const other = await createTestOrganisation(db);
  const { id: otherContractId } = await createContract(db, clock, manager, form(other.id, { number: "WF-TEST-02" }));
  await createTestOrganisation(db); // holds no contract
  const viewer = await createTestUser(db, { roles: ["municipalityViewer"], municipalityId: await municipalityId(db, "Hoorn") });
  const suppliers = await listContractSuppliers(db, viewer);
  expect(suppliers.map((row) => row.id).sort()).toEqual([organisation.id, other.id].sort());
  expect((await listContracts(db, viewer, { supplierOrganisationId: other.id })).map((contract) => contract.id)).toEqual([otherContractId]);
  expect((await listContracts(db, viewer, { supplierOrganisationId: organisation.id })).map((contract) => contract.id)).toEqual([contractId]);
  // a supplier does not learn who else holds contracts
  expect(await caught(listContractSuppliers(db, supplier))).toBeInstanceOf(ForbiddenError);
});

test("a contract document is readable by the contract's readers only, and only through its own contract", async () => {
  const { db, clock, manager, supplier, otherSupplier, organisation, contractId } = await setup();
  const pdf = new TextEncoder().encode("%PDF-1.7\nondertekende overeenkomst\n%%EOF");
  const { fileId } = await addContractDocument(db, clock, manager, contractId, { title: "Ondertekende overeenkomst", fileName: "overeenkomst.pdf", bytes: pdf }, null);
  const view = await getContract(db, supplier, contractId);
  expect(view.documents.map(({ title, fileName, mimeType }) => [title, fileName, mimeType])).toEqual([["Ondertekende overeenkomst", "overeenkomst.pdf", "application/pdf"]]);

  const viewer = await createTestUser(db, { roles: ["municipalityViewer"], municipalityId: await municipalityId(db, "Hoorn") });
  for (const reader of [manager, supplier, viewer]) expect((await getContractDocument(db, reader, contractId, fileId)).bytes).toEqual(pdf);
  expect(await caught(getContractDocument(db, otherSupplier, contractId, fileId))).toBeInstanceOf(NotFoundError);
  // the file exists, but not as a document of that other contract
  const { id: otherContractId } = await createContract(db, clock, manager, form(organisation.id, { number: "WF-TEST-02" }));
  expect(await caught(getContractDocument(db, manager, otherContractId, fileId))).toBeInstanceOf(NotFoundError);

  const text = await caught(addContractDocument(db, clock, manager, contractId, { title: "Notitie", fileName: "notitie.pdf", bytes: new TextEncoder().encode("gewoon tekst") }, null));
  expect((text as RuleViolation).field).toBe("file");
  expect(await caught(addContractDocument(db, clock, supplier, contractId, { title: "X", fileName: "x.pdf", bytes: pdf }, null))).toBeInstanceOf(ForbiddenError);

  await setYearBudget(db, clock, manager, contractId, { year: 2024, totalCents: 100_000_00, cells: await proposeBudgetSplit(db, 100_000_00) }, null);
  await activateContract(db, clock, manager, contractId);
  const { storedFiles } = await import("../files/files.sql");
  const filesBefore = (await db.select({ id: storedFiles.id }).from(storedFiles)).length;
  const withoutReason = await caught(addContractDocument(db, clock, manager, contractId, { title: "Bijlage", fileName: "bijlage.pdf", bytes: pdf }, null));
  expect((withoutReason as RuleViolation).code).toBe("contract.amendmentRequired");
  // the refused change stored no file
  expect((await db.select({ id: storedFiles.id }).from(storedFiles)).length).toBe(filesBefore);
  await addContractDocument(db, clock, manager, contractId, { title: "Bijlage", fileName: "bijlage.pdf", bytes: pdf }, { reason: "Nieuwe bijlage", effectiveDate: "2025-04-01" });
  expect((await getContract(db, manager, contractId)).amendments.map((amendment) => amendment.kind)).toEqual(["documentAdded"]);
});

describe("the demo register", () => {
  async function demo() {
    const { db } = database();
    const clock = createMovableClock(new Date("2026-11-29T09:00:00Z"));
    await seedDemoData(db, clock);
    await seedDemoContracts(db, clock);
    const { users } = await import("../identity/identity.sql");
    const { loadActor } = await import("../identity/users.server");
    const actorFor = async (email: string) => {
      const [row] = await db.select().from(users).where(eq(users.email, email));
      return (await loadActor(db, row!.id))!;
    };
    return { db, clock, manager: await actorFor("contractmanager@westfriesland.test"), opmeer: await actorFor("gemeente.opmeer@westfriesland.test") };
  }

  test("the B1 prestatiebekostiging 2025 is live and its payout follows the figures", async () => {
    const { db, manager } = await demo();
    const [b1] = await db.select().from(contracts).where(eq(contracts.number, "WF-2022-B1-01"));
    const payment = await getPerformancePayment(db, manager, b1!.id, 2025);
    expect(payment.mode).toBe("live");
    expect(payment.commitmentCents).toBe(600_000_00);
    expect(payment.atStakeCents).toBe(60_000_00);
    expect(payment.payoutCents + payment.withheldCents).toBe(60_000_00);
    // the outflow-to-work threshold is missed (26 of 58 = 44,8 % < 50 %) and scores 0
    expect(payment.breakdown.find((line) => line.name.startsWith("Uitstroom naar werk"))!.score).toBe("0.0000");
    const shadow = await getPerformancePayment(db, manager, b1!.id, 2024);
    expect(shadow.mode).toBe("shadow");
  });

  test("contracts ending within six months and extension decisions are flagged", async () => {
    const { db, clock, manager } = await demo();
    const alerts = await listContractAlerts(db, clock, manager);
    expect(alerts.endingSoon.map((contract) => contract.number).sort()).toEqual(["WF-SUB-2026-01", "WF-SUB-2026-02"]);
    clock.set(new Date("2027-07-01T09:00:00Z"));
    const later = await listContractAlerts(db, clock, manager);
    expect(later.extensionDecisions.map((decision) => decision.number)).toContain("WF-2022-B1-01");
  });

  test("a municipality viewer sees a contract's budget only for its own municipality", async () => {
    const { db, opmeer } = await demo();
    const [dvo] = await db.select().from(contracts).where(eq(contracts.number, "WF-DVO-2022"));
    const view = await getContract(db, opmeer, dvo!.id);
    const opmeerId = await municipalityId(db, "Opmeer");
    expect(view.budgets.length).toBeGreaterThan(0);
    expect(view.budgets.every((budget) => budget.municipalityId === opmeerId)).toBe(true);
    const all = await db.select().from(contractBudgets).where(and(eq(contractBudgets.contractId, dvo!.id), eq(contractBudgets.year, 2025)));
    expect(all.reduce((total, row) => total + row.amountCents, 0)).toBe(414_501_00);
  });
});
