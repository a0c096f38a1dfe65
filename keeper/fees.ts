// EIP-1559 fee choice and replacement bumping. Pure: chain data in, fees out.

export interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

export interface FeePolicy {
  /** Hard cap on maxFeePerGas, wei. Nothing is ever sent above it. */
  maxFeeCap: bigint;
  /** Tip offered to the block producer, wei. */
  priorityFee: bigint;
  /** maxFeePerGas = baseFee x baseFeeMultiplierPct / 100 + tip (before the cap). */
  baseFeeMultiplierPct: bigint;
}

/** Smallest raise a replacement needs (12.5%, above the 10% geth and Hardhat require), in basis points. */
export const MIN_BUMP_BPS = 1250n;

/** Fees for a first send given the latest base fee; null when the cap is below the base fee (it could not be mined). */
export function initialFees(baseFee: bigint, policy: FeePolicy): Fees | null {
  if (policy.maxFeeCap < baseFee) return null;
  const wanted = (baseFee * policy.baseFeeMultiplierPct) / 100n + policy.priorityFee;
  const maxFeePerGas = min(wanted, policy.maxFeeCap);
  return { maxFeePerGas, maxPriorityFeePerGas: min(policy.priorityFee, maxFeePerGas) };
}

/**
 * Fees for a replacement at the same nonce: each field raised by at least `bumpBps` (rounded up, and by at least
 * 1 wei) or to what the market asks now, whichever is higher, then capped. Null when even the minimum raise
 * of maxFeePerGas would exceed the cap: the transaction cannot be replaced any more.
 */
export function bumpFees(prev: Fees, market: Fees | null, cap: bigint, bumpBps: bigint = MIN_BUMP_BPS): Fees | null {
  const minMax = raise(prev.maxFeePerGas, bumpBps);
  if (minMax > cap) return null;
  const maxFeePerGas = min(max(minMax, market?.maxFeePerGas ?? 0n), cap);
  const minTip = raise(prev.maxPriorityFeePerGas, bumpBps);
  const maxPriorityFeePerGas = min(max(minTip, market?.maxPriorityFeePerGas ?? 0n), maxFeePerGas);
  return { maxFeePerGas, maxPriorityFeePerGas };
}

/** x raised by bps basis points, rounded up, and by at least 1. */
export function raise(x: bigint, bps: bigint): bigint {
  const raised = (x * (10_000n + bps) + 9_999n) / 10_000n;
  return raised > x ? raised : x + 1n;
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);
