// Reference curves and tracking figures for a replayed path. Values are relative: 1 at the first point.
// L is signed: 3 for a 3x long, -3 for a 3x short.
import { DAY_SECONDS, isoDay, YEAR_SECONDS, type PricePath } from "./path.js";

/**
 * Realised volatility, annualised, from the quadratic variation of log returns: sqrt(sum(ln(S_i/S_i-1)^2) / T).
 * Uncentred on purpose: that sum is what volatility decay depends on.
 */
export function realisedSigma(path: PricePath): number {
  let qv = 0;
  for (let i = 1; i < path.prices.length; i++) qv += Math.log(path.prices[i] / path.prices[i - 1]) ** 2;
  const years = (path.times[path.times.length - 1] - path.times[0]) / YEAR_SECONDS;
  return Math.sqrt(qv / years);
}

/** A continuously rebalanced L-times product: (S_t/S_0)^L exp(-(L^2 - L) sigma^2 t / 2), t in years. */
export function continuousCurve(path: PricePath, L: number, sigma: number): number[] {
  const s0 = path.prices[0];
  const t0 = path.times[0];
  return path.prices.map(
    (s, i) => (s / s0) ** L * Math.exp((-(L * L - L) * sigma * sigma * ((path.times[i] - t0) / YEAR_SECONDS)) / 2)
  );
}

/** Indices where a new day starts: the first point at least one day after the previous day start. */
export function dayStarts(path: PricePath): number[] {
  const starts = [0];
  for (let i = 1; i < path.times.length; i++) {
    if (path.times[i] - path.times[starts[starts.length - 1]] >= DAY_SECONDS) starts.push(i);
  }
  return starts;
}

/** Each day's change of `values` (one per point of `path`), day start to day start, dated by the UTC day it
 * happened in (the earlier snapshot's date). */
export function dailyReturns(path: PricePath, values: readonly number[]): { day: string; return: number }[] {
  const starts = dayStarts(path);
  return starts.slice(1).map((start, k) => ({
    day: isoDay(path.times[starts[k]]),
    return: values[start] / values[starts[k]] - 1,
  }));
}

/** Days on which the underlying fell by at least `threshold` (e.g. 0.1). */
export function crashDays(path: PricePath, threshold = 0.1): { day: string; return: number }[] {
  return dailyReturns(path, path.prices).filter((d) => d.return <= -threshold);
}

/** The ideal daily-reset product: L x each day's return, compounded; within a day L x the move since the day began. */
export function idealDailyMultiple(path: PricePath, L: number): number[] {
  const starts = new Set(dayStarts(path));
  const out: number[] = [];
  let dayIdx = 0;
  let dayValue = 1;
  for (let i = 0; i < path.prices.length; i++) {
    const v = dayValue * (1 + L * (path.prices[i] / path.prices[dayIdx] - 1));
    out.push(Math.max(v, 0));
    if (i > 0 && starts.has(i)) {
      dayIdx = i;
      dayValue = Math.max(v, 0);
    }
  }
  return out;
}

export interface Tracking {
  /** Annualised standard deviation of (token daily return - L x underlying daily return). */
  trackingError: number;
  /** Mean of that daily difference (negative: the token lags the ideal, e.g. fees). */
  meanDailyDiff: number;
  days: number;
}

/** Daily tracking of `values` (the token's value, any scale) against L x the underlying's daily return. */
export function tracking(path: PricePath, values: readonly number[], L: number): Tracking {
  const starts = dayStarts(path);
  const diffs: number[] = [];
  for (let k = 1; k < starts.length; k++) {
    const [a, b] = [starts[k - 1], starts[k]];
    diffs.push(values[b] / values[a] - 1 - L * (path.prices[b] / path.prices[a] - 1));
  }
  if (diffs.length < 2) return { trackingError: 0, meanDailyDiff: diffs[0] ?? 0, days: diffs.length };
  const mean = diffs.reduce((s, d) => s + d, 0) / diffs.length;
  const variance = diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / (diffs.length - 1);
  const periodYears = (path.times[starts[starts.length - 1]] - path.times[0]) / diffs.length / YEAR_SECONDS;
  return { trackingError: Math.sqrt(variance / periodYears), meanDailyDiff: mean, days: diffs.length };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
