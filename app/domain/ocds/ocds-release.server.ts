// Open contracting data (OCDS 1.1 with the lots extension) for the public: decision 0014.
//
// Sealed offers: this module never reads the offer tables. What it tells about offers (the number
// of tenderers, the winner and its price) comes from the evaluation module's readLotResult, and
// only once isTenderOpened; before the opening nothing about offers is even looked at.
// Personal data: organisations are read by name and KvK number only, never their contact person,
// address or accounts; user names in award, opening and amendment rows are never selected.
import { createHash } from "node:crypto";
import { and, asc, eq, inArray, isNotNull, ne } from "drizzle-orm";
import type { Db } from "../../db/types";
import { addCalendarDays } from "../../utils/amsterdam-time";
import type { Clock } from "../../utils/clock.server";
import { contractAmendments, contractBudgets, contracts, type ExtensionOption } from "../contracts/contract.sql";
import { contractKindLabels, contractServiceLabels } from "../contracts/contract-labels";
import { awardDecisions, tenderOpenings } from "../evaluation/evaluation.sql";
import { readLotResult } from "../evaluation/lot-result.server";
import type { LotResult } from "../evaluation/lot-result";
import { isTenderOpened } from "../evaluation/opening.server";
import { organisations } from "../organisations/organisations.sql";
import { westfriesland } from "../reference-data/framework-figures";
import { municipalities, regions } from "../regions/regions.sql";
import { lotServiceLabels, procedureLabels, type TenderContent } from "../tenders/tender-content";
import { tenders, tenderVersions } from "../tenders/tender.sql";
import {
  OCDS_LOTS_EXTENSION,
  OCDS_PUBLISHER_NAME,
  amendmentDescription,
  compactInstant,
  contractStatusOf,
  datePeriod,
  dayEnd,
  dayStart,
  euros,
  latest,
  lotStatusOf,
  ocidOf,
  procurementMethodOf,
  publicAwardStatus,
  tenderStatusOf,
  termEnd,
  type LotOutcome,
} from "./ocds-mapping";
import type {
  OcdsAmendment,
  OcdsAward,
  OcdsContract,
  OcdsMethod,
  OcdsOrganizationReference,
  OcdsParty,
  OcdsPartyRole,
  OcdsPlanning,
  OcdsRelease,
  OcdsReleasePackage,
  OcdsReleaseTag,
  OcdsTender,
} from "./ocds-types";

export type { OcdsReleasePackage } from "./ocds-types";

export interface OcdsOptions {
  /** OCID prefix, "ocds-" + 6 characters (OCDS_PREFIX). */
  prefix: string;
  /** The portal's public origin, e.g. "https://leerroutes.example.nl", for the package uri. */
  baseUrl: string;
}

export const OCDS_PACKAGE_PATH = "/ocds/releases.json";

type ContractRow = typeof contracts.$inferSelect;

interface PublicOrganisation {
  id: string;
  name: string;
  kvkNumber: string;
}

interface Context {
  region: { partyId: string; name: string };
  municipalityById: Map<string, { cbsCode: string; name: string }>;
  organisationById: Map<string, PublicOrganisation>;
}

/** Parties of one release, each listed once with every role it has. */
class Parties {
  private readonly byId = new Map<string, OcdsParty>();

  add(party: Omit<OcdsParty, "roles">, role: OcdsPartyRole): OcdsOrganizationReference {
    const existing = this.byId.get(party.id);
    if (existing) {
      if (!existing.roles.includes(role)) existing.roles.push(role);
    } else {
      this.byId.set(party.id, { ...party, roles: [role] });
    }
    return { id: party.id, name: party.name };
  }

  list(): OcdsParty[] {
    return [...this.byId.values()];
  }
}

function addRegion(parties: Parties, context: Context): OcdsOrganizationReference {
  const party = { id: context.region.partyId, name: context.region.name };
  parties.add(party, "procuringEntity");
  return parties.add(party, "buyer");
}

function addMunicipalities(parties: Parties, context: Context, municipalityIds: Iterable<string>) {
  for (const id of municipalityIds) {
    const municipality = context.municipalityById.get(id);
    if (!municipality) continue;
    // The CBS code is the key national data sets use; no registered org-id scheme covers it.
    parties.add({ id: municipality.cbsCode, name: `Gemeente ${municipality.name}` }, "buyer");
  }
}

function addSupplier(parties: Parties, organisation: PublicOrganisation): OcdsOrganizationReference {
  return parties.add(
    { id: `NL-KVK-${organisation.kvkNumber}`, name: organisation.name, identifier: { scheme: "NL-KVK", id: organisation.kvkNumber, legalName: organisation.name } },
    "supplier",
  );
}

// ---------------------------------------------------------------------------------- contracts

interface ContractExtras {
  amendments: Map<string, OcdsAmendment[]>;
}

function maxExtentOf(contract: ContractRow): string {
  const open = (contract.extensionOptions as ExtensionOption[]).filter((option) => !option.exercisedAt);
  // the same arithmetic as exerciseExtension, so the extent equals the end date after all options
  return open.reduce((end, option) => addCalendarDays(end, option.years * 365), contract.endDate);
}

function contractOf(contract: ContractRow, awardId: string, extras: ContractExtras): OcdsContract {
  const amendments = extras.amendments.get(contract.id) ?? [];
  return {
    id: contract.id,
    awardID: awardId,
    title: contract.title,
    description: `Contractnummer ${contract.number} (${contractKindLabels[contract.kind]})`,
    status: contractStatusOf(contract.status),
    period: datePeriod(contract.startDate, contract.endDate, maxExtentOf(contract)),
    value: euros(contract.ceilingAmountCents),
    ...(amendments.length ? { amendments } : {}),
  };
}

function contractTags(list: readonly OcdsContract[]): OcdsReleaseTag[] {
  const tags: OcdsReleaseTag[] = [];
  if (list.length) tags.push("contract");
  if (list.some((contract) => contract.amendments?.length)) tags.push("contractAmendment");
  if (list.some((contract) => contract.status === "terminated")) tags.push("contractTermination");
  return tags;
}

async function loadContractExtras(db: Db, contractIds: readonly string[]): Promise<ContractExtras> {
  const amendments = new Map<string, OcdsAmendment[]>();
  if (contractIds.length === 0) return { amendments };
  const rows = await db
    .select({
      contractId: contractAmendments.contractId,
      number: contractAmendments.number,
      kind: contractAmendments.kind,
      reason: contractAmendments.reason,
      effectiveDate: contractAmendments.effectiveDate,
      createdAt: contractAmendments.createdAt,
    })
    .from(contractAmendments)
    .where(inArray(contractAmendments.contractId, [...contractIds]))
    .orderBy(asc(contractAmendments.contractId), asc(contractAmendments.number));
  for (const row of rows) {
    const list = amendments.get(row.contractId) ?? [];
    list.push({ id: `${row.contractId}-wijziging-${row.number}`, date: row.createdAt.toISOString(), rationale: row.reason, description: amendmentDescription(row.kind, row.effectiveDate) });
    amendments.set(row.contractId, list);
  }
  return { amendments };
}

// ------------------------------------------------------------------------------------ release

/**
 * Release ids change with every change of content and never otherwise: the date of the latest
 * public event plus a digest of the release itself (which holds only public data).
 */
function finishRelease(ocid: string, date: string, body: Omit<OcdsRelease, "ocid" | "id" | "date">): OcdsRelease {
  const digest = createHash("sha256").update(JSON.stringify({ ocid, date, body })).digest("hex").slice(0, 12);
  return { ocid, id: `${ocid}-${compactInstant(date)}-${digest}`, date, ...body };
}

// ------------------------------------------------------------------------ tendered processes

interface TenderRow {
  id: string;
  reference: string;
  status: "draft" | "published" | "cancelled";
  publishedVersion: number | null;
  cancelledAt: Date | null;
}

function awardCriteriaDetails(content: TenderContent): string {
  const criteria = content.awardCriteria.map((criterion) => `${criterion.name} (${criterion.weight})`).join("; ");
  return `Beste prijs-kwaliteitverhouding. Gunningscriteria met weging: ${criteria}.`;
}

async function tenderRelease(db: Db, context: Context, prefix: string, row: TenderRow, contractsOfTender: ContractRow[], extras: ContractExtras, linked: Set<string>): Promise<OcdsRelease | null> {
  const [first] = await db.select({ publishedAt: tenderVersions.publishedAt }).from(tenderVersions).where(and(eq(tenderVersions.tenderId, row.id), eq(tenderVersions.version, 1)));
  const [current] = await db
    .select({ content: tenderVersions.content, publishedAt: tenderVersions.publishedAt })
    .from(tenderVersions)
    .where(and(eq(tenderVersions.tenderId, row.id), eq(tenderVersions.version, row.publishedVersion!)));
  if (!first || !current) return null;
  // Always the published version: the draft column may hold unpublished edits.
  const content = current.content;
  const cancelled = row.status === "cancelled";
  const ocid = ocidOf(prefix, row.id);
  const parties = new Parties();
  const procuringEntity = addRegion(parties, context);
  addMunicipalities(parties, context, content.municipalityIds);

  const opened = await isTenderOpened(db, row.id);
  const [opening] = opened
    ? await db.select({ confirmedAt: tenderOpenings.confirmedAt }).from(tenderOpenings).where(and(eq(tenderOpenings.tenderId, row.id), isNotNull(tenderOpenings.confirmedAt)))
    : [];
  const results = new Map<string, LotResult>();
  if (opened) {
    for (const lot of content.lots) results.set(lot.id, await readLotResult(db, row.id, lot.id));
  }

  const decisions = await db
    .select({
      id: awardDecisions.id,
      lotId: awardDecisions.lotId,
      status: awardDecisions.status,
      winningOfferId: awardDecisions.winningOfferId,
      decisionSentAt: awardDecisions.decisionSentAt,
      finalizedAt: awardDecisions.finalizedAt,
      withdrawnAt: awardDecisions.withdrawnAt,
      contractId: awardDecisions.contractId,
    })
    .from(awardDecisions)
    .where(and(eq(awardDecisions.tenderId, row.id), isNotNull(awardDecisions.decisionSentAt)))
    .orderBy(asc(awardDecisions.decisionSentAt));

  const awards: OcdsAward[] = [];
  const eventDates: (Date | string | null)[] = [current.publishedAt, row.cancelledAt, opening?.confirmedAt ?? null];
  const awardIdOfContract = new Map<string, string>();
  for (const decision of decisions) {
    const status = publicAwardStatus(decision.status, decision.decisionSentAt !== null);
    const lot = content.lots.find((candidate) => candidate.id === decision.lotId);
    if (!status || !lot) continue;
    // a sent decision implies an opened tender, so the result lists the offers
    const winner = results.get(lot.id)?.offers.find((offer) => offer.offerId === decision.winningOfferId);
    const organisation = winner ? context.organisationById.get(winner.organisationId) : undefined;
    awards.push({
      id: decision.id,
      title: `Perceel ${lot.number}: ${lot.title}`,
      ...(winner ? { description: "Gunningswaarde: de totaalprijs van de gegunde inschrijving, berekend op de verwachte aantallen uit de aanbesteding." } : {}),
      status,
      date: decision.decisionSentAt!.toISOString(),
      ...(winner ? { value: euros(winner.totalPriceCents) } : {}),
      suppliers: organisation ? [addSupplier(parties, organisation)] : [],
      relatedLots: [lot.id],
    });
    eventDates.push(decision.decisionSentAt, decision.finalizedAt, status === "cancelled" ? decision.withdrawnAt : null);
    if (decision.contractId && status === "active") awardIdOfContract.set(decision.contractId, decision.id);
  }

  const publishedContracts: OcdsContract[] = [];
  for (const contract of contractsOfTender) {
    const awardId = awardIdOfContract.get(contract.id);
    if (!awardId) continue;
    linked.add(contract.id);
    const supplier = context.organisationById.get(contract.supplierOrganisationId);
    if (supplier) addSupplier(parties, supplier);
    publishedContracts.push(contractOf(contract, awardId, extras));
    eventDates.push(contract.createdAt, contract.activatedAt, contract.updatedAt, ...(extras.amendments.get(contract.id) ?? []).map((amendment) => amendment.date));
  }

  const lotOutcomes = new Map<string, LotOutcome>();
  for (const lot of content.lots) {
    const awarded = awards.some((award) => award.status === "active" && award.relatedLots?.includes(lot.id));
    lotOutcomes.set(lot.id, awarded ? "awarded" : results.get(lot.id)?.status === "unsuccessful" ? "unsuccessful" : "open");
  }

  const timeline = content.timeline;
  const firstPublished = first.publishedAt.toISOString();
  const bidders = new Set([...results.values()].flatMap((result) => result.offers.map((offer) => offer.organisationId)));
  const term = content.contractTerm;
  const tender: OcdsTender = {
    id: row.reference,
    title: content.title,
    ...(content.summary ? { description: content.summary } : {}),
    status: tenderStatusOf(cancelled, [...lotOutcomes.values()]),
    procuringEntity,
    items: content.lots.map((lot) => ({ id: `perceel-${lot.number}`, description: `${lotServiceLabels[lot.service]}: ${lot.title}`, relatedLot: lot.id })),
    ...(content.estimatedValueCents > 0 ? { value: euros(content.estimatedValueCents) } : {}),
    procurementMethod: procurementMethodOf(content.procedure),
    procurementMethodDetails: `${procedureLabels[content.procedure]}${content.lightRegime ? " (sociale en andere specifieke diensten, verlicht regime)" : ""}`,
    mainProcurementCategory: "services",
    ...(content.awardCriteria.length ? { awardCriteria: "ratedCriteria", awardCriteriaDetails: awardCriteriaDetails(content) } : {}),
    submissionMethod: ["electronicSubmission"],
    ...(timeline
      ? {
          tenderPeriod: { startDate: firstPublished, endDate: new Date(timeline.submissionDeadline).toISOString() },
          enquiryPeriod: { startDate: firstPublished, endDate: new Date(timeline.questionDeadline).toISOString() },
          awardPeriod: { startDate: new Date(timeline.submissionDeadline).toISOString(), endDate: dayEnd(timeline.plannedAwardDecisionDate) },
          contractPeriod: {
            startDate: dayStart(timeline.contractStartDate),
            endDate: dayEnd(termEnd(timeline.contractStartDate, term.initialYears)),
            ...(term.extensionYears.length
              ? { maxExtentDate: dayEnd(termEnd(timeline.contractStartDate, term.initialYears + term.extensionYears.reduce((sum, years) => sum + years, 0))) }
              : {}),
          },
        }
      : {}),
    // Only after the opening: before it even the count is sealed (decision 0009).
    ...(opened ? { numberOfTenderers: bidders.size } : {}),
    lots: content.lots.map((lot) => ({
      id: lot.id,
      title: `Perceel ${lot.number}: ${lot.title}`,
      ...(lot.description ? { description: lot.description } : {}),
      status: lotStatusOf(cancelled, lotOutcomes.get(lot.id)!),
      value: euros(lot.ceilingAmountCents),
    })),
  };

  const budgetCents = content.lots.length ? content.lots.reduce((sum, lot) => sum + lot.ceilingAmountCents, 0) : content.estimatedValueCents;
  const planning: OcdsPlanning | undefined =
    budgetCents > 0
      ? { budget: { description: content.lots.length ? "Som van de plafondbedragen van de percelen" : "Geraamde waarde van de opdracht", amount: euros(budgetCents) } }
      : undefined;

  const tags: OcdsReleaseTag[] = [cancelled ? "tenderCancellation" : row.publishedVersion! > 1 ? "tenderAmendment" : "tender"];
  if (awards.length) tags.push("award");
  if (awards.some((award) => award.status === "cancelled")) tags.push("awardCancellation");
  tags.push(...contractTags(publishedContracts));

  return finishRelease(ocid, latest(eventDates)!, {
    tag: tags,
    initiationType: "tender",
    language: "nl",
    parties: parties.list(),
    buyer: procuringEntity,
    ...(planning ? { planning } : {}),
    tender,
    ...(awards.length ? { awards } : {}),
    ...(publishedContracts.length ? { contracts: publishedContracts } : {}),
  });
}

// ----------------------------------------------------------------- contracts without a tender

function methodOfContract(contract: ContractRow): { method?: OcdsMethod; details: string } {
  switch (contract.kind) {
    case "serviceAgreement":
      return { method: "direct", details: "Dienstverleningsovereenkomst (DVO), rechtstreeks gesloten" };
    case "subsidy":
      return { method: "direct", details: "Subsidieverlening, geen aanbesteding" };
    case "openHouse":
      return { method: "open", details: "Open house: elke aanbieder die aan de voorwaarden voldoet, kan toetreden; geen aanbesteding" };
    case "tender":
      // tendered before the portal existed: the procedure is not in this register
      return { details: "Aanbesteding buiten dit portaal" };
  }
}

function servicesText(services: readonly string[]): string | null {
  const labels = services.map((service) => (contractServiceLabels as Record<string, string>)[service] ?? service);
  return labels.length ? `Diensten: ${labels.join(", ")}.` : null;
}

function contractRelease(context: Context, prefix: string, contract: ContractRow, municipalityIds: readonly string[], extras: ContractExtras): OcdsRelease | null {
  const supplierOrganisation = context.organisationById.get(contract.supplierOrganisationId);
  if (!supplierOrganisation) return null;
  const ocid = ocidOf(prefix, contract.id);
  const parties = new Parties();
  const procuringEntity = addRegion(parties, context);
  addMunicipalities(parties, context, municipalityIds);
  const supplier = addSupplier(parties, supplierOrganisation);
  const { method, details } = methodOfContract(contract);
  const services = servicesText(contract.services);
  const awardId = `${contract.id}-gunning`;
  const award: OcdsAward = {
    id: awardId,
    title: contract.title,
    status: "active",
    date: (contract.activatedAt ?? contract.createdAt).toISOString(),
    value: euros(contract.ceilingAmountCents),
    suppliers: [supplier],
  };
  const published = contractOf(contract, awardId, extras);
  const amendmentDates = (extras.amendments.get(contract.id) ?? []).map((amendment) => amendment.date);
  return finishRelease(ocid, latest([contract.createdAt, contract.activatedAt, contract.updatedAt, ...amendmentDates])!, {
    tag: ["award", ...contractTags([published])],
    initiationType: "tender",
    language: "nl",
    parties: parties.list(),
    buyer: procuringEntity,
    tender: {
      id: contract.number,
      title: contract.title,
      ...(services ? { description: services } : {}),
      status: "complete",
      procuringEntity,
      ...(method ? { procurementMethod: method } : {}),
      procurementMethodDetails: details,
      mainProcurementCategory: "services",
    },
    awards: [award],
    contracts: [published],
  });
}

// ----------------------------------------------------------------------------------- package

async function loadContext(db: Db): Promise<Context> {
  const [region] = await db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.code, westfriesland.code));
  const municipalityRows = await db.select({ id: municipalities.id, cbsCode: municipalities.cbsCode, name: municipalities.name }).from(municipalities);
  // name and KvK number only: contact person, e-mail, phone and address are never read here
  const organisationRows = await db.select({ id: organisations.id, name: organisations.name, kvkNumber: organisations.kvkNumber }).from(organisations);
  return {
    region: { partyId: `regio-${region?.code ?? westfriesland.code}`, name: `Regio ${region?.name ?? westfriesland.name} (regionale projectgroep inburgering)` },
    municipalityById: new Map(municipalityRows.map((row) => [row.id, { cbsCode: row.cbsCode, name: row.name }])),
    organisationById: new Map(organisationRows.map((row) => [row.id, row])),
  };
}

/**
 * The public release package: one contracting process (OCID) per published tender, with its
 * public awards and the contracts they led to, and one per contract that did not come from a
 * tender in this portal (once it is active). One release per process, describing its current
 * state; see decision 0014 for what is published at which stage and what never is.
 *
 * Null while nothing is public (no published tender, no active contract): a package must hold at
 * least one release (release-package schema, `minItems: 1`), so there is no valid package to give.
 */
export async function buildOcdsReleasePackage(db: Db, clock: Clock, options: OcdsOptions): Promise<OcdsReleasePackage | null> {
  const context = await loadContext(db);
  const tenderRows = await db
    .select({ id: tenders.id, reference: tenders.reference, status: tenders.status, publishedVersion: tenders.publishedVersion, cancelledAt: tenders.cancelledAt })
    .from(tenders)
    .where(and(isNotNull(tenders.publishedVersion), ne(tenders.status, "draft")))
    .orderBy(asc(tenders.reference));
  const contractRows = await db.select().from(contracts).orderBy(asc(contracts.number));
  const extras = await loadContractExtras(
    db,
    contractRows.map((contract) => contract.id),
  );

  const releases: OcdsRelease[] = [];
  const linked = new Set<string>();
  for (const row of tenderRows) {
    const release = await tenderRelease(db, context, options.prefix, row, contractRows.filter((contract) => contract.tenderId === row.id), extras, linked);
    if (release) releases.push(release);
  }

  // A register entry is prepared in draft; it becomes public when the contract is activated.
  const standalone = contractRows.filter((contract) => !linked.has(contract.id) && contract.status !== "draft");
  const budgetRows = standalone.length
    ? await db
        .selectDistinct({ contractId: contractBudgets.contractId, municipalityId: contractBudgets.municipalityId })
        .from(contractBudgets)
        .where(inArray(contractBudgets.contractId, standalone.map((contract) => contract.id)))
    : [];
  for (const contract of standalone) {
    const municipalityIds = budgetRows.filter((row) => row.contractId === contract.id).map((row) => row.municipalityId);
    const release = contractRelease(context, options.prefix, contract, municipalityIds, extras);
    if (release) releases.push(release);
  }

  const [first, ...rest] = releases;
  if (!first) return null;
  return {
    uri: `${options.baseUrl.replace(/\/+$/, "")}${OCDS_PACKAGE_PATH}`,
    version: "1.1",
    extensions: [OCDS_LOTS_EXTENSION],
    // generated on demand: the date of the last change to the contents (OCDS package guidance)
    publishedDate: latest(releases.map((release) => release.date)) ?? clock.now().toISOString(),
    publisher: { name: OCDS_PUBLISHER_NAME },
    releases: [first, ...rest],
  };
}
