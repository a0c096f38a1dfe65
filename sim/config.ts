// A one-market, one-token protocol config for `npm run simulate`: the deployed token of the requested leverage
// (deploy/config/defaults.ts `token`), with whatever the command line overrides.
import { formatUnits, parseUnits } from "ethers";
import { market, token, type ProtocolConfig, type TokenConfig } from "../deploy/config/defaults.js";

export interface SimTokenSpec {
  /** Target leverage (magnitude), e.g. 3. */
  leverage: number;
  short: boolean;
  /** Rebalance band [min, max] of leverage; the deployed token's when absent. */
  band?: [number, number];
  /** Time-based re-centering interval, seconds. */
  intervalSeconds?: number;
  mintFeeBps?: number;
  /** Streaming (management) fee, annual rate, e.g. 0.02. */
  streamingFee?: number;
  /** Share of the way back to target a rebalance goes, e.g. 0.05 (FLI) or 1. */
  recenteringSpeed?: number;
  ripcordLeverage?: number;
  /** The market's taker fee, bps; the deployed market's (5) when absent. */
  takerFeeBps?: number;
}

export const SIM_MARKET = "SIM-USD";
export const DEFAULT_TAKER_FEE_BPS = market(SIM_MARKET, "1").takerFeeBps;

/**
 * Index Coop's ETH2x-FLI settings: 2x, band 1.7-2.3, rebalanced every 24 h, recentering speed 5 %, ripcord at
 * 2.7x, streaming fee 1.95 % a year. Mint fee and taker fee stay Lever's (FLI paid DEX slippage instead).
 */
export const FLI_SPEC: SimTokenSpec = {
  leverage: 2,
  short: false,
  band: [1.7, 2.3],
  intervalSeconds: 24 * 3600,
  recenteringSpeed: 0.05,
  ripcordLeverage: 2.7,
  streamingFee: 0.0195,
};

const wad = (x: number) => parseUnits(x.toFixed(6), 18);
const num = (x: bigint) => Number(formatUnits(x, 18));

export function simSymbol(spec: SimTokenSpec): string {
  return `SIM${spec.leverage}${spec.short ? "S" : "L"}`;
}

export function simToken(spec: SimTokenSpec): TokenConfig {
  const base = token("SIM", spec.leverage, !spec.short);
  const p = { ...base.params };
  if (spec.band) [p.minLeverage, p.maxLeverage] = spec.band.map(wad);
  if (spec.ripcordLeverage !== undefined) p.ripcordLeverage = wad(spec.ripcordLeverage);
  else if (p.ripcordLeverage <= p.maxLeverage) p.ripcordLeverage = wad(Math.min(15, num(p.maxLeverage) * 1.5));
  if (spec.intervalSeconds !== undefined) p.rebalanceInterval = spec.intervalSeconds;
  if (spec.mintFeeBps !== undefined) [p.mintFeeBps, p.redeemFeeBps] = [spec.mintFeeBps, spec.mintFeeBps];
  if (spec.streamingFee !== undefined) p.managementFeeRate = wad(spec.streamingFee);
  if (spec.recenteringSpeed !== undefined) p.recenteringSpeed = wad(spec.recenteringSpeed);
  return { ...base, name: `SIM ${spec.leverage}x ${spec.short ? "Short" : "Long"}`, params: p };
}

/** One mock market SIM-USD opening at `initialPrice`, one token on it. */
export function simConfig(spec: SimTokenSpec, initialPrice: number): ProtocolConfig {
  return {
    markets: [
      { ...market(SIM_MARKET, initialPrice.toFixed(8)), takerFeeBps: spec.takerFeeBps ?? DEFAULT_TAKER_FEE_BPS },
    ],
    tokens: [simToken(spec)],
  };
}

/** "BTC3L: 3x long, band 2.5-3.5, ripcord 5x, every 24 h, recentering 100 %, mint/redeem fee 68/68 bps, streaming 2.00 %/yr". */
export function settingsLine(t: TokenConfig): string {
  const p = t.params;
  return (
    `${t.symbol}: ${num(t.targetLeverage)}x ${t.isLong ? "long" : "short"}, band ${num(p.minLeverage)}-${num(p.maxLeverage)}, ` +
    `ripcord ${num(p.ripcordLeverage)}x, every ${p.rebalanceInterval / 3600} h, recentering ${+(num(p.recenteringSpeed) * 100).toFixed(2)} %, ` +
    `mint/redeem fee ${p.mintFeeBps}/${p.redeemFeeBps} bps, streaming fee ${(num(p.managementFeeRate) * 100).toFixed(2)} %/yr`
  );
}
