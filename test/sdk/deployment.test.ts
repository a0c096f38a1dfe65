// Loading a deployment record: the docs/protocol.md §11 shape, or an error naming the wrong field.
import { expect } from "chai";
import { getAddress } from "ethers";
import { parseDeployment } from "../../sdk/record.js";
import { LeverError } from "../../sdk/errors.js";

const good = {
  chainId: 31337,
  collateral: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
  factory: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  lens: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  markets: [
    {
      symbol: "BTC-USD",
      market: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      feed: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    },
  ],
  tokens: [
    {
      symbol: "BTC3L",
      token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      vault: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      market: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      isLong: true,
      targetLeverage: "3000000000000000000",
    },
  ],
};

describe("sdk/deployment", () => {
  it("accepts a record and checksums its addresses", () => {
    const d = parseDeployment(good);
    expect(d.collateral).to.equal(getAddress(good.collateral));
    expect(d.tokens[0].targetLeverage).to.equal("3000000000000000000");
  });

  it("names every wrong field", () => {
    const bad = { ...good, chainId: "31337", tokens: [{ ...good.tokens[0], vault: "0x12", targetLeverage: "3.0" }] };
    expect(() => parseDeployment(bad, "deployments/x.json")).to.throw(
      "invalid deployments/x.json: chainId: expected a positive integer; tokens.0.vault: expected a 0x-prefixed 20-byte hex address; tokens.0.targetLeverage: expected a decimal string in WAD (1e18 = 1x)"
    );
  });

  it("names a missing field and a record that is not an object", () => {
    const { lens: _lens, ...noLens } = good;
    expect(() => parseDeployment(noLens)).to.throw(
      "invalid deployment record: lens: expected a 0x-prefixed 20-byte hex address"
    );
    expect(() => parseDeployment([])).to.throw("invalid deployment record: (root): expected an object");
  });

  it("fails with a LeverError InvalidDeployment whose problems survive JSON", () => {
    const err = (() => {
      try {
        parseDeployment({ ...good, tokens: "x" });
      } catch (e) {
        return e as LeverError;
      }
    })()!;
    expect(err).to.be.instanceOf(LeverError);
    expect(err.errorName).to.equal("InvalidDeployment");
    expect(JSON.parse(JSON.stringify(err)).args).to.deep.equal({
      source: "deployment record",
      problems: ["tokens: expected an array"],
    });
  });

  it("keeps each contract's deployment block", () => {
    const d = parseDeployment({
      ...good,
      deploymentBlock: 3,
      markets: [{ ...good.markets[0], deploymentBlock: 4 }],
      tokens: [{ ...good.tokens[0], deploymentBlock: 9 }],
    });
    expect([d.deploymentBlock, d.markets[0].deploymentBlock, d.tokens[0].deploymentBlock]).to.deep.equal([3, 4, 9]);
    expect(() => parseDeployment({ ...good, deploymentBlock: -1 })).to.throw(
      "deploymentBlock: expected a block number"
    );
  });
});
