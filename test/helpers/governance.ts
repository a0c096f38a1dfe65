// Admin actions in tests go where they go in a deployment: through the timelock (deploy/timelock.ts), the
// deployer proposing, time moved past the delay, then executed. One helper instead of a copy per test.
import type { BaseContract, ContractTransactionResponse } from "ethers";
import type { TimelockController } from "../../types/ethers-contracts/index.js";
import { executeThroughTimelock, timelockCall, type TimelockCall } from "../../deploy/timelock.js";
import { networkHelpers as fixtureHelpers } from "./fixtures.js";

export { timelockCall, type TimelockCall };

/** `contract.fn(...args)` as a call for the timelock (alias of deploy/timelock.ts `timelockCall`). */
export const call = timelockCall;

/** The chain to move time on: a connection's `networkHelpers`. */
export interface TimeHelpers {
  time: { increase(seconds: number): Promise<unknown>; setNextBlockTimestamp(at: number | bigint): Promise<unknown> };
}

export interface GovernedOptions {
  /** The chain's helpers; the fixtures' chain by default. */
  helpers?: TimeHelpers;
  /** Block time of the execution (at least the delay after scheduling); default: right after the delay. */
  executeAt?: bigint;
}

/**
 * Makes `calls` (one batch) through `timelock`: scheduled by its runner (the deployer), time moved past the delay,
 * executed. Resolves to the execution for `expect(...)` to inspect (it reverts as the first failing call does).
 */
export async function governed(
  timelock: TimelockController,
  calls: TimelockCall | TimelockCall[],
  { helpers = fixtureHelpers, executeAt }: GovernedOptions = {}
): Promise<ContractTransactionResponse> {
  return executeThroughTimelock(timelock, Array.isArray(calls) ? calls : [calls], (s) =>
    executeAt === undefined ? helpers.time.increase(s) : helpers.time.setNextBlockTimestamp(executeAt)
  );
}

/** `governed` for one call `contract.fn(...args)`. */
export async function governedCall(
  timelock: TimelockController,
  contract: BaseContract,
  fn: string,
  args: unknown[] = [],
  options?: GovernedOptions
): Promise<ContractTransactionResponse> {
  return governed(timelock, await timelockCall(contract, fn, args), options);
}
