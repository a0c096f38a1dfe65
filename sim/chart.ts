// Chart of a replay: vega-lite spec -> vega View.toSVG() -> PNG with resvg. No browser, no canvas.
// Panels, top to bottom: one log-scale value panel per market (tokens, the underlying, real tokens, rebalance
// markers), the tokens' leverage, and the fees each token paid, by kind.
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

export interface ChartSeries {
  /** The legend's words for it: "ETH2L, Lever 2x long ETH (on-chain NAV)". */
  name: string;
  /** One value per point of the chart's `days`; NaN where the series has no value. */
  values: readonly number[];
  dash?: boolean;
}

/** The marker kind of a rebalance the keeper made because leverage had left the band (not on schedule). */
export const BAND_EXIT = "rebalance, leverage out of band";

export interface ChartMarker {
  day: number;
  value: number;
  /** "rebalance", "ripcord", ... */
  kind: string;
}

export interface ValuePanel {
  title: string;
  series: readonly ChartSeries[];
  markers?: readonly ChartMarker[];
}

export interface ChartFee {
  token: string;
  kind: string;
  usd: number;
}

export interface ChartInput {
  title: string;
  subtitle?: string | string[];
  /** Days since the first point, one per point. */
  days: readonly number[];
  /** Unix time of day 0: the x axis then shows dates instead of days. */
  startTime?: number;
  panels: readonly ValuePanel[];
  /** Leverage (absolute, e.g. 3) of each token at each point. */
  leverage?: readonly ChartSeries[];
  fees?: readonly ChartFee[];
}

/** Enough points for a 1,200-pixel-wide line; more only makes the SVG heavier. */
const MAX_POINTS = 1500;
const FONT = "DejaVu Sans";
const WIDTH = 960;

function rowsOf(days: readonly number[], series: readonly ChartSeries[], floor: number) {
  const stride = Math.max(1, Math.ceil(days.length / MAX_POINTS));
  const rows: { day: number; value: number; series: string; date?: number }[] = [];
  for (const s of series) {
    for (let i = 0; i < days.length; i++) {
      if ((i % stride && i !== days.length - 1) || !Number.isFinite(s.values[i])) continue;
      rows.push({ day: days[i], value: Math.max(s.values[i], floor), series: s.name });
    }
  }
  return rows;
}

const dayAxis = {
  field: "day",
  type: "quantitative",
  title: "days since the first price",
  scale: { nice: false },
  axis: { grid: true },
} as const;
const dateAxis = {
  field: "date",
  type: "temporal",
  title: null,
  axis: { grid: true, format: "%b %Y", tickCount: 12 },
} as const;
let x: object = dayAxis;

/** Adds each row's date (ms) when the chart has a start time. */
const dated = <T extends { day: number }>(rows: T[], startTime?: number) =>
  startTime === undefined ? rows : rows.map((r) => ({ ...r, date: (startTime + r.day * 86_400) * 1000 }));
const legend = {
  orient: "right",
  title: null,
  labelFontSize: 12,
  labelLimit: 420,
  symbolType: "stroke",
  symbolSize: 300,
  symbolStrokeWidth: 2,
} as const;

function lines(rows: object[], series: readonly ChartSeries[], y: object) {
  const names = series.map((s) => s.name);
  return {
    data: { values: rows },
    mark: { type: "line", strokeWidth: 1.5, clip: true },
    encoding: {
      x,
      y,
      color: { field: "series", type: "nominal", sort: names, scale: { domain: names }, legend },
      strokeDash: {
        field: "series",
        type: "nominal",
        sort: names,
        scale: { domain: names, range: series.map((s) => (s.dash ? [6, 4] : [1, 0])) },
        legend: null,
      },
    },
  };
}

function valuePanel(c: ChartInput, p: ValuePanel) {
  const y = {
    field: "value",
    type: "quantitative",
    title: "value (1 at the first common date, log)",
    scale: { type: "log" },
    axis: { grid: true },
  };
  const layer: object[] = [lines(dated(rowsOf(c.days, p.series, 1e-4), c.startTime), p.series, y)];
  if (p.markers?.length) {
    layer.push({
      data: {
        values: dated(
          p.markers.map((m) => ({ ...m, value: Math.max(m.value, 1e-4) })),
          c.startTime
        ),
      },
      mark: { type: "point", filled: true, clip: true },
      encoding: {
        x,
        y: { field: "value", type: "quantitative", scale: { type: "log" } },
        shape: {
          field: "kind",
          type: "nominal",
          title: null,
          scale: { domain: ["rebalance", BAND_EXIT, "ripcord"], range: ["circle", "circle", "triangle-down"] },
          legend: { orient: "bottom", direction: "horizontal", labelLimit: 300 },
        },
        size: { condition: { test: "datum.kind !== 'rebalance'", value: 60 }, value: 12 },
        color: {
          condition: [
            { test: "datum.kind === 'ripcord'", value: "#d62728" },
            { test: `datum.kind === '${BAND_EXIT}'`, value: "#111" },
          ],
          value: "#444",
        },
      },
    });
  }
  return {
    title: { text: p.title, anchor: "start", fontSize: 13 },
    width: WIDTH,
    height: 300,
    layer,
    resolve: { scale: { color: "independent" } },
  };
}

export function chartSpec(c: ChartInput): TopLevelSpec {
  x = c.startTime === undefined ? dayAxis : dateAxis;
  const panels: object[] = c.panels.map((p) => valuePanel(c, p));
  if (c.leverage?.length) {
    const y = { field: "value", type: "quantitative", title: "leverage (x)", axis: { grid: true } };
    panels.push({
      title: {
        text: "Leverage the keeper saw before acting (the bands' edges and ripcords show here; after a trade it is back at target)",
        anchor: "start",
        fontSize: 13,
      },
      width: WIDTH,
      height: 160,
      ...lines(dated(rowsOf(c.days, c.leverage, 0), c.startTime), c.leverage, y),
    });
  }
  if (c.fees?.length) {
    panels.push({
      title: { text: "Fees paid over the run (USDC)", anchor: "start", fontSize: 13 },
      width: WIDTH,
      data: { values: c.fees },
      mark: { type: "bar" },
      encoding: {
        y: { field: "token", type: "nominal", title: null },
        x: { field: "usd", type: "quantitative", title: "USDC", stack: "zero" },
        color: { field: "kind", type: "nominal", title: null, legend: { orient: "right", labelLimit: 300 } },
      },
    });
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: c.title, subtitle: c.subtitle, anchor: "start", fontSize: 16 },
    background: "white",
    padding: 16,
    vconcat: panels,
    resolve: {
      scale: { color: "independent", strokeDash: "independent", shape: "independent", size: "independent" },
      legend: { color: "independent" },
    },
    config: { font: FONT, axis: { labelFontSize: 12, titleFontSize: 12 } },
  } as TopLevelSpec;
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
