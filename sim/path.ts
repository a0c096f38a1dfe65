// A price path: what the simulator replays. Times in unix seconds, prices in quote units (USD).

export interface PricePath {
  /** Where the path came from, for messages and chart titles ("data/btc.csv", "GBM sigma=0.8 seed=1"). */
  source: string;
  times: number[];
  prices: number[];
  /** A last row the CSV reader left out (an intraday snapshot after the last regular step), see sim/csv.ts. */
  dropped?: { line: number; time: number; reason: string };
}

/** "2021-05-19" for a unix time. */
export const isoDay = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);

export const YEAR_SECONDS = 365 * 24 * 60 * 60;
export const DAY_SECONDS = 24 * 60 * 60;

/** Price as a Chainlink answer with 8 decimals (what MockPriceFeed.setPrice takes). */
export function toFeedAnswer(price: number): bigint {
  return BigInt(Math.round(price * 1e8));
}

/** The first `days` days of `path` (all of it when `days` is undefined). */
export function truncateDays(path: PricePath, days?: number): PricePath {
  if (days === undefined) return path;
  const end = path.times[0] + days * DAY_SECONDS;
  const n = path.times.findIndex((t) => t > end);
  if (n === -1) return path;
  return {
    source: `${path.source} (first ${days} days)`,
    times: path.times.slice(0, n),
    prices: path.prices.slice(0, n),
  };
}

/** CSV text `timestamp,price` for a path (the format `parsePriceCsv` reads). */
export function pathToCsv(path: PricePath, comment?: string): string {
  const lines = comment ? comment.split("\n").map((l) => `# ${l}`) : [];
  lines.push("timestamp,price");
  for (let i = 0; i < path.times.length; i++) lines.push(`${path.times[i]},${path.prices[i].toFixed(2)}`);
  return lines.join("\n") + "\n";
}
