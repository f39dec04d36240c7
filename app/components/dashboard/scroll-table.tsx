import type { ReactNode } from "react";
import { DataTable, type DataTableColumn } from "~/components/data-table";

/**
 * A wide table in a scrolling region that a keyboard user can focus and scroll (axe:
 * scrollable-region-focusable): role="region" with a name, tabIndex 0, a visible focus ring. The
 * <caption> names the table; headers are <th scope="col">, each body row brings its <th scope="row">.
 */
export function ScrollTable({
  label,
  caption,
  captionHidden = false,
  columns,
  children,
  footer,
}: {
  /** The name of the scrolling region (unique on the page). */
  label: string;
  caption: ReactNode;
  captionHidden?: boolean;
  columns: readonly DataTableColumn[];
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <DataTable
      regionLabel={label}
      caption={caption}
      captionHidden={captionHidden}
      columns={columns}
      footer={footer}
      small
      className="mb-2 rounded border border-slate-300 bg-white"
      captionClassName="px-2 pt-2 text-left font-semibold"
      headerClassName="p-2 align-bottom"
    >
      {children}
    </DataTable>
  );
}

/** A cell with a number: right-aligned, no wrapping. */
export function NumberCell({ children, strong = false }: { children: ReactNode; strong?: boolean }) {
  return <td className={`whitespace-nowrap p-2 text-right ${strong ? "font-semibold" : ""}`}>{children}</td>;
}

/** "–" for a cell that does not apply, with its meaning for screen readers. */
export function NotApplicable({ text = "niet van toepassing" }: { text?: string }) {
  return (
    <>
      <span aria-hidden="true">–</span>
      <span className="sr-only">{text}</span>
    </>
  );
}
