// The headroom over a gas estimate that every transaction the SDK and the keeper send gets. An estimate is made on
// the state and the time before the transaction, and the same call can cost more in the block it lands in:
// - another transaction lands first: a settle that empties the vault's collateral balance makes the next request
//   write that balance from zero (+17k gas);
// - time passes: estimated in the second of the vault's last fee accrual, a mint or redeem accrues nothing; a block
//   later it mints the streaming fee, and the fee recipient's first fee tokens write its balance from zero (+29k).
// Those are fixed costs, not shares of the call, so the margin is a percentage plus a fixed amount. A transaction
// sent at exactly its estimate runs out of gas, and its sender still pays for it; unused gas is not charged.

/** Percent added to an estimate. */
export const GAS_MARGIN_PERCENT = 20n;
/** Gas added on top: both fixed costs above at once. */
export const GAS_HEADROOM = 50_000n;

/** The gas limit to send with for `estimate`. */
export function withGasMargin(estimate: bigint): bigint {
  return (estimate * (100n + GAS_MARGIN_PERCENT)) / 100n + GAS_HEADROOM;
}

/** A contract method as ethers and TypeChain give it: callable, with overrides as an optional last argument, and
 * estimable with the same arguments. */
interface EstimableMethod<A extends unknown[], R> {
  (...args: A): Promise<R>;
  estimateGas(...args: A): Promise<bigint>;
}

/** Sends `method(...args)` with the margin over its estimate: for scripts and tests that call contracts directly. */
export async function sendWithGasMargin<A extends unknown[], R>(method: EstimableMethod<A, R>, ...args: A): Promise<R> {
  const gasLimit = withGasMargin(await method.estimateGas(...args));
  return method(...([...args, { gasLimit }] as unknown as A)); // the overrides argument ethers takes after `args`
}
