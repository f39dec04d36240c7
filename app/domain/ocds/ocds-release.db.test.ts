import { useTestDatabase } from "../../../test/setup/test-database";
import { createAwardScenario, type BidderSpec } from "../../../test/factories/award";
import { createTestUser } from "../../../test/factories/identity";
import { createPublishedTenderWithLots, createTestSupplier, submitTestOffer } from "../../../test/factories/offers";
import { createPublishedTender } from "../../../test/factories/tenders";
import { createMovableClock, type Clock } from "../../utils/clock.server";
import { demoAccounts, demoOrganisations } from "../demo/demo-accounts";
import { seedDemoContracts } from "../demo/seed-demo-contracts.server";
import { seedDemoData } from "../demo/seed-demo-data.server";
import { finalizeAward, proposeAward, sendAwardDecision } from "../evaluation/award.server";
import { buildOcdsReleasePackage } from "./ocds-release.server";
import { checkReleasePackageStructure } from "./ocds-structure";
import type { OcdsReleasePackage } from "./ocds-types";

const database = useTestDatabase();

const PREFIX = "ocds-wfinbg";
const options = { prefix: PREFIX, baseUrl: "https://portal.example.test" };
const DAY = 24 * 60 * 60 * 1000;
const MOTIVATION = "Interne motivering van het gunningsvoorstel (niet openbaar).";

const WINNER: BidderSpec = { name: "Taalhuis Hoorn", unitPrices: [250_000, 5_000], scores: { approach: 8, cooperation: 8, monitoring: 6 } };
const RUNNER_UP: BidderSpec = { name: "Inburgering Plus", unitPrices: [240_000, 4_800], scores: { approach: 6, cooperation: 6, monitoring: 6 } };

async function build(clock: Clock, overrides: Partial<typeof options> = {}): Promise<OcdsReleasePackage> {
  const pkg = await buildOcdsReleasePackage(database().db, clock, { ...options, ...overrides });
  if (!pkg) throw new Error("no release package");
  expect(checkReleasePackageStructure(pkg, { prefix: overrides.prefix ?? PREFIX })).toEqual([]);
  return pkg;
}

function releaseOf(pkg: OcdsReleasePackage, tenderId: string) {
  const release = pkg.releases.find((candidate) => candidate.ocid === `${PREFIX}-${tenderId}`);
  if (!release) throw new Error(`no release for ${tenderId}`);
  return release;
}

test("a portal with nothing public gives no package, never one with zero releases", async () => {
  const { db } = database();
  const clock = createMovableClock(new Date("2026-12-01T09:00:00Z"));
  expect(await buildOcdsReleasePackage(db, clock, options)).toBeNull();
  const projectgroup = await createTestUser(db, { roles: ["projectgroup"], name: "Petra Projectgroep" });
  await createPublishedTender(db, projectgroup, { draftOnly: true });
  expect(await buildOcdsReleasePackage(db, clock, options)).toBeNull();

  await createPublishedTenderWithLots(db, clock, { lots: 1 });
  expect((await build(clock)).releases).toHaveLength(1);
  // the structural check would catch an empty package too (schema: minItems 1)
  expect(checkReleasePackageStructure({ ...(await build(clock)), releases: [] }, { prefix: PREFIX })).toEqual([
    { path: "$.releases", message: expect.stringContaining("leeg") },
  ]);
});

test("a published tender is published with planning, tender and lots; a draft tender never", async () => {
  const { db } = database();
  const clock = createMovableClock(new Date("2026-12-01T09:00:00Z"));
  const tender = await createPublishedTenderWithLots(db, clock, { lots: 2 });
  const projectgroup = await createTestUser(db, { roles: ["projectgroup"], name: "Petra Projectgroep" });
  const draft = await createPublishedTender(db, projectgroup, { draftOnly: true, content: { title: "Geheime concepttitel", reference: "WF-CONCEPT-001" } });

  const pkg = await build(clock);
  expect(pkg).toMatchObject({ uri: "https://portal.example.test/ocds/releases.json", version: "1.1", publisher: { name: expect.stringContaining("Westfriesland") } });
  expect(pkg.extensions).toEqual(["https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json"]);
  expect(pkg.releases).toHaveLength(1);
  const release = releaseOf(pkg, tender.id);
  expect(release).toMatchObject({ tag: ["tender"], initiationType: "tender", language: "nl" });
  expect(release.id).toMatch(new RegExp(`^${PREFIX}-${tender.id}-\\d{8}T\\d{6}Z-[0-9a-f]{12}$`));
  expect(pkg.publishedDate).toBe(release.date);

  const content = tender.content;
  const lotCents = content.lots.reduce((sum, lot) => sum + lot.ceilingAmountCents, 0);
  expect(release.planning?.budget.amount).toEqual({ amount: lotCents / 100, currency: "EUR" });
  expect(release.tender).toMatchObject({
    id: content.reference,
    title: content.title,
    status: "active",
    mainProcurementCategory: "services",
    procurementMethod: "open",
    value: { amount: content.estimatedValueCents / 100, currency: "EUR" },
    tenderPeriod: { endDate: tender.submissionDeadline.toISOString() },
    enquiryPeriod: { endDate: new Date(content.timeline!.questionDeadline).toISOString() },
  });
  expect(release.tender.lots?.map((lot) => ({ id: lot.id, status: lot.status, amount: lot.value.amount }))).toEqual(
    content.lots.map((lot) => ({ id: lot.id, status: "active", amount: lot.ceilingAmountCents / 100 })),
  );
  expect(release.tender.items?.map((item) => item.relatedLot)).toEqual(content.lots.map((lot) => lot.id));
  expect(release.tender.numberOfTenderers).toBeUndefined();
  expect(release.awards).toBeUndefined();

  // the region procures for the municipalities; nobody else is a party before an award
  expect(release.buyer.id).toBe("regio-westfriesland");
  const roles = Object.fromEntries(release.parties.map((party) => [party.name, party.roles]));
  expect(roles["Regio Westfriesland (regionale projectgroep inburgering)"]).toEqual(["procuringEntity", "buyer"]);
  expect(Object.values(roles).flat().filter((role) => role === "buyer")).toHaveLength(content.municipalityIds.length + 1);
  expect(release.parties.every((party) => !party.roles.includes("supplier"))).toBe(true);

  const json = JSON.stringify(pkg);
  expect(json).not.toContain(draft.id);
  expect(json).not.toContain("Geheime concepttitel");
  expect(json).not.toContain("WF-CONCEPT-001");

  // the same state gives the same release id; the prefix is configurable
  expect((await build(clock)).releases[0]!.id).toBe(release.id);
  const other = await build(clock, { prefix: "ocds-abc123" });
  expect(other.releases[0]!.ocid).toBe(`ocds-abc123-${tender.id}`);
});

test("nothing of a sealed offer is published before the opening: no names, counts, prices, hashes or ids", async () => {
  const { db } = database();
  const clock = createMovableClock(new Date("2026-12-01T09:00:00Z"));
  const tender = await createPublishedTenderWithLots(db, clock, { lots: 2 });
  const secrets: string[] = [];
  for (const [index, name] of ["Verzegeld Taalhuis Alfa", "Verzegeld Taalhuis Beta"].entries()) {
    const { kvkNumber, organisationId, supplier } = await createTestSupplier(db, { organisationName: name, userName: `Medewerker ${name}` });
    const receipt = await submitTestOffer(db, clock, { tenderId: tender.id, lotId: tender.content.lots[index]!.id, supplier, unitPriceCents: 123_456 + index });
    secrets.push(name, kvkNumber, organisationId, supplier.name, supplier.email, receipt.offerId, receipt.contentHash, `"amount":${receipt.totalPriceCents / 100}`);
  }
  const before = await build(clock);
  // after the deadline, still not opened: the same
  clock.set(new Date(tender.submissionDeadline.getTime() + 60_000));
  const after = await build(clock);

  for (const pkg of [before, after]) {
    const json = JSON.stringify(pkg);
    for (const secret of secrets) expect(json).not.toContain(secret);
    expect(json).not.toContain("numberOfTenderers");
    expect(json).not.toContain("tenderer");
    expect(json).not.toContain("supplier");
    expect(releaseOf(pkg, tender.id).tag).toEqual(["tender"]);
  }
  expect(after.releases[0]!.id).toBe(before.releases[0]!.id);
});

test("the award appears only once the decision is sent (pending), is active when final, and the contract follows", async () => {
  const { db } = database();
  const s = await createAwardScenario(db, { bidders: [WINNER, RUNNER_UP] });
  const [member] = s.projectgroup;
  const winner = s.bidder("Taalhuis Hoorn");
  const runnerUp = s.bidder("Inburgering Plus");

  // opened and assessed: the count is public, nothing else about the bidders
  const opened = releaseOf(await build(s.clock), s.tender.id);
  expect(opened.tender.numberOfTenderers).toBe(2);
  expect(opened.awards).toBeUndefined();

  await proposeAward(db, s.clock, member, s.tender.id, s.lot.id, { motivation: MOTIVATION });
  const proposed = await build(s.clock);
  expect(releaseOf(proposed, s.tender.id).awards).toBeUndefined();
  expect(JSON.stringify(proposed)).not.toContain(winner.name);

  const sent = await sendAwardDecision(db, s.clock, member, s.tender.id, s.lot.id);
  const pending = await build(s.clock);
  const pendingRelease = releaseOf(pending, s.tender.id);
  expect(pendingRelease.tag).toEqual(["tender", "award"]);
  expect(pendingRelease.awards).toEqual([
    expect.objectContaining({
      status: "pending",
      date: sent.decisionSentAt.toISOString(),
      value: { amount: winner.totalPriceCents / 100, currency: "EUR" },
      suppliers: [{ id: `NL-KVK-${winner.kvkNumber}`, name: "Taalhuis Hoorn" }],
      relatedLots: [s.lot.id],
    }),
  ]);
  expect(pendingRelease.parties.find((party) => party.id === `NL-KVK-${winner.kvkNumber}`)).toEqual({
    id: `NL-KVK-${winner.kvkNumber}`,
    name: "Taalhuis Hoorn",
    identifier: { scheme: "NL-KVK", id: winner.kvkNumber, legalName: "Taalhuis Hoorn" },
    roles: ["supplier"],
  });
  expect(pendingRelease.contracts).toBeUndefined();
  const pendingJson = JSON.stringify(pending);
  // the losing bidder, the people involved and the scores stay out
  for (const secret of [runnerUp.name, runnerUp.kvkNumber, `"amount":${runnerUp.totalPriceCents / 100}`, member.name, member.email, winner.user.name, winner.user.email, MOTIVATION]) {
    expect(pendingJson).not.toContain(secret);
  }

  s.clock.set(new Date(sent.standstillEndsAt.getTime() + DAY));
  const { contractId } = await finalizeAward(db, s.clock, member, s.tender.id, s.lot.id);
  const final = releaseOf(await build(s.clock), s.tender.id);
  expect(final.tag).toEqual(["tender", "award", "contract"]);
  expect(final.awards![0]).toMatchObject({ status: "active" });
  expect(final.contracts).toEqual([
    expect.objectContaining({ id: contractId, awardID: final.awards![0]!.id, status: "pending", value: { amount: s.lot.ceilingAmountCents / 100, currency: "EUR" } }),
  ]);
  expect(final.tender.lots!.find((lot) => lot.id === s.lot.id)!.status).toBe("complete");
  expect(final.tender.status).toBe("complete");
  expect(final.id).not.toBe(pendingRelease.id);
  expect(final.parties.flatMap((party) => party.roles)).not.toContain("tenderer");
});

test("contracts without a tender are processes of their own, public once active, with amendments and without personal data", async () => {
  const { db } = database();
  const clock = createMovableClock(new Date("2026-03-01T09:00:00Z"));
  await seedDemoData(db, clock);
  await seedDemoContracts(db, clock);

  const pkg = await build(clock);
  expect(pkg.releases).toHaveLength(6);
  const dvo = pkg.releases.find((release) => release.tender.id === "WF-DVO-2022")!;
  expect(dvo.ocid).toBe(`${PREFIX}-${dvo.contracts![0]!.id}`);
  expect(dvo.tag).toEqual(["award", "contract", "contractAmendment"]);
  expect(dvo.tender).toMatchObject({ status: "complete", procurementMethod: "direct", mainProcurementCategory: "services" });
  expect(dvo.awards).toEqual([expect.objectContaining({ status: "active", suppliers: [{ id: "NL-KVK-62881231", name: "WerkSaam Westfriesland" }] })]);
  expect(dvo.contracts![0]).toMatchObject({ status: "active", awardID: dvo.awards![0]!.id, value: { amount: 2_487_006, currency: "EUR" } });
  expect(dvo.contracts![0]!.amendments!.map((amendment) => amendment.rationale)).toContain("Besluit stuurgroep inburgering: eerste verlengingsoptie gebruikt");
  expect(dvo.parties.filter((party) => party.roles.includes("buyer")).length).toBe(8);

  const subsidy = pkg.releases.find((release) => release.tender.id === "WF-SUB-2026-01")!;
  expect(subsidy.tender.procurementMethodDetails).toContain("Subsidie");
  expect(subsidy.contracts![0]!.amendments).toBeUndefined();

  const json = JSON.stringify(pkg);
  for (const organisation of demoOrganisations) {
    for (const value of [organisation.contactName, organisation.contactEmail, organisation.contactPhone, organisation.street, organisation.postalCode]) {
      if (value) expect(json).not.toContain(value);
    }
  }
  for (const account of demoAccounts) {
    expect(json).not.toContain(account.email);
    expect(json).not.toContain(account.name);
  }
});
