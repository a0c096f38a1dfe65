// scripts/dev: the helpers' arguments and flags, no chain.
import { expect } from "chai";
import { amount, durationSeconds, newAnswer } from "../../scripts/dev/args.js";
import { parseFlags } from "../../scripts/dev/connect.js";

const P = 10n ** 8n; // feed answers have 8 decimals

describe("scripts/dev arguments", () => {
  it("moves a price by a percentage either way, or sets it", () => {
    expect(newAnswer(60_000n * P, "-10%", 8)).to.equal(54_000n * P);
    expect(newAnswer(60_000n * P, "+2.5%", 8)).to.equal(61_500n * P);
    expect(newAnswer(60_000n * P, "5%", 8)).to.equal(63_000n * P);
    expect(newAnswer(60_000n * P, "54000", 8)).to.equal(54_000n * P);
    expect(newAnswer(60_000n * P, "0.5", 8)).to.equal(P / 2n);
  });

  it("refuses a change that is not one, or that leaves no positive price", () => {
    expect(() => newAnswer(P, "ten", 8)).to.throw(/price change must be like -10%/);
    expect(() => newAnswer(P, "-100%", 8)).to.throw(/leaves no positive price/);
    expect(() => newAnswer(P, undefined, 8)).to.throw(/got nothing/);
  });

  it("reads durations in s, m, h, d", () => {
    expect([
      durationSeconds("90s"),
      durationSeconds("30m"),
      durationSeconds("24h"),
      durationSeconds("2d"),
    ]).to.deep.equal([90, 1800, 86_400, 172_800]);
    expect(durationSeconds("45")).to.equal(45);
    expect(() => durationSeconds("0h")).to.throw(/duration/);
    expect(() => durationSeconds("1w")).to.throw(/duration must be like 24h/);
  });

  it("reads amounts and refuses zero, negatives and too many decimals", () => {
    expect(amount("100", 6, "x")).to.equal(100_000_000n);
    expect(() => amount("0", 6, "the USDC amount")).to.throw(/the USDC amount must be more than 0/);
    expect(() => amount("-5", 6, "x")).to.throw(/must be a positive number/);
    expect(() => amount("1.1234567", 6, "x")).to.throw(/more than 6 decimals/);
  });

  it("takes a negative percentage as an argument, not as a flag, and refuses unknown flags", () => {
    const f = parseFlags(["BTC-USD", "-10%", "--rpc-url", "http://127.0.0.1:1"], {});
    expect(f.args).to.deep.equal(["BTC-USD", "-10%"]);
    expect(f.rpcUrl).to.equal("http://127.0.0.1:1");
    expect(() => parseFlags(["--fast"], {})).to.throw(/unknown option --fast/);
  });

  it("finds the record where npm run deploy writes it, or where the environment says", () => {
    expect(parseFlags([], {}).deployment).to.equal("deployments/localhost.json");
    expect(parseFlags([], { LEVER_DEPLOYMENTS_DIR: "/tmp/d" }).deployment).to.equal("/tmp/d/localhost.json");
    expect(parseFlags([], { LEVER_RPC_URL: "http://10.0.0.1:8545" }).rpcUrl).to.equal("http://10.0.0.1:8545");
  });
});
