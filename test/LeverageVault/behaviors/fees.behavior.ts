// Fees (docs/protocol.md §7): mint and redeem fees owed in collateral, the streaming fee minted as tokens,
// and the market's taker fee paid out of equity.
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
import {
  bandEdges,
  eventArgs,
  feedAnswer,
  moveToLeverage,
  paramsWith,
  pinNextBlock,
  vaultStateAt,
} from "../../helpers/chain.js";
import {
  bpsUp,
  equityAfterMove,
  navOf,
  quoteMint,
  quoteRedeem,
  streamingFeeTokens,
  takerFee,
} from "../../helpers/model.js";
import { abs, FEED_TO_WAD, WAD, YEAR } from "../../helpers/units.js";

export function shouldChargeFees(symbol: string) {
  const config = tokenConfig(symbol);
  const mintFeeBps = BigInt(config.params.mintFeeBps);
  const redeemFeeBps = BigInt(config.params.redeemFeeBps);
  const rate = config.params.managementFeeRate;
  const minted = () => networkHelpers.loadFixture(mintedFixture(symbol));

  describe("fees", () => {
    it("mint fee is owed to the recipient, kept out of equity, and claimFees pays it", async () => {
      const d = await networkHelpers.loadFixture(deployFixture);
      const { alice, treasury, keeper } = d.users;
      const t = d.tokens[symbol];
      const q = quoteMint(await vaultStateAt(t, 0n, 0n), INITIAL_MINT, mintFeeBps, config.targetLeverage);
      expect(q.mintFee).to.equal(bpsUp(INITIAL_MINT, mintFeeBps)).and.to.be.gt(0n);

      await expect(t.vault.connect(alice).mint(INITIAL_MINT, 0n, alice))
        .to.emit(t.vault, "Minted")
        .withArgs(alice.address, alice.address, INITIAL_MINT, q.tokensOut, q.mintFee, q.tradeFee);
      expect(await t.vault.feesOwed()).to.equal(q.mintFee);
      const equity = await t.vault.equity();
      expect(equity).to.equal(INITIAL_MINT - q.mintFee - q.tradeFee);
      expect(await t.market.accountValue(t.vault)).to.equal(equity + q.mintFee);

      // anyone may trigger the claim; the money goes to the fee recipient only
      const claim = t.vault.connect(keeper).claimFees();
      await expect(claim).to.emit(t.vault, "FeesClaimed").withArgs(treasury.address, q.mintFee);
      await expect(claim).to.changeTokenBalances(
        ethers,
        d.usdc,
        [treasury, keeper, t.market],
        [q.mintFee, 0n, -q.mintFee]
      );
      expect(await t.vault.feesOwed()).to.equal(0n);
      expect(await t.vault.equity()).to.equal(equity);
      await expect(t.vault.claimFees()).to.be.revertedWithCustomError(t.vault, "NothingToClaim");
    });

    it("redeem fee is charged on the gross amount and owed to the recipient", async () => {
      const f = await minted();
      const { alice } = f.users;
      const owedBefore = await f.t.vault.feesOwed();
      const tokensIn = (await f.t.token.balanceOf(alice)) / 2n;
      const at = await pinNextBlock();
      const q = quoteRedeem(await vaultStateAt(f.t, at, f.mintedAt), tokensIn, redeemFeeBps);
      expect(q.redeemFee).to.equal(bpsUp(q.gross, redeemFeeBps)).and.to.be.gt(0n);
      await expect(f.t.vault.connect(alice).redeem(tokensIn, 0n, alice))
        .to.emit(f.t.vault, "Redeemed")
        .withArgs(alice.address, alice.address, tokensIn, q.collateralOut, q.redeemFee, q.tradeFee);
      expect(await f.t.vault.feesOwed()).to.equal(owedBefore + q.redeemFee);
    });

    it("streaming fee is minted to the recipient at its annual rate", async () => {
      const f = await minted();
      const { deployer, treasury } = f.users;
      const supply = await f.t.token.totalSupply();
      expect(await f.t.token.balanceOf(treasury)).to.equal(0n);
      // 200 days and a few seconds later, a parameter change accrues the fee at the old rate
      const elapsed = 200n * 24n * 3600n + 7n;
      const expected = streamingFeeTokens(supply, rate, elapsed);
      expect((supply * rate * elapsed) % (WAD * YEAR)).to.not.equal(0n); // a case where rounding up shows
      const same = await paramsWith(f.t.vault);
      await expect(governedCall(f.timelock, f.t.vault, "setParams", [same], { executeAt: f.mintedAt + elapsed }))
        .to.emit(f.t.vault, "FeesAccrued")
        .withArgs(expected);
      expect(await f.t.token.balanceOf(treasury)).to.equal(expected);
      // about 2% x 200/365 = 1.096% of the supply
      expect((expected * 100_000n) / supply).to.equal(1_095n);
    });

    it("nav already counts the streaming fee accrued to now", async () => {
      const f = await minted();
      const supply = await f.t.token.totalSupply();
      const equity = await f.t.vault.equity();
      const navBefore = await f.t.vault.nav();
      await networkHelpers.time.increase(90 * 24 * 3600);
      const elapsed = BigInt(await networkHelpers.time.latest()) - f.mintedAt;
      const nav = await f.t.vault.nav();
      expect(nav).to.equal(navOf(equity, supply + streamingFeeTokens(supply, rate, elapsed)));
      // 2% x 90/365 = 0.493% more supply for the same equity: NAV 0.49% (49 bps, rounded down) lower
      expect(((navBefore - nav) * 10_000n) / navBefore).to.equal(49n);
    });

    it("the market's taker fee comes out of equity on every trade", async () => {
      const f = await minted();
      const { keeper } = f.users;
      const vault = await f.t.vault.getAddress();
      const size = await f.t.market.positionSize(vault);
      const p0 = (await feedAnswer(f.t)) * FEED_TO_WAD;
      const equity0 = await f.t.vault.equity();
      // first mint: the fee on the opening trade went to the market's pool
      const bps = (await f.t.market.params()).takerFeeBps;
      expect(equity0).to.equal(INITIAL_MINT - bpsUp(INITIAL_MINT, mintFeeBps) - takerFee(abs(size), p0, bps));

      const p1 = await moveToLeverage(f.t, bandEdges(config.params).above);
      const equity1 = equityAfterMove(equity0, size, p0, p1);
      expect(await f.t.vault.equity()).to.equal(equity1);
      const args = await eventArgs(await f.t.vault.connect(keeper).rebalance(), f.t.vault.interface, "Rebalanced");
      expect(args.tradeFee)
        .to.equal(takerFee(abs(args.sizeDelta), p1, bps))
        .and.to.be.gt(0n);
      expect(await f.t.vault.equity()).to.equal(equity1 - args.tradeFee);
    });
  });
}
