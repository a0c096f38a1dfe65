// The I/O loop: read the head and every vault, let decide() choose, simulate, send, follow up. Thin on purpose:
// the choices live in decide.ts, fees.ts, backoff.ts, feeds.ts and health.ts; receipts are read by receipts.ts.
import { formatEther, formatUnits, type JsonRpcProvider, type Wallet } from "ethers";
import type { Logger } from "pino";
import {
  ICollateral__factory,
  IPerpMarket__factory,
  LeveragedTokenFactory__factory,
  LeverageVault__factory,
  VaultLens__factory,
} from "../types/ethers-contracts/index.js";
import type { Deployment } from "../sdk/deployment.js";
import { describeRevert, findRevertData } from "../sdk/errors.js";
import { formatLeverage } from "../sdk/format.js";
import { withGasMargin } from "../sdk/gas.js";
import { Status } from "../sdk/status.js";
import type { KeeperConfig } from "./config.js";
import { decide, keyOf, KIND_ORDER, type Action } from "./decide.js";
import { backoffDelay } from "./backoff.js";
import { readVaults, type VaultRead } from "./chain.js";
import { FeedState, feedVerdict, FeedWatch } from "./feeds.js";
import type { HealthInput } from "./health.js";
import type { KeeperMetrics } from "./metrics.js";
import { summarize } from "./receipts.js";
import { roundPublishedAt } from "./rounds.js";
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
/** How long a vault's maxStaleness is trusted before it is read again (setParams may change it). */
const PARAMS_TTL_MS = 5 * 60_000;

interface Simulated {
  action: Action;
  data: string;
  gasLimit: bigint;
  log: Record<string, unknown>;
}

export class Keeper {
  readonly sender: TxSender;
  readonly state: HealthInput = { nowMs: 0, lastPollOkMs: null, lastBlockTimestamp: null, balance: null };
  readonly feeds = new FeedWatch();
  /** Failed sends and reverted/dropped transactions since start. */
  failures = 0;
  private readonly lens;
  private readonly factory;
  private readonly actions = new Map<string, Action>(); // in-flight key -> the action that caused it
  private readonly maxStaleness = new Map<string, { value: bigint; readAtMs: number }>();
  private readonly feedOfMarket = new Map<string, string>();
  /** Per vault, the first block a poll saw requests settleable: the fallback start of the settlement delay. */
  private readonly settleableSince = new Map<string, number>();
  private collateralDecimals: number | null = null;

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
    for (const m of record.markets) this.feedOfMarket.set(m.market.toLowerCase(), m.feed);
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
    this.collateralDecimals ??= Number(
      await ICollateral__factory.connect(this.record.collateral, this.provider).decimals()
    );
    await this.followUp(head);

    const vaults = await readVaults(this.lens, this.factory, this.cfg.pageSize, head.number);
    await this.watch(vaults, head);
    this.metrics.vaults.set(vaults.length); // after watch(): a scrape that sees the count sees every vault's series

    const actions = decide(vaults, {
      pending: new Set(this.sender.inflight.keys()),
      maxRequests: this.cfg.maxSettleRequests,
    });
    const byVault = new Map(vaults.map((v) => [v.vault, v]));
    const result: PollResult = { block: head.number, vaults: vaults.length, actions, sent: 0, skipped: 0, failed: 0 };
    // Kind by kind (ripcords, settlements, rebalances), so each kind is simulated after the sends of the ones
    // before it. Within a kind, simulate a chunk at once, then send its survivors one by one in decide()'s order.
    for (const kind of KIND_ORDER) {
      const ofKind = actions.filter((a) => a.kind === kind);
      for (let i = 0; i < ofKind.length; i += SIM_CHUNK) {
        const chunk = ofKind.slice(i, i + SIM_CHUNK);
        const sims = await Promise.all(chunk.map((a) => this.simulate(a, byVault.get(a.vault)!, head)));
        for (const sim of sims) result[sim ? await this.send(sim, head) : "skipped"]++;
      }
    }
    this.state.lastPollOkMs = Date.now();
    return result;
  }

  /** Per-vault gauges, counters at 0 for new vaults, and a log line when a vault's price becomes (un)usable. */
  private async watch(vaults: VaultRead[], head: Head & { timestamp: number }): Promise<void> {
    await this.readMaxStaleness(vaults.map((v) => v.vault));
    for (const v of vaults) {
      const labels = { vault: v.vault, symbol: v.symbol };
      this.metrics.seeVault(v.vault, v.symbol);
      if (v.ok) this.metrics.leverage.set(labels, Number(formatUnits(v.leverage, 18)));
      this.metrics.pendingRequests.set(labels, Number(v.pendingRequests));
      this.metrics.settleableRequests.set(labels, Number(v.settleableRequests));
      const key = v.vault.toLowerCase();
      if (v.settleableRequests > 0n) {
        if (!this.settleableSince.has(key)) this.settleableSince.set(key, head.number);
      } else this.settleableSince.delete(key);

      const maxStaleness = this.maxStaleness.get(key)?.value;
      const verdict = feedVerdict(v, maxStaleness, head.timestamp);
      this.metrics.feedState.set(labels, verdict.state);
      const change = this.feeds.update(v.vault, v.symbol, verdict, maxStaleness);
      if (!change) continue;
      const fields = { ...labels, from: change.from === null ? undefined : FeedState[change.from], ageS: change.ageS };
      if (change.to === FeedState.OK) this.log.info({ event: "feed-ok", ...fields }, `${v.symbol}: price usable again`);
      else if (change.to === FeedState.STALE)
        this.log.warn(
          { event: "feed-stale", ...fields, maxStalenessS: Number(maxStaleness) },
          `${v.symbol}: price feed stale (${change.ageS} s old, max ${maxStaleness} s): the vault cannot be acted on`
        );
      else
        this.log.warn(
          { event: "feed-invalid", ...fields },
          `${v.symbol}: price feed invalid: the vault cannot be acted on`
        );
    }
  }

  /** Reads `params().maxStaleness` of vaults not read in the last PARAMS_TTL_MS (an unreadable one stays unknown). */
  private async readMaxStaleness(vaults: string[]): Promise<void> {
    const now = Date.now();
    const due = vaults.filter(
      (v) => (this.maxStaleness.get(v.toLowerCase())?.readAtMs ?? -Infinity) + PARAMS_TTL_MS < now
    );
    for (let i = 0; i < due.length; i += 50) {
      await Promise.all(
        due.slice(i, i + 50).map(async (v) => {
          try {
            const p = await LeverageVault__factory.connect(v, this.provider).params();
            this.maxStaleness.set(v.toLowerCase(), { value: p.maxStaleness, readAtMs: now });
          } catch {
            // a vault whose params() reverts: no staleness check for it; its lens state says ok = false anyway
          }
        })
      );
    }
  }

  /** The call an action sends. */
  private calldata(a: Action): string {
    if (a.kind === "ripcord") return vaultIface.encodeFunctionData("ripcord");
    if (a.kind === "settle") return vaultIface.encodeFunctionData("settle", [a.requests]);
    return vaultIface.encodeFunctionData("rebalance");
  }

  /** Re-checks the vault and simulates the call on the latest state; null (logged) when it should not be sent. */
  private async simulate(a: Action, v: VaultRead, head: Head): Promise<Simulated | null> {
    const log = {
      vault: a.vault,
      symbol: a.symbol,
      status: Status[a.status],
      kind: a.kind,
      leverage: formatLeverage(a.leverage),
      target: formatLeverage(v.targetLeverage),
      block: head.number,
      ...(a.kind === "settle" ? { requests: Number(a.requests), pendingRequests: Number(v.pendingRequests) } : {}),
    };
    const what = a.kind === "settle" ? `settle ${a.requests} of ${a.symbol}` : `${a.kind} ${a.symbol}`;
    this.log.info({ event: "decision", ...log, dryRun: this.cfg.dryRun }, `${what} at ${formatLeverage(a.leverage)}x`);
    const vault = LeverageVault__factory.connect(a.vault, this.wallet);
    const data = this.calldata(a);
    const [current, call, gas] = await Promise.allSettled([
      a.kind === "settle" ? vault.settleableRequests() : vault.rebalanceStatus(),
      this.provider.call({ from: this.wallet.address, to: a.vault, data }),
      this.provider.estimateGas({ from: this.wallet.address, to: a.vault, data }),
    ]);
    const skip = (why: string) => {
      this.log.info({ event: "skip", ...log, reason: why }, `skip ${a.symbol}: ${why}`);
      return null;
    };
    if (current.status === "rejected") throw current.reason; // the node, not the vault: let the loop back off
    if (a.kind === "settle") {
      if (current.value === 0n) return skip("nothing to settle any more (settled by someone else)");
    } else if (Number(current.value) !== a.status) return skip(`status is now ${Status[Number(current.value)]}`);
    if (call.status === "rejected") return skip(`simulation reverted: ${reason(call.reason)}`);
    if (gas.status === "rejected") return skip(`gas estimation failed: ${reason(gas.reason)}`);
    const gasLimit = withGasMargin(gas.value);
    if (this.cfg.dryRun) {
      this.log.info({ event: "dry-run", ...log, gasLimit: gasLimit.toString() }, `would ${what}`);
      return null;
    }
    return { action: a, data, gasLimit, log };
  }

  private async send(sim: Simulated, head: Head): Promise<"sent" | "failed"> {
    const a = sim.action;
    const labels = { vault: a.vault, symbol: a.symbol, kind: a.kind };
    try {
      const key = keyOf(a);
      const tx = await this.sender.send(key, a.vault, sim.data, sim.gasLimit, head);
      this.actions.set(key, a);
      this.metrics.sent.inc(labels);
      if (a.kind === "settle") this.metrics.settlementsSent.inc({ vault: a.vault, symbol: a.symbol });
      this.log.info({ event: "tx-sent", ...sim.log, ...txFields(tx) }, `sent ${a.kind} ${a.symbol} ${tx.hashes[0]}`);
      return "sent";
    } catch (e) {
      this.failures++;
      this.metrics.failed.inc(labels);
      this.log.error({ event: "tx-failed", ...sim.log, error: reason(e) }, `send failed for ${a.symbol}`);
      return "failed";
    }
  }

  /** The sender's follow-up of every in-flight transaction, each event reported (and logged) before it returns. */
  private async followUp(head: Head): Promise<void> {
    const reports: Promise<void>[] = [];
    try {
      await this.sender.check(head, (ev) => reports.push(this.report(ev)));
    } finally {
      await Promise.all(reports);
    }
  }

  private async report(ev: TxEvent): Promise<void> {
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
    const fields = {
      event: ev.type === "mined" ? "tx-mined" : "tx-reverted",
      ...base,
      hash: r.hash,
      blockNumber: r.blockNumber,
      gasUsed: r.gasUsed.toString(),
      feePaid: (r.gasUsed * r.gasPrice).toString(),
    };
    if (ev.type === "reverted") {
      this.failures++;
      this.metrics.failed.inc(labels);
      this.log.error(fields, `reverted ${labels.kind} ${labels.symbol} ${r.hash}`);
      return;
    }
    const s = summarize(r.logs, labels.vault, this.wallet.address);
    const vaultLabels = { vault: labels.vault, symbol: labels.symbol };
    const usdc = (x: bigint) => formatUnits(x, this.collateralDecimals ?? 6);
    const extra: Record<string, unknown> = {
      leverageAfter: s.leverageAfter === undefined ? undefined : formatLeverage(s.leverageAfter),
    };
    if (s.ripcordReward !== undefined) {
      extra.ripcordReward = usdc(s.ripcordReward);
      this.metrics.ripcordReward.inc(vaultLabels, Number(usdc(s.ripcordReward)));
    }
    if (labels.kind === "settle") {
      this.metrics.settlementsSucceeded.inc(vaultLabels);
      this.metrics.requestsSettled.inc(vaultLabels, s.settled);
      const refunded = Object.values(s.refunded).reduce((x, y) => x + y, 0);
      this.metrics.requestsRefunded.inc(vaultLabels, refunded);
      Object.assign(extra, { settled: s.settled, refunded: s.refunded });
      if (s.settleReward !== undefined) {
        extra.settleReward = usdc(s.settleReward);
        this.metrics.settleReward.inc(vaultLabels, Number(usdc(s.settleReward)));
      }
      if (s.batch) Object.assign(extra, await this.settlementDelay(labels.vault, s.batch.roundId, r.blockNumber));
      this.settleableSince.delete(labels.vault.toLowerCase());
    }
    const msg =
      s.ripcordReward !== undefined
        ? `mined ripcord ${labels.symbol} ${r.hash}, reward ${usdc(s.ripcordReward)}`
        : `mined ${labels.kind} ${labels.symbol} ${r.hash}`;
    this.log.info({ ...fields, ...extra }, msg);
  }

  /** Blocks from the round's publication (or, failing that, from the first poll that saw it settleable). */
  private async settlementDelay(vault: string, roundId: bigint, minedAt: number) {
    let published: number | null = null;
    try {
      published = await roundPublishedAt(this.provider, await this.feedOf(vault), roundId, minedAt);
    } catch (e) {
      this.log.debug({ event: "round-lookup-failed", vault, roundId: roundId.toString(), error: reason(e) });
    }
    const from = published ?? this.settleableSince.get(vault.toLowerCase()) ?? null;
    if (from === null) return { roundId: roundId.toString() };
    const blocks = minedAt - from;
    this.metrics.settlementDelay.observe(blocks);
    return {
      roundId: roundId.toString(),
      roundBlock: from,
      roundBlockSource: published === null ? "first-seen" : "feed",
      blocksFromRound: blocks,
    };
  }

  private async feedOf(vault: string): Promise<string> {
    const market = (await LeverageVault__factory.connect(vault, this.provider).market()).toLowerCase();
    let feed = this.feedOfMarket.get(market);
    if (!feed) {
      feed = await IPerpMarket__factory.connect(market, this.provider).priceFeed();
      this.feedOfMarket.set(market, feed);
    }
    return feed;
  }

  /** Waits for every in-flight transaction to settle (used by --once). False on timeout. */
  async settle(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let attempt = 0;
    while (this.sender.inflight.size > 0) {
      if (Date.now() > deadline || signal?.aborted) return false;
      try {
        await this.followUp(await this.head());
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

  private async head(): Promise<Head & { timestamp: number }> {
    const b = await this.provider.getBlock("latest");
    if (!b) throw new Error("node returned no latest block");
    this.state.lastBlockTimestamp = b.timestamp;
    this.metrics.lastBlock.set(b.number);
    return { number: b.number, baseFee: b.baseFeePerGas ?? 0n, timestamp: b.timestamp };
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
