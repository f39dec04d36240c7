import { and, asc, desc, eq, isNotNull, max } from "drizzle-orm";
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import { formatDateTime } from "../../utils/format";
import { recordAudit } from "../audit/audit.server";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import { users } from "../identity/identity.sql";
import { assertPermission } from "../identity/authorize";
import { hasPermission } from "../identity/permissions";
import type { Actor } from "../identity/roles";
import { notifyUsers } from "../notifications/notifications.server";
import { organisations } from "../organisations/organisations.sql";
import { informationNotices, tenderInterests, tenderQuestions, tenders, tenderVersions, type InformationNoticeEntry } from "./tender.sql";

async function publishedTender(db: Db, tenderId: string, forUpdate = false) {
  const query = db.select().from(tenders).where(eq(tenders.id, tenderId));
  const [tender] = forUpdate ? await query.for("update") : await query;
  if (!tender || !tender.publishedVersion) throw new NotFoundError("Deze aanbesteding bestaat niet.");
  return tender;
}

export interface AskQuestionInput {
  text: string;
  lotId: string | null;
  documentReference: string | null;
}

/** A supplier asks a question; refused by the server's clock after the question deadline. */
export async function askQuestion(db: Db, clock: Clock, actor: Actor, tenderId: string, input: AskQuestionInput): Promise<{ id: string }> {
  assertPermission(actor, "ask:tenderQuestions");
  if (!actor.organisationId) throw new ForbiddenError();
  return db.transaction(async (tx) => {
    const tender = await publishedTender(tx, tenderId);
    const now = clock.now();
    if (tender.status === "cancelled") throw new RuleViolation("question.cancelled", "Deze aanbesteding is ingetrokken; er kunnen geen vragen meer worden gesteld.", "text");
    if (!tender.questionDeadline || now >= tender.questionDeadline) {
      throw new RuleViolation(
        "question.afterDeadline",
        `De termijn voor vragen is verstreken${tender.questionDeadline ? ` (${formatDateTime(tender.questionDeadline)})` : ""}. Vragen kunnen niet meer worden gesteld.`,
        "text",
      );
    }
    const version = tender.draft; // lots are checked against what suppliers saw: the published content has the same ids
    if (input.lotId && !version.lots.some((lot) => lot.id === input.lotId)) {
      throw new RuleViolation("question.unknownLot", "Kies een perceel van deze aanbesteding.", "lotId");
    }
    const [question] = await tx
      .insert(tenderQuestions)
      .values({
        tenderId,
        organisationId: actor.organisationId!,
        askedByUserId: actor.id,
        askedAt: now,
        lotId: input.lotId,
        documentReference: input.documentReference,
        text: input.text,
        status: "open",
      })
      .returning({ id: tenderQuestions.id });
    // a question also marks interest, so the asker hears about the answers and changes
    await tx.insert(tenderInterests).values({ tenderId, organisationId: actor.organisationId!, userId: actor.id, createdAt: now }).onConflictDoNothing();
    await recordAudit(tx, clock, {
      actor,
      action: "question.asked",
      entityType: "tender",
      entityId: tenderId,
      summary: `Vraag gesteld over ${tender.reference}`,
      changes: { questionId: question!.id },
    });
    return question!;
  });
}

export interface QuestionView {
  id: string;
  askedAt: Date;
  text: string;
  lotId: string | null;
  documentReference: string | null;
  status: "open" | "answered" | "merged";
  answer: string | null;
  topic: string | null;
  noticeNumber: number | null;
  mergedIntoQuestionId: string | null;
  /** Only for roles that may know who asked, and for the asker's own organisation. */
  askerOrganisationName: string | null;
  askedByOwnOrganisation: boolean;
}

/**
 * The projectgroep sees every question with its asker; a supplier sees only its own
 * organisation's questions here (everyone reads the answers in the published NvI).
 */
export async function listQuestions(db: Db, actor: Actor, tenderId: string): Promise<QuestionView[]> {
  assertPermission(actor, "read:tenders");
  await publishedTender(db, tenderId);
  const seesAskers = hasPermission(actor, "read:questionAskers");
  if (!seesAskers && !actor.organisationId) throw new ForbiddenError();
  const rows = await db
    .select({ question: tenderQuestions, organisationName: organisations.name })
    .from(tenderQuestions)
    .innerJoin(organisations, eq(organisations.id, tenderQuestions.organisationId))
    .where(
      seesAskers
        ? eq(tenderQuestions.tenderId, tenderId)
        : and(eq(tenderQuestions.tenderId, tenderId), eq(tenderQuestions.organisationId, actor.organisationId!)),
    )
    .orderBy(asc(tenderQuestions.askedAt));
  return rows.map(({ question, organisationName }) => ({
    id: question.id,
    askedAt: question.askedAt,
    text: question.text,
    lotId: question.lotId,
    documentReference: question.documentReference,
    status: question.status,
    answer: question.answer,
    topic: question.topic,
    noticeNumber: question.noticeNumber,
    mergedIntoQuestionId: question.mergedIntoQuestionId,
    askerOrganisationName: organisationName,
    askedByOwnOrganisation: question.organisationId === actor.organisationId,
  }));
}

export async function answerQuestion(
  db: Db,
  clock: Clock,
  actor: Actor,
  tenderId: string,
  questionId: string,
  input: { answer: string; topic: string },
) {
  assertPermission(actor, "manage:tenders");
  await db.transaction(async (tx) => {
    const [question] = await tx.select().from(tenderQuestions).where(and(eq(tenderQuestions.id, questionId), eq(tenderQuestions.tenderId, tenderId))).for("update");
    if (!question) throw new NotFoundError("Deze vraag bestaat niet.");
    if (question.status === "merged") throw new RuleViolation("question.merged", "Deze vraag is samengevoegd met een andere vraag; beantwoord die.", "answer");
    await tx
      .update(tenderQuestions)
      .set({ status: "answered", answer: input.answer, topic: input.topic || null, answeredAt: clock.now(), answeredByUserId: actor.id })
      .where(eq(tenderQuestions.id, questionId));
    await recordAudit(tx, clock, {
      actor,
      action: question.answer ? "question.answerChanged" : "question.answered",
      entityType: "tender",
      entityId: tenderId,
      summary: `Vraag ${question.noticeNumber ? `${question.noticeNumber} ` : ""}beantwoord${question.publishedInNoticeVersion ? " (wijziging na publicatie in de NvI)" : ""}`,
      changes: { questionId, answer: input.answer, topic: input.topic },
    });
  });
}

/** Merges a duplicate into another question: the duplicate is answered by the other's answer. */
export async function mergeQuestion(db: Db, clock: Clock, actor: Actor, tenderId: string, questionId: string, intoQuestionId: string) {
  assertPermission(actor, "manage:tenders");
  if (questionId === intoQuestionId) throw new RuleViolation("question.mergeSelf", "Een vraag kan niet met zichzelf worden samengevoegd.", "intoQuestionId");
  await db.transaction(async (tx) => {
    const rows = await tx.select().from(tenderQuestions).where(eq(tenderQuestions.tenderId, tenderId)).for("update");
    const duplicate = rows.find((row) => row.id === questionId);
    const target = rows.find((row) => row.id === intoQuestionId);
    if (!duplicate || !target) throw new NotFoundError("Deze vraag bestaat niet.");
    if (target.status === "merged") throw new RuleViolation("question.mergeIntoMerged", "Kies een vraag die zelf niet is samengevoegd.", "intoQuestionId");
    if (duplicate.publishedInNoticeVersion) throw new RuleViolation("question.alreadyPublished", "Deze vraag staat al in een gepubliceerde Nota van Inlichtingen.", "intoQuestionId");
    await tx.update(tenderQuestions).set({ status: "merged", mergedIntoQuestionId: intoQuestionId }).where(eq(tenderQuestions.id, questionId));
    // questions merged into the duplicate follow it
    await tx.update(tenderQuestions).set({ mergedIntoQuestionId: intoQuestionId }).where(eq(tenderQuestions.mergedIntoQuestionId, questionId));
    await recordAudit(tx, clock, {
      actor,
      action: "question.merged",
      entityType: "tender",
      entityId: tenderId,
      summary: "Dubbele vraag samengevoegd",
      changes: { questionId, intoQuestionId },
    });
  });
}

/**
 * Publishes the next version of the Nota van Inlichtingen: every answered question, numbered
 * in the order asked (numbers, once given, never change), grouped by topic. Open questions wait
 * for a later version. Every interested supplier is told; nobody learns who asked.
 */
export async function publishInformationNotice(db: Db, clock: Clock, actor: Actor, tenderId: string): Promise<{ version: number; newEntries: number }> {
  assertPermission(actor, "manage:tenders");
  return db.transaction(async (tx) => {
    const tender = await publishedTender(tx, tenderId, true);
    const questions = await tx.select().from(tenderQuestions).where(eq(tenderQuestions.tenderId, tenderId)).orderBy(asc(tenderQuestions.askedAt)).for("update");
    const [{ value: highestNumber }] = (await tx
      .select({ value: max(tenderQuestions.noticeNumber) })
      .from(tenderQuestions)
      .where(and(eq(tenderQuestions.tenderId, tenderId), isNotNull(tenderQuestions.noticeNumber)))) as [{ value: number | null }];
    let next = (highestNumber ?? 0) + 1;
    const [latest] = await tx.select({ version: informationNotices.version, publishedAt: informationNotices.publishedAt }).from(informationNotices).where(eq(informationNotices.tenderId, tenderId)).orderBy(desc(informationNotices.version)).limit(1);
    const version = (latest?.version ?? 0) + 1;

    const answered = questions.filter((question) => question.status === "answered");
    const unpublished = answered.filter((question) => question.publishedInNoticeVersion === null);
    // an answer corrected after the last publication is news too
    const corrected = answered.filter((question) => latest && question.publishedInNoticeVersion !== null && question.answeredAt && question.answeredAt > latest.publishedAt);
    if (unpublished.length === 0 && corrected.length === 0 && latest) {
      throw new RuleViolation("notice.nothingNew", "Er zijn geen nieuw beantwoorde vragen om te publiceren.");
    }
    if (answered.length === 0) throw new RuleViolation("notice.empty", "Beantwoord eerst minstens één vraag.");

    for (const question of unpublished) {
      const number = question.noticeNumber ?? next++;
      await tx.update(tenderQuestions).set({ noticeNumber: number, publishedInNoticeVersion: version }).where(eq(tenderQuestions.id, question.id));
      question.noticeNumber = number;
    }
    const lotTitles = new Map(tender.draft.lots.map((lot) => [lot.id, `Perceel ${lot.number}: ${lot.title}`]));
    const entries: InformationNoticeEntry[] = answered
      .map((question) => {
        const duplicates = questions.filter((other) => other.mergedIntoQuestionId === question.id);
        return {
          number: question.noticeNumber!,
          topic: question.topic ?? (question.lotId ? (lotTitles.get(question.lotId) ?? "Algemeen") : "Algemeen"),
          lotTitle: question.lotId ? (lotTitles.get(question.lotId) ?? null) : null,
          documentReference: question.documentReference,
          // duplicates are shown with the question they were merged into, without their askers
          question: [question.text, ...duplicates.map((duplicate) => duplicate.text)].join("\n\n"),
          answer: question.answer ?? "",
        };
      })
      .sort((a, b) => a.topic.localeCompare(b.topic, "nl") || a.number - b.number);
    const now = clock.now();
    await tx.insert(informationNotices).values({ tenderId, version, entries, publishedAt: now, publishedByUserId: actor.id, publishedByName: actor.name });
    await recordAudit(tx, clock, {
      actor,
      action: "notice.published",
      entityType: "tender",
      entityId: tenderId,
      summary: `Nota van Inlichtingen versie ${version} gepubliceerd voor ${tender.reference} (${entries.length} vragen, ${unpublished.length} nieuw)`,
    });
    const recipients = await tx
      .selectDistinct({ userId: users.id, email: users.email })
      .from(tenderInterests)
      .innerJoin(users, eq(users.id, tenderInterests.userId))
      .where(and(eq(tenderInterests.tenderId, tenderId), eq(users.active, true)));
    await notifyUsers(tx, clock, recipients, {
      title: `Nota van Inlichtingen ${version}: ${tender.title}`,
      body: `De Nota van Inlichtingen (versie ${version}) van ${tender.reference} is gepubliceerd met ${entries.length} beantwoorde vragen.`,
      link: `/aanbestedingen/${tenderId}/nota-van-inlichtingen`,
    });
    return { version, newEntries: unpublished.length };
  });
}

export async function getInformationNotice(db: Db, actor: Actor, tenderId: string, version?: number) {
  assertPermission(actor, "read:tenders");
  const tender = await publishedTender(db, tenderId);
  const notices = await db
    .select()
    .from(informationNotices)
    .where(eq(informationNotices.tenderId, tenderId))
    .orderBy(asc(informationNotices.version));
  const notice = version ? notices.find((candidate) => candidate.version === version) : notices.at(-1);
  if (version && !notice) throw new NotFoundError("Deze versie van de Nota van Inlichtingen bestaat niet.");
  return {
    tender: { id: tender.id, reference: tender.reference, title: tender.title },
    notice: notice ?? null,
    versions: notices.map((candidate) => ({ version: candidate.version, publishedAt: candidate.publishedAt })),
  };
}

// ---------------------------------------------------------------- the question page

/** One question as the page "Vragen" shows it; what a field holds depends on who asks (see getQuestionRound). */
export interface QuestionRoundItem {
  id: string;
  askedAt: Date;
  text: string;
  lotId: string | null;
  /** "Perceel 2: Z-route", from the latest published version. */
  lotLabel: string | null;
  documentReference: string | null;
  status: "open" | "answered" | "merged";
  answer: string | null;
  topic: string | null;
  noticeNumber: number | null;
  publishedInNoticeVersion: number | null;
  /** Answered again after the NvI that published it: the next NvI carries the new answer. */
  answerChangedSincePublication: boolean;
  mergedIntoQuestionId: string | null;
  /** The number in the NvI of the question a duplicate was merged into, once published. */
  mergedIntoNoticeNumber: number | null;
  /** Only for roles with read:questionAskers; never in a supplier's view. */
  askerOrganisationName: string | null;
}

export interface QuestionRound {
  tender: {
    id: string;
    reference: string;
    status: "draft" | "published" | "cancelled";
    questionDeadline: Date | null;
    /** Judged by the server's clock, exactly as askQuestion judges it. */
    questionsOpen: boolean;
    lots: { id: string; number: number; title: string }[];
  };
  /** "supplier": the own organisation's questions only; "municipal": every question. */
  view: "supplier" | "municipal";
  seesAskers: boolean;
  canAsk: boolean;
  canManage: boolean;
  questions: QuestionRoundItem[];
  /** Answers (new or changed) that the next NvI would publish; 0 in a supplier's view. */
  unpublishedAnswers: number;
  latestNotice: { version: number; publishedAt: Date } | null;
}

/**
 * Everything the page "Vragen" shows, filtered here rather than in the page:
 * - a supplier sees only its own organisation's questions, never an asker, and an answer only
 *   as the latest published NvI gives it (for a merged duplicate: the answer of the question it
 *   was merged into). An answer the projectgroep has typed but not yet published is no answer
 *   yet: it may still change, and all suppliers must learn it at the same moment (equal
 *   treatment), so until then the question stays "open" for the supplier;
 * - municipal roles see every question and its current answer, the asking organisation only
 *   with read:questionAskers (design, section 5: not the assessors, not the municipalities).
 */
export async function getQuestionRound(db: Db, clock: Clock, actor: Actor, tenderId: string): Promise<QuestionRound> {
  assertPermission(actor, "read:tenders");
  const tender = await publishedTender(db, tenderId);
  const supplierView = actor.organisationId !== null || hasPermission(actor, "ask:tenderQuestions");
  if (supplierView && !actor.organisationId) throw new ForbiddenError();
  const seesAskers = !supplierView && hasPermission(actor, "read:questionAskers");

  const [version] = await db
    .select({ content: tenderVersions.content })
    .from(tenderVersions)
    .where(and(eq(tenderVersions.tenderId, tenderId), eq(tenderVersions.version, tender.publishedVersion!)));
  const lots = [...(version?.content.lots ?? [])].sort((a, b) => a.number - b.number).map((lot) => ({ id: lot.id, number: lot.number, title: lot.title }));
  const lotLabels = new Map(lots.map((lot) => [lot.id, `Perceel ${lot.number}: ${lot.title}`]));

  const rows = await db
    .select({ question: tenderQuestions, organisationName: organisations.name })
    .from(tenderQuestions)
    .innerJoin(organisations, eq(organisations.id, tenderQuestions.organisationId))
    .where(eq(tenderQuestions.tenderId, tenderId))
    .orderBy(asc(tenderQuestions.askedAt), asc(tenderQuestions.id));
  const [latest] = await db
    .select()
    .from(informationNotices)
    .where(eq(informationNotices.tenderId, tenderId))
    .orderBy(desc(informationNotices.version))
    .limit(1);
  // A merge target may be another organisation's question: it is looked up among all rows, but
  // only its NvI number and published answer ever reach a supplier.
  const byId = new Map(rows.map(({ question }) => [question.id, question]));
  const publishedAnswers = new Map((latest?.entries ?? []).map((entry) => [entry.number, entry.answer]));
  const changedSincePublication = (question: typeof tenderQuestions.$inferSelect) =>
    Boolean(latest && question.status === "answered" && question.publishedInNoticeVersion !== null && question.answeredAt && question.answeredAt > latest.publishedAt);

  const visible = supplierView ? rows.filter(({ question }) => question.organisationId === actor.organisationId) : rows;
  const questions = visible.map(({ question, organisationName }): QuestionRoundItem => {
    const target = question.mergedIntoQuestionId ? byId.get(question.mergedIntoQuestionId) : undefined;
    const base = {
      id: question.id,
      askedAt: question.askedAt,
      text: question.text,
      lotId: question.lotId,
      lotLabel: question.lotId ? (lotLabels.get(question.lotId) ?? null) : null,
      documentReference: question.documentReference,
      mergedIntoQuestionId: question.mergedIntoQuestionId,
    };
    if (supplierView) {
      const answered = target ?? question;
      const number = answered.publishedInNoticeVersion !== null ? answered.noticeNumber : null;
      const answer = number !== null ? (publishedAnswers.get(number) ?? null) : null;
      return {
        ...base,
        status: question.status === "merged" ? "merged" : answer !== null ? "answered" : "open",
        answer,
        topic: null,
        noticeNumber: target ? null : number,
        publishedInNoticeVersion: target ? null : question.publishedInNoticeVersion,
        answerChangedSincePublication: false,
        mergedIntoNoticeNumber: target ? number : null,
        askerOrganisationName: null,
      };
    }
    return {
      ...base,
      status: question.status,
      answer: question.answer,
      topic: question.topic,
      noticeNumber: question.noticeNumber,
      publishedInNoticeVersion: question.publishedInNoticeVersion,
      answerChangedSincePublication: changedSincePublication(question),
      mergedIntoNoticeNumber: target?.noticeNumber ?? null,
      askerOrganisationName: seesAskers ? organisationName : null,
    };
  });

  const unpublishedAnswers = supplierView
    ? 0
    : rows.filter(({ question }) => question.status === "answered" && (question.publishedInNoticeVersion === null || changedSincePublication(question))).length;
  const now = clock.now();
  return {
    tender: {
      id: tender.id,
      reference: tender.reference,
      status: tender.status,
      questionDeadline: tender.questionDeadline,
      questionsOpen: tender.status === "published" && tender.questionDeadline !== null && now < tender.questionDeadline,
      lots,
    },
    view: supplierView ? "supplier" : "municipal",
    seesAskers,
    canAsk: supplierView && hasPermission(actor, "ask:tenderQuestions"),
    canManage: !supplierView && hasPermission(actor, "manage:tenders"),
    questions,
    unpublishedAnswers,
    latestNotice: latest ? { version: latest.version, publishedAt: latest.publishedAt } : null,
  };
}
