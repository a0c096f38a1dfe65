// The headroom over a gas estimate that every transaction the SDK and the keeper send gets. An estimate is made on
// the state before the transaction: when another transaction lands first, the same call can cost more (a settle
// that empties the vault's collateral balance makes the next request write that balance from zero, +20k gas), and a
// transaction sent at exactly its estimate then runs out of gas, and its sender still pays for it.

/** Percent added to an estimate. */
export const GAS_MARGIN_PERCENT = 20n;

/** The gas limit to send with for `estimate`. */
export function withGasMargin(estimate: bigint): bigint {
  return (estimate * (100n + GAS_MARGIN_PERCENT)) / 100n;
}
