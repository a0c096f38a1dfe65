// `npm run dev:price -- BTC-USD -10%` (or `+5%`, or an absolute price `54000`): the deployer, owner of the
// market's MockPriceFeed, publishes a new round at that price. Local chains only (connect.ts).
import { formatUnits } from "ethers";
import { MockPriceFeed__factory } from "../../types/ethers-contracts/index.js";
import { newAnswer } from "./args.js";
import { DevProblem, marketOf, runDev } from "./connect.js";

await runDev("dev:price", [], async (dev) => {
  if (dev.flags.args.length !== 2)
    throw new DevProblem("usage: npm run dev:price -- <market> <-10% | +5% | price> [--account <n>]");
  const [symbol, change] = dev.flags.args;
  const m = marketOf(dev, symbol);
  const feed = MockPriceFeed__factory.connect(m.feed, await dev.signer(dev.flags.account ?? 0));
  const decimals = Number(await feed.decimals());
  const [, before] = await feed.latestRoundData();
  const after = newAnswer(before, change, decimals);
  const rc = await (await feed.setPrice(after)).wait();
  const [round] = await feed.latestRoundData();
  const show = (x: bigint) => formatUnits(x, decimals);
  return `${symbol} ${show(before)} -> ${show(after)} (round ${round}, block ${rc!.blockNumber})`;
});
