// Governance of the deployment (docs/deploy.md "Governance", docs/security.md F): the TimelockController is the
// vaults' admin and the factory's and markets' owner, the record says who holds which role, and an admin change
// that hurts holders waits out the delay, during which they can leave at the price they were quoted.
import { expect } from "chai";
import { encodeBytes32String, ZeroAddress } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { defaultConfig, type ProtocolConfig } from "../../deploy/config/defaults.js";
import { deployProtocol, toRecord } from "../../deploy/protocol.js";
import { batchOf, timelockCall } from "../../deploy/timelock.js";
import { parseDeployment } from "../../sdk/deployment.js";
import { governed, governedCall } from "../helpers/governance.js";
import { paramsWith } from "../helpers/chain.js";
import { usdc } from "../helpers/units.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const TESTNET_DELAY = 2 * 24 * 3600; // deploy/parameters/sepolia.json and baseSepolia.json
const config: ProtocolConfig = { ...defaultConfig, governance: { timelockDelay: TESTNET_DELAY } };

async function governedDeployment(conn: NetworkConnection) {
  const p = await deployProtocol(conn as never, config);
  const [deployer, alice, multisig] = await conn.ethers.getSigners();
  return { p, deployer, alice, multisig };
}
const load = () => networkHelpers.loadFixture(governedDeployment);

describe("deploy: governance through the timelock", () => {
  it("each role holder in the record is who holds the role on chain", async () => {
    const { p, deployer } = await load();
    const record = parseDeployment(await toRecord(p, 31337, config));
    const g = record.governance!;
    const timelock = await p.timelock.getAddress();
    expect(g.timelock).to.equal(timelock);
    expect(await ethers.provider.getCode(timelock)).to.not.equal("0x");
    expect(g.timelockDelay).to.equal(TESTNET_DELAY);
    expect(await p.timelock.getMinDelay()).to.equal(BigInt(TESTNET_DELAY));
    expect(g.proposers).to.deep.equal([deployer.address]);
    expect(await p.timelock.hasRole(await p.timelock.CANCELLER_ROLE(), deployer)).to.equal(true);
    expect(g.executors).to.deep.equal([ZeroAddress]); // anyone executes a ready operation
    // the timelock administers itself: nobody can change its roles or delay but a timelock operation
    expect(await p.timelock.hasRole(await p.timelock.DEFAULT_ADMIN_ROLE(), deployer)).to.equal(false);
    expect(await p.timelock.hasRole(await p.timelock.DEFAULT_ADMIN_ROLE(), timelock)).to.equal(true);

    expect(g.factoryOwner).to.equal(timelock);
    expect(await p.factory.owner()).to.equal(timelock);
    expect(await p.factory.pendingOwner()).to.equal(ZeroAddress);
    expect(g.vaultAdmin).to.equal(timelock);
    expect(g.guardian).to.equal(deployer.address);
    expect(g.feeRecipient).to.equal(deployer.address);
    expect(g.collateralOwner).to.equal(deployer.address);
    for (const { vault } of Object.values(p.tokens)) {
      const [ADMIN, GUARDIAN] = [await vault.DEFAULT_ADMIN_ROLE(), await vault.GUARDIAN_ROLE()];
      expect(await vault.hasRole(ADMIN, g.vaultAdmin)).to.equal(true);
      expect(await vault.hasRole(ADMIN, deployer)).to.equal(false);
      expect(await vault.hasRole(GUARDIAN, g.guardian)).to.equal(true);
      expect(await vault.feeRecipient()).to.equal(g.feeRecipient);
    }
    for (const m of record.markets) {
      const { market, feed } = p.markets[m.symbol];
      expect(m.owner).to.equal(timelock);
      expect(await market.owner()).to.equal(timelock);
      expect(await market.pendingOwner()).to.equal(ZeroAddress);
      expect(m.feedOwner).to.equal(deployer.address);
      expect(await feed.owner()).to.equal(deployer.address);
      expect(m.feedHeartbeat).to.equal(3600);
      expect((await market.venueLimits()).feedHeartbeat).to.equal(3600n);
    }
  });

  it("the deployer cannot change parameters, fees, the factory or a market directly", async () => {
    const { p, deployer } = await load();
    const { vault, market } = p.tokens.BTC3L;
    const ADMIN = await vault.DEFAULT_ADMIN_ROLE();
    await expect(vault.connect(deployer).setParams(await paramsWith(vault, { redeemFeeBps: 100n })))
      .to.be.revertedWithCustomError(vault, "AccessControlUnauthorizedAccount")
      .withArgs(deployer.address, ADMIN);
    await expect(vault.connect(deployer).setFeeRecipient(deployer))
      .to.be.revertedWithCustomError(vault, "AccessControlUnauthorizedAccount")
      .withArgs(deployer.address, ADMIN);
    await expect(vault.connect(deployer).grantRole(ADMIN, deployer))
      .to.be.revertedWithCustomError(vault, "AccessControlUnauthorizedAccount")
      .withArgs(deployer.address, ADMIN);
    await expect(p.factory.connect(deployer).setGovernance(deployer, deployer, deployer))
      .to.be.revertedWithCustomError(p.factory, "OwnableUnauthorizedAccount")
      .withArgs(deployer.address);
    for (const [fn, args] of [
      ["setTakerFeeBps", [100]],
      ["setFundingRate", [5n * 10n ** 18n]],
      ["removeLiquidity", [1n, deployer.address]],
      ["setMaxPriceAge", [60]],
      ["setFeedHeartbeat", [0]],
    ] as const) {
      await expect((market.connect(deployer) as any)[fn](...args))
        .to.be.revertedWithCustomError(market, "OwnableUnauthorizedAccount")
        .withArgs(deployer.address);
    }
  });

  it("the guardian's pause, the feeds and the faucet stay instant for the deployer", async () => {
    const { p, deployer, alice } = await load();
    const { vault, feed } = p.tokens.BTC3L;
    await expect(vault.connect(deployer).pauseMint()).to.emit(vault, "MintPaused").withArgs(deployer.address);
    await expect(vault.connect(deployer).unpauseMint()).to.emit(vault, "MintUnpaused");
    await feed.connect(deployer).setPrice(61_000n * 10n ** 8n);
    expect((await feed.latestRoundData())[1]).to.equal(61_000n * 10n ** 8n);
    await expect(p.usdc.connect(alice).faucet(usdc(1_000))).to.changeTokenBalance(ethers, p.usdc, alice, usdc(1_000));
  });

  it("a redeem-fee jump 68 -> 100 bps cannot land before a pending redeem: the holder leaves at its quote", async () => {
    const { p, deployer, alice } = await load();
    const { vault } = p.tokens.BTC3L;
    await p.usdc.mint(alice, usdc(1_000_000));
    await p.usdc.connect(alice).approve(vault, usdc(1_000_000));
    await vault.connect(alice).mint(usdc(1_000_000), 0n, alice);
    expect((await vault.params()).redeemFeeBps).to.equal(68n);

    // the deployer proposes; executing is refused until the delay has passed
    const raise = await timelockCall(vault, "setParams", [await paramsWith(vault, { redeemFeeBps: 100n })]);
    const batch = batchOf([raise]);
    await expect(p.timelock.connect(deployer).scheduleBatch(...batch, TESTNET_DELAY - 1)).to.be.revertedWithCustomError(
      p.timelock,
      "TimelockInsufficientDelay"
    );
    await expect(p.timelock.connect(deployer).scheduleBatch(...batch, TESTNET_DELAY)).to.emit(
      p.timelock,
      "CallScheduled"
    );
    await expect(p.timelock.executeBatch(...batch)).to.be.revertedWithCustomError(
      p.timelock,
      "TimelockUnexpectedOperationState"
    );
    await networkHelpers.time.increase(TESTNET_DELAY - 10);
    await expect(p.timelock.executeBatch(...batch)).to.be.revertedWithCustomError(
      p.timelock,
      "TimelockUnexpectedOperationState"
    );

    // alice saw CallScheduled: she redeems inside the delay at the 68 bps she was quoted, with the SDK's 50 bps bound
    await p.tokens.BTC3L.feed.setPrice((await p.tokens.BTC3L.feed.latestRoundData())[1]); // a fresh round
    const tokens = await p.tokens.BTC3L.token.balanceOf(alice);
    await networkHelpers.time.setNextBlockTimestamp((await networkHelpers.time.latest()) + 1);
    const quoted = await vault.previewRedeem(tokens, { blockTag: "pending" }); // exact for the redeem's block
    await expect(vault.connect(alice).redeem(tokens, (quoted * 9_950n) / 10_000n, alice)).to.changeTokenBalance(
      ethers,
      p.usdc,
      alice,
      quoted
    );

    // after the delay the change lands, for whoever stayed
    await networkHelpers.time.increase(10);
    await expect(p.timelock.executeBatch(...batch)).to.emit(vault, "ParamsUpdated");
    expect((await vault.params()).redeemFeeBps).to.equal(100n);
  });

  it("maxStaleness = 60 s on a 3,600 s heartbeat is refused through the timelock too", async () => {
    const { p } = await load();
    const { vault } = p.tokens.BTC3L;
    await expect(
      governedCall(p.timelock, vault, "setParams", [await paramsWith(vault, { maxStaleness: 60n })], {
        helpers: networkHelpers,
      })
    )
      .to.be.revertedWithCustomError(vault, "VenueLimit")
      .withArgs(encodeBytes32String("maxStaleness"), 60n, 3960n);
  });

  it("docs/deploy.md hand-over: a multisig becomes the proposer and the deployer's roles end, all through the timelock", async () => {
    const { p, deployer, multisig } = await load();
    const t = p.timelock;
    const [PROPOSER, CANCELLER] = [await t.PROPOSER_ROLE(), await t.CANCELLER_ROLE()];
    const { vault } = p.tokens.BTC3L;
    const GUARDIAN = await vault.GUARDIAN_ROLE();
    const calls = [
      await timelockCall(t, "grantRole", [PROPOSER, multisig.address]),
      await timelockCall(t, "grantRole", [CANCELLER, multisig.address]),
      await timelockCall(vault, "grantRole", [GUARDIAN, multisig.address]),
      await timelockCall(vault, "revokeRole", [GUARDIAN, deployer.address]),
      await timelockCall(t, "revokeRole", [CANCELLER, deployer.address]),
      await timelockCall(t, "revokeRole", [PROPOSER, deployer.address]),
    ];
    await (await governed(t, calls, { helpers: networkHelpers })).wait();
    expect(await t.hasRole(PROPOSER, multisig)).to.equal(true);
    expect(await t.hasRole(PROPOSER, deployer)).to.equal(false);
    expect(await vault.hasRole(GUARDIAN, multisig)).to.equal(true);
    await expect(t.connect(deployer).scheduleBatch(...batchOf([calls[0]]), TESTNET_DELAY))
      .to.be.revertedWithCustomError(t, "AccessControlUnauthorizedAccount")
      .withArgs(deployer.address, PROPOSER);
    const record = parseDeployment(await toRecord(p, 31337, config));
    expect(record.governance!.proposers).to.deep.equal([multisig.address]);
  });
});
