// Tolerances of the vault flow tests, in WAD leverage units.

/** docs/protocol.md §6: after a complete rebalance leverage equals the target within 1e-6. */
export const LEVERAGE_AT_TARGET = 10n ** 12n;
/**
 * Rounding noise on a leverage reading: one USDC unit (1e-6) of rounding on an equity of a few
 * thousand USDC moves leverage by < 1e-9; we allow 1e-8.
 */
export const LEVERAGE_ROUNDING = 10n ** 10n;
