// LeverClient against the protocol on the in-process network: what a wallet sees and does.
import { expect } from "chai";
import { network } from "hardhat";
import { deployProtocol, toRecord, type Protocol } from "../../deploy/protocol.js";
import { defaultConfig } from "../../deploy/config/defaults.js";
import { LeverClient, LeverError } from "../../sdk/index.js";

const USDC = 10n ** 6n;
const WAD = 10n ** 18n;

describe("sdk/LeverClient (in-process)", () => {
  let protocol: Protocol;
  let client: LeverClient;
  let alice: Awaited<ReturnType<typeof signers>>[number];
  let signers: () => Promise<any[]>;

  before(async () => {
    const connection = await network.create();
    signers = () => connection.ethers.getSigners();
    protocol = await deployProtocol(connection);
    const record = await toRecord(protocol, Number((await connection.ethers.provider.getNetwork()).chainId));
    [, alice] = await signers();
    client = await LeverClient.connect(record, alice);
  });

  it("listTokens returns every token of the record with its direction, target and initial NAV", async () => {
    const tokens = await client.listTokens();
    expect(tokens.map((t) => t.symbol)).to.deep.equal(defaultConfig.tokens.map((t) => t.symbol));
    for (const [i, t] of tokens.entries()) {
      const cfg = defaultConfig.tokens[i];
      expect(t.direction).to.equal(cfg.isLong ? "long" : "short");
      expect(t.targetLeverage).to.equal(cfg.targetLeverage);
      expect(t.nav).to.equal(100n * USDC); // documented initial NAV: 100 USDC per token before the first mint
      expect(t.leverage).to.equal(0n); // no position yet
      expect(t.status).to.equal("NONE");
      expect(t.priceOk).to.equal(true);
    }
  });

  it("quoteMint is previewMint with a 0.5% bound rounded down", async () => {
    const q = await client.quoteMint("ETH2L", 1234n * USDC);
    const preview = await protocol.tokens.ETH2L.vault.previewMint(1234n * USDC);
    expect(q.tokensOut).to.equal(preview);
    expect(q.minTokensOut).to.equal((preview * 9950n) / 10000n);
  });

  it("mints with a permit (no approve transaction, no allowance left) for exactly the quote on a first mint", async () => {
    await client.faucet(5_000n * USDC);
    const usdcBefore = await protocol.usdc.balanceOf(alice.address);
    const nonceBefore = await alice.getNonce();
    const quote = await client.quoteMint("ETH2S", 1_000n * USDC);
    const result = await client.mint("ETH2S", 1_000n * USDC);
    expect(result.method).to.equal("permit");
    // First mint: supply is zero, so no streaming fee moves the price between quote and mint.
    expect(result.tokensOut).to.equal(quote.tokensOut);
    expect(await protocol.tokens.ETH2S.token.balanceOf(alice.address)).to.equal(quote.tokensOut);
    expect(await protocol.usdc.balanceOf(alice.address)).to.equal(usdcBefore - 1_000n * USDC);
    expect(await alice.getNonce()).to.equal(nonceBefore + 1); // one transaction: mintWithPermit
    expect(await protocol.usdc.allowance(alice.address, protocol.tokens.ETH2S.vault)).to.equal(0n);
  });

  it("detects permit support by reproducing the collateral's domain separator", async () => {
    expect(await client.supportsPermit()).to.equal(true);
    // A collateral without nonces/DOMAIN_SEPARATOR (here: the lens's address) means approve + mint.
    const noPermit = new LeverClient({ ...client.deployment, collateral: client.deployment.lens }, alice);
    expect(await noPermit.supportsPermit()).to.equal(false);
  });

  it("mints with approve when asked, approving exactly the amount", async () => {
    const result = await client.mint("ETH2S", 500n * USDC, { method: "approve" });
    expect(result.method).to.equal("approve");
    expect(result.collateralIn).to.equal(500n * USDC);
    expect(await protocol.usdc.allowance(alice.address, protocol.tokens.ETH2S.vault)).to.equal(0n);
  });

  it("decodes a revert into the custom error with its values", async () => {
    const quote = await client.quoteMint("ETH2S", 100n * USDC);
    const tooHigh = quote.tokensOut * 2n;
    const err = await client.mint("ETH2S", 100n * USDC, { minTokensOut: tooHigh }).then(
      () => undefined,
      (e: unknown) => e
    );
    expect(err).to.be.instanceOf(LeverError);
    const e = err as LeverError;
    expect(e.errorName).to.equal("SlippageExceeded");
    expect(e.args.expected).to.equal(tooHigh);
    // actual: the tokens the mint would have given, one block after the quote (the streaming fee moves it by < 1e-6).
    const actual = e.args.actual as bigint;
    const drift = actual > quote.tokensOut ? actual - quote.tokensOut : quote.tokensOut - actual;
    expect(drift).to.be.lessThanOrEqual(quote.tokensOut / 1_000_000n);
    expect(e.message).to.equal(
      `mint failed: SlippageExceeded(expected: ${tooHigh}, actual: ${actual}) (the price moved past the slippage bound; quote again)`
    );
  });

  it("decodes errors of the collateral too (faucet above its cap)", async () => {
    const err = (await client.faucet(10_001n * USDC).catch((e: unknown) => e)) as LeverError;
    expect(err.errorName).to.equal("FaucetCapExceeded");
    expect(err.args).to.deep.equal({ requested: 10_001n * USDC, cap: 10_000n * USDC });
  });

  it("position: value at NAV, cost basis from the account's mints, PnL after a price move", async () => {
    const fresh = (await signers())[5];
    const c = new LeverClient(client.deployment, fresh);
    await c.faucet(2_000n * USDC);
    const minted = await c.mint("BTC3L", 1_000n * USDC);
    let p = await c.position("BTC3L");
    expect(p.balance).to.equal(minted.tokensOut);
    expect(p.costBasis).to.equal(1_000n * USDC);
    expect(p.invested).to.equal(1_000n * USDC);
    const nav = await protocol.tokens.BTC3L.vault.nav();
    expect(p.value).to.equal((minted.tokensOut * nav) / WAD);
    expect(p.unrealizedPnl).to.equal(p.value - 1_000n * USDC);

    // The fees paid on the way in (mint fee, trade fee) are the first loss.
    expect(p.unrealizedPnl < 0n).to.equal(true);

    // BTC +1%: a 3x long at exactly 3x after its first mint gains 3% of its value. Tolerance 0.01 USDC
    // (NAV rounding and a few seconds of the 2%/year streaming fee).
    const valueBefore = p.value;
    const { feed } = protocol.tokens.BTC3L;
    const [deployer] = await signers();
    await feed.connect(deployer).setPrice(60_600n * 10n ** 8n);
    p = await c.position("BTC3L");
    const expectedUnrealized = (valueBefore * 103n) / 100n - 1_000n * USDC;
    const off = p.unrealizedPnl - expectedUnrealized;
    expect(off >= -10_000n && off <= 10_000n).to.equal(true, `unrealized ${p.unrealizedPnl} vs ${expectedUnrealized}`);

    // Redeem half: realised PnL = proceeds - half the cost; the other half of the cost stays.
    const half = p.balance / 2n;
    const r = await c.redeem("BTC3L", half);
    p = await c.position("BTC3L");
    expect(p.balance).to.equal(minted.tokensOut - half);
    expect(p.costBasis).to.equal(1_000n * USDC - (1_000n * USDC * half + minted.tokensOut - 1n) / minted.tokensOut);
    expect(p.realizedPnl).to.equal(r.collateralOut - (1_000n * USDC - p.costBasis));
    await feed.connect(deployer).setPrice(60_000n * 10n ** 8n);
  });

  it("position follows transfers: the sender keeps its average cost, the receiver enters at the NAV of that block", async () => {
    const carol = (await signers())[6];
    const { token, vault } = protocol.tokens.ETH2S;
    const before = await client.position("ETH2S");
    const sent = before.balance / 4n;
    const receipt = await (await token.connect(alice).transfer(carol.address, sent)).wait();
    const navThen = await vault.nav({ blockTag: receipt!.blockNumber });

    const after = await client.position("ETH2S");
    expect(after.balance).to.equal(before.balance - sent);
    // The cost share of the tokens sent (rounded up) leaves with them; nothing is realised.
    expect(after.costBasis).to.equal(
      before.costBasis - (before.costBasis * sent + before.balance - 1n) / before.balance
    );
    expect(after.realizedPnl).to.equal(before.realizedPnl);

    const received = await client.position("ETH2S", carol.address);
    expect(received.balance).to.equal(sent);
    expect(received.costBasis).to.equal((sent * navThen) / WAD);
    expect(received.invested).to.equal(0n);
  });
});
