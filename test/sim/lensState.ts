// The replay's fast VaultLens decoder reads the same values as ethers' ABI decoder.
import { expect } from "chai";
import hre from "hardhat";
import { parseUnits } from "ethers";
import { deployProtocol } from "../../deploy/protocol.js";
import { decodeVaultStates } from "../../sim/lensState.js";
import { buyTokens } from "../../sim/setup.js";

describe("sim/lensState: decodeVaultStates", function () {
  this.timeout(120_000);

  it("matches ethers' decoding of getVaults for vaults with and without holders, long and short", async () => {
    const connection = await hre.network.create();
    const p = await deployProtocol(connection);
    await buyTokens(connection, p, [p.tokens.BTC3L, p.tokens.ETH2S], parseUnits("1000", 6));
    await (await p.markets["BTC-USD"].feed.setPrice(54_000n * 10n ** 8n)).wait(); // BTC3L now off target, REBALANCE
    const vaults = await Promise.all(Object.values(p.tokens).map((t) => t.vault.getAddress()));
    const data = p.lens.interface.encodeFunctionData("getVaults", [vaults]);
    const raw = await connection.ethers.provider.call({ to: await p.lens.getAddress(), data });
    const [expected] = p.lens.interface.decodeFunctionResult("getVaults", raw);
    const got = decodeVaultStates(raw);
    expect(got.length).to.equal(4);
    expect(got.map((s) => s.status)).to.include(1);
    for (const [k, e] of (expected as any[]).entries()) {
      expect(got[k]).to.deep.equal({
        vault: e.vault.toLowerCase(),
        symbol: e.symbol,
        ok: e.ok,
        status: Number(e.status),
        iterating: e.iterating,
        targetLeverage: e.targetLeverage,
        leverage: e.leverage,
        equity: e.equity,
        nav: e.nav,
        totalSupply: e.totalSupply,
        price: e.price,
      });
    }
  });
});
