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
import { simulate } from "../../sim/simulate.js";

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
    expect([parseDuration("24h"), parseDuration("8h"), parseDuration("90m"), parseDuration("1d"), parseDuration("3600")]).to.deep.equal([
      86_400, 28_800, 5_400, 86_400, 3_600,
    ]);
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

describe("npm run simulate (5 days of hourly GBM, 3x short)", function () {
  this.timeout(180_000);

  it("writes a CSV whose last row is the vault's state, and a PNG chart", async () => {
    const out = await mkdtemp(join(tmpdir(), "lever-sim-"));
    const options = parseSimulateOptions({ ...defaults, gbm: true, days: "5", short: true, band: "2.9,3.1", interval: "8h", out });
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
