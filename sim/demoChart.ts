// The demo's chart: per market, the tokens' NAV, the underlying and the real leveraged tokens of the year, all 1 at
// their first common date, with the keeper's trades marked; then leverage, then fees.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { chartPng, type ChartInput, type ChartSeries, type ValuePanel } from "./chart.js";
import { daysOf, feeBars, firstCommon, leverageLine, markers, rebase } from "./chartData.js";
import type { DemoResult, DemoRun } from "./demo.js";
import { realTokenSeries } from "./demo.js";
import { isoDay } from "./path.js";
import { fmtPct } from "./table.js";

const SIDE: Record<string, string> = { L: "long", S: "short" };

function tokenWords(symbol: string): string {
  const m = /^([A-Z]+?)(\d+(?:\.\d+)?)([LS])$/.exec(symbol);
  return m ? `${symbol}, Lever ${m[2]}x ${SIDE[m[3]]} ${m[1]} (on-chain NAV)` : symbol;
}

export async function demoChartInput(d: DemoResult, run: DemoRun): Promise<ChartInput> {
  const real = await realTokenSeries(d.paths);
  const panels: ValuePanel[] = [];
  const first = Object.values(d.paths)[0];
  const days = daysOf(first);
  for (const [m, path] of Object.entries(d.paths)) {
    const ks = run.tokens.map((_, k) => k).filter((k) => run.tokenMarkets[k] === m);
    const raw: ChartSeries[] = [
      { name: `${m.split("-")[0]} price (the underlying)`, values: path.prices },
      ...ks.map((k) => ({
        name: tokenWords(run.tokens[k].symbol),
        values: run.result.replay.series[k].nav.map(Number),
      })),
      ...real.filter((r) => r.market === m && r.values.some(Number.isFinite)),
    ];
    const at = firstCommon(raw.map((s) => s.values));
    const series = raw.map((s) => ({ ...s, values: rebase(s.values, at) }));
    const marks = ks.flatMap((k, j) => markers(days, series[1 + j].values, run.result.replay.series[k], run.bands[k]));
    panels.push({
      title: `${m}: rebased to 1 on ${isoDay(path.times[at])}, the first date all lines share; every token rebalanced daily; marked: ripcords and the rebalances leverage leaving its band caused`,
      series,
      markers: marks,
    });
  }
  return {
    title: `Lever tokens on 2021's real prices, next to the real leveraged tokens of that year`,
    subtitle: [
      `Daily CoinGecko prices; keeper acting after each; funding ${fmtPct(run.funding)} a year (longs pay). ` +
        "FLI and ETHBULL are market prices: they paid lending interest, DEX slippage, FTX's 0.03 % a day, and rebalanced on their own rules.",
    ],
    days,
    startTime: first.times[0],
    panels,
    leverage: run.tokens.map((t, k) => leverageLine(t.symbol, run.result.replay.series[k])),
    fees: feeBars(run.summaries),
  };
}

/** Writes `<dir>/chart.png` and `.svg` for the demo's last run (the one with funding); returns the PNG's path. */
export async function writeDemoChart(d: DemoResult, dir: string): Promise<string> {
  const { svg, png } = await chartPng(await demoChartInput(d, d.runs[d.runs.length - 1]));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "chart.svg"), svg);
  await writeFile(join(dir, "chart.png"), png);
  return join(dir, "chart.png");
}
