// Oracle front-running (docs/security.md F-2 and A) and the fees that make it unprofitable.
//
// Instant mint and redeem settle at the current oracle price (docs/protocol.md §5: synchronous, previews exact).
// Someone who knows the next oracle update (the pending transaction, or the off-chain price the feed lags) can mint
// just before it and redeem just after. A mint grows the position pro rata, so it buys the vault's current leverage
// L, anywhere in the band (above it a mint is refused); a favourable update of p earns about L·p; the round trip
// costs the mint fee, the redeem fee (both scaled by L / target above target) and the market's taker fee on the
// L-times notional each way:
//     cost ≈ mintFee·s(L) + redeemFee·s(L') + 2·L·takerFee   (bps of the amount; L' < L after the update)
// A push feed (Chainlink) publishes when the price has moved by its deviation threshold D, so an update carries
// about D. The trade loses whenever cost ≥ L·D, at every L of the band. Larger gaps (a jump between two heartbeats)
// still pay; next-price requests (docs/protocol.md §5b) settle at a later round and are the path without it.

/** Default deviation threshold assumed for a market's feed, bps: 0.5 %, Chainlink's BTC/USD and ETH/USD on mainnet. */
export const DEFAULT_FEED_DEVIATION_BPS = 50;

/**
 * Headroom over the threshold in the default fees, percent: deviation-triggered updates land a little past
 * the threshold (the price keeps moving while the round is aggregated).
 */
export const DEVIATION_HEADROOM_PCT = 10;

/** Round-trip cost of mint + redeem on an L-times token, in bps of the amount (first order). */
export function roundTripCostBps(leverage: number, mintFeeBps: number, redeemFeeBps: number, takerFeeBps: number) {
  return mintFeeBps + redeemFeeBps + 2 * leverage * takerFeeBps;
}

/** What a front-runner earns from one update of `feedDeviationBps` on an L-times token, bps of the amount. */
export function updateGainBps(leverage: number, feedDeviationBps: number) {
  return leverage * feedDeviationBps;
}

/** Where an instant mint or redeem can happen, WAD-free: target and the band's edges (docs/protocol.md §6). */
export interface LeverageBand {
  target: number;
  minLeverage: number;
  maxLeverage: number;
}

/**
 * The vault's fee multiplier at leverage `lev` (FeeMath.bpsAtLeverageUp): mint and redeem fees scale with
 * leverage above target, up to the band's top (no instant mint happens above it, docs/security.md A).
 */
export function feeScale(lev: number, band: LeverageBand): number {
  return Math.min(Math.max(lev, band.target), band.maxLeverage) / band.target;
}

/**
 * Profit of the instant round trip on 1 unit of collateral, in bps: mint at leverage L (both fees scaled by
 * `feeScale`), one favourable update of `moveBps`, redeem at the leverage that update leaves (lower: L(1 + p) /
 * (1 + L p) on a long, L(1 - p) / (1 + L p) on a short). The pro-rata mint pays the taker fee on L x what joins, the
 * redeem on that notional after the move:
 *     added = (1 - m·s(L))(1 - L·f);  out = added (1 + L p)(1 - r·s(L')) - L f added (1 ± p)
 */
export function frontRunProfitBps(
  lev: number,
  band: LeverageBand,
  mintFeeBps: number,
  redeemFeeBps: number,
  takerFeeBps: number,
  moveBps: number,
  isLong: boolean
): number {
  const [m, r, f, p] = [mintFeeBps, redeemFeeBps, takerFeeBps, moveBps].map((x) => x / 10_000);
  const added = (1 - m * feeScale(lev, band)) * (1 - lev * f);
  const after = (lev * (isLong ? 1 + p : 1 - p)) / (1 + lev * p);
  const out = added * (1 + lev * p) * (1 - r * feeScale(after, band)) - lev * f * added * (isLong ? 1 + p : 1 - p);
  return (out - 1) * 10_000;
}

/**
 * The most the round trip makes anywhere an instant mint can happen: every leverage of the band (steps of 1/200 of
 * it), long and short. Returns that profit (bps) and where.
 */
export function worstFrontRun(
  band: LeverageBand,
  mintFeeBps: number,
  redeemFeeBps: number,
  takerFeeBps: number,
  moveBps: number
): { profitBps: number; leverage: number; isLong: boolean } {
  let worst = { profitBps: -Infinity, leverage: band.target, isLong: true };
  for (let i = 0; i <= 200; i++) {
    const lev = band.minLeverage + ((band.maxLeverage - band.minLeverage) * i) / 200;
    for (const isLong of [true, false]) {
      const profitBps = frontRunProfitBps(lev, band, mintFeeBps, redeemFeeBps, takerFeeBps, moveBps, isLong);
      if (profitBps > worst.profitBps) worst = { profitBps, leverage: lev, isLong };
    }
  }
  return worst;
}

/**
 * The mint fee and the redeem fee (equal, whole bps, at least `floorBps`) that make front-running one update of the
 * feed's threshold plus the headroom a loss at every leverage of the band (`worstFrontRun`): 68 bps each for a 3x
 * token with band [2.5, 3.5], 46 for a 2x token with band [1.6, 2.4], on a 0.5 % feed and a 5 bps taker fee. Capped
 * at `maxFeeBps`, the vault's own cap (VaultParamsCaps `caps().maxMintFeeBps`, read by deploy/caps.ts; this file
 * holds no copy of it); deploy/parameters.ts applies that cap to a default fee. With today's 100 bps cap a 0.5 %
 * feed's capped fees cover about 5x at target (200 + 2·L·5 >= L·50 only up to L = 5), less with a band above it,
 * and deploy/parameters.ts refuses such a token unless its feed is faster.
 */
export function frontRunSafeFeeBps(
  band: LeverageBand,
  feedDeviationBps: number,
  takerFeeBps: number,
  floorBps = 10,
  maxFeeBps = Number.POSITIVE_INFINITY
): number {
  const move = (feedDeviationBps * (100 + DEVIATION_HEADROOM_PCT)) / 100;
  let fee = floorBps;
  while (fee < maxFeeBps && worstFrontRun(band, fee, fee, takerFeeBps, move).profitBps >= 0) fee++;
  return Math.min(fee, maxFeeBps);
}
