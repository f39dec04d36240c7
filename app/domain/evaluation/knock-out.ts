// The knock-out check after the opening (domain.md §6: "opened → admissible or excluded (a
// mandatory requirement not met)"). The portal only PROPOSES an exclusion; the projectgroep
// decides, with a reason. Proposed when:
// - a mandatory requirement that applies to the lot (tender-wide or of this lot) is answered
//   "no", or not answered at all in the submitted version; the reason names the requirements;
// - the tender changed materially after the offer was submitted and the supplier did not
//   re-confirm it before the deadline (Prozorro practice; offers.needsReconfirmation).
import type { OfferVersionContent } from "../offers/offer-content";
import type { Requirement } from "../tenders/tender-content";

export interface KnockOutInput {
  /** The tender's requirements (all lots); only mandatory ones for `lotId` are checked. */
  requirements: readonly Pick<Requirement, "id" | "lotId" | "kind" | "title">[];
  lotId: string;
  confirmations: readonly Pick<OfferVersionContent["requirements"][number], "requirementId" | "met">[];
  needsReconfirmation: boolean;
}

export interface KnockOutProposal {
  exclude: boolean;
  /** Mandatory requirements not met (answered no or not answered). */
  unmetRequirements: { requirementId: string; title: string; answered: boolean }[];
  notReconfirmed: boolean;
  /** One Dutch sentence per ground; together the proposed reason for exclusion. */
  reasons: string[];
}

export const NOT_RECONFIRMED_REASON =
  "De aanbesteding is na het indienen van deze inschrijving wezenlijk gewijzigd en de inschrijver heeft de inschrijving niet opnieuw bevestigd.";

function quotedList(titles: readonly string[]): string {
  const quoted = titles.map((title) => `"${title}"`);
  return quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} en ${quoted.at(-1)}`;
}

export function knockOutProposal(input: KnockOutInput): KnockOutProposal {
  const applicable = input.requirements.filter((requirement) => requirement.kind === "mandatory" && (requirement.lotId === null || requirement.lotId === input.lotId));
  const unmetRequirements = applicable.flatMap((requirement) => {
    const confirmation = input.confirmations.find((candidate) => candidate.requirementId === requirement.id);
    if (confirmation?.met === true) return [];
    return [{ requirementId: requirement.id, title: requirement.title, answered: confirmation !== undefined && confirmation.met !== null }];
  });
  const reasons: string[] = [];
  if (unmetRequirements.length) {
    const titles = unmetRequirements.map((requirement) => requirement.title);
    reasons.push(`Niet voldaan aan ${titles.length === 1 ? "de eis" : "de eisen"} ${quotedList(titles)}.`);
  }
  if (input.needsReconfirmation) reasons.push(NOT_RECONFIRMED_REASON);
  return { exclude: reasons.length > 0, unmetRequirements, notReconfirmed: input.needsReconfirmation, reasons };
}
