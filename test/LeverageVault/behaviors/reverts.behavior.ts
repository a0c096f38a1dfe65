// Every revert path of mint, redeem, rebalance and ripcord, with its custom error and values.
import { expect } from "chai";
import { governedCall } from "../../helpers/governance.js";
import { ethers, mintedFixture, networkHelpers, tokenConfig } from "../../helpers/fixtures.js";
import { paramsWith, pinNextBlock, vaultStateAt } from "../../helpers/chain.js";
import { quoteMint } from "../../helpers/model.js";
import { usdc } from "../../helpers/units.js";

export function shouldRevert(symbol: string) {
  const config = tokenConfig(symbol);
  const minted = () => networkHelpers.loadFixture(mintedFixture(symbol));

  describe("reverts", () => {
    it("ZeroAmount and ZeroAddress", async () => {
      const f = await minted();
      const { alice } = f.users;
      const v = f.t.vault.connect(alice);
      await expect(v.mint(0n, 0n, alice)).to.be.revertedWithCustomError(v, "ZeroAmount");
      await expect(v.redeem(0n, 0n, alice)).to.be.revertedWithCustomError(v, "ZeroAmount");
      await expect(v.mint(usdc(1), 0n, ethers.ZeroAddress)).to.be.revertedWithCustomError(v, "ZeroAddress");
      await expect(v.redeem(1n, 0n, ethers.ZeroAddress)).to.be.revertedWithCustomError(v, "ZeroAddress");
    });

    it("SlippageExceeded(expected, actual) on mint and redeem", async () => {
      const f = await minted();
      const { alice } = f.users;
      const v = f.t.vault.connect(alice);
      await pinNextBlock();
      const tokens = await v.previewMint(usdc(1_000), { blockTag: "pending" });
      await expect(v.mint(usdc(1_000), tokens + 1n, alice))
        .to.be.revertedWithCustomError(v, "SlippageExceeded")
        .withArgs(tokens + 1n, tokens);
      const tokensIn = (await f.t.token.balanceOf(alice)) / 4n;
      await pinNextBlock();
      const out = await v.previewRedeem(tokensIn, { blockTag: "pending" });
      await expect(v.redeem(tokensIn, out + 1n, alice))
        .to.be.revertedWithCustomError(v, "SlippageExceeded")
        .withArgs(out + 1n, out);
    });

    it("OracleStale(updatedAt) on mint, redeem and rebalance once the answer is older than maxStaleness", async () => {
      const f = await minted();
      const { alice, keeper } = f.users;
      const [, answer, , updatedAt] = await f.t.feed.latestRoundData();
      await networkHelpers.time.setNextBlockTimestamp(updatedAt + BigInt(config.params.maxStaleness));
      await f.t.vault.connect(alice).mint(usdc(10), 0n, alice); // the last fresh second
      await expect(f.t.vault.connect(alice).mint(usdc(10), 0n, alice))
        .to.be.revertedWithCustomError(f.t.vault, "OracleStale")
        .withArgs(updatedAt);
      await expect(f.t.vault.connect(alice).redeem(10n ** 18n, 0n, alice))
        .to.be.revertedWithCustomError(f.t.vault, "OracleStale")
        .withArgs(updatedAt);
      await expect(f.t.vault.connect(keeper).rebalance())
        .to.be.revertedWithCustomError(f.t.vault, "OracleStale")
        .withArgs(updatedAt);
      // a round published with an old timestamp is just as stale
      const old = BigInt(await networkHelpers.time.latest()) - BigInt(config.params.maxStaleness) - 10n;
      await f.t.feed.setRoundData(answer, old);
      await expect(f.t.vault.connect(alice).mint(usdc(10), 0n, alice))
        .to.be.revertedWithCustomError(f.t.vault, "OracleStale")
        .withArgs(old);
      // and so is one dated in the future: no feed can have seen it, and the status says NONE
      const future = BigInt(await networkHelpers.time.latest()) + 600n;
      await f.t.feed.setRoundData(answer, future);
      await expect(f.t.vault.connect(alice).mint(usdc(10), 0n, alice))
        .to.be.revertedWithCustomError(f.t.vault, "OracleStale")
        .withArgs(future);
      expect(await f.t.vault.rebalanceStatus()).to.equal(0n);
    });

    it("MintAboveCap(cap, amount) for an amount above the cap alone, before any math", async () => {
      const f = await minted();
      const cap = (await f.t.vault.params()).collateralCap;
      await expect(f.t.vault.connect(f.users.alice).mint(ethers.MaxUint256, 0n, f.users.alice))
        .to.be.revertedWithCustomError(f.t.vault, "MintAboveCap")
        .withArgs(cap, ethers.MaxUint256);
    });

    for (const bad of [0n, -1n]) {
      it(`OracleInvalid(${bad}) on mint, redeem, rebalance and ripcord`, async () => {
        const f = await minted();
        const { alice, keeper } = f.users;
        await f.t.feed.setPrice(bad);
        const v = f.t.vault;
        await expect(v.connect(alice).mint(usdc(10), 0n, alice))
          .to.be.revertedWithCustomError(v, "OracleInvalid")
          .withArgs(bad);
        await expect(v.connect(alice).redeem(10n ** 18n, 0n, alice))
          .to.be.revertedWithCustomError(v, "OracleInvalid")
          .withArgs(bad);
        await expect(v.connect(keeper).rebalance()).to.be.revertedWithCustomError(v, "OracleInvalid").withArgs(bad);
        await expect(v.connect(keeper).ripcord()).to.be.revertedWithCustomError(v, "OracleInvalid").withArgs(bad);
        expect(await v.rebalanceStatus()).to.equal(0n);
      });
    }

    it("CollateralCapExceeded(cap, equityAfter) when a mint would take equity past the cap", async () => {
      const f = await minted();
      const { deployer, bob } = f.users;
      const cap = (await f.t.vault.equity()) + usdc(1_000);
      await governedCall(f.timelock, f.t.vault, "setParams", [await paramsWith(f.t.vault, { collateralCap: cap })]);
      const lastAccrual = BigInt(await networkHelpers.time.latest()); // setParams accrued the streaming fee
      const at = await pinNextBlock();
      const s = await vaultStateAt(f.t, at, lastAccrual);
      const q = quoteMint(s, usdc(2_000), BigInt(config.params.mintFeeBps), config.targetLeverage);
      await expect(f.t.vault.connect(bob).mint(usdc(2_000), 0n, bob))
        .to.be.revertedWithCustomError(f.t.vault, "CollateralCapExceeded")
        .withArgs(cap, q.equityAfter);
      await expect(f.t.vault.connect(bob).mint(usdc(900), 0n, bob)).to.emit(f.t.vault, "Minted");
    });

    it("RedeemTooSmall(tokensIn) when the tokens are worth nothing after rounding", async () => {
      const f = await minted();
      const { alice } = f.users;
      await expect(f.t.vault.connect(alice).redeem(1n, 0n, alice))
        .to.be.revertedWithCustomError(f.t.vault, "RedeemTooSmall")
        .withArgs(1n);
    });

    it("redeeming more than the balance reverts in the token (ERC20InsufficientBalance)", async () => {
      const f = await minted();
      const { alice, bob } = f.users;
      await f.t.vault.connect(bob).mint(usdc(1_000), 0n, bob);
      const balance = await f.t.token.balanceOf(alice);
      await expect(f.t.vault.connect(alice).redeem(balance + 1n, 0n, alice))
        .to.be.revertedWithCustomError(f.t.token, "ERC20InsufficientBalance")
        .withArgs(alice.address, balance, balance + 1n);
    });

    it("a mint too small to buy one token unit reverts MintTooSmall(collateralIn)", async () => {
      const f = await minted();
      const { bob } = f.users;
      // 1 unit pays a 1-unit mint fee (rounded up): nothing is left to buy tokens with
      await expect(f.t.vault.connect(bob).mint(1n, 0n, bob))
        .to.be.revertedWithCustomError(f.t.vault, "MintTooSmall")
        .withArgs(1n);
    });
  });
}
