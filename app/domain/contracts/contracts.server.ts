import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/types";
import { addCalendarDays } from "../../utils/amsterdam-time";
import type { Clock } from "../../utils/clock.server";
import { amsterdamDateOf } from "../../utils/amsterdam-time";
import { formatEuroCents, formatTarget } from "../../utils/format";
import { calculatePerformancePayment, paymentModeFor } from "../performance/performance-payment";
import { recordAudit } from "../audit/audit.server";
import { isUniqueViolation } from "../db-errors";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import { assertPermission } from "../identity/authorize";
import { hasPermission } from "../identity/permissions";
import type { Actor } from "../identity/roles";
import { userRoles, users } from "../identity/identity.sql";
import { organisations } from "../organisations/organisations.sql";
import { kpiDefinitions } from "../performance/kpi-catalogue.sql";
import { housingQuotas, municipalities } from "../regions/regions.sql";
import { allocateCents } from "./budget-allocation";
import { readStoredFile, storeFile } from "../files/file-storage.server";
import { storedFiles } from "../files/files.sql";
import { priceUnitLabels, type PriceUnit } from "../tenders/tender-content";
import { tenders } from "../tenders/tender.sql";
import { contractBudgets, contractAmendments, contractDocuments, contractKpis, contractRates, contracts, contractVolumes, kpiYearFigures, type ExtensionOption } from "./contract.sql";
import type { ContractService } from "./contract-labels";
import { notifyUsers } from "../notifications/notifications.server";
import { syncContractReportingPeriods } from "../reports/reports.server";
import type { ContractForm } from "./contract-schemas";

export type ContractRow = typeof contracts.$inferSelect;
export interface Amendment {
  reason: string;
  effectiveDate: string;
}

function duplicateNumber(number?: string) {
  return new RuleViolation("contract.duplicateNumber", `Er is al een contract met nummer ${number ?? "dit nummer"}.`, "number");
}

async function loadContract(db: Db, contractId: string, forUpdate = false): Promise<ContractRow> {
  const query = db.select().from(contracts).where(eq(contracts.id, contractId));
  const [contract] = forUpdate ? await query.for("update") : await query;
  if (!contract) throw new NotFoundError("Dit contract bestaat niet.");
  return contract;
}

/** Who may read a contract: municipal readers every contract, a supplier only its own. */
function assertCanRead(actor: Actor, contract: Pick<ContractRow, "supplierOrganisationId">) {
  if (hasPermission(actor, "read:contracts")) return;
  if (actor.roles.includes("supplier") && actor.organisationId === contract.supplierOrganisationId) return;
  throw new NotFoundError("Dit contract bestaat niet.");
}

function extensionOptionsFrom(years: number[], endDate: string, existing: ExtensionOption[] = []): ExtensionOption[] {
  // a decision on an option is due six months before the end it would extend
  let end = endDate;
  return years.map((optionYears, index) => {
    const option = existing[index];
    const decisionDueDate = addCalendarDays(end, -182);
    end = addCalendarDays(end, optionYears * 365);
    return { years: optionYears, decisionDueDate: option?.years === optionYears ? option.decisionDueDate : decisionDueDate, exercisedAt: option?.exercisedAt ?? null };
  });
}

function contractValues(form: ContractForm) {
  return {
    number: form.number,
    title: form.title,
    kind: form.kind,
    supplierOrganisationId: form.supplierOrganisationId,
    learningRoute: form.learningRoute,
    services: form.services,
    startDate: form.startDate,
    endDate: form.endDate,
    ceilingAmountCents: form.ceilingAmountCents,
    contractManagerUserId: form.contractManagerUserId,
    reportingFrequency: form.reportingFrequency,
    reportDueDays: form.reportDueDays,
    performancePaymentApplies: form.performancePaymentApplies,
    performanceShare: form.performanceShare,
    performanceActivationDate: form.performanceActivationDate,
  };
}

async function assertSupplier(tx: Db, organisationId: string) {
  const [organisation] = await tx.select({ active: organisations.active }).from(organisations).where(eq(organisations.id, organisationId));
  if (!organisation?.active) throw new RuleViolation("contract.unknownSupplier", "Kies een actieve organisatie als opdrachtnemer.", "supplierOrganisationId");
}

export async function createContract(db: Db, clock: Clock, actor: Actor, form: ContractForm): Promise<{ id: string }> {
  assertPermission(actor, "manage:contracts");
  try {
    return await db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.number, form.number));
      if (existing) throw duplicateNumber(form.number);
      await assertSupplier(tx, form.supplierOrganisationId);
      const now = clock.now();
      const [contract] = await tx
        .insert(contracts)
        .values({ ...contractValues(form), status: "draft", extensionOptions: extensionOptionsFrom(form.extensionYears, form.endDate), createdAt: now, updatedAt: now })
        .returning({ id: contracts.id });
      await recordAudit(tx, clock, {
        actor,
        action: "contract.created",
        entityType: "contract",
        entityId: contract!.id,
        summary: `Contract ${form.number} "${form.title}" als concept vastgelegd (plafond ${formatEuroCents(form.ceilingAmountCents)})`,
      });
      return contract!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateNumber(form.number);
    throw error;
  }
}

// ------------------------------------------------------------------------------ from an award

/** What a final award (app/domain/evaluation/award.server.ts) puts in the register. */
export interface DraftContractFromAward {
  tenderId: string;
  tenderReference: string;
  lotId: string;
  lotNumber: number;
  lotTitle: string;
  supplierOrganisationId: string;
  learningRoute: "b1" | "education" | "z" | null;
  services: ContractService[];
  /** The tender timeline's contractStartDate ("YYYY-MM-DD"). */
  startDate: string;
  initialYears: number;
  extensionYears: readonly number[];
  ceilingAmountCents: number;
  performancePaymentApplies: boolean;
  /** The winning offer's unit prices. */
  rates: readonly { name: string; unit: string; rateCents: number }[];
  /** The lot's KPIs with their targets (an override reason when the target departs from the catalogue). */
  kpis: readonly { kpiCode: string; name: string; unit: string; target: string; direction: string; source: string; overrideReason: string | null }[];
  /** The lot's expected participants per municipality and target group (stored in contract_volumes). */
  volumes: readonly { municipalityId: string; targetGroup: string; count: number }[];
}

/** "2027-03-01" + 4 years → "2031-03-01"; 29 February rolls over to 1 March in a common year. */
function addYears(date: string, years: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const moved = new Date(Date.UTC(year + years, month - 1, day));
  return moved.toISOString().slice(0, 10);
}

/**
 * The contract number of a lot's award: "<tender reference>-P<lot number>", and when a contract
 * (entered by hand, say) already holds that number, "-2", "-3", … after it, so it stays unique.
 */
async function freeContractNumber(tx: Db, base: string): Promise<string> {
  const taken = new Set(
    (await tx.select({ number: contracts.number }).from(contracts).where(sql`${contracts.number} = ${base} or ${contracts.number} like ${`${base.replace(/[\\%_]/g, "\\$&")}-%`}`)).map((row) => row.number),
  );
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) if (!taken.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
}

/**
 * The draft contract that follows a final award, in the register with the winning offer's
 * prices, the lot's KPIs with their targets and the lot's volumes. Runs inside the award's
 * transaction (`tx`): the award and its contract commit together or not at all. The caller has
 * checked the authority to decide the award (decide:award); the contract managers take it from
 * here (they are notified in-app), so no contract manager is assigned yet.
 *
 * End date: start + initial years − 1 day (a contract from 1 March 2027 for 4 years runs until
 * 28 February 2031). Extension options follow the tender's contract term.
 */
export async function createDraftContractFromAward(tx: Db, clock: Clock, actor: Actor, input: DraftContractFromAward): Promise<{ id: string; number: string }> {
  const [supplier] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, input.supplierOrganisationId));
  if (!supplier) throw new NotFoundError("De organisatie van de winnende inschrijving bestaat niet.");
  const number = await freeContractNumber(tx, `${input.tenderReference}-P${input.lotNumber}`);
  const endDate = addCalendarDays(addYears(input.startDate, input.initialYears), -1);
  const now = clock.now();
  const [contract] = await tx
    .insert(contracts)
    .values({
      number,
      title: `Perceel ${input.lotNumber}: ${input.lotTitle}`,
      kind: "tender",
      status: "draft",
      supplierOrganisationId: input.supplierOrganisationId,
      learningRoute: input.learningRoute,
      services: input.services,
      tenderId: input.tenderId,
      lotId: input.lotId,
      startDate: input.startDate,
      endDate,
      extensionOptions: extensionOptionsFrom([...input.extensionYears], endDate),
      ceilingAmountCents: input.ceilingAmountCents,
      performancePaymentApplies: input.performancePaymentApplies,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: contracts.id });
  const contractId = contract!.id;
  if (input.rates.length) await tx.insert(contractRates).values(input.rates.map((rate) => ({ contractId, name: rate.name, unit: rate.unit, rateCents: rate.rateCents })));
  if (input.kpis.length) {
    await tx.insert(contractKpis).values(
      input.kpis.map((kpi) => ({ contractId, kpiCode: kpi.kpiCode, name: kpi.name, unit: kpi.unit, target: kpi.target, direction: kpi.direction, source: kpi.source, overrideReason: kpi.overrideReason })),
    );
  }
  const volumes = input.volumes.filter((volume) => volume.count > 0);
  if (volumes.length) await tx.insert(contractVolumes).values(volumes.map((volume) => ({ contractId, municipalityId: volume.municipalityId, targetGroup: volume.targetGroup, expectedCount: volume.count })));
  await recordAudit(tx, clock, {
    actor,
    action: "contract.createdFromAward",
    entityType: "contract",
    entityId: contractId,
    summary: `Contract ${number} als concept vastgelegd na de definitieve gunning van perceel ${input.lotNumber} van ${input.tenderReference} aan ${supplier.name} (${input.startDate} t/m ${endDate}, plafond ${formatEuroCents(input.ceilingAmountCents)}, ${input.rates.length} tarieven, ${input.kpis.length} indicatoren)`,
    changes: { tenderId: input.tenderId, lotId: input.lotId },
  });
  const managers = await tx
    .selectDistinct({ userId: users.id, email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, "contractManager"), eq(users.active, true)));
  await notifyUsers(tx, clock, managers, {
    title: `Conceptcontract ${number} wacht op u`,
    body: `Perceel ${input.lotNumber} (${input.lotTitle}) van ${input.tenderReference} is definitief gegund aan ${supplier.name}. Het conceptcontract staat in het register, met de tarieven uit de inschrijving en de indicatoren van het perceel. Wijs een contractmanager toe, vul de budgetten per gemeente in en activeer het contract.`,
    link: `/contracten/${contractId}`,
    sendMail: false,
  });
  return { id: contractId, number };
}

function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(value)) changes[key] = { from: before[key], to: value };
  }
  return changes;
}

/**
 * Records a change: in a draft directly, after activation only as a numbered amendment with
 * reason and effective date, which is kept for ever (the table refuses updates and deletes).
 */
async function recordChange(
  tx: Db,
  clock: Clock,
  actor: Actor,
  contract: ContractRow,
  kind: string,
  changes: Record<string, { from: unknown; to: unknown }>,
  amendment: Amendment | null,
  summary: string,
) {
  if (contract.status !== "draft") {
    if (!amendment) {
      throw new RuleViolation("contract.amendmentRequired", "Dit contract is actief: een wijziging is een contractwijziging met een reden en een ingangsdatum.", "reason");
    }
    const [{ next }] = (await tx
      .select({ next: sql<number>`coalesce(max(${contractAmendments.number}), 0) + 1`.mapWith(Number) })
      .from(contractAmendments)
      .where(eq(contractAmendments.contractId, contract.id))) as [{ next: number }];
    await tx.insert(contractAmendments).values({
      contractId: contract.id,
      number: next,
      kind,
      reason: amendment.reason,
      effectiveDate: amendment.effectiveDate,
      changes,
      createdAt: clock.now(),
      createdByUserId: actor.id,
      createdByName: actor.name,
    });
    summary = `Wijziging ${next} van ${contract.number}: ${summary} (reden: ${amendment.reason}; ingangsdatum ${amendment.effectiveDate})`;
  }
  await recordAudit(tx, clock, { actor, action: `contract.${kind}`, entityType: "contract", entityId: contract.id, summary, changes });
}

export async function updateContract(db: Db, clock: Clock, actor: Actor, contractId: string, form: ContractForm, amendment: Amendment | null) {
  assertPermission(actor, "manage:contracts");
  try {
    await db.transaction(async (tx) => {
      const contract = await loadContract(tx, contractId, true);
      if (contract.status === "ended" || contract.status === "terminated") throw new RuleViolation("contract.closed", "Een beëindigd contract kan niet meer worden gewijzigd.");
      if (form.number !== contract.number) {
        const [clash] = await tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.number, form.number));
        if (clash) throw duplicateNumber(form.number);
      }
      await assertSupplier(tx, form.supplierOrganisationId);
      const next = { ...contractValues(form), extensionOptions: extensionOptionsFrom(form.extensionYears, form.endDate, contract.extensionOptions) };
      const changes = diff(contract as unknown as Record<string, unknown>, next);
      if (Object.keys(changes).length === 0) throw new RuleViolation("contract.noChange", "Er is niets gewijzigd.");
      await tx.update(contracts).set({ ...next, updatedAt: clock.now() }).where(eq(contracts.id, contractId));
      await recordChange(tx, clock, actor, contract, "updated", changes, amendment, `gegevens gewijzigd (${Object.keys(changes).join(", ")})`);
      // new dates or schedule of an active contract: its reporting periods follow (ADR 0013)
      await syncContractReportingPeriods(tx, contractId);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateNumber(form.number);
    throw error;
  }
}

export async function activateContract(db: Db, clock: Clock, actor: Actor, contractId: string) {
  assertPermission(actor, "manage:contracts");
  await db.transaction(async (tx) => {
    const contract = await loadContract(tx, contractId, true);
    if (contract.status !== "draft") throw new RuleViolation("contract.notDraft", "Alleen een concept kan worden geactiveerd.");
    const budgets = await tx.select({ id: contractBudgets.id }).from(contractBudgets).where(eq(contractBudgets.contractId, contractId)).limit(1);
    if (budgets.length === 0) throw new RuleViolation("contract.noBudget", "Leg eerst het budget per gemeente vast voor minstens één jaar.");
    const now = clock.now();
    await tx.update(contracts).set({ status: "active", activatedAt: now, updatedAt: now }).where(eq(contracts.id, contractId));
    await recordAudit(tx, clock, { actor, action: "contract.activated", entityType: "contract", entityId: contractId, summary: `Contract ${contract.number} geactiveerd; wijzigingen zijn vanaf nu contractwijzigingen` });
    // every reporting period of the contract term, stored now (ADR 0013)
    await syncContractReportingPeriods(tx, contractId);
  });
}

/** Exercising an extension option is an amendment that moves the end date. */
export async function exerciseExtension(db: Db, clock: Clock, actor: Actor, contractId: string, optionIndex: number, amendment: Amendment) {
  assertPermission(actor, "manage:contracts");
  await db.transaction(async (tx) => {
    const contract = await loadContract(tx, contractId, true);
    if (contract.status !== "active") throw new RuleViolation("contract.notActive", "Alleen een actief contract kan worden verlengd.");
    const option = contract.extensionOptions[optionIndex];
    if (!option || option.exercisedAt) throw new RuleViolation("contract.noSuchOption", "Deze verlengingsoptie bestaat niet of is al gebruikt.");
    if (contract.extensionOptions.slice(0, optionIndex).some((earlier) => !earlier.exercisedAt)) {
      throw new RuleViolation("contract.optionOrder", "Gebruik de verlengingsopties in volgorde.");
    }
    const endDate = addCalendarDays(contract.endDate, option.years * 365);
    const extensionOptions = contract.extensionOptions.map((candidate, index) => (index === optionIndex ? { ...candidate, exercisedAt: amsterdamDateOf(clock.now()) } : candidate));
    await tx.update(contracts).set({ endDate, extensionOptions, updatedAt: clock.now() }).where(eq(contracts.id, contractId));
    await recordChange(tx, clock, actor, contract, "extended", { endDate: { from: contract.endDate, to: endDate } }, amendment, `verlengd met ${option.years} jaar tot ${endDate}`);
    await syncContractReportingPeriods(tx, contractId);
  });
}

/** A closed contract is history: nothing about it changes any more, not even by amendment. */
function assertOpen(contract: ContractRow) {
  if (contract.status === "ended" || contract.status === "terminated") throw new RuleViolation("contract.closed", "Een beëindigd contract kan niet meer worden gewijzigd.");
}

// ------------------------------------------------------------------------------ rates

export interface ContractRate {
  name: string;
  unit: PriceUnit;
  rateCents: number;
}

function describeRate(rate: ContractRate) {
  return `${rate.name}: ${formatEuroCents(rate.rateCents)} ${priceUnitLabels[rate.unit]}`;
}

/** Replaces the rates per price component; the whole set is one change (and one amendment). */
export async function setContractRates(db: Db, clock: Clock, actor: Actor, contractId: string, rates: ContractRate[], amendment: Amendment | null) {
  assertPermission(actor, "manage:contracts");
  const names = rates.map((rate) => rate.name.trim().toLocaleLowerCase("nl"));
  const duplicate = rates.find((_, index) => names.indexOf(names[index]!) !== index);
  if (duplicate) throw new RuleViolation("contract.duplicateRate", `De prijscomponent "${duplicate.name}" staat er twee keer in.`, "rates");
  if (rates.some((rate) => !Number.isInteger(rate.rateCents) || rate.rateCents < 0)) throw new RuleViolation("contract.negativeRate", "Een tarief kan niet negatief zijn.", "rates");
  await db.transaction(async (tx) => {
    const contract = await loadContract(tx, contractId, true);
    assertOpen(contract);
    const before = await tx.select({ name: contractRates.name, unit: contractRates.unit, rateCents: contractRates.rateCents }).from(contractRates).where(eq(contractRates.contractId, contractId)).orderBy(asc(contractRates.name));
    const after = rates.map((rate) => ({ name: rate.name.trim(), unit: rate.unit, rateCents: rate.rateCents })).sort((a, b) => a.name.localeCompare(b.name, "nl"));
    const sortedBefore = [...before].sort((a, b) => a.name.localeCompare(b.name, "nl"));
    if (JSON.stringify(sortedBefore) === JSON.stringify(after)) throw new RuleViolation("contract.noChange", "Er is niets gewijzigd.");
    await tx.delete(contractRates).where(eq(contractRates.contractId, contractId));
    if (after.length) await tx.insert(contractRates).values(after.map((rate) => ({ contractId, ...rate })));
    await recordChange(
      tx,
      clock,
      actor,
      contract,
      "ratesSet",
      { rates: { from: sortedBefore, to: after } },
      amendment,
      after.length ? `tarieven vastgesteld (${after.map((rate) => describeRate(rate as ContractRate)).join("; ")})` : "alle tarieven verwijderd",
    );
  });
}

// ------------------------------------------------------------------------------ documents

/**
 * Adds a document (the signed contract, an annex, a price sheet) to the contract. The file is
 * stored in the same transaction, so a refused change (no amendment reason) leaves no orphan.
 */
export async function addContractDocument(db: Db, clock: Clock, actor: Actor, contractId: string, input: { title: string; fileName: string; bytes: Uint8Array }, amendment: Amendment | null) {
  assertPermission(actor, "manage:contracts");
  return db.transaction(async (tx) => {
    const contract = await loadContract(tx, contractId, true);
    assertOpen(contract);
    const stored = await storeFile(tx, clock, actor, { fileName: input.fileName, bytes: input.bytes, allowedKinds: ["pdf", "docx", "xlsx"] });
    await tx.insert(contractDocuments).values({ contractId, fileId: stored.id, title: input.title, addedAt: clock.now() });
    await recordChange(tx, clock, actor, contract, "documentAdded", { [`document:${input.title}`]: { from: null, to: stored.fileName } }, amendment, `document "${input.title}" (${stored.fileName}) toegevoegd`);
    return { fileId: stored.id };
  });
}

/** A document of the contract, for whoever may read the contract; a file of another contract is not found. */
export async function getContractDocument(db: Db, actor: Actor, contractId: string, fileId: string) {
  const contract = await loadContract(db, contractId);
  assertCanRead(actor, contract);
  const [document] = await db.select({ fileId: contractDocuments.fileId }).from(contractDocuments).where(and(eq(contractDocuments.contractId, contractId), eq(contractDocuments.fileId, fileId)));
  if (!document) throw new NotFoundError("Dit document bestaat niet (meer).");
  const file = await readStoredFile(db, fileId);
  return { fileName: file.fileName, mimeType: file.mimeType, sizeBytes: file.sizeBytes, bytes: file.bytes };
}

// ------------------------------------------------------------------------------ budgets

export interface BudgetCell {
  municipalityId: string;
  targetGroup: "asylumMigrant" | "familyMigrant";
  volume: number;
  amountCents: number;
}

/** The default split of a year's commitment: pro rata to the housing quota (the cost key of §2). */
export async function proposeBudgetSplit(db: Db, totalCents: number): Promise<BudgetCell[]> {
  const quotas = await db
    .select({ municipalityId: housingQuotas.municipalityId, persons: sql<number>`sum(${housingQuotas.persons})`.mapWith(Number) })
    .from(housingQuotas)
    .innerJoin(municipalities, eq(municipalities.id, housingQuotas.municipalityId))
    .where(eq(housingQuotas.year, 2020))
    .groupBy(housingQuotas.municipalityId, municipalities.name)
    .orderBy(asc(municipalities.name));
  return allocateCents(totalCents, quotas.map((quota) => ({ id: quota.municipalityId, weight: quota.persons }))).map((part) => ({
    municipalityId: part.id,
    targetGroup: "asylumMigrant" as const,
    volume: 0,
    amountCents: part.cents,
  }));
}

/**
 * Sets a year's commitment per municipality and target group; the parts must add up to the total.
 * Without cells the total is split by the default cost key (proposeBudgetSplit).
 */
export async function setYearBudget(
  db: Db,
  clock: Clock,
  actor: Actor,
  contractId: string,
  request: { year: number; totalCents: number; cells?: BudgetCell[] },
  amendment: Amendment | null,
) {
  assertPermission(actor, "manage:contracts");
  const input = { ...request, cells: request.cells ?? (await proposeBudgetSplit(db, request.totalCents)) };
  const sum = input.cells.reduce((total, cell) => total + cell.amountCents, 0);
  if (sum !== input.totalCents) {
    throw new RuleViolation("contract.budgetSum", `De verdeling over de gemeenten telt op tot ${formatEuroCents(sum)}; dat moet ${formatEuroCents(input.totalCents)} zijn.`, "totalCents");
  }
  if (input.cells.some((cell) => cell.amountCents < 0 || cell.volume < 0)) throw new RuleViolation("contract.budgetNegative", "Bedragen en aantallen kunnen niet negatief zijn.", "totalCents");
  await db.transaction(async (tx) => {
    const contract = await loadContract(tx, contractId, true);
    const startYear = Number(contract.startDate.slice(0, 4));
    const endYear = Number(contract.endDate.slice(0, 4));
    if (input.year < startYear || input.year > endYear) throw new RuleViolation("contract.budgetYear", `Kies een jaar binnen de looptijd (${startYear}–${endYear}).`, "year");
    const before = await tx.select().from(contractBudgets).where(and(eq(contractBudgets.contractId, contractId), eq(contractBudgets.year, input.year)));
    const beforeTotal = before.reduce((total, row) => total + row.amountCents, 0);
    await tx.delete(contractBudgets).where(and(eq(contractBudgets.contractId, contractId), eq(contractBudgets.year, input.year)));
    const rows = input.cells.filter((cell) => cell.amountCents > 0 || cell.volume > 0);
    if (rows.length) await tx.insert(contractBudgets).values(rows.map((cell) => ({ contractId, year: input.year, ...cell })));
    await recordChange(
      tx,
      clock,
      actor,
      contract,
      "budgetSet",
      { [`budget${input.year}`]: { from: beforeTotal, to: input.totalCents } },
      amendment,
      `budget ${input.year} vastgesteld op ${formatEuroCents(input.totalCents)} (was ${formatEuroCents(beforeTotal)})`,
    );
  });
}

// ------------------------------------------------------------------------------ KPIs

export async function addCatalogueKpi(db: Db, clock: Clock, actor: Actor, contractId: string, kpiCode: string, amendment: Amendment | null) {
  assertPermission(actor, "manage:contracts");
  await db.transaction(async (tx) => {
    const contract = await loadContract(tx, contractId, true);
    const [definition] = await tx.select().from(kpiDefinitions).where(eq(kpiDefinitions.code, kpiCode));
    if (!definition) throw new RuleViolation("contract.unknownKpi", "Kies een indicator uit de catalogus.", "kpiCode");
    const existing = await tx.select({ kpiCode: contractKpis.kpiCode }).from(contractKpis).where(and(eq(contractKpis.contractId, contractId), eq(contractKpis.kpiCode, kpiCode)));
    if (existing.length) throw new RuleViolation("contract.kpiExists", "Deze indicator hoort al bij het contract.", "kpiCode");
    await tx.insert(contractKpis).values({
      contractId,
      kpiCode: definition.code,
      name: definition.scope ? `${definition.name} (${definition.scope})` : definition.name,
      unit: definition.unit,
      target: definition.target,
      direction: definition.direction,
      source: definition.source,
    });
    await recordChange(tx, clock, actor, contract, "kpiAdded", { [`kpi:${kpiCode}`]: { from: null, to: definition.target } }, amendment, `indicator "${definition.name}" toegevoegd (doel ${definition.target}, ${definition.source})`);
  });
}

export async function addCustomKpi(
  db: Db,
  clock: Clock,
  actor: Actor,
  contractId: string,
  input: { name: string; unit: "percent" | "score"; direction: "higherIsBetter" | "lowerIsBetter"; target: string },
  amendment: Amendment | null,
) {
  assertPermission(actor, "manage:contracts");
  await db.transaction(async (tx) => {
    const contract = await loadContract(tx, contractId, true);
    await tx.insert(contractKpis).values({ contractId, kpiCode: null, name: input.name, unit: input.unit, target: input.target, direction: input.direction, source: "Contractspecifiek" });
    await recordChange(tx, clock, actor, contract, "kpiAdded", { [`kpi:${input.name}`]: { from: null, to: input.target } }, amendment, `contractspecifieke indicator "${input.name}" toegevoegd`);
  });
}

/** Weight and payment rule; a target that departs from the catalogue only with a reason. */
export async function updateContractKpi(
  db: Db,
  clock: Clock,
  actor: Actor,
  contractId: string,
  kpiId: string,
  input: { weight: number; paymentRule: "proportional" | "threshold" | "banded"; target: string; overrideReason: string | null },
  amendment: Amendment | null,
) {
  assertPermission(actor, "manage:contracts");
  await db.transaction(async (tx) => {
    const contract = await loadContract(tx, contractId, true);
    const [kpi] = await tx.select().from(contractKpis).where(and(eq(contractKpis.id, kpiId), eq(contractKpis.contractId, contractId)));
    if (!kpi) throw new NotFoundError("Deze indicator bestaat niet.");
    if (kpi.kpiCode) {
      const [definition] = await tx.select({ target: kpiDefinitions.target }).from(kpiDefinitions).where(eq(kpiDefinitions.code, kpi.kpiCode));
      if (definition && Number(definition.target) !== Number(input.target) && !input.overrideReason?.trim()) {
        throw new RuleViolation("contract.kpiOverride", `Het doel wijkt af van het beleidskader (${Number(definition.target)}); geef de reden.`, "overrideReason");
      }
    }
    const next = { weight: input.weight, paymentRule: input.paymentRule, target: input.target, overrideReason: input.overrideReason?.trim() || null };
    const changes = diff({ weight: kpi.weight, paymentRule: kpi.paymentRule, target: String(Number(kpi.target)), overrideReason: kpi.overrideReason }, { ...next, target: String(Number(next.target)) });
    if (Object.keys(changes).length === 0) return;
    await tx.update(contractKpis).set(next).where(eq(contractKpis.id, kpiId));
    await recordChange(tx, clock, actor, contract, "kpiUpdated", changes, amendment, `indicator "${kpi.name}" gewijzigd (${Object.keys(changes).join(", ")})`);
  });
}

export async function removeContractKpi(db: Db, clock: Clock, actor: Actor, contractId: string, kpiId: string, amendment: Amendment | null) {
  assertPermission(actor, "manage:contracts");
  await db.transaction(async (tx) => {
    const contract = await loadContract(tx, contractId, true);
    const [kpi] = await tx.delete(contractKpis).where(and(eq(contractKpis.id, kpiId), eq(contractKpis.contractId, contractId))).returning();
    if (!kpi) throw new NotFoundError("Deze indicator bestaat niet.");
    await recordChange(tx, clock, actor, contract, "kpiRemoved", { [`kpi:${kpi.name}`]: { from: kpi.target, to: null } }, amendment, `indicator "${kpi.name}" verwijderd`);
  });
}

/**
 * A year's achieved figures for a contract KPI. Accepted progress reports will write these; until
 * then the contract manager records figures from accepted reports or invoices by hand.
 */
export async function recordKpiYearFigure(db: Db, clock: Clock, actor: Actor, contractId: string, kpiId: string, input: { year: number; numerator: string; denominator: string }) {
  assertPermission(actor, "manage:contracts");
  await db.transaction(async (tx) => {
    const contract = await loadContract(tx, contractId);
    const [kpi] = await tx.select().from(contractKpis).where(and(eq(contractKpis.id, kpiId), eq(contractKpis.contractId, contractId)));
    if (!kpi) throw new NotFoundError("Deze indicator bestaat niet.");
    if (Number(input.numerator) < 0 || Number(input.denominator) < 0) throw new RuleViolation("contract.negativeFigure", "Aantallen kunnen niet negatief zijn.", "numerator");
    if (kpi.unit === "percent" && Number(input.numerator) > Number(input.denominator)) {
      throw new RuleViolation("contract.numeratorAboveDenominator", `Het aantal (${input.numerator}) kan niet groter zijn dan het totaal (${input.denominator}).`, "numerator");
    }
    const values = { numerator: input.numerator, denominator: input.denominator, source: `Ingevoerd door ${actor.name}`, recordedAt: clock.now(), recordedByUserId: actor.id };
    await tx.insert(kpiYearFigures).values({ contractKpiId: kpiId, year: input.year, ...values }).onConflictDoUpdate({ target: [kpiYearFigures.contractKpiId, kpiYearFigures.year], set: values });
    await recordAudit(tx, clock, {
      actor,
      action: "contract.kpiFigureRecorded",
      entityType: "contract",
      entityId: contract.id,
      summary: `Resultaat ${input.year} van "${kpi.name}" vastgelegd: ${input.numerator} van ${input.denominator}`,
    });
  });
}

// ------------------------------------------------------------------------------ queries

export interface ContractFilter {
  supplierOrganisationId?: string;
  kind?: ContractRow["kind"];
  learningRoute?: string;
  municipalityId?: string;
  status?: ContractRow["status"];
  endsBefore?: string;
}

export async function listContracts(db: Db, actor: Actor, filter: ContractFilter = {}) {
  const ownOnly = !hasPermission(actor, "read:contracts");
  if (ownOnly && !actor.organisationId) throw new ForbiddenError();
  const conditions = [];
  if (ownOnly) conditions.push(eq(contracts.supplierOrganisationId, actor.organisationId!));
  if (filter.supplierOrganisationId) conditions.push(eq(contracts.supplierOrganisationId, filter.supplierOrganisationId));
  if (filter.kind) conditions.push(eq(contracts.kind, filter.kind));
  if (filter.learningRoute) conditions.push(eq(contracts.learningRoute, filter.learningRoute));
  if (filter.status) conditions.push(eq(contracts.status, filter.status));
  if (filter.endsBefore) conditions.push(sql`${contracts.endDate} <= ${filter.endsBefore}`);
  if (filter.municipalityId) {
    conditions.push(inArray(contracts.id, db.select({ id: contractBudgets.contractId }).from(contractBudgets).where(eq(contractBudgets.municipalityId, filter.municipalityId))));
  }
  const rows = await db
    .select({ contract: contracts, supplierName: organisations.name, managerName: users.name })
    .from(contracts)
    .innerJoin(organisations, eq(organisations.id, contracts.supplierOrganisationId))
    .leftJoin(users, eq(users.id, contracts.contractManagerUserId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(contracts.number));
  return rows.map(({ contract, supplierName, managerName }) => ({ ...contract, supplierName, managerName }));
}

export async function getContract(db: Db, actor: Actor, contractId: string) {
  const contract = await loadContract(db, contractId);
  assertCanRead(actor, contract);
  const [supplier] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, contract.supplierOrganisationId));
  const budgets = await db
    .select({ year: contractBudgets.year, municipalityId: contractBudgets.municipalityId, municipalityName: municipalities.name, targetGroup: contractBudgets.targetGroup, volume: contractBudgets.volume, amountCents: contractBudgets.amountCents })
    .from(contractBudgets)
    .innerJoin(municipalities, eq(municipalities.id, contractBudgets.municipalityId))
    .where(eq(contractBudgets.contractId, contractId))
    .orderBy(asc(contractBudgets.year), asc(municipalities.name));
  const kpis = await db.select().from(contractKpis).where(eq(contractKpis.contractId, contractId)).orderBy(asc(contractKpis.name));
  const figures = kpis.length ? await db.select().from(kpiYearFigures).where(inArray(kpiYearFigures.contractKpiId, kpis.map((kpi) => kpi.id))) : [];
  const amendments = await db.select().from(contractAmendments).where(eq(contractAmendments.contractId, contractId)).orderBy(asc(contractAmendments.number));
  const documents = await db
    .select({ fileId: contractDocuments.fileId, title: contractDocuments.title, addedAt: contractDocuments.addedAt, fileName: storedFiles.fileName, mimeType: storedFiles.mimeType, sizeBytes: storedFiles.sizeBytes })
    .from(contractDocuments)
    .innerJoin(storedFiles, eq(storedFiles.id, contractDocuments.fileId))
    .where(eq(contractDocuments.contractId, contractId))
    .orderBy(asc(contractDocuments.addedAt), asc(contractDocuments.title));
  const rates = await db.select({ id: contractRates.id, name: contractRates.name, unit: contractRates.unit, rateCents: contractRates.rateCents }).from(contractRates).where(eq(contractRates.contractId, contractId)).orderBy(asc(contractRates.name));
  // the tendered volumes, for a contract that came from an award (createDraftContractFromAward)
  const volumes = await db
    .select({ municipalityId: contractVolumes.municipalityId, municipalityName: municipalities.name, targetGroup: contractVolumes.targetGroup, expectedCount: contractVolumes.expectedCount })
    .from(contractVolumes)
    .innerJoin(municipalities, eq(municipalities.id, contractVolumes.municipalityId))
    .where(eq(contractVolumes.contractId, contractId))
    .orderBy(asc(municipalities.name), asc(contractVolumes.targetGroup));
  // a municipality viewer sees the contract, but of the money only its own municipality's share
  const ownMunicipalityOnly = actor.roles.includes("municipalityViewer") && !hasPermission(actor, "read:regionDetails");
  // the tender the contract was awarded from, for the link back (every contract reader has read:tenders)
  const [tender] = contract.tenderId
    ? await db.select({ id: tenders.id, reference: tenders.reference, title: tenders.title }).from(tenders).where(eq(tenders.id, contract.tenderId))
    : [];
  return {
    contract,
    supplierName: supplier?.name ?? "",
    tender: tender ?? null,
    budgets: ownMunicipalityOnly ? budgets.filter((budget) => budget.municipalityId === actor.municipalityId) : budgets,
    budgetTotalsByYear: Object.fromEntries(
      [...new Set(budgets.map((budget) => budget.year))].map((year) => [year, budgets.filter((budget) => budget.year === year).reduce((total, budget) => total + budget.amountCents, 0)]),
    ),
    kpis: kpis.map((kpi) => ({ ...kpi, figures: figures.filter((figure) => figure.contractKpiId === kpi.id).sort((a, b) => a.year - b.year) })),
    amendments,
    documents,
    rates: rates.map((rate) => ({ ...rate, unit: rate.unit as PriceUnit })),
    // like the budgets: a municipality viewer gets its own municipality's rows, and everyone the
    // region totals (per target group and overall); null when the contract has no volumes
    volumes: ownMunicipalityOnly ? volumes.filter((volume) => volume.municipalityId === actor.municipalityId) : volumes,
    volumeTotals: volumes.length
      ? {
          byTargetGroup: volumes.reduce<Record<string, number>>((totals, volume) => ({ ...totals, [volume.targetGroup]: (totals[volume.targetGroup] ?? 0) + volume.expectedCount }), {}),
          overall: volumes.reduce((total, volume) => total + volume.expectedCount, 0),
        }
      : null,
  };
}

/** The organisations that hold at least one contract, for the register's supplier filter. */
export async function listContractSuppliers(db: Db, actor: Actor) {
  assertPermission(actor, "read:contracts");
  return db
    .selectDistinct({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .innerJoin(contracts, eq(contracts.supplierOrganisationId, organisations.id))
    .orderBy(asc(organisations.name), asc(organisations.id));
}

/** Start-page alerts: contracts ending within six months, and extension decisions due. */
export async function listContractAlerts(db: Db, clock: Clock, actor: Actor) {
  if (!hasPermission(actor, "read:contracts")) return { endingSoon: [], extensionDecisions: [] };
  const today = amsterdamDateOf(clock.now());
  const horizon = addCalendarDays(today, 183);
  const active = await db.select({ id: contracts.id, number: contracts.number, title: contracts.title, endDate: contracts.endDate, extensionOptions: contracts.extensionOptions }).from(contracts).where(eq(contracts.status, "active"));
  return {
    endingSoon: active.filter((contract) => contract.endDate >= today && contract.endDate <= horizon),
    extensionDecisions: active.flatMap((contract) => {
      const next = contract.extensionOptions.findIndex((option) => !option.exercisedAt);
      const option = contract.extensionOptions[next];
      return option && option.decisionDueDate <= horizon ? [{ id: contract.id, number: contract.number, title: contract.title, decisionDueDate: option.decisionDueDate, years: option.years }] : [];
    }),
  };
}

/** Pick lists of the contract form: active organisations and contract managers. */
export async function getContractFormOptions(db: Db, actor: Actor) {
  assertPermission(actor, "manage:contracts");
  const { userRoles } = await import("../identity/identity.sql");
  const suppliers = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.active, true)).orderBy(asc(organisations.name));
  const managers = await db
    .selectDistinct({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, "contractManager"), eq(users.active, true)))
    .orderBy(asc(users.name));
  return { suppliers, managers };
}

/**
 * The prestatiebekostiging of a contract for a calendar year (§7.1.1), with every step: the
 * year's commitment, the share at stake, per KPI the year's accepted figures and score, the payout.
 * Before the activation date it is a shadow calculation.
 */
export async function getPerformancePayment(db: Db, actor: Actor, contractId: string, year: number) {
  const contract = await loadContract(db, contractId);
  assertCanRead(actor, contract);
  if (!contract.performancePaymentApplies) throw new RuleViolation("contract.noPerformancePayment", "Prestatiebekostiging is niet van toepassing op dit contract.");
  const [{ commitment }] = (await db
    .select({ commitment: sql<number>`coalesce(sum(${contractBudgets.amountCents}), 0)`.mapWith(Number) })
    .from(contractBudgets)
    .where(and(eq(contractBudgets.contractId, contractId), eq(contractBudgets.year, year)))) as [{ commitment: number }];
  const kpis = await db.select().from(contractKpis).where(eq(contractKpis.contractId, contractId)).orderBy(asc(contractKpis.name));
  const figures = kpis.length
    ? await db.select().from(kpiYearFigures).where(and(inArray(kpiYearFigures.contractKpiId, kpis.map((kpi) => kpi.id)), eq(kpiYearFigures.year, year)))
    : [];
  const counted = kpis.filter((kpi) => kpi.weight > 0);
  const result = counted.length
    ? calculatePerformancePayment({
        commitmentCents: commitment,
        sharePercent: contract.performanceShare,
        activationDate: contract.performanceActivationDate,
        year,
        kpis: counted.map((kpi) => {
          const figure = figures.find((candidate) => candidate.contractKpiId === kpi.id);
          return {
            id: kpi.id,
            name: kpi.name,
            target: kpi.target,
            unit: kpi.unit as "percent" | "score",
            direction: kpi.direction as "higherIsBetter" | "lowerIsBetter",
            weight: kpi.weight,
            rule: kpi.paymentRule,
            achieved: figure ? { numerator: figure.numerator, denominator: figure.denominator } : null,
          };
        }),
      })
    : null;
  return {
    year,
    mode: result?.mode ?? paymentModeFor(contract.performanceActivationDate, year),
    commitmentCents: commitment,
    atStakeCents: result?.atStakeCents ?? 0,
    payoutCents: result?.payoutCents ?? 0,
    withheldCents: result?.withheldCents ?? 0,
    weightedScorePercent: result?.weightedScorePercent ?? "–",
    breakdown: (result?.breakdown ?? []).map((line) => ({
      ...line,
      targetDisplay: formatTarget(line.target, line.unit),
      scoreDisplay: line.scorePercent,
    })),
  };
}
