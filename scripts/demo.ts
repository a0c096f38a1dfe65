// npm run demo — the whole protocol on the in-process Hardhat chain, nothing else running. See docs/simulate.md.
// Runs under `hardhat run --no-compile`: it compiles the contracts itself (not the Solidity tests) after saying so.
// DEMO_DAYS=30 replays only the first 30 days, DEMO_SYNTHETIC=1 the synthetic BTC path (`hardhat run` passes no
// arguments to scripts). DEMO_OUT moves the chart (default out/demo).
import hre from "hardhat";
import { buildContracts } from "../sim/build.js";

const days = process.env.DEMO_DAYS ? Number(process.env.DEMO_DAYS) : undefined;
if (days !== undefined && !(Number.isInteger(days) && days > 0)) {
  console.error(`DEMO_DAYS must be a positive integer, got "${process.env.DEMO_DAYS}"`);
  process.exit(1);
}
await buildContracts(hre);
const { simConnection } = await import("../sim/connection.js");
const { runDemo } = await import("../sim/demo.js");
const { writeDemoChart } = await import("../sim/demoChart.js");
const { progressBar, noProgress } = await import("../sim/progress.js");
const progress = process.stdout.isTTY ? progressBar("replaying 2 runs") : noProgress;
const began = performance.now();
const demo = await runDemo(() => simConnection(hre), { days, synthetic: process.env.DEMO_SYNTHETIC === "1", progress });
const chart = await writeDemoChart(demo, process.env.DEMO_OUT ?? "out/demo");
console.log(
  `\n${demo.report}\nChart (the run at ${(demo.runs[demo.runs.length - 1].funding * 100).toFixed(1)} % funding): ${chart}`
);
console.log(`Whole demo after compiling: ${((performance.now() - began) / 1000).toFixed(1)} s.`);
