// The contracts on 2021's real ETH path (data/eth-usd-2021-coingecko.csv) against an independent model written
// here. A token recentred to its target once a day, with no fees and no funding, is worth prod(1 + L r_i) after N
// days, r_i the day's return: the contracts must give that to rounding precision, 2x and 3x, long and short. With
// the deployed taker and streaming fees they must give the fee-adjusted product. And the day a 3x short would hit
// its ripcord is named, and the contracts' trade that day checked.
import { expect } from "chai";
import hre from "hardhat";
import { parseUnits } from "ethers";
import { market, token, type ProtocolConfig, type TokenConfig } from "../../deploy/config/defaults.js";
import { deployProtocol } from "../../deploy/protocol.js";
import { Status } from "../../sdk/status.js";
import { simConnection } from "../../sim/connection.js";
import { demoPaths } from "../../sim/demo.js";
import { isoDay, toFeedAnswer, YEAR_SECONDS, type PricePath } from "../../sim/path.js";
import type { VaultSeries } from "../../sim/replay.js";
import { runReplay } from "../../sim/run.js";

const ETH_2021 = "data/eth-usd-2021-coingecko.csv";
const SIDES: [number, boolean][] = [
  [2, true],
  [2, false],
  [3, true],
  [3, false],
];
/**
 * USDC per token: 10,000 for the longs; 1,000,000 for the shorts, which lose 99.9 % or more over 2021 and would
 * otherwise fall below the vault's dust equity of 1 USDC (status NONE: no more rebalances), as a 10,000 USDC ETH3S
 * does on 2021-07-28 and is then wiped out on 2021-08-08.
 */
const AMOUNT = { long: parseUnits("10000", 6), short: parseUnits("1000000", 6) };

/** The deployed ETH token of that leverage, with the fees the case asks for. */
function ethToken(leverage: number, isLong: boolean, fees: boolean): TokenConfig {
  const t = token("ETH", leverage, isLong);
  const params = fees
    ? { ...t.params, mintFeeBps: 0, redeemFeeBps: 0, ripcordReward: 0n }
    : { ...t.params, mintFeeBps: 0, redeemFeeBps: 0, ripcordReward: 0n, managementFeeRate: 0n };
  return { ...t, params };
}

/** The four tokens (longs and shorts on chains of their own, for their amounts) replayed on `path`. */
async function replayEth(
  path: PricePath,
  takerFeeBps: number,
  fees: boolean
): Promise<{ series: VaultSeries[]; tokens: TokenConfig[] }> {
  const out: { series: VaultSeries[]; tokens: TokenConfig[] } = { series: [], tokens: [] };
  for (const side of ["long", "short"] as const) {
    const config: ProtocolConfig = {
      markets: [
        { ...market("ETH-USD", path.prices[0].toFixed(8)), takerFeeBps, liquidity: parseUnits("100000000", 6) },
      ],
      tokens: SIDES.filter(([, long]) => long === (side === "long")).map(([l, long]) => ethToken(l, long, fees)),
    };
    const connection = await simConnection(hre);
    const protocol = await deployProtocol(connection, config);
    const tokens = config.tokens.map((t) => protocol.tokens[t.symbol]);
    const { replay } = await runReplay({
      connection,
      protocol,
      tokens,
      paths: { "ETH-USD": path },
      amountEach: AMOUNT[side],
    });
    out.series.push(...replay.series);
    out.tokens.push(...config.tokens);
  }
  return out;
}

/** The feed's prices (8 decimals, as the contracts see them) and their daily returns. */
function feedReturns(path: PricePath): number[] {
  const p = path.prices.map((x) => Number(toFeedAnswer(x)));
  return p.slice(1).map((x, i) => x / p[i] - 1);
}

/** prod(1 + L r_i): equity relative to the start after each day, recentred to L every day. */
function product(L: number, r: readonly number[]): number[] {
  const out = [1];
  for (const x of r) out.push(out[out.length - 1] * (1 + L * x));
  return out;
}

/**
 * The same with a taker fee f on each day's trade back to |L| x equity (the vault sizes the trade so that leverage
 * after the fee is on target: E' = E_pre - f |L| E' - N_pre|), and a streaming fee that dilutes holders linearly in
 * time (fee tokens on the supply as it was, minted only when the vault is next minted into or redeemed from).
 */
function feeProduct(L: number, r: readonly number[], f: number, rate: number, dt: readonly number[]): number[] {
  const a = Math.abs(L);
  const equity = [1];
  for (const x of r) {
    const e = equity[equity.length - 1];
    const pre = e * (1 + L * x);
    const notional = a * e * (1 + x);
    equity.push(a * pre > notional ? (pre + f * notional) / (1 + f * a) : (pre - f * notional) / (1 - f * a));
  }
  let t = 0;
  return equity.map((e, i) => {
    if (i > 0) t += dt[i - 1];
    return e / (1 + (rate * t) / YEAR_SECONDS);
  });
}

const rel = (a: number, b: number) => Math.abs(a / b - 1);
/** |a - b| (chai's closeTo is taken over by the bigint matchers, which refuse fractions). */
const gap = (a: number, b: number) => Math.abs(a - b);

describe("the contracts on 2021's ETH prices, against prod(1 + L r)", function () {
  this.timeout(600_000);
  let path: PricePath;
  let r: number[];

  before(async () => {
    path = (await demoPaths({}))["ETH-USD"];
    expect(path.source).to.contain(ETH_2021);
    expect(path.times.length).to.equal(365); // 2021-01-01 .. 2021-12-31, the intraday last row left out
    r = feedReturns(path);
  });

  it("without fees or funding: 2x and 3x, long and short, equal the product every day to rounding precision", async () => {
    const { series, tokens } = await replayEth(path, 0, false);
    for (const [k, t] of tokens.entries()) {
      const L = (t.isLong ? 1 : -1) * Number(t.targetLeverage / 10n ** 18n);
      const model = product(L, r);
      const s = series[k];
      // Rounding precision: the vault rounds each trade and mark in its favour, a few base units (1e-6 USDC) a day.
      for (let i = 0; i < model.length; i++) {
        const want = Number(s.equity[0]) * model[i];
        expect(gap(Number(s.equity[i]), want), `${t.symbol} equity on ${isoDay(path.times[i])}`).to.be.at.most(
          Math.max(1e-8 * want, 2 * i)
        );
      }
      // NAV is equity over a constant supply here: the same ratio, to NAV's 6 decimals.
      const navRatio = Number(s.nav[s.nav.length - 1]) / Number(s.nav[0]);
      expect(gap(navRatio, model[model.length - 1]), `${t.symbol} NAV`).to.be.lessThan(2e-6);
    }
  });

  it("with the deployed taker fee (5 bps) and streaming fee (2 %/yr): equal the fee-adjusted product", async () => {
    const { series, tokens } = await replayEth(path, 5, true);
    const dt = path.times.slice(1).map((t, i) => t - path.times[i]);
    for (const [k, t] of tokens.entries()) {
      const L = (t.isLong ? 1 : -1) * Number(t.targetLeverage / 10n ** 18n);
      const model = feeProduct(L, r, 5e-4, 0.02, dt);
      const s = series[k];
      const last = s.nav.length - 1;
      // Equity carries the taker fees; NAV the streaming fee too (to its 6 decimals: 1e-6 USDC on a 0.11 USDC ETH2S).
      const equityWant = Number(s.equity[0]) * feeProduct(L, r, 5e-4, 0, dt)[last];
      expect(gap(Number(s.equity[last]), equityWant), `${t.symbol} equity at the end`).to.be.at.most(
        Math.max(1e-7 * equityWant, 2 * last)
      );
      const want = Number(s.nav[0]) * model[last];
      expect(gap(Number(s.nav[last]), want), `${t.symbol} NAV at the end`).to.be.at.most(Math.max(1e-7 * want, 1));
      // and the fees cost something: below the fee-free product
      expect(Number(s.nav[last]) / Number(s.nav[0])).to.be.lessThan(product(L, r)[last]);
    }
  });

  it("names 2021-01-03 as the day a 3x short hits its 5x ripcord, and the contracts pulled it that day, back to 3x", async () => {
    // After a day's return x, a 3x short recentred the day before sits at 3 (1 + x) / (1 - 3 x): 5x from x = 1/9.
    const ripcord = 5;
    const lev = (x: number) => (3 * (1 + x)) / (1 - 3 * x);
    const days = r.flatMap((x, i) => (x > 0 && x < 1 / 3 && lev(x) >= ripcord ? [i + 1] : []));
    // Dated by the day the move happened in: the 00:00 UTC snapshot of 2021-01-03 to that of 2021-01-04, +24.3 %.
    expect(isoDay(path.times[days[0] - 1])).to.equal("2021-01-03");
    expect(gap(r[days[0] - 1], 0.2434)).to.be.lessThan(1e-4);

    const { series, tokens } = await replayEth(path, 0, false);
    const k = tokens.findIndex((t) => t.symbol === "ETH3S");
    const s = series[k];
    const step = days[0];
    expect(gap(Number(s.leverageSeen[step]) / 1e18, lev(r[step - 1]))).to.be.lessThan(1e-6);
    expect(Number(s.leverageSeen[step]) / 1e18).to.be.greaterThan(ripcord);
    expect(s.actions[step]).to.equal(Status.RIPCORD);
    expect(gap(Number(s.leverage[step]) / 1e18, 3)).to.be.lessThan(1e-9);
    // Every day the model says was a ripcord day is one the keeper pulled it, and no other.
    const pulled = s.actions.flatMap((a, i) => (a === Status.RIPCORD ? [i] : []));
    expect(pulled).to.deep.equal(days);
  });
});
