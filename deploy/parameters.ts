// Per-network parameter files (deploy/parameters/<network>.json): validated with zod, merged over the
// defaults of deploy/config/defaults.ts. Human units in the file (prices in USD, leverage as "3",
// USDC as "10000000", fee rates as "0.02"); base units (bigint) after `resolveParameters`.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { formatUnits, isAddress, parseUnits } from "ethers";
import { z } from "zod/v4";
import { defaultConfig, market as defaultMarket, token as defaultToken } from "./config/defaults.js";
import { networkSectionSchema } from "./config/networks.js";
import type { MarketConfig, ProtocolConfig, TokenConfig, VaultParamsConfig } from "./config/defaults.js";
import { roundTripCostBps, updateGainBps, worstFrontRun } from "./config/frontRunning.js";
import type { VaultCaps } from "./caps.js";

/** Folder of the per-network parameter files. */
export { PARAMETERS_DIR } from "./config/networks.js";
import { PARAMETERS_DIR } from "./config/networks.js";

const decimal = z
  .union([z.string(), z.number()])
  .transform(String)
  .pipe(z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal such as "2.5"'));
const address = z.string().refine((a) => isAddress(a), "expected a 0x-prefixed 20-byte hex address");
const bps = z.number().int().min(0).max(10_000);
const seconds = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

const marketSchema = z.strictObject({
  symbol: z.string().regex(/^[A-Z0-9]+-[A-Z0-9]+$/, 'expected a market symbol such as "BTC-USD"'),
  feed: address.optional(),
  initialPrice: decimal.optional(),
  /** The feed's deviation threshold in bps (data.chain.link lists it); fees must cover leverage x this. */
  feedDeviationBps: bps.optional(),
  takerFeeBps: bps.optional(),
  initialMarginBps: bps.optional(),
  maintenanceMarginBps: bps.optional(),
  liquidationPenaltyBps: bps.optional(),
  /** The feed's heartbeat in seconds (data.chain.link lists it); every vault's maxStaleness must cover it + 10 %. */
  feedHeartbeat: seconds.optional(),
  liquidity: decimal.optional(),
});

const governanceSchema = z.strictObject({
  /** TimelockController delay in seconds: what every admin action waits (2 days on the testnets). */
  timelockDelay: seconds,
});

const paramsSchema = z.strictObject({
  minLeverage: decimal.optional(),
  maxLeverage: decimal.optional(),
  rebalanceInterval: seconds.optional(),
  twapCooldown: seconds.optional(),
  maxStaleness: seconds.optional(),
  ripcordLeverage: decimal.optional(),
  recenteringSpeed: decimal.optional(),
  managementFeeRate: decimal.optional(),
  mintFeeBps: bps.optional(),
  redeemFeeBps: bps.optional(),
  maxTradeSize: decimal.optional(),
  ripcordMaxTradeSize: decimal.optional(),
  ripcordReward: decimal.optional(),
  collateralCap: decimal.optional(),
  requestMintFeeBps: bps.optional(),
  requestRedeemFeeBps: bps.optional(),
  settleReward: decimal.optional(),
});

const tokenSchema = z.strictObject({
  symbol: z.string().regex(/^[A-Za-z0-9]{1,20}$/, "expected 1-20 letters and digits"),
  name: z.string().min(1).max(60).optional(),
  market: z.string().optional(),
  isLong: z.boolean().optional(),
  targetLeverage: decimal.optional(),
  params: paramsSchema.optional(),
});

export const parametersSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  /** How to reach a chain hardhat.config.ts does not name (read by deploy/config/networks.ts). */
  network: networkSectionSchema.optional(),
  /** Existing collateral token (6 decimals, EIP-2612 advised); MockUSDC is deployed when absent. */
  collateral: address.optional(),
  /** Who governs the deployment (docs/deploy.md "Governance"); absent: the local one-minute delay. */
  governance: governanceSchema.optional(),
  /**
   * The chain's Chainlink L2 sequencer-uptime feed (docs.chain.link lists one per L2); every vault refuses prices
   * while the sequencer is down and for an hour after. Absent (or the zero address): none, as on an L1.
   */
  sequencerUptimeFeed: address.optional(),
  /** When present, the full list of markets; each entry overrides the default of the same symbol. */
  markets: z.array(marketSchema).min(1).optional(),
  /** When present, the full list of tokens; each entry overrides the default of the same symbol. */
  tokens: z.array(tokenSchema).min(1).optional(),
});

export type Parameters = z.infer<typeof parametersSchema>;

/** A parameters file that does not validate; `message` lists every problem, one per line, with its path. */
export class ParametersError extends Error {
  constructor(source: string, problems: string[]) {
    super(`invalid deployment parameters in ${source}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ParametersError";
  }
}

/** Validates raw JSON (already parsed) and returns the typed parameters, or throws ParametersError. */
export function parseParameters(raw: unknown, source = "parameters"): Parameters {
  const result = parametersSchema.safeParse(raw);
  if (!result.success) {
    throw new ParametersError(
      source,
      result.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`)
    );
  }
  return result.data;
}

/** Reads and validates a parameters file. */
export function readParametersFile(file: string): Parameters {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ParametersError(file, [`not valid JSON: ${(e as Error).message}`]);
  }
  return parseParameters(raw, file);
}

/** deploy/parameters/<network>.json if it exists. */
export function parametersFileFor(networkName: string, dir = PARAMETERS_DIR): string | undefined {
  const file = path.join(dir, `${networkName}.json`);
  return existsSync(file) ? file : undefined;
}

const usdc = (x: string) => parseUnits(x, 6);
const wad = (x: string) => parseUnits(x, 18);
const price8 = (x: string) => parseUnits(x, 8);

/**
 * Merges validated parameters over the defaults into the ProtocolConfig the Ignition module takes, and refuses
 * what the vault would revert on, checked against `caps` (the contract's own, deploy/caps.ts `readVaultCaps`).
 */
export function resolveParameters(
  p: Parameters,
  caps: VaultCaps,
  source = "parameters",
  base: ProtocolConfig = defaultConfig
): ProtocolConfig {
  const problems: string[] = [];
  const markets = (p.markets ?? base.markets.map((m) => ({ symbol: m.symbol }))).map((m, i) =>
    resolveMarket(m, base, `markets.${i}`, problems)
  );
  const tokens = (p.tokens ?? base.tokens.map((t) => ({ symbol: t.symbol })))
    .map((t, i) => [i, resolveToken(t, base, caps, `tokens.${i}`, problems)] as const)
    .filter((e): e is readonly [number, TokenConfig] => e[1] !== undefined);

  const seen = new Set<string>();
  for (const [i, m] of markets.entries()) {
    if (seen.has(m.symbol)) problems.push(`markets.${i}.symbol: duplicate market ${m.symbol}`);
    seen.add(m.symbol);
  }
  const tokenSymbols = new Set<string>();
  for (const [i, t] of tokens) {
    if (tokenSymbols.has(t.symbol)) problems.push(`tokens.${i}.symbol: duplicate token ${t.symbol}`);
    tokenSymbols.add(t.symbol);
    const m = markets.find((x) => x.symbol === t.market);
    if (!m) problems.push(`tokens.${i}.market: unknown market ${t.market} (markets: ${[...seen].join(", ")})`);
    checkParams(t, caps, `tokens.${i}`, problems);
    if (m) checkFrontRunning(t, m, `tokens.${i}`, problems);
    if (m) checkVenue(t, m, caps, `tokens.${i}`, problems);
  }
  if (problems.length) throw new ParametersError(source, problems);
  const governance = p.governance ?? base.governance;
  const sequencerUptimeFeed = p.sequencerUptimeFeed;
  return {
    collateral: p.collateral,
    governance,
    markets,
    tokens: tokens.map(([, t]) => (sequencerUptimeFeed ? { ...t, sequencerUptimeFeed } : t)),
  };
}

function resolveMarket(
  m: NonNullable<Parameters["markets"]>[number],
  base: ProtocolConfig,
  at: string,
  problems: string[]
): MarketConfig {
  const known = base.markets.find((d) => d.symbol === m.symbol);
  if (!known && m.initialPrice === undefined && m.feed === undefined) {
    problems.push(`${at}: new market ${m.symbol} needs an initialPrice (mock feed) or a feed address`);
  }
  const start = known ?? defaultMarket(m.symbol, m.initialPrice ?? "0");
  return {
    ...start,
    feed: m.feed ?? start.feed,
    initialPrice: m.initialPrice !== undefined ? price8(m.initialPrice) : start.initialPrice,
    feedDeviationBps: m.feedDeviationBps ?? start.feedDeviationBps,
    takerFeeBps: m.takerFeeBps ?? start.takerFeeBps,
    initialMarginBps: m.initialMarginBps ?? start.initialMarginBps,
    maintenanceMarginBps: m.maintenanceMarginBps ?? start.maintenanceMarginBps,
    liquidationPenaltyBps: m.liquidationPenaltyBps ?? start.liquidationPenaltyBps,
    feedHeartbeat: m.feedHeartbeat ?? start.feedHeartbeat,
    liquidity: m.liquidity !== undefined ? usdc(m.liquidity) : start.liquidity,
  };
}

function resolveToken(
  t: NonNullable<Parameters["tokens"]>[number],
  base: ProtocolConfig,
  caps: VaultCaps,
  at: string,
  problems: string[]
): TokenConfig | undefined {
  let start = base.tokens.find((d) => d.symbol === t.symbol);
  if (!start) {
    if (t.market === undefined || t.isLong === undefined || t.targetLeverage === undefined) {
      problems.push(`${at}: new token ${t.symbol} needs market, isLong and targetLeverage`);
      return undefined;
    }
    start = { ...defaultToken(t.market.split("-")[0], Number(t.targetLeverage), t.isLong), symbol: t.symbol };
  }
  // A default fee (frontRunSafeFeeBps) stops at the vault's cap, as frontRunSafeFeeBps would given the cap;
  // a fee the file names is checked against it instead.
  const fee = (given: number | undefined, dflt: number, cap: bigint) => given ?? Math.min(dflt, Number(cap));
  const q = t.params ?? {};
  const params: VaultParamsConfig = {
    minLeverage: q.minLeverage !== undefined ? wad(q.minLeverage) : start.params.minLeverage,
    maxLeverage: q.maxLeverage !== undefined ? wad(q.maxLeverage) : start.params.maxLeverage,
    rebalanceInterval: q.rebalanceInterval ?? start.params.rebalanceInterval,
    twapCooldown: q.twapCooldown ?? start.params.twapCooldown,
    maxStaleness: q.maxStaleness ?? start.params.maxStaleness,
    ripcordLeverage: q.ripcordLeverage !== undefined ? wad(q.ripcordLeverage) : start.params.ripcordLeverage,
    recenteringSpeed: q.recenteringSpeed !== undefined ? wad(q.recenteringSpeed) : start.params.recenteringSpeed,
    managementFeeRate: q.managementFeeRate !== undefined ? wad(q.managementFeeRate) : start.params.managementFeeRate,
    mintFeeBps: fee(q.mintFeeBps, start.params.mintFeeBps, caps.maxMintFeeBps),
    redeemFeeBps: fee(q.redeemFeeBps, start.params.redeemFeeBps, caps.maxRedeemFeeBps),
    maxTradeSize: q.maxTradeSize !== undefined ? usdc(q.maxTradeSize) : start.params.maxTradeSize,
    ripcordMaxTradeSize:
      q.ripcordMaxTradeSize !== undefined ? usdc(q.ripcordMaxTradeSize) : start.params.ripcordMaxTradeSize,
    ripcordReward: q.ripcordReward !== undefined ? usdc(q.ripcordReward) : start.params.ripcordReward,
    collateralCap: q.collateralCap !== undefined ? usdc(q.collateralCap) : start.params.collateralCap,
    requestMintFeeBps: q.requestMintFeeBps ?? start.params.requestMintFeeBps,
    requestRedeemFeeBps: q.requestRedeemFeeBps ?? start.params.requestRedeemFeeBps,
    settleReward: q.settleReward !== undefined ? usdc(q.settleReward) : start.params.settleReward,
  };
  return {
    name: t.name ?? start.name,
    symbol: t.symbol,
    market: t.market ?? start.market,
    isLong: t.isLong ?? start.isLong,
    targetLeverage: t.targetLeverage !== undefined ? wad(t.targetLeverage) : start.targetLeverage,
    params,
    sequencerUptimeFeed: start.sequencerUptimeFeed,
  };
}

/** The vault's ripcord reward cap for 6-decimal collateral (LeverageVault: 1,000 collateral). */
const MAX_RIPCORD_REWARD = usdc("1000");
const fmt = (x: bigint) => `${Number(x) / 1e18}`;
const pct = (x: bigint) => `${Number(x) / 1e16}%`;
/** Seconds as the largest whole unit: 3600 -> "1 h", 2592000 -> "30 days". */
function duration(s: bigint): string {
  const units: [bigint, string, string][] = [
    [86_400n, " day", " days"],
    [3_600n, " h", " h"],
    [60n, " min", " min"],
  ];
  for (const [size, one, many] of units)
    if (s >= size && s % size === 0n) return `${s / size}${s === size ? one : many}`;
  return `${s} s`;
}

/**
 * The caps VaultParamsLib enforces at creation, as the contract reports them (`caps`), checked here so a bad file
 * fails before any transaction with every problem and the token's path instead of one `InvalidParam` revert
 * mid-deployment. The ordering rules (min <= target <= max < ripcord) are VaultParamsLib.validate's.
 */
function checkParams(t: TokenConfig, c: VaultCaps, at: string, problems: string[]) {
  const p = t.params;
  const target = t.targetLeverage;
  const interval = BigInt(p.rebalanceInterval);
  const cooldown = BigInt(p.twapCooldown);
  const staleness = BigInt(p.maxStaleness);
  const rules: [string, boolean, string][] = [
    [
      "targetLeverage",
      target >= c.minTargetLeverage && target <= c.maxTargetLeverage,
      `${fmt(target)} must be in [${fmt(c.minTargetLeverage)}, ${fmt(c.maxTargetLeverage)}]`,
    ],
    [
      "params.minLeverage",
      p.minLeverage > 0n && p.minLeverage <= target,
      `${fmt(p.minLeverage)} must be in (0, targetLeverage ${fmt(target)}]`,
    ],
    [
      "params.maxLeverage",
      p.maxLeverage >= target,
      `${fmt(p.maxLeverage)} must be at least targetLeverage ${fmt(target)}`,
    ],
    [
      "params.ripcordLeverage",
      p.ripcordLeverage > p.maxLeverage && p.ripcordLeverage <= c.maxRipcordLeverage,
      `${fmt(p.ripcordLeverage)} must be above maxLeverage ${fmt(p.maxLeverage)} and at most ${fmt(c.maxRipcordLeverage)}`,
    ],
    [
      "params.rebalanceInterval",
      interval >= c.minRebalanceInterval && interval <= c.maxRebalanceInterval,
      `${interval} s must be in [${duration(c.minRebalanceInterval)}, ${duration(c.maxRebalanceInterval)}]`,
    ],
    [
      "params.twapCooldown",
      cooldown <= c.maxTwapCooldown,
      `${cooldown} s must be at most ${duration(c.maxTwapCooldown)}`,
    ],
    [
      "params.maxStaleness",
      staleness >= c.minStaleness && staleness <= c.maxStaleness,
      `${staleness} s must be in [${duration(c.minStaleness)}, ${duration(c.maxStaleness)}]`,
    ],
    [
      "params.recenteringSpeed",
      p.recenteringSpeed >= c.minRecenteringSpeed && p.recenteringSpeed <= c.maxRecenteringSpeed,
      `${fmt(p.recenteringSpeed)} must be in [${fmt(c.minRecenteringSpeed)}, ${fmt(c.maxRecenteringSpeed)}]`,
    ],
    [
      "params.managementFeeRate",
      p.managementFeeRate <= c.maxManagementFeeRate,
      `${fmt(p.managementFeeRate)} must be at most ${fmt(c.maxManagementFeeRate)} (${pct(c.maxManagementFeeRate)} a year)`,
    ],
    [
      "params.mintFeeBps",
      BigInt(p.mintFeeBps) <= c.maxMintFeeBps,
      `${p.mintFeeBps} bps must be at most ${c.maxMintFeeBps}`,
    ],
    [
      "params.redeemFeeBps",
      BigInt(p.redeemFeeBps) <= c.maxRedeemFeeBps,
      `${p.redeemFeeBps} bps must be at most ${c.maxRedeemFeeBps}`,
    ],
    ["params.maxTradeSize", p.maxTradeSize > 0n, "must be positive"],
    ["params.ripcordMaxTradeSize", p.ripcordMaxTradeSize >= p.maxTradeSize, "must be at least maxTradeSize"],
    [
      "params.ripcordMaxTradeSize",
      p.ripcordMaxTradeSize >= c.minRipcordTradeMultiple * MAX_RIPCORD_REWARD,
      `must be at least ${c.minRipcordTradeMultiple} x the ripcord reward cap of ${MAX_RIPCORD_REWARD / 10n ** 6n} ` +
        `(${(c.minRipcordTradeMultiple * MAX_RIPCORD_REWARD) / 10n ** 6n}), so a ripcord deleverages by a real step`,
    ],
    ["params.collateralCap", p.collateralCap > 0n, "must be positive"],
  ];
  for (const [name, ok, why] of rules) if (!ok) problems.push(`${at}.${name}: ${why}`);
}

/**
 * Refuses fees that make front-running one oracle update profitable (frontRunning.ts, docs/security.md F-2 and A):
 * at target, mint + redeem + 2·L·taker must be at least L x the feed's deviation threshold; and since an instant
 * mint can happen anywhere in the band (its fees scaled with leverage above target), the round trip must lose at
 * every leverage of the band, long and short.
 */
function checkFrontRunning(t: TokenConfig, m: MarketConfig, at: string, problems: string[]) {
  const leverage = Number(t.targetLeverage) / 1e18;
  const { mintFeeBps, redeemFeeBps } = t.params;
  const cost = roundTripCostBps(leverage, mintFeeBps, redeemFeeBps, m.takerFeeBps);
  const gain = updateGainBps(leverage, m.feedDeviationBps);
  const fix = "raise the fees or give the feed's real threshold";
  if (cost + 1e-9 < gain) {
    problems.push(
      `${at}.params: mintFeeBps ${mintFeeBps} + redeemFeeBps ${redeemFeeBps} + 2 x ${leverage} x ` +
        `takerFeeBps ${m.takerFeeBps} = ${cost} bps is below ${leverage} x feedDeviationBps ${m.feedDeviationBps} of ` +
        `${m.symbol} = ${gain} bps: minting before a known oracle update and redeeming after it would profit ` +
        `(docs/security.md F-2); ${fix}`
    );
    return;
  }
  const band = {
    target: leverage,
    minLeverage: Number(t.params.minLeverage) / 1e18,
    maxLeverage: Number(t.params.maxLeverage) / 1e18,
  };
  const worst = worstFrontRun(band, mintFeeBps, redeemFeeBps, m.takerFeeBps, m.feedDeviationBps);
  if (worst.profitBps > 0)
    problems.push(
      `${at}.params: mintFeeBps ${mintFeeBps} / redeemFeeBps ${redeemFeeBps} (scaled with leverage above target) ` +
        `leave front-running one update of feedDeviationBps ${m.feedDeviationBps} of ${m.symbol} at ` +
        `${worst.profitBps.toFixed(2)} bps profit for a ${worst.isLong ? "long" : "short"} at ` +
        `${worst.leverage.toFixed(3)}x, inside the band (docs/security.md A); ${fix}`
    );
}

/**
 * The market's limits the vault checks at creation (VaultParamsLib.checkVenue, the margins from the contract's
 * `caps`): maxStaleness covers the feed's heartbeat plus the margin, and 1/ripcordLeverage is at least
 * `maintenanceMarginRoom` times the maintenance margin. The market's maxPriceAge is MAX_PRICE_AGE at deployment.
 */
function checkVenue(t: TokenConfig, m: MarketConfig, c: VaultCaps, at: string, problems: string[]) {
  const heartbeat = BigInt(m.feedHeartbeat);
  const minStaleness = heartbeat + (heartbeat * c.heartbeatMarginBps + 9_999n) / 10_000n;
  if (BigInt(t.params.maxStaleness) < minStaleness)
    problems.push(
      `${at}.params.maxStaleness: ${t.params.maxStaleness} s is below ${m.symbol}'s feed heartbeat ${heartbeat} s ` +
        `plus ${Number(c.heartbeatMarginBps) / 100} % = ${minStaleness} s: redemption would close between rounds`
    );
  const maxRipcord = 10n ** 22n / c.maintenanceMarginRoom / BigInt(Math.max(m.maintenanceMarginBps, 1)); // BPS x WAD
  if (t.params.ripcordLeverage > maxRipcord)
    problems.push(
      `${at}.params.ripcordLeverage: ${fmt(t.params.ripcordLeverage)} is above ${formatUnits(maxRipcord, 18)}, ` +
        `the most at which 1/ripcordLeverage is at least ${c.maintenanceMarginRoom} x ${m.symbol}'s maintenance margin ` +
        `${m.maintenanceMarginBps} bps (docs/security.md I-1)`
    );
}

/**
 * Reads deploy/parameters/<network>.json (or `file`) and returns the config to deploy, checked against the
 * contract's `caps`; the defaults when there is none (test/deploy/parameters.test.ts checks them against the caps).
 */
export function loadProtocolConfig(
  networkName: string,
  caps: VaultCaps,
  file = parametersFileFor(networkName)
): ProtocolConfig {
  if (file === undefined) return defaultConfig;
  return resolveParameters(readParametersFile(file), caps, file);
}
