// The keeper settles next-price requests (issue #12) on a real node (anvil, automine): a request, then the round it
// settles at, and the keeper's settlement is mined at most one block after that round; a keeper that was down for
// the round leaves nothing stuck, because its next settle refunds the request (ROUND_MISSED) in full.
import { expect } from "chai";
import {
  deployTo,
  freePort,
  KEEPER_ADDRESS,
  keeperArgs,
  mintInto,
  rpc,
  runKeeper,
  startKeeper,
  startNode,
  type Deployed,
  type KeeperRun,
  type Node,
} from "../helpers/keeper.js";

const USDC = 10n ** 6n;
const ROUND_MISSED = 0n; // ILeverageVault.RefundReason
const FINISHED = 2n; // ILeverageVault.RequestState

describe("keeper settles requests", function () {
  this.timeout(180_000);
  let node: Node;
  let d: Deployed | undefined;
  let keeper: KeeperRun | undefined;

  before(async () => {
    node = await startNode("anvil");
  });
  after(async () => {
    await node?.stop();
  });
  beforeEach(async () => {
    d = await deployTo(node.url);
    await mintInto(d, "BTC3L", 10_000n * USDC, 2); // holder #2 has tokens to redeem
  });
  afterEach(async () => {
    await keeper?.stop();
    keeper = undefined;
    await d?.cleanup();
    d = undefined;
  });

  const signers = async () => d!.connection.ethers.getSigners();
  const feed = () => d!.protocol.markets["BTC-USD"].feed;
  /** Publishes the next round at the current price; returns its id and block. */
  const nextRound = async () => {
    const [, answer] = await feed().latestRoundData();
    const rc = await (await feed().setPrice(answer)).wait();
    const [round] = await feed().latestRoundData();
    return { round, block: rc!.blockNumber };
  };
  const requestMint = async (usdc: bigint, index = 1) => {
    const who = (await signers())[index];
    const vault = d!.protocol.tokens.BTC3L.vault;
    await (await d!.protocol.usdc.connect(who).faucet(usdc)).wait();
    await (await d!.protocol.usdc.connect(who).approve(await vault.getAddress(), usdc)).wait();
    const rc = await (await vault.connect(who).requestMint(usdc, 0n, who.address)).wait();
    const ev = rc!.logs.map((l) => vault.interface.parseLog(l)).find((p) => p?.name === "MintRequested")!;
    return { id: ev.args.requestId as bigint, round: ev.args.roundId as bigint, who };
  };

  it("settles a round's mint and redeem requests in one batch at most one block after the round appears", async () => {
    const port = await freePort();
    keeper = startKeeper(keeperArgs(node.url, d!.recordFile, ["--log-level", "debug", "--port", String(port)]));
    await keeper.waitFor((l) => l.event === "poll", 30_000, "first poll");
    const vault = d!.protocol.tokens.BTC3L.vault;
    const token = d!.protocol.tokens.BTC3L.token;
    const mint = await requestMint(1_000n * USDC);
    const redeemer = (await signers())[2];
    const tokensIn = (await token.balanceOf(redeemer.address)) / 4n;
    const rrc = await (await vault.connect(redeemer).requestRedeem(tokensIn, 0n, redeemer.address)).wait();
    const redeem = rrc!.logs.map((l) => vault.interface.parseLog(l)).find((p) => p?.name === "RedeemRequested")!;
    const [latest] = await feed().latestRoundData();
    expect(mint.round).to.equal(latest + 1n);
    expect(redeem.args.roundId).to.equal(mint.round);
    const tokensBefore = await token.balanceOf(mint.who.address);

    // a few polls with the requests pending and nothing settleable: nothing sent
    await keeper.waitFor((l) => l.event === "poll" && (l.block as number) >= rrc!.blockNumber, 30_000);
    expect(keeper.lines.filter((l) => l.event === "tx-sent")).to.deep.equal([]);

    const published = await nextRound();
    expect(published.round).to.equal(mint.round);
    const mined = await keeper.waitFor((l) => l.event === "tx-mined" && l.kind === "settle", 30_000, "settle mined");
    const batches = await vault.queryFilter(vault.filters.BatchSettled(), published.block);
    expect(batches).to.have.length(1);
    const blocksAfterRound = batches[0].blockNumber - published.block;
    expect(blocksAfterRound).to.be.within(1, 1); // the next block: mined right after the round appeared
    expect(batches[0].args.roundId).to.equal(published.round);
    expect(batches[0].args.requests).to.equal(2n);
    expect([mined.settled, mined.refunded, mined.blocksFromRound, mined.roundBlockSource]).to.deep.equal([
      2,
      {},
      1,
      "feed",
    ]);
    expect((await vault.getRequest(mint.id)).state).to.equal(FINISHED);
    expect(await token.balanceOf(mint.who.address)).to.be.greaterThan(tokensBefore);
    expect(await vault.settleableRequests()).to.equal(0n);
    const rewards = await vault.queryFilter(vault.filters.SettleRewardPaid(), batches[0].blockNumber);
    expect(rewards.map((e) => e.args.settler)).to.deep.equal([KEEPER_ADDRESS]);
    console.log(
      `      round ${published.round} published in block ${published.block}, settled in ${batches[0].blockNumber}`
    );

    // one settlement only, and the next polls send nothing more for it
    await keeper.waitFor((l) => l.event === "poll" && (l.block as number) >= batches[0].blockNumber, 30_000);
    expect(keeper.lines.filter((l) => l.event === "tx-sent" && l.kind === "settle")).to.have.length(1);

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const v = `vault="${await vault.getAddress()}",symbol="BTC3L"`;
    for (const line of [
      `keeper_settlements_sent_total{${v}} 1`,
      `keeper_settlements_succeeded_total{${v}} 1`,
      `keeper_requests_settled_total{${v}} 2`,
      `keeper_requests_refunded_total{${v}} 0`,
      `keeper_pending_requests{${v}} 0`,
      `keeper_settleable_requests{${v}} 0`,
      `keeper_settlement_delay_blocks_bucket{le="0"} 0`,
      `keeper_settlement_delay_blocks_bucket{le="1"} 1`,
      `keeper_settlement_delay_blocks_count 1`,
    ])
      expect(metrics.split("\n"), line).to.include(line);
  });

  it("refunds, in full, a request whose round passed while the keeper was down (ROUND_MISSED)", async () => {
    const vault = d!.protocol.tokens.BTC3L.vault;
    const usdc = d!.protocol.usdc;
    const r = await requestMint(500n * USDC);
    const balanceAfterRequest = await usdc.balanceOf(r.who.address);
    const missed = await nextRound(); // the request's round: nobody settles it
    expect(missed.round).to.equal(r.round);
    await nextRound(); // a newer round is the latest: the request can no longer settle
    expect(await vault.settleableRequests()).to.equal(1n); // settle would refund it

    const run = await runKeeper(keeperArgs(node.url, d!.recordFile, ["--once"]));
    expect(run.code, run.stderr).to.equal(0);
    const mined = run.lines.find((l) => l.event === "tx-mined" && l.kind === "settle")!;
    expect([mined.settled, mined.refunded]).to.deep.equal([0, { ROUND_MISSED: 1 }]);
    const refunds = await vault.queryFilter(vault.filters.RequestRefunded(), mined.blockNumber as number);
    expect(refunds.map((e) => [e.args.requestId, e.args.reason])).to.deep.equal([[r.id, ROUND_MISSED]]);
    expect(await usdc.balanceOf(r.who.address)).to.equal(balanceAfterRequest + 500n * USDC);
    expect((await vault.getRequest(r.id)).state).to.equal(FINISHED);
    expect(await vault.settleableRequests()).to.equal(0n);
    const [pendingCollateral, pendingTokens] = await vault.escrowed();
    expect([pendingCollateral, pendingTokens]).to.deep.equal([0n, 0n]);
  });

  it("does not send a settlement someone else already made", async () => {
    await requestMint(200n * USDC);
    await nextRound();
    const [, , , other] = await signers();
    await (await d!.protocol.tokens.BTC3L.vault.connect(other).settle(10n)).wait();
    const run = await runKeeper(keeperArgs(node.url, d!.recordFile, ["--once"]));
    expect(run.code, run.stderr).to.equal(0);
    expect(run.lines.filter((l) => l.event === "tx-sent")).to.deep.equal([]);
    expect(run.lines.find((l) => l.event === "pass-done")!.actions).to.equal(0);
  });

  it("with a block every 2 s, settles each of three rounds in the block after the round", async () => {
    keeper = startKeeper(keeperArgs(node.url, d!.recordFile, ["--log-level", "debug"]));
    await keeper.waitFor((l) => l.event === "started", 30_000, "started");
    const vault = d!.protocol.tokens.BTC3L.vault;
    await rpc(node.url, "evm_setAutomine", [false]);
    await rpc(node.url, "evm_setIntervalMining", [2]);
    const delays: number[] = [];
    let lastBatch = 0;
    try {
      for (let i = 0; i < 3; i++) {
        await requestMint(100n * USDC);
        const published = await nextRound();
        const [batch] = await until(async () => {
          const found = await vault.queryFilter(vault.filters.BatchSettled(), published.block);
          return found.length > 0 && found;
        });
        expect(batch.args.roundId).to.equal(published.round);
        lastBatch = batch.blockNumber;
        delays.push(batch.blockNumber - published.block);
      }
      // the keeper follows up its last settlement once a block past it is mined
      await keeper.waitFor((l) => l.event === "tx-mined" && l.kind === "settle" && l.blockNumber === lastBatch, 30_000);
    } finally {
      await rpc(node.url, "evm_setIntervalMining", [0]);
      await rpc(node.url, "evm_setAutomine", [true]);
    }
    console.log(`      blocks from round to settlement, 2 s blocks, --poll-interval 200: ${delays.join(", ")}`);
    for (const x of delays) expect(x).to.be.within(1, 1);
    const mined = keeper.lines.filter((l) => l.event === "tx-mined" && l.kind === "settle");
    const events = keeper.lines.filter((l) => l.event !== "poll" && l.event !== "decision");
    expect(
      mined.map((l) => l.blocksFromRound),
      JSON.stringify(events)
    ).to.deep.equal(delays);
  });
});

async function until<T>(f: () => Promise<T | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}
