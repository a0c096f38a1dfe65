// The price path `npm run simulate` replays: a CSV (sim/csv.ts) or a GBM path (sim/gbm.ts). No contract types here,
// so that a bad CSV fails before anything is compiled.
import { readPriceCsv } from "./csv.js";
import { gbmPath } from "./gbm.js";
import type { SimulateOptions } from "./options.js";
import type { PricePath } from "./path.js";

export async function loadPath(o: SimulateOptions): Promise<PricePath> {
  if (o.prices) return readPriceCsv(o.prices, { priceColumn: o.priceColumn, timeColumn: o.timeColumn });
  return gbmPath({ sigma: o.sigma, days: o.days, stepsPerDay: o.stepsPerDay, seed: o.seed, startPrice: o.startPrice });
}

/** The `--compare` token's prices (a real leveraged token, e.g. ETH2x-FLI), read like `--prices`. */
export async function loadCompare(o: SimulateOptions): Promise<PricePath | undefined> {
  return o.compare === undefined
    ? undefined
    : readPriceCsv(o.compare, { priceColumn: o.priceColumn, timeColumn: o.timeColumn });
}
