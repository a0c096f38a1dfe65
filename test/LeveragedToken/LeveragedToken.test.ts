// LeveragedToken: ERC-20 + EIP-2612 whose supply only its vault changes (docs/protocol.md §2).
import { expect } from "chai";
import { deployFixture, ethers, mintedFixture, networkHelpers } from "../helpers/fixtures.js";
import { defaultConfig } from "../../deploy/config/defaults.js";

describe("LeveragedToken", () => {
  it("is named after its market, leverage and side, with 18 decimals and its vault fixed", async () => {
    const d = await networkHelpers.loadFixture(deployFixture);
    for (const config of defaultConfig.tokens) {
      const { token, vault } = d.tokens[config.symbol];
      expect(await token.name()).to.equal(config.name);
      expect(await token.symbol()).to.equal(config.symbol);
      expect(await token.decimals()).to.equal(18n);
      expect(await token.vault()).to.equal(await vault.getAddress());
      expect(await vault.token()).to.equal(await token.getAddress());
    }
    expect(await d.tokens.BTC3L.token.name()).to.equal("BTC 3x Long");
    expect(await d.tokens.ETH2S.token.name()).to.equal("ETH 2x Short");
  });

  it("only its vault mints and burns: OnlyVault(caller) for anyone else", async () => {
    const f = await networkHelpers.loadFixture(mintedFixture("BTC3L"));
    const { alice, deployer } = f.users;
    const otherVault = f.tokens.BTC3S.vault;
    for (const caller of [alice, deployer]) {
      await expect(f.t.token.connect(caller).mint(caller, 1n))
        .to.be.revertedWithCustomError(f.t.token, "OnlyVault")
        .withArgs(caller.address);
      await expect(f.t.token.connect(caller).burn(alice, 1n))
        .to.be.revertedWithCustomError(f.t.token, "OnlyVault")
        .withArgs(caller.address);
    }
    // another vault is not this token's vault either
    expect(await otherVault.token()).not.to.equal(await f.t.token.getAddress());
  });

  it("transfers like any ERC-20, and a holder who received tokens can redeem them", async () => {
    const f = await networkHelpers.loadFixture(mintedFixture("BTC3L"));
    const { alice, carol } = f.users;
    const amount = (await f.t.token.balanceOf(alice)) / 10n;
    await expect(f.t.token.connect(alice).transfer(carol, amount)).to.changeTokenBalances(
      ethers,
      f.t.token,
      [alice, carol],
      [-amount, amount]
    );
    await expect(f.t.vault.connect(carol).redeem(amount, 1n, carol)).to.emit(f.t.vault, "Redeemed");
    expect(await f.t.token.balanceOf(carol)).to.equal(0n);
  });

  it("accepts EIP-2612 permits", async () => {
    const f = await networkHelpers.loadFixture(mintedFixture("BTC3L"));
    const { alice, bob } = f.users;
    const value = 10n ** 18n;
    const deadline = BigInt(await networkHelpers.time.latest()) + 600n;
    const { chainId } = await ethers.provider.getNetwork();
    const nonce = await f.t.token.nonces(alice);
    const sig = ethers.Signature.from(
      await alice.signTypedData(
        { name: await f.t.token.name(), version: "1", chainId, verifyingContract: await f.t.token.getAddress() },
        {
          Permit: [
            { name: "owner", type: "address" },
            { name: "spender", type: "address" },
            { name: "value", type: "uint256" },
            { name: "nonce", type: "uint256" },
            { name: "deadline", type: "uint256" },
          ],
        },
        { owner: alice.address, spender: bob.address, value, nonce, deadline }
      )
    );
    await f.t.token.connect(bob).permit(alice, bob, value, deadline, sig.v, sig.r, sig.s);
    expect(await f.t.token.allowance(alice, bob)).to.equal(value);
    expect(await f.t.token.nonces(alice)).to.equal(nonce + 1n);
    await expect(f.t.token.connect(bob).transferFrom(alice, bob, value)).to.changeTokenBalance(
      ethers,
      f.t.token,
      bob,
      value
    );
  });
});
