// `npm run simulate`: one token (the deployed token of that leverage, or FLI-like, with the command line's
// overrides), one price path (a CSV or GBM), the real contracts. Writes the path as replayed (CSV) and a chart
// (PNG + SVG), returns the printed report.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { formatUnits, parseUnits } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import { deployProtocol, type DeployedToken, type Protocol } from "../deploy/protocol.js";
import { Status } from "../sdk/status.js";
import { chartPng, type ChartInput, type ChartSeries } from "./chart.js";
import {
  daysOf,
  dropStaleStart,
  feeBars,
  firstCommon,
  leverageLine,
  markers,
  onTimes,
  rebase,
  type Band,
} from "./chartData.js";
import {
  FLI_SPEC,
  SIM_MARKET,
  settingsLine,
  simConfig,
  simSymbol,
  simToken,
  DEFAULT_TAKER_FEE_BPS,
  type SimTokenSpec,
} from "./config.js";
import { fundingRates } from "./funding.js";
import { loadCompare, loadPath } from "./load.js";
import type { SimulateOptions } from "./options.js";
import { isoDay, pathToCsv, type PricePath } from "./path.js";
import { noProgress, type Progress } from "./progress.js";
import type { VaultSeries } from "./replay.js";
import { runReplay } from "./run.js";
import { continuousCurve, idealDailyMultiple, realisedSigma, tracking, type Tracking } from "./stats.js";
import { summarize, type TokenSummary } from "./summary.js";
import { fmtPct, renderTable, summaryTable, TABLE_NOTE } from "./table.js";

export { loadPath } from "./load.js";

/** Relative values (1 at the start) of the token and its reference curves. */
export interface Curves {
  sigma: number;
  token: number[];
  ideal: number[];
  continuous: number[];
  tracking: Tracking;
}

/** The run against a real token's prices over the dates both have (`--compare`). */
export interface Comparison {
  name: string;
  from: string;
  to: string;
  tokenReturn: number;
  realReturn: number;
  /** tokenReturn - realReturn, in percentage points. */
  gapPp: number;
  /** The real token's prices on the path's times, 1 at `from` (NaN where it has none). */
  values: number[];
  /** The simulated token rebased to 1 at `from`. */
  tokenValues: number[];
}

export interface SimulationResult extends Curves {
  protocol: Protocol;
  path: PricePath;
  summary: TokenSummary;
  comparison?: Comparison;
  files: string[];
  report: string;
  elapsedMs: number;
  steps: number;
}

const ACTION_NAMES: Partial<Record<Status, string>> = {
  [Status.REBALANCE]: "rebalance",
  [Status.ITERATE]: "iterate",
  [Status.RIPCORD]: "ripcord",
};

export function tokenSpec(o: SimulateOptions): SimTokenSpec {
  const given: SimTokenSpec = {
    leverage: o.leverage,
    short: o.short,
    band: o.band,
    intervalSeconds: o.interval,
    mintFeeBps: o.mintFee,
    streamingFee: o.streamingFee,
    takerFeeBps: o.takerFee,
  };
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  return o.fli ? { ...FLI_SPEC, ...defined, leverage: 2, short: false } : given;
}

export function curves(path: PricePath, L: number, nav: readonly bigint[]): Curves {
  const token = nav.map((n) => Number(n) / Number(nav[0]));
  const sigma = realisedSigma(path);
  return {
    sigma,
    token,
    ideal: idealDailyMultiple(path, L),
    continuous: continuousCurve(path, L, sigma),
    tracking: tracking(path, token, L),
  };
}

export function compare(path: PricePath, token: readonly number[], real: PricePath, name: string): Comparison {
  const raw = dropStaleStart(onTimes(path, real));
  const from = firstCommon([raw, token]);
  const to = raw.reduce((last, v, i) => (Number.isFinite(v) ? i : last), from);
  const values = rebase(raw, from);
  const tokenValues = rebase(token, from);
  const tokenReturn = tokenValues[to] - 1;
  const realReturn = values[to] - 1;
  return {
    name,
    from: isoDay(path.times[from]),
    to: isoDay(path.times[to]),
    tokenReturn,
    realReturn,
    gapPp: (tokenReturn - realReturn) * 100,
    values,
    tokenValues,
  };
}

export function pathCsv(path: PricePath, s: VaultSeries, c: Curves): string {
  const rows = ["timestamp,time,price,nav,leverage,rebalance,token,ideal_daily,continuous"];
  for (let i = 0; i < path.times.length; i++) {
    const action = s.actions[i];
    rows.push(
      [
        path.times[i],
        new Date(path.times[i] * 1000).toISOString(),
        path.prices[i],
        formatUnits(s.nav[i], 6),
        formatUnits(s.leverage[i], 18),
        action === undefined ? "" : ACTION_NAMES[action],
        c.token[i].toFixed(8),
        c.ideal[i].toFixed(8),
        c.continuous[i].toFixed(8),
      ].join(",")
    );
  }
  return rows.join("\n") + "\n";
}

/** With more than this many trades, the chart marks only ripcords and the rebalances leverage leaving its band caused. */
const MAX_MARKED_TRADES = 100;

function chartInput(
  symbol: string,
  L: number,
  path: PricePath,
  s: VaultSeries,
  c: Curves,
  summary: TokenSummary,
  band: Band,
  cmp?: Comparison
): ChartInput {
  const days = daysOf(path);
  const series: ChartSeries[] = [
    { name: "underlying price", values: path.prices.map((p) => p / path.prices[0]) },
    { name: `${symbol}, the simulated token (on-chain NAV)`, values: c.token },
    { name: `${L}x each day's return, compounded`, values: c.ideal, dash: true },
    { name: "continuous-rebalancing formula", values: c.continuous, dash: true },
  ];
  if (cmp)
    series.push({
      name: `${cmp.name} (market price)`,
      values: cmp.values.map((v) => v * c.token[firstIndex(path, cmp.from)]),
    });
  return {
    title: `${symbol}: ${Math.abs(L)}x ${L < 0 ? "short" : "long"} on ${path.source}`,
    subtitle: `realised volatility ${fmtPct(c.sigma)}, ${summary.rebalances.rebalance + summary.rebalances.iterate} rebalances, ${summary.rebalances.ripcord} ripcords`,
    days,
    startTime: path.source.startsWith("GBM") ? undefined : path.times[0],
    panels: [
      {
        title: cmp
          ? `Value, 1 at the start; ${cmp.name} starts on the token's line on ${cmp.from}`
          : "Value, 1 at the start",
        series,
        markers: markers(
          days,
          c.token,
          s,
          s.actions.filter((a) => a !== undefined).length > MAX_MARKED_TRADES ? band : undefined
        ),
      },
    ],
    leverage: [leverageLine(symbol, s)],
    fees: feeBars([summary]),
  };
}

const firstIndex = (path: PricePath, day: string) => path.times.findIndex((t) => isoDay(t) === day);

function report(
  o: SimulateOptions,
  spec: SimTokenSpec,
  path: PricePath,
  r: Omit<SimulationResult, "report" | "protocol">,
  transactions: number
): string {
  const last = r.steps;
  const L = spec.short ? -spec.leverage : spec.leverage;
  const t = r.token.length - 1;
  const lines = [
    `${simSymbol(spec)}: ${last} steps of ${path.source}${path.dropped ? ` (left out line ${path.dropped.line}: ${path.dropped.reason})` : ""}`,
    `settings${o.fli ? " (FLI-like: --fli)" : " (the deployed token of this leverage, deploy/config/defaults.ts, with the flags given)"}: ${settingsLine(simToken(spec))}; ` +
      `market taker fee ${spec.takerFeeBps ?? DEFAULT_TAKER_FEE_BPS} bps; funding ${typeof o.funding === "number" ? `${fmtPct(o.funding)} a year (longs pay)` : `from ${o.funding}`}`,
    "",
    summaryTable([r.summary]),
    TABLE_NOTE,
    "",
    renderTable([
      ["tracking", ""],
      ["realised sigma (annualised)", fmtPct(r.sigma)],
      [`tracking error vs ${L}x daily (annualised)`, fmtPct(r.tracking.trackingError)],
      ["mean daily shortfall vs ideal", fmtPct(r.tracking.meanDailyDiff)],
      ["end value: token", r.token[t].toFixed(4)],
      [`end value: ${L}x each day's return`, r.ideal[t].toFixed(4)],
      ["end value: continuous formula", r.continuous[t].toFixed(4)],
    ]),
  ];
  if (r.comparison) {
    const c = r.comparison;
    lines.push(
      "",
      `Against ${c.name} from ${c.from} to ${c.to}: token ${fmtPct(c.tokenReturn)}, ${c.name} ${fmtPct(c.realReturn)} (market price), gap ${c.gapPp.toFixed(1)} percentage points.`
    );
  }
  lines.push(
    "",
    `Replayed ${last} steps in ${(r.elapsedMs / 1000).toFixed(1)} s (${(last / (r.elapsedMs / 1000)).toFixed(0)} steps/s, ${transactions} transactions).`,
    `Wrote ${r.files.join(", ")}`
  );
  return lines.join("\n");
}

async function deployAndReplay(
  connection: NetworkConnection<"generic">,
  o: SimulateOptions,
  spec: SimTokenSpec,
  path: PricePath,
  progress: Progress
) {
  const config = simConfig(spec, path.prices[0]);
  const protocol = await deployProtocol(connection, config);
  const token: DeployedToken = protocol.tokens[simSymbol(spec)];
  progress.start(path.times.length - 1);
  const { replay } = await runReplay({
    connection,
    protocol,
    tokens: [token],
    paths: { [SIM_MARKET]: path },
    amountEach: parseUnits(String(o.amount), 6),
    funding: { [SIM_MARKET]: await fundingRates(o.funding, path) },
    onStep: (i) => progress.update(i),
  });
  progress.stop();
  return { protocol, token, replay, band: config.tokens[0].params };
}

export async function simulate(
  connection: NetworkConnection<"generic">,
  o: SimulateOptions,
  progress: Progress = noProgress
): Promise<SimulationResult> {
  const path = await loadPath(o);
  const real = await loadCompare(o);
  const files: string[] = [];
  const write = async (file: string, data: string | Buffer) => {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, data);
    files.push(file);
  };
  if (o.savePath) await write(o.savePath, pathToCsv(path, path.source));
  const spec = tokenSpec(o);
  const symbol = simSymbol(spec);
  const L = spec.short ? -spec.leverage : spec.leverage;
  const { protocol, token, replay, band } = await deployAndReplay(connection, o, spec, path, progress);
  const series = replay.series[0];
  const summary = await summarize(token, L, series, path, replay.startBlock);
  const c = curves(path, L, series.nav);
  const comparison =
    real && compare(path, c.token, real, o.compare!.replace(/^.*\//, "").replace(/(-\d{4})?(-coingecko)?\.csv$/, ""));
  await write(join(o.out, "path.csv"), pathCsv(path, series, c));
  const { svg, png } = await chartPng(chartInput(symbol, L, path, series, c, summary, band, comparison));
  await write(join(o.out, "chart.svg"), svg);
  await write(join(o.out, "chart.png"), png);
  const result = { path, summary, comparison, files, elapsedMs: replay.elapsedMs, steps: path.times.length - 1, ...c };
  return { protocol, ...result, report: report(o, spec, path, result, replay.transactions) };
}
