// The demo's shipped price path is the synthetic path its header describes, and nothing else.
import { expect } from "chai";
import { readFile } from "node:fs/promises";
import { DEMO_PRICES } from "../../sim/demo.js";
import { demoPathCsv } from "../../sim/demoPath.js";
import { parsePriceCsv } from "../../sim/csv.js";

describe("data/btc-daily-synthetic.csv", () => {
  it("is exactly what sim/demoPath.ts generates: a year of daily prices from 60,000", async () => {
    const text = await readFile(DEMO_PRICES, "utf8");
    expect(text).to.equal(demoPathCsv());
    const p = parsePriceCsv(text);
    expect(p.times.length).to.equal(366);
    expect(p.times[365] - p.times[0]).to.equal(365 * 86400);
    expect(p.prices[0]).to.equal(60_000);
  });
});
