// npm run simulate -- --prices <csv> | --gbm [options]   (see --help and docs/simulate.md)
// A plain tsx script, not `hardhat run` (which passes no arguments): it builds the contracts if needed and
// creates the in-process Hardhat chain itself.
import { Command } from "commander";
import { parseSimulateOptions, type SimulateOptions } from "../sim/options.js";

const program = new Command()
  .name("npm run simulate --")
  .description(
    "Replays a price path through the real Lever contracts on the in-process Hardhat chain (one token, " +
      "rebalanced whenever its status calls for one) and writes <out>/path.csv and <out>/chart.png (+ .svg).",
  )
  .option("--prices <csv>", "price path: CSV with columns timestamp (unix seconds or ISO date) and price")
  .option("--gbm", "generate a geometric Brownian motion path instead of reading a CSV")
  .option("--sigma <vol>", "GBM: annualised volatility", "0.8")
  .option("--days <n>", "GBM: length in days", "365")
  .option("--steps-per-day <n>", "GBM: price updates per day", "24")
  .option("--seed <n>", "GBM: random seed (same seed, same path)", "1")
  .option("--start-price <price>", "GBM: first price", "60000")
  .option("--save-path <file>", "also write the path that was replayed as a timestamp,price CSV")
  .option("--leverage <x>", "target leverage", "3")
  .option("--short", "a short token (default: long)")
  .option("--band <min,max>", "rebalance band of leverage (default: target -/+ 10%)")
  .option("--interval <duration>", "time-based rebalance interval: 24h, 8h, 90m, 1d", "24h")
  .option("--mint-fee <bps>", "mint (and redeem) fee, basis points", "10")
  .option("--streaming-fee <rate>", "streaming management fee, annual rate", "0.02")
  .option("--taker-fee <bps>", "the mock market's taker fee, basis points", "5")
  .option("--amount <usdc>", "USDC the user mints with", "10000")
  .option("--out <dir>", "output directory", "out/simulate")
  .option("--no-progress", "no progress bar");

program.parse();
const raw = program.opts();
function checked(): SimulateOptions {
  try {
    return parseSimulateOptions(raw);
  } catch (e) {
    return program.error(`error: ${(e as Error).message}`); // exits with code 1
  }
}
const options = checked();

try {
  const { default: hre } = await import("hardhat");
  const { simConnection } = await import("../sim/connection.js");
  const { simulate, loadPath } = await import("../sim/simulate.js");
  const { noProgress, progressBar } = await import("../sim/progress.js");
  await loadPath(options); // a bad CSV fails here, before compiling or deploying anything
  await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
  const connection = await simConnection(hre);
  const progress = raw.progress && process.stdout.isTTY ? progressBar("replaying") : noProgress;
  const { report } = await simulate(connection, options, progress);
  console.log(`\n${report}`);
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
}
