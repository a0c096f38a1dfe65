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
  const markets = [];
  for (const mk of config.markets) {
    const { market, feed } = protocol.markets[mk.symbol];
    markets.push({ symbol: mk.symbol, market: await market.getAddress(), feed: await feed.getAddress() });
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
    });
  }
  return {
    chainId,
    collateral: await protocol.usdc.getAddress(),
    factory: await protocol.factory.getAddress(),
    lens: await protocol.lens.getAddress(),
    markets,
    tokens,
  };
}
