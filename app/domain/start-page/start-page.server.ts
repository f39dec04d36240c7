import { and, count, desc, eq, gt } from "drizzle-orm";
import type { Db } from "../../db/types";
import { auditLog } from "../audit/audit.sql";
import {
  listAllOwnAwardLetters,
  listAwardWork,
  listChairWork,
  listLotsToScore,
  listOpeningWork,
  type AwardWorkList,
  type ChairLot,
  type LotToScore,
  type OpeningWorkList,
  type OwnAwardLettersOfTender,
} from "../evaluation/work-lists.server";
import { users } from "../identity/identity.sql";
import { hasPermission } from "../identity/permissions";
import type { Actor } from "../identity/roles";
import { listOwnOfferWork, type OwnOfferToFinish } from "../offers/own-offer-work.server";
import { organisations } from "../organisations/organisations.sql";
import { getOrganisation, listOrganisations } from "../organisations/organisations.server";
import { getRegionOverview, type RegionOverview } from "../regions/region-overview.server";
import { tenderQuestions, tenders } from "../tenders/tender.sql";
import { listContractAlerts } from "../contracts/contracts.server";
import { countReportsAwaitingReview, listOverdueReports, type ReportListItem } from "../reports/reports.server";
import type { Clock } from "../../utils/clock.server";

/**
 * "Mijn overzicht": per role what needs attention, each item with the page where the user acts.
 * The lists come from the domain modules that own the data (evaluation, offers, organisations);
 * this module only decides which roles see which list. Progress reports arrive with their own
 * issue; until then that section says so.
 *
 * Sealed (domain.md §5): nothing a municipal role sees here depends on the offers of a tender
 * that is not opened. "Wacht op opening" lists tenders by their deadline only (listOpeningWork);
 * every other municipal list starts after the opening.
 */
export interface StartPage {
  admin?: {
    activeUsers: number;
    inactiveUsers: number;
    activeOrganisations: number;
    /** Self-registered supplier organisations an administrator still has to verify, oldest first. */
    pendingRegistrations: { id: string; name: string; kvkNumber: string; createdAt: Date }[];
    recentAudit: { occurredAt: Date; actorName: string; summary: string }[];
  };
  projectgroup?: {
    draftTenders: number;
    openQuestions: number;
    openTenders: { id: string; title: string; submissionDeadline: Date | null }[];
    opening: OpeningWorkList;
    chairLots: ChairLot[];
    awards: AwardWorkList;
  };
  assessor?: { lotsToScore: LotToScore[] };
  contractManager?: {
    endingSoon: { id: string; number: string; title: string; endDate: string }[];
    extensionDecisions: { id: string; number: string; title: string; decisionDueDate: string; years: number }[];
    reportsToReview: number;
    /** Reports past their due date that were never submitted ("Te late rapportages"). */
    overdueReports: ReportListItem[];
  };
  supplier?: {
    organisationName: string;
    kvkNumber: string;
    openTenders: { id: string; title: string; submissionDeadline: Date | null }[];
    draftOffers: OwnOfferToFinish[];
    offersToReconfirm: OwnOfferToFinish[];
    awardLetters: OwnAwardLettersOfTender[];
    reportsDue: number;
  };
  municipalityViewer?: { overview: RegionOverview };
}

async function openTenders(db: Db, clock: Clock) {
  return db
    .select({ id: tenders.id, title: tenders.title, submissionDeadline: tenders.submissionDeadline })
    .from(tenders)
    .where(and(eq(tenders.status, "published"), gt(tenders.submissionDeadline, clock.now())))
    .orderBy(tenders.submissionDeadline);
}

const emptyOpening: OpeningWorkList = { awaitingOpening: [], toConfirm: [] };
const emptyAwards: AwardWorkList = { toPropose: [], toFinalize: [], suspended: [] };

export async function getStartPage(db: Db, clock: Clock, actor: Actor): Promise<StartPage> {
  const page: StartPage = {};
  if (actor.roles.includes("admin")) {
    const userCounts = await db.select({ active: users.active, value: count() }).from(users).groupBy(users.active);
    const [organisationCount] = await db.select({ value: count() }).from(organisations).where(eq(organisations.active, true));
    const recentAudit = hasPermission(actor, "read:audit")
      ? await db
          .select({ occurredAt: auditLog.occurredAt, actorName: auditLog.actorName, summary: auditLog.summary })
          .from(auditLog)
          .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
          .limit(5)
      : [];
    const pendingRegistrations = hasPermission(actor, "manage:organisations")
      ? (await listOrganisations(db, actor))
          .filter((organisation) => organisation.verificationStatus === "pending" && organisation.active)
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
          .map(({ id, name, kvkNumber, createdAt }) => ({ id, name, kvkNumber, createdAt }))
      : [];
    page.admin = {
      activeUsers: userCounts.find((row) => row.active)?.value ?? 0,
      inactiveUsers: userCounts.find((row) => !row.active)?.value ?? 0,
      activeOrganisations: organisationCount?.value ?? 0,
      pendingRegistrations,
      recentAudit,
    };
  }
  if (actor.roles.includes("projectgroup")) {
    const [drafts] = await db.select({ value: count() }).from(tenders).where(eq(tenders.status, "draft"));
    const [questions] = await db.select({ value: count() }).from(tenderQuestions).where(eq(tenderQuestions.status, "open"));
    page.projectgroup = {
      draftTenders: drafts?.value ?? 0,
      openQuestions: questions?.value ?? 0,
      openTenders: await openTenders(db, clock),
      opening: hasPermission(actor, "open:offers") ? await listOpeningWork(db, clock, actor) : emptyOpening,
      chairLots: hasPermission(actor, "manage:evaluation") ? await listChairWork(db, clock, actor) : [],
      awards: hasPermission(actor, "decide:award") ? await listAwardWork(db, clock, actor) : emptyAwards,
    };
  }
  if (actor.roles.includes("assessor")) {
    page.assessor = { lotsToScore: hasPermission(actor, "score:offers") ? await listLotsToScore(db, clock, actor) : [] };
  }
  if (actor.roles.includes("contractManager")) {
    const alerts = await listContractAlerts(db, clock, actor);
    page.contractManager = { endingSoon: alerts.endingSoon, extensionDecisions: alerts.extensionDecisions, reportsToReview: await countReportsAwaitingReview(db, actor),
      overdueReports: hasPermission(actor, "review:reports") ? await listOverdueReports(db, clock, actor) : [],
    };
  }
  if (actor.roles.includes("supplier") && actor.organisationId) {
    const organisation = await getOrganisation(db, actor, actor.organisationId);
    const canSubmit = hasPermission(actor, "submit:offers");
    const offerWork = canSubmit ? await listOwnOfferWork(db, clock, actor) : { drafts: [], toReconfirm: [] };
    page.supplier = {
      organisationName: organisation.name,
      kvkNumber: organisation.kvkNumber,
      openTenders: await openTenders(db, clock),
      draftOffers: offerWork.drafts,
      offersToReconfirm: offerWork.toReconfirm,
      awardLetters: canSubmit ? await listAllOwnAwardLetters(db, actor) : [],
      reportsDue: 0,
    };
  }
  if (actor.roles.includes("municipalityViewer")) {
    page.municipalityViewer = { overview: await getRegionOverview(db, actor) };
  }
  return page;
}
