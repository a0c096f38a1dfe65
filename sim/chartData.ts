// From a replay's series and summaries to what sim/chart.ts draws: rebased values, markers, leverage, fee bars.
import { Status } from "../sdk/status.js";
import { BAND_EXIT, type ChartFee, type ChartMarker, type ChartSeries } from "./chart.js";
import { DAY_SECONDS, type PricePath } from "./path.js";
import type { VaultSeries } from "./replay.js";
import type { TokenSummary } from "./summary.js";

/** Days since the path's first point. */
export const daysOf = (path: PricePath) => path.times.map((t) => (t - path.times[0]) / DAY_SECONDS);

/** `values` divided by their value at `index` (1 there). */
export const rebase = (values: readonly number[], index: number) => values.map((v) => v / values[index]);

/** `other`'s prices on `path`'s timestamps; NaN where `other` has no point at that time. */
export function onTimes(path: PricePath, other: PricePath): number[] {
  const at = new Map(other.times.map((t, i) => [t, other.prices[i]]));
  return path.times.map((t) => at.get(t) ?? NaN);
}

/** The first index where every series has a value. */
export function firstCommon(series: readonly (readonly number[])[]): number {
  const n = series[0].length;
  for (let i = 0; i < n; i++) if (series.every((s) => Number.isFinite(s[i]))) return i;
  throw new Error("the series share no date");
}

/** Leading points that repeat the first price (a launch price quoted before trading started: FLI's first two rows) become NaN. */
export function dropStaleStart(values: readonly number[]): number[] {
  const first = values.findIndex(Number.isFinite);
  let k = first;
  while (k + 1 < values.length && values[k + 1] === values[first]) k++;
  return k === first ? [...values] : values.map((v, i) => (i >= first && i <= k ? NaN : v));
}

const KIND: Partial<Record<Status, string>> = {
  [Status.REBALANCE]: "rebalance",
  [Status.ITERATE]: "rebalance",
  [Status.RIPCORD]: "ripcord",
};
/** A token's band, WAD: with it, `markers` keeps only the rebalances that leverage leaving the band caused. */
export interface Band {
  minLeverage: bigint;
  maxLeverage: bigint;
}

/**
 * The keeper's trades on the token's (rebased) line. With a `band` (a token that rebalances every day on schedule,
 * whose daily marks would cover the line) only ripcords and the rebalances made because leverage was out of band.
 */
export function markers(
  days: readonly number[],
  values: readonly number[],
  s: VaultSeries,
  band?: Band
): ChartMarker[] {
  const out: ChartMarker[] = [];
  s.actions.forEach((a, i) => {
    if (a === undefined) return;
    const seen = s.leverageSeen[i];
    const outOfBand = band !== undefined && (seen < band.minLeverage || seen > band.maxLeverage);
    if (band !== undefined && a !== Status.RIPCORD && !outOfBand) return;
    const kind = a === Status.RIPCORD ? "ripcord" : outOfBand ? BAND_EXIT : (KIND[a] ?? String(a));
    out.push({ day: days[i], value: values[i], kind });
  });
  return out;
}

export const leverageLine = (symbol: string, s: VaultSeries): ChartSeries => ({
  name: symbol,
  values: s.leverageSeen.map((l) => Number(l) / 1e18),
});

const FEE_LABELS: Record<keyof TokenSummary["fees"], string> = {
  mint: "mint fee (vault)",
  mintTrading: "market trading fee on the mint",
  rebalanceTrading: "market trading fees on rebalances",
  streamingPaid: "streaming fee paid",
  ripcordRewards: "ripcord rewards",
};

export function feeBars(summaries: readonly TokenSummary[]): ChartFee[] {
  return summaries.flatMap((s) =>
    (Object.keys(FEE_LABELS) as (keyof TokenSummary["fees"])[]).map((k) => ({
      token: s.symbol,
      kind: FEE_LABELS[k],
      usd: Number(s.fees[k]) / 1e6,
    }))
  );
}
