// Units used across the flow tests. Amounts are bigint in the contracts' own units:
// USDC 6 decimals, tokens 18, leverage/rates WAD, feed answers 8 decimals, market prices WAD.
import { parseUnits } from "ethers";

export const WAD = 10n ** 18n;
export const BPS = 10_000n;
export const YEAR = 365n * 24n * 3600n;
/** size (WAD base units) x price (WAD) / UNIT = notional in USDC base units (6 decimals). */
export const UNIT = 10n ** 30n;
/** Virtual shares of the vault's share math: 10^(16 - 6). Initial NAV = 100 USDC per 1e18 tokens. */
export const VIRTUAL_SHARES = 10n ** 10n;
export const VIRTUAL_ASSETS = 1n;
export const INITIAL_NAV = 100_000_000n; // 100 USDC
/** Feed answers have 8 decimals, market prices 18. */
export const FEED_TO_WAD = 10n ** 10n;

export const usdc = (x: string | number) => parseUnits(String(x), 6);
export const wad = (x: string | number) => parseUnits(String(x), 18);
export const feedPrice = (x: string | number) => parseUnits(String(x), 8);

export const abs = (x: bigint) => (x < 0n ? -x : x);
export const ceilDiv = (a: bigint, b: bigint) => (a === 0n ? 0n : (a - 1n) / b + 1n);
