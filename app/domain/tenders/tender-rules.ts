// Pure rules for a tender's content: what must hold before a version can be published, and
// what a new version of a published tender may change.
//
// Changing a published tender near its deadline (checkChangeNearDeadline):
// - A version published less than 6 × 24 hours before the current submission deadline must move
//   the deadline to at least 6 × 24 hours after its own publication. Suppliers need time to read
//   the change and rework their offer. Prozorro does the same: a change to the tender documents
//   in the last days of the submission period extends it. Dutch law sets no fixed number of days
//   for a change; the Aanbestedingswet 2012 asks for proportional periods (art. 1.10, 2.71), and
//   6 days mirrors the gap this portal requires between the Nota van Inlichtingen and the
//   deadline (checkTimeline), so a late change never leaves less time than a late answer.
// - A published deadline is never brought forward: suppliers plan their work on it, and an
//   earlier deadline would favour those who happened to be ready.
// - A deadline is never set in the past: the submission period would be over before the version
//   that announces it appears.
//
// Every check returns all problems it finds (never only the first), each with the content path
// of the field it belongs to, so that a form can show it next to that field. Messages are Dutch.
import {
  addCalendarDays,
  amsterdamDateOf,
  calendarDaysBetween,
  endOfAmsterdamDay,
} from "../../utils/amsterdam-time";
import { formatCalendarDate, formatDateTime, formatTarget } from "../../utils/format";
import type { AwardCriterion, Lot, Requirement, TenderContent, Timeline } from "./tender-content";

export type RuleProblem = { field: string; message: string };

/** KPI code → target of the policy framework's catalogue, as an exact decimal string ("75"). */
export type CatalogueTargets = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

/** Calendar days between the Nota van Inlichtingen and the submission deadline, at least. */
export const MIN_DAYS_AFTER_INFORMATION_NOTICE = 6;
/** A late change must leave suppliers at least this long before the deadline (6 × 24 h). */
export const MIN_TIME_AFTER_LATE_CHANGE_MS = 6 * 24 * 60 * 60 * 1000;

const MINUTE_MS = 60_000;

const quoted = (text: string) => `‘${text.trim()}’`;

/** "75", "75.0", "075.00" → "75": targets are compared as numbers, not as text. */
function normaliseDecimal(value: string): string {
  const [whole = "", fraction = ""] = value.trim().split(".");
  const integerPart = whole.replace(/^0+(?=\d)/, "");
  const fractionPart = fraction.replace(/0+$/, "");
  return fractionPart ? `${integerPart}.${fractionPart}` : integerPart;
}

function catalogueTarget(targets: CatalogueTargets, code: string): string | undefined {
  if (targets instanceof Map) return targets.get(code);
  const record = targets as Readonly<Record<string, string>>;
  return Object.prototype.hasOwnProperty.call(record, code) ? record[code] : undefined;
}

/** Names compared the way a reader would: case and surrounding spaces do not make them different. */
const nameKey = (name: string) => name.trim().toLocaleLowerCase("nl-NL");

/** Indexes of the items whose name already occurred earlier in the list. */
function duplicateNameIndexes(names: string[]): number[] {
  const seen = new Set<string>();
  const duplicates: number[] = [];
  names.forEach((name, index) => {
    const key = nameKey(name);
    if (seen.has(key)) duplicates.push(index);
    seen.add(key);
  });
  return duplicates;
}

/**
 * The order of the tender's periods, as the e-procurement platforms model them:
 * publication ≤ question deadline < Nota van Inlichtingen (≥ 6 days) before the submission
 * deadline < award decision, and the contract starts after the standstill.
 */
export function checkTimeline(timeline: Timeline): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const questionDeadlineDate = amsterdamDateOf(timeline.questionDeadline);
  const submissionDeadlineDate = amsterdamDateOf(timeline.submissionDeadline);

  // Questions can only be asked once the tender is out; on the day itself is allowed.
  if (questionDeadlineDate < timeline.publicationDate) {
    problems.push({
      field: "timeline.questionDeadline",
      message: `De uiterste datum voor vragen moet op of na de publicatiedatum (${formatCalendarDate(timeline.publicationDate)}) liggen.`,
    });
  }

  // The NvI answers all questions, so it can only appear after the last one could be asked;
  // published on its day at the latest by 24:00.
  if (Date.parse(timeline.questionDeadline) >= Date.parse(endOfAmsterdamDay(timeline.informationNoticeDate))) {
    problems.push({
      field: "timeline.informationNoticeDate",
      message: `De Nota van Inlichtingen moet na de uiterste datum voor vragen (${formatDateTime(timeline.questionDeadline)}) verschijnen.`,
    });
  }

  // At least 6 calendar days between the NvI and the day of the deadline: suppliers must have
  // time to use the answers in their offers. This also puts the NvI before the deadline.
  if (calendarDaysBetween(timeline.informationNoticeDate, submissionDeadlineDate) < MIN_DAYS_AFTER_INFORMATION_NOTICE) {
    const earliest = addCalendarDays(timeline.informationNoticeDate, MIN_DAYS_AFTER_INFORMATION_NOTICE);
    problems.push({
      field: "timeline.submissionDeadline",
      message: `Tussen de Nota van Inlichtingen (${formatCalendarDate(timeline.informationNoticeDate)}) en de sluitingstermijn moeten ten minste ${MIN_DAYS_AFTER_INFORMATION_NOTICE} kalenderdagen liggen; de sluitingstermijn kan op zijn vroegst op ${formatCalendarDate(earliest)} vallen.`,
    });
  }

  // The offers are opened and assessed after the deadline, so the decision falls on a later day.
  if (timeline.plannedAwardDecisionDate <= submissionDeadlineDate) {
    problems.push({
      field: "timeline.plannedAwardDecisionDate",
      message: `De voorgenomen gunningsbeslissing moet na de sluitingstermijn (${formatDateTime(timeline.submissionDeadline)}) liggen.`,
    });
  }

  // Standstill (Alcatel): day 1 is the day after the decision, the contract can start only after
  // the last day. The extension past a weekend or public holiday (Algemene termijnenwet) is
  // applied when the award is proposed; here the plain calendar count is the minimum.
  const lastStandstillDay = addCalendarDays(timeline.plannedAwardDecisionDate, timeline.standstillDays);
  if (timeline.contractStartDate <= lastStandstillDay) {
    problems.push({
      field: "timeline.contractStartDate",
      message: `De start van het contract moet na de opschortende termijn van ${timeline.standstillDays} dagen liggen: op zijn vroegst ${formatCalendarDate(addCalendarDays(lastStandstillDay, 1))}.`,
    });
  }

  return problems;
}

/** Weights in whole points adding up to 100, at most one price criterion, no two with one name. */
export function checkAwardCriteria(criteria: readonly AwardCriterion[]): RuleProblem[] {
  if (criteria.length === 0) {
    return [{ field: "awardCriteria", message: "Voeg ten minste één gunningscriterium toe." }];
  }
  const problems: RuleProblem[] = [];

  criteria.forEach((criterion, index) => {
    if (!Number.isInteger(criterion.weight) || criterion.weight < 1 || criterion.weight > 100) {
      problems.push({
        field: `awardCriteria.${index}.weight`,
        message: `De weging van ${quoted(criterion.name)} moet een geheel getal van 1 tot en met 100 zijn.`,
      });
    }
  });

  const total = criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
  if (total !== 100) {
    problems.push({ field: "awardCriteria", message: `De wegingen tellen op tot ${total}; dat moet 100 zijn.` });
  }

  // Price is scored by one formula over the offer's total; two price criteria would count it twice.
  const priceCriteria = criteria.filter((criterion) => criterion.kind === "price").length;
  if (priceCriteria > 1) {
    problems.push({ field: "awardCriteria", message: `Er mag maar één prijscriterium zijn; nu zijn het er ${priceCriteria}.` });
  }

  for (const index of duplicateNameIndexes(criteria.map((criterion) => criterion.name))) {
    problems.push({
      field: `awardCriteria.${index}.name`,
      message: `Er is al een gunningscriterium met de naam ${quoted(criteria[index]!.name)}.`,
    });
  }

  return problems;
}

export interface CheckLotOptions {
  /**
   * Places the problems in a larger form: checkPublishable passes "lots.2."; a form for one lot
   * passes nothing and gets "ceilingAmountCents" and so on.
   */
  fieldPrefix?: string;
  /**
   * A lot is saved before its price components are entered, so the draft editor may skip this
   * rule (false); publishing always applies it. Default true.
   */
  requirePriceComponent?: boolean;
}

/** One lot: a ceiling, priced, KPI deviations explained, no negative volumes. */
export function checkLot(lot: Lot, catalogueTargets: CatalogueTargets, options: CheckLotOptions = {}): RuleProblem[] {
  const { fieldPrefix = "", requirePriceComponent = true } = options;
  const problems: RuleProblem[] = [];
  const name = `Perceel ${lot.number}`;

  if (!(lot.ceilingAmountCents > 0)) {
    problems.push({
      field: `${fieldPrefix}ceilingAmountCents`,
      message: `${name}: het plafondbedrag moet hoger zijn dan € 0.`,
    });
  }

  // Without a price component an offer has no price to score or to contract.
  if (requirePriceComponent && lot.priceComponents.length === 0) {
    problems.push({ field: `${fieldPrefix}priceComponents`, message: `${name}: voeg ten minste één prijscomponent toe.` });
  }
  for (const index of duplicateNameIndexes(lot.priceComponents.map((component) => component.name))) {
    problems.push({
      field: `${fieldPrefix}priceComponents.${index}.name`,
      message: `${name}: er is al een prijscomponent met de naam ${quoted(lot.priceComponents[index]!.name)}.`,
    });
  }

  // A contract may set its own target, but keeps why it departs from the framework (§6).
  lot.kpis.forEach((kpi, index) => {
    const frameworkTarget = catalogueTarget(catalogueTargets, kpi.kpiCode);
    if (frameworkTarget === undefined) return; // a contract-specific KPI has no framework target
    const differs = normaliseDecimal(kpi.target) !== normaliseDecimal(frameworkTarget);
    if (differs && !kpi.overrideReason?.trim()) {
      problems.push({
        field: `${fieldPrefix}kpis.${index}.overrideReason`,
        message: `${name}: de streefwaarde van ${quoted(kpi.name)} (${formatTarget(kpi.target, kpi.unit)}) wijkt af van het beleidskader (${formatTarget(frameworkTarget, kpi.unit)}); geef de reden.`,
      });
    }
  });

  lot.volumes.forEach((volume, index) => {
    if (!Number.isInteger(volume.count) || volume.count < 0) {
      problems.push({
        field: `${fieldPrefix}volumes.${index}.count`,
        message: `${name}: een verwacht aantal deelnemers moet een geheel getal van 0 of meer zijn.`,
      });
    }
  });

  return problems;
}

/**
 * CPV codes: eight digits, a dash and a check digit ("80580000-3"). Only the form is checked:
 * the EU does not publish how the check digit is computed, so we cannot verify it reliably, and
 * refusing a code on a guessed formula would block a correct one. A wrong code is caught when
 * the notice is published on TenderNed/TED, which check against the official list.
 */
export function checkCpvCodes(codes: readonly string[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  codes.forEach((code, index) => {
    if (!/^\d{8}-\d$/.test(code)) {
      problems.push({
        field: `cpvCodes.${index}`,
        message: `CPV-code ${quoted(code)} heeft niet de vorm 12345678-9 (acht cijfers, een streepje en een controlecijfer).`,
      });
    }
  });
  return problems;
}

function requirementLabel(requirement: Requirement): string {
  return `${requirement.kind === "mandatory" ? "Eis" : "Wens"} ${quoted(requirement.title)}`;
}

/** Everything that must hold before a version is published; all problems, in form order. */
export function checkPublishable(content: TenderContent, catalogueTargets: CatalogueTargets): RuleProblem[] {
  const problems: RuleProblem[] = [];

  if (!content.title.trim()) problems.push({ field: "title", message: "Vul de titel van de aanbesteding in." });
  if (!content.reference.trim()) problems.push({ field: "reference", message: "Vul het kenmerk van de aanbesteding in." });
  if (content.municipalityIds.length === 0) {
    problems.push({ field: "municipalityIds", message: "Kies ten minste één deelnemende gemeente." });
  }
  problems.push(...checkCpvCodes(content.cpvCodes));

  if (content.timeline) {
    problems.push(...checkTimeline(content.timeline));
  } else {
    problems.push({ field: "timeline", message: "Vul de planning in: zonder termijnen kan er niet worden ingeschreven." });
  }

  if (content.lots.length === 0) {
    problems.push({ field: "lots", message: "Voeg ten minste één perceel toe." });
  }
  const seenNumbers = new Set<number>();
  content.lots.forEach((lot, index) => {
    // Offers, questions and the NvI name lots by number; two lots with one number are unclear.
    if (seenNumbers.has(lot.number)) {
      problems.push({ field: `lots.${index}.number`, message: `Perceelnummer ${lot.number} komt meer dan eens voor.` });
    }
    seenNumbers.add(lot.number);
    problems.push(...checkLot(lot, catalogueTargets, { fieldPrefix: `lots.${index}.` }));
  });

  problems.push(...checkAwardCriteria(content.awardCriteria));

  const lotIds = new Set(content.lots.map((lot) => lot.id));
  const criteriaById = new Map(content.awardCriteria.map((criterion) => [criterion.id, criterion]));
  content.requirements.forEach((requirement, index) => {
    if (requirement.lotId !== null && !lotIds.has(requirement.lotId)) {
      problems.push({
        field: `requirements.${index}.lotId`,
        message: `${requirementLabel(requirement)} verwijst naar een perceel dat niet (meer) bestaat.`,
      });
    }
    if (requirement.kind !== "scored") return;
    // A wish earns points only under a quality criterion; without one nobody can score it.
    const criterion = requirement.criterionId === null ? undefined : criteriaById.get(requirement.criterionId);
    if (requirement.criterionId === null) {
      problems.push({
        field: `requirements.${index}.criterionId`,
        message: `${requirementLabel(requirement)} hoort bij geen gunningscriterium; kies het kwaliteitscriterium waaronder de wens wordt gescoord.`,
      });
    } else if (!criterion) {
      problems.push({
        field: `requirements.${index}.criterionId`,
        message: `${requirementLabel(requirement)} verwijst naar een gunningscriterium dat niet (meer) bestaat.`,
      });
    } else if (criterion.kind !== "quality") {
      problems.push({
        field: `requirements.${index}.criterionId`,
        message: `${requirementLabel(requirement)} verwijst naar het prijscriterium; een wens wordt onder een kwaliteitscriterium gescoord.`,
      });
    }
  });

  return problems;
}

/** JSON with the keys of every object sorted, so that two equal structures give equal text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

const byKey = <T>(key: (item: T) => string) => (a: T, b: T) => {
  const left = key(a);
  const right = key(b);
  return left < right ? -1 : left > right ? 1 : 0;
};

/** The parts of the content an offer is built on, in an order that does not depend on editing. */
function offerRelevantParts(content: TenderContent) {
  return {
    // The description of a lot explains; its service, ceiling, volumes, prices and KPIs bind.
    lots: [...content.lots].sort(byKey((lot) => lot.id)).map(({ description: _description, ...lot }) => ({
      ...lot,
      volumes: [...lot.volumes].sort(byKey((volume) => `${volume.municipalityId}|${volume.targetGroup}`)),
      priceComponents: [...lot.priceComponents].sort(byKey((component) => component.id)),
      kpis: [...lot.kpis].sort(byKey((kpi) => kpi.kpiCode)),
    })),
    requirements: [...content.requirements].sort(byKey((requirement) => requirement.id)),
    awardCriteria: [...content.awardCriteria].sort(byKey((criterion) => criterion.id)),
    // How criteria are scored is part of the award criteria: a supplier prices differently
    // under a ratio to the lowest price than under a distance to the ceiling.
    priceScoringMethod: content.priceScoringMethod,
    scoringScale: content.scoringScale,
  };
}

/**
 * A material change alters what a supplier offers on or how it is scored: lots (not their
 * description text), price components, requirements or award criteria. Submitted offers then
 * need to be re-confirmed (Prozorro practice). Reordering alone is not a change.
 */
export function isMaterialChange(previous: TenderContent, next: TenderContent): boolean {
  return canonicalJson(offerRelevantParts(previous)) !== canonicalJson(offerRelevantParts(next));
}

/** The new version moves the submission deadline later; interested suppliers are told. */
export function deadlineExtended(previous: TenderContent, next: TenderContent): boolean {
  if (!previous.timeline || !next.timeline) return false;
  return Date.parse(next.timeline.submissionDeadline) > Date.parse(previous.timeline.submissionDeadline);
}

/**
 * The rules for a new version of a published tender (see the top of this file). `previous` is
 * the content of the version in force, `next` the one about to be published at `publishAt`.
 * A missing timeline is checkPublishable's concern and gives no problem here.
 */
export function checkChangeNearDeadline(previous: TenderContent, next: TenderContent, publishAt: Date): RuleProblem[] {
  if (!previous.timeline || !next.timeline) return [];
  const field = "timeline.submissionDeadline";
  const current = Date.parse(previous.timeline.submissionDeadline);
  const proposed = Date.parse(next.timeline.submissionDeadline);
  const now = publishAt.getTime();
  const problems: RuleProblem[] = [];

  if (proposed < current) {
    problems.push({ field, message: "Een gepubliceerde sluitingstermijn kan niet worden vervroegd." });
  }

  if (proposed <= now) {
    problems.push({ field, message: `De sluitingstermijn kan niet in het verleden liggen (deze versie verschijnt op ${formatDateTime(publishAt)}).` });
    // The last-days rule below would only repeat this problem.
    return problems;
  }

  const earliestAllowed = now + MIN_TIME_AFTER_LATE_CHANGE_MS;
  if (current - now < MIN_TIME_AFTER_LATE_CHANGE_MS && proposed < earliestAllowed) {
    // Shown rounded up to the minute, the precision of the deadline field, so that the time
    // in the message is itself allowed.
    const shown = new Date(Math.ceil(earliestAllowed / MINUTE_MS) * MINUTE_MS);
    problems.push({
      field,
      message: `Deze versie verschijnt minder dan 6 dagen voor de sluitingstermijn. Verschuif de sluitingstermijn naar ${formatDateTime(shown)} of later, zodat inschrijvers tijd hebben om de wijziging te verwerken.`,
    });
  }

  return problems;
}
