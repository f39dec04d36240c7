import type { ReactNode } from "react";
import type { DataTableColumn } from "~/components/data-table";

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
    <div role="region" aria-label={label} tabIndex={0} className="mb-2 overflow-x-auto rounded border border-slate-300 bg-white">
      <table className="min-w-full border-collapse bg-white text-left text-sm">
        <caption className={captionHidden ? "sr-only" : "px-2 pt-2 text-left font-semibold"}>{caption}</caption>
        <thead>
          <tr className="border-b-2 border-slate-700">
            {columns.map((column, index) => (
              <th key={column.key ?? index} scope="col" className={column.align === "right" ? "p-2 text-right align-bottom" : "p-2 align-bottom"}>
                {column.srOnly ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {footer ? <tfoot>{footer}</tfoot> : null}
      </table>
    </div>
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
