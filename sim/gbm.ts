// Geometric Brownian motion price paths from a seeded generator: the same seed gives the same path everywhere.
import { DAY_SECONDS, type PricePath } from "./path.js";

export interface GbmOptions {
  /** Annualised volatility, e.g. 0.8 for 80%. */
  sigma: number;
  days: number;
  stepsPerDay: number;
  seed: number;
  /** Annualised drift of the price (expected return), 0 by default. */
  mu?: number;
  startPrice?: number;
  /** Unix seconds of the first point; 2025-01-01T00:00:00Z by default so paths are reproducible. */
  startTime?: number;
}

export const DEFAULT_START_TIME = 1_735_689_600;

/** mulberry32: a small, fast, seedable 32-bit generator. Uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box-Muller) from a uniform generator. */
export function normals(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return z;
    }
    const u = 1 - uniform(); // (0, 1]: log(u) is finite
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** S(t+dt) = S(t) exp((mu - sigma^2/2) dt + sigma sqrt(dt) Z), dt = one step in years (365-day year). */
export function gbmPath(o: GbmOptions): PricePath {
  if (!(o.sigma >= 0)) throw new Error(`sigma must be >= 0, got ${o.sigma}`);
  if (!Number.isInteger(o.days) || o.days <= 0) throw new Error(`days must be a positive integer, got ${o.days}`);
  if (!Number.isInteger(o.stepsPerDay) || o.stepsPerDay <= 0 || DAY_SECONDS % o.stepsPerDay !== 0) {
    throw new Error(`steps per day must be a positive divisor of 86400, got ${o.stepsPerDay}`);
  }
  const mu = o.mu ?? 0;
  const stepSeconds = DAY_SECONDS / o.stepsPerDay;
  const dt = 1 / (365 * o.stepsPerDay);
  const drift = (mu - (o.sigma * o.sigma) / 2) * dt;
  const vol = o.sigma * Math.sqrt(dt);
  const z = normals(mulberry32(o.seed));
  const n = o.days * o.stepsPerDay;
  const times = [o.startTime ?? DEFAULT_START_TIME];
  const prices = [o.startPrice ?? 60_000];
  for (let i = 1; i <= n; i++) {
    times.push(times[i - 1] + stepSeconds);
    prices.push(prices[i - 1] * Math.exp(drift + vol * z()));
  }
  return {
    source: `GBM sigma=${o.sigma} mu=${mu} seed=${o.seed}, ${o.days} days x ${o.stepsPerDay} steps/day`,
    times,
    prices,
  };
}
