// Governance actions through the deployment's TimelockController (docs/deploy.md "Governance"): one home for
// building a call, scheduling a batch, waiting out the delay and executing it. Used by the tests' helper
// (test/helpers/governance.ts), the gas benchmark and the simulator on in-process chains, where time can be moved.
import { hexlify, randomBytes, ZeroHash, type BaseContract, type ContractTransactionResponse } from "ethers";
import type { TimelockController } from "../types/ethers-contracts/index.js";

/** One call the timelock makes. */
export interface TimelockCall {
  target: string;
  data: string;
  value?: bigint;
}

/** `contract.fn(...args)` as a call for the timelock to make. */
export async function timelockCall(contract: BaseContract, fn: string, args: unknown[] = []): Promise<TimelockCall> {
  return { target: await contract.getAddress(), data: contract.interface.encodeFunctionData(fn, args) };
}

/** What `scheduleBatch`/`executeBatch` take for `calls`, with a fresh salt so the same calls can be made again. */
export function batchOf(calls: TimelockCall[], salt: string = hexlify(randomBytes(32))) {
  return [
    calls.map((c) => c.target),
    calls.map((c) => c.value ?? 0n),
    calls.map((c) => c.data),
    ZeroHash,
    salt,
  ] as const;
}

/**
 * Schedules `calls` as one batch from the timelock's runner (a proposer), lets `advance(seconds)` pass the timelock's
 * delay, and returns the execution (a transaction that reverts as the first failing call does).
 */
export async function executeThroughTimelock(
  timelock: TimelockController,
  calls: TimelockCall[],
  advance: (seconds: number) => Promise<unknown>
): Promise<ContractTransactionResponse> {
  const batch = batchOf(calls);
  const delay = await timelock.getMinDelay();
  await (await timelock.scheduleBatch(...batch, delay)).wait();
  await advance(Number(delay));
  return timelock.executeBatch(...batch);
}
