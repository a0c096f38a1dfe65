// MockPerpMarket (docs/protocol.md §8): fills at the oracle price, taker fee, funding, liquidation, a pool that
// never pays out more than it holds (unpaid profit is a claim), margin checks.
import { expect } from "chai";
import { encodeBytes32String } from "ethers";
import { deployFixture, ethers, networkHelpers, type Deployment } from "../helpers/fixtures.js";
import { minedAt } from "../helpers/chain.js";
import { governedCall } from "../helpers/governance.js";
import { takerFee } from "../helpers/model.js";
import { ceilDiv, feedPrice, usdc, wad, YEAR } from "../helpers/units.js";

const BTC = wad(1);

/** The BTC-USD market with alice, bob and carol approved to deposit. */
async function marketFixture(conn: Parameters<typeof deployFixture>[0]) {
  const d = await deployFixture(conn);
  const { market, feed } = d.markets["BTC-USD"];
  for (const u of [d.users.alice, d.users.bob, d.users.carol])
    await d.usdc.connect(u).approve(market, ethers.MaxUint256);
  return { ...d, market, feed };
}

/** The market never owes more than it holds. */
async function expectSolvent(d: Deployment & { market: Deployment["markets"][string]["market"] }) {
  expect(await d.usdc.balanceOf(d.market)).to.be.gte(await d.market.reserves());
}

describe("MockPerpMarket", () => {
  it("fills at the oracle price and charges the taker fee on notional into the pool", async () => {
    const d = await networkHelpers.loadFixture(marketFixture);
    const { alice } = d.users;
    await expect(d.market.connect(alice).deposit(usdc(10_000)))
      .to.emit(d.market, "Deposited")
      .withArgs(alice.address, usdc(10_000));
    const pool = await d.market.poolBalance();
    const size = BTC / 10n;
    const fee = takerFee(size, wad(60_000), 5n);
    expect(fee).to.equal(usdc(3)); // 5 bps of 6,000 USDC
    await expect(d.market.connect(alice).trade(size))
      .to.emit(d.market, "Traded")
      .withArgs(alice.address, size, size, wad(60_000), fee);
    expect(await d.market.positionSize(alice)).to.equal(size);
    expect(await d.market.accountValue(alice)).to.equal(usdc(10_000) - fee);
    expect(await d.market.poolBalance()).to.equal(pool + fee);
    // marked to the oracle: +1,000 on 0.1 BTC is +100 USDC
    await d.feed.setPrice(feedPrice(61_000));
    expect(await d.market.accountValue(alice)).to.equal(usdc(10_100) - fee);
    await expectSolvent(d);
  });

  it("the owner sets the taker fee within its cap", async () => {
    const d = await networkHelpers.loadFixture(marketFixture);
    const { alice, deployer } = d.users;
    await expect(d.market.connect(alice).setTakerFeeBps(1))
      .to.be.revertedWithCustomError(d.market, "OwnableUnauthorizedAccount")
      .withArgs(alice.address);
    await expect(governedCall(d.timelock, d.market, "setTakerFeeBps", [101]))
      .to.be.revertedWithCustomError(d.market, "ParameterOutOfRange")
      .withArgs(encodeBytes32String("takerFeeBps"), 101n, 100n);
    await governedCall(d.timelock, d.market, "setTakerFeeBps", [20]);
    await d.market.connect(alice).deposit(usdc(10_000));
    await expect(d.market.connect(alice).trade(-BTC / 10n))
      .to.emit(d.market, "Traded")
      .withArgs(alice.address, -BTC / 10n, -BTC / 10n, wad(60_000), usdc(12));
  });

  it("accrues funding per second on notional: positive rate longs pay, negative rate shorts pay", async () => {
    const d = await networkHelpers.loadFixture(marketFixture);
    const { alice, bob, deployer } = d.users;
    await d.market.connect(alice).deposit(usdc(10_000));
    await d.market.connect(bob).deposit(usdc(10_000));
    await d.market.connect(alice).trade(BTC);
    await d.market.connect(bob).trade(-BTC);
    const start = await d.market.accountValue(alice);
    expect(await d.market.accountValue(bob)).to.equal(start);

    const price = wad(60_000);
    const dt = 30n * 24n * 3600n;
    // per unit of size: rate x elapsed x price / year; the payer rounds up, the receiver down
    const perBtc = (rate: bigint) => (rate * dt * price) / (wad(1) * YEAR);

    const rate = wad("0.5");
    const t0 = await minedAt(await governedCall(d.timelock, d.market, "setFundingRate", [rate]));
    await networkHelpers.time.increaseTo(t0 + dt);
    const owed = perBtc(rate);
    expect(await d.market.accountValue(alice)).to.equal(start - ceilDiv(BTC * owed, 10n ** 30n));
    expect(await d.market.accountValue(bob)).to.equal(start + (BTC * owed) / 10n ** 30n);
    expect(owed / 10n ** 18n).to.equal(2465n); // 50% a year for 30 days on 60,000 USDC

    // the other sign: the old rate is accrued up to the change, then shorts pay
    const tx = governedCall(d.timelock, d.market, "setFundingRate", [-rate]);
    await expect(tx).to.emit(d.market, "FundingRateSet").withArgs(-rate);
    const t1 = await minedAt(await tx);
    await networkHelpers.time.increaseTo(t1 + dt);
    const firstLeg = perBtc(rate * (t1 - t0)) / dt; // rate x (t1 - t0) x price / year
    const net = firstLeg - owed; // alice paid firstLeg, then received one 30-day leg
    const aliceNow = await d.market.accountValue(alice);
    const bobNow = await d.market.accountValue(bob);
    expect(aliceNow).to.be.closeTo(start - (BTC * net) / 10n ** 30n, 1n);
    expect(bobNow).to.be.closeTo(start + (BTC * net) / 10n ** 30n, 1n);
    expect(aliceNow)
      .to.be.lt(start)
      .and.to.be.gt(start - usdc(100)); // nearly even after both legs

    await expect(governedCall(d.timelock, d.market, "setFundingRate", [wad(6)]))
      .to.be.revertedWithCustomError(d.market, "ParameterOutOfRange")
      .withArgs(encodeBytes32String("fundingRatePerYear"), wad(6), wad(5));
    await expect(d.market.connect(alice).setFundingRate(0))
      .to.be.revertedWithCustomError(d.market, "OwnableUnauthorizedAccount")
      .withArgs(alice.address);
    await expectSolvent(d);
  });

  it("anyone liquidates an account below maintenance margin and earns the penalty", async () => {
    const d = await networkHelpers.loadFixture(marketFixture);
    const { alice, bob, carol } = d.users;
    await d.market.connect(alice).deposit(usdc(1_000));
    const size = (BTC * 3n) / 10n; // 18,000 USDC notional: 18x
    await d.market.connect(alice).trade(size);
    const margin = usdc(1_000) - usdc(9);
    await expect(d.market.connect(bob).liquidate(alice))
      .to.be.revertedWithCustomError(d.market, "NotLiquidatable")
      .withArgs(alice.address, margin, usdc(450)); // 2.5% of 18,000

    await d.feed.setPrice(feedPrice(58_000)); // -600 USDC: 391 left, maintenance 435
    const value = margin - usdc(600);
    expect(await d.market.accountValue(alice)).to.equal(value);
    expect(await d.market.isLiquidatable(alice)).to.equal(true);
    const penalty = usdc(174); // 1% of 17,400
    const tx = d.market.connect(carol).liquidate(alice);
    await expect(tx)
      .to.emit(d.market, "Liquidated")
      .withArgs(alice.address, carol.address, size, wad(58_000), penalty, 0n);
    await expect(tx).to.changeTokenBalance(ethers, d.usdc, carol, penalty);
    expect(await d.market.positionSize(alice)).to.equal(0n);
    expect(await d.market.accountValue(alice)).to.equal(value - penalty);
    await expect(d.market.connect(alice).withdraw(value - penalty, alice)).to.changeTokenBalance(
      ethers,
      d.usdc,
      alice,
      value - penalty
    );
    await expectSolvent(d);
  });

  it("never pays more than the pool holds: a profit beyond it is kept as a claim, paid first when the pool refills", async () => {
    const d = await networkHelpers.loadFixture(marketFixture);
    const { alice, deployer } = d.users;
    const pool = await d.market.poolBalance();
    await expect(governedCall(d.timelock, d.market, "removeLiquidity", [pool + 1n, deployer.address]))
      .to.be.revertedWithCustomError(d.market, "InsufficientPoolLiquidity")
      .withArgs(pool, pool + 1n);
    await expect(d.market.connect(alice).removeLiquidity(1n, alice))
      .to.be.revertedWithCustomError(d.market, "OwnableUnauthorizedAccount")
      .withArgs(alice.address);
    await governedCall(d.timelock, d.market, "removeLiquidity", [pool - usdc(100), deployer.address]);

    await d.market.connect(alice).deposit(usdc(10_000));
    await d.market.connect(alice).trade(BTC); // fee 30: pool 130
    expect(await d.market.poolBalance()).to.equal(usdc(130));
    await d.feed.setPrice(feedPrice(66_000)); // +6,000 owed, 130 in the pool
    expect(await d.market.accountValue(alice)).to.equal(usdc(10_000 - 30 + 130));

    await expect(d.market.connect(alice).trade(-BTC)) // pays the 130, owes the rest, then a 33 USDC fee
      .to.emit(d.market, "ProfitHaircut")
      .withArgs(alice.address, usdc(6_000 - 130));
    expect(await d.market.poolBalance()).to.equal(usdc(33));
    expect(await d.market.claimOf(alice)).to.equal(usdc(6_000 - 130));
    // the claim is senior: the 33 of fee that refilled the pool is alice's on her next touch
    const left = usdc(10_000 - 30 + 130);
    expect(await d.market.accountValue(alice)).to.equal(left);
    await expect(d.market.connect(alice).withdraw(left + 1n, alice))
      .to.be.revertedWithCustomError(d.market, "InsufficientMargin")
      .withArgs(left, left + 1n);
    await d.market.connect(alice).withdraw(left, alice);
    expect(await d.market.claimOf(alice)).to.equal(usdc(6_000 - 130 - 33));
    await expectSolvent(d);
    // the owner cannot take out what the claim is owed; a refill pays it
    await d.usdc.connect(deployer).mint(deployer, usdc(10_000));
    await d.usdc.connect(deployer).approve(d.market, usdc(10_000));
    await d.market.connect(deployer).supplyLiquidity(usdc(10_000));
    await expect(governedCall(d.timelock, d.market, "removeLiquidity", [usdc(10_000), deployer.address]))
      .to.be.revertedWithCustomError(d.market, "InsufficientPoolLiquidity")
      .withArgs(usdc(10_000 - 6_000 + 130 + 33), usdc(10_000));
    const claim = usdc(6_000 - 130 - 33);
    expect(await d.market.accountValue(alice)).to.equal(claim);
    await expect(d.market.connect(alice).withdraw(claim, alice))
      .to.emit(d.market, "ClaimPaid")
      .withArgs(alice.address, claim);
    expect(await d.market.claimOf(alice)).to.equal(0n);
    await expectSolvent(d);
  });

  it("checks margin on deposit, withdraw and trade", async () => {
    const d = await networkHelpers.loadFixture(marketFixture);
    const { alice, bob } = d.users;
    const m = d.market.connect(alice);
    await expect(m.deposit(0n)).to.be.revertedWithCustomError(m, "ZeroAmount");
    await expect(m.withdraw(0n, alice)).to.be.revertedWithCustomError(m, "ZeroAmount");
    await expect(m.trade(0n)).to.be.revertedWithCustomError(m, "ZeroAmount");
    await expect(m.withdraw(1n, alice)).to.be.revertedWithCustomError(m, "InsufficientMargin").withArgs(0n, 1n);
    await expect(m.trade(1n)).to.be.revertedWithCustomError(m, "InsufficientMargin");

    await m.deposit(usdc(1_000));
    await m.trade((BTC * 3n) / 10n); // margin 991, initial margin 900
    await expect(m.withdraw(usdc(92), alice))
      .to.be.revertedWithCustomError(m, "InsufficientMargin")
      .withArgs(usdc(899), usdc(900));
    await expect(m.trade(BTC / 10n)) // 24,000 notional needs 1,200 after a 3 USDC fee
      .to.be.revertedWithCustomError(m, "InsufficientMargin")
      .withArgs(usdc(988), usdc(1_200));
    await expect(m.withdraw(usdc(91), ethers.ZeroAddress)).to.be.revertedWithCustomError(m, "ZeroAddress");
    await expect(m.withdraw(usdc(91), bob)).to.changeTokenBalance(ethers, d.usdc, bob, usdc(91));
    // reducing a position needs no initial margin
    await expect(m.trade(-BTC / 10n)).to.emit(m, "Traded");
    await expectSolvent(d);
  });

  it("above the initial-margin limit a pro-rata exit stays open while a bare withdrawal does not", async () => {
    const d = await networkHelpers.loadFixture(marketFixture);
    const m = d.market.connect(d.users.alice);
    await m.deposit(usdc(1_000));
    const size = BTC / 20n; // 3,000 USDC notional: 3x
    await m.trade(size);
    // -31.8%: value = 998.5 - 0.05 x 19,060 = 45.5 USDC on 2,047 notional (45x, past the 20x limit)
    await d.feed.setPrice(feedPrice(40_940));
    const value = await d.market.accountValue(d.users.alice);
    const required = ceilDiv(ceilDiv((size * wad(40_940)) / 10n ** 12n, 10n ** 18n) * 500n, 10_000n);
    expect(value).to.be.lt(required); // above 20x
    // a bare withdrawal raises leverage: refused
    await expect(m.withdraw(1n, d.users.alice)).to.be.revertedWithCustomError(m, "InsufficientMargin");
    // halve the position and take half of the value less the fee of that trade (as a vault's redeem does):
    // leverage does not rise, so it is allowed
    const half = size / 2n;
    const fee = takerFee(half, wad(40_940), 5n);
    const out = value / 2n - fee;
    await expect(m.modifyPosition(-half, -out, d.users.alice)).to.changeTokenBalance(
      ethers,
      d.usdc,
      d.users.alice,
      out
    );
    expect(await d.market.positionSize(d.users.alice)).to.equal(size - half);
    // taking more than the pro-rata share (a quarter of the position, half of the value) is refused
    const left = await d.market.accountValue(d.users.alice);
    await expect(m.modifyPosition(-(size - half) / 4n, -(left / 2n), d.users.alice)).to.be.revertedWithCustomError(
      m,
      "InsufficientMargin"
    );
    await expectSolvent(d);
  });

  it("credits margin only for collateral the caller actually sent, to the caller's own account", async () => {
    const d = await networkHelpers.loadFixture(marketFixture);
    const { alice, bob } = d.users;
    await expect(d.market.connect(alice).modifyPosition(0n, usdc(100), ethers.ZeroAddress))
      .to.be.revertedWithCustomError(d.market, "DepositNotReceived")
      .withArgs(usdc(100), 0n);
    // deposit pulls from the caller and credits the caller
    await d.market.connect(bob).deposit(usdc(50));
    expect(await d.market.accountValue(bob)).to.equal(usdc(50));
    expect(await d.market.accountValue(alice)).to.equal(0n);
    // push then credit, in one flow (what a vault's mint does)
    await d.usdc.connect(alice).transfer(d.market, usdc(100));
    await d.market.connect(alice).modifyPosition(0n, usdc(100), ethers.ZeroAddress);
    expect(await d.market.accountValue(alice)).to.equal(usdc(100));
    await expectSolvent(d);
  });

  it("refuses to trade or mark at an invalid oracle answer", async () => {
    const d = await networkHelpers.loadFixture(marketFixture);
    const { alice } = d.users;
    await d.market.connect(alice).deposit(usdc(1_000));
    await d.feed.setPrice(0n);
    await expect(d.market.markPrice()).to.be.revertedWithCustomError(d.market, "InvalidPrice").withArgs(0n);
    await expect(d.market.connect(alice).trade(BTC / 100n))
      .to.be.revertedWithCustomError(d.market, "InvalidPrice")
      .withArgs(0n);
    const snap = await d.market.accountSnapshot(alice);
    expect(snap.price).to.equal(0n);
    expect(snap.value).to.equal(usdc(1_000));
  });
});
