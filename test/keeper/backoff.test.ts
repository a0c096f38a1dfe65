// keeper/backoff.ts: the retry schedule for RPC errors.
import { expect } from "chai";
import { backoffDelay, isTransient, isUnreachable } from "../../keeper/backoff.js";

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

  it("does not take a rejected send for a lost one, even when the quoted raw transaction contains 503", () => {
    const raw = "0x02f8b1827a69808503b9aca0";
    const insufficient = { code: "INSUFFICIENT_FUNDS", message: `insufficient funds (transaction="${raw}")` };
    expect(isTransient(insufficient)).to.equal(false);
    expect(isTransient(new Error(`execution reverted (data="${raw}")`))).to.equal(false);
    expect(isTransient(new Error("server responded 503"))).to.equal(true);
  });

  it("calls a broadcast lost only when the node was unreachable, not when it answered with an unknown error", () => {
    const rejected = { code: "UNKNOWN_ERROR", message: "Sender doesn't have enough funds to send tx" };
    expect(isUnreachable(rejected)).to.equal(false);
    expect(isTransient(rejected)).to.equal(true); // the poll loop may still retry it
    expect(isUnreachable({ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:8545" })).to.equal(true);
  });
});
