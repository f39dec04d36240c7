// Offers for database tests, made through the real offers commands (saveOfferDraft, submitOffer),
// so a submitted test offer has a real version, receipt hash, events and PDF attachments. Shared
// with the opening, evaluation and award tests: keep these signatures stable (add options, do not
// change the meaning of existing ones).
//
//   const clock = createMovableClock(new Date("2026-12-01T09:00:00Z"));
//   const tender = await createPublishedTenderWithLots(db, clock);          // deadline: now + 14 days
//   const { supplier } = await createTestSupplier(db);
//   const offer = await submitTestOffer(db, clock, { tenderId: tender.id, lotId: tender.content.lots[0]!.id, supplier, unitPriceCents: 350_000 });
//   clock.set(new Date(tender.submissionDeadline.getTime() + 60_000));   // after the deadline
import { and, eq } from "drizzle-orm";
import type { Db } from "../../app/db/types";
import type { Actor } from "../../app/domain/identity/roles";
import type { OfferDraftFields } from "../../app/domain/offers/offer-content";
import { applicableRequirements, qualityCriteria } from "../../app/domain/offers/offer-rules";
import { saveOfferDraft, submitOffer, type OfferReceipt } from "../../app/domain/offers/offers.server";
import type { TenderContent } from "../../app/domain/tenders/tender-content";
import { tenders, tenderVersions } from "../../app/domain/tenders/tender.sql";
import { addCalendarDays, amsterdamDateOf } from "../../app/utils/amsterdam-time";
import type { Clock } from "../../app/utils/clock.server";
import { createTestOrganisation, createTestUser } from "./identity";
import { createPublishedTender, type TestTender } from "./tenders";

const DAY = 24 * 60 * 60 * 1000;

export interface OfferTestTender extends TestTender {
  /** The tender's submission deadline (also in content.timeline). */
  submissionDeadline: Date;
  /** The projectgroep member who "published" it. */
  projectgroup: Actor;
}

export interface OfferTestTenderOptions {
  /** Number of lots (default 3, from buildTenderContent). */
  lots?: number;
  /** Number of requirements (default 10: mandatory and scored, some with evidence, some per lot). */
  requirements?: number;
  /** Default: clock.now() + 14 days. */
  submissionDeadline?: Date;
  /** Default: halfway between now and the submission deadline. */
  questionDeadline?: Date;
  /** Merged into the content last (reference, lots, requirements, awardCriteria, …). */
  content?: Partial<TenderContent>;
  /** Default: a new projectgroep user. */
  projectgroup?: Actor;
}

/**
 * A tender published as version 1 at clock.now(), open for offers: its deadlines lie after
 * clock.now() (submission by default 14 days later). Lots, price components, quality criteria and
 * requirements come from buildTenderContent (test/factories/tender-content.ts).
 */
export async function createPublishedTenderWithLots(db: Db, clock: Clock, options: OfferTestTenderOptions = {}): Promise<OfferTestTender> {
  const now = clock.now();
  const submissionDeadline = options.submissionDeadline ?? new Date(now.getTime() + 14 * DAY);
  const questionDeadline = options.questionDeadline ?? new Date(now.getTime() + (submissionDeadline.getTime() - now.getTime()) / 2);
  const projectgroup = options.projectgroup ?? (await createTestUser(db, { roles: ["projectgroup"] }));
  const closingDay = amsterdamDateOf(submissionDeadline);
  const tender = await createPublishedTender(db, projectgroup, {
    lots: options.lots,
    requirements: options.requirements,
    publishedAt: now,
    content: {
      timeline: {
        publicationDate: amsterdamDateOf(now),
        questionDeadline: questionDeadline.toISOString(),
        informationNoticeDate: amsterdamDateOf(questionDeadline),
        submissionDeadline: submissionDeadline.toISOString(),
        plannedAwardDecisionDate: addCalendarDays(closingDay, 28),
        standstillDays: 20,
        contractStartDate: addCalendarDays(closingDay, 90),
      },
      ...options.content,
    },
  });
  return { ...tender, submissionDeadline, projectgroup };
}

let supplierSequence = 0;

/** A verified, active supplier organisation with one supplier user. */
export async function createTestSupplier(
  db: Db,
  options: { organisationName?: string; userName?: string; organisation?: Parameters<typeof createTestOrganisation>[1] } = {},
): Promise<{ organisationId: string; organisationName: string; kvkNumber: string; supplier: Actor }> {
  supplierSequence += 1;
  const organisation = await createTestOrganisation(db, {
    kind: "languageSchool",
    ...(options.organisationName ? { name: options.organisationName } : {}),
    ...options.organisation,
  });
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id, name: options.userName ?? `Inschrijver ${supplierSequence}` });
  return { organisationId: organisation.id, organisationName: organisation.name, kvkNumber: organisation.kvkNumber, supplier };
}

/**
 * A small but real PDF (it starts with "%PDF-", which is what storeFile checks), different per
 * label so two attachments never share a hash by accident.
 */
export function testPdf(label = "bijlage"): Uint8Array {
  return new TextEncoder().encode(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${label}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );
}

export interface TestOfferOptions {
  tenderId: string;
  lotId: string;
  /** A supplier user (createTestSupplier); the offer belongs to its organisation. */
  supplier: Actor;
  /** One unit price in cents for every price component (default 100_00), or one per component in the lot's order. */
  unitPriceCents?: number | readonly number[];
  /** The answer to every quality criterion (default a fixed text). */
  answerText?: string;
  /** Requirements answered "nee" (with an explanation); every other applicable requirement "ja". */
  requirementsNotMet?: readonly string[];
  /** Also attach a PDF to every quality criterion's answer (default false). */
  answerAttachments?: boolean;
  signedByName?: string;
  signedByRole?: string;
}

/**
 * The complete fields of an offer on `lotId` of `content` (the latest published version), as the
 * offer form would send them.
 */
export function completeOfferFields(content: TenderContent, lotId: string, options: Omit<TestOfferOptions, "tenderId" | "lotId" | "supplier"> = {}): OfferDraftFields {
  const lot = content.lots.find((candidate) => candidate.id === lotId);
  if (!lot) throw new Error(`lot ${lotId} is not in the tender content`);
  const notMet = new Set(options.requirementsNotMet ?? []);
  const unitPrice = (index: number) => {
    const given = options.unitPriceCents ?? 100_00;
    if (typeof given === "number") return given;
    const value = given[index];
    if (value === undefined) throw new Error(`no unit price for price component ${index + 1} of lot ${lot.number}`);
    return value;
  };
  return {
    prices: lot.priceComponents.map((component, index) => ({ priceComponentId: component.id, unitPriceCents: unitPrice(index) })),
    answers: qualityCriteria(content).map((criterion) => ({
      criterionId: criterion.id,
      text: options.answerText ?? `Onze aanpak voor ${criterion.name}: een vaste coach per deelnemer, taal en werk tegelijk, en elk kwartaal een rapportage per gemeente.`,
    })),
    requirements: applicableRequirements(content, lotId).map((requirement) => ({
      requirementId: requirement.id,
      met: !notMet.has(requirement.id),
      explanation: notMet.has(requirement.id)
        ? "Wij voldoen hier op de sluitingsdatum nog niet aan."
        : requirement.kind === "scored"
          ? `Zo geven wij invulling aan ${requirement.title}: met vaste afspraken en een voorbeeld uit de praktijk.`
          : "",
    })),
    espdDeclared: true,
    signedByName: options.signedByName ?? "Zoë de Vries",
    signedByRole: options.signedByRole ?? "Directeur",
  };
}

/**
 * Saves a complete draft through saveOfferDraft, with a PDF as evidence for every requirement
 * that asks for it (and answered "ja"), without submitting. Uses `clock`: before the deadline.
 */
export async function fillTestOffer(db: Db, clock: Clock, options: TestOfferOptions): Promise<{ offerId: string; content: TenderContent }> {
  const { content } = await latestContent(db, options.tenderId);
  const fields = completeOfferFields(content, options.lotId, options);
  const { offerId } = await saveOfferDraft(db, clock, options.supplier, options.tenderId, options.lotId, { fields });
  const notMet = new Set(options.requirementsNotMet ?? []);
  for (const requirement of applicableRequirements(content, options.lotId)) {
    if (requirement.evidenceRequired && !notMet.has(requirement.id)) {
      await saveOfferDraft(db, clock, options.supplier, options.tenderId, options.lotId, {
        upload: { purpose: { kind: "requirement", requirementId: requirement.id }, fileName: `bewijs-${requirement.title.slice(0, 40)}.pdf`, bytes: testPdf(`bewijs ${requirement.id} ${options.supplier.id}`) },
      });
    }
  }
  if (options.answerAttachments) {
    for (const criterion of qualityCriteria(content)) {
      await saveOfferDraft(db, clock, options.supplier, options.tenderId, options.lotId, {
        upload: { purpose: { kind: "criterion", criterionId: criterion.id }, fileName: `${criterion.name}.pdf`, bytes: testPdf(`antwoord ${criterion.id} ${options.supplier.id}`) },
      });
    }
  }
  return { offerId, content };
}

/** A complete offer, submitted through submitOffer: its receipt (offer id, version, hash, total). */
export async function submitTestOffer(db: Db, clock: Clock, options: TestOfferOptions): Promise<OfferReceipt> {
  await fillTestOffer(db, clock, options);
  return submitOffer(db, clock, options.supplier, options.tenderId, options.lotId);
}

/**
 * The quickest complete set-up: a published tender, a supplier and its submitted offer on lot 1
 * (or `lotNumber`). The clock stays before the deadline.
 */
export async function submittedOffer(
  db: Db,
  clock: Clock,
  options: Partial<Omit<TestOfferOptions, "tenderId" | "lotId">> & { tender?: OfferTestTender; lotNumber?: number } = {},
): Promise<{ tender: OfferTestTender; lotId: string; supplier: Actor; organisationId: string; receipt: OfferReceipt }> {
  const tender = options.tender ?? (await createPublishedTenderWithLots(db, clock));
  const lot = tender.content.lots.find((candidate) => candidate.number === (options.lotNumber ?? 1));
  if (!lot) throw new Error(`the tender has no lot ${options.lotNumber ?? 1}`);
  const created = options.supplier ? { supplier: options.supplier, organisationId: options.supplier.organisationId! } : await createTestSupplier(db);
  const receipt = await submitTestOffer(db, clock, { ...options, tenderId: tender.id, lotId: lot.id, supplier: created.supplier });
  return { tender, lotId: lot.id, supplier: created.supplier, organisationId: created.organisationId, receipt };
}

async function latestContent(db: Db, tenderId: string): Promise<{ content: TenderContent; version: number }> {
  const [tender] = await db.select({ publishedVersion: tenders.publishedVersion }).from(tenders).where(eq(tenders.id, tenderId));
  if (!tender?.publishedVersion) throw new Error(`tender ${tenderId} is not published`);
  const [row] = await db
    .select({ content: tenderVersions.content })
    .from(tenderVersions)
    .where(and(eq(tenderVersions.tenderId, tenderId), eq(tenderVersions.version, tender.publishedVersion)));
  return { content: row!.content, version: tender.publishedVersion };
}
