import { describe, expect, test } from "vitest";
import {
  defaultChartBox,
  formatTick,
  layoutTrendChart,
  linePath,
  niceStep,
  trendSummary,
  valueDomain,
  anchorAt,
  xPositions,
  yOf,
  yTicks,
  type TrendPoint,
} from "./trend-chart-geometry";

const point = (periodLabel: string, value: number | null, display: string, status: TrendPoint["status"] = "met"): TrendPoint => ({
  periodLabel,
  value,
  display,
  status: value === null ? "noData" : status,
});

describe("scales", () => {
  test("a percentage runs from 0 to 100, a score from 0 to 10", () => {
    expect(valueDomain("percent", [71.3, null, 80], 75)).toEqual([0, 100]);
    expect(valueDomain("score", [7.4, 6.7], 7)).toEqual([0, 10]);
    expect(valueDomain("percent", [], 75)).toEqual([0, 100]);
  });

  test("a value above the natural maximum widens the axis to a round number", () => {
    const [low, high] = valueDomain("percent", [104, 96], 75);
    expect(low).toBe(0);
    expect(high).toBeGreaterThanOrEqual(104);
    expect(high % 25).toBe(0);
  });

  test("nice steps and ticks", () => {
    expect(niceStep(100)).toBe(25);
    expect(niceStep(10)).toBe(2.5);
    expect(niceStep(0)).toBe(1);
    expect(yTicks([0, 100])).toEqual([0, 25, 50, 75, 100]);
    expect(yTicks([0, 10])).toEqual([0, 2.5, 5, 7.5, 10]);
  });

  test("the value axis is upside down in SVG: the top of the domain is at the top of the plot", () => {
    const box = defaultChartBox;
    expect(yOf(100, [0, 100], box)).toBe(box.top);
    expect(yOf(0, [0, 100], box)).toBe(box.height - box.bottom);
    expect(yOf(50, [0, 100], box)).toBe((box.top + box.height - box.bottom) / 2);
  });

  test("periods are spread evenly over the plot; one period sits in the middle", () => {
    const box = { width: 100, height: 100, top: 0, right: 10, bottom: 0, left: 10 };
    expect(xPositions(3, box)).toEqual([10, 50, 90]);
    expect(xPositions(1, box)).toEqual([50]);
    expect(xPositions(0, box)).toEqual([]);
  });

  test("text anchors: inwards at the edges, centred in between", () => {
    expect(anchorAt(defaultChartBox.left)).toBe("start");
    expect(anchorAt(defaultChartBox.width - defaultChartBox.right)).toBe("end");
    expect(anchorAt(defaultChartBox.width / 2)).toBe("middle");
  });

  test("ticks are Dutch numbers with the unit", () => {
    expect(formatTick(75, "percent")).toBe("75 %");
    expect(formatTick(7.5, "score")).toBe("7,5");
  });
});

describe("the line", () => {
  test("joins consecutive values and breaks at a period without a value", () => {
    const path = linePath([
      { x: 0, y: 10 },
      { x: 10, y: 20 },
      { x: 20, y: null },
      { x: 30, y: 30 },
      { x: 40, y: 40 },
    ]);
    expect(path).toBe("M0 10 L10 20 M30 30 L40 40");
  });

  test("an isolated value draws no line (its dot stands alone)", () => {
    expect(linePath([{ x: 0, y: 10 }, { x: 10, y: null }, { x: 20, y: 30 }])).toBe("");
    expect(linePath([])).toBe("");
    expect(linePath([{ x: 0, y: null }])).toBe("");
  });

  test("the layout places every point, the target and the labels", () => {
    const layout = layoutTrendChart([point("2025-K1", 70, "70 %", "atRisk"), point("2025-K2", null, "geen data"), point("2025-K3", 80, "80 %")], 75, "percent");
    expect(layout.domain).toEqual([0, 100]);
    expect(layout.points.map((placed) => placed.y === null)).toEqual([false, true, false]);
    expect(layout.path).toBe("");
    expect(layout.targetY).toBe(yOf(75, [0, 100]));
    expect(layout.ticks.map((tick) => tick.label)).toEqual(["0 %", "25 %", "50 %", "75 %", "100 %"]);
    expect(layout.xLabels.map((label) => label.label)).toEqual(["2025-K1", "2025-K2", "2025-K3"]);
  });

  test("the labels under the first and last period are aligned inwards", () => {
    const layout = layoutTrendChart([point("2025-K1", 70, "70 %"), point("2025-K2", 72, "72 %"), point("2025-K3", 74, "74 %")], 75, "percent");
    expect(layout.xLabels.map((label) => label.anchor)).toEqual(["start", "middle", "end"]);
    expect(layoutTrendChart([point("2025-K1", 70, "70 %")], 75, "percent").xLabels[0]!.anchor).toBe("middle");
  });

  test("with many periods only some labels are written, always the last", () => {
    const many = Array.from({ length: 12 }, (_, index) => point(`P${index + 1}`, 50, "50 %"));
    const labels = layoutTrendChart(many, 75, "percent").xLabels.map((label) => label.label);
    expect(labels.length).toBeLessThanOrEqual(7);
    expect(labels[0]).toBe("P1");
    expect(labels.at(-1)).toBe("P12");
  });
});

describe("the summary for screen readers", () => {
  test("names the KPI, the periods, the target, the latest value, the direction and the gaps", () => {
    const summary = trendSummary({
      name: "Voldaan binnen wettelijke termijn",
      targetDisplay: "≥ 75 %",
      points: [point("2025-K1", 70, "70 %", "atRisk"), point("2025-K2", null, "geen data"), point("2025-K3", 80, "80 %", "met")],
    });
    expect(summary).toContain("Voldaan binnen wettelijke termijn");
    expect(summary).toContain("3 perioden, van 2025-K1 tot en met 2025-K3");
    expect(summary).toContain("Doel: ≥ 75 %.");
    expect(summary).toContain("Laatste waarde: 80 % in 2025-K3 (behaald).");
    expect(summary).toContain("Sinds 2025-K1 (70 %) gestegen.");
    expect(summary).toContain("1 periode zonder cijfers.");
  });

  test("says so when there are no figures at all, or no periods", () => {
    expect(trendSummary({ name: "Klantbeleving", targetDisplay: "≥ 7", points: [point("2025-H1", null, "< 5")] })).toContain("in geen enkele periode cijfers");
    expect(trendSummary({ name: "Klantbeleving", targetDisplay: "≥ 7", points: [] })).toContain("nog geen perioden");
  });

  test("a fall and a single period", () => {
    expect(trendSummary({ name: "X", targetDisplay: "≥ 7", points: [point("2025-H1", 7.4, "7,4"), point("2025-H2", 6.1, "6,1", "missed")] })).toContain("gedaald");
    const single = trendSummary({ name: "X", targetDisplay: "≥ 7", points: [point("2025-H1", 7.4, "7,4")] });
    expect(single).toContain("periode 2025-H1");
    expect(single).not.toContain("Sinds");
  });
});
