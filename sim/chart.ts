// Chart of a replay: vega-lite spec -> vega View.toSVG() -> PNG with resvg. No browser, no canvas.
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

export interface ChartSeries {
  name: string;
  /** One value per point, relative (1 = start). */
  values: readonly number[];
  dash?: boolean;
}

export interface ChartInput {
  title: string;
  subtitle?: string;
  /** Days since the first point, one per point. */
  days: readonly number[];
  series: readonly ChartSeries[];
}

/** Enough points for a 1,200-pixel-wide line; more only makes the SVG heavier. */
const MAX_POINTS = 1500;
const FONT = "DejaVu Sans";

export function chartSpec(c: ChartInput): TopLevelSpec {
  const stride = Math.max(1, Math.ceil(c.days.length / MAX_POINTS));
  const rows: { day: number; value: number; series: string }[] = [];
  for (const s of c.series) {
    for (let i = 0; i < c.days.length; i += stride) rows.push({ day: c.days[i], value: Math.max(s.values[i], 1e-4), series: s.name });
    const last = c.days.length - 1;
    if (last % stride) rows.push({ day: c.days[last], value: Math.max(s.values[last], 1e-4), series: s.name });
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: c.title, subtitle: c.subtitle, anchor: "start", fontSize: 16 },
    width: 960,
    height: 480,
    background: "white",
    padding: 16,
    data: { values: rows },
    mark: { type: "line", strokeWidth: 1.6, clip: true },
    encoding: {
      x: { field: "day", type: "quantitative", title: "days", scale: { nice: false }, axis: { grid: true } },
      y: {
        field: "value",
        type: "quantitative",
        title: "value (start = 1, log scale)",
        scale: { type: "log" },
        axis: { grid: true },
      },
      color: {
        field: "series",
        type: "nominal",
        sort: c.series.map((s) => s.name),
        legend: { orient: "top", title: null, labelFontSize: 12, labelLimit: 400, columns: 2, symbolType: "stroke", symbolSize: 400, symbolStrokeWidth: 2 },
      },
      strokeDash: {
        field: "series",
        type: "nominal",
        sort: c.series.map((s) => s.name),
        scale: { domain: c.series.map((s) => s.name), range: c.series.map((s) => (s.dash ? [6, 4] : [1, 0])) },
      },
    },
    config: { font: FONT, axis: { labelFontSize: 12, titleFontSize: 13 } },
  };
}

export async function chartSvg(c: ChartInput): Promise<string> {
  const view = new vega.View(vega.parse(compile(chartSpec(c)).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

export async function chartPng(c: ChartInput): Promise<{ svg: string; png: Buffer }> {
  const svg = await chartSvg(c);
  const png = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "width", value: 1400 },
    font: { loadSystemFonts: true, defaultFontFamily: FONT },
  })
    .render()
    .asPng();
  return { svg, png };
}
