// The block a feed round was published in, for the round-to-settlement histogram. A MockPriceFeed logs
// PriceSet(roundId indexed); a Chainlink aggregator logs AnswerUpdated(current indexed, roundId indexed). A
// Chainlink proxy logs neither (its aggregator does): the keeper then falls back to the first block it saw
// the request settleable.
import { id, toBeHex, zeroPadValue, type Provider } from "ethers";

const PRICE_SET = id("PriceSet(uint80,int256,uint256)");
const ANSWER_UPDATED = id("AnswerUpdated(int256,uint256,uint256)");
/** How far back the search goes. */
const LOOKBACK_BLOCKS = 10_000;

export async function roundPublishedAt(
  provider: Provider,
  feed: string,
  roundId: bigint,
  toBlock: number
): Promise<number | null> {
  const topic = zeroPadValue(toBeHex(roundId), 32);
  const fromBlock = Math.max(0, toBlock - LOOKBACK_BLOCKS);
  const [mock, chainlink] = await Promise.all([
    provider.getLogs({ address: feed, topics: [PRICE_SET, topic], fromBlock, toBlock }),
    provider.getLogs({ address: feed, topics: [ANSWER_UPDATED, null, topic], fromBlock, toBlock }),
  ]);
  const blocks = [...mock, ...chainlink].map((l) => l.blockNumber);
  return blocks.length ? Math.min(...blocks) : null;
}
