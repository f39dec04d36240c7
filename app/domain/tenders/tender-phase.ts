// What a published tender allows right now, judged by the server's clock.
export type TenderPhase = "draft" | "questions" | "submission" | "closed" | "cancelled";

export const tenderPhaseLabels: Record<TenderPhase, string> = {
  draft: "Concept",
  questions: "Gepubliceerd – vragen stellen mogelijk",
  submission: "Gepubliceerd – inschrijven mogelijk",
  closed: "Inschrijving gesloten",
  cancelled: "Ingetrokken",
};

export function tenderPhase(
  tender: { status: "draft" | "published" | "cancelled"; questionDeadline: Date | string | null; submissionDeadline: Date | string | null },
  now: Date,
): TenderPhase {
  if (tender.status === "draft") return "draft";
  if (tender.status === "cancelled") return "cancelled";
  const at = (value: Date | string | null) => (value === null ? Number.POSITIVE_INFINITY : new Date(value).getTime());
  if (now.getTime() < at(tender.questionDeadline)) return "questions";
  if (now.getTime() < at(tender.submissionDeadline)) return "submission";
  return "closed";
}
