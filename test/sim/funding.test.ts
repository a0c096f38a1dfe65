// The funding rate a replay charges: a constant, or a per-step series from a CSV, each rate holding until the next.
import { expect } from "chai";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fundingRates } from "../../sim/funding.js";

const path = { source: "p", times: [0, 3600, 7200, 10800], prices: [1, 1, 1, 1] };

async function withFile<T>(text: string, f: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "lever-funding-"));
  const file = join(dir, "funding.csv");
  await writeFile(file, text);
  try {
    return await f(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("sim/funding: fundingRates", () => {
  it("a constant rate applies to every step", async () => {
    expect(await fundingRates(0.219, path)).to.deep.equal([0.219, 0.219, 0.219, 0.219]);
  });

  it("a series holds each rate from its time until the next", async () => {
    const rates = await withFile("timestamp,rate\n0,0.1\n7200,-0.05\n", (f) => fundingRates(f, path));
    expect(rates).to.deep.equal([0.1, 0.1, -0.05, -0.05]);
  });

  it("names the line of a bad rate, and refuses a series that starts after the path", async () => {
    await withFile("timestamp,rate\n0,0.1\n3600,lots\n", async (f) => {
      await fundingRates(f, path).then(
        () => expect.fail("accepted"),
        (e: Error) =>
          expect(e.message).to.equal(`${f} line 3: rate must be an annual rate between -5 and 5, got "lots"`)
      );
    });
    await withFile("timestamp,rate\n60,0.1\n", async (f) => {
      await fundingRates(f, path).then(
        () => expect.fail("accepted"),
        (e: Error) => expect(e.message).to.contain("the first rate must be at or before the path's first time 0")
      );
    });
  });
});
