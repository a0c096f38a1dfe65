// The price CSV reader: what it accepts, and that every rejection names the line at fault.
import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parsePriceCsv, PriceCsvError, readPriceCsv } from "../../sim/csv.js";

const run = promisify(execFile);

function rejection(text: string): PriceCsvError {
  try {
    parsePriceCsv(text, "p.csv");
  } catch (e) {
    expect(e).to.be.instanceOf(PriceCsvError);
    return e as PriceCsvError;
  }
  throw new Error("parsePriceCsv accepted a bad CSV");
}

describe("sim/csv: parsePriceCsv", () => {
  it("reads unix seconds and ISO dates, skipping comments, blank lines and extra columns", () => {
    const p = parsePriceCsv("# a comment\n\nprice,volume,timestamp\n100.5,1,1700000000\n101,2,2023-11-14T22:14:00Z\n");
    expect(p.times).to.deep.equal([1_700_000_000, 1_700_000_040]);
    expect(p.prices).to.deep.equal([100.5, 101]);
  });

  it("names the header line when the price column is missing", () => {
    const e = rejection("# c\ntimestamp,close\n1,100\n2,101\n");
    expect(e.line).to.equal(2);
    expect(e.message).to.equal('p.csv line 2: missing column "price" in header "timestamp,close"');
  });

  it("names the line of a non-positive price", () => {
    for (const bad of ["0", "-5", "abc"]) {
      const e = rejection(`timestamp,price\n1,100\n2,101\n3,${bad}\n`);
      expect(e.line).to.equal(4);
      expect(e.message).to.contain(`price must be a positive number, got "${bad}"`);
    }
  });

  it("names the line where timestamps stop increasing, and the line before", () => {
    const e = rejection("timestamp,price\n10,100\n30,101\n20,102\n");
    expect(e.line).to.equal(4);
    expect(e.message).to.contain("20 is not after 30 (line 3)");
    expect(rejection("timestamp,price\n10,100\n10,101\n").line).to.equal(3);
  });

  it("reads CoinGecko's files as they are: unix milliseconds, a quoted field with a comma, the intraday last row left out", async () => {
    const p = await readPriceCsv("data/eth-usd-2021-coingecko.csv");
    expect(p.times.length).to.equal(365);
    expect(p.times[0]).to.equal(Date.UTC(2021, 0, 1) / 1000);
    expect(p.times[364]).to.equal(Date.UTC(2021, 11, 31) / 1000);
    expect(p.prices[0]).to.equal(738.6169381520413);
    // 2021-12-31 13:45 UTC, half a step after the row before: not a daily point, so not a step of the path.
    expect(p.dropped?.line).to.equal(367);
    expect(p.dropped?.reason).to.equal("49508 s after the row before, less than the path's step of 86400 s");
  });

  it("reads the column it is told to", () => {
    const p = parsePriceCsv("time,open,close\n0,1,10\n60,2,20\n120,3,30\n", "p.csv", {
      timeColumn: "time",
      priceColumn: "close",
    });
    expect(p.prices).to.deep.equal([10, 20, 30]);
    expect(rejection("timestamp,price\n1,2\n").message).to.not.contain("close");
  });

  it("names the line after a gap, and the line before it", () => {
    const e = rejection("timestamp,price\n0,1\n86400,1\n172800,1\n345600,1\n432000,1\n");
    expect(e.line).to.equal(5);
    expect(e.message).to.equal("p.csv line 5: gap: 172800 s since line 4, the path's step is 86400 s (a missing row?)");
  });

  it("rejects a bad timestamp, a short row and a file with fewer than two prices", () => {
    expect(rejection("timestamp,price\nyesterday,100\n2,3\n").line).to.equal(2);
    expect(rejection("timestamp,price\n1,100\n2\n").message).to.contain("line 3: expected 2 columns, found 1");
    expect(rejection("timestamp,price\n1,100\n").message).to.contain("need at least 2 prices, found 1");
  });
});

describe("npm run simulate with a bad CSV", function () {
  this.timeout(120_000);
  const cases = {
    "missing column": ["timestamp,close\n1,100\n2,101\n", 'line 1: missing column "price"'],
    "non-positive price": ["timestamp,price\n1,100\n2,0\n", 'line 3: price must be a positive number, got "0"'],
    "unsorted timestamps": ["timestamp,price\n5,100\n9,101\n7,102\n", "line 4: timestamps must be strictly increasing"],
    "a gap": ["timestamp,price\n0,1\n10,1\n20,1\n50,1\n60,1\n", "line 5: gap: 30 s since line 4"],
  };
  for (const [name, [csv, message]] of Object.entries(cases)) {
    it(`exits non-zero naming the line: ${name}`, async () => {
      const dir = await mkdtemp(join(tmpdir(), "lever-sim-"));
      const file = join(dir, "bad.csv");
      await writeFile(file, csv);
      const err = await run(process.execPath, [
        "--import",
        "tsx",
        "scripts/simulate.ts",
        "--prices",
        file,
        "--no-progress",
      ]).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e
      );
      await rm(dir, { recursive: true, force: true });
      expect(err, "the command succeeded").to.not.equal(undefined);
      expect(err!.code).to.equal(1);
      expect(err!.stderr).to.contain(`${file} ${message}`);
    });
  }
});
