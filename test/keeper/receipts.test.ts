// keeper/receipts.ts: what a mined transaction did, from its vault events.
import { expect } from "chai";
import { Log } from "ethers";
import { summarize } from "../../keeper/receipts.js";
import { LeverageVault__factory } from "../../types/ethers-contracts/index.js";

const iface = LeverageVault__factory.createInterface();
const VAULT = "0x" + "11".repeat(20);
const OTHER = "0x" + "22".repeat(20);
const ME = "0x" + "aa".repeat(20);
const YOU = "0x" + "bb".repeat(20);
const log = (address: string, name: string, args: unknown[]) => {
  const { data, topics } = iface.encodeEventLog(name, args);
  return new Log(
    {
      address,
      data,
      topics,
      blockNumber: 1,
      blockHash: "0x" + "00".repeat(32),
      transactionHash: "0x" + "00".repeat(32),
      index: 0,
      transactionIndex: 0,
      removed: false,
    },
    null as never
  );
};

describe("keeper/receipts", () => {
  it("counts a batch's settled and refunded requests, by reason, and the settle reward paid to the signer", () => {
    const s = summarize(
      [
        log(VAULT, "RequestSettled", [1n, 5n, 2n]),
        log(VAULT, "RequestRefunded", [2n, 0]),
        log(VAULT, "RequestSettled", [3n, 6n, 2n]),
        log(VAULT, "RequestRefunded", [4n, 1]),
        log(VAULT, "RequestRefunded", [5n, 0]),
        log(VAULT, "BatchSettled", [7n, 60_000n, 2n, 10n, 3n]),
        log(VAULT, "SettleRewardPaid", [ME, 200_000n]),
      ],
      VAULT,
      ME
    );
    expect(s).to.deep.equal({
      settled: 2,
      refunded: { ROUND_MISSED: 2, SLIPPAGE: 1 },
      batch: { roundId: 7n, price: 60_000n, requests: 2n },
      settleReward: 200_000n,
    });
  });

  it("takes the ripcord reward paid to the signer and the leverage after, and ignores other contracts and callers", () => {
    const s = summarize(
      [
        log(VAULT, "Rebalanced", [3, 6n, 4n, -1n, 5n, 1n]),
        log(VAULT, "RipcordRewardPaid", [ME, 100_000n]),
        log(VAULT, "RipcordRewardPaid", [YOU, 999n]),
        log(OTHER, "RipcordRewardPaid", [ME, 999n]),
        log(OTHER, "RequestSettled", [1n, 5n, 2n]),
      ],
      VAULT,
      ME
    );
    expect(s).to.deep.equal({ settled: 0, refunded: {}, leverageAfter: 4n, ripcordReward: 100_000n });
  });
});
