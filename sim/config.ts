// A one-market, one-token protocol config for `npm run simulate`, from the command line's parameters.
import { parseUnits } from "ethers";
import { market, type ProtocolConfig, type TokenConfig } from "../deploy/config/defaults.js";

export interface SimTokenSpec {
  /** Target leverage (magnitude), e.g. 3. */
  leverage: number;
  short: boolean;
  /** Rebalance band [min, max] of leverage; target -/+ 10% when absent. */
  band?: [number, number];
  /** Time-based re-centering interval, seconds. */
  intervalSeconds: number;
  mintFeeBps: number;
  /** Streaming (management) fee, annual rate, e.g. 0.02. */
  streamingFee: number;
  /** The market's taker fee, bps. */
  takerFeeBps: number;
}

export const SIM_MARKET = "SIM-USD";

const wad = (x: number) => parseUnits(x.toFixed(6), 18);
const usdc = (x: string) => parseUnits(x, 6);

/** Symbol like SIM3L / SIM2.5S. */
export function simSymbol(spec: SimTokenSpec): string {
  return `SIM${spec.leverage}${spec.short ? "S" : "L"}`;
}

/** The rebalance band: as given, or target -/+ 10%. */
export function bandOf(spec: SimTokenSpec): [number, number] {
  return spec.band ?? [spec.leverage * 0.9, spec.leverage * 1.1];
}

export function simToken(spec: SimTokenSpec): TokenConfig {
  const [lo, hi] = bandOf(spec);
  return {
    name: `SIM ${spec.leverage}x ${spec.short ? "Short" : "Long"}`,
    symbol: simSymbol(spec),
    market: SIM_MARKET,
    isLong: !spec.short,
    targetLeverage: wad(spec.leverage),
    params: {
      minLeverage: wad(lo),
      maxLeverage: wad(hi),
      rebalanceInterval: spec.intervalSeconds,
      twapCooldown: 60,
      maxStaleness: 3600,
      ripcordLeverage: wad(Math.min(15, hi * 1.5)),
      recenteringSpeed: 10n ** 18n,
      managementFeeRate: wad(spec.streamingFee),
      mintFeeBps: spec.mintFeeBps,
      redeemFeeBps: spec.mintFeeBps,
      maxTradeSize: usdc("5000000"),
      ripcordMaxTradeSize: usdc("10000000"),
      ripcordReward: usdc("10"),
      collateralCap: usdc("10000000"),
    },
  };
}

/** One mock market SIM-USD opening at `initialPrice`, one token on it. */
export function simConfig(spec: SimTokenSpec, initialPrice: number): ProtocolConfig {
  return {
    markets: [{ ...market(SIM_MARKET, initialPrice.toFixed(8)), takerFeeBps: spec.takerFeeBps }],
    tokens: [simToken(spec)],
  };
}
