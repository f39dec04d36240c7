import { verificationStatusLabels } from "~/domain/organisations/organisation-schemas";
import type { verificationStatuses } from "~/domain/organisations/organisations.sql";

// Text and colour together, so the status never depends on colour alone (WCAG 1.4.1).
const styles: Record<(typeof verificationStatuses)[number], string> = {
  pending: "bg-amber-100 text-amber-950",
  verified: "bg-green-100 text-green-900",
  rejected: "bg-red-100 text-red-900",
};

export function VerificationBadge({ status }: { status: (typeof verificationStatuses)[number] }) {
  return <span className={`rounded px-2 py-0.5 text-sm font-semibold ${styles[status]}`}>{verificationStatusLabels[status]}</span>;
}
