// The replay engine: walks a price path through the real contracts on a Hardhat network connection.
// Each step: advance time to the step's timestamp, publish the price (the transaction mines the block at that
// time, no evm_mine), read every vault with one VaultLens call, let the keeper's decide() pick actions and send
// them. Only steps with actions cost a second lens call (the state after the trades). Transactions go straight
// to the provider with pre-encoded calldata and fixed gas limits: no estimateGas, nonce or receipt round trips.
import type { NetworkConnection } from "hardhat/types/network";
import { decide, type VaultView } from "../keeper/decide.js";
import { Status } from "../sdk/status.js";
import {
  LeverageVault__factory,
  MockPerpMarket__factory,
  MockPriceFeed__factory,
  VaultLens__factory,
} from "../types/ethers-contracts/index.js";
import { decodeVaultStates, type VaultStateView as LensState } from "../sdk/vaultStates.js";

export interface ReplayFeed {
  feed: string;
  /** Feed answer (8 decimals) for each step; step 0 must already be published when the replay starts. */
  answers: readonly bigint[];
  /** The feed's market and its funding rate (WAD a year) for each step, sent when it changes; none: left as it is. */
  funding?: { market: string; rates: readonly bigint[] };
}

export interface ReplayOptions {
  connection: NetworkConnection<"generic">;
  lens: string;
  vaults: readonly string[];
  feeds: readonly ReplayFeed[];
  /** Seconds since the first point, one per step (offsets[0] = 0). */
  offsets: readonly number[];
  /** Account that owns the feeds and sends the keeper's transactions: unlocked or impersonated (see run.ts). */
  sender: string;
  onStep?: (step: number) => void;
  /**
   * Read the vaults again after a step's trades, so the series hold end-of-step state (default). Without it a step
   * with trades records the state the keeper acted on: cheaper when only the path's end state matters.
   */
  readAfterTrades?: boolean;
}

/** The state of one vault at the end of every step (after that step's trades unless `readAfterTrades` is false). */
export interface VaultSeries {
  vault: string;
  nav: bigint[];
  leverage: bigint[];
  equity: bigint[];
  /** The leverage the keeper saw at each step, before that step's trades (= `leverage` where it did nothing). */
  leverageSeen: bigint[];
  /** The status acted on at each step (REBALANCE, ITERATE, RIPCORD), undefined when the keeper did nothing. */
  actions: (Status | undefined)[];
}

export interface ReplayResult {
  /** Chain time of step 0. */
  startTime: number;
  startBlock: number;
  series: VaultSeries[];
  transactions: number;
  elapsedMs: number;
}

const SET_PRICE_GAS = "0x30d40"; // 200k
const KEEPER_GAS = "0x1e8480"; // 2M
// Explicit EIP-1559 fees: without them Hardhat asks the node for eth_feeHistory before every transaction.
const MAX_FEE = "0x2540be400"; // 10 gwei; the in-process chain's base fee stays below 1 gwei
const PRIORITY_FEE = "0x1";

const lensIface = VaultLens__factory.createInterface();
const vaultIface = LeverageVault__factory.createInterface();
const feedIface = MockPriceFeed__factory.createInterface();
const marketIface = MockPerpMarket__factory.createInterface();
const REBALANCE_DATA = vaultIface.encodeFunctionData("rebalance");
const RIPCORD_DATA = vaultIface.encodeFunctionData("ripcord");

export async function replay(o: ReplayOptions): Promise<ReplayResult> {
  const { provider, networkHelpers } = o.connection;
  const steps = o.offsets.length;
  for (const f of o.feeds) {
    if (f.answers.length !== steps) throw new Error(`feed ${f.feed}: ${f.answers.length} prices for ${steps} steps`);
  }
  const latest = (await provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
    timestamp: string;
    number: string;
  };
  const startTime = Number(latest.timestamp);
  // With same-timestamp blocks allowed (sim/connection.ts) every transaction of a step is at the step's time;
  // otherwise each block is one second after the one before.
  const sameTime =
    (o.connection.networkConfig as { allowBlocksWithSameTimestamp?: boolean }).allowBlocksWithSameTimestamp === true;
  let lastTime = startTime;
  let transactions = 0;
  const lensCall = { from: o.sender, to: o.lens, data: lensIface.encodeFunctionData("getVaults", [[...o.vaults]]) };
  const read = async (): Promise<LensState[]> =>
    decodeVaultStates((await provider.request({ method: "eth_call", params: [lensCall, "latest"] })) as string, {
      checksum: false, // the replay keys vaults by lower-case address; skips a keccak per vault and step
    });
  const send = async (to: string, data: string, gas: string, at: number) => {
    lastTime = Math.max(at, sameTime ? lastTime : lastTime + 1);
    await networkHelpers.time.setNextBlockTimestamp(lastTime);
    await provider.request({
      method: "eth_sendTransaction",
      params: [{ from: o.sender, to, data, gas, maxFeePerGas: MAX_FEE, maxPriorityFeePerGas: PRIORITY_FEE }],
    });
    transactions++;
  };

  const series: VaultSeries[] = o.vaults.map((vault) => ({
    vault,
    nav: [],
    leverage: [],
    equity: [],
    leverageSeen: [],
    actions: [],
  }));
  const record = (states: LensState[], acted: Map<string, Status>, seen: LensState[]) => {
    states.forEach((s, k) => {
      series[k].leverageSeen.push(seen[k].leverage);
      series[k].nav.push(s.nav);
      series[k].leverage.push(s.leverage);
      series[k].equity.push(s.equity);
      series[k].actions.push(acted.get(s.vault.toLowerCase()));
    });
  };

  const began = performance.now();
  const opening = await read();
  record(opening, new Map(), opening);
  o.onStep?.(0);
  for (let i = 1; i < steps; i++) {
    const at = startTime + o.offsets[i];
    for (const f of o.feeds) {
      const rate = f.funding?.rates[i];
      if (f.funding && rate !== f.funding.rates[i - 1]) {
        await send(f.funding.market, marketIface.encodeFunctionData("setFundingRate", [rate!]), SET_PRICE_GAS, at);
      }
    }
    for (const f of o.feeds)
      await send(f.feed, feedIface.encodeFunctionData("setPrice", [f.answers[i]]), SET_PRICE_GAS, at);
    const seen = await read();
    let states = seen;
    const actions = decide(states.map(toView));
    const acted = new Map<string, Status>();
    for (const a of actions) {
      try {
        await send(a.vault, a.kind === "ripcord" ? RIPCORD_DATA : REBALANCE_DATA, KEEPER_GAS, at);
      } catch (e) {
        throw new Error(`step ${i}: ${a.kind} of ${a.symbol} (${a.vault}) failed: ${(e as Error).message}`, {
          cause: e,
        });
      }
      acted.set(a.vault.toLowerCase(), Number(a.status));
    }
    if (actions.length && o.readAfterTrades !== false) states = await read();
    record(states, acted, seen);
    o.onStep?.(i);
  }
  return {
    startTime,
    startBlock: Number(latest.number),
    series,
    transactions,
    elapsedMs: performance.now() - began,
  };
}

/** What the keeper's decision function sees of a lens state. */
export function toView(s: LensState): VaultView {
  return {
    vault: s.vault,
    symbol: s.symbol,
    ok: s.ok,
    status: s.status,
    leverage: s.leverage,
    targetLeverage: s.targetLeverage,
  };
}
