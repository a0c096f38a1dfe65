// Stands the protocol up on a Hardhat network connection through the Ignition module (deploy/modules/Lever.ts)
// and returns typed contracts. The one way to deploy Lever: `npm run deploy`, the tests and the demo all use it.
import type { NetworkConnection } from "hardhat/types/network";
import { buildLeverModule } from "./modules/Lever.js";
import { ignitionId } from "./modules/ids.js";
import { defaultConfig, type ProtocolConfig } from "./config/defaults.js";
import type { Deployment } from "../sdk/deployment.js";
import type {
  LeveragedToken,
  LeveragedTokenFactory,
  LeverageVault,
  MockPerpMarket,
  MockPriceFeed,
  MockUSDC,
  VaultLens,
} from "../types/ethers-contracts/index.js";

export interface DeployedToken {
  symbol: string;
  vault: LeverageVault;
  token: LeveragedToken;
  market: MockPerpMarket;
  feed: MockPriceFeed;
}

export interface Protocol {
  usdc: MockUSDC;
  factory: LeveragedTokenFactory;
  lens: VaultLens;
  markets: Record<string, { market: MockPerpMarket; feed: MockPriceFeed }>;
  tokens: Record<string, DeployedToken>;
}

export interface DeployOptions {
  /** Ignition deployment id (journal folder under deploy/deployments); in-memory when absent. */
  deploymentId?: string;
}

export async function deployProtocol(
  connection: NetworkConnection<"generic">,
  config: ProtocolConfig = defaultConfig,
  options: DeployOptions = {}
): Promise<Protocol> {
  const { ethers, ignition } = connection;
  const result: Record<string, { target: unknown; getAddress(): Promise<string> }> = (await ignition.deploy(
    buildLeverModule(config),
    { displayUi: false, deploymentId: options.deploymentId }
  )) as never;
  const at = async <T>(name: string, key: string): Promise<T> =>
    (await ethers.getContractAt(name, await result[key].getAddress())) as unknown as T;

  const markets: Protocol["markets"] = {};
  for (const mk of config.markets) {
    markets[mk.symbol] = {
      market: await at<MockPerpMarket>("MockPerpMarket", ignitionId(mk.symbol, "Market")),
      feed: await at<MockPriceFeed>("MockPriceFeed", ignitionId(mk.symbol, "Feed")),
    };
  }
  const tokens: Protocol["tokens"] = {};
  for (const t of config.tokens) {
    tokens[t.symbol] = {
      symbol: t.symbol,
      vault: await at<LeverageVault>("LeverageVault", ignitionId(t.symbol, "Vault")),
      token: await at<LeveragedToken>("LeveragedToken", ignitionId(t.symbol, "Token")),
      ...markets[t.market],
    };
  }
  return {
    usdc: await at<MockUSDC>("MockUSDC", "collateral"),
    factory: await at<LeveragedTokenFactory>("LeveragedTokenFactory", "factory"),
    lens: await at<VaultLens>("VaultLens", "lens"),
    markets,
    tokens,
  };
}

/** The deployment record of docs/protocol.md §11 (sdk/deployment.ts `Deployment`) for a deployed protocol. */
export async function toRecord(
  protocol: Protocol,
  chainId: number,
  config: ProtocolConfig = defaultConfig
): Promise<Deployment> {
  const provider = protocol.factory.runner!.provider!;
  const latest = await provider.getBlockNumber();
  const blockOf = (address: string) => deploymentBlock(provider, address, latest);
  const markets = [];
  for (const mk of config.markets) {
    const { market, feed } = protocol.markets[mk.symbol];
    const address = await market.getAddress();
    markets.push({
      symbol: mk.symbol,
      market: address,
      feed: await feed.getAddress(),
      deploymentBlock: await blockOf(address),
    });
  }
  const tokens = [];
  for (const t of config.tokens) {
    const d = protocol.tokens[t.symbol];
    tokens.push({
      symbol: t.symbol,
      token: await d.token.getAddress(),
      vault: await d.vault.getAddress(),
      market: await d.market.getAddress(),
      isLong: t.isLong,
      targetLeverage: t.targetLeverage.toString(),
      deploymentBlock: await blockOf(await d.vault.getAddress()),
    });
  }
  const factory = await protocol.factory.getAddress();
  const blocks = [
    await blockOf(factory),
    ...markets.map((m) => m.deploymentBlock),
    ...tokens.map((t) => t.deploymentBlock),
  ];
  const known = blocks.filter((b): b is number => b !== undefined);
  return {
    chainId,
    collateral: await protocol.usdc.getAddress(),
    factory,
    lens: await protocol.lens.getAddress(),
    deploymentBlock: known.length === blocks.length ? Math.min(...known) : undefined,
    markets,
    tokens,
  };
}

/**
 * The block `address` was deployed in: the first with code there (binary search on `eth_getCode`), where the SDK
 * starts reading its events. Undefined on a node that keeps no old state (anvil --prune-history).
 */
async function deploymentBlock(
  provider: { getCode(address: string, blockTag: number): Promise<string> },
  address: string,
  latest: number
): Promise<number | undefined> {
  let [lo, hi] = [0, latest];
  try {
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if ((await provider.getCode(address, mid)) === "0x") lo = mid + 1;
      else hi = mid;
    }
    return lo;
  } catch {
    return undefined;
  }
}
