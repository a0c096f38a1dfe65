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
}

export type ActionKind = "ripcord" | "rebalance";

export interface Action {
  kind: ActionKind;
  vault: string;
  symbol: string;
  status: Status;
  leverage: bigint;
  targetLeverage: bigint;
}

/**
 * Ripcords first (most urgent: highest leverage first), then rebalances and iterations
 * (largest drift from target first). Vaults with status NONE or unreadable state get nothing.
 * `pending` holds "vault:status" keys already sent and not yet settled: never send twice.
 */
export function decide(vaults: readonly VaultView[], pending: ReadonlySet<string> = new Set()): Action[] {
  const actions: Action[] = [];
  for (const v of vaults) {
    if (!v.ok || v.status === Status.NONE) continue;
    if (pending.has(actionKey(v.vault, v.status))) continue;
    const kind: ActionKind = v.status === Status.RIPCORD ? "ripcord" : "rebalance";
    const { vault, symbol, leverage, targetLeverage } = v;
    actions.push({ kind, vault, symbol, status: v.status as Status, leverage, targetLeverage });
  }
  const drift = (a: Action) =>
    a.leverage > a.targetLeverage ? a.leverage - a.targetLeverage : a.targetLeverage - a.leverage;
  return actions.sort((a, b) => {
    if (a.kind !== b.kind) return a.kind === "ripcord" ? -1 : 1;
    const d = drift(b) - drift(a);
    return d > 0n ? 1 : d < 0n ? -1 : 0;
  });
}

/** Identity of an action for de-duplication. */
export function actionKey(vault: string, status: number): string {
  return `${vault.toLowerCase()}:${status}`;
}
