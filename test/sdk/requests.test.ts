// Next-price requests through LeverClient on the in-process network: request, a new oracle round, the keeper's
// settle, and the SDK's view of each step (estimate, pending position, outcome from the events).
import { expect } from "chai";
import { network } from "hardhat";
import { deployProtocol, toRecord, type Protocol } from "../../deploy/protocol.js";
import { withGasMargin } from "../../sdk/gas.js";
import { LeverClient, LeverError } from "../../sdk/index.js";
import { SlowWallet } from "../helpers/slowWallet.js";

const USDC = 10n ** 6n;
const WAD = 10n ** 18n;

describe("sdk/LeverClient next-price requests (in-process)", () => {
  let protocol: Protocol;
  let record: Awaited<ReturnType<typeof toRecord>>;
  let signers: any[];
  let client: LeverClient;

  /** A new round at the same price, then settle as the keeper would. */
  async function nextRoundAndSettle(symbol: string) {
    const { feed, vault } = protocol.tokens[symbol];
    const [, answer] = await feed.latestRoundData();
    await (await feed.connect(signers[0]).setPrice(answer)).wait();
    await (await vault.connect(signers[9]).settle(100n)).wait();
  }

  before(async () => {
    const connection = await network.create();
    signers = await connection.ethers.getSigners();
    protocol = await deployProtocol(connection);
    record = await toRecord(protocol, 31337);
    client = await LeverClient.connect(record, signers[1]);
    await client.faucet(10_000n * USDC);
    await client.mint("BTC3L", 1_000n * USDC); // the vault has a position: requests are sized pro rata
  });

  it("an estimate is labelled one and carries the request fee, the settler's reward and the trade fee", async () => {
    const e = await client.estimateRequestMint("BTC3L", 5_000n * USDC);
    expect([e.path, e.estimate, e.side]).to.deep.equal(["request", true, "mint"]);
    expect(e.fees.requestFee).to.equal(5n * USDC); // 10 bps of 5,000
    expect(e.fees.settleReward).to.equal(100_000n); // 0.1 USDC
    expect(e.fees.tradeFee > 0n).to.equal(true);
    expect(e.fees.total).to.equal(e.fees.requestFee + e.fees.tradeFee);
    expect(e.minOut).to.equal((e.amountOut * 9_700n) / 10_000n); // default request bound 3 %
    const [info] = await client.listTokens();
    expect(info.fees).to.deep.include({ mintBps: 68, redeemBps: 68, requestMintBps: 10, requestRedeemBps: 10 });
  });

  it("requestMint (permit): pending in the position, then settled at the next round; the outcome is the event's", async () => {
    const owner = signers[1].address;
    const tokensBefore = await protocol.tokens.BTC3L.token.balanceOf(owner);
    const req = await client.requestMint("BTC3L", 5_000n * USDC);
    expect(req.method).to.equal("permit");
    expect([req.side, req.amountIn, req.owner, req.receiver]).to.deep.equal(["mint", 5_000n * USDC, owner, owner]);
    let p = await client.position("BTC3L");
    expect(p.escrowedCollateral).to.equal(5_000n * USDC);
    expect(p.pending.map((x) => [x.requestId, x.side, x.amountIn])).to.deep.equal([
      [req.requestId, "mint", 5_000n * USDC],
    ]);
    expect(p.pending[0].estimatedOut > 0n).to.equal(true);

    await nextRoundAndSettle("BTC3L");
    const out = await client.waitForRequest(req, { timeoutMs: 5_000 });
    expect(out.status).to.equal("settled");
    if (out.status !== "settled") return;
    const tokensAfter = await protocol.tokens.BTC3L.token.balanceOf(owner);
    expect(tokensAfter - tokensBefore).to.equal(out.amountOut);
    p = await client.position("BTC3L");
    expect(p.pending).to.deep.equal([]);
    expect(p.escrowedCollateral).to.equal(0n);
    expect(p.invested).to.equal(6_000n * USDC); // the instant 1,000 and the settled request's 5,000
    expect(p.costBasis).to.equal(6_000n * USDC);
  });

  it("requestRedeem: the escrowed tokens stay in the position's value until they settle; realised PnL after", async () => {
    const owner = signers[1].address;
    const before = await client.position("BTC3L");
    const half = before.balance / 2n;
    const usdcBefore = await protocol.usdc.balanceOf(owner);
    const req = await client.requestRedeem("BTC3L", half);
    let p = await client.position("BTC3L");
    expect(p.balance).to.equal(before.balance - half);
    expect(p.escrowedTokens).to.equal(half);
    expect(p.costBasis).to.equal(before.costBasis); // escrow is no sale
    expect(p.value).to.equal((before.balance * (await protocol.tokens.BTC3L.vault.nav())) / WAD);

    await nextRoundAndSettle("BTC3L");
    const out = await client.waitForRequest(req);
    if (out.status !== "settled") throw new Error(`refunded: ${out.reason}`);
    expect((await protocol.usdc.balanceOf(owner)) - usdcBefore).to.equal(out.amountOut);
    p = await client.position("BTC3L");
    expect(p.escrowedTokens).to.equal(0n);
    const costLeft = before.costBasis - (before.costBasis * half + before.balance - 1n) / before.balance;
    expect(p.costBasis).to.equal(costLeft);
    expect(p.realizedPnl).to.equal(out.amountOut - (before.costBasis - costLeft));
  });

  it("a request whose minOut its round does not meet is refunded in full (SLIPPAGE), with approve", async () => {
    const owner = signers[1].address;
    const usdcBefore = await protocol.usdc.balanceOf(owner);
    const e = await client.estimateRequestMint("BTC3L", 100n * USDC);
    const req = await client.requestMint("BTC3L", 100n * USDC, { method: "approve", minTokensOut: e.amountOut * 2n });
    expect(req.method).to.equal("approve");
    expect(await protocol.usdc.balanceOf(owner)).to.equal(usdcBefore - 100n * USDC);
    await nextRoundAndSettle("BTC3L");
    const out = await client.waitForRequest(req);
    expect(out).to.deep.include({ status: "refunded", reason: "SLIPPAGE", requestId: req.requestId });
    expect(await protocol.usdc.balanceOf(owner)).to.equal(usdcBefore);
  });

  it("waiting on a request nobody settles ends with RequestTimeout; an id never issued with UnknownRequest", async () => {
    const req = await client.requestMint("BTC3L", 10n * USDC);
    const timeout = (await client.waitForRequest(req, { timeoutMs: 0 }).catch((e: unknown) => e)) as LeverError;
    expect(timeout).to.be.instanceOf(LeverError);
    expect(timeout.errorName).to.equal("RequestTimeout");
    expect(timeout.args.requestId).to.equal(req.requestId);
    const unknown = (await client
      .waitForRequest({ symbol: "BTC3L", requestId: 10_000n })
      .catch((e: unknown) => e)) as LeverError;
    expect(unknown.errorName).to.equal("UnknownRequest");
    await nextRoundAndSettle("BTC3L"); // leave nothing pending
  });

  it("listTokens reports the pending and the settleable requests (VaultLens)", async () => {
    const req = await client.requestMint("BTC3L", 10n * USDC);
    expect((await client.listTokens())[0].requests).to.deep.equal({ pending: 1n, settleable: 0n });
    const { feed } = protocol.tokens.BTC3L;
    const [, answer] = await feed.latestRoundData();
    await (await feed.connect(signers[0]).setPrice(answer)).wait();
    expect((await client.listTokens())[0].requests).to.deep.equal({ pending: 1n, settleable: 1n });
    await (await protocol.tokens.BTC3L.vault.connect(signers[9]).settle(100n)).wait();
    expect((await client.waitForRequest(req)).status).to.equal("settled");
  });

  it("a request still lands when a settlement mined after its gas estimate makes it dearer (the SDK's margin)", async () => {
    // Another user's request holds collateral in the vault; a settlement between this user's estimate and its
    // transaction empties that balance, so the transaction writes it from zero (+17k gas over its estimate).
    await client.requestMint("BTC3L", 100n * USDC);
    const wallet = new SlowWallet(signers[3]);
    const user = await LeverClient.connect(record, wallet);
    await user.faucet(1_000n * USDC);
    const gas = { before: 0n, after: 0n, limit: 0n };
    wallet.meanwhile = async (tx) => {
      const call = { ...tx, gasLimit: undefined };
      gas.before = await signers[3].estimateGas(call);
      await nextRoundAndSettle("BTC3L");
      gas.after = await signers[3].estimateGas(call);
      gas.limit = tx.gasLimit as bigint;
    };
    const req = await user.requestMint("BTC3L", 100n * USDC);
    const receipt = (await signers[3].provider.getTransactionReceipt(req.hash))!;
    expect(receipt.status).to.equal(1);
    expect(gas.after > gas.before, `estimates ${gas.before} then ${gas.after}`).to.equal(true);
    expect(gas.limit).to.equal(withGasMargin(gas.before));
    await nextRoundAndSettle("BTC3L");
    expect((await user.waitForRequest(req)).status).to.equal("settled");
  });

  it("refuses, before sending anything, a request the vault would only refund: paused minting, above the whole cap", async () => {
    const { vault } = protocol.tokens.BTC3L;
    const owner = signers[1].address;
    const sent = await signers[1].provider.getTransactionCount(owner);
    const cap = (await vault.params()).collateralCap;
    const above = (await client.requestMint("BTC3L", cap + 1n).catch((e: unknown) => e)) as LeverError;
    expect([above.errorName, above.args.cap, above.args.collateralIn]).to.deep.equal(["MintAboveCap", cap, cap + 1n]);
    await (await vault.connect(signers[0]).pauseMint()).wait(); // the deployer is the guardian
    const paused = (await client.requestMint("BTC3L", 10n * USDC).catch((e: unknown) => e)) as LeverError;
    await (await vault.connect(signers[0]).unpauseMint()).wait();
    expect([paused.errorName, paused.message]).to.deep.equal([
      "MintingPaused",
      "requestMint failed: MintingPaused() (the guardian paused minting for this token; redeeming still works)",
    ]);
    expect(await signers[1].provider.getTransactionCount(owner)).to.equal(sent);
  });

  it("refuses a vault or market as a request's receiver", async () => {
    const vault = record.tokens[0].vault;
    const err = (await client
      .requestMint("BTC3L", 10n * USDC, { receiver: vault })
      .catch((e: unknown) => e)) as LeverError;
    expect([err.errorName, err.args.contract]).to.deep.equal(["InvalidReceiver", "BTC3L vault"]);
  });
});
