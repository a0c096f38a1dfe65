// The chart's trade markers: which of the keeper's trades a chart marks.
import { expect } from "chai";
import { BAND_EXIT } from "../../sim/chart.js";
import { markers } from "../../sim/chartData.js";
import type { VaultSeries } from "../../sim/replay.js";
import { Status } from "../../sdk/status.js";

const wad = (x: number) => BigInt(Math.round(x * 1e6)) * 10n ** 12n;
const band = { minLeverage: wad(2.5), maxLeverage: wad(3.5) };

// Five days: nothing, a scheduled rebalance inside the band, one above it, one below it, a ripcord.
const series: VaultSeries = {
  vault: "0x0",
  nav: [],
  leverage: [],
  equity: [],
  leverageSeen: [wad(3), wad(3.2), wad(3.6), wad(2.4), wad(5.1)],
  actions: [undefined, Status.REBALANCE, Status.REBALANCE, Status.REBALANCE, Status.RIPCORD],
};
const days = [0, 1, 2, 3, 4];
const values = [1, 1.1, 1.2, 1.3, 1.4];

describe("chart markers", () => {
  it("marks every trade by kind when given no band", () => {
    expect(markers(days, values, series).map((m) => [m.day, m.kind])).to.deep.equal([
      [1, "rebalance"],
      [2, "rebalance"],
      [3, "rebalance"],
      [4, "ripcord"],
    ]);
  });

  it("with a band, marks only ripcords and the rebalances made with leverage outside the band", () => {
    expect(markers(days, values, series, band).map((m) => [m.day, m.value, m.kind])).to.deep.equal([
      [2, 1.2, BAND_EXIT],
      [3, 1.3, BAND_EXIT],
      [4, 1.4, "ripcord"],
    ]);
  });

  it("counts leverage exactly at a band edge as inside", () => {
    const edge: VaultSeries = {
      ...series,
      leverageSeen: [wad(2.5), wad(3.5)],
      actions: [Status.REBALANCE, Status.REBALANCE],
    };
    expect(markers([0, 1], [1, 1], edge, band)).to.deep.equal([]);
  });
});
