// End-of-replay figures for one token, from the replay's series, the vault's events and its state.
import type { DeployedToken } from "../deploy/protocol.js";
import { Status } from "../keeper/decide.js";
import type { PricePath } from "./path.js";
import type { VaultSeries } from "./replay.js";

export interface TokenSummary {
  symbol: string;
  /** Signed leverage: negative for a short. */
  L: number;
  startNav: bigint; // USDC base units per 1e18 tokens
  endNav: bigint;
  endLeverage: bigint; // WAD
  /** Rebalanced events by kind. */
  rebalances: { rebalance: number; iterate: number; ripcord: number };
  /** USDC base units: taker fees of rebalances, mint fees (fee + the mint's own trade fee), ripcord rewards, streaming fee accrued. */
  fees: { rebalanceTrading: bigint; mint: bigint; ripcordRewards: bigint; streaming: bigint };
  tokenReturn: number;
  underlyingReturn: number;
  leveragedReturn: number; // L x underlyingReturn
  decay: number; // tokenReturn - leveragedReturn
}

const usd = (x: bigint) => Number(x) / 1e6;

export async function summarize(
  token: DeployedToken,
  L: number,
  series: VaultSeries,
  path: PricePath,
  fromBlock: number,
): Promise<TokenSummary> {
  const { vault } = token;
  const rebalanced = await vault.queryFilter(vault.filters.Rebalanced(), fromBlock);
  const minted = await vault.queryFilter(vault.filters.Minted(), 0);
  const rewards = await vault.queryFilter(vault.filters.RipcordRewardPaid(), fromBlock);
  const count = (k: Status) => rebalanced.filter((e) => Number(e.args.kind) === k).length;
  const supply = await token.token.totalSupply();
  const equity = await vault.equity();
  const endNav = series.nav[series.nav.length - 1];
  // Streaming fee not yet minted to the recipient: the equity the holders' NAV no longer counts.
  const heldValue = (endNav * supply) / 10n ** 18n;
  const startNav = series.nav[0];
  const tokenReturn = usd(endNav) / usd(startNav) - 1;
  const underlyingReturn = path.prices[path.prices.length - 1] / path.prices[0] - 1;
  return {
    symbol: token.symbol,
    L,
    startNav,
    endNav,
    endLeverage: series.leverage[series.leverage.length - 1],
    rebalances: { rebalance: count(Status.REBALANCE), iterate: count(Status.ITERATE), ripcord: count(Status.RIPCORD) },
    fees: {
      rebalanceTrading: rebalanced.reduce((s, e) => s + e.args.tradeFee, 0n),
      mint: minted.reduce((s, e) => s + e.args.mintFee + e.args.tradeFee, 0n),
      ripcordRewards: rewards.reduce((s, e) => s + e.args.reward, 0n),
      streaming: equity > heldValue ? equity - heldValue : 0n,
    },
    tokenReturn,
    underlyingReturn,
    leveragedReturn: L * underlyingReturn,
    decay: tokenReturn - L * underlyingReturn,
  };
}
