// `npm run demo`: deploy the protocol (deployProtocol, the code `npm run deploy` uses), buy BTC3L and BTC3S,
// replay the shipped year of daily BTC prices with the keeper acting after every update, and tabulate the result.
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { formatUnits, parseUnits } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import { deployProtocol, type DeployedToken, type Protocol } from "../deploy/protocol.js";
import { readPriceCsv } from "./csv.js";
import { DEMO_PATH_PARAMS } from "./demoPath.js";
import { truncateDays } from "./path.js";
import { noProgress, type Progress } from "./progress.js";
import { runReplay } from "./run.js";
import { summarize, type TokenSummary } from "./summary.js";
import { summaryTable } from "./table.js";

/** A year of daily BTC-USD prices. Synthetic: GBM, sigma 60%, no drift, seed 2024, from 60,000 (see docs/simulate.md). */
export const DEMO_PRICES = fileURLToPath(new URL("../data/btc-daily-synthetic.csv", import.meta.url));
export const DEMO_TOKENS = ["BTC3L", "BTC3S"] as const;
/** USDC the user puts into each token. */
export const DEMO_AMOUNT = parseUnits("5000", 6);

export interface DemoOptions {
  /** Replay only the first `days` days (CI uses a short path). */
  days?: number;
  progress?: Progress;
}

export interface DemoResult {
  protocol: Protocol;
  summaries: TokenSummary[];
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

export async function runDemo(connection: NetworkConnection<"generic">, o: DemoOptions = {}): Promise<DemoResult> {
  const progress = o.progress ?? noProgress;
  const began = performance.now();
  const path = truncateDays(await readPriceCsv(DEMO_PRICES), o.days);
  const protocol = await deployProtocol(connection);
  const tokens = DEMO_TOKENS.map((s) => protocol.tokens[s]);
  progress.start(path.times.length - 1);
  const { purchases, replay } = await runReplay({
    connection,
    protocol,
    tokens,
    paths: { "BTC-USD": path },
    amountEach: DEMO_AMOUNT,
    onStep: (i) => progress.update(i),
  });
  progress.stop();
  const summaries: TokenSummary[] = [];
  for (const [k, t] of tokens.entries()) {
    summaries.push(await summarize(t, await signedLeverage(t), replay.series[k], path, replay.startBlock));
  }
  const elapsedMs = performance.now() - began;
  const days = (path.times[path.times.length - 1] - path.times[0]) / 86400;
  const report = [
    `Lever demo: ${days} days of daily BTC-USD prices from ${relative(process.cwd(), DEMO_PRICES)}`,
    `(synthetic, not market data: GBM with sigma ${DEMO_PATH_PARAMS.sigma * 100}%, drift ${DEMO_PATH_PARAMS.mu}, seed ${DEMO_PATH_PARAMS.seed}), ` +
      `BTC ${path.prices[0].toFixed(0)} -> ${path.prices[path.prices.length - 1].toFixed(0)}`,
    `User bought ${purchases.map((p) => `${p.symbol} with ${formatUnits(p.collateralIn, 6)} USDC`).join(" and ")}; ` +
      `after every price update the keeper's decide() acted on the VaultLens state (${replay.transactions} transactions).`,
    "",
    summaryTable(summaries),
    "",
    `decay = token return - L x underlying return; L = +3 for BTC3L, -3 for BTC3S. Deployed and replayed ${path.times.length - 1} steps in ${(elapsedMs / 1000).toFixed(1)} s.`,
  ].join("\n");
  return { protocol, summaries, report, steps: path.times.length - 1, elapsedMs };
}
