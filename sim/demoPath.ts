// How data/btc-daily-synthetic.csv was made; test/sim/demoPath.test.ts checks the shipped file still matches.
import { gbmPath } from "./gbm.js";
import { pathToCsv, type PricePath } from "./path.js";

export const DEMO_PATH_PARAMS = { sigma: 0.6, mu: 0, days: 365, stepsPerDay: 1, seed: 2024, startPrice: 60_000 };

export function demoPath(): PricePath {
  return gbmPath(DEMO_PATH_PARAMS);
}

export function demoPathCsv(): string {
  const p = DEMO_PATH_PARAMS;
  return pathToCsv(
    demoPath(),
    `Synthetic BTC-USD daily closes, NOT market data: geometric Brownian motion, sigma ${p.sigma}, drift ${p.mu},\n` +
      `seed ${p.seed}, ${p.days} days from ${p.startPrice} (sim/gbm.ts; regenerate with sim/demoPath.ts).`
  );
}
