// From a deployed protocol and one price path per market to a finished replay: publish the opening prices,
// let a user buy the tokens, then replay the paths with the keeper acting after every price update.
import { getAddress } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import type { DeployedToken, Protocol } from "../deploy/protocol.js";
import { executeThroughTimelock, timelockCall } from "../deploy/timelock.js";
import { toFundingWad } from "./funding.js";
import { toFeedAnswer, type PricePath } from "./path.js";
import { replay, type ReplayOptions, type ReplayResult } from "./replay.js";
import { buyTokens, type Purchase } from "./setup.js";

export interface RunOptions {
  connection: NetworkConnection<"generic">;
  protocol: Protocol;
  tokens: readonly DeployedToken[];
  /** One path per market symbol the tokens trade on; all with the same timestamps. */
  paths: Record<string, PricePath>;
  /** USDC (6 decimals) the user puts into each token. */
  amountEach: bigint;
  /** Per market symbol, the perp funding rate (annual, positive: longs pay) at each step; absent: the market's (0). */
  funding?: Record<string, readonly number[]>;
  onStep?: (step: number) => void;
}

export interface RunResult {
  purchases: Purchase[];
  replay: ReplayResult;
}

/**
 * The simulator's own account: it publishes prices (the feeds' owner once openPositions hands them over) and runs
 * the keeper. Impersonated rather than a local key: the in-process chain then neither signs nor recovers its
 * transactions (measured: 0.34 ms instead of 0.52 ms per price update).
 */
export const SIM_OPERATOR = getAddress("0x00000000000000000000000000000000000051e0");

export async function runReplay(o: RunOptions): Promise<RunResult> {
  const purchases = await openPositions(o);
  return { purchases, replay: await replayPaths(o) };
}

/** Checks the paths fit the deployment, publishes their first prices and lets the user buy the tokens. */
export async function openPositions(o: RunOptions): Promise<Purchase[]> {
  const [deployer] = await o.connection.ethers.getSigners();
  const symbols = checkPaths(o);
  for (const s of symbols) {
    const feed = o.protocol.markets[s].feed.connect(deployer);
    await (await feed.setPrice(toFeedAnswer(o.paths[s].prices[0]))).wait();
    if ((await feed.owner()) !== SIM_OPERATOR) await (await feed.transferOwnership(SIM_OPERATOR)).wait();
  }
  const { provider } = o.connection;
  await provider.request({ method: "hardhat_impersonateAccount", params: [SIM_OPERATOR] });
  await provider.request({ method: "hardhat_setBalance", params: [SIM_OPERATOR, "0x56bc75e2d63100000"] }); // 100 ETH
  for (const s of symbols) {
    const rates = o.funding?.[s];
    const market = o.protocol.markets[s].market;
    if (!rates?.some((r) => r !== 0) || (await market.owner()) === SIM_OPERATOR) continue;
    // The market's owner is the timelock (deploy/modules/Lever.ts): it sets the first rate and hands the market
    // to the simulator, which accepts (Ownable2Step) and sets the path's later rates itself.
    const calls = [
      await timelockCall(market, "setFundingRate", [toFundingWad(rates[0])]),
      await timelockCall(market, "transferOwnership", [SIM_OPERATOR]),
    ];
    const timelock = o.protocol.timelock.connect(deployer);
    await (await executeThroughTimelock(timelock, calls, (dt) => o.connection.networkHelpers.time.increase(dt))).wait();
    await (await market.connect(await o.connection.ethers.getSigner(SIM_OPERATOR)).acceptOwnership()).wait();
  }
  return buyTokens(o.connection, o.protocol, o.tokens, o.amountEach);
}

/** Replays the paths from the current chain state (their first prices already published). */
export async function replayPaths(
  o: Omit<RunOptions, "amountEach"> & Pick<ReplayOptions, "readAfterTrades">
): Promise<ReplayResult> {
  const symbols = checkPaths(o);
  const first = o.paths[symbols[0]];
  const feeds = await Promise.all(
    symbols.map(async (s) => ({
      feed: await o.protocol.markets[s].feed.getAddress(),
      answers: o.paths[s].prices.map(toFeedAnswer),
      funding:
        (o.funding?.[s]?.some((r) => r !== 0) && {
          market: await o.protocol.markets[s].market.getAddress(),
          rates: o.funding[s].map(toFundingWad),
        }) ||
        undefined,
    }))
  );
  return replay({
    connection: o.connection,
    lens: await o.protocol.lens.getAddress(),
    vaults: await Promise.all(o.tokens.map((t) => t.vault.getAddress())),
    feeds,
    offsets: first.times.map((t) => t - first.times[0]),
    sender: SIM_OPERATOR,
    onStep: o.onStep,
    readAfterTrades: o.readAfterTrades,
  });
}

function checkPaths(o: Pick<RunOptions, "paths" | "protocol">): string[] {
  const symbols = Object.keys(o.paths);
  const first = o.paths[symbols[0]];
  for (const s of symbols) {
    const p = o.paths[s];
    if (!o.protocol.markets[s]) throw new Error(`no market ${s} in the deployment`);
    if (p.times.length !== first.times.length || p.times.some((t, i) => t !== first.times[i])) {
      throw new Error(`path for ${s} does not share the timestamps of ${symbols[0]}`);
    }
  }
  return symbols;
}
