// `npm run demo` on a short path (CI): the figures it prints are the contracts' own state at the end.
import { expect } from "chai";
import hre from "hardhat";
import { simConnection } from "../../sim/connection.js";
import { DEMO_TOKENS, runDemo } from "../../sim/demo.js";
import { Status } from "../../keeper/decide.js";

const DAYS = 30;

/** The printed table's row `label`, one cell per token. */
function row(report: string, label: string): string[] {
  const line = report.split("\n").find((l) => l.startsWith(`${label}  `));
  if (!line) throw new Error(`no row "${label}" in:\n${report}`);
  return line.slice(label.length).trim().split(/\s+/);
}

describe("npm run demo (first 30 days)", function () {
  this.timeout(180_000);

  it("prints NAV, leverage, rebalance counts and returns that match the chain at the end", async () => {
    const connection = await simConnection(hre);
    const { report, protocol } = await runDemo(connection, { days: DAYS });
    const tokens = protocol.tokens;
    expect(report.split("\n").find((l) => l.trim().startsWith("BTC3L"))!.trim().split(/\s+/)).to.deep.equal([...DEMO_TOKENS]);
    for (const [k, symbol] of DEMO_TOKENS.entries()) {
      const { vault, feed } = tokens[symbol];
      const nav = await vault.nav();
      const lev = await vault.leverage();
      expect(row(report, "end NAV (USDC)")[k], `${symbol} end NAV`).to.equal((Number(nav) / 1e6).toFixed(2));
      expect(row(report, "end leverage")[k], `${symbol} end leverage`).to.equal((Number(lev) / 1e18).toFixed(4));

      const events = await vault.queryFilter(vault.filters.Rebalanced());
      const byKind = (s: Status) => events.filter((e) => Number(e.args.kind) === s).length;
      expect(row(report, "rebalances: REBALANCE")[k]).to.equal(String(byKind(Status.REBALANCE)));
      expect(row(report, "rebalances: ITERATE")[k]).to.equal(String(byKind(Status.ITERATE)));
      expect(row(report, "rebalances: RIPCORD")[k]).to.equal(String(byKind(Status.RIPCORD)));
      // A daily path and a 24 h interval: the keeper trades once a day, every day.
      expect(events.length, `${symbol} rebalances`).to.equal(DAYS);

      // Returns from the NAV and the feed at the demo user's mint and now.
      const [minted] = await vault.queryFilter(vault.filters.Minted());
      const at = { blockTag: minted.blockNumber };
      const nav0 = await vault.nav(at);
      const p0 = await feed.latestAnswer(at);
      const p1 = await feed.latestAnswer();
      const L = (await vault.isLong()) ? 3 : -3;
      const tokenReturn = Number(nav) / Number(nav0) - 1;
      const underlying = Number(p1) / Number(p0) - 1;
      const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
      expect(row(report, "start NAV (USDC)")[k]).to.equal((Number(nav0) / 1e6).toFixed(2));
      expect(row(report, "token return")[k]).to.equal(pct(tokenReturn));
      expect(row(report, "underlying return")[k]).to.equal(pct(underlying));
      expect(row(report, "L x underlying return")[k]).to.equal(pct(L * underlying));
      expect(row(report, "decay (token - L x underlying)")[k]).to.equal(pct(tokenReturn - L * underlying));
      // Every rebalance left the vault at target, so it ends the day there.
      expect(lev).to.be.closeTo(3n * 10n ** 18n, 10n ** 12n);
    }
  });
});
