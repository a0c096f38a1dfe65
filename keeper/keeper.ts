// The I/O loop: read the head and every vault, let decide() choose, simulate, send, follow up. Thin on purpose:
// the choices live in decide.ts, fees.ts, backoff.ts and health.ts.
import { formatEther, formatUnits, type JsonRpcProvider, type Wallet } from "ethers";
import type { Logger } from "pino";
import {
  LeveragedTokenFactory__factory,
  LeverageVault__factory,
  VaultLens__factory,
} from "../types/ethers-contracts/index.js";
import type { Deployment } from "../sdk/deployment.js";
import { describeRevert, findRevertData } from "../sdk/errors.js";
import { formatLeverage } from "../sdk/format.js";
import { Status } from "../sdk/status.js";
import type { KeeperConfig } from "./config.js";
import { actionKey, decide, type Action } from "./decide.js";
import { backoffDelay } from "./backoff.js";
import { readVaults, type VaultRead } from "./chain.js";
import type { HealthInput } from "./health.js";
import type { KeeperMetrics } from "./metrics.js";
import { TxSender, type Head, type InFlight, type TxEvent } from "./sender.js";

export interface PollResult {
  block: number;
  vaults: number;
  actions: Action[];
  sent: number;
  skipped: number;
  failed: number;
}

const vaultIface = LeverageVault__factory.createInterface();
/** Actions simulated concurrently before their sends. */
const SIM_CHUNK = 20;

interface Simulated {
  action: Action;
  data: string;
  gasLimit: bigint;
  log: Record<string, unknown>;
}

export class Keeper {
  readonly sender: TxSender;
  readonly state: HealthInput = { nowMs: 0, lastPollOkMs: null, lastBlockTimestamp: null, balance: null };
  /** Failed sends and reverted/dropped transactions since start. */
  failures = 0;
  private readonly lens;
  private readonly factory;
  private readonly actions = new Map<string, Action>(); // in-flight key -> the action that caused it

  constructor(
    private readonly cfg: KeeperConfig,
    private readonly record: Deployment,
    private readonly provider: JsonRpcProvider,
    private readonly wallet: Wallet,
    private readonly log: Logger,
    private readonly metrics: KeeperMetrics
  ) {
    this.lens = VaultLens__factory.connect(record.lens, provider);
    this.factory = LeveragedTokenFactory__factory.connect(record.factory, provider);
    this.sender = new TxSender(wallet, provider, {
      chainId: BigInt(record.chainId),
      policy: {
        maxFeeCap: cfg.maxFeePerGas,
        priorityFee: cfg.priorityFee,
        baseFeeMultiplierPct: cfg.baseFeeMultiplier,
      },
      replaceAfterBlocks: cfg.replaceAfterBlocks,
      confirmations: cfg.confirmations,
    });
  }

  /** One pass: follow up on sent transactions, read every vault, act on what needs it. */
  async poll(): Promise<PollResult> {
    const head = await this.head();
    const balance = await this.provider.getBalance(this.wallet.address, head.number);
    this.state.balance = balance;
    this.metrics.balance.set(Number(formatEther(balance)));
    await this.sender.check(head, (ev) => this.report(ev));

    const vaults = await readVaults(this.lens, this.factory, this.cfg.pageSize, head.number);
    this.metrics.vaults.set(vaults.length);
    for (const v of vaults)
      if (v.ok) this.metrics.leverage.set({ vault: v.vault, symbol: v.symbol }, Number(formatUnits(v.leverage, 18)));

    const actions = decide(vaults, new Set(this.sender.inflight.keys()));
    const byVault = new Map(vaults.map((v) => [v.vault, v]));
    const result: PollResult = { block: head.number, vaults: vaults.length, actions, sent: 0, skipped: 0, failed: 0 };
    // Simulate a chunk at once, then send its survivors one by one in decide()'s order (ripcords first).
    for (let i = 0; i < actions.length; i += SIM_CHUNK) {
      const chunk = actions.slice(i, i + SIM_CHUNK);
      const sims = await Promise.all(chunk.map((a) => this.simulate(a, byVault.get(a.vault)!, head)));
      for (const sim of sims) result[sim ? await this.send(sim, head) : "skipped"]++;
    }
    this.state.lastPollOkMs = Date.now();
    return result;
  }

  /** Re-checks the status and simulates the call on the latest state; null (logged) when it should not be sent. */
  private async simulate(a: Action, v: VaultRead, head: Head): Promise<Simulated | null> {
    const log = {
      vault: a.vault,
      symbol: a.symbol,
      status: Status[a.status],
      kind: a.kind,
      leverage: formatLeverage(a.leverage),
      target: formatLeverage(v.targetLeverage),
      block: head.number,
    };
    this.log.info(
      { event: "decision", ...log, dryRun: this.cfg.dryRun },
      `${a.kind} ${a.symbol} at ${formatLeverage(a.leverage)}x`
    );
    const vault = LeverageVault__factory.connect(a.vault, this.wallet);
    const data =
      a.kind === "ripcord" ? vaultIface.encodeFunctionData("ripcord") : vaultIface.encodeFunctionData("rebalance");
    const [status, call, gas] = await Promise.allSettled([
      vault.rebalanceStatus(),
      a.kind === "ripcord" ? vault.ripcord.staticCall() : vault.rebalance.staticCall(),
      this.provider.estimateGas({ from: this.wallet.address, to: a.vault, data }),
    ]);
    const skip = (why: string) => {
      this.log.info({ event: "skip", ...log, reason: why }, `skip ${a.symbol}: ${why}`);
      return null;
    };
    if (status.status === "rejected") throw status.reason; // the node, not the vault: let the loop back off
    if (Number(status.value) !== a.status) return skip(`status is now ${Status[Number(status.value)]}`);
    if (call.status === "rejected") return skip(`simulation reverted: ${reason(call.reason)}`);
    if (gas.status === "rejected") return skip(`gas estimation failed: ${reason(gas.reason)}`);
    const gasLimit = (gas.value * 120n) / 100n;
    if (this.cfg.dryRun) {
      this.log.info({ event: "dry-run", ...log, gasLimit: gasLimit.toString() }, `would ${a.kind} ${a.symbol}`);
      return null;
    }
    return { action: a, data, gasLimit, log };
  }

  private async send(sim: Simulated, head: Head): Promise<"sent" | "failed"> {
    const a = sim.action;
    const labels = { vault: a.vault, symbol: a.symbol, kind: a.kind };
    try {
      const key = actionKey(a.vault, a.status);
      const tx = await this.sender.send(key, a.vault, sim.data, sim.gasLimit, head);
      this.actions.set(key, a);
      this.metrics.sent.inc(labels);
      this.log.info({ event: "tx-sent", ...sim.log, ...txFields(tx) }, `sent ${a.kind} ${a.symbol} ${tx.hashes[0]}`);
      return "sent";
    } catch (e) {
      this.failures++;
      this.metrics.failed.inc(labels);
      this.log.error({ event: "tx-failed", ...sim.log, error: reason(e) }, `send failed for ${a.symbol}`);
      return "failed";
    }
  }

  private report(ev: TxEvent): void {
    const a = this.actions.get(ev.tx.key);
    const labels = { vault: a?.vault ?? ev.tx.to, symbol: a?.symbol ?? "?", kind: a?.kind ?? "?" };
    const base = {
      ...labels,
      status: a ? Status[a.status] : undefined,
      leverageBefore: a ? formatLeverage(a.leverage) : undefined,
      ...txFields(ev.tx),
    };
    if (ev.type === "replaced") {
      this.metrics.replaced.inc(labels);
      this.log.warn(
        { event: "tx-replaced", ...base, oldHash: ev.oldHash, hash: ev.hash },
        `replaced ${ev.oldHash} with ${ev.hash}`
      );
      return;
    }
    if (ev.type === "at-cap") {
      this.log.warn({ event: "tx-at-fee-cap", ...base }, `cannot raise fees of ${base.hash} above the cap`);
      return;
    }
    this.actions.delete(ev.tx.key);
    if (ev.type === "dropped") {
      this.failures++;
      this.metrics.failed.inc(labels);
      this.log.warn({ event: "tx-dropped", ...base, reason: ev.reason }, `dropped ${base.hash}`);
      return;
    }
    const r = ev.receipt;
    const after = r.logs
      .filter((l) => l.address.toLowerCase() === labels.vault.toLowerCase())
      .map((l) => vaultIface.parseLog(l))
      .find((p) => p?.name === "Rebalanced");
    const fields = {
      event: ev.type === "mined" ? "tx-mined" : "tx-reverted",
      ...base,
      hash: r.hash,
      blockNumber: r.blockNumber,
      gasUsed: r.gasUsed.toString(),
      feePaid: (r.gasUsed * r.gasPrice).toString(),
      leverageAfter: after ? formatLeverage(after.args.leverageAfter as bigint) : undefined,
    };
    if (ev.type === "mined") this.log.info(fields, `mined ${labels.kind} ${labels.symbol} ${r.hash}`);
    else {
      this.failures++;
      this.metrics.failed.inc(labels);
      this.log.error(fields, `reverted ${labels.kind} ${labels.symbol} ${r.hash}`);
    }
  }

  /** Waits for every in-flight transaction to settle (used by --once). False on timeout. */
  async settle(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let attempt = 0;
    while (this.sender.inflight.size > 0) {
      if (Date.now() > deadline || signal?.aborted) return false;
      try {
        await this.sender.check(await this.head(), (ev) => this.report(ev));
        attempt = 0;
        await sleep(Math.min(this.cfg.pollInterval, 500), signal);
      } catch (e) {
        this.log.warn({ event: "rpc-error", error: reason(e) }, "RPC error while waiting for receipts");
        await sleep(backoffDelay(attempt++), signal);
      }
    }
    return true;
  }

  /** The long-running loop: polls until `signal` aborts; RPC failures back off and never end it. */
  async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      const started = performance.now();
      let wait = this.cfg.pollInterval;
      try {
        if (failures > 0) {
          await this.sender.rebroadcast();
          await this.sender.syncNonce();
        }
        const r = await this.poll();
        if (failures > 0)
          this.log.info({ event: "rpc-recovered", failedPolls: failures, block: r.block }, "RPC reachable again");
        failures = 0;
        this.log.debug({ event: "poll", ...r, actions: r.actions.length }, "poll done");
      } catch (e) {
        this.metrics.rpcErrors.inc();
        wait = backoffDelay(failures);
        if (failures === 0) this.log.warn({ event: "rpc-unreachable", error: reason(e) }, "poll failed; backing off");
        this.log.warn(
          { event: "poll-failed", attempt: failures + 1, retryInMs: wait, error: reason(e) },
          "poll failed"
        );
        failures++;
      }
      this.metrics.loopDuration.observe((performance.now() - started) / 1000);
      await sleep(wait, signal);
    }
  }

  private async head(): Promise<Head> {
    const b = await this.provider.getBlock("latest");
    if (!b) throw new Error("node returned no latest block");
    this.state.lastBlockTimestamp = b.timestamp;
    this.metrics.lastBlock.set(b.number);
    return { number: b.number, baseFee: b.baseFeePerGas ?? 0n };
  }
}

function txFields(tx: InFlight) {
  return {
    hash: tx.hashes[tx.hashes.length - 1],
    nonce: tx.nonce,
    maxFeePerGas: tx.fees.maxFeePerGas.toString(),
    maxPriorityFeePerGas: tx.fees.maxPriorityFeePerGas.toString(),
  };
}

/** Short reason of an error, with any protocol custom error decoded (sdk/errors.ts) when there is one. */
export function reason(e: unknown): string {
  const data = findRevertData(e);
  const described = data ? describeRevert(data) : undefined;
  if (described) return described.text;
  const x = e as { shortMessage?: string; message?: string };
  return (x?.shortMessage ?? x?.message ?? String(e)).split("\n")[0].slice(0, 300);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
