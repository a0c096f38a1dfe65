// npm run demo — the whole protocol on the in-process Hardhat chain, nothing else running. See docs/simulate.md.
// DEMO_DAYS=30 replays only the first 30 days (`hardhat run` passes no arguments to scripts).
import hre from "hardhat";
import { simConnection } from "../sim/connection.js";
import { runDemo } from "../sim/demo.js";
import { progressBar } from "../sim/progress.js";

const days = process.env.DEMO_DAYS ? Number(process.env.DEMO_DAYS) : undefined;
if (days !== undefined && !(Number.isInteger(days) && days > 0)) {
  console.error(`DEMO_DAYS must be a positive integer, got "${process.env.DEMO_DAYS}"`);
  process.exit(1);
}
const connection = await simConnection(hre);
const { report } = await runDemo(connection, { days, progress: progressBar("replaying") });
console.log(`\n${report}`);
