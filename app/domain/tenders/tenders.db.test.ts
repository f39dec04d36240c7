import { and, eq } from "drizzle-orm";
import { createMovableClock } from "../../utils/clock.server";
import { addCalendarDays, amsterdamLocalToInstant } from "../../utils/amsterdam-time";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createTestOrganisation, createTestUser } from "../../../test/factories/identity";
import { auditLog } from "../audit/audit.sql";
import { seedDemoData } from "../demo/seed-demo-data.server";
import { DEMO_TENDER_REFERENCE, seedDemoTender } from "../demo/seed-demo-tender.server";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors";
import { notifications } from "../notifications/notifications.sql";
import { tenderVersions, tenders } from "./tender.sql";
import {
  cancelTender,
  createTender,
  getTender,
  listTenders,
  publishTender,
  setTenderInterest,
  updateLotPriceComponents,
  updateTenderGeneral,
  updateTenderTimeline,
} from "./tenders.server";
import { generalFormValuesFor } from "../../../test/factories/tender-general";

const database = useTestDatabase();
const START = new Date("2026-03-02T08:00:00Z");

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

async function setup() {
  const { db } = database();
  const clock = createMovableClock(START);
  const projectgroup = await createTestUser(db, { roles: ["projectgroup"], name: "Petra Projectgroep" });
  const organisation = await createTestOrganisation(db);
  const supplier = await createTestUser(db, { roles: ["supplier"], organisationId: organisation.id });
  const otherOrganisation = await createTestOrganisation(db);
  const otherSupplier = await createTestUser(db, { roles: ["supplier"], organisationId: otherOrganisation.id });
  return { db, clock, projectgroup, supplier, otherSupplier };
}

async function demoTender() {
  const { db } = database();
  const clock = createMovableClock(START);
  await seedDemoData(db, clock);
  await seedDemoTender(db, clock);
  const [tender] = await db.select().from(tenders).where(eq(tenders.reference, DEMO_TENDER_REFERENCE));
  return { db, clock, tender: tender! };
}

test("a draft is invisible to suppliers and cannot be published while incomplete", async () => {
  const { db, clock, projectgroup, supplier } = await setup();
  const { id } = await createTender(db, clock, projectgroup, generalFormValuesFor("WF-TEST-01"));
  expect(await listTenders(db, clock, supplier)).toEqual([]);
  expect(await caught(getTender(db, clock, supplier, id))).toBeInstanceOf(NotFoundError);

  const refusal = await caught(publishTender(db, clock, projectgroup, id, { changeNote: "" }));
  expect(refusal).toBeInstanceOf(RuleViolation);
  const messages = (refusal as RuleViolation).problems.map((problem) => problem.message).join(" | ");
  expect(messages).toMatch(/perceel/i);
  expect(messages).toMatch(/planning/i);
  const [row] = await db.select().from(tenders).where(eq(tenders.id, id));
  expect(row!.status).toBe("draft");
  expect(await db.select().from(tenderVersions)).toEqual([]);
});

test("only the projectgroep creates tenders, and a reference is used once", async () => {
  const { db, clock, projectgroup, supplier } = await setup();
  expect(await caught(createTender(db, clock, supplier, generalFormValuesFor("WF-X")))).toBeInstanceOf(ForbiddenError);
  await createTender(db, clock, projectgroup, generalFormValuesFor("WF-DUP"));
  const duplicate = await caught(createTender(db, clock, projectgroup, generalFormValuesFor("WF-DUP")));
  expect(duplicate).toBeInstanceOf(RuleViolation);
  expect((duplicate as RuleViolation).field).toBe("reference");
});

test("publishing version 1 freezes the content and tells every supplier", async () => {
  const { db, clock, tender } = await demoTender();
  expect(tender.status).toBe("published");
  expect(tender.publishedVersion).toBe(1);
  const supplierNotifications = await db.select().from(notifications).where(eq(notifications.title, `Nieuwe aanbesteding: ${tender.title}`));
  // six demo supplier accounts
  expect(supplierNotifications).toHaveLength(6);

  const [projectgroupRow] = await db.select().from(tenders).where(eq(tenders.id, tender.id));
  const { loadActor } = await import("../identity/users.server");
  const { users } = await import("../identity/identity.sql");
  const [pgUser] = await db.select().from(users).where(eq(users.email, "projectgroep1@westfriesland.test"));
  const projectgroup = (await loadActor(db, pgUser!.id))!;
  await updateTenderGeneral(db, clock, projectgroup, tender.id, { ...generalFormValuesFor(DEMO_TENDER_REFERENCE), title: "Nieuwe titel in het concept", municipalityIds: projectgroupRow!.draft.municipalityIds });
  const [supplierUser] = await db.select().from(users).where(eq(users.email, "aanbieder@lingua-westfriesland.test"));
  const supplier = (await loadActor(db, supplierUser!.id))!;
  const seen = await getTender(db, clock, supplier, tender.id);
  expect(seen.content.title).toBe("Leerroutes inburgering Westfriesland 2022–2025");
  expect(seen.shownVersion).toBe(1);
});

describe("a later version (rectificatie)", () => {
  async function published() {
    const context = await demoTender();
    const { loadActor } = await import("../identity/users.server");
    const { users } = await import("../identity/identity.sql");
    const [pgUser] = await context.db.select().from(users).where(eq(users.email, "projectgroep1@westfriesland.test"));
    const [supplierUser] = await context.db.select().from(users).where(eq(users.email, "aanbieder@taalschool-zuiderzee.test"));
    return { ...context, projectgroup: (await loadActor(context.db, pgUser!.id))!, supplier: (await loadActor(context.db, supplierUser!.id))! };
  }

  test("needs a change note and an actual change", async () => {
    const { db, clock, tender, projectgroup } = await published();
    const unchanged = await caught(publishTender(db, clock, projectgroup, tender.id, { changeNote: "Niets" }));
    expect((unchanged as RuleViolation).message).toContain("geen wijzigingen");
    const lot = tender.draft.lots[0]!;
    await updateLotPriceComponents(db, clock, projectgroup, tender.id, lot.id, [{ name: "Prijs per traject B1-route", unit: "perTrajectory", expectedQuantity: 240 }]);
    const withoutNote = await caught(publishTender(db, clock, projectgroup, tender.id, { changeNote: "  " }));
    expect((withoutNote as RuleViolation).message).toContain("Beschrijf wat er is gewijzigd");
  });

  test("a changed price component is a material change; interested suppliers hear of it", async () => {
    const { db, clock, tender, projectgroup, supplier } = await published();
    await setTenderInterest(db, clock, supplier, tender.id, true);
    const lot = tender.draft.lots[0]!;
    await updateLotPriceComponents(db, clock, projectgroup, tender.id, lot.id, [{ name: "Prijs per traject B1-route", unit: "perTrajectory", expectedQuantity: 240 }]);
    clock.advance(60 * 60 * 1000);
    const result = await publishTender(db, clock, projectgroup, tender.id, { changeNote: "Hoeveelheid B1-trajecten aangepast" });
    expect(result).toEqual({ version: 2, materialChange: true, deadlineExtended: false });
    const [message] = await db.select().from(notifications).where(and(eq(notifications.userId, supplier.id), eq(notifications.title, `Gewijzigd: ${tender.title} (versie 2)`)));
    expect(message!.body).toContain("Hoeveelheid B1-trajecten aangepast");
    expect(message!.body).toContain("materiële wijziging");
    // version 1 is still there, unchanged
    const view = await getTender(db, clock, supplier, tender.id, { version: 1 });
    expect(view.content.lots[0]!.priceComponents).toHaveLength(2);
  });

  test("extending the submission deadline is recorded and announced", async () => {
    const { db, clock, tender, projectgroup } = await published();
    const timeline = tender.draft.timeline!;
    const later = amsterdamLocalToInstant(`${addCalendarDays(timeline.submissionDeadline.slice(0, 10), 7)}T12:00`);
    await updateTenderTimeline(db, clock, projectgroup, tender.id, { ...timeline, submissionDeadline: later, plannedAwardDecisionDate: addCalendarDays(timeline.plannedAwardDecisionDate, 7) });
    const result = await publishTender(db, clock, projectgroup, tender.id, { changeNote: "Sluitingstermijn een week later" });
    expect(result.deadlineExtended).toBe(true);
    expect(result.materialChange).toBe(false);
    const [row] = await db.select().from(tenders).where(eq(tenders.id, tender.id));
    expect(row!.submissionDeadline!.toISOString()).toBe(new Date(later).toISOString());
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, "tender.republished"));
    expect(audit[0]!.summary).toContain("sluitingstermijn verlengd");
  });

  test("a change in the last six days needs a later deadline, and a deadline never moves earlier", async () => {
    const { db, clock, tender, projectgroup } = await published();
    const deadline = new Date(tender.draft.timeline!.submissionDeadline);
    clock.set(new Date(deadline.getTime() - 3 * 24 * 60 * 60 * 1000));
    const lot = tender.draft.lots[0]!;
    await updateLotPriceComponents(db, clock, projectgroup, tender.id, lot.id, [{ name: "Prijs per traject B1-route", unit: "perTrajectory", expectedQuantity: 240 }]);
    const refused = await caught(publishTender(db, clock, projectgroup, tender.id, { changeNote: "Late wijziging" }));
    expect(refused).toBeInstanceOf(RuleViolation);
    expect((refused as RuleViolation).problems.some((problem) => problem.field === "timeline.submissionDeadline")).toBe(true);

    const timeline = tender.draft.timeline!;
    const earlier = amsterdamLocalToInstant(`${addCalendarDays(timeline.submissionDeadline.slice(0, 10), -1)}T12:00`);
    await updateTenderTimeline(db, clock, projectgroup, tender.id, { ...timeline, submissionDeadline: earlier });
    const moved = await caught(publishTender(db, clock, projectgroup, tender.id, { changeNote: "Late wijziging" }));
    expect((moved as RuleViolation).message).toContain("niet worden vervroegd");

    const extended = amsterdamLocalToInstant(`${addCalendarDays(timeline.submissionDeadline.slice(0, 10), 7)}T12:00`);
    await updateTenderTimeline(db, clock, projectgroup, tender.id, { ...timeline, submissionDeadline: extended, plannedAwardDecisionDate: addCalendarDays(timeline.plannedAwardDecisionDate, 7) });
    const result = await publishTender(db, clock, projectgroup, tender.id, { changeNote: "Late wijziging, termijn verlengd" });
    expect(result).toMatchObject({ version: 2, deadlineExtended: true, materialChange: true });
  });

  test("published versions cannot be altered in the database", async () => {
    const { db, tender } = await published();
    await expect(db.update(tenderVersions).set({ changeNote: "vervalst" }).where(eq(tenderVersions.tenderId, tender.id))).rejects.toThrow();
    await expect(db.delete(tenderVersions).where(eq(tenderVersions.tenderId, tender.id))).rejects.toThrow();
  });

  test("cancelling shows the reason to suppliers and tells the interested ones", async () => {
    const { db, clock, tender, projectgroup, supplier } = await published();
    await setTenderInterest(db, clock, supplier, tender.id, true);
    expect(await caught(cancelTender(db, clock, supplier, tender.id, "Geen reden"))).toBeInstanceOf(ForbiddenError);
    await cancelTender(db, clock, projectgroup, tender.id, "Het budget is niet beschikbaar gesteld.");
    const view = await getTender(db, clock, supplier, tender.id);
    expect(view.phase).toBe("cancelled");
    expect(view.cancellationReason).toBe("Het budget is niet beschikbaar gesteld.");
    const mine = await db.select().from(notifications).where(and(eq(notifications.userId, supplier.id), eq(notifications.title, `Ingetrokken: ${tender.title}`)));
    expect(mine).toHaveLength(1);
  });
});

test("proposed volumes follow the housing quota and the route share, for the right target groups", async () => {
  const { tender } = await demoTender();
  const lot = (service: string) => tender.draft.lots.find((candidate) => candidate.service === service)!;
  const total = (service: string, group: string) => lot(service).volumes.filter((volume) => volume.targetGroup === group).reduce((sum, volume) => sum + volume.count, 0);
  // 70 % of 150 = 105 asylum migrants a year; 55 % of that in the B1-route, rounded half up
  expect(total("b1Route", "asylumMigrant")).toBe(58);
  expect(total("b1Route", "familyMigrant")).toBe(0);
  expect(total("map", "asylumMigrant")).toBe(105);
  expect(total("map", "familyMigrant")).toBe(105);
  expect(lot("b1Route").kpis.map((kpi) => kpi.kpiCode)).toContain("completedInTime.b1");
});

test("the list filters by phase, leerroute and deadline", async () => {
  const { db, clock, tender } = await demoTender();
  const { users } = await import("../identity/identity.sql");
  const { loadActor } = await import("../identity/users.server");
  const [row] = await db.select().from(users).where(eq(users.email, "gemeente.hoorn@westfriesland.test"));
  const viewer = (await loadActor(db, row!.id))!;
  expect((await listTenders(db, clock, viewer, { phase: "questions" })).map((item) => item.id)).toEqual([tender.id]);
  expect(await listTenders(db, clock, viewer, { phase: "closed" })).toEqual([]);
  expect((await listTenders(db, clock, viewer, { learningRoute: "z" })).map((item) => item.id)).toEqual([tender.id]);
  expect(await listTenders(db, clock, viewer, { deadlineBefore: START })).toEqual([]);
  clock.set(new Date(tender.submissionDeadline!.getTime() + 1000));
  expect((await listTenders(db, clock, viewer, { phase: "closed" })).map((item) => item.id)).toEqual([tender.id]);
});

