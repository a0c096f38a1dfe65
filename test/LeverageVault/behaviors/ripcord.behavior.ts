// Ripcord and Chainlink Automation (docs/protocol.md §4, §6): emergency de-levering with a bounded reward.
import { expect } from "chai";
import { AbiCoder, encodeBytes32String } from "ethers";
import { governedCall } from "../../helpers/governance.js";
import { ethers, mintedFixture, networkHelpers, tokenConfig } from "../../helpers/fixtures.js";
import { bandEdges, eventArgs, moveToLeverage, paramsWith } from "../../helpers/chain.js";
import { takerFee } from "../../helpers/model.js";
import { abs, usdc } from "../../helpers/units.js";
import { Status } from "../../../sdk/status.js";
import { LEVERAGE_AT_TARGET } from "./tolerances.js";

const NONE = BigInt(Status.NONE);
const REBALANCE = BigInt(Status.REBALANCE);
const RIPCORD = BigInt(Status.RIPCORD);
const encodeStatus = (status: bigint) => AbiCoder.defaultAbiCoder().encode(["uint8"], [status]);

export function shouldRipcordAndAutomate(symbol: string) {
  const config = tokenConfig(symbol);
  const target = config.targetLeverage;
  const edges = bandEdges(config.params);
  const minted = () => networkHelpers.loadFixture(mintedFixture(symbol));

  describe("ripcord", () => {
    it("is refused below ripcordLeverage", async () => {
      const f = await minted();
      await expect(f.t.vault.ripcord())
        .to.be.revertedWithCustomError(f.t.vault, "RipcordNotNeeded")
        .withArgs(await f.t.vault.leverage(), config.params.ripcordLeverage);
      await moveToLeverage(f.t, edges.above); // out of band, still below the ripcord
      await expect(f.t.vault.ripcord())
        .to.be.revertedWithCustomError(f.t.vault, "RipcordNotNeeded")
        .withArgs(await f.t.vault.leverage(), config.params.ripcordLeverage);
    });

    for (const [bound, reward] of [
      ["ripcordReward", usdc(10)],
      ["1% of equity", usdc(1_000)],
    ] as const) {
      it(`de-levers to target and pays the caller a reward bounded by ${bound}`, async () => {
        const f = await minted();
        const { deployer, keeper } = f.users;
        await governedCall(f.timelock, f.t.vault, "setParams", [
          await paramsWith(f.t.vault, { ripcordReward: reward }),
        ]);
        const price = await moveToLeverage(f.t, edges.ripcord);
        expect(await f.t.vault.leverage()).to.be.gte(config.params.ripcordLeverage);
        expect(await f.t.vault.rebalanceStatus()).to.equal(RIPCORD);
        // a plain rebalance is not the way out of a ripcord state
        await expect(f.t.vault.rebalance())
          .to.be.revertedWithCustomError(f.t.vault, "RebalanceNotNeeded")
          .withArgs(RIPCORD);

        const equity = await f.t.vault.equity();
        const onePercent = equity / 100n;
        const expected = reward < onePercent ? reward : onePercent;
        expect(expected).to.equal(bound === "ripcordReward" ? reward : onePercent);

        const tx = f.t.vault.connect(keeper).ripcord();
        await expect(tx).to.emit(f.t.vault, "RipcordRewardPaid").withArgs(keeper.address, expected);
        await expect(tx).to.changeTokenBalances(ethers, f.usdc, [keeper, f.t.market], [expected, -expected]);
        const args = await eventArgs(await tx, f.t.vault.interface, "Rebalanced");
        expect(args.kind).to.equal(RIPCORD);
        expect(await f.t.vault.equity()).to.equal(equity - expected - takerFee(abs(args.sizeDelta), price, 5n));
        expect(await f.t.vault.leverage()).to.be.closeTo(target, LEVERAGE_AT_TARGET);
        expect(await f.t.vault.rebalanceStatus()).to.equal(NONE);
      });
    }
  });

  describe("ripcord in chunks", () => {
    // Finding B (docs/security.md): a chunk is at least 100 x the 1,000 USDC reward cap; the reward per chunk is in
    // proportion to the leverage it removes (test/adversarial/RipcordFarming.t.sol runs the chunks on a 50M vault).
    it("refuses a ripcord trade size below 100,000 USDC, the floor that makes each chunk a real step", async () => {
      const f = await minted();
      const small = await paramsWith(f.t.vault, {
        ripcordReward: usdc(1_000),
        maxTradeSize: usdc(100),
        ripcordMaxTradeSize: usdc(100),
      });
      await expect(governedCall(f.timelock, f.t.vault, "setParams", [small]))
        .to.be.revertedWithCustomError(f.t.vault, "InvalidParam")
        .withArgs(encodeBytes32String("ripcordMaxTradeSize"), usdc(100));
      const floor = await paramsWith(f.t.vault, { maxTradeSize: usdc(100), ripcordMaxTradeSize: usdc(100_000) });
      await governedCall(f.timelock, f.t.vault, "setParams", [floor]);
      expect((await f.t.vault.params()).ripcordMaxTradeSize).to.equal(usdc(100_000));
    });
  });

  describe("automation", () => {
    it("checkUpkeep reports no work at rest and performUpkeep refuses", async () => {
      const f = await minted();
      const [needed, data] = await f.t.vault.checkUpkeep("0x");
      expect(needed).to.equal(false);
      expect(data).to.equal(encodeStatus(NONE));
      await expect(f.t.vault.performUpkeep("0x"))
        .to.be.revertedWithCustomError(f.t.vault, "RebalanceNotNeeded")
        .withArgs(NONE);
    });

    it("performUpkeep rebalances when checkUpkeep asks, whatever performData says", async () => {
      const f = await minted();
      const { keeper } = f.users;
      await moveToLeverage(f.t, edges.below);
      const [needed, data] = await f.t.vault.checkUpkeep("0x");
      expect(needed).to.equal(true);
      expect(data).to.equal(encodeStatus(REBALANCE));
      // performData is untrusted: claiming a ripcord gets a plain rebalance and no reward
      const tx = f.t.vault.connect(keeper).performUpkeep(encodeStatus(RIPCORD));
      await expect(tx).to.emit(f.t.vault, "Rebalanced");
      await expect(tx).not.to.emit(f.t.vault, "RipcordRewardPaid");
      expect(await f.t.vault.leverage()).to.be.closeTo(target, LEVERAGE_AT_TARGET);
      expect((await f.t.vault.checkUpkeep("0x"))[0]).to.equal(false);
    });

    it("performUpkeep on a ripcord pays the reward to its caller", async () => {
      const f = await minted();
      const { keeper } = f.users;
      await moveToLeverage(f.t, edges.ripcord);
      const [needed, data] = await f.t.vault.checkUpkeep("0x");
      expect(needed).to.equal(true);
      expect(data).to.equal(encodeStatus(RIPCORD));
      const tx = f.t.vault.connect(keeper).performUpkeep(data);
      await expect(tx).to.emit(f.t.vault, "RipcordRewardPaid").withArgs(keeper.address, config.params.ripcordReward);
      expect(await f.t.vault.leverage()).to.be.closeTo(target, LEVERAGE_AT_TARGET);
    });
  });
}
