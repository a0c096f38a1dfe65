// The node goes away and comes back mid-run (anvil with --state: dumps on SIGTERM, loads on start, same port,
// same block number): the keeper logs the outage, reconnects and carries on, and sends no rebalance twice.
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  deployTo,
  KEEPER_ADDRESS,
  keeperArgs,
  mintInto,
  provider,
  rpc,
  startKeeper,
  startNode,
  type Deployed,
  type KeeperRun,
  type Node,
} from "../helpers/keeper.js";

const USDC = 10n ** 6n;

describe("keeper: RPC outage", function () {
  this.timeout(180_000);
  let node: Node | undefined;
  let d: Deployed | undefined;
  let keeper: KeeperRun | undefined;
  let dir: string;

  afterEach(async () => {
    await keeper?.stop();
    await d?.cleanup().catch(() => undefined);
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("logs the outage, reconnects after the node restarts, and rebalances each drift exactly once", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "keeper-anvil-"));
    const state = path.join(dir, "state.json");
    node = await startNode("anvil", undefined, ["--state", state]);
    const port = node.port;
    d = await deployTo(node.url);
    await mintInto(d, "BTC3L", 10_000n * USDC);
    await mintInto(d, "BTC3S", 10_000n * USDC);
    const btc = d.protocol.markets["BTC-USD"].feed;
    const vaults = {
      BTC3L: await d.protocol.tokens.BTC3L.vault.getAddress(),
      BTC3S: await d.protocol.tokens.BTC3S.vault.getAddress(),
    };

    keeper = startKeeper(keeperArgs(node.url, d.recordFile, ["--log-level", "debug"]));
    await keeper.waitFor((l) => l.event === "poll", 30_000, "first poll");
    await (await btc.setPrice(54_000n * 10n ** 8n)).wait();
    await keeper.waitFor((l) => l.event === "tx-mined" && l.symbol === "BTC3L", 30_000, "BTC3L mined");
    await keeper.waitFor((l) => l.event === "tx-mined" && l.symbol === "BTC3S", 30_000, "BTC3S mined");
    const headBefore = await d.connection.ethers.provider.getBlockNumber();

    await node.stop(); // anvil writes its state on SIGTERM
    node = undefined;
    await keeper.waitFor((l) => l.event === "rpc-unreachable", 30_000, "outage logged");
    await keeper.waitFor((l) => l.event === "poll-failed" && (l.attempt as number) >= 3, 30_000, "backing off");
    expect(keeper.proc.exitCode).to.equal(null); // still running

    node = await startNode("anvil", port, ["--state", state]);
    await keeper.waitFor((l) => l.event === "rpc-recovered", 60_000, "reconnect");
    const p = provider(node.url);
    expect(await p.getBlockNumber()).to.equal(headBefore);

    // a new drift after the restart: +10% puts the short at 4.71x, the long at 2.54x (inside its band)
    const { MockPriceFeed__factory } = await import("../../types/ethers-contracts/index.js");
    const owner = await p.getSigner(0);
    const feed = MockPriceFeed__factory.connect(await btc.getAddress(), owner);
    await (await feed.setPrice(59_400n * 10n ** 8n)).wait();
    await keeper.waitFor(
      (l) => l.event === "tx-mined" && l.symbol === "BTC3S" && (l.blockNumber as number) > headBefore,
      30_000,
      "BTC3S mined after restart"
    );
    const settled = await keeper.waitFor((l) => l.event === "poll" && (l.block as number) >= headBefore + 2, 30_000);
    expect(settled.actions).to.equal(0);

    const sent = keeper.lines.filter((l) => l.event === "tx-sent");
    // before the outage: the short (2.08x, 0.92 off target) then the long (3.86x, 0.86 off); after it: the short
    expect(sent.map((l) => [l.symbol, l.nonce])).to.deep.equal([
      ["BTC3S", 0],
      ["BTC3L", 1],
      ["BTC3S", 2],
    ]);
    expect(keeper.lines.filter((l) => l.event === "tx-failed" || l.event === "tx-dropped")).to.deep.equal([]);
    expect(await p.getTransactionCount(KEEPER_ADDRESS, "latest")).to.equal(3);
    const { LeverageVault__factory } = await import("../../types/ethers-contracts/index.js");
    for (const addr of Object.values(vaults)) {
      const v = LeverageVault__factory.connect(addr, p);
      expect(await v.rebalanceStatus()).to.equal(0n);
    }
    p.destroy();
  });

  it("re-sends a transaction the restarted node lost from its mempool, at the same nonce and hash, never a second one", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "keeper-anvil-"));
    const state = path.join(dir, "state.json");
    node = await startNode("anvil", undefined, ["--state", state]);
    const port = node.port;
    d = await deployTo(node.url);
    await mintInto(d, "BTC3L", 10_000n * USDC);
    const vault = await d.protocol.tokens.BTC3L.vault.getAddress();

    keeper = startKeeper(keeperArgs(node.url, d.recordFile, ["--log-level", "debug"]));
    await keeper.waitFor((l) => l.event === "poll", 30_000, "first poll");
    await rpc(node.url, "evm_setAutomine", [false]);
    await d.protocol.markets["BTC-USD"].feed.setPrice(54_000n * 10n ** 8n);
    await rpc(node.url, "evm_mine"); // the move is on chain; the keeper's rebalance will sit in the mempool
    const sent = await keeper.waitFor((l) => l.event === "tx-sent" && l.symbol === "BTC3L", 30_000, "rebalance sent");

    await node.stop(); // the dump holds the chain, not the mempool
    node = undefined;
    const dump = readFileSync(state, "utf8").toLowerCase();
    expect(dump).to.include((await d.protocol.factory.getAddress()).slice(2).toLowerCase()); // the chain is in it
    expect(dump).to.not.include((sent.hash as string).slice(2).toLowerCase()); // the pending rebalance is not
    await keeper.waitFor((l) => l.event === "rpc-unreachable", 30_000, "outage logged");
    node = await startNode("anvil", port, ["--state", state]); // automine again
    const p = provider(node.url);
    await keeper.waitFor((l) => l.event === "rpc-recovered", 60_000, "reconnect");
    const mined = await keeper.waitFor(
      (l) => l.event === "tx-mined" && l.symbol === "BTC3L",
      30_000,
      "rebalance mined"
    );
    await keeper.waitFor((l) => l.event === "poll" && (l.block as number) >= (mined.blockNumber as number), 30_000);

    expect(mined.hash).to.equal(sent.hash);
    expect(keeper.lines.filter((l) => l.event === "tx-sent")).to.have.length(1);
    expect(
      keeper.lines.filter((l) => ["tx-replaced", "tx-failed", "tx-dropped"].includes(l.event ?? ""))
    ).to.deep.equal([]);
    expect(await p.getTransactionCount(KEEPER_ADDRESS, "latest")).to.equal(1);
    const { LeverageVault__factory } = await import("../../types/ethers-contracts/index.js");
    expect(await LeverageVault__factory.connect(vault, p).rebalanceStatus()).to.equal(0n);
    p.destroy();
  });
});
