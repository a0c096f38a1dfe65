// Stands the protocol up on a Hardhat network connection through the Ignition module (deploy/modules/Lever.ts),
// the same code `npm run deploy` runs, and returns typed contracts.
import type { NetworkConnection } from "hardhat/types/network";
import { buildLeverModule } from "../../deploy/modules/Lever.js";
import { defaultConfig, type ProtocolConfig } from "../../deploy/config/defaults.js";
import type {
  LeveragedToken,
  LeveragedTokenFactory,
  LeverageVault,
  MockPerpMarket,
  MockPriceFeed,
  MockUSDC,
  VaultLens,
} from "../../types/ethers-contracts/index.js";

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

export async function deployProtocol(
  connection: NetworkConnection<"generic">,
  config: ProtocolConfig = defaultConfig,
): Promise<Protocol> {
  const { ethers, ignition } = connection;
  const result: Record<string, { target: unknown; getAddress(): Promise<string> }> = (await ignition.deploy(
    buildLeverModule(config),
    { displayUi: false },
  )) as never;
  const at = async <T>(name: string, key: string): Promise<T> =>
    (await ethers.getContractAt(name, await result[key].getAddress())) as unknown as T;

  const markets: Protocol["markets"] = {};
  for (const mk of config.markets) {
    const id = mk.symbol.replace(/[^A-Za-z0-9]/g, "");
    markets[mk.symbol] = {
      market: await at<MockPerpMarket>("MockPerpMarket", `${id}Market`),
      feed: await at<MockPriceFeed>("MockPriceFeed", `${id}Feed`),
    };
  }
  const tokens: Protocol["tokens"] = {};
  for (const t of config.tokens) {
    tokens[t.symbol] = {
      symbol: t.symbol,
      vault: await at<LeverageVault>("LeverageVault", `${t.symbol}Vault`),
      token: await at<LeveragedToken>("LeveragedToken", `${t.symbol}Token`),
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
