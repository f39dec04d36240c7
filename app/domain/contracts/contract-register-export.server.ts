import ExcelJS from "exceljs";
import type { Db } from "../../db/types";
import type { Actor } from "../identity/roles";
import { contractKindLabels, contractStatusLabels, learningRouteLabels } from "./contract-labels";
import { listContracts, type ContractFilter } from "./contracts.server";

// Excel shows amounts and dates in the reader's own locale; these formats give € 1.234,56 and
// 31-12-2025 on a Dutch machine.
const EURO_FORMAT = '"€" #,##0.00';
const DATE_FORMAT = "dd-mm-yyyy";

function excelDate(isoDate: string): Date {
  // a calendar date, not an instant: noon UTC keeps it on the same day in every time zone
  return new Date(`${isoDate}T12:00:00Z`);
}

/** The contract register as an Excel workbook, with the same filters as the page. */
export async function exportContractRegister(db: Db, actor: Actor, filter: ContractFilter): Promise<Buffer> {
  const rows = await listContracts(db, actor, filter);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Leerrouteportaal Westfriesland";
  workbook.created = new Date();
  const sheet = workbook.addWorksheet("Contracten", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: "Contractnummer", key: "number", width: 18 },
    { header: "Omschrijving", key: "title", width: 48 },
    { header: "Opdrachtnemer", key: "supplier", width: 34 },
    { header: "Soort", key: "kind", width: 30 },
    { header: "Leerroute", key: "route", width: 16 },
    { header: "Status", key: "status", width: 12 },
    { header: "Startdatum", key: "start", width: 13, style: { numFmt: DATE_FORMAT } },
    { header: "Einddatum", key: "end", width: 13, style: { numFmt: DATE_FORMAT } },
    { header: "Plafondbedrag", key: "ceiling", width: 18, style: { numFmt: EURO_FORMAT } },
    { header: "Prestatiebekostiging", key: "performance", width: 20 },
    { header: "Contractmanager", key: "manager", width: 24 },
  ];
  for (const contract of rows) {
    sheet.addRow({
      number: contract.number,
      title: contract.title,
      supplier: contract.supplierName,
      kind: contractKindLabels[contract.kind],
      route: contract.learningRoute ? learningRouteLabels[contract.learningRoute as keyof typeof learningRouteLabels] : "",
      status: contractStatusLabels[contract.status],
      start: excelDate(contract.startDate),
      end: excelDate(contract.endDate),
      // cents to euros happens here only, for display in Excel
      ceiling: contract.ceilingAmountCents / 100,
      performance: contract.performancePaymentApplies ? `${Number(contract.performanceShare)} %` : "Nee",
      manager: contract.managerName ?? "",
    });
  }
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD6E6F4" } };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: sheet.columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
