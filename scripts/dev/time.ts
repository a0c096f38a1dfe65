// `npm run dev:time -- 24h` (or 30m, 90s, 2d): moves the local node's clock forward and, in the same block,
// publishes every market's current price again as a new round, so that no feed is ever seen stale (the vaults
// stay usable and a time-based rebalance can go through). Local chains only (connect.ts).
import { MockPriceFeed__factory } from "../../types/ethers-contracts/index.js";
import { durationSeconds } from "./args.js";
import { DevProblem, runDev } from "./connect.js";

await runDev("dev:time", [], async (dev) => {
  if (dev.flags.args.length !== 1) throw new DevProblem("usage: npm run dev:time -- <24h | 30m | 90s | 2d>");
  const seconds = durationSeconds(dev.flags.args[0]);
  const owner = await dev.signer(dev.flags.account ?? 0);
  const feeds = dev.record.markets.map((m) => ({
    symbol: m.symbol,
    feed: MockPriceFeed__factory.connect(m.feed, owner),
  }));
  const answers = await Promise.all(feeds.map(async (f) => (await f.feed.latestRoundData())[1]));
  // one block: the jump and the refreshed rounds together
  await dev.provider.send("evm_setAutomine", [false]);
  try {
    await dev.provider.send("evm_increaseTime", [seconds]);
    const txs = [];
    for (let i = 0; i < feeds.length; i++) txs.push(await feeds[i].feed.setPrice(answers[i]));
    await dev.provider.send("evm_mine", []);
    for (const tx of txs) await tx.wait();
  } finally {
    await dev.provider.send("evm_setAutomine", [true]);
  }
  const head = (await dev.provider.getBlock("latest"))!;
  const refreshed = feeds.map((f) => f.symbol).join(", ") || "none";
  return `time +${seconds} s: block ${head.number} at ${new Date(head.timestamp * 1000).toISOString()}; feeds refreshed in it: ${refreshed}`;
});
