// `npm run simulate` end to end on a short GBM path: what it writes agrees with the chain, and its options
// are checked with messages that name the flag.
import { expect } from "chai";
import hre from "hardhat";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatUnits } from "ethers";
import { simConnection } from "../../sim/connection.js";
import { parseDuration, parseSimulateOptions } from "../../sim/options.js";
import { simulate, tokenSpec } from "../../sim/simulate.js";
import { settingsLine, simToken } from "../../sim/config.js";
import { token } from "../../deploy/config/defaults.js";

const defaults = {
  sigma: "0.8",
  days: "365",
  stepsPerDay: "24",
  seed: "1",
  startPrice: "60000",
  leverage: "3",
  interval: "24h",
  mintFee: "10",
  streamingFee: "0.02",
  takerFee: "5",
  amount: "10000",
  out: "out/simulate",
};

describe("sim/options", () => {
  it("parses durations", () => {
    expect([
      parseDuration("24h"),
      parseDuration("8h"),
      parseDuration("90m"),
      parseDuration("1d"),
      parseDuration("3600"),
    ]).to.deep.equal([86_400, 28_800, 5_400, 86_400, 3_600]);
    expect(parseDuration("soon")).to.equal(undefined);
  });

  it("rejects bad values naming the flag", () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ gbm: true, sigma: "-1" }, "--sigma"],
      [{ gbm: true, band: "3.3,2.7" }, "--band"],
      [{ gbm: true, band: "2,2.5" }, "--band 2,2.5 must contain the target leverage 3"],
      [{ gbm: true, interval: "30m" }, "--interval"],
      [{ gbm: true, mintFee: "101" }, "--mint-fee"],
      [{ gbm: true, streamingFee: "0.5" }, "--streaming-fee"],
      [{ gbm: true, stepsPerDay: "7" }, "--steps-per-day"],
      [{}, "give either --prices <csv> or --gbm"],
      [{ gbm: true, prices: "x.csv" }, "give either --prices <csv> or --gbm"],
    ];
    for (const [opts, message] of bad) {
      expect(() => parseSimulateOptions({ ...defaults, ...opts }), JSON.stringify(opts)).to.throw(message);
    }
  });
});

describe("sim/config: the simulated token", () => {
  const bare = {
    sigma: "0.8",
    days: "365",
    stepsPerDay: "24",
    seed: "1",
    startPrice: "60000",
    amount: "10000",
    out: "out/simulate",
    gbm: true,
  };

  it("is the deployed token of that leverage unless a flag says otherwise", () => {
    for (const [leverage, short] of [
      [3, false],
      [2, true],
    ] as const) {
      const o = parseSimulateOptions({ ...bare, leverage: String(leverage), short });
      const deployed = token("SIM", leverage, !short);
      expect(simToken(tokenSpec(o)).params, `${leverage}x ${short ? "short" : "long"}`).to.deep.equal(deployed.params);
    }
    const o = parseSimulateOptions({ ...bare, mintFee: "10", band: "2.7,3.3" });
    const p = simToken(tokenSpec(o)).params;
    expect([p.mintFeeBps, p.minLeverage, p.maxLeverage]).to.deep.equal([10, 27n * 10n ** 17n, 33n * 10n ** 17n]);
    expect(p.ripcordLeverage).to.equal(token("SIM", 3, true).params.ripcordLeverage); // 5x, still above the band
  });

  it("--fli is Index Coop's FLI: 2x, band 1.7-2.3, 24 h, recentering 5 %, ripcord 2.7x, 1.95 %/yr", () => {
    const t = simToken(tokenSpec(parseSimulateOptions({ ...bare, fli: true })));
    expect(settingsLine(t)).to.equal(
      "SIM2L: 2x long, band 1.7-2.3, ripcord 2.7x, every 24 h, recentering 5 %, mint/redeem fee 46/46 bps, streaming fee 1.95 %/yr"
    );
    expect(() => parseSimulateOptions({ ...bare, fli: true, short: true })).to.throw("--fli is a 2x long");
  });
});

describe("npm run simulate --fli on 2021's ETH, against the real ETH2x-FLI", function () {
  this.timeout(300_000);

  it("reports both returns over the dates they share, from FLI's third row, and the gap", async () => {
    const out = await mkdtemp(join(tmpdir(), "lever-sim-"));
    const options = parseSimulateOptions({
      ...defaults,
      mintFee: undefined,
      streamingFee: undefined,
      takerFee: undefined,
      interval: undefined,
      leverage: undefined,
      fli: true,
      prices: "data/eth-usd-2021-coingecko.csv",
      compare: "data/eth2x-fli-2021-coingecko.csv",
      out,
    });
    const result = await simulate(await simConnection(hre), options);
    const c = result.comparison!;
    expect([c.name, c.from, c.to]).to.deep.equal(["eth2x-fli", "2021-03-18", "2021-12-31"]);
    expect(c.realReturn).to.be.greaterThan(0.48).and.lessThan(0.481); // 105.03 -> 155.48, data/README.md
    const at = result.path.times.findIndex((t) => new Date(t * 1000).toISOString().startsWith("2021-03-18"));
    expect(c.tokenReturn).to.equal(result.token[result.token.length - 1] / result.token[at] - 1);
    expect(result.report).to.contain(
      `Against eth2x-fli from 2021-03-18 to 2021-12-31: token ${(c.tokenReturn * 100).toFixed(2)}%`
    );
    expect(result.report).to.contain("recentering 5 %");
    await rm(out, { recursive: true, force: true });
  });
});

describe("npm run simulate (5 days of hourly GBM, 3x short)", function () {
  this.timeout(180_000);

  it("writes a CSV whose last row is the vault's state, and a PNG chart", async () => {
    const out = await mkdtemp(join(tmpdir(), "lever-sim-"));
    const options = parseSimulateOptions({
      ...defaults,
      gbm: true,
      days: "5",
      short: true,
      band: "2.9,3.1",
      interval: "8h",
      out,
    });
    const connection = await simConnection(hre);
    const result = await simulate(connection, options);

    const csv = (await readFile(join(out, "path.csv"), "utf8")).trim().split("\n");
    expect(csv[0]).to.equal("timestamp,time,price,nav,leverage,rebalance,token,ideal_daily,continuous");
    expect(csv.length).to.equal(1 + 5 * 24 + 1);
    const last = csv[csv.length - 1].split(",");

    const token = Object.values(result.protocol.tokens)[0];
    expect(last[3], "NAV").to.equal(formatUnits(await token.vault.nav(), 6));
    expect(last[4], "leverage").to.equal(formatUnits(await token.vault.leverage(), 18));
    expect(BigInt(Math.round(Number(last[2]) * 1e8)), "price").to.equal(await token.feed.latestAnswer());
    const events = await token.vault.queryFilter(token.vault.filters.Rebalanced());
    const marked = csv.slice(1).filter((r) => r.split(",")[5] !== "");
    expect(marked.length, "rows with a rebalance").to.equal(events.length);
    expect(events.length).to.be.greaterThan(5); // a narrow band at 80% volatility trades more than once a day

    const png = await readFile(join(out, "chart.png"));
    expect(png.subarray(1, 4).toString()).to.equal("PNG");
    expect(png.readUInt32BE(16)).to.equal(1400); // width from the IHDR chunk
    await rm(out, { recursive: true, force: true });
  });
});
