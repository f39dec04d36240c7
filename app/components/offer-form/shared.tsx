// What the parts of the offer page (routes/aanbestedingen.$id.inschrijving_.$lotId.tsx) share.
import type { SerializeFrom } from "@remix-run/node";
import type { ReactNode } from "react";
import type { FieldErrors } from "~/components/form";
import type { AttachmentPurpose } from "~/domain/offers/offer-content";
import type { OfferWorkspace } from "~/domain/offers/offers.server";

/** The loader's workspace as the page receives it (dates as ISO strings). */
export type Workspace = SerializeFrom<OfferWorkspace>;

/** A post of the page that failed: the errors and what was typed. */
export type Failure = { errors: FieldErrors; values: Record<string, string | string[]> } | undefined;

/** What the user typed in a failed post, else the saved value. */
export function typedValue(failed: Failure, name: string, fallback: string): string {
  return failed && name in failed.values ? String(failed.values[name] ?? "") : fallback;
}

export function offerBase(workspace: Pick<Workspace, "tender" | "lot">): string {
  return `/aanbestedingen/${workspace.tender.id}/inschrijving/${workspace.lot.id}`;
}

export function purposeLabel(workspace: Workspace, purpose: AttachmentPurpose): string {
  switch (purpose.kind) {
    case "uea":
      return "UEA";
    case "criterion":
      return `Gunningscriterium: ${workspace.criteria.find((criterion) => criterion.id === purpose.criterionId)?.name ?? "vervallen onderdeel"}`;
    case "requirement": {
      const requirement = workspace.requirements.find((candidate) => candidate.id === purpose.requirementId);
      return requirement ? `${requirement.kind === "mandatory" ? "Eis" : "Wens"}: ${requirement.title}` : "Vervallen onderdeel";
    }
  }
}

export { formatFileSize as sizeText } from "~/utils/format";

export function FieldError({ id, errors }: { id: string; errors?: FieldErrors }) {
  const messages = errors?.[id];
  if (!messages?.length) return null;
  return (
    <p id={`${id}-fout`} className="text-sm font-semibold text-red-700">
      <span className="sr-only">Fout: </span>
      {messages.join(" ")}
    </p>
  );
}

export function SaveButton() {
  return (
    <button type="submit" name="intent" value="save" className="rounded border-2 border-brand-700 bg-white px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50">
      Concept opslaan
    </button>
  );
}

/** A white card with an h3, for the parts of the offer page. */
export function Section({ id, title, intro, children }: { id: string; title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded border border-slate-300 bg-white p-5 shadow-sm">
      <h3 id={id} className="mb-2 text-xl font-semibold">
        {title}
      </h3>
      {intro ? <div className="mb-4 max-w-prose text-slate-800">{intro}</div> : null}
      {children}
    </section>
  );
}
