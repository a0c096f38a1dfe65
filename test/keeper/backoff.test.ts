// keeper/backoff.ts: the retry schedule for RPC errors.
import { expect } from "chai";
import { backoffDelay, isTransient } from "../../keeper/backoff.js";

const policy = { baseMs: 100, maxMs: 1000, factor: 2, jitter: 0 };

describe("keeper/backoff", () => {
  it("doubles from the base delay up to the ceiling", () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a, policy))).to.deep.equal([
      100, 200, 400, 800, 1000, 1000, 1000,
    ]);
  });

  it("takes at most the jitter fraction off", () => {
    const p = { ...policy, jitter: 0.5 };
    expect(backoffDelay(2, p, () => 0)).to.equal(400);
    expect(backoffDelay(2, p, () => 0.999999)).to.equal(200);
  });

  it("treats connection failures as transient and reverts as not", () => {
    expect(isTransient({ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:8545" })).to.equal(true);
    expect(isTransient({ code: "NETWORK_ERROR" })).to.equal(true);
    expect(isTransient(new Error("fetch failed"))).to.equal(true);
    expect(isTransient({ code: "CALL_EXCEPTION", message: "execution reverted" })).to.equal(false);
    expect(isTransient(undefined)).to.equal(false);
  });
});
