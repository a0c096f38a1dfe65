// Mint, redeem and their previews (docs/protocol.md §4-§5), for any token.
import { expect } from "chai";
import {
  deployFixture,
  ethers,
  INITIAL_MINT,
  mintedFixture,
  networkHelpers,
  tokenConfig,
} from "../../helpers/fixtures.js";
import { governedCall } from "../../helpers/governance.js";
import { eventArgs, paramsWith, pinNextBlock, vaultStateAt } from "../../helpers/chain.js";
import { leverageOf, quoteMint, quoteRedeem, toAssets } from "../../helpers/model.js";
import { abs, INITIAL_NAV, usdc, WAD } from "../../helpers/units.js";
import { LEVERAGE_AT_TARGET, LEVERAGE_ROUNDING } from "./tolerances.js";

export function shouldMintAndRedeem(symbol: string) {
  const config = tokenConfig(symbol);
  const sign = config.isLong ? 1n : -1n;
  const mintFeeBps = BigInt(config.params.mintFeeBps);
  const redeemFeeBps = BigInt(config.params.redeemFeeBps);
  const minted = () => networkHelpers.loadFixture(mintedFixture(symbol));

  describe("mint", () => {
    it("first mint opens the position at target leverage and prices tokens at the initial NAV", async () => {
      const d = await networkHelpers.loadFixture(deployFixture);
      const { alice } = d.users;
      const t = d.tokens[symbol];
      const state = await vaultStateAt(t, 0n, 0n);
      expect(state.supply).to.equal(0n);
      const q = quoteMint(state, INITIAL_MINT, mintFeeBps, config.targetLeverage);

      const tx = t.vault.connect(alice).mint(INITIAL_MINT, 0n, alice);
      await expect(tx)
        .to.emit(t.vault, "Minted")
        .withArgs(alice.address, alice.address, INITIAL_MINT, q.tokensOut, q.mintFee, q.tradeFee);
      await expect(tx).to.changeTokenBalances(
        ethers,
        d.usdc,
        [alice, t.market, t.vault],
        [-INITIAL_MINT, INITIAL_MINT, 0n]
      );

      // initial NAV: 1e18 tokens for every 100 USDC that reached equity
      const equity = INITIAL_MINT - q.mintFee - q.tradeFee;
      expect(q.tokensOut).to.equal((equity * WAD) / INITIAL_NAV);
      expect(await t.token.balanceOf(alice)).to.equal(q.tokensOut);
      expect(await t.vault.equity()).to.equal(equity);
      expect(await t.vault.nav()).to.equal(INITIAL_NAV);
      expect(await t.vault.positionSize()).to.equal(sign * q.absDelta);
      const lev = await t.vault.leverage();
      expect(lev).to.be.closeTo(config.targetLeverage, LEVERAGE_AT_TARGET);
    });

    it("a first minter cannot inflate the NAV with a donation (share-inflation attack)", async () => {
      const d = await networkHelpers.loadFixture(deployFixture);
      const { carol, bob } = d.users;
      const t = d.tokens[symbol];
      await t.vault.connect(carol).mint(usdc(1), 0n, carol);
      const nav = await t.vault.nav();
      const equity = await t.vault.equity();
      // collateral sent straight to the market is not the vault's margin: equity and NAV stay put
      await d.usdc.connect(carol).transfer(t.market, usdc(100_000));
      expect(await t.vault.nav()).to.be.lte(nav); // (a second of streaming fee may take a unit off)
      expect(await t.vault.equity()).to.equal(equity);
      const amount = usdc(10_000);
      const before = await t.vault.previewMint(amount);
      await t.vault.connect(bob).mint(amount, 0n, bob);
      expect(await t.token.balanceOf(bob)).to.be.closeTo(before, before / 10n ** 6n);
      // bob's tokens are worth what he put in less the round trip's fees: mint + redeem fee, the taker fee
      // (5 bps) on the target-times notional both ways, and 1 bp for rounding and the streaming fee
      const roundTripBps = mintFeeBps + redeemFeeBps + (2n * 5n * config.targetLeverage) / 10n ** 18n + 1n;
      const worth = await t.vault.previewRedeem(await t.token.balanceOf(bob));
      expect(worth).to.be.gt((amount * (10_000n - roundTripBps)) / 10_000n);
    });

    it("a second minter gets tokens at NAV and existing holders keep their NAV", async () => {
      const f = await minted();
      const { bob } = f.users;
      const amount = usdc(5_000);
      const at = await pinNextBlock();
      const s = await vaultStateAt(f.t, at, f.mintedAt);
      const q = quoteMint(s, amount, mintFeeBps, config.targetLeverage);
      const navBefore = await f.t.vault.nav({ blockTag: "pending" });

      await expect(f.t.vault.connect(bob).mint(amount, q.tokensOut, bob))
        .to.emit(f.t.vault, "Minted")
        .withArgs(bob.address, bob.address, amount, q.tokensOut, q.mintFee, q.tradeFee);

      expect(await f.t.token.balanceOf(bob)).to.equal(q.tokensOut);
      // the position grows pro rata: dSize = size x (collateral after the mint fee) / equity
      expect(await f.t.vault.positionSize()).to.equal(s.size + sign * q.absDelta);
      expect(await f.t.vault.equity()).to.equal(q.equityAfter);
      // rounding favours the vault: the holders' NAV never drops, and rises by at most a unit
      const navAfter = await f.t.vault.nav();
      expect(navAfter).to.be.gte(navBefore);
      expect(navAfter - navBefore).to.be.lte(1n);
    });

    it("a second mint keeps the vault's leverage (the minter pays its own trade fee)", async () => {
      const f = await minted();
      const { bob } = f.users;
      const amount = usdc(5_000);
      const at = await pinNextBlock();
      const s = await vaultStateAt(f.t, at, f.mintedAt);
      const q = quoteMint(s, amount, mintFeeBps, config.targetLeverage);
      const levBefore = await f.t.vault.leverage();
      await f.t.vault.connect(bob).mint(amount, 0n, bob);
      const levAfter = await f.t.vault.leverage();
      expect(levAfter).to.equal(leverageOf(abs(s.size) + q.absDelta, s.price, q.equityAfter));
      // dSize = size x net / (equity + notional x fee): existing holders' leverage is unchanged but for rounding
      expect(levAfter).to.be.closeTo(levBefore, 1_000_000_000n); // 1e-9
    });

    it("mints to another receiver", async () => {
      const f = await minted();
      const { bob, carol } = f.users;
      const tx = f.t.vault.connect(bob).mint(usdc(1_000), 0n, carol);
      await expect(tx).to.changeTokenBalance(ethers, f.usdc, bob, -usdc(1_000));
      expect(await f.t.token.balanceOf(bob)).to.equal(0n);
      expect(await f.t.token.balanceOf(carol)).to.be.gt(0n);
    });

    it("mintWithPermit mints in one transaction without a prior approval", async () => {
      const f = await minted();
      const { dave } = f.users;
      const amount = usdc(2_000);
      const vaultAddress = await f.t.vault.getAddress();
      const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
      const { chainId } = await ethers.provider.getNetwork();
      const signature = ethers.Signature.from(
        await dave.signTypedData(
          { name: "Mock USD Coin", version: "1", chainId, verifyingContract: await f.usdc.getAddress() },
          {
            Permit: [
              { name: "owner", type: "address" },
              { name: "spender", type: "address" },
              { name: "value", type: "uint256" },
              { name: "nonce", type: "uint256" },
              { name: "deadline", type: "uint256" },
            ],
          },
          { owner: dave.address, spender: vaultAddress, value: amount, nonce: await f.usdc.nonces(dave), deadline }
        )
      );
      expect(await f.usdc.allowance(dave, vaultAddress)).to.equal(0n);
      const tx = f.t.vault
        .connect(dave)
        .mintWithPermit(amount, 0n, dave, deadline, signature.v, signature.r, signature.s);
      await expect(tx).to.emit(f.t.vault, "Minted");
      await expect(tx).to.changeTokenBalance(ethers, f.usdc, dave, -amount);
      expect(await f.t.token.balanceOf(dave)).to.be.gt(0n);
      expect(await f.usdc.allowance(dave, vaultAddress)).to.equal(0n);
    });
  });

  describe("redeem", () => {
    it("partial redeem pays the holder's share minus fees and keeps the leverage", async () => {
      const f = await minted();
      const { alice, carol } = f.users;
      const tokensIn = (await f.t.token.balanceOf(alice)) / 3n;
      const levBefore = await f.t.vault.leverage();
      const at = await pinNextBlock();
      const s = await vaultStateAt(f.t, at, f.mintedAt);
      const q = quoteRedeem(s, tokensIn, redeemFeeBps);

      const tx = f.t.vault.connect(alice).redeem(tokensIn, q.collateralOut, carol);
      await expect(tx)
        .to.emit(f.t.vault, "Redeemed")
        .withArgs(alice.address, carol.address, tokensIn, q.collateralOut, q.redeemFee, q.tradeFee);
      await expect(tx).to.changeTokenBalance(ethers, f.usdc, carol, q.collateralOut);
      expect(await f.t.vault.positionSize()).to.equal(s.size - sign * q.absDelta);
      // the redeemer takes its share of equity with it; the fees it pays come out of that share
      expect(await f.t.vault.equity()).to.equal(s.equity - q.gross);
      expect(await f.t.vault.leverage()).to.be.closeTo(levBefore, LEVERAGE_ROUNDING);
    });

    it("full redeem burns the holder's whole balance for its share", async () => {
      const f = await minted();
      const { alice } = f.users;
      const balance = await f.t.token.balanceOf(alice);
      const at = await pinNextBlock();
      const s = await vaultStateAt(f.t, at, f.mintedAt);
      const q = quoteRedeem(s, balance, redeemFeeBps);
      await expect(f.t.vault.connect(alice).redeem(balance, 0n, alice)).to.changeTokenBalance(
        ethers,
        f.usdc,
        alice,
        q.collateralOut
      );
      expect(await f.t.token.balanceOf(alice)).to.equal(0n);
      expect(await f.t.vault.positionSize()).to.equal(s.size - sign * q.absDelta);
    });

    it("the last holder leaving closes the position (streaming fee off)", async () => {
      const f = await minted();
      const { alice, treasury, deployer } = f.users;
      await f.t.vault.connect(alice).redeem(await f.t.token.balanceOf(alice), 0n, alice);
      // with a streaming fee every redeem mints the fee of its block first, so the recipient is never
      // the last holder; switch it off to let the last holder (the recipient) leave
      await governedCall(f.timelock, f.t.vault, "setParams", [await paramsWith(f.t.vault, { managementFeeRate: 0n })]);
      const rest = await f.t.token.balanceOf(treasury);
      expect(rest).to.equal(await f.t.token.totalSupply());
      const equityBefore = await f.t.vault.equity();
      await f.t.vault.connect(treasury).redeem(rest, 0n, treasury);
      expect(await f.t.token.totalSupply()).to.equal(0n);
      expect(await f.t.vault.positionSize()).to.equal(0n);
      expect(await f.t.vault.leverage()).to.equal(0n);
      // what stays behind is the virtual shares' part of the equity (the last holder gets rest / (rest + virtual))
      const left = await f.t.vault.equity();
      expect(left).to.equal(equityBefore - toAssets(rest, equityBefore, rest));
      expect(left).to.be.lte(usdc("0.01"));
    });

    it("a mint followed at once by a redeem never returns more than was put in", async () => {
      const f = await minted();
      const { bob } = f.users;
      for (const amount of [1n, usdc("0.01"), usdc(1), usdc(777), usdc(50_000)]) {
        const before = await f.usdc.balanceOf(bob);
        if ((await f.t.vault.previewMint(amount)) === 0n) continue; // too small to buy a token unit: mint would revert
        await f.t.vault.connect(bob).mint(amount, 0n, bob);
        const tokens = await f.t.token.balanceOf(bob);
        if ((await f.t.vault.previewRedeem(tokens)) > 0n) await f.t.vault.connect(bob).redeem(tokens, 0n, bob);
        expect(await f.usdc.balanceOf(bob)).to.be.lte(before);
      }
    });
  });

  describe("previews", () => {
    it("previewMint equals what mint returns in the same state", async () => {
      const f = await minted();
      const { bob } = f.users;
      const amount = usdc(3_333);
      await networkHelpers.time.increase(3_000); // let the streaming fee accrue
      await f.t.feed.setPrice((await f.t.feed.latestRoundData())[1]);
      // same state (latest block): the view and a simulated transaction agree
      expect(await f.t.vault.previewMint(amount)).to.equal(
        await f.t.vault.connect(bob).mint.staticCall(amount, 0n, bob)
      );
      // the block the mint is mined in: the preview at that block equals the tokens minted
      await pinNextBlock(7);
      const preview = await f.t.vault.previewMint(amount, { blockTag: "pending" });
      const args = await eventArgs(await f.t.vault.connect(bob).mint(amount, 0n, bob), f.t.vault.interface, "Minted");
      expect(args.tokensOut).to.equal(preview);
    });

    it("previewRedeem equals what redeem returns in the same state", async () => {
      const f = await minted();
      const { alice } = f.users;
      const tokensIn = (await f.t.token.balanceOf(alice)) / 7n;
      await networkHelpers.time.increase(3_000);
      await f.t.feed.setPrice((await f.t.feed.latestRoundData())[1]);
      expect(await f.t.vault.previewRedeem(tokensIn)).to.equal(
        await f.t.vault.connect(alice).redeem.staticCall(tokensIn, 0n, alice)
      );
      await pinNextBlock(7);
      const preview = await f.t.vault.previewRedeem(tokensIn, { blockTag: "pending" });
      const tx = await f.t.vault.connect(alice).redeem(tokensIn, 0n, alice);
      expect((await eventArgs(tx, f.t.vault.interface, "Redeemed")).collateralOut).to.equal(preview);
    });

    it("previews move with the streaming fee between blocks", async () => {
      const f = await minted();
      const amount = usdc(10_000);
      const now = await f.t.vault.previewMint(amount);
      await pinNextBlock(30 * 24 * 3600);
      const later = await f.t.vault.previewMint(amount, { blockTag: "pending" });
      // more supply for the same equity: more tokens per USDC a month later
      expect(later).to.be.gt(now);
    });
  });
}
