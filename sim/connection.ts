// The in-process Hardhat chain the simulator runs on.
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";

/**
 * A fresh in-process chain whose blocks may share a timestamp, so that a step's price update and the keeper's
 * trades all happen at the step's time. Otherwise a trade lands a second after its price, and with a 24 h
 * rebalance interval on a daily path the next day's price comes one second before the rebalance is due.
 */
export async function simConnection(hre: HardhatRuntimeEnvironment): Promise<NetworkConnection<"generic">> {
  return (await hre.network.create({
    override: { allowBlocksWithSameTimestamp: true },
  })) as NetworkConnection<"generic">;
}
