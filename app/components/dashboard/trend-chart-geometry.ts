import type { KpiDirection, KpiStatus, KpiUnit } from "~/domain/performance/performance-payment";
import { kpiStatusLabels } from "./kpi-status-labels";

// The pure part of the dashboard's trend chart (trend-chart.tsx): scales, the line with gaps for
// periods without a value, the axis ticks and the text summary read by screen readers. No chart
// library: an inline SVG drawn from these numbers, with a data table beside it.

export interface TrendPoint {
  periodLabel: string;
  /** Percent (0–100) or score; null when there is no value (no data, or suppressed). */
  value: number | null;
  /** Dutch display of the value: "71,3 %", "7,4", "geen data", "< 5". */
  display: string;
  status: KpiStatus;
}

export interface ChartBox {
  width: number;
  height: number;
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const defaultChartBox: ChartBox = { width: 360, height: 200, top: 16, right: 16, bottom: 36, left: 48 };

const numberFormat = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 });

/** A step of 1, 2, 2.5 or 5 × 10^n that divides `span` into about `parts` parts. */
export function niceStep(span: number, parts = 4): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / parts;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * magnitude;
}

/**
 * The value axis: from 0 to 100 for a percentage and to 10 for a score (the survey's scale),
 * widened to a round number when a value or the target lies above it.
 */
export function valueDomain(unit: KpiUnit, values: readonly (number | null)[], target: number): [number, number] {
  const natural = unit === "percent" ? 100 : 10;
  const known = values.filter((value): value is number => value !== null && Number.isFinite(value));
  const highest = Math.max(natural, target, ...known);
  const lowest = Math.min(0, ...known);
  if (highest === natural && lowest === 0) return [0, natural];
  const step = niceStep(highest - lowest);
  return [Math.floor(lowest / step) * step, Math.ceil(highest / step) * step];
}

export function yTicks(domain: [number, number], parts = 4): number[] {
  const [low, high] = domain;
  const step = niceStep(high - low, parts);
  const ticks: number[] = [];
  for (let tick = Math.ceil(low / step) * step; tick <= high + step / 1000; tick += step) ticks.push(Number(tick.toFixed(6)));
  return ticks;
}

/** Vertical position of a value (SVG y grows downwards). */
export function yOf(value: number, domain: [number, number], box: ChartBox = defaultChartBox): number {
  const [low, high] = domain;
  const plot = box.height - box.top - box.bottom;
  const share = high === low ? 0 : (value - low) / (high - low);
  return round(box.top + plot * (1 - share));
}

/** Horizontal positions of `count` periods, evenly spaced; one period sits in the middle. */
export function xPositions(count: number, box: ChartBox = defaultChartBox): number[] {
  const plot = box.width - box.left - box.right;
  if (count <= 0) return [];
  if (count === 1) return [round(box.left + plot / 2)];
  const gap = plot / (count - 1);
  return Array.from({ length: count }, (_, index) => round(box.left + gap * index));
}

/**
 * The SVG path of the line: consecutive points with a value are joined; a period without a value
 * breaks the line (a gap, never a line drawn through a missing period). "" when nothing joins.
 */
export function linePath(points: readonly { x: number; y: number | null }[]): string {
  const parts: string[] = [];
  let previousDrawn = false;
  for (const [index, point] of points.entries()) {
    if (point.y === null) {
      previousDrawn = false;
      continue;
    }
    const next = points[index + 1];
    const joinsNext = next !== undefined && next.y !== null;
    if (previousDrawn) parts.push(`L${point.x} ${point.y}`);
    else if (joinsNext) parts.push(`M${point.x} ${point.y}`);
    previousDrawn = previousDrawn || joinsNext;
  }
  return parts.join(" ");
}

export function formatTick(value: number, unit: KpiUnit): string {
  const text = numberFormat.format(value);
  return unit === "percent" ? `${text} %` : text;
}

export type TextAnchor = "start" | "middle" | "end";

/** A label under the first or last period is aligned inwards, so it stays inside the picture. */
export function anchorAt(x: number, box: ChartBox = defaultChartBox): TextAnchor {
  const plotLeft = box.left;
  const plotRight = box.width - box.right;
  if (plotRight - plotLeft < 1) return "middle";
  if (x - plotLeft < 24) return "start";
  if (plotRight - x < 24) return "end";
  return "middle";
}

export interface TrendChartLayout {
  box: ChartBox;
  domain: [number, number];
  points: (TrendPoint & { x: number; y: number | null; anchor: TextAnchor })[];
  path: string;
  targetY: number;
  ticks: { value: number; y: number; label: string }[];
  /** The period labels under the axis; with many periods only every n-th is written. */
  xLabels: { label: string; x: number; anchor: TextAnchor }[];
}

export function layoutTrendChart(points: readonly TrendPoint[], target: number, unit: KpiUnit, box: ChartBox = defaultChartBox): TrendChartLayout {
  const domain = valueDomain(unit, points.map((point) => point.value), target);
  const xs = xPositions(points.length, box);
  const placed = points.map((point, index) => ({
    ...point,
    x: xs[index]!,
    y: point.value === null ? null : yOf(point.value, domain, box),
    anchor: points.length === 1 ? ("middle" as const) : anchorAt(xs[index]!, box),
  }));
  const every = Math.max(1, Math.ceil(points.length / 6));
  return {
    box,
    domain,
    points: placed,
    path: linePath(placed),
    targetY: yOf(target, domain, box),
    ticks: yTicks(domain).map((value) => ({ value, y: yOf(value, domain, box), label: formatTick(value, unit) })),
    xLabels: placed.filter((_, index) => index % every === 0 || index === placed.length - 1).map((point) => ({ label: point.periodLabel, x: point.x, anchor: point.anchor })),
  };
}

/**
 * What a screen reader hears for the chart (its aria-label): the KPI, the periods, the target,
 * the latest value with its status, the direction since the first value and the gaps. The table
 * beside the chart holds every number.
 */
export function trendSummary(input: { name: string; targetDisplay: string; direction?: KpiDirection; points: readonly TrendPoint[] }): string {
  const { name, targetDisplay, points } = input;
  if (points.length === 0) return `Trend van ${name}: nog geen perioden met cijfers. Doel: ${targetDisplay}.`;
  const first = points[0]!;
  const last = points.at(-1)!;
  const range = points.length === 1 ? `periode ${first.periodLabel}` : `${points.length} perioden, van ${first.periodLabel} tot en met ${last.periodLabel}`;
  const sentences = [`Trend van ${name} over ${range}.`, `Doel: ${targetDisplay}.`];
  const withValue = points.filter((point) => point.value !== null);
  const latest = withValue.at(-1);
  if (!latest) {
    sentences.push("Er zijn in geen enkele periode cijfers.");
  } else {
    sentences.push(`Laatste waarde: ${latest.display} in ${latest.periodLabel} (${kpiStatusLabels[latest.status].toLowerCase()}).`);
    const earliest = withValue[0]!;
    if (earliest !== latest) {
      const change = latest.value! - earliest.value!;
      const movement = change > 0 ? "gestegen" : change < 0 ? "gedaald" : "gelijk gebleven";
      sentences.push(`Sinds ${earliest.periodLabel} (${earliest.display}) ${movement}.`);
    }
    const missing = points.length - withValue.length;
    if (missing > 0) sentences.push(missing === 1 ? "1 periode zonder cijfers." : `${missing} perioden zonder cijfers.`);
  }
  sentences.push("De cijfers staan ook in de tabel bij de grafiek.");
  return sentences.join(" ");
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
