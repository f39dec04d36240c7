// TEMPORARY render check (deleted after use)
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { eq } from "drizzle-orm";
import { vi } from "vitest";
import { useTestDatabase } from "../../../test/setup/test-database";
import { createAwardScenario } from "../../../test/factories/award";
import { createMovableClock } from "../../utils/clock.server";
import { seedDemoData } from "../demo/seed-demo-data.server";
import { seedDemoTender } from "../demo/seed-demo-tender.server";
import { seedDemoOpeningTender } from "../demo/seed-demo-opening-tender.server";
import { users } from "../identity/identity.sql";
import { loadActor } from "../identity/users.server";
import { requestOpening } from "../evaluation/opening.server";
import { proposeAward, sendAwardDecision } from "../evaluation/award.server";
import { listOwnAwardLetters } from "../evaluation/award.server";
import { listOwnOffers } from "../offers/offers.server";
import { getStartPage } from "./start-page.server";
import { createTestOrganisation } from "../../../test/factories/identity";

let data: unknown;
vi.mock("@remix-run/react", () => ({ useLoaderData: () => data }));
const database = useTestDatabase();

test("render", async () => {
  const { db } = database();
  const clock = createMovableClock(new Date());
  await seedDemoData(db, clock);
  await seedDemoTender(db, clock);
  await seedDemoOpeningTender(db, clock);
  await createTestOrganisation(db, { name: "Nieuwe Taalschool", verificationStatus: "pending" });
  const actor = async (email: string) => {
    const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    return (await loadActor(db, row!.id))!;
  };
  const [tender2] = await db.execute<any>(`select id from tenders where reference = 'WF-TMB-2027-01'` as any).then((r: any) => r.rows ?? r);
  await requestOpening(db, clock, await actor("projectgroep1@westfriesland.test"), tender2.id);
  const s = await createAwardScenario(db, { bidders: [{ name: "Taalhuis Hoorn", unitPrices: [250_000, 5_000], scores: { approach: 8, cooperation: 8, monitoring: 6 } }, { name: "Inburgering Plus", unitPrices: [240_000, 4_800], scores: { approach: 6, cooperation: 6, monitoring: 6 } }] });
  await proposeAward(db, s.clock, s.projectgroup[0], s.tender.id, s.lot.id, { motivation: "Beste." });
  await sendAwardDecision(db, s.clock, s.projectgroup[0], s.tender.id, s.lot.id);
  const { default: StartPage } = await import("../../routes/overzicht");
  for (const [label, who] of [
    ["pg2", await actor("projectgroep2@westfriesland.test")],
    ["pg1", await actor("projectgroep1@westfriesland.test")],
    ["admin", await actor("beheerder@westfriesland.test")],
    ["assessor", await actor("beoordelaar1@westfriesland.test")],
    ["supplier", s.bidder("Taalhuis Hoorn").user],
    ["pgAward", s.projectgroup[1]],
  ] as const) {
    const page = await getStartPage(db, clock, who);
    data = JSON.parse(JSON.stringify({ name: who.name, page, now: clock.now().toISOString() }));
    console.log(`===== ${label}\n` + renderToStaticMarkup(createElement(StartPage)).replace(/></g, ">\n<"));
  }
  const { default: OwnOffers } = await import("../../routes/aanbestedingen.$id.inschrijving");
  const bidder = s.bidder("Taalhuis Hoorn").user;
  data = JSON.parse(JSON.stringify({ overview: await listOwnOffers(db, s.clock, bidder, s.tender.id), awardLetters: await listOwnAwardLetters(db, bidder, s.tender.id) }));
  console.log("===== inschrijving\n" + renderToStaticMarkup(createElement(OwnOffers)).replace(/></g, ">\n<"));
}, 120_000);
