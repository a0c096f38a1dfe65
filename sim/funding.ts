// The perp funding rate a replay charges: a constant annual rate, or a per-step series read from a CSV
// (columns `timestamp` and `rate`, an annual rate such as 0.2; each rate holds from its time until the next).
// Positive: longs pay shorts (MockPerpMarket.setFundingRate). Rates are WAD per year on chain.
import { parseUnits } from "ethers";
import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { PriceCsvError } from "./csv.js";
import type { PricePath } from "./path.js";

/** The realistic 2021 rate the demo runs next to 0 %: 0.02 % per 8 h, 21.9 % a year, longs paying (docs/simulate.md). */
export const FUNDING_2021 = 0.0002 * 3 * 365;

/** One annual rate per step of `path`: a constant, or the series of `file` (the last rate at or before each step). */
export async function fundingRates(spec: number | string, path: PricePath): Promise<number[]> {
  if (typeof spec === "number") return path.times.map(() => spec);
  const text = await readFile(spec, "utf8").catch((e: Error) => {
    throw new PriceCsvError(spec, undefined, `cannot read: ${e.message}`);
  });
  const rows: { record: Record<string, string>; info: { lines: number } }[] = parse(text, {
    columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
    comment: "#",
    skip_empty_lines: true,
    trim: true,
    info: true,
  });
  const series = rows.map(({ record, info }) => {
    const t = Number(record.timestamp);
    const rate = Number(record.rate);
    if (!Number.isFinite(t) || record.timestamp === undefined)
      throw new PriceCsvError(spec, info.lines, `timestamp "${record.timestamp}" is not unix seconds`);
    if (!Number.isFinite(rate) || Math.abs(rate) > 5 || record.rate === undefined || record.rate === "") {
      throw new PriceCsvError(spec, info.lines, `rate must be an annual rate between -5 and 5, got "${record.rate}"`);
    }
    return { t: t > 1e11 ? t / 1000 : t, rate };
  });
  if (!series.length || series[0].t > path.times[0]) {
    throw new PriceCsvError(
      spec,
      undefined,
      `the first rate must be at or before the path's first time ${path.times[0]}`
    );
  }
  let k = 0;
  return path.times.map((t) => {
    while (k + 1 < series.length && series[k + 1].t <= t) k++;
    return series[k].rate;
  });
}

export const toFundingWad = (rate: number) => parseUnits(rate.toFixed(12), 18);
