// Whether each vault's price is usable, and which vaults changed state since the last poll. Pure.
// A vault whose feed is stale or invalid can be neither rebalanced, ripcorded nor settled: the keeper says so once
// when it happens (and once when it clears), /healthz lists it, and a per-vault gauge carries it.

/** 0 usable, 1 stale (older than the vault's maxStaleness), 2 invalid (the lens could not read it, or price 0). */
export enum FeedState {
  OK = 0,
  STALE = 1,
  INVALID = 2,
}

export interface FeedReading {
  /** VaultLens's `ok`: false when the vault's views revert (an invalid or reverting feed). */
  ok: boolean;
  /** Mark price, WAD; 0 when the market has no valid price. */
  price: bigint;
  /** The price's publication time, unix seconds. */
  priceUpdatedAt: bigint;
}

export interface FeedVerdict {
  state: FeedState;
  /** Seconds since the price was published (head block time), null when invalid. */
  ageS: number | null;
}

/** The verdict at block time `nowS`; `maxStaleness` (seconds) unknown means no staleness check. */
export function feedVerdict(r: FeedReading, maxStaleness: bigint | undefined, nowS: number): FeedVerdict {
  if (!r.ok || r.price === 0n) return { state: FeedState.INVALID, ageS: null };
  const ageS = nowS - Number(r.priceUpdatedAt);
  if (maxStaleness !== undefined && ageS > Number(maxStaleness)) return { state: FeedState.STALE, ageS };
  return { state: FeedState.OK, ageS };
}

export interface FeedChange {
  vault: string;
  symbol: string;
  from: FeedState | null; // null: first reading
  to: FeedState;
  ageS: number | null;
}

/** Remembers each vault's last verdict; `update` reports a change only when the state differs from the last one. */
export class FeedWatch {
  private readonly last = new Map<
    string,
    { vault: string; symbol: string; verdict: FeedVerdict; maxStaleness?: bigint }
  >();

  /** The change to log, or null. A first reading that is OK is no change (nothing to say). */
  update(vault: string, symbol: string, verdict: FeedVerdict, maxStaleness?: bigint): FeedChange | null {
    const key = vault.toLowerCase();
    const before = this.last.get(key);
    this.last.set(key, { vault, symbol, verdict, maxStaleness });
    const from = before ? before.verdict.state : null;
    if (from === verdict.state || (from === null && verdict.state === FeedState.OK)) return null;
    return { vault, symbol, from, to: verdict.state, ageS: verdict.ageS };
  }

  /** One /healthz problem per vault whose price is not usable. */
  problems(): string[] {
    const out: string[] = [];
    for (const { vault, symbol, verdict, maxStaleness } of this.last.values()) {
      if (verdict.state === FeedState.INVALID) out.push(`${symbol} (${vault}): price feed invalid`);
      else if (verdict.state === FeedState.STALE)
        out.push(`${symbol} (${vault}): price feed stale (${verdict.ageS} s old, max ${maxStaleness} s)`);
    }
    return out;
  }
}
