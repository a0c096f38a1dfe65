// `npm run demo` on the first 30 days of 2021 (CI): both runs are printed, and every figure of each table is the
// contracts' own state at the end of its run.
import { expect } from "chai";
import hre from "hardhat";
import { Status } from "../../sdk/status.js";
import { simConnection } from "../../sim/connection.js";
import { DEMO_TOKENS, runDemo } from "../../sim/demo.js";
import { FUNDING_2021 } from "../../sim/funding.js";

const DAYS = 30;

/** Row `label` of the table under the header line starting with `header`, one cell per token. */
function row(report: string, header: string, label: string): string[] {
  const from = report.indexOf(header);
  if (from === -1) throw new Error(`no "${header}" in:\n${report}`);
  const line = report
    .slice(from)
    .split("\n")
    .find((l) => l.startsWith(`${label}  `));
  if (!line) throw new Error(`no row "${label}" after "${header}" in:\n${report}`);
  return line
    .slice(label.length)
    .trim()
    .split(/\s{2,}/);
}

describe("npm run demo (first 30 days of 2021)", function () {
  this.timeout(300_000);

  it("prints a table at 0 % and one at the 2021 funding rate, each equal to the chain at the end of its run", async () => {
    const { report, runs } = await runDemo(() => simConnection(hre), { days: DAYS });
    expect(runs.map((r) => r.funding)).to.deep.equal([0, FUNDING_2021]);
    const headers = ["At 0 % funding", "At 21.90% a year funding"];
    const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
    const usd = (x: bigint) => (Number(x) / 1e6).toFixed(2);
    for (const [r, run] of runs.entries()) {
      const h = headers[r];
      expect(row(report, h, ""), h).to.deep.equal([...DEMO_TOKENS]); // the line of symbols has no label
      for (const [k, t] of run.tokens.entries()) {
        expect(t.symbol).to.equal(DEMO_TOKENS[k]);
        const { vault, feed } = t;
        const cell = (label: string) => row(report, h, label)[k];
        expect(cell("end NAV (USDC)"), `${t.symbol} end NAV`).to.equal(usd(await vault.nav()));
        expect(cell("end leverage"), `${t.symbol} end leverage`).to.equal(
          (Number(await vault.leverage()) / 1e18).toFixed(4)
        );

        const events = await vault.queryFilter(vault.filters.Rebalanced());
        const byKind = (s: Status) => events.filter((e) => Number(e.args.kind) === s).length;
        expect(cell("rebalances (in band or on schedule)")).to.equal(String(byKind(Status.REBALANCE)));
        expect(cell("rebalances: further chunks (ITERATE)")).to.equal(String(byKind(Status.ITERATE)));
        expect(cell("ripcords")).to.equal(String(byKind(Status.RIPCORD)));
        // A daily path and a 24 h interval: the keeper trades once a day, every day.
        expect(events.length, `${t.symbol} trades`).to.equal(DAYS);

        // The mint fee is the vault's 68 or 46 bps of 5,000 USDC; the market's taker fee on the mint is apart.
        const [minted] = await vault.queryFilter(vault.filters.Minted());
        expect(cell("mint fee, vault (USDC)")).to.equal(usd(minted.args.mintFee));
        expect(cell("market trading fee on the mint (USDC)")).to.equal(usd(minted.args.tradeFee));
        const params = await vault.params();
        expect(minted.args.mintFee).to.equal((5000n * 10n ** 6n * params.mintFeeBps) / 10_000n);
        expect(cell("market trading fees on rebalances (USDC)")).to.equal(
          usd(events.reduce((s, e) => s + e.args.tradeFee, 0n))
        );

        const at = { blockTag: minted.blockNumber };
        const nav0 = await vault.nav(at);
        const tokenReturn = Number(await vault.nav()) / Number(nav0) - 1;
        expect(cell("start NAV (USDC)")).to.equal(usd(nav0));
        expect(cell("token return")).to.equal(pct(tokenReturn));
        expect(cell("underlying return")).to.equal(
          pct(Number(await feed.latestAnswer()) / Number(await feed.latestAnswer(at)) - 1)
        );
      }
    }
    // Funding is charged: longs end lower with it, shorts higher.
    for (const [k, t] of runs[0].tokens.entries()) {
      const [free, paid] = runs.map((r) => r.summaries[k].endNav);
      if (t.symbol.endsWith("L")) expect(paid, t.symbol).to.be.lessThan(free);
      else expect(paid, t.symbol).to.be.greaterThan(free);
    }
    expect(report).to.contain("ETH-USD 738.62 -> ");
    expect(report).to.contain("days it fell 10% or more: 2021-01-11 -13.79%, 2021-01-21 -18.97%");
  });
});
