// Benchmark: steps per second through the real contracts on the in-process chain, a year of hourly prices
// (8,760 steps), for one token (SIM3L) and for four tokens on two markets (BTC3L, BTC3S, ETH2L, ETH2S).
// Run: npm run bench:sim
import os from "node:os";
import hre from "hardhat";
import { parseUnits } from "ethers";
import { defaultConfig } from "../../deploy/config/defaults.js";
import { deployProtocol } from "../../deploy/protocol.js";
import { SIM_MARKET, simConfig, simSymbol, type SimTokenSpec } from "../../sim/config.js";
import { simConnection } from "../../sim/connection.js";
import { gbmPath } from "../../sim/gbm.js";
import { openPositions, replayPaths } from "../../sim/run.js";

const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const hourly = (seed: number, startPrice: number) =>
  gbmPath({ sigma: 0.8, days: DAYS, stepsPerDay: 24, seed, startPrice });

interface Timed {
  steps: number;
  ms: number;
  cpuMs: number;
  txs: number;
}

/** Wall time and this process's CPU time (all threads, the chain's included) of the replay alone. */
async function timed<T extends { elapsedMs: number; transactions: number }>(
  steps: number,
  f: () => Promise<T>
): Promise<Timed> {
  const cpu = process.cpuUsage();
  const r = await f();
  const c = process.cpuUsage(cpu);
  return { steps: steps - 1, ms: r.elapsedMs, cpuMs: (c.user + c.system) / 1000, txs: r.transactions };
}

async function bench(label: string, run: () => Promise<Timed>) {
  const { steps, ms, cpuMs, txs } = await run();
  console.log(
    `${label.padEnd(34)} ${String(steps).padStart(6)} steps  ${(ms / 1000).toFixed(2).padStart(6)} s  ` +
      `${(steps / (ms / 1000)).toFixed(0).padStart(5)} steps/s  (${(cpuMs / steps).toFixed(2)} ms CPU per step)  ${txs} txs`
  );
}

const [load1] = os.loadavg();
console.log(
  `bench:sim: ${DAYS} days of hourly GBM prices (sigma 80%) through the real contracts, in-process Hardhat chain`
);
console.log(
  `machine: ${os.cpus().length} CPUs, load average ${load1.toFixed(1)} at start (other processes slow the wall-clock figures)`
);

await bench("one token (SIM3L, band 2.7-3.3)", async () => {
  const spec: SimTokenSpec = {
    leverage: 3,
    short: false,
    intervalSeconds: 86400,
    mintFeeBps: 10,
    streamingFee: 0.02,
    takerFeeBps: 5,
  };
  const path = hourly(1, 60_000);
  const connection = await simConnection(hre);
  const protocol = await deployProtocol(connection, simConfig(spec, path.prices[0]));
  const tokens = [protocol.tokens[simSymbol(spec)]];
  const paths = { [SIM_MARKET]: path };
  await openPositions({ connection, protocol, tokens, paths, amountEach: parseUnits("10000", 6) });
  return timed(path.times.length, () => replayPaths({ connection, protocol, tokens, paths }));
});

await bench("four tokens (BTC3L/3S, ETH2L/2S)", async () => {
  const connection = await simConnection(hre);
  const protocol = await deployProtocol(connection, defaultConfig);
  const paths = { "BTC-USD": hourly(1, 60_000), "ETH-USD": hourly(2, 3_000) };
  const tokens = Object.values(protocol.tokens);
  await openPositions({ connection, protocol, tokens, paths, amountEach: parseUnits("2500", 6) });
  return timed(paths["BTC-USD"].times.length, () => replayPaths({ connection, protocol, tokens, paths }));
});
