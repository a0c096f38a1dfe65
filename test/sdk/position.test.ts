// Average-cost accounting of one holding, from its own history. Expected values worked by hand.
import { expect } from "chai";
import { costBasis } from "../../sdk/position.js";

const U = 10n ** 6n; // USDC
const T = 10n ** 18n; // token

describe("sdk/position costBasis", () => {
  it("two mints add their cost; a partial redeem realises proceeds minus the redeemed share of cost", () => {
    const l = costBasis([
      { kind: "mint", tokens: 10n * T, collateral: 1_000n * U },
      { kind: "mint", tokens: 5n * T, collateral: 600n * U },
      // 6 of 15 tokens: cost share 1600 x 6/15 = 640; proceeds 700 -> realised +60
      { kind: "redeem", tokens: 6n * T, collateral: 700n * U },
    ]);
    expect(l).to.deep.equal({
      tokens: 9n * T,
      costBasis: 960n * U,
      realizedPnl: 60n * U,
      invested: 1_600n * U,
      withdrawn: 700n * U,
    });
  });

  it("redeeming everything realises everything and leaves no cost", () => {
    const l = costBasis([
      { kind: "mint", tokens: 3n * T, collateral: 300n * U },
      { kind: "redeem", tokens: 1n * T, collateral: 90n * U },
      { kind: "redeem", tokens: 2n * T, collateral: 180n * U },
    ]);
    expect(l.tokens).to.equal(0n);
    expect(l.costBasis).to.equal(0n);
    expect(l.realizedPnl).to.equal(-30n * U); // 270 back for 300 in
  });

  it("transfers move cost without realising: out at its share, in at the value when received", () => {
    const l = costBasis([
      { kind: "mint", tokens: 4n * T, collateral: 400n * U },
      { kind: "transferOut", tokens: 1n * T }, // cost 100 leaves with it
      { kind: "transferIn", tokens: 2n * T, value: 250n * U },
    ]);
    expect(l).to.deep.equal({
      tokens: 5n * T,
      costBasis: 550n * U,
      realizedPnl: 0n,
      invested: 400n * U,
      withdrawn: 0n,
    });
  });

  it("rounds the removed cost share up (1 unit), never leaving more cost than paid", () => {
    // 100 units of cost over 3 tokens; redeem 1: share 33.33.. -> 34 removed, 66 stays.
    const l = costBasis([
      { kind: "mint", tokens: 3n, collateral: 100n },
      { kind: "redeem", tokens: 1n, collateral: 34n },
    ]);
    expect(l.costBasis).to.equal(66n);
    expect(l.realizedPnl).to.equal(0n);
  });
});
