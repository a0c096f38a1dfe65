// Prometheus metrics of one keeper (its own registry, so tests and several instances do not clash). Every counter
// is exported from the start at 0: the unlabelled ones by prom-client, the per-vault ones by `seeVault` when the
// keeper first reads a vault.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ActionKind } from "./decide.js";
import { KIND_ORDER } from "./decide.js";

const VAULT = ["vault", "symbol"] as const;
const VAULT_KIND = ["vault", "symbol", "kind"] as const;

export class KeeperMetrics {
  readonly registry = new Registry();
  private readonly seen = new Set<string>();
  readonly sent = this.counter(
    "keeper_rebalances_sent_total",
    "Transactions sent (rebalance, iterate, ripcord or settle), per vault",
    VAULT_KIND
  );
  readonly failed = this.counter(
    "keeper_rebalances_failed_total",
    "Sends that failed (rejected by the node, reverted on chain, dropped), per vault",
    VAULT_KIND
  );
  readonly replaced = this.counter(
    "keeper_rebalances_replaced_total",
    "Stuck transactions replaced at the same nonce with higher fees, per vault",
    VAULT_KIND
  );
  readonly settlementsSent = this.counter(
    "keeper_settlements_sent_total",
    "settle() transactions sent, per vault",
    VAULT
  );
  readonly settlementsSucceeded = this.counter(
    "keeper_settlements_succeeded_total",
    "settle() transactions mined without reverting, per vault",
    VAULT
  );
  readonly requestsSettled = this.counter(
    "keeper_requests_settled_total",
    "Requests settled by the keeper's settle() transactions, per vault",
    VAULT
  );
  readonly requestsRefunded = this.counter(
    "keeper_requests_refunded_total",
    "Requests refunded by the keeper's settle() transactions (missed round, slippage, ...), per vault",
    VAULT
  );
  readonly ripcordReward = this.counter(
    "keeper_ripcord_reward_total",
    "Ripcord rewards paid to the keeper's signer, in collateral (USDC), per vault",
    VAULT
  );
  readonly settleReward = this.counter(
    "keeper_settle_reward_total",
    "Settle rewards paid to the keeper's signer, in collateral (USDC), per vault",
    VAULT
  );
  readonly rpcErrors = this.counter("keeper_rpc_errors_total", "Polls that failed on an RPC error", []);
  readonly leverage = this.gauge("keeper_vault_leverage", "Leverage of each vault at the last poll (1.0 = 1x)", VAULT);
  readonly pendingRequests = this.gauge(
    "keeper_pending_requests",
    "Requests in each vault's queue not yet settled or refunded, at the last poll",
    VAULT
  );
  readonly settleableRequests = this.gauge(
    "keeper_settleable_requests",
    "Requests settle() would finish now, at the last poll",
    VAULT
  );
  readonly feedState = this.gauge(
    "keeper_vault_feed_state",
    "Price of each vault at the last poll: 0 usable, 1 stale (older than maxStaleness), 2 invalid",
    VAULT
  );
  readonly lastBlock = this.gauge("keeper_last_block", "Newest block number seen", []);
  readonly vaults = this.gauge("keeper_vaults", "Vaults found through the factory", []);
  readonly balance = this.gauge("keeper_signer_balance_eth", "Signer balance, ether", []);
  readonly settlementDelay = new Histogram({
    name: "keeper_settlement_delay_blocks",
    help: "Blocks from a feed round's publication to the keeper's settle() of it (BatchSettled) being mined",
    buckets: [0, 1, 2, 3, 5, 10, 25, 100],
    registers: [this.registry],
  });
  readonly loopDuration = new Histogram({
    name: "keeper_loop_duration_seconds",
    help: "Wall time of one poll",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [this.registry],
  });

  constructor(withDefaults = false) {
    if (withDefaults) collectDefaultMetrics({ register: this.registry });
  }

  /** Exports every per-vault counter of `vault` at 0 the first time the keeper reads it. */
  seeVault(vault: string, symbol: string): void {
    if (this.seen.has(vault)) return;
    this.seen.add(vault);
    const labels = { vault, symbol };
    for (const kind of KIND_ORDER as readonly ActionKind[])
      for (const c of [this.sent, this.failed, this.replaced]) c.inc({ ...labels, kind }, 0);
    for (const c of [
      this.settlementsSent,
      this.settlementsSucceeded,
      this.requestsSettled,
      this.requestsRefunded,
      this.ripcordReward,
      this.settleReward,
    ])
      c.inc(labels, 0);
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]) {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: readonly L[]) {
    return new Gauge<L>({ name, help, labelNames, registers: [this.registry] });
  }
}
