// "Tracks L times": over a seeded random price path, with every fee at zero, the token's NAV matches an
// independent calculation from the same moves: between rebalances equity moves by size x price change,
// and each rebalance resets size to target x equity / price.
import { expect } from "chai";
import { deployFixture, INITIAL_MINT, networkHelpers, tokenConfig } from "../helpers/fixtures.js";
import { eventArgs, paramsWith } from "../helpers/chain.js";
import { governed, timelockCall } from "../helpers/governance.js";
import { mulberry32 } from "../../sim/gbm.js";
import { FEED_TO_WAD, UNIT, VIRTUAL_ASSETS, VIRTUAL_SHARES, WAD } from "../helpers/units.js";

const STEPS = 100;
const MAX_MOVE = 0.05; // each step moves the price uniformly in [-5%, +5%]
const STEP_SECONDS = 3600; // one hour a step: time-based rebalances happen too (interval 24 h)
/** Extra precision of the model: equity in USDC units x 1e18, size in WAD base units x 1e18. */
const SCALE = 10n ** 18n;
/**
 * Tolerance: the chain rounds to whole USDC units when the market settles PnL and floors the size at
 * each rebalance; each step adds at most one unit (1e-6 USDC) of difference, so after n steps the
 * chain's equity is within n units of the exact model, and its NAV within n units per 1e18 tokens.
 */
const UNITS_PER_STEP = 1n;

for (const [symbol, seed] of [
  ["BTC3L", 1],
  ["BTC3S", 2],
  ["ETH2L", 3],
  ["ETH2S", 4],
] as const) {
  describe(`${symbol} tracks L times the price between rebalances`, () => {
    it(`matches an exact model over ${STEPS} random moves of up to ±${MAX_MOVE * 100}% (seed ${seed})`, async () => {
      const d = await networkHelpers.loadFixture(deployFixture);
      const { alice, deployer, keeper } = d.users;
      const t = d.tokens[symbol];
      const config = tokenConfig(symbol);
      const L = config.targetLeverage;
      const sign = config.isLong ? 1n : -1n;

      await governed(d.timelock, [
        await timelockCall(t.market, "setTakerFeeBps", [0]),
        await timelockCall(t.vault, "setParams", [
          await paramsWith(t.vault, { mintFeeBps: 0n, redeemFeeBps: 0n, managementFeeRate: 0n }),
        ]),
      ]);
      await t.vault.connect(alice).mint(INITIAL_MINT, 0n, alice);
      const supply = await t.token.totalSupply();

      let answer = (await t.feed.latestRoundData())[1];
      let price = answer * FEED_TO_WAD;
      // the model: exact equity and signed size, reset to target at every rebalance
      let equity = INITIAL_MINT * SCALE;
      let size = (sign * L * equity * UNIT) / (WAD * price);
      const random = mulberry32(seed);
      let rebalances = 0;
      let maxDiff = 0n;

      for (let step = 1; step <= STEPS; step++) {
        const move = (random() * 2 - 1) * MAX_MOVE;
        answer = (answer * BigInt(Math.round((1 + move) * 1e9))) / 1_000_000_000n;
        const next = answer * FEED_TO_WAD;
        await networkHelpers.time.setNextBlockTimestamp((await networkHelpers.time.latest()) + STEP_SECONDS);
        await t.feed.setPrice(answer);
        equity += (size * (next - price)) / UNIT;
        price = next;

        const status = await t.vault.rebalanceStatus();
        if (status === 1n || status === 2n) {
          await t.vault.connect(keeper).rebalance();
        } else if (status === 3n) {
          const paid = await eventArgs(await t.vault.connect(keeper).ripcord(), t.vault.interface, "RipcordRewardPaid");
          equity -= paid.reward * SCALE;
        }
        if (status !== 0n) {
          rebalances++;
          size = (sign * L * equity * UNIT) / (WAD * price);
        }

        const tolerance = BigInt(step) * UNITS_PER_STEP;
        const chainEquity = await t.vault.equity();
        const diff = chainEquity - equity / SCALE;
        if ((diff < 0n ? -diff : diff) > maxDiff) maxDiff = diff < 0n ? -diff : diff;
        expect(chainEquity).to.be.closeTo(equity / SCALE, tolerance, `equity at step ${step}`);
        const modelNav = ((equity / SCALE + VIRTUAL_ASSETS) * WAD) / (supply + VIRTUAL_SHARES);
        expect(await t.vault.nav()).to.be.closeTo(modelNav, tolerance, `nav at step ${step}`);
      }
      // the path exercised the thing under test: several rebalances, and a NAV well away from its start
      expect(rebalances).to.be.gte(3);
      const nav = await t.vault.nav();
      expect(nav > 105_000_000n || nav < 95_000_000n).to.equal(true);
      if (process.env.TRACKING_REPORT) console.log(symbol, { rebalances, nav, maxDiff });
    });
  });
}
