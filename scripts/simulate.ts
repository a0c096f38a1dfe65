// npm run simulate -- --prices <csv> | --gbm [options]   (see --help and docs/simulate.md)
// A plain tsx script, not `hardhat run` (which passes no arguments): it builds the contracts if needed and
// creates the in-process Hardhat chain itself.
import { Command } from "commander";
import { parseSimulateOptions, type SimulateOptions } from "../sim/options.js";

const program = new Command()
  .name("npm run simulate --")
  .description(
    "Replays a price path through the real Lever contracts on the in-process Hardhat chain (one token, " +
      "rebalanced whenever its status calls for one) and writes <out>/path.csv and <out>/chart.png (+ .svg)."
  )
  .option(
    "--prices <csv>",
    "price path: CSV with a timestamp column (unix seconds or ms, or ISO date) and a price column; CoinGecko's files as they are"
  )
  .option("--price-column <name>", "the CSV's price column", "price")
  .option("--time-column <name>", "the CSV's time column", "timestamp")
  .option(
    "--compare <csv>",
    "a real token's prices (same format), e.g. data/eth2x-fli-2021-coingecko.csv, compared in the report and chart"
  )
  .option("--gbm", "generate a geometric Brownian motion path instead of reading a CSV")
  .option("--sigma <vol>", "GBM: annualised volatility", "0.8")
  .option("--days <n>", "GBM: length in days", "365")
  .option("--steps-per-day <n>", "GBM: price updates per day", "24")
  .option("--seed <n>", "GBM: random seed (same seed, same path)", "1")
  .option("--start-price <price>", "GBM: first price", "60000")
  .option("--save-path <file>", "also write the path that was replayed as a timestamp,price CSV")
  .option("--leverage <x>", "target leverage (default 3; the token is the deployed token of that leverage)")
  .option("--short", "a short token (default: long)")
  .option(
    "--fli",
    "a token configured like Index Coop's FLI: 2x, band 1.7-2.3, 24 h, recentering 5 %, ripcord 2.7x, 1.95 %/yr"
  )
  .option("--band <min,max>", "rebalance band of leverage (default: the deployed token's, e.g. 2.5,3.5 for 3x)")
  .option("--interval <duration>", "time-based rebalance interval: 24h, 8h, 90m, 1d (default: the deployed 24h)")
  .option("--mint-fee <bps>", "mint (and redeem) fee, basis points (default: the deployed token's, 68 for 3x)")
  .option("--streaming-fee <rate>", "streaming management fee, annual rate (default: the deployed 0.02)")
  .option("--taker-fee <bps>", "the mock market's taker fee, basis points (default: the deployed market's 5)")
  .option(
    "--funding <rate|csv>",
    "perp funding, annual rate (0.2: longs pay 20 % a year) or a CSV timestamp,rate per step",
    "0"
  )
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
  const { loadCompare, loadPath } = await import("../sim/load.js");
  await loadPath(options); // a bad CSV fails here, before compiling or deploying anything
  await loadCompare(options);
  const { default: hre } = await import("hardhat");
  const { buildContracts } = await import("../sim/build.js");
  await buildContracts(hre); // before anything that imports the contracts' TypeChain types
  const { simConnection } = await import("../sim/connection.js");
  const { simulate } = await import("../sim/simulate.js");
  const { noProgress, progressBar } = await import("../sim/progress.js");
  const connection = await simConnection(hre);
  const progress = raw.progress && process.stdout.isTTY ? progressBar("replaying") : noProgress;
  const { report } = await simulate(connection, options, progress);
  console.log(`\n${report}`);
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
}
