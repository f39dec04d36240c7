// Benchmark of the programma-van-eisen PDF: a tender with 8 lots and 60 requirements (the test
// fixture), rendered 15 times after 2 warm-up runs. Usage: npx tsx scripts/bench/pve-pdf.ts
// Target: median under 1 s. Environment: BENCH_RUNS, BENCH_WARMUP, BENCH_LOTS, BENCH_REQUIREMENTS.
import { renderRequirementsProgramPdf } from "../../app/domain/tenders/pve-pdf.server";
import { buildRequirementsProgramInput } from "../../test/factories/tender-content";

const runs = Number(process.env.BENCH_RUNS ?? 15);
const warmUp = Number(process.env.BENCH_WARMUP ?? 2);
const lots = Number(process.env.BENCH_LOTS ?? 8);
const requirements = Number(process.env.BENCH_REQUIREMENTS ?? 60);
const TARGET_MEDIAN_MS = 1000;

/** pdfkit writes the page tree uncompressed: "/Type /Pages … /Count N". */
function pageCount(pdf: Buffer): number {
  const match = /\/Type\s*\/Pages[\s\S]*?\/Count\s+(\d+)/.exec(pdf.toString("latin1"));
  if (!match) throw new Error("page count not found in the PDF");
  return Number(match[1]);
}

function median(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest rank: the smallest sample with at least q of all samples at or below it. */
function percentile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

// A fresh input per run: pdfmake mutates the document definition, and a real request builds
// its input from the database anyway.
const input = () => buildRequirementsProgramInput({ lots, requirements, noticeEntries: 12 });

const first = performance.now();
let pdf = await renderRequirementsProgramPdf(input());
const firstMs = performance.now() - first;
for (let run = 1; run < warmUp; run += 1) pdf = await renderRequirementsProgramPdf(input());

const timings: number[] = [];
for (let run = 0; run < runs; run += 1) {
  const started = performance.now();
  pdf = await renderRequirementsProgramPdf(input());
  timings.push(performance.now() - started);
}
timings.sort((a, b) => a - b);

const result = {
  lots,
  requirements,
  runs,
  warmUp,
  pages: pageCount(pdf),
  sizeKb: Math.round(pdf.length / 1024),
  firstRenderMs: Math.round(firstMs),
  medianMs: Math.round(median(timings)),
  p95Ms: Math.round(percentile(timings, 0.95)),
  minMs: Math.round(timings[0]!),
  maxMs: Math.round(timings.at(-1)!),
};
console.log(`PvE-PDF, ${lots} percelen en ${requirements} eisen: ${result.pages} pagina's, ${result.sizeKb} kB`);
console.log(`eerste render ${result.firstRenderMs} ms; daarna ${runs} keer: mediaan ${result.medianMs} ms, p95 ${result.p95Ms} ms (min ${result.minMs}, max ${result.maxMs})`);
console.log(JSON.stringify(result));
if (result.medianMs >= TARGET_MEDIAN_MS) {
  console.error(`Doel niet gehaald: mediaan ${result.medianMs} ms ≥ ${TARGET_MEDIAN_MS} ms`);
  process.exitCode = 1;
}
