export function ActiveBadge({ active }: { active: boolean }) {
  return active ? (
    <span className="rounded bg-green-100 px-2 py-0.5 text-sm font-semibold text-green-900">Actief</span>
  ) : (
    <span className="rounded bg-slate-200 px-2 py-0.5 text-sm font-semibold text-slate-800">Gedeactiveerd</span>
  );
}
