// `npm run demo`: deploy the protocol (deployProtocol, the code `npm run deploy` uses) with BTC3L, BTC3S, ETH2L, ETH2S
// and ETH3L, buy each, replay 2021's daily BTC and ETH prices (CoinGecko) with the keeper acting after every price,
// once at 0 % funding and once at a realistic 2021 rate, and tabulate and chart the result next to the real
// leveraged tokens of that year. `synthetic: true` replays the old GBM BTC path instead (BTC tokens only).
import { fileURLToPath } from "node:url";
import { formatUnits, parseUnits } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import { defaultConfig, token, type ProtocolConfig } from "../deploy/config/defaults.js";
import { deployProtocol, type DeployedToken, type Protocol } from "../deploy/protocol.js";
import type { ChartSeries } from "./chart.js";
import { readPriceCsv } from "./csv.js";
import { FUNDING_2021 } from "./funding.js";
import { isoDay, truncateDays, type PricePath } from "./path.js";
import { noProgress, type Progress } from "./progress.js";
import { runReplay, type RunResult } from "./run.js";
import { summarize, type TokenSummary } from "./summary.js";
import { fmtPct, summaryTable, TABLE_NOTE } from "./table.js";
import { dropStaleStart, onTimes, type Band } from "./chartData.js";
import { crashDays } from "./stats.js";
import { settingsLine } from "./config.js";
import { instantVsRequest, pathCostReport, type PathCost } from "./demoRequests.js";

const data = (f: string) => fileURLToPath(new URL(`../data/${f}`, import.meta.url));

/** 2021's daily prices of the demo's markets (data/README.md). */
export const DEMO_MARKETS: Record<string, string> = {
  "BTC-USD": data("btc-usd-2021-coingecko.csv"),
  "ETH-USD": data("eth-usd-2021-coingecko.csv"),
};
/** A year of synthetic daily BTC-USD prices (GBM, sigma 60%, no drift, seed 2024, from 60,000; sim/demoPath.ts). */
export const SYNTHETIC_PRICES = data("btc-daily-synthetic.csv");

/** The real leveraged tokens of 2021, market prices, drawn next to the Lever token of their market. */
export const REAL_TOKENS = [
  { name: "ETH2x-FLI, Index Coop 2x (market price)", market: "ETH-USD", file: data("eth2x-fli-2021-coingecko.csv") },
  { name: "ETHBULL, FTX 3x (market price)", market: "ETH-USD", file: data("ethbull-ftx-2021-coingecko.csv") },
  { name: "BTC2x-FLI, Index Coop 2x (market price)", market: "BTC-USD", file: data("btc2x-fli-2021-coingecko.csv") },
] as const;

export const DEMO_TOKENS = ["BTC3L", "BTC3S", "ETH2L", "ETH2S", "ETH3L"] as const;
/** USDC the user puts into each token. */
export const DEMO_AMOUNT = parseUnits("5000", 6);

/** The default deployment plus an ETH 3x long. */
export const DEMO_CONFIG: ProtocolConfig = {
  ...defaultConfig,
  tokens: [...defaultConfig.tokens, token("ETH", 3, true)],
};

export interface DemoOptions {
  /** Replay only the first `days` days (CI uses a short path). */
  days?: number;
  /** Replay the synthetic BTC path (BTC3L and BTC3S only). */
  synthetic?: boolean;
  /** Funding rates (annual, longs pay) of the runs; default 0 and FUNDING_2021. */
  fundingRates?: readonly number[];
  progress?: Progress;
}

export interface DemoRun {
  funding: number;
  protocol: Protocol;
  tokens: DeployedToken[];
  /** Market symbol of each token. */
  tokenMarkets: string[];
  /** Each token's band, as deployed. */
  bands: Band[];
  summaries: TokenSummary[];
  result: RunResult;
}

export interface DemoResult {
  paths: Record<string, PricePath>;
  runs: DemoRun[];
  /** Buying and selling instantly and through next-price requests (sim/demoRequests.ts). */
  entryExit: PathCost[];
  /** Everything the demo prints. */
  report: string;
  steps: number;
  elapsedMs: number;
}

/** Signed leverage of a deployed token: 3 for a 3x long, -3 for a 3x short. */
export async function signedLeverage(t: DeployedToken): Promise<number> {
  const target = Number(formatUnits(await t.vault.targetLeverage(), 18));
  return (await t.vault.isLong()) ? target : -target;
}

export async function demoPaths(o: Pick<DemoOptions, "days" | "synthetic">): Promise<Record<string, PricePath>> {
  if (o.synthetic) return { "BTC-USD": truncateDays(await readPriceCsv(SYNTHETIC_PRICES), o.days) };
  const out: Record<string, PricePath> = {};
  for (const [m, file] of Object.entries(DEMO_MARKETS)) out[m] = truncateDays(await readPriceCsv(file), o.days);
  return out;
}

async function demoRun(
  connection: NetworkConnection<"generic">,
  paths: Record<string, PricePath>,
  funding: number,
  onStep: (i: number) => void
): Promise<DemoRun> {
  const markets = Object.keys(paths);
  const config: ProtocolConfig = {
    markets: DEMO_CONFIG.markets.filter((m) => markets.includes(m.symbol)),
    tokens: DEMO_CONFIG.tokens.filter((t) => markets.includes(t.market)),
  };
  const protocol = await deployProtocol(connection, config);
  const tokens = config.tokens.map((t) => protocol.tokens[t.symbol]);
  const rates = Object.fromEntries(markets.map((m) => [m, paths[m].times.map(() => funding)]));
  const result = await runReplay({
    connection,
    protocol,
    tokens,
    paths,
    amountEach: DEMO_AMOUNT,
    funding: rates,
    onStep,
  });
  const summaries: TokenSummary[] = [];
  for (const [k, t] of tokens.entries()) {
    const path = paths[config.tokens[k].market];
    summaries.push(
      await summarize(t, await signedLeverage(t), result.replay.series[k], path, result.replay.startBlock)
    );
  }
  return {
    funding,
    protocol,
    tokens,
    tokenMarkets: config.tokens.map((t) => t.market),
    bands: config.tokens.map((t) => t.params),
    summaries,
    result,
  };
}

/** Replays the demo once per funding rate, each on a fresh chain from `connect`. */
export async function runDemo(
  connect: () => Promise<NetworkConnection<"generic">>,
  o: DemoOptions = {}
): Promise<DemoResult> {
  const progress = o.progress ?? noProgress;
  const began = performance.now();
  const paths = await demoPaths(o);
  const steps = Object.values(paths)[0].times.length - 1;
  const fundingRates = o.fundingRates ?? [0, FUNDING_2021];
  progress.start(steps * fundingRates.length);
  const runs: DemoRun[] = [];
  for (const [k, f] of fundingRates.entries()) {
    runs.push(await demoRun(await connect(), paths, f, (i) => progress.update(k * steps + i)));
  }
  progress.stop();
  const entryExit = await instantVsRequest(await connect());
  const elapsedMs = performance.now() - began;
  const report = `${demoReport(paths, runs, o.synthetic === true, elapsedMs)}\n\n${pathCostReport(entryExit)}`;
  return { paths, runs, entryExit, report, steps, elapsedMs };
}

function demoReport(paths: Record<string, PricePath>, runs: DemoRun[], synthetic: boolean, elapsedMs: number): string {
  const first = Object.values(paths)[0];
  const last = first.times.length - 1;
  const lines = [
    synthetic
      ? `Lever demo: ${last} days of SYNTHETIC daily BTC-USD prices (GBM, not market data, sim/demoPath.ts)`
      : `Lever demo: ${last} daily steps of real prices, ${isoDay(first.times[0])} to ${isoDay(first.times[last])} (CoinGecko 00:00 UTC snapshots, data/README.md)`,
  ];
  for (const [m, p] of Object.entries(paths)) {
    const crashes = crashDays(p);
    lines.push(
      `  ${m} ${p.prices[0].toFixed(2)} -> ${p.prices[last].toFixed(2)} (${fmtPct(p.prices[last] / p.prices[0] - 1)}); ` +
        `days it fell 10% or more: ${crashes.length ? crashes.map((c) => `${c.day} ${fmtPct(c.return)}`).join(", ") : "none"}` +
        (p.dropped
          ? `; left out the last row (line ${p.dropped.line}, ${new Date(p.dropped.time * 1000).toISOString()}: intraday)`
          : "")
    );
  }
  const run0 = runs[0];
  lines.push(
    `A user bought ${run0.tokens.map((t) => t.symbol).join(", ")} with ${formatUnits(DEMO_AMOUNT, 6)} USDC each; after every price the ` +
      "keeper's decide() acted on the VaultLens state. The deployed settings (deploy/config/defaults.ts, market taker fee 5 bps):",
    ...DEMO_CONFIG.tokens.filter((t) => paths[t.market]).map((t) => `  ${settingsLine(t)}`)
  );
  for (const r of runs) {
    lines.push(
      "",
      r.funding === 0
        ? "At 0 % funding (no perp funding at all: a best case, not a promise):"
        : `At ${fmtPct(r.funding)} a year funding, longs paying shorts (0.02 % per 8 h, about 2021's level on the large perp venues):`,
      summaryTable(r.summaries)
    );
  }
  lines.push(
    "",
    TABLE_NOTE,
    `Deployed and replayed ${runs.length} x ${last} steps in ${(elapsedMs / 1000).toFixed(1)} s.`
  );
  return lines.join("\n");
}

/** The real tokens' prices on the demo's timestamps, with their stale launch rows left out. */
export async function realTokenSeries(paths: Record<string, PricePath>): Promise<(ChartSeries & { market: string })[]> {
  const out: (ChartSeries & { market: string })[] = [];
  for (const r of REAL_TOKENS) {
    const path = paths[r.market];
    if (!path) continue;
    out.push({
      name: r.name,
      market: r.market,
      values: dropStaleStart(onTimes(path, await readPriceCsv(r.file))),
      dash: true,
    });
  }
  return out;
}
