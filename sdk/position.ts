// Cost basis and PnL of one account in one token, from its own history (average-cost method).
// Pure: the client turns Minted / Redeemed / Transfer logs into LedgerEntry values and calls `costBasis`.

/** One change of the account's holding, in chain order. Collateral in collateral units, tokens in 18 decimals. */
export type LedgerEntry =
  /** Tokens minted to the account for `collateral` (a Minted event with the account as receiver). */
  | { kind: "mint"; tokens: bigint; collateral: bigint }
  /** The account's tokens burnt for `collateral` (a Redeemed event with the account as sender). */
  | { kind: "redeem"; tokens: bigint; collateral: bigint }
  /** Tokens received otherwise (a transfer, the streaming fee), entered at their value when received. */
  | { kind: "transferIn"; tokens: bigint; value: bigint }
  /** Tokens sent away: leave at their share of the cost basis, realising nothing. */
  | { kind: "transferOut"; tokens: bigint };

export interface Ledger {
  /** Tokens held according to the history (equals balanceOf when the history is complete). */
  tokens: bigint;
  /** Cost of the tokens still held, collateral units. */
  costBasis: bigint;
  /** Proceeds of redemptions minus the cost of the tokens redeemed. */
  realizedPnl: bigint;
  /** Total collateral paid into mints. */
  invested: bigint;
  /** Total collateral received from redemptions. */
  withdrawn: bigint;
}

/** The cost share of `tokens` out of `held`, rounded up so that the cost left behind is never overstated. */
function costShare(cost: bigint, tokens: bigint, held: bigint): bigint {
  if (held === 0n) return 0n;
  if (tokens >= held) return cost;
  return (cost * tokens + held - 1n) / held;
}

export function costBasis(entries: LedgerEntry[]): Ledger {
  const l: Ledger = { tokens: 0n, costBasis: 0n, realizedPnl: 0n, invested: 0n, withdrawn: 0n };
  for (const e of entries) {
    switch (e.kind) {
      case "mint":
        l.tokens += e.tokens;
        l.costBasis += e.collateral;
        l.invested += e.collateral;
        break;
      case "transferIn":
        l.tokens += e.tokens;
        l.costBasis += e.value;
        break;
      case "redeem": {
        const removed = costShare(l.costBasis, e.tokens, l.tokens);
        l.costBasis -= removed;
        l.tokens -= e.tokens < l.tokens ? e.tokens : l.tokens;
        l.realizedPnl += e.collateral - removed;
        l.withdrawn += e.collateral;
        break;
      }
      case "transferOut": {
        const removed = costShare(l.costBasis, e.tokens, l.tokens);
        l.costBasis -= removed;
        l.tokens -= e.tokens < l.tokens ? e.tokens : l.tokens;
        break;
      }
    }
  }
  return l;
}
