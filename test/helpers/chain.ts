// Small chain helpers: pin the next block's time, read a vault's state, parse events, move prices.
import type { ContractTransactionResponse, EventLog, Interface } from "ethers";
import type { DeployedToken } from "../../deploy/protocol.js";
import { ethers, networkHelpers } from "./fixtures.js";
import { FEED_TO_WAD } from "./units.js";
import { streamingFeeTokens, type VaultState } from "./model.js";

/** Pins the next block's timestamp to latest + `dt` and returns it, so a `pending` view sees that block. */
export async function pinNextBlock(dt = 1): Promise<bigint> {
  const next = (await networkHelpers.time.latest()) + dt;
  await networkHelpers.time.setNextBlockTimestamp(next);
  return BigInt(next);
}

/**
 * The vault as a transaction mined at `at` will see it: position, equity and price from the market
 * (constant between blocks while funding is 0), supply plus the streaming fee accrued since `lastAccrual`.
 */
export async function vaultStateAt(t: DeployedToken, at: bigint, lastAccrual: bigint): Promise<VaultState> {
  const vault = await t.vault.getAddress();
  const [size, equity, [price], params, supply, marketParams] = await Promise.all([
    t.market.positionSize(vault),
    t.vault.equity(),
    t.market.markPrice(),
    t.vault.params(),
    t.token.totalSupply(),
    t.market.params(),
  ]);
  return {
    size,
    equity,
    price,
    takerFeeBps: marketParams.takerFeeBps,
    supply: supply + streamingFeeTokens(supply, params.managementFeeRate, at - lastAccrual),
  };
}

/** Args of the first `name` event in a transaction's receipt emitted by a contract with `iface`. */
export async function eventArgs(tx: ContractTransactionResponse, iface: Interface, name: string) {
  const receipt = await tx.wait();
  for (const log of receipt!.logs) {
    const parsed = (() => {
      try {
        return iface.parseLog(log as EventLog);
      } catch {
        return null;
      }
    })();
    if (parsed?.name === name) return parsed.args;
  }
  throw new Error(`no ${name} event`);
}

/** Block time of a mined transaction. */
export async function minedAt(tx: ContractTransactionResponse): Promise<bigint> {
  const receipt = await tx.wait();
  const block = await ethers.provider.getBlock(receipt!.blockNumber);
  return BigInt(block!.timestamp);
}

/** Current feed answer (8 decimals). */
export async function feedAnswer(t: DeployedToken): Promise<bigint> {
  return (await t.feed.latestRoundData())[1];
}

/**
 * The feed answer that takes a vault at leverage `from` (long or short) to leverage `to`:
 * long:  to = from (1 + m) / (1 + from m)  =>  m = (from - to) / (from (to - 1))
 * short: to = from (1 + m) / (1 - from m)  =>  m = (to - from) / (from (to + 1))
 */
export function answerForLeverage(answer: bigint, isLong: boolean, from: number, to: number): bigint {
  const m = isLong ? (from - to) / (from * (to - 1)) : (to - from) / (from * (to + 1));
  return (answer * BigInt(Math.round((1 + m) * 1e9))) / 1_000_000_000n;
}

/** Sets the feed (fresh, at the next block) and returns the new market price in WAD. */
export async function setAnswer(t: DeployedToken, answer: bigint): Promise<bigint> {
  await t.feed.setPrice(answer);
  return answer * FEED_TO_WAD;
}

/** The vault's current parameters with `changes` applied, ready for `setParams`. */
export async function paramsWith(
  vault: DeployedToken["vault"],
  changes: Partial<Record<ParamName, bigint>> = {}
): Promise<Record<ParamName, bigint>> {
  const current = await vault.params();
  return Object.fromEntries(PARAM_NAMES.map((name) => [name, changes[name] ?? current[name]])) as Record<
    ParamName,
    bigint
  >;
}

export const PARAM_NAMES = [
  "minLeverage",
  "maxLeverage",
  "rebalanceInterval",
  "twapCooldown",
  "maxStaleness",
  "ripcordLeverage",
  "recenteringSpeed",
  "managementFeeRate",
  "mintFeeBps",
  "redeemFeeBps",
  "maxTradeSize",
  "ripcordMaxTradeSize",
  "ripcordReward",
  "collateralCap",
  "requestMintFeeBps",
  "requestRedeemFeeBps",
  "settleReward",
] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

/** Moves the feed (fresh, next block) so that the vault's leverage becomes about `to`; returns the new WAD price. */
export async function moveToLeverage(t: DeployedToken, to: number): Promise<bigint> {
  const from = Number(await t.vault.leverage()) / 1e18;
  const answer = answerForLeverage(await feedAnswer(t), await t.vault.isLong(), from, to);
  return setAnswer(t, answer);
}

/** Leverage levels that sit outside a token's band: halfway to the ripcord above it, 10% under it below. */
export function bandEdges(params: { minLeverage: bigint; maxLeverage: bigint; ripcordLeverage: bigint }) {
  const n = (x: bigint) => Number(x) / 1e18;
  return {
    above: (n(params.maxLeverage) + n(params.ripcordLeverage)) / 2,
    below: n(params.minLeverage) * 0.9,
    ripcord: n(params.ripcordLeverage) + 0.5,
  };
}
