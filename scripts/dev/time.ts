// `npm run dev:time -- 24h` (or 30m, 90s, 2d): moves the local node's clock forward, mines a block, then publishes
// every market's current price again as a new round so that no feed is left stale (the vaults stay usable and a
// time-based rebalance can go through). Local chains only (connect.ts).
import { MockPriceFeed__factory } from "../../types/ethers-contracts/index.js";
import { durationSeconds } from "./args.js";
import { DevProblem, runDev } from "./connect.js";

await runDev("dev:time", [], async (dev) => {
  if (dev.flags.args.length !== 1) throw new DevProblem("usage: npm run dev:time -- <24h | 30m | 90s | 2d>");
  const seconds = durationSeconds(dev.flags.args[0]);
  await dev.provider.send("evm_increaseTime", [seconds]);
  await dev.provider.send("evm_mine", []);
  const owner = await dev.signer(dev.flags.account ?? 0);
  const refreshed: string[] = [];
  for (const m of dev.record.markets) {
    const feed = MockPriceFeed__factory.connect(m.feed, owner);
    const [, answer] = await feed.latestRoundData();
    await (await feed.setPrice(answer)).wait();
    refreshed.push(m.symbol);
  }
  const head = (await dev.provider.getBlock("latest"))!;
  return `time +${seconds} s: block ${head.number} at ${new Date(head.timestamp * 1000).toISOString()}; feeds refreshed: ${refreshed.join(", ") || "none"}`;
});
