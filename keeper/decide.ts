// The keeper's decision: vault states in, actions out. Pure, so tests and the demo drive it without a chain.

import { Status } from "../sdk/status.js";

/** What the keeper needs to know about one vault (a subset of VaultLens.VaultState). */
export interface VaultView {
  vault: string;
  symbol: string;
  ok: boolean; // false when the lens could not read the vault (invalid oracle, ...)
  status: number;
  leverage: bigint;
  targetLeverage: bigint;
  /** Requests `settle` would finish now (VaultLens.settleableRequests): settled at their round or refunded. Absent: 0. */
  settleableRequests?: bigint;
}

export type ActionKind = "ripcord" | "settle" | "rebalance";

export interface Action {
  kind: ActionKind;
  vault: string;
  symbol: string;
  status: Status;
  leverage: bigint;
  targetLeverage: bigint;
  /** For a settle: the requests it finishes, at most `maxRequests` of decide(). 0 for the other kinds. */
  requests: bigint;
}

/** Order of the kinds within one pass: ripcords, then settlements, then rebalances and iterations. */
export const KIND_ORDER: readonly ActionKind[] = ["ripcord", "settle", "rebalance"];

export interface DecideOptions {
  /** Keys (actionKey/settleKey) of actions sent and not yet settled: never send twice. */
  pending?: ReadonlySet<string>;
  /** `settle(maxRequests)`'s argument: most requests one settlement finishes. */
  maxRequests?: bigint;
}

export const DEFAULT_MAX_REQUESTS = 50n;

/**
 * Every RIPCORD first (most urgent: highest leverage first), then a `settle` for every vault with settleable
 * requests (most requests first), then rebalances and iterations (largest drift from target first). A vault in
 * RIPCORD with settleable requests gets both: `settle` reverts `RipcordFirst` until the ripcord is mined, so the
 * keeper sends each kind only after the kinds before it. Vaults with unreadable state get nothing; status NONE
 * gets no rebalance.
 */
export function decide(
  vaults: readonly VaultView[],
  options: DecideOptions | ReadonlySet<string> = {} // a set: the pending keys alone (the earlier signature)
): Action[] {
  const o: DecideOptions = options instanceof Set ? { pending: options } : (options as DecideOptions);
  const pending = o.pending ?? new Set<string>();
  const maxRequests = o.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const actions: Action[] = [];
  for (const v of vaults) {
    if (!v.ok) continue;
    const { vault, symbol, leverage, targetLeverage } = v;
    const status = v.status as Status;
    const settleable = v.settleableRequests ?? 0n;
    if (settleable > 0n && !pending.has(settleKey(vault))) {
      const requests = settleable < maxRequests ? settleable : maxRequests;
      actions.push({ kind: "settle", vault, symbol, status, leverage, targetLeverage, requests });
    }
    if (v.status === Status.NONE || pending.has(actionKey(vault, v.status))) continue;
    const kind: ActionKind = v.status === Status.RIPCORD ? "ripcord" : "rebalance";
    actions.push({ kind, vault, symbol, status, leverage, targetLeverage, requests: 0n });
  }
  const drift = (a: Action) =>
    a.leverage > a.targetLeverage ? a.leverage - a.targetLeverage : a.targetLeverage - a.leverage;
  const weight = (a: Action) => (a.kind === "settle" ? a.requests : a.kind === "ripcord" ? a.leverage : drift(a));
  return actions.sort((a, b) => {
    if (a.kind !== b.kind) return KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
    const d = weight(b) - weight(a);
    return d > 0n ? 1 : d < 0n ? -1 : 0;
  });
}

/** Identity of a ripcord or rebalance for de-duplication: the vault and the status it answers. */
export function actionKey(vault: string, status: number): string {
  return `${vault.toLowerCase()}:${status}`;
}

/** Identity of a settlement for de-duplication: one in flight per vault. */
export function settleKey(vault: string): string {
  return `${vault.toLowerCase()}:settle`;
}

/** The de-duplication key of an action. */
export function keyOf(a: Action): string {
  return a.kind === "settle" ? settleKey(a.vault) : actionKey(a.vault, a.status);
}
