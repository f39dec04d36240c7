import { formatDateTime } from "~/utils/format";

/** "nog 3 dagen en 4 uur" until a deadline, from the server's now (no ticking: no surprises for screen readers). */
export function describeRemaining(deadline: string | Date, now: string | Date): string {
  const milliseconds = new Date(deadline).getTime() - new Date(now).getTime();
  if (milliseconds <= 0) return "verstreken";
  const minutes = Math.floor(milliseconds / 60_000);
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const rest = minutes % 60;
  if (days > 0) return `nog ${days} ${days === 1 ? "dag" : "dagen"}${hours ? ` en ${hours} uur` : ""}`;
  if (hours > 0) return `nog ${hours} uur${rest ? ` en ${rest} ${rest === 1 ? "minuut" : "minuten"}` : ""}`;
  return `nog ${rest} ${rest === 1 ? "minuut" : "minuten"}`;
}

export function Deadline({ label, at, now }: { label: string; at: string | Date | null; now: string | Date }) {
  if (!at) return null;
  const remaining = describeRemaining(at, now);
  return (
    <span>
      {label}: <time dateTime={new Date(at).toISOString()}>{formatDateTime(at)}</time>{" "}
      <span className={remaining === "verstreken" ? "text-slate-700" : "font-semibold text-amber-900"}>({remaining})</span>
    </span>
  );
}
