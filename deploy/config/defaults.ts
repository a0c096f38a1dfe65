// The protocol a fresh deployment stands up: markets, tokens and their parameters.
// Units: USDC amounts in 6-decimal base units, prices as 8-decimal feed answers, leverage in WAD.
import { parseUnits, ZeroAddress } from "ethers";
import type { ILeverageVault } from "../../types/ethers-contracts/contracts/interfaces/ILeverageVault.js";
import { DEFAULT_FEED_DEVIATION_BPS, frontRunSafeFeeBps } from "./frontRunning.js";
import { DAY_SECONDS } from "../../sim/path.js";

export interface MarketConfig {
  symbol: string; // "BTC-USD"
  /** Existing Chainlink feed; a MockPriceFeed is deployed when absent. */
  feed?: string;
  /** Initial answer of the mock feed (8 decimals). */
  initialPrice: bigint;
  /**
   * Deviation threshold of the feed, bps: the largest move one update normally carries (Chainlink publishes it per
   * feed). Mint and redeem fees must cover leverage x this, or front-running an update pays (frontRunning.ts).
   */
  feedDeviationBps: number;
  takerFeeBps: number;
  initialMarginBps: number;
  maintenanceMarginBps: number;
  liquidationPenaltyBps: number;
  /**
   * The feed's heartbeat, seconds: the longest it goes without a round (Chainlink publishes it per feed; a mock feed
   * is whatever its operator does). The market states it to vaults, which refuse a maxStaleness below it plus 10 %.
   */
  feedHeartbeat: number;
  /** USDC seeded into the market's liquidity pool (mock collateral only). */
  liquidity: bigint;
}

/** Vault parameter fields held as numbers (uint32/uint16 in the struct); every other field is a bigint. */
type NumberParam =
  | "rebalanceInterval"
  | "twapCooldown"
  | "maxStaleness"
  | "mintFeeBps"
  | "redeemFeeBps"
  | "requestMintFeeBps"
  | "requestRedeemFeeBps";

/**
 * `ILeverageVault.VaultParams` as the deploy config holds it: the field names come from TypeChain's struct type, so a
 * field added to or renamed in the Solidity struct fails to type-check here instead of being silently left out.
 */
export type VaultParamsConfig = {
  [K in keyof ILeverageVault.VaultParamsStruct]: K extends NumberParam ? number : bigint;
};

export interface TokenConfig {
  name: string; // "BTC 3x Long"
  symbol: string; // "BTC3L"
  market: string; // market symbol
  isLong: boolean;
  targetLeverage: bigint;
  params: VaultParamsConfig;
  /** Chainlink L2 sequencer-uptime feed the vault checks before trusting a price; the zero address on an L1. */
  sequencerUptimeFeed: string;
}

/** Who governs the deployment (docs/deploy.md "Governance"). */
export interface GovernanceConfig {
  /**
   * TimelockController delay, seconds: every admin action (vault parameters and fee recipient, factory, markets)
   * waits this long between proposal and execution, so holders can leave first. The guardian's pause is instant.
   */
  timelockDelay: number;
}

export interface ProtocolConfig {
  /** Existing collateral token; MockUSDC is deployed when absent. */
  collateral?: string;
  /** Absent: the local delay (LOCAL_TIMELOCK_DELAY). */
  governance?: GovernanceConfig;
  markets: MarketConfig[];
  tokens: TokenConfig[];
}

const WAD = 10n ** 18n;
const usdc = (x: string) => parseUnits(x, 6);
const wad = (x: string) => parseUnits(x, 18);

const DEFAULT_TAKER_FEE_BPS = 5;
/** Heartbeat stated for a market's feed unless its parameters say otherwise: an hour, as Chainlink's testnet feeds. */
export const DEFAULT_FEED_HEARTBEAT = 3600;
/** A default vault's maxStaleness: the default heartbeat plus a quarter hour (the vault asks for at least + 10 %). */
export const DEFAULT_MAX_STALENESS = 4500;
/**
 * Timelock delay of the built-in deployment (in-process network, localhost): one minute, so that demos and tests
 * go through the timelock without waiting; testnet parameter files set 2 days (deploy/parameters/*.json).
 */
export const LOCAL_TIMELOCK_DELAY = 60;

/**
 * Band, ripcord and fees of a default token. Mint and redeem fees are the smallest that make front-running one
 * update of a 0.5 % feed a loss at every leverage of the band, the fees scaling with leverage above target
 * (frontRunning.ts): 68 bps each for 3x, 46 for 2x.
 */
/** Fee of a next-price request, each side, for every default token (docs/protocol.md §5b). */
export const REQUEST_FEE_BPS = 10;

function params(leverage: number, band: [string, string], ripcord: string): VaultParamsConfig {
  const edges = { target: leverage, minLeverage: Number(band[0]), maxLeverage: Number(band[1]) };
  const fee = frontRunSafeFeeBps(edges, DEFAULT_FEED_DEVIATION_BPS, DEFAULT_TAKER_FEE_BPS);
  return {
    minLeverage: wad(band[0]),
    maxLeverage: wad(band[1]),
    rebalanceInterval: DAY_SECONDS,
    twapCooldown: 60,
    maxStaleness: DEFAULT_MAX_STALENESS,
    ripcordLeverage: wad(ripcord),
    recenteringSpeed: WAD,
    managementFeeRate: wad("0.02"), // 2% a year
    mintFeeBps: fee,
    redeemFeeBps: fee,
    maxTradeSize: usdc("5000000"),
    ripcordMaxTradeSize: usdc("10000000"),
    ripcordReward: usdc("10"),
    collateralCap: usdc("10000000"),
    // Next-price requests settle at the next round, so their fee need not price out front-running.
    requestMintFeeBps: REQUEST_FEE_BPS,
    requestRedeemFeeBps: REQUEST_FEE_BPS,
    settleReward: usdc("0.1"),
  };
}

export function market(symbol: string, initialPrice: string): MarketConfig {
  return {
    symbol,
    initialPrice: parseUnits(initialPrice, 8),
    feedDeviationBps: DEFAULT_FEED_DEVIATION_BPS,
    takerFeeBps: DEFAULT_TAKER_FEE_BPS,
    initialMarginBps: 500, // 20x
    maintenanceMarginBps: 250,
    liquidationPenaltyBps: 100,
    feedHeartbeat: DEFAULT_FEED_HEARTBEAT,
    liquidity: usdc("10000000"),
  };
}

/** A token on `${base}-USD` with the default band, ripcord and fees for its leverage (which may be fractional). */
export function token(base: string, leverage: number, isLong: boolean): TokenConfig {
  const target = wad(String(leverage));
  // Band +-0.5 from 3x up (+-0.4 below), ripcord 2 (1.5) above target: BTC3x [2.5, 3.5] ripcord 5, ETH2x [1.6, 2.4] ripcord 3.5.
  const half = leverage >= 3 ? 0.5 : 0.4;
  const band: [string, string] = [`${leverage - half}`, `${leverage + half}`];
  const ripcord = `${leverage + (leverage >= 3 ? 2 : 1.5)}`;
  const side = isLong ? "Long" : "Short";
  return {
    name: `${base} ${leverage}x ${side}`,
    symbol: `${base}${leverage}${isLong ? "L" : "S"}`,
    market: `${base}-USD`,
    isLong,
    targetLeverage: target,
    params: params(leverage, band, ripcord),
    sequencerUptimeFeed: ZeroAddress,
  };
}

/** BTC3L, BTC3S, ETH2L, ETH2S on mock BTC-USD and ETH-USD markets. */
export const defaultConfig: ProtocolConfig = {
  governance: { timelockDelay: LOCAL_TIMELOCK_DELAY },
  markets: [market("BTC-USD", "60000"), market("ETH-USD", "3000")],
  tokens: [token("BTC", 3, true), token("BTC", 3, false), token("ETH", 2, true), token("ETH", 2, false)],
};
