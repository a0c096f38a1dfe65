// A stuck rebalance is replaced at the same nonce with higher fees and mined (hardhat node, automine off,
// interval mining). The stuck state is made deterministic: the keeper prices its first send from the head's
// base fee, and the test sets the next block's base fee far above that before any block is mined.
import { expect } from "chai";
import { parseUnits } from "ethers";
import {
  deployTo,
  KEEPER_ADDRESS,
  keeperArgs,
  mintInto,
  rpc,
  startKeeper,
  startNode,
  type Deployed,
  type KeeperRun,
  type Node,
} from "../helpers/keeper.js";

const USDC = 10n ** 6n;
const GWEI = 10n ** 9n;

describe("keeper: stuck transaction replacement", function () {
  this.timeout(180_000);
  let node: Node | undefined;
  let d: Deployed | undefined;
  let keeper: KeeperRun | undefined;

  afterEach(async () => {
    await keeper?.stop();
    await d?.cleanup();
    await node?.stop();
  });

  it("replaces a rebalance that a base-fee spike left unmined, and the replacement is mined", async () => {
    node = await startNode("hardhat");
    d = await deployTo(node.url);
    await mintInto(d, "BTC3L", 10_000n * USDC);
    const vault = d.protocol.tokens.BTC3L.vault;
    const [deployer] = await d.connection.ethers.getSigners();

    // low fees: first send offers base fee + 0.001 gwei; cap 1000 gwei; replace after 2 blocks
    keeper = startKeeper(
      keeperArgs(node.url, d.recordFile, [
        "--log-level",
        "debug",
        "--priority-fee",
        "0.001",
        "--base-fee-multiplier",
        "100",
        "--max-fee-per-gas",
        "1000",
        "--replace-after-blocks",
        "2",
      ])
    );
    await keeper.waitFor((l) => l.event === "poll", 30_000, "first poll");

    await rpc(node.url, "evm_setAutomine", [false]);
    const feed = d.protocol.markets["BTC-USD"].feed.connect(deployer);
    await feed.setPrice(54_000n * 10n ** 8n, { maxFeePerGas: 10n * GWEI, maxPriorityFeePerGas: GWEI });
    await rpc(node.url, "evm_mine"); // the price move, at the ordinary base fee
    const moved = await d.connection.ethers.provider.getBlockNumber();
    const spike = 100n * GWEI;
    await rpc(node.url, "hardhat_setNextBlockBaseFeePerGas", ["0x" + spike.toString(16)]);

    const sent = await keeper.waitFor((l) => l.event === "tx-sent" && l.symbol === "BTC3L", 30_000, "first send");
    expect(BigInt(sent.maxFeePerGas as string)).to.be.lessThan(spike); // it cannot enter a block at the spiked base fee
    await rpc(node.url, "evm_setIntervalMining", [500]);

    const replaced = await keeper.waitFor((l) => l.event === "tx-replaced", 60_000, "replacement");
    const mined = await keeper.waitFor((l) => l.event === "tx-mined" && l.symbol === "BTC3L", 60_000, "mined");

    expect(replaced.oldHash).to.equal(sent.hash);
    expect(replaced.nonce).to.equal(sent.nonce);
    expect(BigInt(replaced.maxFeePerGas as string) * 10_000n).to.be.at.least(
      BigInt(sent.maxFeePerGas as string) * 11_250n
    );
    expect(BigInt(replaced.maxFeePerGas as string)).to.be.at.most(parseUnits("1000", "gwei"));
    const hashes = keeper.lines.filter((l) => l.event === "tx-replaced").map((l) => l.hash);
    expect(hashes).to.include(mined.hash);
    expect(mined.hash).to.not.equal(sent.hash);
    expect(await d.connection.ethers.provider.getTransactionReceipt(sent.hash as string)).to.equal(null);
    expect(mined.blockNumber as number).to.be.greaterThan(moved + 1);

    // one rebalance, one nonce used, vault back in its band
    expect(keeper.lines.filter((l) => l.event === "tx-sent")).to.have.length(1);
    expect(await d.connection.ethers.provider.getTransactionCount(KEEPER_ADDRESS, "latest")).to.equal(1);
    const p = await vault.params();
    const lev = await vault.leverage();
    expect(lev >= p.minLeverage && lev <= p.maxLeverage).to.equal(true);
    expect(await vault.rebalanceStatus()).to.equal(0n);
  });
});
