// `npm run simulate`: one token with the requested parameters, one price path (a CSV or GBM), the real contracts.
// Writes the path as replayed (CSV) and a chart (PNG + SVG), returns the printed report.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { formatUnits, parseUnits } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import { deployProtocol, type Protocol } from "../deploy/protocol.js";
import { Status } from "../keeper/decide.js";
import { chartPng } from "./chart.js";
import { bandOf, SIM_MARKET, simConfig, simSymbol, type SimTokenSpec } from "./config.js";
import { readPriceCsv } from "./csv.js";
import { gbmPath } from "./gbm.js";
import type { SimulateOptions } from "./options.js";
import { DAY_SECONDS, pathToCsv, type PricePath } from "./path.js";
import { noProgress, type Progress } from "./progress.js";
import { runReplay } from "./run.js";
import { continuousCurve, idealDailyMultiple, realisedSigma, tracking, type Tracking } from "./stats.js";
import { summarize, type TokenSummary } from "./summary.js";
import { fmtPct, renderTable, summaryTable } from "./table.js";

export interface SimulationResult {
  protocol: Protocol;
  path: PricePath;
  summary: TokenSummary;
  tracking: Tracking;
  sigma: number;
  /** Relative values (1 at the start) of the token, the ideal daily multiple and the continuous curve. */
  token: number[];
  ideal: number[];
  continuous: number[];
  files: string[];
  report: string;
  elapsedMs: number;
  steps: number;
}

export async function loadPath(o: SimulateOptions): Promise<PricePath> {
  if (o.prices) return readPriceCsv(o.prices);
  return gbmPath({ sigma: o.sigma, days: o.days, stepsPerDay: o.stepsPerDay, seed: o.seed, startPrice: o.startPrice });
}

const KIND: Record<number, string> = { [Status.REBALANCE]: "rebalance", [Status.ITERATE]: "iterate", [Status.RIPCORD]: "ripcord" };

export async function simulate(
  connection: NetworkConnection<"generic">,
  o: SimulateOptions,
  progress: Progress = noProgress,
): Promise<SimulationResult> {
  const path = await loadPath(o);
  const files: string[] = [];
  const write = async (file: string, data: string | Buffer) => {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, data);
    files.push(file);
  };
  if (o.savePath) await write(o.savePath, pathToCsv(path, path.source));

  const spec: SimTokenSpec = {
    leverage: o.leverage,
    short: o.short,
    band: o.band,
    intervalSeconds: o.interval,
    mintFeeBps: o.mintFee,
    streamingFee: o.streamingFee,
    takerFeeBps: o.takerFee,
  };
  const symbol = simSymbol(spec);
  const L = o.short ? -o.leverage : o.leverage;
  const protocol = await deployProtocol(connection, simConfig(spec, path.prices[0]));
  const token = protocol.tokens[symbol];
  progress.start(path.times.length - 1);
  const { replay } = await runReplay({
    connection,
    protocol,
    tokens: [token],
    paths: { [SIM_MARKET]: path },
    amountEach: parseUnits(String(o.amount), 6),
    onStep: (i) => progress.update(i),
  });
  progress.stop();
  const series = replay.series[0];
  const summary = await summarize(token, L, series, path, replay.startBlock);

  const nav0 = Number(series.nav[0]);
  const tokenValues = series.nav.map((n) => Number(n) / nav0);
  const sigma = realisedSigma(path);
  const ideal = idealDailyMultiple(path, L);
  const continuous = continuousCurve(path, L, sigma);
  const underlying = path.prices.map((p) => p / path.prices[0]);
  const track = tracking(path, tokenValues, L);

  const rows = ["timestamp,time,price,nav,leverage,rebalance,token,ideal_daily,continuous"];
  for (let i = 0; i < path.times.length; i++) {
    const action = series.actions[i];
    rows.push(
      [
        path.times[i],
        new Date(path.times[i] * 1000).toISOString(),
        path.prices[i],
        formatUnits(series.nav[i], 6),
        formatUnits(series.leverage[i], 18),
        action === undefined ? "" : KIND[action],
        tokenValues[i].toFixed(8),
        ideal[i].toFixed(8),
        continuous[i].toFixed(8),
      ].join(","),
    );
  }
  await write(join(o.out, "path.csv"), rows.join("\n") + "\n");

  const days = path.times.map((t) => (t - path.times[0]) / DAY_SECONDS);
  const side = o.short ? "short" : "long";
  const { svg, png } = await chartPng({
    title: `${symbol}: ${o.leverage}x ${side} on ${path.source}`,
    subtitle: `band ${bandOf(spec).map((x) => +x.toFixed(4)).join("-")}, interval ${o.interval / 3600}h, realised sigma ${fmtPct(sigma)}, ${summary.rebalances.rebalance + summary.rebalances.iterate + summary.rebalances.ripcord} rebalances`,
    days,
    series: [
      { name: "underlying", values: underlying },
      { name: `${symbol} (on-chain NAV)`, values: tokenValues },
      { name: `ideal: ${L}x each day's return`, values: ideal, dash: true },
      { name: `continuous: (S/S0)^${L} exp(-(L²-L)σ²t/2)`, values: continuous, dash: true },
    ],
  });
  await write(join(o.out, "chart.svg"), svg);
  await write(join(o.out, "chart.png"), png);

  const last = path.times.length - 1;
  const report = [
    `${symbol}: ${o.leverage}x ${side}, ${last} steps of ${path.source}`,
    "",
    summaryTable([summary]),
    "",
    renderTable([
      ["tracking", ""],
      ["realised sigma (annualised)", fmtPct(sigma)],
      [`tracking error vs ${L}x daily (annualised)`, fmtPct(track.trackingError)],
      ["mean daily shortfall vs ideal", fmtPct(track.meanDailyDiff)],
      ["end value: token", tokenValues[last].toFixed(4)],
      ["end value: ideal daily multiple", ideal[last].toFixed(4)],
      ["end value: continuous curve", continuous[last].toFixed(4)],
      ["token / continuous curve", (tokenValues[last] / continuous[last]).toFixed(4)],
    ]),
    "",
    `Replayed ${last} steps in ${(replay.elapsedMs / 1000).toFixed(1)} s (${(last / (replay.elapsedMs / 1000)).toFixed(0)} steps/s, ${replay.transactions} transactions).`,
    `Wrote ${files.join(", ")}`,
  ].join("\n");
  return {
    protocol,
    path,
    summary,
    tracking: track,
    sigma,
    token: tokenValues,
    ideal,
    continuous,
    files,
    report,
    elapsedMs: replay.elapsedMs,
    steps: last,
  };
}
