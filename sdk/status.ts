// A vault's rebalance status: the one TypeScript home of ILeverageVault.Status (docs/protocol.md).

/** Matches `ILeverageVault.Status`, as returned by `rebalanceStatus()` and `VaultLens`. */
export enum Status {
  /** Leverage is inside the band and the rebalance interval has not passed: nothing to do. */
  NONE = 0,
  /** Leverage left the band, or the interval passed: `rebalance()` may be called. */
  REBALANCE = 1,
  /** A chunked rebalance is under way: `rebalance()` takes the next step. */
  ITERATE = 2,
  /** Leverage reached the ripcord level: `ripcord()` may be called, and pays its caller. */
  RIPCORD = 3,
}

/** The status names, indexed by value. */
export const STATUS_NAMES = ["NONE", "REBALANCE", "ITERATE", "RIPCORD"] as const;
export type StatusName = (typeof STATUS_NAMES)[number];

/** The name of a status value read from chain; throws on a value the protocol does not define. */
export function statusName(value: number | bigint): StatusName {
  const name = STATUS_NAMES[Number(value)];
  if (name === undefined) throw new RangeError(`unknown rebalance status ${value}`);
  return name;
}
