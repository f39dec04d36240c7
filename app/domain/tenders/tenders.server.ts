import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, lt, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { formatDateTime } from "../../utils/format";
import { recordAudit } from "../audit/audit.server";
import { isUniqueViolation } from "../db-errors";
import { awardDecisions, tenderOpenings } from "../evaluation/evaluation.sql";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import { readStoredFile, storeFile } from "../files/file-storage.server";
import { userRoles, users } from "../identity/identity.sql";
import { assertPermission } from "../identity/authorize";
import { hasPermission } from "../identity/permissions";
import type { Actor } from "../identity/roles";
import { notifyUsers } from "../notifications/notifications.server";
import { markOffersForReconfirmation } from "../offers/offers.server";
import { organisations } from "../organisations/organisations.sql";
import { kpiDefinitions } from "../performance/kpi-catalogue.sql";
import { housingQuotas, municipalities } from "../regions/regions.sql";
import {
  learningRouteOfService,
  type AwardCriterion,
  type Lot,
  type PriceComponent,
  type Requirement,
  type TenderContent,
  type Timeline,
} from "./tender-content";
import type { LotForm, RequirementForm, TenderGeneralForm } from "./tender-forms";
import { tenderPhase, type TenderPhase } from "./tender-phase";
import {
  checkAwardCriteria,
  checkChangeNearDeadline,
  checkLot,
  checkPublishable,
  checkTimeline,
  deadlineExtended,
  isMaterialChange,
} from "./tender-rules";
import { informationNotices, tenderInterests, tenders, tenderVersions } from "./tender.sql";
import { renderRequirementsProgramPdf } from "./pve-pdf.server";
import { proposeVolumes } from "./volumes";

export type TenderRow = typeof tenders.$inferSelect;

function duplicateReference(reference?: string) {
  return new RuleViolation("tender.duplicateReference", `Er is al een aanbesteding met ${reference ? `kenmerk ${reference}` : "dit kenmerk"}.`, "reference");
}

async function loadTender(db: Db, tenderId: string, forUpdate = false): Promise<TenderRow> {
  const query = db.select().from(tenders).where(eq(tenders.id, tenderId));
  const [tender] = forUpdate ? await query.for("update") : await query;
  if (!tender) throw new NotFoundError("Deze aanbesteding bestaat niet.");
  return tender;
}

/** Every draft edit goes through here: one transaction, one rule check, one audit row. */
async function editDraft(
  db: Db,
  clock: Clock,
  actor: Actor,
  tenderId: string,
  audit: { action: string; summary: string },
  change: (draft: TenderContent, tx: Db) => Promise<TenderContent> | TenderContent,
): Promise<TenderContent> {
  assertPermission(actor, "manage:tenders");
  try {
    return await db.transaction(async (tx) => {
      const tender = await loadTender(tx, tenderId, true);
      if (tender.status === "cancelled") {
        throw new RuleViolation("tender.cancelled", "Deze aanbesteding is ingetrokken en kan niet meer worden gewijzigd.");
      }
      const draft = await change(structuredClone(tender.draft), tx);
      await tx
        .update(tenders)
        .set({ draft, reference: draft.reference, title: tender.publishedVersion ? tender.title : draft.title, updatedAt: clock.now() })
        .where(eq(tenders.id, tenderId));
      await recordAudit(tx, clock, { actor, entityType: "tender", entityId: tenderId, ...audit });
      return draft;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateReference();
    throw error;
  }
}

/** Whether a projectgroep member has confirmed the opening of the offers (evaluation.sql.ts). */
async function hasConfirmedOpening(db: Db, tenderId: string): Promise<boolean> {
  const [opening] = await db
    .select({ id: tenderOpenings.id })
    .from(tenderOpenings)
    .where(and(eq(tenderOpenings.tenderId, tenderId), isNotNull(tenderOpenings.confirmedAt)))
    .limit(1);
  return Boolean(opening);
}

async function regionMunicipalityIds(db: Db): Promise<string[]> {
  const rows = await db.select({ id: municipalities.id }).from(municipalities).orderBy(asc(municipalities.name));
  return rows.map((row) => row.id);
}

export function emptyTenderContent(general: TenderGeneralForm): TenderContent {
  return {
    title: general.title,
    reference: general.reference,
    summary: general.summary,
    procedure: general.procedure,
    lightRegime: general.lightRegime,
    cpvCodes: general.cpvCodes,
    estimatedValueCents: general.estimatedValueCents,
    contractTerm: { initialYears: general.initialYears, extensionYears: general.extensionYears },
    municipalityIds: general.municipalityIds,
    timeline: null,
    lots: [],
    requirements: [],
    awardCriteria: [],
    scoringScale: { min: 0, max: 10, step: 2 },
    priceScoringMethod: "lowestPriceRatio",
    sections: { background: "", assignment: "", requirements: "", award: "", planning: "", contractTerms: "" },
    documents: [],
  };
}

export async function createTender(db: Db, clock: Clock, actor: Actor, general: TenderGeneralForm): Promise<{ id: string }> {
  assertPermission(actor, "manage:tenders");
  const content = emptyTenderContent(general);
  try {
    return await db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: tenders.id }).from(tenders).where(eq(tenders.reference, content.reference));
      if (existing) throw duplicateReference(content.reference);
      const now = clock.now();
      const [tender] = await tx
        .insert(tenders)
        .values({
          reference: content.reference,
          status: "draft",
          draft: content,
          title: content.title,
          createdAt: now,
          createdByUserId: actor.id,
          updatedAt: now,
        })
        .returning({ id: tenders.id });
      await recordAudit(tx, clock, {
        actor,
        action: "tender.created",
        entityType: "tender",
        entityId: tender!.id,
        summary: `Aanbesteding ${content.reference} "${content.title}" als concept aangemaakt`,
      });
      return tender!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateReference(content.reference);
    throw error;
  }
}

export async function updateTenderGeneral(db: Db, clock: Clock, actor: Actor, tenderId: string, general: TenderGeneralForm) {
  return editDraft(db, clock, actor, tenderId, { action: "tender.generalUpdated", summary: `Algemene gegevens van ${general.reference} gewijzigd` }, async (draft, tx) => {
    if (general.reference !== draft.reference) {
      const [clash] = await tx.select({ id: tenders.id }).from(tenders).where(eq(tenders.reference, general.reference));
      if (clash && clash.id !== tenderId) throw duplicateReference(general.reference);
    }
    return {
      ...draft,
      title: general.title,
      reference: general.reference,
      summary: general.summary,
      procedure: general.procedure,
      lightRegime: general.lightRegime,
      cpvCodes: general.cpvCodes,
      estimatedValueCents: general.estimatedValueCents,
      contractTerm: { initialYears: general.initialYears, extensionYears: general.extensionYears },
      municipalityIds: general.municipalityIds,
    };
  });
}

export async function updateTenderTimeline(db: Db, clock: Clock, actor: Actor, tenderId: string, timeline: Timeline) {
  const problems = checkTimeline(timeline);
  if (problems.length) throw RuleViolation.of("tender.timeline", problems);
  return editDraft(db, clock, actor, tenderId, { action: "tender.timelineUpdated", summary: `Planning gewijzigd (sluiting ${formatDateTime(timeline.submissionDeadline)})` }, (draft) => ({
    ...draft,
    timeline,
  }));
}

async function catalogueTargets(db: Db): Promise<Record<string, string>> {
  const rows = await db.select({ code: kpiDefinitions.code, target: kpiDefinitions.target }).from(kpiDefinitions);
  return Object.fromEntries(rows.map((row) => [row.code, row.target]));
}

// Family migrants arrange and pay their own leerroute and get no social guidance from the
// municipality; MAP and PVT are bought for them too (Wet inburgering), as are interpreters.
const servicesForFamilyMigrants = new Set<Lot["service"]>(["map", "pvt", "interpreting", "other"]);

/** The volumes the projectgroep starts from: 70 % of the housing quota × the lot's route share. */
export async function proposeLotVolumes(db: Db, municipalityIds: readonly string[], routeSharePercent: string, service: Lot["service"]): Promise<Lot["volumes"]> {
  // ordered by name: a tie in the largest-remainder split goes the same way every time
  const quotas = await db
    .select({ municipalityId: housingQuotas.municipalityId, persons: sql<number>`sum(${housingQuotas.persons})`.mapWith(Number) })
    .from(housingQuotas)
    .innerJoin(municipalities, eq(municipalities.id, housingQuotas.municipalityId))
    .where(and(eq(housingQuotas.year, 2020), inArray(housingQuotas.municipalityId, [...municipalityIds])))
    .groupBy(housingQuotas.municipalityId, municipalities.name)
    .orderBy(asc(municipalities.name));
  const volumes = proposeVolumes({
    municipalities: quotas.map((quota) => ({ id: quota.municipalityId, housingQuota: quota.persons })),
    obligatedShare: "70",
    routeSharePercent,
  });
  return servicesForFamilyMigrants.has(service) ? volumes : volumes.map((volume) => (volume.targetGroup === "familyMigrant" ? { ...volume, count: 0 } : volume));
}

/** The KPIs of the catalogue that fit a lot's service, pre-filled with target and source. */
export async function proposeLotKpis(db: Db, service: Lot["service"]): Promise<Lot["kpis"]> {
  const route = learningRouteOfService[service];
  const rows = await db.select().from(kpiDefinitions).orderBy(asc(kpiDefinitions.code));
  return rows
    .filter((row) => (route ? row.learningRoute === route || (row.learningRoute === null && ["workContactYearOne", "localParticipation", "clientSatisfaction"].includes(row.code)) : row.code === "clientSatisfaction"))
    .map((row) => ({
      kpiCode: row.code,
      name: row.name,
      target: row.target,
      unit: row.unit,
      direction: row.direction,
      source: row.source,
      overrideReason: null,
    }));
}

export interface LotInput extends LotForm {
  volumes?: Lot["volumes"];
  kpis?: Lot["kpis"];
  priceComponents?: PriceComponent[];
}

export async function saveLot(db: Db, clock: Clock, actor: Actor, tenderId: string, input: LotInput): Promise<Lot> {
  let saved: Lot | undefined;
  const targets = await catalogueTargets(db);
  await editDraft(db, clock, actor, tenderId, { action: input.lotId ? "tender.lotUpdated" : "tender.lotAdded", summary: `Perceel "${input.title}" ${input.lotId ? "gewijzigd" : "toegevoegd"}` }, async (draft, tx) => {
    const existing = input.lotId ? draft.lots.find((lot) => lot.id === input.lotId) : undefined;
    if (input.lotId && !existing) throw new NotFoundError("Dit perceel bestaat niet (meer).");
    const lot: Lot = {
      id: existing?.id ?? randomUUID(),
      number: existing?.number ?? Math.max(0, ...draft.lots.map((other) => other.number)) + 1,
      title: input.title,
      service: input.service,
      description: input.description,
      ceilingAmountCents: input.ceilingAmountCents,
      routeSharePercent: input.routeSharePercent,
      performancePayment: input.performancePayment,
      volumes: input.volumes ?? existing?.volumes ?? (await proposeLotVolumes(tx, draft.municipalityIds, input.routeSharePercent, input.service)),
      kpis: input.kpis ?? existing?.kpis ?? (await proposeLotKpis(tx, input.service)),
      priceComponents: input.priceComponents ?? existing?.priceComponents ?? [],
    };
    const problems = checkLot(lot, targets, { requirePriceComponent: false });
    if (problems.length) throw RuleViolation.of("tender.lot", problems);
    saved = lot;
    return { ...draft, lots: existing ? draft.lots.map((other) => (other.id === lot.id ? lot : other)) : [...draft.lots, lot] };
  });
  return saved!;
}

export async function removeLot(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string) {
  return editDraft(db, clock, actor, tenderId, { action: "tender.lotRemoved", summary: "Perceel verwijderd" }, (draft) => {
    const lot = draft.lots.find((candidate) => candidate.id === lotId);
    if (!lot) throw new NotFoundError("Dit perceel bestaat niet (meer).");
    return {
      ...draft,
      lots: draft.lots.filter((candidate) => candidate.id !== lotId),
      // requirements of the lot go with it; a whole-tender requirement stays
      requirements: draft.requirements.filter((requirement) => requirement.lotId !== lotId),
    };
  });
}

export async function saveRequirement(db: Db, clock: Clock, actor: Actor, tenderId: string, input: RequirementForm): Promise<Requirement> {
  let saved: Requirement | undefined;
  await editDraft(db, clock, actor, tenderId, { action: input.requirementId ? "tender.requirementUpdated" : "tender.requirementAdded", summary: `${input.kind === "mandatory" ? "Eis" : "Wens"} "${input.title}" ${input.requirementId ? "gewijzigd" : "toegevoegd"}` }, (draft) => {
    const existing = input.requirementId ? draft.requirements.find((requirement) => requirement.id === input.requirementId) : undefined;
    if (input.requirementId && !existing) throw new NotFoundError("Deze eis bestaat niet (meer).");
    if (input.lotId && !draft.lots.some((lot) => lot.id === input.lotId)) {
      throw new RuleViolation("tender.unknownLot", "Kies een perceel van deze aanbesteding.", "lotId");
    }
    if (input.kind === "scored") {
      const criterion = draft.awardCriteria.find((candidate) => candidate.id === input.criterionId);
      if (!criterion || criterion.kind !== "quality") {
        throw new RuleViolation("tender.wishWithoutCriterion", "Kies het kwaliteitscriterium waaronder deze wens wordt gescoord.", "criterionId");
      }
    }
    const requirement: Requirement = {
      id: existing?.id ?? randomUUID(),
      lotId: input.lotId,
      kind: input.kind,
      title: input.title,
      description: input.description,
      evidenceRequired: input.evidenceRequired,
      criterionId: input.kind === "scored" ? input.criterionId : null,
    };
    saved = requirement;
    return {
      ...draft,
      requirements: existing ? draft.requirements.map((other) => (other.id === requirement.id ? requirement : other)) : [...draft.requirements, requirement],
    };
  });
  return saved!;
}

export async function removeRequirement(db: Db, clock: Clock, actor: Actor, tenderId: string, requirementId: string) {
  return editDraft(db, clock, actor, tenderId, { action: "tender.requirementRemoved", summary: "Eis of wens verwijderd" }, (draft) => {
    if (!draft.requirements.some((requirement) => requirement.id === requirementId)) throw new NotFoundError("Deze eis bestaat niet (meer).");
    return { ...draft, requirements: draft.requirements.filter((requirement) => requirement.id !== requirementId) };
  });
}

export async function saveAwardCriteria(
  db: Db,
  clock: Clock,
  actor: Actor,
  tenderId: string,
  input: { criteria: Omit<AwardCriterion, "id">[] & { id?: string }[]; priceScoringMethod: TenderContent["priceScoringMethod"]; scoringScale: TenderContent["scoringScale"] },
) {
  const criteria: AwardCriterion[] = (input.criteria as (Omit<AwardCriterion, "id"> & { id?: string })[]).map((criterion) => ({ ...criterion, id: criterion.id ?? randomUUID() }));
  const problems = checkAwardCriteria(criteria);
  if (input.scoringScale.min >= input.scoringScale.max) {
    problems.push({ field: "scaleMax", message: "De hoogste score moet groter zijn dan de laagste." });
  }
  if (problems.length) throw RuleViolation.of("tender.awardCriteria", problems);
  return editDraft(db, clock, actor, tenderId, { action: "tender.awardCriteriaUpdated", summary: `Gunningscriteria vastgesteld: ${criteria.map((criterion) => `${criterion.name} ${criterion.weight}`).join(", ")}` }, (draft) => {
    const kept = new Set(criteria.map((criterion) => criterion.id));
    const orphaned = draft.requirements.filter((requirement) => requirement.kind === "scored" && requirement.criterionId && !kept.has(requirement.criterionId));
    if (orphaned.length) {
      throw new RuleViolation("tender.criterionInUse", `Er zijn nog wensen gekoppeld aan een criterium dat u verwijdert (${orphaned.map((requirement) => requirement.title).join(", ")}). Koppel ze eerst aan een ander criterium.`);
    }
    return { ...draft, awardCriteria: criteria, priceScoringMethod: input.priceScoringMethod, scoringScale: input.scoringScale };
  });
}

export async function saveSections(db: Db, clock: Clock, actor: Actor, tenderId: string, sections: TenderContent["sections"]) {
  return editDraft(db, clock, actor, tenderId, { action: "tender.sectionsUpdated", summary: "Teksten van het programma van eisen gewijzigd" }, (draft) => ({ ...draft, sections }));
}

export async function addTenderDocument(db: Db, clock: Clock, actor: Actor, tenderId: string, input: { title: string; fileName: string; bytes: Uint8Array }) {
  assertPermission(actor, "manage:tenders");
  return editDraft(db, clock, actor, tenderId, { action: "tender.documentAdded", summary: `Document "${input.title}" (${input.fileName}) toegevoegd` }, async (draft, tx) => {
    const stored = await storeFile(tx, clock, actor, { fileName: input.fileName, bytes: input.bytes, allowedKinds: ["pdf", "docx", "xlsx"] });
    return {
      ...draft,
      documents: [...draft.documents, { fileId: stored.id, title: input.title, fileName: stored.fileName, mimeType: stored.mimeType, sizeBytes: stored.sizeBytes, sha256: stored.sha256 }],
    };
  });
}

export async function removeTenderDocument(db: Db, clock: Clock, actor: Actor, tenderId: string, fileId: string) {
  return editDraft(db, clock, actor, tenderId, { action: "tender.documentRemoved", summary: "Document verwijderd uit het concept" }, (draft) => {
    if (!draft.documents.some((document) => document.fileId === fileId)) throw new NotFoundError("Dit document bestaat niet (meer).");
    // the stored file stays: earlier published versions may still link to it
    return { ...draft, documents: draft.documents.filter((document) => document.fileId !== fileId) };
  });
}

async function activeSupplierRecipients(db: Db, organisationFilter?: "interested", tenderId?: string) {
  if (organisationFilter === "interested" && tenderId) {
    return db
      .selectDistinct({ userId: users.id, email: users.email })
      .from(tenderInterests)
      .innerJoin(users, eq(users.id, tenderInterests.userId))
      .innerJoin(organisations, eq(organisations.id, tenderInterests.organisationId))
      .where(and(eq(tenderInterests.tenderId, tenderId), eq(users.active, true), eq(organisations.active, true)));
  }
  return db
    .selectDistinct({ userId: users.id, email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(userRoles.role, "supplier"), eq(users.active, true), eq(organisations.active, true)));
}

export interface PublishResult {
  version: number;
  materialChange: boolean;
  deadlineExtended: boolean;
}

/**
 * Freezes the draft as the next immutable version. Version 1 announces the tender to every
 * supplier; later versions (rectificaties) need a change note and reach the interested suppliers.
 */
export async function publishTender(db: Db, clock: Clock, actor: Actor, tenderId: string, input: { changeNote: string }): Promise<PublishResult> {
  assertPermission(actor, "manage:tenders");
  const targets = await catalogueTargets(db);
  return db.transaction(async (tx) => {
    const tender = await loadTender(tx, tenderId, true);
    if (tender.status === "cancelled") throw new RuleViolation("tender.cancelled", "Een ingetrokken aanbesteding kan niet worden gepubliceerd.");
    // After the opening the offers are unsealed and judged against the published version; a new
    // version (a deadline extension, say) would make the tender look sealed and open for offers
    // again. The opening locks this same tender row, so the two cannot cross.
    if (await hasConfirmedOpening(tx, tenderId)) {
      throw new RuleViolation("tender.opened", "De inschrijvingen zijn al geopend; de aanbesteding kan niet meer worden gewijzigd.");
    }
    const draft = tender.draft;
    const now = clock.now();
    const problems = checkPublishable(draft, targets);
    const [previous] = tender.publishedVersion
      ? await tx.select().from(tenderVersions).where(and(eq(tenderVersions.tenderId, tenderId), eq(tenderVersions.version, tender.publishedVersion)))
      : [];
    if (previous) {
      if (JSON.stringify(previous.content) === JSON.stringify(draft)) {
        problems.push({ field: "changeNote", message: "Er zijn geen wijzigingen ten opzichte van de gepubliceerde versie." });
      }
      if (!input.changeNote.trim()) {
        problems.push({ field: "changeNote", message: "Beschrijf wat er is gewijzigd; de aanbieders krijgen deze toelichting te zien." });
      }
      if (tenderPhase(tender, now) === "closed") {
        problems.push({ field: "changeNote", message: "De inschrijftermijn is verstreken; het programma van eisen kan niet meer worden gewijzigd." });
      }
      problems.push(...checkChangeNearDeadline(previous.content, draft, now));
    }
    if (problems.length) throw RuleViolation.of("tender.notPublishable", problems);

    const version = (tender.publishedVersion ?? 0) + 1;
    const material = previous ? isMaterialChange(previous.content, draft) : false;
    const extended = previous ? deadlineExtended(previous.content, draft) : false;
    await tx.insert(tenderVersions).values({
      tenderId,
      version,
      content: draft,
      changeNote: previous ? input.changeNote.trim() : input.changeNote.trim() || null,
      materialChange: material,
      deadlineExtended: extended,
      publishedAt: now,
      publishedByUserId: actor.id,
      publishedByName: actor.name,
    });
    const learningRoutes = [...new Set(draft.lots.map((lot) => learningRouteOfService[lot.service]).filter((route): route is "b1" | "education" | "z" => Boolean(route)))];
    await tx
      .update(tenders)
      .set({
        status: "published",
        publishedVersion: version,
        title: draft.title,
        questionDeadline: new Date(draft.timeline!.questionDeadline),
        submissionDeadline: new Date(draft.timeline!.submissionDeadline),
        learningRoutes,
        updatedAt: now,
      })
      .where(eq(tenders.id, tenderId));
    // submitted offers must be submitted again against this version (sealed: nothing comes back)
    if (material) await markOffersForReconfirmation(tx, clock, tenderId, version);
    await recordAudit(tx, clock, {
      actor,
      action: previous ? "tender.republished" : "tender.published",
      entityType: "tender",
      entityId: tenderId,
      summary: previous
        ? `Versie ${version} van ${draft.reference} gepubliceerd${material ? " (materiële wijziging)" : ""}${extended ? `; sluitingstermijn verlengd van ${formatDateTime(previous.content.timeline!.submissionDeadline)} naar ${formatDateTime(draft.timeline!.submissionDeadline)}` : ""}: ${input.changeNote.trim()}`
        : `Aanbesteding ${draft.reference} gepubliceerd (versie 1); sluiting ${formatDateTime(draft.timeline!.submissionDeadline)}`,
      changes: previous
        ? { version, materialChange: material, deadlineExtended: extended, submissionDeadline: { from: previous.content.timeline!.submissionDeadline, to: draft.timeline!.submissionDeadline } }
        : { version },
    });

    const link = `/aanbestedingen/${tenderId}`;
    if (!previous) {
      await notifyUsers(tx, clock, await activeSupplierRecipients(tx), {
        title: `Nieuwe aanbesteding: ${draft.title}`,
        body: `De regio Westfriesland heeft de aanbesteding ${draft.reference} "${draft.title}" gepubliceerd. Vragen stellen kan tot ${formatDateTime(draft.timeline!.questionDeadline)}; inschrijven tot ${formatDateTime(draft.timeline!.submissionDeadline)}.`,
        link,
      });
    } else {
      const extendedText = extended ? ` De sluitingstermijn is verlengd tot ${formatDateTime(draft.timeline!.submissionDeadline)}.` : "";
      const materialText = material ? " Het gaat om een materiële wijziging: controleer uw inschrijving." : "";
      await notifyUsers(tx, clock, await activeSupplierRecipients(tx, "interested", tenderId), {
        title: `Gewijzigd: ${draft.title} (versie ${version})`,
        body: `Er is een nieuwe versie van het programma van eisen ${draft.reference} gepubliceerd. Toelichting: ${input.changeNote.trim()}.${extendedText}${materialText}`,
        link,
      });
    }
    return { version, materialChange: material, deadlineExtended: extended };
  });
}

export async function cancelTender(db: Db, clock: Clock, actor: Actor, tenderId: string, reason: string) {
  assertPermission(actor, "manage:tenders");
  await db.transaction(async (tx) => {
    const tender = await loadTender(tx, tenderId, true);
    if (tender.status === "cancelled") throw new RuleViolation("tender.alreadyCancelled", "Deze aanbesteding is al ingetrokken.");
    // domain.md: cancelled from any state before awarded. Award commands share-lock this tender
    // row (loadTenderForCommand), so a final award cannot slip in between this check and the update.
    const [finalAward] = await tx
      .select({ lotId: awardDecisions.lotId })
      .from(awardDecisions)
      .where(and(eq(awardDecisions.tenderId, tenderId), eq(awardDecisions.status, "final")))
      .limit(1);
    if (finalAward) {
      throw new RuleViolation("tender.awarded", "Er is al een perceel van deze aanbesteding definitief gegund; de aanbesteding kan niet meer worden ingetrokken.");
    }
    const now = clock.now();
    await tx.update(tenders).set({ status: "cancelled", cancelledAt: now, cancellationReason: reason, updatedAt: now }).where(eq(tenders.id, tenderId));
    await recordAudit(tx, clock, { actor, action: "tender.cancelled", entityType: "tender", entityId: tenderId, summary: `Aanbesteding ${tender.reference} ingetrokken: ${reason}` });
    // An award still open (proposed, sent or suspended) ends with the tender: it is withdrawn with
    // the cancellation's reason, so no lot keeps a standstill running for a tender that is gone.
    const withdrawn = await tx
      .update(awardDecisions)
      .set({ status: "withdrawn", withdrawnAt: now, withdrawalReason: `De aanbesteding is ingetrokken: ${reason}` })
      .where(and(eq(awardDecisions.tenderId, tenderId), inArray(awardDecisions.status, ["proposed", "decisionSent", "suspended"])))
      .returning({ id: awardDecisions.id, lotId: awardDecisions.lotId });
    for (const award of withdrawn) {
      await recordAudit(tx, clock, { actor, action: "award.withdrawn", entityType: "awardDecision", entityId: award.id, summary: `Gunning van perceel ingetrokken omdat de aanbesteding ${tender.reference} is ingetrokken`, changes: { lotId: award.lotId } });
    }
    if (tender.publishedVersion) {
      await notifyUsers(tx, clock, await activeSupplierRecipients(tx, "interested", tenderId), {
        title: `Ingetrokken: ${tender.title}`,
        body: `De aanbesteding ${tender.reference} "${tender.title}" is ingetrokken. Reden: ${reason}`,
        link: `/aanbestedingen/${tenderId}`,
      });
    }
  });
}

// ---------------------------------------------------------------- queries

export interface TenderListFilter {
  status?: "draft" | "published" | "cancelled";
  phase?: TenderPhase;
  learningRoute?: "b1" | "education" | "z";
  /** Only tenders whose submission deadline is on or before this instant. */
  deadlineBefore?: Date;
}

export interface TenderListItem {
  id: string;
  reference: string;
  title: string;
  status: TenderRow["status"];
  phase: TenderPhase;
  publishedVersion: number | null;
  questionDeadline: Date | null;
  submissionDeadline: Date | null;
  learningRoutes: string[];
  interested: boolean;
}

export async function listTenders(db: Db, clock: Clock, actor: Actor, filter: TenderListFilter = {}): Promise<TenderListItem[]> {
  assertPermission(actor, "read:tenders");
  const seesDrafts = hasPermission(actor, "read:tenderDrafts");
  const rows = await db.select().from(tenders).orderBy(desc(tenders.updatedAt));
  const interests = actor.roles.includes("supplier")
    ? new Set((await db.select({ tenderId: tenderInterests.tenderId }).from(tenderInterests).where(eq(tenderInterests.userId, actor.id))).map((row) => row.tenderId))
    : new Set<string>();
  const now = clock.now();
  return rows
    // a never-published tender is invisible outside the projectgroep
    .filter((row) => seesDrafts || row.publishedVersion !== null)
    .map((row) => ({
      id: row.id,
      reference: row.reference,
      title: row.title,
      status: row.status,
      phase: tenderPhase(row, now),
      publishedVersion: row.publishedVersion,
      questionDeadline: row.questionDeadline,
      submissionDeadline: row.submissionDeadline,
      learningRoutes: row.learningRoutes,
      interested: interests.has(row.id),
    }))
    .filter((row) => !filter.status || row.status === filter.status)
    .filter((row) => !filter.phase || row.phase === filter.phase)
    .filter((row) => !filter.learningRoute || row.learningRoutes.includes(filter.learningRoute))
    .filter((row) => !filter.deadlineBefore || (row.submissionDeadline !== null && row.submissionDeadline <= filter.deadlineBefore));
}

export interface TenderView {
  id: string;
  status: TenderRow["status"];
  phase: TenderPhase;
  cancellationReason: string | null;
  /** The content shown: a published version, or for the projectgroep the draft. */
  content: TenderContent;
  shownVersion: number | null;
  isDraftView: boolean;
  versions: { version: number; publishedAt: Date; changeNote: string | null; materialChange: boolean; deadlineExtended: boolean; publishedByName: string }[];
  hasUnpublishedChanges: boolean;
  interested: boolean;
  municipalityNames: Record<string, string>;
  informationNotice: { version: number; publishedAt: Date } | null;
}

/**
 * A tender as `actor` may see it: suppliers and other readers see published versions only
 * (`version` picks one, default the latest); the projectgroep may ask for the draft.
 */
export async function getTender(db: Db, clock: Clock, actor: Actor, tenderId: string, options: { version?: number; draft?: boolean } = {}): Promise<TenderView> {
  assertPermission(actor, "read:tenders");
  const tender = await loadTender(db, tenderId);
  const seesDrafts = hasPermission(actor, "read:tenderDrafts");
  if (!tender.publishedVersion && !seesDrafts) throw new NotFoundError("Deze aanbesteding bestaat niet.");
  if (options.draft && !seesDrafts) throw new ForbiddenError();
  const versions = await db
    .select({
      version: tenderVersions.version,
      publishedAt: tenderVersions.publishedAt,
      changeNote: tenderVersions.changeNote,
      materialChange: tenderVersions.materialChange,
      deadlineExtended: tenderVersions.deadlineExtended,
      publishedByName: tenderVersions.publishedByName,
      content: tenderVersions.content,
    })
    .from(tenderVersions)
    .where(eq(tenderVersions.tenderId, tenderId))
    .orderBy(asc(tenderVersions.version));
  const wantsDraft = options.draft || (!tender.publishedVersion && seesDrafts);
  const shown = wantsDraft ? null : versions.find((version) => version.version === (options.version ?? tender.publishedVersion));
  if (!wantsDraft && !shown) throw new NotFoundError("Deze versie bestaat niet.");
  const latest = versions.at(-1);
  const [interest] = actor.roles.includes("supplier")
    ? await db.select().from(tenderInterests).where(and(eq(tenderInterests.tenderId, tenderId), eq(tenderInterests.userId, actor.id)))
    : [];
  const [notice] = await db
    .select({ version: informationNotices.version, publishedAt: informationNotices.publishedAt })
    .from(informationNotices)
    .where(eq(informationNotices.tenderId, tenderId))
    .orderBy(desc(informationNotices.version))
    .limit(1);
  const municipalityRows = await db.select({ id: municipalities.id, name: municipalities.name }).from(municipalities);
  return {
    id: tender.id,
    status: tender.status,
    phase: tenderPhase(tender, clock.now()),
    cancellationReason: tender.cancellationReason,
    content: wantsDraft ? tender.draft : shown!.content,
    shownVersion: wantsDraft ? null : shown!.version,
    isDraftView: Boolean(wantsDraft),
    versions: versions.map(({ content: _content, ...rest }) => rest),
    hasUnpublishedChanges: seesDrafts && (!latest || JSON.stringify(latest.content) !== JSON.stringify(tender.draft)),
    interested: Boolean(interest),
    municipalityNames: Object.fromEntries(municipalityRows.map((row) => [row.id, row.name])),
    informationNotice: notice ?? null,
  };
}

export async function setTenderInterest(db: Db, clock: Clock, actor: Actor, tenderId: string, interested: boolean) {
  assertPermission(actor, "follow:tenders");
  if (!actor.organisationId) throw new ForbiddenError();
  await db.transaction(async (tx) => {
    const tender = await loadTender(tx, tenderId);
    if (!tender.publishedVersion) throw new NotFoundError("Deze aanbesteding bestaat niet.");
    if (interested) {
      await tx.insert(tenderInterests).values({ tenderId, organisationId: actor.organisationId!, userId: actor.id, createdAt: clock.now() }).onConflictDoNothing();
    } else {
      await tx.delete(tenderInterests).where(and(eq(tenderInterests.tenderId, tenderId), eq(tenderInterests.userId, actor.id)));
    }
    await recordAudit(tx, clock, {
      actor,
      action: interested ? "tender.interestMarked" : "tender.interestWithdrawn",
      entityType: "tender",
      entityId: tenderId,
      summary: `${actor.name} ${interested ? "volgt" : "volgt niet meer"} aanbesteding ${tender.reference}`,
    });
  });
}

/** What still stands in the way of publishing the draft (empty: it can be published). */
export async function getPublicationReadiness(db: Db, actor: Actor, tenderId: string): Promise<{ field: string; message: string }[]> {
  assertPermission(actor, "manage:tenders");
  const tender = await loadTender(db, tenderId);
  return checkPublishable(tender.draft, await catalogueTargets(db));
}

async function updateLot(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string, summary: string, change: (lot: Lot, draft: TenderContent, tx: Db) => Promise<Lot> | Lot) {
  const targets = await catalogueTargets(db);
  return editDraft(db, clock, actor, tenderId, { action: "tender.lotUpdated", summary }, async (draft, tx) => {
    const lot = draft.lots.find((candidate) => candidate.id === lotId);
    if (!lot) throw new NotFoundError("Dit perceel bestaat niet (meer).");
    const changed = await change(structuredClone(lot), draft, tx);
    const problems = checkLot(changed, targets, { requirePriceComponent: false });
    if (problems.length) throw RuleViolation.of("tender.lot", problems);
    return { ...draft, lots: draft.lots.map((candidate) => (candidate.id === lotId ? changed : candidate)) };
  });
}

export async function updateLotVolumes(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string, volumes: Lot["volumes"]) {
  return updateLot(db, clock, actor, tenderId, lotId, "Verwachte aantallen van een perceel gewijzigd", (lot, draft) => {
    const allowed = new Set(draft.municipalityIds);
    if (volumes.some((volume) => !allowed.has(volume.municipalityId))) {
      throw new RuleViolation("tender.volumeMunicipality", "Aantallen kunnen alleen voor deelnemende gemeenten worden ingevuld.");
    }
    return { ...lot, volumes };
  });
}

/** Replaces the volumes by the proposal from the housing quota and the lot's route share. */
export async function proposeVolumesAgain(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string) {
  return updateLot(db, clock, actor, tenderId, lotId, "Verwachte aantallen opnieuw voorgesteld uit de taakstelling", async (lot, draft, tx) => ({
    ...lot,
    volumes: await proposeLotVolumes(tx, draft.municipalityIds, lot.routeSharePercent, lot.service),
  }));
}

export async function updateLotPriceComponents(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string, components: (Omit<PriceComponent, "id"> & { id?: string })[]) {
  return updateLot(db, clock, actor, tenderId, lotId, `Prijscomponenten van een perceel vastgesteld: ${components.map((component) => component.name).join(", ")}`, (lot) => ({
    ...lot,
    priceComponents: components.map((component) => ({ ...component, id: component.id ?? randomUUID() })),
  }));
}

export async function updateLotKpis(db: Db, clock: Clock, actor: Actor, tenderId: string, lotId: string, kpis: { kpiCode: string; target: string; overrideReason: string | null }[]) {
  const catalogue = await db.select().from(kpiDefinitions);
  return updateLot(db, clock, actor, tenderId, lotId, `Prestatie-indicatoren van een perceel vastgesteld (${kpis.length})`, (lot) => ({
    ...lot,
    kpis: kpis.map((kpi) => {
      const definition = catalogue.find((row) => row.code === kpi.kpiCode);
      if (!definition) throw new RuleViolation("tender.unknownKpi", "Kies een indicator uit de catalogus.", "kpiCode");
      return {
        kpiCode: definition.code,
        name: definition.name,
        target: kpi.target === "" ? definition.target : kpi.target,
        unit: definition.unit,
        direction: definition.direction,
        source: definition.source,
        overrideReason: kpi.overrideReason,
      };
    }),
  }));
}

// ---------------------------------------------------------------- downloads

export interface TenderDocumentDownload {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  bytes: Uint8Array;
}

/**
 * A document of a tender, for download. Readers of published tenders get a file that is in any
 * published version (a supplier who worked from version 1 can still fetch its appendix after a
 * rectification removed it); the projectgroep also gets files that are only in the draft. Any
 * other file id, including one of another tender, is "not found": the answer must not reveal
 * that the file exists.
 */
export async function getTenderDocument(db: Db, actor: Actor, tenderId: string, fileId: string): Promise<TenderDocumentDownload> {
  assertPermission(actor, "read:tenders");
  const notFound = () => new NotFoundError("Dit document bestaat niet (meer).");
  const tender = await loadTender(db, tenderId);
  const versions = await db.select({ content: tenderVersions.content }).from(tenderVersions).where(eq(tenderVersions.tenderId, tenderId));
  const inPublished = versions.some((version) => version.content.documents.some((document) => document.fileId === fileId));
  const inDraft = hasPermission(actor, "read:tenderDrafts") && tender.draft.documents.some((document) => document.fileId === fileId);
  if (!inPublished && !inDraft) throw notFound();
  const file = await readStoredFile(db, fileId);
  return { fileName: file.fileName, mimeType: file.mimeType, sizeBytes: file.sizeBytes, bytes: file.bytes };
}

export interface RequirementsProgramPdf {
  bytes: Uint8Array;
  reference: string;
  /** The version shown; for a draft preview the number it would get when published. */
  version: number;
  draft: boolean;
}

/**
 * The PvE of a published version (default the latest) or, for the projectgroep, of the draft,
 * as a PDF, with the change log up to that version and the Nota van Inlichtingen that was in
 * force while that version was the latest: for an earlier version the last NvI published
 * before the next version appeared, for the latest version and the draft the latest NvI.
 * A version's PDF thus shows what a supplier had in hand at the time.
 */
export async function getRequirementsProgramPdf(
  db: Db,
  clock: Clock,
  actor: Actor,
  tenderId: string,
  options: { version?: number; draft?: boolean } = {},
): Promise<RequirementsProgramPdf> {
  assertPermission(actor, "read:tenders");
  const tender = await loadTender(db, tenderId);
  const seesDrafts = hasPermission(actor, "read:tenderDrafts");
  if (!tender.publishedVersion && !seesDrafts) throw new NotFoundError("Deze aanbesteding bestaat niet.");
  if (options.draft && !seesDrafts) throw new ForbiddenError();
  const versions = await db
    .select({ version: tenderVersions.version, content: tenderVersions.content, publishedAt: tenderVersions.publishedAt, changeNote: tenderVersions.changeNote })
    .from(tenderVersions)
    .where(eq(tenderVersions.tenderId, tenderId))
    .orderBy(asc(tenderVersions.version));

  // like getTender: a never-published tender is shown to the projectgroep as its draft
  const draft = Boolean(options.draft) || !tender.publishedVersion;
  const shownIndex = draft ? -1 : versions.findIndex((version) => version.version === (options.version ?? tender.publishedVersion));
  if (!draft && shownIndex < 0) throw new NotFoundError("Deze versie bestaat niet.");
  const shown = draft ? undefined : versions[shownIndex];
  const next = draft ? undefined : versions[shownIndex + 1];
  const noticeCutoff = next?.publishedAt ?? clock.now();

  const [notice] = await db
    .select({ version: informationNotices.version, publishedAt: informationNotices.publishedAt, entries: informationNotices.entries })
    .from(informationNotices)
    .where(and(eq(informationNotices.tenderId, tenderId), next ? lt(informationNotices.publishedAt, noticeCutoff) : lte(informationNotices.publishedAt, noticeCutoff)))
    .orderBy(desc(informationNotices.version))
    .limit(1);
  const municipalityRows = await db.select({ id: municipalities.id, name: municipalities.name }).from(municipalities);

  const content = shown ? shown.content : tender.draft;
  const version = shown ? shown.version : (tender.publishedVersion ?? 0) + 1;
  const pdf = await renderRequirementsProgramPdf({
    content,
    version,
    publishedAt: shown ? shown.publishedAt : null,
    municipalityNames: Object.fromEntries(municipalityRows.map((row) => [row.id, row.name])),
    changeLog: versions.filter((candidate) => draft || candidate.version <= version).map(({ version, publishedAt, changeNote }) => ({ version, publishedAt, changeNote })),
    informationNotice: notice ?? null,
  });
  return { bytes: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), reference: content.reference, version, draft };
}
