// Display formatting shared by the keeper's logs, the SDK's callers and the simulator's tables.
import { formatUnits } from "ethers";

/** A WAD leverage as a decimal with 4 places: 3e18 -> "3.0000". */
export const formatLeverage = (wad: bigint): string => Number(formatUnits(wad, 18)).toFixed(4);
