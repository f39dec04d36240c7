import { Link, useLocation } from "@remix-run/react";
import { formatNumber } from "~/utils/format";
import { pageHref } from "~/utils/pagination";

/**
 * Previous / next (and first / last) links under a long list, as a named navigation landmark.
 * Nothing when the list fits on one page (the region's seven municipalities always do).
 */
export function Pagination({
  label,
  param,
  anchor,
  page,
  rowsName,
}: {
  /** The landmark's name: "Pagina's van de uitsplitsing per gemeente". */
  label: string;
  /** The URL parameter of this list's page. */
  param: string;
  /** The id of the list's heading or section, to land on. */
  anchor: string;
  page: { page: number; pageCount: number; totalRows: number; firstRow: number; lastRow: number };
  /** What the rows are, plural, opening the sentence: "Gemeenten". */
  rowsName: string;
}) {
  const { search } = useLocation();
  if (page.pageCount <= 1) return null;
  const links: { to: number; text: string; rel?: string }[] = [];
  if (page.page > 1) links.push({ to: 1, text: "Eerste pagina" }, { to: page.page - 1, text: "Vorige pagina", rel: "prev" });
  if (page.page < page.pageCount) links.push({ to: page.page + 1, text: "Volgende pagina", rel: "next" }, { to: page.pageCount, text: "Laatste pagina" });
  return (
    <nav aria-label={label} className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1">
      <p>
        {rowsName} {formatNumber(page.firstRow)}–{formatNumber(page.lastRow)} van {formatNumber(page.totalRows)} (pagina {page.page} van {page.pageCount})
      </p>
      <ul className="flex flex-wrap gap-x-4">
        {links.map((link) => (
          <li key={link.text}>
            <Link to={pageHref(search, param, link.to, anchor)} rel={link.rel}>
              {link.text}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
