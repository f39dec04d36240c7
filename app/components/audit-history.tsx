import type { ReactNode } from "react";
import { formatDateTime } from "~/utils/format";

/** The audit trail of one record, newest first, as the admin pages show it. */
export function AuditHistory({ entries, empty }: { entries: { id: number; occurredAt: string; actorName: string; summary: string }[]; empty?: ReactNode }) {
  return (
    <section aria-labelledby="geschiedenis-titel" className="mt-8">
      <h2 id="geschiedenis-titel" className="mb-2 text-xl font-semibold">
        Geschiedenis
      </h2>
      {entries.length === 0 ? (
        <p>{empty ?? "Nog geen gebeurtenissen."}</p>
      ) : (
        <ul className="flex flex-col gap-1">
          {entries.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time> · {entry.actorName}: {entry.summary}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
