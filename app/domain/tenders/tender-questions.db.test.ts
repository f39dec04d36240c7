import { eq, sql } from "drizzle-orm";
import { createMovableClock } from "../../utils/clock.server";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestOrganisation, createTestUser } from "../../../test/factories/identity";
import { caught } from "../../../test/factories/errors";
import { createPublishedTender } from "../../../test/factories/tenders";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import { notifications } from "../notifications/notifications.sql";
import {
  answerQuestion,
  askQuestion,
  getInformationNotice,
  getQuestionRound,
  listQuestions,
  mergeQuestion,
  publishInformationNotice,
} from "./tender-questions.server";
import { informationNotices, tenderInterests, tenderQuestions } from "./tender.sql";

const database = useTestDatabase();

// The factory tender: published 2 November 2026, questions until 16 November 12:00 in Amsterdam.
const BEFORE_DEADLINE = new Date("2026-11-05T09:00:00Z");
const QUESTION_DEADLINE = new Date("2026-11-16T11:00:00Z");
const HOUR = 60 * 60 * 1000;

async function setup() {
  const { db } = database();
  const clock = createMovableClock(BEFORE_DEADLINE);
  const projectgroup = await createTestUser(db, { roles: ["projectgroup"], name: "Petra Projectgroep" });
  const assessor = await createTestUser(db, { roles: ["assessor"], name: "Bart Beoordelaar" });
  const schoolA = await createTestOrganisation(db, { name: "Taalschool De Brug" });
  const schoolB = await createTestOrganisation(db, { name: "Taalhuis Hoorn" });
  const supplierA = await createTestUser(db, { roles: ["supplier"], organisationId: schoolA.id, name: "Anna Aanbieder" });
  const colleagueA = await createTestUser(db, { roles: ["supplier"], organisationId: schoolA.id, name: "Ahmed Collega" });
  const supplierB = await createTestUser(db, { roles: ["supplier"], organisationId: schoolB.id, name: "Bea Aanbieder" });
  const tender = await createPublishedTender(db, projectgroup);
  const ask = async (actor: typeof supplierA, text: string, lotId: string | null = null) => {
    const question = await askQuestion(db, clock, actor, tender.id, { text, lotId, documentReference: null });
    clock.advance(HOUR); // questions are numbered in the order asked
    return question.id;
  };
  return { db, clock, projectgroup, assessor, schoolA, schoolB, supplierA, colleagueA, supplierB, tender, ask };
}

test("a supplier asks a question before the deadline; its organisation sees it as new, and now follows the tender", async () => {
  const { db, clock, supplierA, colleagueA, tender } = await setup();
  const lot = tender.content.lots[1]!;

  const { id } = await askQuestion(db, clock, supplierA, tender.id, { text: "Mogen de lessen ook op zaterdag?", lotId: lot.id, documentReference: "§ 2 Opdracht" });

  const round = await getQuestionRound(db, clock, colleagueA, tender.id);
  expect(round.view).toBe("supplier");
  expect(round.tender.questionsOpen).toBe(true);
  expect(round.canAsk).toBe(true);
  expect(round.questions).toEqual([
    expect.objectContaining({
      id,
      text: "Mogen de lessen ook op zaterdag?",
      lotLabel: `Perceel 2: ${lot.title}`,
      documentReference: "§ 2 Opdracht",
      status: "open",
      answer: null,
      askerOrganisationName: null,
    }),
  ]);
  expect(await db.select().from(tenderInterests).where(eq(tenderInterests.userId, supplierA.id))).toHaveLength(1);
});

test("a question after the deadline is refused by the server's clock, and nothing is stored", async () => {
  const { db, clock, supplierA, tender } = await setup();
  clock.set(QUESTION_DEADLINE);

  const refusal = await caught(() => askQuestion(db, clock, supplierA, tender.id, { text: "Is er nog ruimte voor een vraag?", lotId: null, documentReference: null }));

  expect(refusal).toBeInstanceOf(RuleViolation);
  expect(refusal).toMatchObject({ code: "question.afterDeadline", field: "text" });
  expect((refusal as RuleViolation).message).toBe("De termijn voor vragen is verstreken (16 november 2026 om 12:00). Vragen kunnen niet meer worden gesteld.");
  expect(await db.select().from(tenderQuestions)).toEqual([]);
  const round = await getQuestionRound(db, clock, supplierA, tender.id);
  expect(round.tender.questionsOpen).toBe(false);

  clock.set(new Date(QUESTION_DEADLINE.getTime() - 60_000));
  await expect(askQuestion(db, clock, supplierA, tender.id, { text: "Net op tijd gesteld, toch?", lotId: null, documentReference: null })).resolves.toHaveProperty("id");
});

test("a question about a lot that is not in the tender is refused at the lot field", async () => {
  const { db, clock, supplierA, tender } = await setup();
  const refusal = await caught(() => askQuestion(db, clock, supplierA, tender.id, { text: "Een vraag over een ander perceel", lotId: "00000000-0000-4000-8000-00000000ffff", documentReference: null }));
  expect(refusal).toMatchObject({ code: "question.unknownLot", field: "lotId" });
});

test("only suppliers ask, and a never-published tender has no question round", async () => {
  const { db, clock, projectgroup, supplierA } = await setup();
  const published = await createPublishedTender(db, projectgroup);
  expect(await caught(() => askQuestion(db, clock, projectgroup, published.id, { text: "Vraag van de projectgroep", lotId: null, documentReference: null }))).toBeInstanceOf(ForbiddenError);
  const draft = await createPublishedTender(db, projectgroup, { draftOnly: true });
  expect(await caught(() => askQuestion(db, clock, supplierA, draft.id, { text: "Vraag over een concept", lotId: null, documentReference: null }))).toBeInstanceOf(NotFoundError);
  expect(await caught(() => getQuestionRound(db, clock, supplierA, draft.id))).toBeInstanceOf(NotFoundError);
});

test("another supplier never sees the question nor who asked it, not even after the NvI", async () => {
  const { db, clock, projectgroup, supplierA, supplierB, tender, ask } = await setup();
  const id = await ask(supplierA, "Geldt de indexering ook voor de verlengingsperioden?");

  expect(await listQuestions(db, supplierB, tender.id)).toEqual([]);
  expect((await getQuestionRound(db, clock, supplierB, tender.id)).questions).toEqual([]);

  await answerQuestion(db, clock, projectgroup, tender.id, id, { answer: "Ja, jaarlijks per 1 januari.", topic: "Algemeen" });
  await publishInformationNotice(db, clock, projectgroup, tender.id);

  expect((await getQuestionRound(db, clock, supplierB, tender.id)).questions).toEqual([]);
  const { notice } = await getInformationNotice(db, supplierB, tender.id);
  expect(notice!.entries).toEqual([
    { number: 1, topic: "Algemeen", lotTitle: null, documentReference: null, question: "Geldt de indexering ook voor de verlengingsperioden?", answer: "Ja, jaarlijks per 1 januari." },
  ]);
  // nothing in the published notice points at the asker
  const published = JSON.stringify(notice);
  for (const trace of ["Taalschool De Brug", supplierA.id, supplierA.name, supplierA.organisationId!]) expect(published).not.toContain(trace);
});

test("the projectgroep sees who asked; an assessor sees the questions but not the askers", async () => {
  const { db, clock, projectgroup, assessor, supplierA, supplierB, tender, ask } = await setup();
  await ask(supplierA, "Vraag van De Brug over de planning");
  await ask(supplierB, "Vraag van Taalhuis Hoorn over de prijs");

  expect((await listQuestions(db, projectgroup, tender.id)).map((question) => question.askerOrganisationName)).toEqual(["Taalschool De Brug", "Taalhuis Hoorn"]);
  const forProjectgroup = await getQuestionRound(db, clock, projectgroup, tender.id);
  expect(forProjectgroup).toMatchObject({ view: "municipal", seesAskers: true, canManage: true, canAsk: false });
  expect(forProjectgroup.questions.map((question) => question.askerOrganisationName)).toEqual(["Taalschool De Brug", "Taalhuis Hoorn"]);

  const forAssessor = await getQuestionRound(db, clock, assessor, tender.id);
  expect(forAssessor).toMatchObject({ view: "municipal", seesAskers: false, canManage: false });
  expect(forAssessor.questions.map((question) => [question.text, question.askerOrganisationName])).toEqual([
    ["Vraag van De Brug over de planning", null],
    ["Vraag van Taalhuis Hoorn over de prijs", null],
  ]);
  expect(await caught(() => answerQuestion(db, clock, assessor, tender.id, forAssessor.questions[0]!.id, { answer: "Nee.", topic: "" }))).toBeInstanceOf(ForbiddenError);
});

test("publishing the NvI numbers the answered questions 1..n in the order asked and tells the followers", async () => {
  const { db, clock, projectgroup, supplierA, supplierB, tender, ask } = await setup();
  const first = await ask(supplierA, "Eerste vraag: de planning");
  const second = await ask(supplierB, "Tweede vraag: de prijs");
  const third = await ask(supplierA, "Derde vraag: het keurmerk");
  // answered in reverse order: the number follows the asking, not the answering
  await answerQuestion(db, clock, projectgroup, tender.id, third, { answer: "Antwoord drie", topic: "Perceel 1" });
  await answerQuestion(db, clock, projectgroup, tender.id, second, { answer: "Antwoord twee", topic: "Algemeen" });
  await answerQuestion(db, clock, projectgroup, tender.id, first, { answer: "Antwoord een", topic: "Algemeen" });
  expect((await getQuestionRound(db, clock, projectgroup, tender.id)).unpublishedAnswers).toBe(3);

  const result = await publishInformationNotice(db, clock, projectgroup, tender.id);

  expect(result).toEqual({ version: 1, newEntries: 3 });
  const { notice } = await getInformationNotice(db, supplierA, tender.id);
  // grouped by topic, numbered by the moment asked
  expect(notice!.entries.map((entry) => [entry.topic, entry.number, entry.question])).toEqual([
    ["Algemeen", 1, "Eerste vraag: de planning"],
    ["Algemeen", 2, "Tweede vraag: de prijs"],
    ["Perceel 1", 3, "Derde vraag: het keurmerk"],
  ]);
  expect((await getQuestionRound(db, clock, projectgroup, tender.id)).unpublishedAnswers).toBe(0);
  const followers = await db.select({ userId: notifications.userId, link: notifications.link }).from(notifications);
  expect(new Set(followers.map((row) => row.userId))).toEqual(new Set([supplierA.id, supplierB.id]));
  expect(followers[0]!.link).toBe(`/aanbestedingen/${tender.id}/nota-van-inlichtingen`);
});

test("a supplier reads an answer only once it is published, and a later correction only with the next NvI", async () => {
  const { db, clock, projectgroup, supplierA, tender, ask } = await setup();
  const id = await ask(supplierA, "Volstaat een aangevraagd keurmerk?");
  await answerQuestion(db, clock, projectgroup, tender.id, id, { answer: "Ja.", topic: "" });

  expect((await getQuestionRound(db, clock, supplierA, tender.id)).questions[0]).toMatchObject({ status: "open", answer: null, noticeNumber: null });

  await publishInformationNotice(db, clock, projectgroup, tender.id);
  expect((await getQuestionRound(db, clock, supplierA, tender.id)).questions[0]).toMatchObject({ status: "answered", answer: "Ja.", noticeNumber: 1 });

  clock.advance(HOUR);
  await answerQuestion(db, clock, projectgroup, tender.id, id, { answer: "Nee, het keurmerk moet zijn toegekend.", topic: "" });
  expect((await getQuestionRound(db, clock, supplierA, tender.id)).questions[0]!.answer).toBe("Ja.");
  const forProjectgroup = await getQuestionRound(db, clock, projectgroup, tender.id);
  expect(forProjectgroup.questions[0]).toMatchObject({ answer: "Nee, het keurmerk moet zijn toegekend.", answerChangedSincePublication: true });
  expect(forProjectgroup.unpublishedAnswers).toBe(1);

  clock.advance(HOUR);
  await publishInformationNotice(db, clock, projectgroup, tender.id);
  expect((await getQuestionRound(db, clock, supplierA, tender.id)).questions[0]).toMatchObject({ answer: "Nee, het keurmerk moet zijn toegekend.", noticeNumber: 1 });
});

test("numbers stay the same in a second version of the NvI; the first version stays as it was", async () => {
  const { db, clock, projectgroup, supplierA, supplierB, tender, ask } = await setup();
  const early = await ask(supplierA, "Vroege vraag");
  const open = await ask(supplierB, "Vraag die nog open blijft");
  await answerQuestion(db, clock, projectgroup, tender.id, early, { answer: "Vroeg antwoord", topic: "Planning" });
  await publishInformationNotice(db, clock, projectgroup, tender.id);
  clock.advance(HOUR);
  const late = await ask(supplierA, "Late vraag");
  await answerQuestion(db, clock, projectgroup, tender.id, late, { answer: "Laat antwoord", topic: "Planning" });
  await answerQuestion(db, clock, projectgroup, tender.id, open, { answer: "Eindelijk een antwoord", topic: "Planning" });

  expect(await publishInformationNotice(db, clock, projectgroup, tender.id)).toEqual({ version: 2, newEntries: 2 });

  const second = (await getInformationNotice(db, supplierB, tender.id)).notice!;
  // the open question was asked before the late one, yet numbers given earlier never move:
  // new numbers continue after the highest one, in the order asked
  expect(second.entries.map((entry) => [entry.number, entry.question])).toEqual([
    [1, "Vroege vraag"],
    [2, "Vraag die nog open blijft"],
    [3, "Late vraag"],
  ]);
  const first = (await getInformationNotice(db, supplierB, tender.id, 1)).notice!;
  expect(first.entries.map((entry) => [entry.number, entry.question])).toEqual([[1, "Vroege vraag"]]);
  expect((await getInformationNotice(db, supplierB, tender.id)).versions.map((version) => version.version)).toEqual([1, 2]);
  expect(await caught(() => getInformationNotice(db, supplierB, tender.id, 3))).toBeInstanceOf(NotFoundError);
});

test("a merged duplicate appears under the question it was merged into, without its asker", async () => {
  const { db, clock, projectgroup, supplierA, supplierB, tender, ask } = await setup();
  const original = await ask(supplierA, "Mogen de lessen op zaterdag worden gegeven?");
  const duplicate = await ask(supplierB, "Is lesgeven in het weekend toegestaan?");

  await mergeQuestion(db, clock, projectgroup, tender.id, duplicate, original);
  expect(await caught(() => answerQuestion(db, clock, projectgroup, tender.id, duplicate, { answer: "Ja.", topic: "" }))).toMatchObject({ code: "question.merged" });
  expect(await caught(() => mergeQuestion(db, clock, projectgroup, tender.id, original, duplicate))).toMatchObject({ code: "question.mergeIntoMerged" });
  await answerQuestion(db, clock, projectgroup, tender.id, original, { answer: "Ja, als de deelnemer instemt.", topic: "Perceel 2" });
  await publishInformationNotice(db, clock, projectgroup, tender.id);

  const { notice } = await getInformationNotice(db, supplierB, tender.id);
  expect(notice!.entries).toEqual([
    expect.objectContaining({ number: 1, question: "Mogen de lessen op zaterdag worden gegeven?\n\nIs lesgeven in het weekend toegestaan?", answer: "Ja, als de deelnemer instemt." }),
  ]);
  const [forB] = (await getQuestionRound(db, clock, supplierB, tender.id)).questions;
  expect(forB).toMatchObject({ id: duplicate, status: "merged", mergedIntoNoticeNumber: 1, answer: "Ja, als de deelnemer instemt.", noticeNumber: null, askerOrganisationName: null });
  // the question merged into is another organisation's: B learns its number and answer only
  expect(JSON.stringify(forB)).not.toContain("zaterdag");
  // a question already in a published NvI is not merged any more
  const late = await ask(supplierB, "Nog een vraag over het weekend");
  expect(await caught(() => mergeQuestion(db, clock, projectgroup, tender.id, original, late))).toMatchObject({ code: "question.alreadyPublished" });
});

test("publishing without new answers is refused with a Dutch message", async () => {
  const { db, clock, projectgroup, supplierA, tender, ask } = await setup();
  expect(await caught(() => publishInformationNotice(db, clock, projectgroup, tender.id))).toMatchObject({ code: "notice.empty", message: "Beantwoord eerst minstens één vraag." });
  const id = await ask(supplierA, "Een vraag die beantwoord wordt");
  await answerQuestion(db, clock, projectgroup, tender.id, id, { answer: "Een antwoord", topic: "" });
  await publishInformationNotice(db, clock, projectgroup, tender.id);
  clock.advance(HOUR);
  expect(await caught(() => publishInformationNotice(db, clock, projectgroup, tender.id))).toMatchObject({ code: "notice.nothingNew" });
});

test("a published NvI version cannot be altered or removed in the database", async () => {
  const { db, clock, projectgroup, supplierA, tender, ask } = await setup();
  const id = await ask(supplierA, "Een vraag voor de eerste versie");
  await answerQuestion(db, clock, projectgroup, tender.id, id, { answer: "Het oorspronkelijke antwoord", topic: "" });
  await publishInformationNotice(db, clock, projectgroup, tender.id);

  // drizzle wraps the database error; the trigger's own message is its cause
  const refusal = async (statement: PromiseLike<unknown>) => {
    const error = (await caught(async () => statement)) as Error & { cause?: Error };
    return `${error.message} ${error.cause?.message ?? ""}`;
  };
  expect(await refusal(db.update(informationNotices).set({ entries: [] }).where(eq(informationNotices.tenderId, tender.id)))).toContain("information_notices is immutable: UPDATE refused");
  expect(await refusal(db.delete(informationNotices).where(eq(informationNotices.tenderId, tender.id)))).toContain("information_notices is immutable: DELETE refused");
  expect(await refusal(db.execute(sql`update information_notices set published_by_name = 'Iemand anders'`))).toContain("immutable");
  const { notice } = await getInformationNotice(db, supplierA, tender.id);
  expect(notice!.entries[0]!.answer).toBe("Het oorspronkelijke antwoord");
});
