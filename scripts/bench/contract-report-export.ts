// `npx tsx scripts/bench/contract-report-export.ts [--rows 100000] [--output /tmp/contractrapportage-bench.xlsx]`
// `npx tsx scripts/bench/contract-report-export.ts --database-url postgres://postgres@127.0.0.1:5432/portal_national_bench [--filter "jaar=2025&doelgroep=familyMigrant"] [--email …] [--output …]`
//   exports from the national data set instead, through prepareContractReport (the real code
//   path, database included): see scripts/bench/contract-report-export-db.ts.
// How long the Contractrapportage takes and how much memory it needs with a large Rapportages
// sheet (issue 7 item 3; target: 100,000 figure rows in under 10 s, peak RSS under 400 MB).
// The figure rows come from an in-memory generator that hands them over in batches of 1,000 with
// a turn of the event loop between batches, as the database source does (one SELECT per batch of
// report versions), so the streaming writer and its backpressure are measured, not the database.
// Peak memory: process.memoryUsage().rss sampled every 50 ms, and the kernel's maximum resident
// set size (process.resourceUsage().maxRSS), which also catches a peak between two samples.
import { createWriteStream, statSync } from "node:fs";
import { setImmediate as nextTurn } from "node:timers/promises";
import { parseArgs } from "node:util";
import type { Dashboard, ContractPeriodKpiRow } from "../../app/domain/dashboards/dashboard-model";
import { writeContractReportWorkbook, type ContractReportContract, type ContractReportFigure } from "../../app/domain/dashboards/contract-report-workbook.server";
import { figureDefinitions, learningRoutes } from "../../app/domain/reports/report-figures";
import { targetGroups } from "../../app/domain/tenders/tender-content";

const { values: options } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    output: { type: "string" },
    "database-url": { type: "string" },
    filter: { type: "string" },
    email: { type: "string" },
  },
});
if (options["database-url"]) {
  const { runDatabaseExport } = await import("./contract-report-export-db");
  const ok = await runDatabaseExport({ databaseUrl: options["database-url"], filter: options.filter, email: options.email, output: options.output });
  process.exit(ok ? 0 : 1);
}
const rowCount = Number(options.rows);
const outputFile = options.output ?? "/tmp/contractrapportage-bench.xlsx";

const municipalities = ["Drechterland", "Enkhuizen", "Hoorn", "Koggenland", "Medemblik", "Opmeer", "Stede Broec"];
const contractCount = 12;
const contracts: ContractReportContract[] = Array.from({ length: contractCount }, (_, index) => ({
  id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, "0")}`,
  number: `WF-2025-${String(index + 1).padStart(3, "0")}`,
  title: `Leerroute ${index + 1}`,
  kind: "tender",
  status: "active",
  supplierName: `Aanbieder ${index + 1}`,
  learningRoute: learningRoutes[index % 3]!,
  startDate: "2024-01-01",
  endDate: "2027-12-31",
  ceilingAmountCents: 1_000_000_00 + index,
}));

/** Rows in the order of the sheet: contract × quarter × municipality × route × target group × figure. */
async function* figures(): AsyncGenerator<ContractReportFigure> {
  let produced = 0;
  for (let round = 0; ; round++) {
    for (const contract of contracts) {
      for (const quarter of [1, 2, 3, 4]) {
        for (const municipalityName of municipalities) {
          for (const learningRoute of learningRoutes) {
            for (const targetGroup of targetGroups) {
              for (const figure of figureDefinitions) {
                if (produced === rowCount) return;
                if (produced % 1_000 === 0) await nextTurn();
                produced++;
                yield {
                  contractNumber: round ? `${contract.number}-${round}` : contract.number,
                  supplierName: contract.supplierName,
                  periodLabel: `2025-K${quarter}`,
                  periodStart: `2025-${String(quarter * 3 - 2).padStart(2, "0")}-01`,
                  municipalityName,
                  learningRoute,
                  targetGroup,
                  figureKey: figure.key,
                  value: figure.kind === "cents" ? 1_234_567 + produced : figure.kind === "score" ? 7.25 : produced % 97,
                };
              }
            }
          }
        }
      }
    }
  }
}

const measurement = (value: number) => ({ numerator: String(value), denominator: "100", value, display: `${value} %`, status: "met" as const, suppressed: false, suppression: null });
const kpiRows: ContractPeriodKpiRow[] = contracts.flatMap((contract) =>
  ["2025-K1", "2025-K2", "2025-K3", "2025-K4"].map((periodLabel, index) => ({
    contractId: contract.id,
    contractNumber: contract.number,
    supplierName: contract.supplierName,
    periodLabel,
    periodStart: `2025-${String(index * 3 + 1).padStart(2, "0")}-01`,
    kpi: { code: "localParticipation", name: "Participeert lokaal", unit: "percent" as const, target: "80.0000", targetDisplay: "≥ 80 %", direction: "higherIsBetter" as const, learningRoute: null },
    measurement: measurement(70 + index),
  })),
);
const funding = { implementation: 100_000_00, execution: 400_000_00, provisions: 900_000_00 };
const dashboard: Dashboard = {
  filters: { year: 2025 },
  year: 2025,
  ownMunicipality: null,
  options: { years: [2025], periods: [], municipalities: [], learningRoutes: [], targetGroups: [], suppliers: [], contracts: [] },
  kpis: [],
  breakdowns: { byLearningRoute: [], bySupplier: [], byContract: [], byMunicipality: [], byTargetGroup: [] },
  timeliness: [],
  money: {
    rows: municipalities.map((municipalityName, index) => ({ municipalityId: String(index), municipalityName, year: 2025, fundingCents: funding, committedCents: 700_000_00, realisedCents: 650_000_00 })),
    regionTotal: { year: 2025, fundingCents: funding, committedCents: 4_900_000_00, realisedCents: 4_550_000_00 },
  },
  pages: { byMunicipality: { page: 1, pageCount: 1, totalRows: 0, firstRow: 0, lastRow: 0 }, money: { page: 1, pageCount: 1, totalRows: municipalities.length, firstRow: 1, lastRow: municipalities.length } },
  performancePayment: contracts.map((contract) => ({
    contractId: contract.id,
    contractNumber: contract.number,
    supplierName: contract.supplierName,
    year: 2025,
    mode: "shadow",
    commitmentCents: 500_000_00,
    atStakeCents: 50_000_00,
    payoutCents: 41_666_67,
    withheldCents: 8_333_33,
    weightedScorePercent: "83,33 %",
    noDataKpis: 0,
  })),
};

let peakSampled = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakSampled = Math.max(peakSampled, process.memoryUsage().rss);
}, 50);
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
await writeContractReportWorkbook(createWriteStream(outputFile), { dashboard, contracts, kpiRows, figures: figures(), exportedAt: new Date() });
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peakSampled = Math.max(peakSampled, process.memoryUsage().rss);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const peakKernel = process.resourceUsage().maxRSS * 1024;

console.log(`Contractrapportage: ${rowCount.toLocaleString("nl-NL")} rijen in Rapportages → ${outputFile} (${mb(statSync(outputFile).size)})`);
console.log(`  tijd:        ${seconds.toFixed(2)} s (doel < 10 s)`);
console.log(`  RSS voor:    ${mb(rssBefore)}`);
console.log(`  piek RSS:    ${mb(peakSampled)} (elke 50 ms gemeten), ${mb(peakKernel)} (maxRSS van het proces) (doel < 400 MB)`);
const ok = seconds < 10 && Math.max(peakSampled, peakKernel) < 400 * 1024 * 1024;
console.log(ok ? "  ✓ binnen het doel" : "  ✗ buiten het doel");
process.exitCode = ok ? 0 : 1;
