// LeveragedTokenFactory: deploys token + vault pairs, keeps the list (docs/protocol.md §2, §11).
import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { deployFixture, ethers, networkHelpers } from "../helpers/fixtures.js";
import { defaultConfig, token as tokenConfig } from "../../deploy/config/defaults.js";
import { governedCall } from "../helpers/governance.js";
import { wad } from "../helpers/units.js";

const SYMBOLS = defaultConfig.tokens.map((t) => t.symbol);

async function createParams(
  d: Awaited<ReturnType<typeof deployFixture>>,
  leverage: number,
  isLong: boolean,
  base = "BTC"
) {
  const config = tokenConfig(base, leverage, isLong);
  return { ...config, market: await d.markets[config.market].market.getAddress() };
}

describe("LeveragedTokenFactory", () => {
  it("lists every vault and token in creation order", async () => {
    const d = await networkHelpers.loadFixture(deployFixture);
    const vaults = await Promise.all(SYMBOLS.map((s) => d.tokens[s].vault.getAddress()));
    const tokens = await Promise.all(SYMBOLS.map((s) => d.tokens[s].token.getAddress()));
    expect(await d.factory.allVaults()).to.deep.equal(vaults);
    expect(await d.factory.allTokens()).to.deep.equal(tokens);
    expect(await d.factory.vaultCount()).to.equal(BigInt(SYMBOLS.length));
  });

  it("pages the vault list, clipping at the end", async () => {
    const d = await networkHelpers.loadFixture(deployFixture);
    const all = await d.factory.allVaults();
    expect(await d.factory.vaultsPage(0, 2)).to.deep.equal(all.slice(0, 2));
    expect(await d.factory.vaultsPage(1, 2)).to.deep.equal(all.slice(1, 3));
    expect(await d.factory.vaultsPage(3, 10)).to.deep.equal(all.slice(3));
    expect(await d.factory.vaultsPage(0, 100)).to.deep.equal(all);
    expect(await d.factory.vaultsPage(all.length, 1)).to.deep.equal([]);
    expect(await d.factory.vaultsPage(0, 0)).to.deep.equal([]);
  });

  it("finds a vault by symbol, and address(0) for an unknown one", async () => {
    const d = await networkHelpers.loadFixture(deployFixture);
    for (const s of SYMBOLS) expect(await d.factory.vaultOfSymbol(s)).to.equal(await d.tokens[s].vault.getAddress());
    expect(await d.factory.vaultOfSymbol("DOGE9L")).to.equal(ethers.ZeroAddress);
    expect(await d.factory.vaultOfSymbol("btc3l")).to.equal(ethers.ZeroAddress);
  });

  it("creates a token + vault pair, emits LeveragedTokenCreated and appends it", async () => {
    const d = await networkHelpers.loadFixture(deployFixture);
    const { deployer } = d.users;
    const p = await createParams(d, 2, true);
    expect(p.symbol).to.equal("BTC2L");
    await expect(governedCall(d.timelock, d.factory, "createLeveragedToken", [p]))
      .to.emit(d.factory, "LeveragedTokenCreated")
      .withArgs(anyValue, anyValue, p.market, "BTC2L", true, wad(2));

    const vaultAddress = await d.factory.vaultOfSymbol("BTC2L");
    expect((await d.factory.allVaults()).at(-1)).to.equal(vaultAddress);
    expect(await d.factory.vaultCount()).to.equal(BigInt(SYMBOLS.length + 1));
    const vault = await ethers.getContractAt("LeverageVault", vaultAddress);
    const token = await ethers.getContractAt("LeveragedToken", await vault.token());
    expect((await d.factory.allTokens()).at(-1)).to.equal(await token.getAddress());
    expect(await token.vault()).to.equal(vaultAddress);
    expect(await token.symbol()).to.equal("BTC2L");
    expect(await token.name()).to.equal("BTC 2x Long");
    expect(await vault.market()).to.equal(p.market);
    expect(await vault.isLong()).to.equal(true);
    expect(await vault.targetLeverage()).to.equal(wad(2));
    // the factory's governance roles are handed to the new vault
    expect(await vault.hasRole(await vault.DEFAULT_ADMIN_ROLE(), await d.factory.vaultAdmin())).to.equal(true);
    expect(await vault.hasRole(await vault.GUARDIAN_ROLE(), await d.factory.guardian())).to.equal(true);
    expect(await vault.feeRecipient()).to.equal(await d.factory.feeRecipient());
    expect(await vault.hasRole(await vault.DEFAULT_ADMIN_ROLE(), await d.factory.getAddress())).to.equal(false);

    // and it works: mint at the initial NAV
    await d.usdc.connect(d.users.alice).approve(vault, ethers.MaxUint256);
    await expect(vault.connect(d.users.alice).mint(1_000_000_000n, 0n, d.users.alice)).to.emit(vault, "Minted");
    expect(await vault.nav()).to.equal(100_000_000n);
  });

  it("refuses a symbol twice: DuplicateSymbol(symbol)", async () => {
    const d = await networkHelpers.loadFixture(deployFixture);
    const p = await createParams(d, 3, true);
    await expect(governedCall(d.timelock, d.factory, "createLeveragedToken", [p]))
      .to.be.revertedWithCustomError(d.factory, "DuplicateSymbol")
      .withArgs("BTC3L");
  });

  it("only the owner creates tokens and sets governance", async () => {
    const d = await networkHelpers.loadFixture(deployFixture);
    const { alice } = d.users;
    const p = await createParams(d, 2, false);
    await expect(d.factory.connect(alice).createLeveragedToken(p))
      .to.be.revertedWithCustomError(d.factory, "OwnableUnauthorizedAccount")
      .withArgs(alice.address);
    await expect(d.factory.connect(alice).setGovernance(alice, alice, alice))
      .to.be.revertedWithCustomError(d.factory, "OwnableUnauthorizedAccount")
      .withArgs(alice.address);
  });

  it("new vaults get the governance set at their creation; existing vaults keep theirs", async () => {
    const d = await networkHelpers.loadFixture(deployFixture);
    const { deployer, guardian, treasury, bob } = d.users;
    await expect(
      governedCall(d.timelock, d.factory, "setGovernance", [bob.address, guardian.address, treasury.address])
    )
      .to.emit(d.factory, "GovernanceUpdated")
      .withArgs(bob.address, guardian.address, treasury.address);
    await expect(
      governedCall(d.timelock, d.factory, "setGovernance", [ethers.ZeroAddress, guardian.address, treasury.address])
    ).to.be.revertedWithCustomError(d.factory, "ZeroAddress");
    await governedCall(d.timelock, d.factory, "createLeveragedToken", [await createParams(d, 2, false)]);
    const vault = await ethers.getContractAt("LeverageVault", await d.factory.vaultOfSymbol("BTC2S"));
    const ADMIN = await vault.DEFAULT_ADMIN_ROLE();
    expect(await vault.hasRole(ADMIN, bob)).to.equal(true);
    expect(await vault.hasRole(ADMIN, deployer)).to.equal(false);
    expect(await vault.hasRole(await vault.GUARDIAN_ROLE(), guardian)).to.equal(true);
    expect(await vault.feeRecipient()).to.equal(treasury.address);
    const old = d.tokens.BTC3L.vault;
    expect(await old.hasRole(ADMIN, d.timelock)).to.equal(true);
    expect(await old.hasRole(ADMIN, bob)).to.equal(false);
  });

  it("rejects a vault whose parameters break the caps (InvalidParam from the vault)", async () => {
    const d = await networkHelpers.loadFixture(deployFixture);
    const vault = d.tokens.BTC3L.vault; // same ABI for the error
    const tooMuch = { ...(await createParams(d, 2, true)), symbol: "BTC11L", targetLeverage: wad(11) };
    await expect(governedCall(d.timelock, d.factory, "createLeveragedToken", [tooMuch]))
      .to.be.revertedWithCustomError(vault, "InvalidParam")
      .withArgs(ethers.encodeBytes32String("targetLeverage"), wad(11));
    const badFee = await createParams(d, 2, true);
    badFee.params = { ...badFee.params, mintFeeBps: 101 };
    await expect(governedCall(d.timelock, d.factory, "createLeveragedToken", [badFee]))
      .to.be.revertedWithCustomError(vault, "InvalidParam")
      .withArgs(ethers.encodeBytes32String("mintFeeBps"), 101n);
    expect(await d.factory.vaultOfSymbol("BTC2L")).to.equal(ethers.ZeroAddress);
  });

  it("transfers ownership in two steps (the timelock owns it in a deployment)", async () => {
    const d = await networkHelpers.loadFixture(deployFixture);
    const { alice } = d.users;
    expect(await d.factory.owner()).to.equal(await d.timelock.getAddress());
    await governedCall(d.timelock, d.factory, "transferOwnership", [alice.address]);
    expect(await d.factory.owner()).to.equal(await d.timelock.getAddress());
    await d.factory.connect(alice).acceptOwnership();
    expect(await d.factory.owner()).to.equal(alice.address);
  });
});
