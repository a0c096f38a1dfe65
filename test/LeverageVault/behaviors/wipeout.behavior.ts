// Wipeout (docs/protocol.md §6): a price move that takes equity to zero. NAV 0, minting disabled, redeem burns
// for nothing, and nothing else breaks.
import { expect } from "chai";
import { governedCall } from "../../helpers/governance.js";
import { ethers, mintedFixture, networkHelpers, tokenConfig } from "../../helpers/fixtures.js";
import { feedAnswer, paramsWith } from "../../helpers/chain.js";
import { usdc } from "../../helpers/units.js";
import { Status } from "../../../sdk/status.js";

const NONE = BigInt(Status.NONE);

export function shouldSurviveWipeout(symbol: string) {
  const config = tokenConfig(symbol);
  const opposite = symbol.slice(0, -1) + (config.isLong ? "S" : "L");
  const minted = () => networkHelpers.loadFixture(mintedFixture(symbol));

  describe("wipeout", () => {
    it("equity to zero: nav 0, mint reverts VaultWipedOut, redeem burns for 0, the rest keeps working", async () => {
      const f = await minted();
      const { alice, bob, carol, deployer, keeper } = f.users;
      const other = f.tokens[opposite];
      await other.vault.connect(bob).mint(usdc(10_000), 0n, bob);

      // a move of 1.15 / L against the position loses more than the equity
      const lev = Number(config.targetLeverage) / 1e18;
      const move = BigInt(Math.round((1.15 / lev) * 1e6));
      const answer = await feedAnswer(f.t);
      await f.t.feed.setPrice(
        config.isLong ? answer - (answer * move) / 1_000_000n : answer + (answer * move) / 1_000_000n
      );

      expect(await f.t.vault.equity()).to.equal(0n);
      expect(await f.t.vault.nav()).to.equal(0n);
      expect(await f.t.vault.leverage()).to.equal(ethers.MaxUint256);
      expect(await f.t.vault.rebalanceStatus()).to.equal(NONE);
      expect((await f.t.vault.checkUpkeep("0x"))[0]).to.equal(false);
      await expect(f.t.vault.connect(carol).mint(usdc(1_000), 0n, carol)).to.be.revertedWithCustomError(
        f.t.vault,
        "VaultWipedOut"
      );
      await expect(f.t.vault.connect(keeper).rebalance())
        .to.be.revertedWithCustomError(f.t.vault, "RebalanceNotNeeded")
        .withArgs(NONE);
      await expect(f.t.vault.connect(keeper).ripcord())
        .to.be.revertedWithCustomError(f.t.vault, "RipcordNotNeeded")
        .withArgs(ethers.MaxUint256, config.params.ripcordLeverage);
      await expect(f.t.vault.connect(keeper).performUpkeep("0x"))
        .to.be.revertedWithCustomError(f.t.vault, "RebalanceNotNeeded")
        .withArgs(NONE);

      // holders can still leave: their tokens burn for nothing
      const balance = await f.t.token.balanceOf(alice);
      expect(await f.t.vault.previewRedeem(balance)).to.equal(0n);
      const redeem = f.t.vault.connect(alice).redeem(balance, 0n, alice);
      await expect(redeem).to.emit(f.t.vault, "Redeemed").withArgs(alice.address, alice.address, balance, 0n, 0n, 0n);
      await expect(redeem).to.changeTokenBalance(ethers, f.usdc, alice, 0n);
      expect(await f.t.token.balanceOf(alice)).to.equal(0n);

      // governance still works
      await expect(governedCall(f.timelock, f.t.vault, "setParams", [await paramsWith(f.t.vault)])).to.emit(
        f.t.vault,
        "ParamsUpdated"
      );
      await expect(f.t.vault.connect(deployer).pauseMint()).to.emit(f.t.vault, "MintPaused");

      // the other side of the same market is in profit and fully usable
      expect(await other.vault.nav()).to.be.gt(100_000_000n);
      await expect(other.vault.connect(carol).mint(usdc(1_000), 0n, carol)).to.emit(other.vault, "Minted");
      const bobTokens = await other.token.balanceOf(bob);
      const before = await f.usdc.balanceOf(bob);
      await other.vault.connect(bob).redeem(bobTokens, 0n, bob);
      expect((await f.usdc.balanceOf(bob)) - before).to.be.gt(usdc(10_000));
    });
  });
}
