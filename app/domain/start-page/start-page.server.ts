import { and, count, desc, eq, gt } from "drizzle-orm";
import type { Db } from "../../db/types";
import { auditLog } from "../audit/audit.sql";
import { users } from "../identity/identity.sql";
import { hasPermission } from "../identity/permissions";
import type { Actor } from "../identity/roles";
import { organisations } from "../organisations/organisations.sql";
import { getOrganisation } from "../organisations/organisations.server";
import { getRegionOverview, type RegionOverview } from "../regions/region-overview.server";
import { tenderQuestions, tenders } from "../tenders/tender.sql";
import { listContractAlerts } from "../contracts/contracts.server";
import type { Clock } from "../../utils/clock.server";

/**
 * "Mijn overzicht": per role what needs attention. Later issues add their items here
 * (tenders to publish, offers to score, reports to review); until then the sections say so.
 */
export interface StartPage {
  admin?: {
    activeUsers: number;
    inactiveUsers: number;
    activeOrganisations: number;
    recentAudit: { occurredAt: Date; actorName: string; summary: string }[];
  };
  projectgroup?: { draftTenders: number; openQuestions: number; openTenders: { id: string; title: string; submissionDeadline: Date | null }[] };
  assessor?: { lotsToScore: number };
  contractManager?: {
    endingSoon: { id: string; number: string; title: string; endDate: string }[];
    extensionDecisions: { id: string; number: string; title: string; decisionDueDate: string; years: number }[];
    reportsToReview: number;
  };
  supplier?: { organisationName: string; kvkNumber: string; openTenders: { id: string; title: string; submissionDeadline: Date | null }[]; reportsDue: number };
  municipalityViewer?: { overview: RegionOverview };
}

async function openTenders(db: Db, clock: Clock) {
  return db
    .select({ id: tenders.id, title: tenders.title, submissionDeadline: tenders.submissionDeadline })
    .from(tenders)
    .where(and(eq(tenders.status, "published"), gt(tenders.submissionDeadline, clock.now())))
    .orderBy(tenders.submissionDeadline);
}

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
    page.admin = {
      activeUsers: userCounts.find((row) => row.active)?.value ?? 0,
      inactiveUsers: userCounts.find((row) => !row.active)?.value ?? 0,
      activeOrganisations: organisationCount?.value ?? 0,
      recentAudit,
    };
  }
  // Offers, contracts and reports arrive with their own modules; zero until then.
  if (actor.roles.includes("projectgroup")) {
    const [drafts] = await db.select({ value: count() }).from(tenders).where(eq(tenders.status, "draft"));
    const [questions] = await db.select({ value: count() }).from(tenderQuestions).where(eq(tenderQuestions.status, "open"));
    page.projectgroup = { draftTenders: drafts?.value ?? 0, openQuestions: questions?.value ?? 0, openTenders: await openTenders(db, clock) };
  }
  if (actor.roles.includes("assessor")) page.assessor = { lotsToScore: 0 };
  if (actor.roles.includes("contractManager")) {
    const alerts = await listContractAlerts(db, clock, actor);
    page.contractManager = { endingSoon: alerts.endingSoon, extensionDecisions: alerts.extensionDecisions, reportsToReview: 0 };
  }
  if (actor.roles.includes("supplier") && actor.organisationId) {
    const organisation = await getOrganisation(db, actor, actor.organisationId);
    page.supplier = { organisationName: organisation.name, kvkNumber: organisation.kvkNumber, openTenders: await openTenders(db, clock), reportsDue: 0 };
  }
  if (actor.roles.includes("municipalityViewer")) {
    page.municipalityViewer = { overview: await getRegionOverview(db, actor) };
  }
  return page;
}
