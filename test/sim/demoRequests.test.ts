// The demo's two ways in and out (sim/demoRequests.ts): a next-price round trip settled by the keeper's ordering
// costs its fees and a fraction of the instant path's; every figure is an event's.
import { expect } from "chai";
import hre from "hardhat";
import { simConnection } from "../../sim/connection.js";
import { instantVsRequest, pathCostReport, PATHS_AMOUNT } from "../../sim/demoRequests.js";

describe("demo: instant vs next-price round trip (BTC3L, price unchanged)", function () {
  this.timeout(120_000);

  it("each path costs its fees; the request path costs under a third of the instant one, and the report shows both", async () => {
    const costs = await instantVsRequest(await simConnection(hre));
    const [instant, request] = costs;
    expect([instant.path, request.path]).to.deep.equal(["instant", "next-price"]);
    for (const c of costs) {
      expect(c.collateralIn).to.equal(PATHS_AMOUNT);
      expect(c.tokens > 0n).to.equal(true);
      // Price unchanged: what is lost is the fees, plus rounding and a few seconds of the streaming fee (< 0.05 USDC).
      const rest = c.cost - c.feesIn - c.feesOut;
      expect(rest >= 0n && rest < 50_000n).to.equal(true, `${c.path}: cost ${c.cost}, fees ${c.feesIn} + ${c.feesOut}`);
    }
    // Default fees: 68 bps each way instant for 3x, 10 bps each way requested; the taker fee (5 bps on 3x notional) on both.
    expect(request.cost * 3n < instant.cost).to.equal(true, `request ${request.cost} vs instant ${instant.cost}`);
    const report = pathCostReport(costs);
    expect(report).to.match(/round trip cost \(USDC\)\s+\d+\.\d\d\s+\d+\.\d\d/);
    console.log(report.replace(/^/gm, "      "));
  });
});
