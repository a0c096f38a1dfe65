// Quotes with their fee breakdown, instant and next-price. Pure: the client reads previewMint / previewRedeem,
// quoteRequestMint / quoteRequestRedeem, the vault's params and NAV, and these functions put the figures together.

const WAD = 10n ** 18n;
const BPS = 10_000n;

/** ceil(amount x bps / 10,000): FeeMath.bpsUp, the vault's fee rounding. */
export const bpsUp = (amount: bigint, bps: bigint): bigint => (amount * bps + BPS - 1n) / BPS;

/** `amount` less `slippageBps`, rounded down: the least a transaction should accept. */
export const slippageBound = (amount: bigint, slippageBps: number): bigint =>
  (amount * (BPS - BigInt(slippageBps))) / BPS;

/** An instant mint, exact for the block it was read in. */
export interface MintQuote {
  path: "instant";
  collateralIn: bigint;
  tokensOut: bigint;
  /** tokensOut less the slippage bound: pass it as `minTokensOut`. */
  minTokensOut: bigint;
  fees: {
    /** The vault's mint fee, exact (mintFeeBps of collateralIn, rounded up). */
    mintFee: bigint;
    /** The market's taker fee on the position's growth: collateralIn - mintFee - tokensOut x NAV (within rounding). */
    tradeFee: bigint;
    total: bigint;
  };
}

/** An instant redeem, exact for the block it was read in. */
export interface RedeemQuote {
  path: "instant";
  tokensIn: bigint;
  collateralOut: bigint;
  minCollateralOut: bigint;
  fees: {
    /** The vault's redeem fee, exact (redeemFeeBps of tokensIn x NAV, rounded up). */
    redeemFee: bigint;
    /** The taker fee of the position's reduction: tokensIn x NAV - redeemFee - collateralOut (within rounding). */
    tradeFee: bigint;
    total: bigint;
  };
}

/** What `quoteRequestMint` / `quoteRequestRedeem` return, as the contract reports it. */
export interface RequestQuoteView {
  amountOut: bigint;
  requestFee: bigint;
  tradeFee: bigint;
  settleReward: bigint;
}

/**
 * A next-price request's ESTIMATE: what it would return if it settled alone at today's price. It settles at the
 * price of the feed's next round, which nobody knows yet; netting in a batch only lowers the trade fee.
 */
export interface RequestEstimate {
  path: "request";
  estimate: true;
  side: "mint" | "redeem";
  /** Collateral (mint) or tokens (redeem) escrowed. */
  amountIn: bigint;
  /** Tokens (mint) or collateral (redeem) at today's price. */
  amountOut: bigint;
  /** amountOut less the slippage bound: the request's `minOut` (a refund below it). */
  minOut: bigint;
  fees: {
    /** The request fee (request fee bps), the settler's reward included. */
    requestFee: bigint;
    /** The part of requestFee paid to whoever settles the batch. */
    settleReward: bigint;
    /** The taker fee of settling alone: an upper bound on the request's share of its batch's. */
    tradeFee: bigint;
    total: bigint;
  };
}

export function mintQuote(
  collateralIn: bigint,
  tokensOut: bigint,
  nav: bigint,
  mintFeeBps: bigint,
  slippageBps: number
): MintQuote {
  const mintFee = bpsUp(collateralIn, mintFeeBps);
  const value = (tokensOut * nav + WAD - 1n) / WAD;
  const rest = collateralIn - mintFee - value;
  const tradeFee = tokensOut === 0n ? 0n : rest > 0n ? rest : 0n;
  return {
    path: "instant",
    collateralIn,
    tokensOut,
    minTokensOut: slippageBound(tokensOut, slippageBps),
    fees: { mintFee, tradeFee, total: mintFee + tradeFee },
  };
}

export function redeemQuote(
  tokensIn: bigint,
  collateralOut: bigint,
  nav: bigint,
  redeemFeeBps: bigint,
  slippageBps: number
): RedeemQuote {
  const gross = (tokensIn * nav) / WAD;
  const redeemFee = bpsUp(gross, redeemFeeBps);
  const rest = gross - redeemFee - collateralOut;
  const tradeFee = collateralOut === 0n ? 0n : rest > 0n ? rest : 0n;
  return {
    path: "instant",
    tokensIn,
    collateralOut,
    minCollateralOut: slippageBound(collateralOut, slippageBps),
    fees: { redeemFee, tradeFee, total: redeemFee + tradeFee },
  };
}

export function requestEstimate(
  side: "mint" | "redeem",
  amountIn: bigint,
  q: RequestQuoteView,
  slippageBps: number
): RequestEstimate {
  return {
    path: "request",
    estimate: true,
    side,
    amountIn,
    amountOut: q.amountOut,
    minOut: slippageBound(q.amountOut, slippageBps),
    fees: {
      requestFee: q.requestFee,
      settleReward: q.settleReward,
      tradeFee: q.tradeFee,
      total: q.requestFee + q.tradeFee,
    },
  };
}
