// Reference curves and the GBM generator, checked against values worked out by hand.
import { expect } from "chai";
import { gbmPath, mulberry32 } from "../../sim/gbm.js";
import { DAY_SECONDS, YEAR_SECONDS, type PricePath } from "../../sim/path.js";
import { continuousCurve, idealDailyMultiple, median, realisedSigma, tracking } from "../../sim/stats.js";

/** |actual - expected| < tolerance (chai's closeTo is taken over by the bigint matchers once Hardhat loads). */
function near(actual: number, expected: number, tolerance: number) {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).to.be.below(tolerance);
}

const daily = (prices: number[]): PricePath => ({ source: "t", times: prices.map((_, i) => i * DAY_SECONDS), prices });

describe("sim/stats", () => {
  it("idealDailyMultiple compounds L x each day's return (3x: +10% then -10%)", () => {
    const v = idealDailyMultiple(daily([100, 110, 99]), 3);
    near(v[1], 1.3, 1e-12);
    near(v[2], 1.3 * 0.7, 1e-12);
    const s = idealDailyMultiple(daily([100, 110, 99]), -3);
    near(s[2], 0.7 * 1.3, 1e-12);
  });

  it("idealDailyMultiple resets once a day on an hourly path", () => {
    const times = Array.from({ length: 49 }, (_, i) => i * 3600);
    const prices = times.map((_, i) => (i <= 24 ? 100 + i : 124 - (i - 24)));
    const v = idealDailyMultiple({ source: "t", times, prices }, 2);
    near(v[24], 1 + 2 * 0.24, 1e-12); // day 1: 100 -> 124
    near(v[48], 1.48 * (1 + 2 * (100 / 124 - 1)), 1e-12); // day 2: 124 -> 100
  });

  it("continuousCurve is (S/S0)^L exp(-(L^2-L) sigma^2 t / 2)", () => {
    const p: PricePath = { source: "t", times: [0, YEAR_SECONDS / 2], prices: [50, 60] };
    near(continuousCurve(p, 3, 0.8)[1], 1.2 ** 3 * Math.exp(-6 * 0.64 * 0.25), 1e-12);
    near(continuousCurve(p, -3, 0.8)[1], 1.2 ** -3 * Math.exp(-12 * 0.64 * 0.25), 1e-12);
  });

  it("realisedSigma of a year of hourly GBM is the sigma it was drawn with (within 3 standard errors)", () => {
    const s = realisedSigma(gbmPath({ sigma: 0.8, days: 365, stepsPerDay: 24, seed: 7 }));
    // standard error of a volatility estimated from n squared returns: sigma / sqrt(2n) = 0.006
    near(s, 0.8, 0.018);
  });

  it("tracking is zero for a token that is exactly the ideal daily multiple", () => {
    const p = daily([100, 104, 97, 101, 95]);
    const t = tracking(p, idealDailyMultiple(p, 3), 3);
    expect(Math.abs(t.trackingError)).to.be.below(1e-12);
    expect(t.days).to.equal(4);
  });

  it("median of odd and even samples", () => {
    expect(median([3, 1, 2])).to.equal(2);
    expect(median([4, 1, 3, 2])).to.equal(2.5);
  });

  it("gbmPath: same seed, same path; another seed, another path; steps of 86400/stepsPerDay seconds", () => {
    const a = gbmPath({ sigma: 0.5, days: 3, stepsPerDay: 4, seed: 1 });
    expect(gbmPath({ sigma: 0.5, days: 3, stepsPerDay: 4, seed: 1 })).to.deep.equal(a);
    expect(gbmPath({ sigma: 0.5, days: 3, stepsPerDay: 4, seed: 2 }).prices).to.not.deep.equal(a.prices);
    expect(a.times.length).to.equal(13);
    expect(a.times[1] - a.times[0]).to.equal(21_600);
    expect(() => gbmPath({ sigma: 0.5, days: 1, stepsPerDay: 7, seed: 1 })).to.throw("divisor of 86400");
    const r = mulberry32(3);
    const u = Array.from({ length: 1000 }, r);
    expect(Math.min(...u)).to.be.at.least(0);
    expect(Math.max(...u)).to.be.below(1);
  });
});
