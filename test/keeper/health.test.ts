// keeper/health.ts: what /healthz reports.
import { expect } from "chai";
import { evaluateHealth } from "../../keeper/health.js";

const t = { maxPollAgeS: 60, maxBlockAgeS: 120, minBalance: 10n ** 16n };
const now = 1_800_000_000_000;
const fresh = { nowMs: now, lastPollOkMs: now - 5_000, lastBlockTimestamp: now / 1000 - 10, balance: 10n ** 18n };

describe("keeper/health", () => {
  it("is healthy with a recent poll, a recent block and enough balance", () => {
    expect(evaluateHealth(fresh, t)).to.deep.equal({ ok: true, problems: [] });
  });

  it("fails before the first successful poll", () => {
    expect(evaluateHealth({ ...fresh, lastPollOkMs: null }, t).ok).to.equal(false);
  });

  it("fails when the last successful poll is older than the threshold", () => {
    const h = evaluateHealth({ ...fresh, lastPollOkMs: now - 61_000 }, t);
    expect(h.ok).to.equal(false);
    expect(h.problems[0]).to.match(/last successful poll 61 s ago/);
  });

  it("fails when the head block is stale, unless that check is off", () => {
    const stale = { ...fresh, lastBlockTimestamp: now / 1000 - 121 };
    expect(evaluateHealth(stale, t).problems).to.deep.equal(["head block is 121 s old (max 120 s)"]);
    expect(evaluateHealth(stale, { ...t, maxBlockAgeS: 0 }).ok).to.equal(true);
  });

  it("fails when the signer balance is below the threshold", () => {
    const h = evaluateHealth({ ...fresh, balance: 10n ** 16n - 1n }, t);
    expect(h.ok).to.equal(false);
    expect(h.problems[0]).to.match(/signer balance/);
  });

  it("lists every vault whose price feed is stale or invalid as a problem", () => {
    const feedProblems = ["ETH2L (0xA): price feed stale (4000 s old, max 3600 s)", "BTC3L (0xB): price feed invalid"];
    expect(evaluateHealth({ ...fresh, feedProblems }, t)).to.deep.equal({ ok: false, problems: feedProblems });
  });
});
