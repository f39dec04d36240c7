// Published tenders for database tests, written straight into `tenders` and `tender_versions`
// (as publishTender would leave them) so that a test of the question round or of downloads does
// not depend on the whole publishing path, its notifications and the clock. Deterministic: the
// content comes from buildTenderContent, references and times from a counter and fixed dates.
import { eq } from "drizzle-orm";
import type { Db } from "../../app/db/types";
import type { Actor } from "../../app/domain/identity/roles";
import { municipalities } from "../../app/domain/regions/regions.sql";
import { learningRouteOfService, type TenderContent } from "../../app/domain/tenders/tender-content";
import { tenders, tenderVersions } from "../../app/domain/tenders/tender.sql";
import { buildTenderContent, testMunicipalities, type TenderContentOptions } from "./tender-content";

let sequence = 0;

/** The moment version 1 of a factory tender is published, before its question deadline. */
export const TEST_PUBLISHED_AT = new Date("2026-11-02T08:00:00Z");

/**
 * buildTenderContent uses made-up municipality ids; a tender in a database must point at the
 * seeded municipalities, so ids are swapped by name (the seed has the same seven).
 */
async function withSeededMunicipalities(db: Db, content: TenderContent): Promise<TenderContent> {
  const rows = await db.select({ id: municipalities.id, name: municipalities.name }).from(municipalities);
  const idByName = new Map(rows.map((row) => [row.name, row.id]));
  const seededId = new Map(testMunicipalities.map((municipality) => [municipality.id, idByName.get(municipality.name) ?? municipality.id]));
  const swap = (id: string) => seededId.get(id) ?? id;
  return {
    ...content,
    municipalityIds: content.municipalityIds.map(swap),
    lots: content.lots.map((lot) => ({ ...lot, volumes: lot.volumes.map((volume) => ({ ...volume, municipalityId: swap(volume.municipalityId) })) })),
  };
}

export interface PublishedTenderOverrides extends TenderContentOptions {
  /** Merged into the content after the municipality ids are swapped; `reference` defaults to a unique one. */
  content?: Partial<TenderContent>;
  publishedAt?: Date;
  /** Leaves the tender a never-published draft. */
  draftOnly?: boolean;
}

export interface TestTender {
  id: string;
  reference: string;
  content: TenderContent;
}

/** A tender published as version 1 by `actor` (the draft equals the published content). */
export async function createPublishedTender(db: Db, actor: Actor, overrides: PublishedTenderOverrides = {}): Promise<TestTender> {
  sequence += 1;
  const base = await withSeededMunicipalities(db, buildTenderContent({ lots: overrides.lots, requirements: overrides.requirements }));
  const content: TenderContent = { ...base, reference: `WF-TEST-${String(sequence).padStart(3, "0")}`, ...overrides.content };
  const publishedAt = overrides.publishedAt ?? TEST_PUBLISHED_AT;
  const [tender] = await db
    .insert(tenders)
    .values({
      reference: content.reference,
      status: overrides.draftOnly ? "draft" : "published",
      draft: content,
      publishedVersion: overrides.draftOnly ? null : 1,
      title: content.title,
      questionDeadline: overrides.draftOnly || !content.timeline ? null : new Date(content.timeline.questionDeadline),
      submissionDeadline: overrides.draftOnly || !content.timeline ? null : new Date(content.timeline.submissionDeadline),
      learningRoutes: overrides.draftOnly ? [] : learningRoutesOf(content),
      createdAt: publishedAt,
      createdByUserId: actor.id,
      updatedAt: publishedAt,
    })
    .returning({ id: tenders.id });
  if (!overrides.draftOnly) {
    await db.insert(tenderVersions).values({
      tenderId: tender!.id,
      version: 1,
      content,
      changeNote: null,
      materialChange: false,
      deadlineExtended: false,
      publishedAt,
      publishedByUserId: actor.id,
      publishedByName: actor.name,
    });
  }
  return { id: tender!.id, reference: content.reference, content };
}

function learningRoutesOf(content: TenderContent): string[] {
  return [...new Set(content.lots.map((lot) => learningRouteOfService[lot.service]).filter((route): route is "b1" | "education" | "z" => Boolean(route)))];
}

/**
 * Publishes the next version of a factory tender with `change` applied (draft and version both),
 * the way a rectification would, without publishTender's rules and notifications.
 */
export async function publishTestVersion(
  db: Db,
  actor: Actor,
  tenderId: string,
  options: { change: (content: TenderContent) => TenderContent; publishedAt: Date; changeNote: string },
): Promise<{ version: number; content: TenderContent }> {
  const [tender] = await db.select().from(tenders).where(eq(tenders.id, tenderId));
  if (!tender) throw new Error(`unknown tender ${tenderId}`);
  const content = options.change(structuredClone(tender.draft));
  const version = (tender.publishedVersion ?? 0) + 1;
  await db.insert(tenderVersions).values({
    tenderId,
    version,
    content,
    changeNote: options.changeNote,
    materialChange: false,
    deadlineExtended: false,
    publishedAt: options.publishedAt,
    publishedByUserId: actor.id,
    publishedByName: actor.name,
  });
  await db
    .update(tenders)
    .set({
      status: "published",
      draft: content,
      publishedVersion: version,
      title: content.title,
      questionDeadline: content.timeline ? new Date(content.timeline.questionDeadline) : null,
      submissionDeadline: content.timeline ? new Date(content.timeline.submissionDeadline) : null,
      learningRoutes: learningRoutesOf(content),
      updatedAt: options.publishedAt,
    })
    .where(eq(tenders.id, tenderId));
  return { version, content };
}
