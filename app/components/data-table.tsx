import type { ReactNode } from "react";

export interface DataTableColumn {
  /** The header text, exactly as the user (and the tests) read it. */
  label: ReactNode;
  /** Amounts, numbers and points: right-aligned, like their cells. */
  align?: "right";
  /** A header only screen readers announce, e.g. "Acties" above a column of buttons. */
  srOnly?: boolean;
  /** React key for generated columns; the index otherwise. */
  key?: string;
  /** Extra classes of this header cell, e.g. a width ("w-1/2") that gives a column of long text its room. */
  className?: string;
}

/**
 * The portal's data table (WCAG 2.1 AA): a horizontally scrolling wrapper, a <caption> that names
 * the table (visible, or for screen readers only), one header row of <th scope="col">, the body
 * rows the caller renders (each with its own <th scope="row">), and an optional <tfoot>.
 *
 *   <DataTable caption="Alle organisaties" captionHidden columns={[{ label: "Naam" }, { label: "Bedrag", align: "right" }]}>
 *     {rows.map((row) => <tr key={row.id} className="border-b border-slate-300">…</tr>)}
 *   </DataTable>
 */
export function DataTable({
  caption,
  captionHidden = false,
  columns,
  children,
  footer,
  small = false,
  background = true,
  className,
  tableClassName,
  captionClassName = "mb-1 text-left font-semibold",
  regionLabel,
  headerClassName = "p-2",
  rowGroups = false,
}: {
  caption: ReactNode;
  /** The caption only for screen readers, when a heading above already says what the table is. */
  captionHidden?: boolean;
  columns: readonly DataTableColumn[];
  /** The <tbody> rows; with `rowGroups`, the <tbody> elements themselves. */
  children: ReactNode;
  /**
   * The children are <tbody> elements, one per group of rows (e.g. per year, each opened by a
   * <th scope="rowgroup"> row), so a group heading covers only its own rows.
   */
  rowGroups?: boolean;
  /** The <tfoot> rows (totals). */
  footer?: ReactNode;
  /** Smaller text (text-sm), for tables inside a card or form. */
  small?: boolean;
  /** A white table background (bg-white); off inside a card that is already white. */
  background?: boolean;
  /**
   * Names the scrolling wrapper and makes it a region a keyboard user can focus and scroll (axe:
   * scrollable-region-focusable): for tables that may be wider than the screen. Unique on the page.
   */
  regionLabel?: string;
  /** Classes of every header cell besides its alignment (e.g. "p-2 align-bottom" for wrapped headers). */
  headerClassName?: string;
  /** Extra classes on the scrolling wrapper, e.g. its margin. */
  className?: string;
  /** Extra classes on the <table>, e.g. its margin. */
  tableClassName?: string;
  /** The classes of a visible caption. */
  captionClassName?: string;
}) {
  const tableClasses = [tableClassName, "min-w-full border-collapse", background ? "bg-white" : null, "text-left", small ? "text-sm" : null].filter(Boolean).join(" ");
  return (
    <div className={className ? `${className} overflow-x-auto` : "overflow-x-auto"} {...(regionLabel ? { role: "region", "aria-label": regionLabel, tabIndex: 0 } : {})}>
      <table className={tableClasses}>
        <caption className={captionHidden ? "sr-only" : captionClassName}>{caption}</caption>
        <thead>
          <tr className="border-b-2 border-slate-700">
            {columns.map((column, index) => {
              const classes = column.className ? `${headerClassName} ${column.className}` : headerClassName;
              return (
                <th key={column.key ?? index} scope="col" className={column.align === "right" ? `${classes} text-right` : classes}>
                  {column.srOnly ? <span className="sr-only">{column.label}</span> : column.label}
                </th>
              );
            })}
          </tr>
        </thead>
        {rowGroups ? children : <tbody>{children}</tbody>}
        {footer ? <tfoot>{footer}</tfoot> : null}
      </table>
    </div>
  );
}
