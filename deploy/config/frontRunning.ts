// Oracle front-running (docs/security.md F-2) and the fees that make it unprofitable.
//
// Mint and redeem settle at the current oracle price (docs/protocol.md §5: synchronous, previews exact). Someone who knows
// the next oracle update (the pending transaction, or the off-chain price the feed lags) can mint just before it
// and redeem just after. On an L-times token a favourable update of p earns about L·p; the round trip costs the
// mint fee, the redeem fee and the market's taker fee on the L-times notional each way:
//     cost ≈ mintFee + redeemFee + 2·L·takerFee   (bps of the amount)
// A push feed (Chainlink) publishes when the price has moved by its deviation threshold D, so an update carries
// about D. The trade loses whenever cost ≥ L·D. Larger gaps (a jump between two heartbeats) still pay; only a
// two-step mint settled at a later price removes that, which docs/protocol.md §5's synchronous mint rules out.

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

/**
 * The mint fee and the redeem fee (equal, whole bps, at least `floorBps`) that make front-running one update
 * of the feed's threshold plus the headroom a loss. Rounded up: the vault's side of the trade. Capped at
 * `maxFeeBps`, the vault's own cap (VaultParamsCaps `caps().maxMintFeeBps`, read by deploy/caps.ts; this file
 * holds no copy of it); deploy/parameters.ts applies that cap to a default fee. With today's 100 bps cap, a
 * 0.5 % feed's capped fees leave no headroom above about 4.5x and no longer cover an update above 5x
 * (200 + 2·L·5 >= L·50 only up to L = 5), and deploy/parameters.ts refuses such a token unless its feed is faster.
 */
export function frontRunSafeFeeBps(
  leverage: number,
  feedDeviationBps: number,
  takerFeeBps: number,
  floorBps = 10,
  maxFeeBps = Number.POSITIVE_INFINITY
): number {
  const gain = (updateGainBps(leverage, feedDeviationBps) * (100 + DEVIATION_HEADROOM_PCT)) / 100;
  const perSide = (gain - 2 * leverage * takerFeeBps) / 2;
  return Math.min(maxFeeBps, Math.max(floorBps, Math.ceil(perSide - 1e-9)));
}
