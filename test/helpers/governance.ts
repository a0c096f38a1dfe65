// Admin actions in tests go where they go in a deployment: through the timelock (deploy/timelock.ts), the
// deployer proposing, time moved past the delay, then executed. One helper instead of a copy per test.
import type { BaseContract, ContractTransactionResponse } from "ethers";
import type { TimelockController } from "../../types/ethers-contracts/index.js";
import { executeThroughTimelock, timelockCall, type TimelockCall } from "../../deploy/timelock.js";
import { networkHelpers as fixtureHelpers } from "./fixtures.js";

export { timelockCall, type TimelockCall };

/** `contract.fn(...args)` as a call for the timelock (alias of deploy/timelock.ts `timelockCall`). */
export const call = timelockCall;

/**
 * Makes `calls` (one batch) through `timelock`: scheduled by its runner (the deployer), time moved past the delay
 * on `helpers`' chain (the fixtures' by default), executed. Resolves to the execution for `expect(...)` to inspect.
 */
export async function governed(
  timelock: TimelockController,
  calls: TimelockCall | TimelockCall[],
  helpers: { time: { increase(seconds: number): Promise<unknown> } } = fixtureHelpers
): Promise<ContractTransactionResponse> {
  return executeThroughTimelock(timelock, Array.isArray(calls) ? calls : [calls], (s) => helpers.time.increase(s));
}

/** `governed` for one call `contract.fn(...args)`. */
export async function governedCall(
  timelock: TimelockController,
  contract: BaseContract,
  fn: string,
  args: unknown[] = [],
  helpers?: { time: { increase(seconds: number): Promise<unknown> } }
): Promise<ContractTransactionResponse> {
  return governed(timelock, await timelockCall(contract, fn, args), helpers);
}
