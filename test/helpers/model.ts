// The protocol's money math written again from docs/protocol.md §5-§7, independently of the contracts, so the
// tests can compute what a mint, redeem or fee must come to. Every division rounds the way the spec
// says (in the vault's favour): tokens and collateral out round down, fees round up.
import { abs, BPS, ceilDiv, UNIT, VIRTUAL_ASSETS, VIRTUAL_SHARES, WAD, YEAR } from "./units.js";

/** The vault as a mint or redeem in the next block sees it. */
export interface VaultState {
  size: bigint; // signed, WAD base units
  equity: bigint; // USDC units, fees owed excluded
  price: bigint; // WAD
  takerFeeBps: bigint;
  supply: bigint; // token supply including the streaming fee accrued up to that block
}

export const bpsUp = (amount: bigint, bps: bigint) => ceilDiv(amount * bps, BPS);

/** Market taker fee: notional rounded up, fee rounded up. */
export const takerFee = (absSize: bigint, price: bigint, feeBps: bigint) =>
  absSize === 0n ? 0n : bpsUp(ceilDiv(absSize * price, UNIT), feeBps);

export const notional = (absSize: bigint, price: bigint) => (absSize * price) / UNIT;

export const leverageOf = (absSize: bigint, price: bigint, equity: bigint) => (notional(absSize, price) * WAD) / equity;

/** Streaming fee tokens for `elapsed` seconds at `ratePerYear` (WAD): supply x rate x t / year, rounded up. */
export const streamingFeeTokens = (supply: bigint, ratePerYear: bigint, elapsed: bigint) =>
  ceilDiv(supply * ratePerYear * elapsed, WAD * YEAR);

/** Tokens worth `assets` at NAV, with the virtual shares/assets of the initial NAV. */
export const toTokens = (assets: bigint, equity: bigint, supply: bigint) =>
  (assets * (supply + VIRTUAL_SHARES)) / (equity + VIRTUAL_ASSETS);

export const toAssets = (tokens: bigint, equity: bigint, supply: bigint) =>
  (tokens * (equity + VIRTUAL_ASSETS)) / (supply + VIRTUAL_SHARES);

/** NAV of 1e18 tokens. */
export const navOf = (equity: bigint, supply: bigint) => toAssets(WAD, equity, supply);

/**
 * Notional that opens a position from flat at leverage `lev` after paying the taker fee on it:
 * N = lev (E - N f)  =>  N = lev E / (1 + lev f).
 */
export function openingNotional(equity: bigint, lev: bigint, feeBps: bigint): bigint {
  const f = feeBps * (WAD / BPS);
  return (lev * equity) / (WAD + (lev * f) / WAD);
}

export interface MintQuote {
  tokensOut: bigint;
  mintFee: bigint;
  tradeFee: bigint;
  absDelta: bigint;
  equityAfter: bigint;
}

/** docs/protocol.md §5 mint: fees off first, position grows pro rata (or opens at target), minter pays the trade fee. */
export function quoteMint(s: VaultState, collateralIn: bigint, mintFeeBps: bigint, target: bigint): MintQuote {
  const mintFee = bpsUp(collateralIn, mintFeeBps);
  const net = collateralIn - mintFee;
  const absDelta =
    s.size === 0n || s.equity === 0n
      ? (openingNotional(net, target, s.takerFeeBps) * UNIT) / s.price
      : (abs(s.size) * net) / (s.equity + bpsUp(notional(abs(s.size), s.price), s.takerFeeBps));
  const tradeFee = takerFee(absDelta, s.price, s.takerFeeBps);
  const added = net - tradeFee;
  return { tokensOut: toTokens(added, s.equity, s.supply), mintFee, tradeFee, absDelta, equityAfter: s.equity + added };
}

export interface RedeemQuote {
  collateralOut: bigint;
  gross: bigint;
  redeemFee: bigint;
  tradeFee: bigint;
  absDelta: bigint;
}

/** docs/protocol.md §5 redeem: position shrinks by size x n / supply; share of equity minus redeem fee and trade fee. */
export function quoteRedeem(s: VaultState, tokensIn: bigint, redeemFeeBps: bigint): RedeemQuote {
  const gross = toAssets(tokensIn, s.equity, s.supply);
  const absDelta = (abs(s.size) * tokensIn) / s.supply;
  const tradeFee = takerFee(absDelta, s.price, s.takerFeeBps);
  const redeemFee = bpsUp(gross, redeemFeeBps);
  const collateralOut = gross > tradeFee + redeemFee ? gross - tradeFee - redeemFee : 0n;
  return { collateralOut, gross, redeemFee, tradeFee, absDelta };
}

/** Equity after the price moves from p0 to p1 with a signed position: equity + size x (p1 - p0). */
export function equityAfterMove(equity: bigint, size: bigint, p0: bigint, p1: bigint): bigint {
  const pnl = size * (p1 - p0);
  // the market pays gains rounded down and takes losses rounded up
  const moved = pnl >= 0n ? equity + pnl / UNIT : equity - ceilDiv(-pnl, UNIT);
  return moved > 0n ? moved : 0n;
}
