import { formatDateTime } from "~/utils/format";

export interface PanelAssessor {
  userId: string;
  name: string;
  /** When the assessor handed in their scores; null while still scoring. */
  handedInAt: string | null;
}

/** A lot's evaluation panel: its chair and each assessor with how far they are. */
export function PanelSummary({
  chair,
  chairIsYou = false,
  assessors,
  className,
}: {
  chair: { name: string } | null;
  /** Adds "(u)" after the chair's name for the chair themself. */
  chairIsYou?: boolean;
  assessors: readonly PanelAssessor[];
  /** Extra classes on the list, e.g. its margin. */
  className?: string;
}) {
  const grid = "grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[10rem_1fr]";
  return (
    <dl className={className ? `${className} ${grid}` : grid}>
      <dt className="font-semibold">Voorzitter</dt>
      <dd>
        {chair?.name ?? "Nog niet benoemd"}
        {chairIsYou ? " (u)" : ""}
      </dd>
      <dt className="font-semibold">Beoordelaars</dt>
      <dd>
        {assessors.length === 0 ? (
          "Nog niet toegewezen"
        ) : (
          <ul>
            {assessors.map((assessor) => (
              <li key={assessor.userId}>
                {assessor.name}:{" "}
                {assessor.handedInAt ? (
                  <>
                    scores ingeleverd op <time dateTime={assessor.handedInAt}>{formatDateTime(assessor.handedInAt)}</time>
                  </>
                ) : (
                  "nog bezig"
                )}
              </li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  );
}
