// Loading a deployment record: the docs/protocol.md §11 shape, or an error naming the wrong field.
import { expect } from "chai";
import { getAddress } from "ethers";
import { parseDeployment } from "../../sdk/deployment.js";

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
      "invalid deployments/x.json: chainId: Invalid input: expected number, received string; tokens.0.vault: expected a 0x-prefixed 20-byte hex address; tokens.0.targetLeverage: expected a decimal string in WAD (1e18 = 1x)"
    );
  });
});
