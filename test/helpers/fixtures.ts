// Shared fixtures: the default deployment (deploy/protocol.ts) on one in-process chain for the flow
// tests, with funded users. Use through `networkHelpers.loadFixture` so each test starts from a snapshot.
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { deployProtocol, type DeployedToken, type Protocol } from "../../deploy/protocol.js";
import { defaultConfig, type TokenConfig } from "../../deploy/config/defaults.js";
import { executeThroughTimelock, timelockCall } from "../../deploy/timelock.js";
import { usdc } from "./units.js";

/** One dedicated chain for these tests (not shared with other suites). */
export const connection = await network.create();
export const { ethers, networkHelpers } = connection;

/** USDC each user starts with. */
export const USER_FUNDS = usdc(1_000_000);
/** What alice mints in the "minted" fixtures. */
export const INITIAL_MINT = usdc(10_000);

export interface Users {
  deployer: HardhatEthersSigner; // the timelock's proposer (admin actions: test/helpers/governance.ts), guardian, feed owner
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  dave: HardhatEthersSigner; // funded, no approvals (for permit flows)
  treasury: HardhatEthersSigner; // fee recipient of every vault
  guardian: HardhatEthersSigner; // no role until a test grants one
  keeper: HardhatEthersSigner; // no funds needed: rebalance, ripcord, upkeep
}

export interface Deployment extends Protocol {
  users: Users;
}

export async function deployFixture(conn: NetworkConnection): Promise<Deployment> {
  const protocol = await deployProtocol(conn as never);
  const [deployer, alice, bob, carol, dave, treasury, guardian, keeper] = await conn.ethers.getSigners();
  const users = { deployer, alice, bob, carol, dave, treasury, guardian, keeper };
  for (const user of [alice, bob, carol, dave]) await protocol.usdc.mint(user, USER_FUNDS);
  const vaults = Object.values(protocol.tokens).map((t) => t.vault);
  const setRecipients = await Promise.all(vaults.map((v) => timelockCall(v, "setFeeRecipient", [treasury.address])));
  await (
    await executeThroughTimelock(protocol.timelock, setRecipients, (s) => conn.networkHelpers.time.increase(s))
  ).wait();
  for (const vault of vaults) {
    for (const user of [alice, bob, carol]) await protocol.usdc.connect(user).approve(vault, ethers.MaxUint256);
  }
  return { ...protocol, users };
}

export interface MintedVault extends Deployment {
  t: DeployedToken;
  config: TokenConfig;
  /** Block time of alice's first mint: the vault's last streaming-fee accrual. */
  mintedAt: bigint;
}

export function tokenConfig(symbol: string): TokenConfig {
  const config = defaultConfig.tokens.find((t) => t.symbol === symbol);
  if (!config) throw new Error(`no default token ${symbol}`);
  return config;
}

const mintedFixtures = new Map<string, (conn: NetworkConnection) => Promise<MintedVault>>();

/** The default deployment in which alice has minted INITIAL_MINT of `symbol`. One fixture function per symbol. */
export function mintedFixture(symbol: string) {
  let fixture = mintedFixtures.get(symbol);
  if (!fixture) {
    fixture = async (conn: NetworkConnection): Promise<MintedVault> => {
      const d = await deployFixture(conn);
      const t = d.tokens[symbol];
      const receipt = await (await t.vault.connect(d.users.alice).mint(INITIAL_MINT, 0n, d.users.alice)).wait();
      const block = await conn.ethers.provider.getBlock(receipt!.blockNumber);
      return { ...d, t, config: tokenConfig(symbol), mintedAt: BigInt(block!.timestamp) };
    };
    Object.defineProperty(fixture, "name", { value: `minted${symbol}` });
    mintedFixtures.set(symbol, fixture);
  }
  return fixture;
}
