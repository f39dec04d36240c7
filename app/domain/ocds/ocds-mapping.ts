// Pure mappings from the portal's data to OCDS codes and formats (decision 0014).
import { addCalendarDays, endOfAmsterdamDay, startOfAmsterdamDay } from "../../utils/amsterdam-time";
import type { Procedure } from "../tenders/tender-content";
import type { OcdsAwardStatus, OcdsContractStatus, OcdsMethod, OcdsPeriod, OcdsTenderStatus, OcdsValue } from "./ocds-types";

export const OCDS_LOTS_EXTENSION = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json";
export const DEFAULT_OCDS_PREFIX = "ocds-wfinbg";
export const OCDS_PUBLISHER_NAME = "Regionale projectgroep inburgering Westfriesland, namens de zeven West-Friese gemeenten";

/**
 * Integer cents → euros. Division of an integer below 2^53 by 100 yields the double nearest to
 * the decimal value, and JSON.stringify prints that double's shortest round-trip form, which is
 * exactly the two-decimal amount (123456789 → 1234567.89). Money is never summed after this.
 */
export function centsToAmount(cents: number): number {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Geen geheel aantal centen: ${cents}.`);
  return cents / 100;
}

export function euros(cents: number): OcdsValue {
  return { amount: centsToAmount(cents), currency: "EUR" };
}

export function ocidOf(prefix: string, id: string): string {
  return `${prefix}-${id}`;
}

// A procedure under the Aanbestedingswet → the closed `method` codelist.
const methodOfProcedure: Record<Procedure, OcdsMethod> = {
  open: "open",
  restricted: "selective",
  multiplePrivate: "limited",
  singlePrivate: "direct",
};

export function procurementMethodOf(procedure: Procedure): OcdsMethod {
  return methodOfProcedure[procedure];
}

export type AwardDecisionStage = "proposed" | "decisionSent" | "suspended" | "withdrawn" | "final";

/**
 * What the public sees of an award decision. A proposal is internal until the decision is sent to
 * the bidders; from then on it is public (pending during the standstill, also while suspended),
 * active once final, and cancelled when a sent decision is withdrawn. null: not published.
 */
export function publicAwardStatus(stage: AwardDecisionStage, decisionSent: boolean): OcdsAwardStatus | null {
  if (!decisionSent) return null;
  switch (stage) {
    case "decisionSent":
    case "suspended":
      return "pending";
    case "final":
      return "active";
    case "withdrawn":
      return "cancelled";
    case "proposed":
      return null;
  }
}

export type ContractStage = "draft" | "active" | "ended" | "terminated";

/** The closed contractStatus codelist has no "ended": its `terminated` covers "terminated or completed". */
export function contractStatusOf(status: ContractStage): OcdsContractStatus {
  switch (status) {
    case "draft":
      return "pending";
    case "active":
      return "active";
    case "ended":
    case "terminated":
      return "terminated";
  }
}

export type LotOutcome = "open" | "awarded" | "unsuccessful";

export function lotStatusOf(tenderCancelled: boolean, outcome: LotOutcome): OcdsTenderStatus {
  if (tenderCancelled) return "cancelled";
  if (outcome === "awarded") return "complete";
  if (outcome === "unsuccessful") return "unsuccessful";
  return "active";
}

/** Complete once every lot is decided and at least one was awarded; unsuccessful when none was. */
export function tenderStatusOf(tenderCancelled: boolean, lotOutcomes: readonly LotOutcome[]): OcdsTenderStatus {
  if (tenderCancelled) return "cancelled";
  if (lotOutcomes.length === 0 || lotOutcomes.some((outcome) => outcome === "open")) return "active";
  return lotOutcomes.some((outcome) => outcome === "awarded") ? "complete" : "unsuccessful";
}

/**
 * Calendar dates of the portal mean that day in Europe/Amsterdam; OCDS wants date-times. A period
 * runs from 00:00 of its first day to the last second of its last day.
 */
export function dayStart(date: string): string {
  return startOfAmsterdamDay(date);
}

export function dayEnd(date: string): string {
  return new Date(Date.parse(endOfAmsterdamDay(date)) - 1000).toISOString();
}

/** A contract term of whole years from a start date: [start, start + years − 1 day]. */
export function termEnd(startDate: string, years: number): string {
  return addCalendarDays(addYears(startDate, years), -1);
}

function addYears(date: string, years: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const moved = new Date(Date.UTC(year + years, month - 1, day));
  // 29 February + n years lands on 1 March in a common year, as a civil-law term would
  return moved.toISOString().slice(0, 10);
}

export function datePeriod(startDate: string, endDate: string, maxExtentDate?: string): OcdsPeriod {
  return { startDate: dayStart(startDate), endDate: dayEnd(endDate), ...(maxExtentDate && maxExtentDate !== endDate ? { maxExtentDate: dayEnd(maxExtentDate) } : {}) };
}

export function latest(instants: readonly (Date | string | null | undefined)[]): string | null {
  let best: number | null = null;
  for (const instant of instants) {
    if (instant === null || instant === undefined) continue;
    const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
    if (best === null || ms > best) best = ms;
  }
  return best === null ? null : new Date(best).toISOString();
}

/** "2026-12-15T11:00:00.000Z" → "20261215T110000Z", for readable release ids. */
export function compactInstant(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

/** Dutch label of a contract amendment kind (contract_amendments.kind). */
export function amendmentDescription(kind: string, effectiveDate: string): string {
  const labels: Record<string, string> = {
    updated: "Wijziging van contractgegevens",
    extended: "Verlenging (verlengingsoptie gebruikt)",
    budgetSet: "Wijziging van het budget",
    documentAdded: "Document toegevoegd",
    kpiAdded: "Prestatie-indicator toegevoegd",
    kpiUpdated: "Prestatie-indicator gewijzigd",
    kpiRemoved: "Prestatie-indicator verwijderd",
  };
  return `${labels[kind] ?? "Contractwijziging"}, ingangsdatum ${effectiveDate}`;
}
