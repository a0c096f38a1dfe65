// End-of-replay figures for one token, from the replay's series, the vault's events and its state.
import type { DeployedToken } from "../deploy/protocol.js";
import { Status } from "../sdk/status.js";
import { isoDay, YEAR_SECONDS, type PricePath } from "./path.js";
import type { VaultSeries } from "./replay.js";
import { continuousCurve, dailyReturns, realisedSigma } from "./stats.js";

export interface TokenSummary {
  symbol: string;
  /** Signed leverage: negative for a short. */
  L: number;
  startNav: bigint; // USDC base units per 1e18 tokens
  endNav: bigint;
  endLeverage: bigint; // WAD
  /** Rebalanced events by kind. */
  rebalances: { rebalance: number; iterate: number; ripcord: number };
  /** USDC base units, each fee apart (see docs/simulate.md). */
  fees: {
    /** The vault's mint fee (`Minted.mintFee`). */
    mint: bigint;
    /** The market's taker fee on the mint's trade (`Minted.tradeFee`). */
    mintTrading: bigint;
    /** The market's taker fee on rebalances (`Rebalanced.tradeFee`). */
    rebalanceTrading: bigint;
    /**
     * Streaming fee paid by the holders: the fee rate x each step's length x the holders' equity then. The fee is
     * taken by minting tokens (FeesAccrued, when the vault is touched by a mint or redeem), so the holders pay it
     * through NAV whether or not the tokens were minted yet.
     */
    streamingPaid: bigint;
    ripcordRewards: bigint;
  };
  tokenReturn: number;
  underlyingReturn: number;
  /** What a continuously rebalanced L-times product returns on this path: (S_T/S_0)^L exp(-(L^2-L) sigma^2 T/2) - 1. */
  formulaReturn: number;
  /** End value of the token over the formula's (both 1 at the start). */
  tokenOverFormula: number;
  /** The token's worst day (from one day start to the next) and its date. */
  worstDay: { day: string; return: number };
}

const usd = (x: bigint) => Number(x) / 1e6;
const WAD = 10n ** 18n;

/** Worst day-start to day-start change of `values` (stats.ts `dailyReturns`); 0 on the first day when none fell. */
export function worstDay(path: PricePath, values: readonly number[]): { day: string; return: number } {
  let worst = { day: isoDay(path.times[0]), return: 0 };
  for (const d of dailyReturns(path, values)) if (d.return < worst.return) worst = d;
  return worst;
}

export async function summarize(
  token: DeployedToken,
  L: number,
  series: VaultSeries,
  path: PricePath,
  fromBlock: number
): Promise<TokenSummary> {
  const { vault } = token;
  const rebalanced = await vault.queryFilter(vault.filters.Rebalanced(), fromBlock);
  const minted = await vault.queryFilter(vault.filters.Minted(), 0);
  const rewards = await vault.queryFilter(vault.filters.RipcordRewardPaid(), fromBlock);
  const rate = (await vault.params()).managementFeeRate;
  let streamingPaid = 0n;
  for (let i = 1; i < series.equity.length; i++) {
    streamingPaid +=
      (series.equity[i] * rate * BigInt(path.times[i] - path.times[i - 1])) / (WAD * BigInt(YEAR_SECONDS));
  }
  const count = (k: Status) => rebalanced.filter((e) => Number(e.args.kind) === k).length;
  const startNav = series.nav[0];
  const endNav = series.nav[series.nav.length - 1];
  const tokenReturn = usd(endNav) / usd(startNav) - 1;
  const formula = continuousCurve(path, L, realisedSigma(path));
  const formulaEnd = formula[formula.length - 1];
  return {
    symbol: token.symbol,
    L,
    startNav,
    endNav,
    endLeverage: series.leverage[series.leverage.length - 1],
    rebalances: { rebalance: count(Status.REBALANCE), iterate: count(Status.ITERATE), ripcord: count(Status.RIPCORD) },
    fees: {
      mint: minted.reduce((s, e) => s + e.args.mintFee, 0n),
      mintTrading: minted.reduce((s, e) => s + e.args.tradeFee, 0n),
      rebalanceTrading: rebalanced.reduce((s, e) => s + e.args.tradeFee, 0n),
      streamingPaid,
      ripcordRewards: rewards.reduce((s, e) => s + e.args.reward, 0n),
    },
    tokenReturn,
    underlyingReturn: path.prices[path.prices.length - 1] / path.prices[0] - 1,
    formulaReturn: formulaEnd - 1,
    tokenOverFormula: (1 + tokenReturn) / formulaEnd,
    worstDay: worstDay(path, series.nav.map(Number)),
  };
}
