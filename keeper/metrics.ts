// Prometheus metrics of one keeper (its own registry, so tests and several instances do not clash).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export class KeeperMetrics {
  readonly registry = new Registry();
  readonly sent = new Counter({
    name: "keeper_rebalances_sent_total",
    help: "Transactions sent (rebalance, iterate or ripcord), per vault",
    labelNames: ["vault", "symbol", "kind"] as const,
    registers: [this.registry],
  });
  readonly failed = new Counter({
    name: "keeper_rebalances_failed_total",
    help: "Sends that failed (rejected by the node, reverted on chain, dropped), per vault",
    labelNames: ["vault", "symbol", "kind"] as const,
    registers: [this.registry],
  });
  readonly replaced = new Counter({
    name: "keeper_rebalances_replaced_total",
    help: "Stuck transactions replaced at the same nonce with higher fees, per vault",
    labelNames: ["vault", "symbol", "kind"] as const,
    registers: [this.registry],
  });
  readonly leverage = new Gauge({
    name: "keeper_vault_leverage",
    help: "Leverage of each vault at the last poll (1.0 = 1x)",
    labelNames: ["vault", "symbol"] as const,
    registers: [this.registry],
  });
  readonly lastBlock = new Gauge({
    name: "keeper_last_block",
    help: "Newest block number seen",
    registers: [this.registry],
  });
  readonly vaults = new Gauge({
    name: "keeper_vaults",
    help: "Vaults found through the factory",
    registers: [this.registry],
  });
  readonly balance = new Gauge({
    name: "keeper_signer_balance_eth",
    help: "Signer balance, ether",
    registers: [this.registry],
  });
  readonly loopDuration = new Histogram({
    name: "keeper_loop_duration_seconds",
    help: "Wall time of one poll",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [this.registry],
  });
  readonly rpcErrors = new Counter({
    name: "keeper_rpc_errors_total",
    help: "Polls that failed on an RPC error",
    registers: [this.registry],
  });

  constructor(withDefaults = false) {
    if (withDefaults) collectDefaultMetrics({ register: this.registry });
  }
}
