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
  TimelockController,
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
  /** Admin of every vault, owner of the factory and of every market (docs/deploy.md "Governance"). */
  timelock: TimelockController;
  /** The account that deployed: the timelock's proposer, guardian, fee recipient, owner of the feeds and MockUSDC. */
  deployer: string;
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
  const [deployer] = await ethers.getSigners();
  return {
    usdc: await at<MockUSDC>("MockUSDC", "collateral"),
    factory: await at<LeveragedTokenFactory>("LeveragedTokenFactory", "factory"),
    lens: await at<VaultLens>("VaultLens", "lens"),
    timelock: await at<TimelockController>("TimelockController", "timelock"),
    deployer: deployer.address,
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
      owner: await market.owner(),
      feedOwner: await ownerOf(feed),
      feedHeartbeat: Number((await market.venueLimits()).feedHeartbeat),
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
    governance: await governanceRecord(protocol),
  };
}

/** Who holds which role, read from the chain (the record's `governance`, sdk/deployment.ts). */
async function governanceRecord(protocol: Protocol): Promise<NonNullable<Deployment["governance"]>> {
  const { timelock, factory } = protocol;
  const [proposer, executor] = await Promise.all([timelock.PROPOSER_ROLE(), timelock.EXECUTOR_ROLE()]);
  // The timelock does not enumerate its roles: every account it ever granted one to, that holds it still.
  const holders = async (role: string) => {
    const granted = await timelock.queryFilter(timelock.filters.RoleGranted(role), 0);
    const out: string[] = [];
    for (const account of new Set(granted.map((e) => e.args.account)))
      if (await timelock.hasRole(role, account)) out.push(account);
    return out;
  };
  return {
    timelock: await timelock.getAddress(),
    timelockDelay: Number(await timelock.getMinDelay()),
    proposers: await holders(proposer),
    executors: await holders(executor),
    factoryOwner: await factory.owner(),
    vaultAdmin: await factory.vaultAdmin(),
    guardian: await factory.guardian(),
    feeRecipient: await factory.feeRecipient(),
    collateralOwner: await ownerOf(protocol.usdc),
  };
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** `owner()` of a mock (feed, MockUSDC), or null for a contract without one (a real Chainlink feed, real USDC). */
async function ownerOf(contract: { owner(): Promise<string> }): Promise<string | null> {
  try {
    return await contract.owner();
  } catch {
    return null;
  }
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
