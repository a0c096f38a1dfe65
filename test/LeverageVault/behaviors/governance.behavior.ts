// Governance (docs/protocol.md §5-§6, docs/deploy.md "Governance"): the guardian pauses minting only, at once; the
// admin (the timelock, after its delay) sets parameters inside hard caps; no role can mint tokens or move the
// vault's collateral.
import { expect } from "chai";
import { encodeBytes32String } from "ethers";
import { ethers, mintedFixture, networkHelpers, tokenConfig } from "../../helpers/fixtures.js";
import { governed, governedCall, timelockCall } from "../../helpers/governance.js";
import { paramsWith, type ParamName } from "../../helpers/chain.js";
import { usdc, wad } from "../../helpers/units.js";

const DAY = 24n * 3600n;

/** Values just outside each hard cap (docs/protocol.md §6 ordering, fee caps of 1%, 5% a year, ...). */
function capViolations(p: ReturnType<typeof tokenConfig>): [ParamName, bigint][] {
  const target = p.targetLeverage;
  return [
    ["minLeverage", 0n],
    ["minLeverage", target + 1n],
    ["maxLeverage", target - 1n],
    ["ripcordLeverage", p.params.maxLeverage],
    ["ripcordLeverage", wad(15) + 1n],
    ["rebalanceInterval", 3600n - 1n],
    ["rebalanceInterval", 30n * DAY + 1n],
    ["twapCooldown", DAY + 1n],
    ["maxStaleness", 59n],
    ["maxStaleness", 2n * DAY + 1n],
    ["recenteringSpeed", wad("0.05") - 1n],
    ["recenteringSpeed", wad(1) + 1n],
    ["managementFeeRate", wad("0.05") + 1n],
    ["mintFeeBps", 101n],
    ["redeemFeeBps", 101n],
    ["maxTradeSize", 0n],
    ["ripcordMaxTradeSize", p.params.maxTradeSize - 1n],
    ["ripcordReward", usdc(1_000) + 1n],
    ["collateralCap", 0n],
  ];
}

export function shouldGovern(symbol: string) {
  const config = tokenConfig(symbol);
  const minted = () => networkHelpers.loadFixture(mintedFixture(symbol));

  describe("pause", () => {
    it("the guardian pauses minting while redeem stays open, and unpauses it", async () => {
      const f = await minted();
      const { deployer, alice, bob } = f.users;
      await expect(f.t.vault.connect(deployer).pauseMint()).to.emit(f.t.vault, "MintPaused").withArgs(deployer.address);
      expect(await f.t.vault.mintPaused()).to.equal(true);
      await expect(f.t.vault.connect(bob).mint(usdc(100), 0n, bob)).to.be.revertedWithCustomError(
        f.t.vault,
        "MintingPaused"
      );
      const half = (await f.t.token.balanceOf(alice)) / 2n;
      await expect(f.t.vault.connect(alice).redeem(half, 0n, alice)).to.emit(f.t.vault, "Redeemed");
      await expect(f.t.vault.connect(deployer).unpauseMint())
        .to.emit(f.t.vault, "MintUnpaused")
        .withArgs(deployer.address);
      await expect(f.t.vault.connect(bob).mint(usdc(100), 0n, bob)).to.emit(f.t.vault, "Minted");
    });

    it("only the guardian pauses, and the guardian cannot set parameters", async () => {
      const f = await minted();
      const { deployer, alice, guardian } = f.users;
      const GUARDIAN = await f.t.vault.GUARDIAN_ROLE();
      const ADMIN = await f.t.vault.DEFAULT_ADMIN_ROLE();
      await expect(f.t.vault.connect(alice).pauseMint())
        .to.be.revertedWithCustomError(f.t.vault, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, GUARDIAN);
      // hand the guardian role to its own key (through the timelock, the admin): the deployer then cannot pause
      await governed(f.timelock, [
        await timelockCall(f.t.vault, "grantRole", [GUARDIAN, guardian.address]),
        await timelockCall(f.t.vault, "revokeRole", [GUARDIAN, deployer.address]),
      ]);
      await expect(f.t.vault.connect(deployer).pauseMint())
        .to.be.revertedWithCustomError(f.t.vault, "AccessControlUnauthorizedAccount")
        .withArgs(deployer.address, GUARDIAN);
      await expect(f.t.vault.connect(guardian).pauseMint()).to.emit(f.t.vault, "MintPaused");
      await expect(f.t.vault.connect(guardian).setParams(await paramsWith(f.t.vault)))
        .to.be.revertedWithCustomError(f.t.vault, "AccessControlUnauthorizedAccount")
        .withArgs(guardian.address, ADMIN);
    });
  });

  describe("parameters", () => {
    it("only the admin (the timelock) sets parameters and the fee recipient; the deployer cannot", async () => {
      const f = await minted();
      const { deployer, alice, bob } = f.users;
      const ADMIN = await f.t.vault.DEFAULT_ADMIN_ROLE();
      const changed = await paramsWith(f.t.vault, { mintFeeBps: 100n, twapCooldown: 120n });
      await expect(f.t.vault.connect(alice).setParams(changed))
        .to.be.revertedWithCustomError(f.t.vault, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, ADMIN);
      await expect(f.t.vault.connect(alice).setFeeRecipient(alice))
        .to.be.revertedWithCustomError(f.t.vault, "AccessControlUnauthorizedAccount")
        .withArgs(alice.address, ADMIN);
      await expect(f.t.vault.connect(deployer).setParams(changed))
        .to.be.revertedWithCustomError(f.t.vault, "AccessControlUnauthorizedAccount")
        .withArgs(deployer.address, ADMIN);

      await expect(governedCall(f.timelock, f.t.vault, "setParams", [changed])).to.emit(f.t.vault, "ParamsUpdated");
      expect((await f.t.vault.params()).mintFeeBps).to.equal(100n);
      expect((await f.t.vault.params()).twapCooldown).to.equal(120n);
      await expect(
        governedCall(f.timelock, f.t.vault, "setFeeRecipient", [ethers.ZeroAddress])
      ).to.be.revertedWithCustomError(f.t.vault, "ZeroAddress");
      await expect(governedCall(f.timelock, f.t.vault, "setFeeRecipient", [bob.address]))
        .to.emit(f.t.vault, "FeeRecipientUpdated")
        .withArgs(bob.address);
      expect(await f.t.vault.feeRecipient()).to.equal(bob.address);
    });

    it("accepts every parameter at its cap", async () => {
      const f = await minted();
      const at = await paramsWith(f.t.vault, {
        ripcordLeverage: wad(15),
        rebalanceInterval: 30n * DAY,
        twapCooldown: DAY,
        maxStaleness: 2n * DAY,
        recenteringSpeed: wad("0.05"),
        managementFeeRate: wad("0.05"),
        mintFeeBps: 100n,
        redeemFeeBps: 100n,
        ripcordReward: usdc(1_000),
      });
      await expect(governedCall(f.timelock, f.t.vault, "setParams", [at])).to.emit(f.t.vault, "ParamsUpdated");
    });

    for (const [name, value] of capViolations(config)) {
      it(`rejects ${name} = ${value} with InvalidParam("${name}", value)`, async () => {
        const f = await minted();
        const p = await paramsWith(f.t.vault, { [name]: value });
        await expect(governedCall(f.timelock, f.t.vault, "setParams", [p]))
          .to.be.revertedWithCustomError(f.t.vault, "InvalidParam")
          .withArgs(encodeBytes32String(name), value);
      });
    }
  });

  describe("custody", () => {
    it("no role can mint or burn tokens", async () => {
      const f = await minted();
      const { deployer, alice } = f.users;
      // the deployer proposes every admin action and is the guardian
      await expect(f.t.token.connect(deployer).mint(deployer, 1n))
        .to.be.revertedWithCustomError(f.t.token, "OnlyVault")
        .withArgs(deployer.address);
      await expect(f.t.token.connect(deployer).burn(alice, 1n))
        .to.be.revertedWithCustomError(f.t.token, "OnlyVault")
        .withArgs(deployer.address);
    });

    it("no role can move the vault's collateral", async () => {
      const f = await minted();
      const { deployer } = f.users;
      const value = await f.t.market.accountValue(f.t.vault);
      // the market only lets an account withdraw its own margin: the deployer's account is empty
      await expect(f.t.market.connect(deployer).withdraw(1n, deployer))
        .to.be.revertedWithCustomError(f.t.market, "InsufficientMargin")
        .withArgs(0n, 1n);
      await expect(f.t.market.connect(deployer).modifyPosition(0n, -1n, deployer))
        .to.be.revertedWithCustomError(f.t.market, "InsufficientMargin")
        .withArgs(0n, 1n);
      // the vault's own state-changing functions: none sends collateral anywhere chosen by a role
      const writes = f.t.vault.interface.fragments
        .filter((x) => x.type === "function")
        .map((x) => x as unknown as { name: string; stateMutability: string })
        .filter((x) => x.stateMutability !== "view" && x.stateMutability !== "pure")
        .map((x) => x.name)
        .sort();
      expect(writes).to.deep.equal(
        [
          "cancelRequest", // refunds the owner's own escrow to the owner only
          "claimFees", // pays feesOwed to the fee recipient only
          "grantRole",
          "mint",
          "mintWithPermit",
          "pauseMint",
          "performUpkeep", // pays the ripcord reward to the caller only
          "rebalance",
          "redeem", // pays the burner's share to its receiver
          "renounceRole",
          "requestMint", // escrows the caller's collateral
          "requestMintWithPermit",
          "requestRedeem", // escrows the caller's tokens
          "revokeRole",
          "ripcord",
          "setFeeRecipient",
          "setParams",
          "settle", // pays each request's receiver, refunds to owners, the settle reward to the caller
          "unpauseMint",
        ].sort()
      );
      expect(await f.t.market.accountValue(f.t.vault)).to.equal(value);
    });
  });
}
