// Rebalancing (docs/protocol.md §6): band rebalances both ways, time-based re-centering, chunked rebalances.
import { expect } from "chai";
import { mintedFixture, networkHelpers, tokenConfig } from "../../helpers/fixtures.js";
import { governedCall } from "../../helpers/governance.js";
import {
  bandEdges,
  eventArgs,
  feedAnswer,
  minedAt,
  moveToLeverage,
  paramsWith,
  setAnswer,
} from "../../helpers/chain.js";
import { equityAfterMove, leverageOf, takerFee } from "../../helpers/model.js";
import { abs, usdc, WAD } from "../../helpers/units.js";
import { LEVERAGE_AT_TARGET, LEVERAGE_ROUNDING } from "./tolerances.js";
import { Status } from "../../../sdk/status.js";

const NONE = BigInt(Status.NONE);
const REBALANCE = BigInt(Status.REBALANCE);
const ITERATE = BigInt(Status.ITERATE);

export function shouldRebalance(symbol: string) {
  const config = tokenConfig(symbol);
  const target = config.targetLeverage;
  const edges = bandEdges(config.params);
  const minted = () => networkHelpers.loadFixture(mintedFixture(symbol));

  describe("rebalance", () => {
    for (const [where, to] of [
      ["above maxLeverage", edges.above],
      ["below minLeverage", edges.below],
    ] as const) {
      it(`brings leverage back to target after a price move takes it ${where}`, async () => {
        const f = await minted();
        const { keeper } = f.users;
        const vault = await f.t.vault.getAddress();
        const size = await f.t.market.positionSize(vault);
        const equity0 = await f.t.vault.equity();
        const p0 = (await feedAnswer(f.t)) * 10n ** 10n;
        expect(await f.t.vault.rebalanceStatus()).to.equal(NONE);

        const p1 = await moveToLeverage(f.t, to);
        // leverage drifts as the position's PnL moves equity: |size| p1 / (equity + size (p1 - p0))
        const equity1 = equityAfterMove(equity0, size, p0, p1);
        const drifted = leverageOf(abs(size), p1, equity1);
        expect(await f.t.vault.leverage()).to.equal(drifted);
        expect(drifted).to.be.closeTo(BigInt(Math.round(to * 1e6)) * 10n ** 12n, 10n ** 16n); // within 0.01 of aim
        expect(await f.t.vault.rebalanceStatus()).to.equal(REBALANCE);

        const tx = await f.t.vault.connect(keeper).rebalance();
        const args = await eventArgs(tx, f.t.vault.interface, "Rebalanced");
        expect(args.kind).to.equal(REBALANCE);
        expect(args.leverageBefore).to.equal(drifted);
        expect(args.price).to.equal(p1);
        // de-levering shrinks the position, re-levering grows it
        const newSize = await f.t.market.positionSize(vault);
        expect(newSize).to.equal(size + args.sizeDelta);
        expect(abs(newSize) < abs(size)).to.equal(drifted > target);
        expect(Math.sign(Number(newSize))).to.equal(Math.sign(Number(size)));

        const lev = await f.t.vault.leverage();
        expect(lev).to.be.closeTo(target, LEVERAGE_AT_TARGET);
        expect(args.leverageAfter).to.be.closeTo(lev, LEVERAGE_ROUNDING);
        expect(await f.t.vault.equity()).to.equal(equity1 - takerFee(abs(args.sizeDelta), p1, 5n));
        expect(await f.t.vault.rebalanceStatus()).to.equal(NONE);
        expect(await f.t.vault.lastRebalanceTime()).to.equal(await minedAt(tx));
      });
    }

    it("re-centres once rebalanceInterval has passed with leverage off target inside the band", async () => {
      const f = await minted();
      const { keeper } = f.users;
      const interval = BigInt(config.params.rebalanceInterval);
      const inside = Number(target) / 1e18 + 0.1;
      await moveToLeverage(f.t, inside);
      expect(await f.t.vault.rebalanceStatus()).to.equal(NONE);
      await expect(f.t.vault.rebalance()).to.be.revertedWithCustomError(f.t.vault, "RebalanceNotNeeded").withArgs(NONE);

      const last = await f.t.vault.lastRebalanceTime();
      await networkHelpers.time.setNextBlockTimestamp(last + interval - 1n);
      await setAnswer(f.t, await feedAnswer(f.t)); // fresh price, one second early
      expect(await f.t.vault.rebalanceStatus()).to.equal(NONE);
      await setAnswer(f.t, await feedAnswer(f.t)); // now due
      expect(await f.t.vault.rebalanceStatus()).to.equal(REBALANCE);

      const tx = await f.t.vault.connect(keeper).rebalance();
      expect(await f.t.vault.leverage()).to.be.closeTo(target, LEVERAGE_AT_TARGET);
      expect(await f.t.vault.lastRebalanceTime()).to.equal(await minedAt(tx));
      expect(await f.t.vault.rebalanceStatus()).to.equal(NONE);
    });

    it("a time-based rebalance moves recenteringSpeed of the way back", async () => {
      const f = await minted();
      const { deployer, keeper } = f.users;
      const speed = WAD / 2n;
      await governedCall(f.timelock, f.t.vault, "setParams", [
        await paramsWith(f.t.vault, { recenteringSpeed: speed }),
      ]);
      await moveToLeverage(f.t, Number(target) / 1e18 + 0.2);
      await networkHelpers.time.increase(config.params.rebalanceInterval);
      await setAnswer(f.t, await feedAnswer(f.t));
      const before = await f.t.vault.leverage();
      await f.t.vault.connect(keeper).rebalance();
      const halfway = before - ((before - target) * speed) / WAD;
      expect(await f.t.vault.leverage()).to.be.closeTo(halfway, LEVERAGE_AT_TARGET);
    });

    it("a rebalance larger than maxTradeSize goes in chunks, one per twapCooldown", async () => {
      const f = await minted();
      const { deployer, keeper } = f.users;
      const maxTradeSize = usdc(1_000);
      const cooldown = BigInt(config.params.twapCooldown);
      await governedCall(f.timelock, f.t.vault, "setParams", [await paramsWith(f.t.vault, { maxTradeSize })]);
      const p1 = await moveToLeverage(f.t, edges.above);
      expect(await f.t.vault.rebalanceStatus()).to.equal(REBALANCE);

      const kinds: bigint[] = [];
      for (let i = 0; i < 40; i++) {
        const tx = await f.t.vault.connect(keeper).rebalance();
        const args = await eventArgs(tx, f.t.vault.interface, "Rebalanced");
        kinds.push(args.kind);
        // every chunk trades at most maxTradeSize of notional (size rounded down)
        expect((abs(args.sizeDelta) * p1) / 10n ** 30n).to.be.lte(maxTradeSize);
        if (!(await f.t.vault.iterating())) break;
        // inside the cooldown nothing may trade
        expect(await f.t.vault.rebalanceStatus()).to.equal(NONE);
        await expect(f.t.vault.rebalance())
          .to.be.revertedWithCustomError(f.t.vault, "RebalanceNotNeeded")
          .withArgs(NONE);
        await networkHelpers.time.setNextBlockTimestamp((await minedAt(tx)) + cooldown);
        await setAnswer(f.t, await feedAnswer(f.t));
        expect(await f.t.vault.rebalanceStatus()).to.equal(ITERATE);
      }
      expect(kinds.length).to.be.gte(3);
      expect(kinds[0]).to.equal(REBALANCE);
      expect(kinds.slice(1).every((k) => k === ITERATE)).to.equal(true);
      expect(await f.t.vault.iterating()).to.equal(false);
      expect(await f.t.vault.leverage()).to.be.closeTo(target, LEVERAGE_AT_TARGET);
      expect(await f.t.vault.rebalanceStatus()).to.equal(NONE);
    });
  });
}
