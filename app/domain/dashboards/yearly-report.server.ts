// Producing the yearly report ("Voortgangsrapportage inburgering <jaar>", issue 7 item 4): one
// regional dashboard, every small number suppressed, rendered by yearly-report-pdf.server.ts.
// Kept apart from the renderer so that the rendering is tested from a fixture without a database.
import type { Db } from "../../db/types";
import type { Clock } from "../../utils/clock.server";
import type { Actor } from "../identity/roles";
import { getDashboard } from "./dashboard.server";
import { renderYearlyReportPdf, yearlyReportFileName } from "./yearly-report-pdf.server";

export interface YearlyReportPdf {
  bytes: Buffer;
  /** The year reported on: the one asked for, or the dashboard's default year. */
  year: number;
  fileName: string;
}

/**
 * The yearly report of a year (default: the dashboard's year). The public document is the same
 * for everyone who may read the dashboard, a municipality viewer included (domain.md §5): the
 * regional dashboard with every small number suppressed, whoever asks. getDashboard checks
 * read:dashboard.
 */
export async function produceYearlyReport(db: Db, clock: Clock, actor: Actor, year?: number): Promise<YearlyReportPdf> {
  const dashboard = await getDashboard(db, clock, actor, year === undefined ? {} : { year }, { suppressSmallNumbers: true, publicRegional: true });
  // The title page says "Regio Westfriesland": a dashboard narrowed to one municipality would
  // make that untrue, so refuse rather than publish a mislabelled document.
  if (dashboard.ownMunicipality !== null) throw new Error("getDashboard gaf met publicRegional toch het dashboard van één gemeente.");
  const bytes = await renderYearlyReportPdf({ year: dashboard.year, producedAt: clock.now(), dashboard });
  return { bytes, year: dashboard.year, fileName: yearlyReportFileName(dashboard.year) };
}
