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
    // ETH2L's mint fee is 46 bps at target (it scales with leverage above): 5.6764 USDC of 1,234 (rounded up); what
    // is left buys the tokens and the trade.
    expect(q.fees.mintFee).to.equal(5_676_400n);
  });

  it("the record carries each contract's deployment block: code there, none the block before", async () => {
    const provider = protocol.factory.runner!.provider!;
    const d = client.deployment;
    const entries = [
      ...d.markets.map((m) => [m.market, m.deploymentBlock]),
      ...d.tokens.map((t) => [t.vault, t.deploymentBlock]),
    ];
    for (const [address, block] of entries as [string, number][]) {
      expect(block).to.be.a("number");
      expect(await provider.getCode(address, block)).to.not.equal("0x");
      expect(await provider.getCode(address, block - 1)).to.equal("0x");
    }
    expect(d.deploymentBlock).to.equal(Math.min(...entries.map(([, b]) => b as number), d.deploymentBlock!));
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

  it("an instant quote's fees are the ones the mint and the redeem then pay (Minted / Redeemed events)", async () => {
    const fresh = (await signers())[7];
    const c = new LeverClient(client.deployment, fresh);
    await c.faucet(3_000n * USDC);
    const first = await c.mint("BTC3S", 1_000n * USDC); // sizes the position: the next quote is pro rata
    const q = await c.quoteMint("BTC3S", 1_000n * USDC);
    const m = await c.mint("BTC3S", 1_000n * USDC, { minTokensOut: q.minTokensOut });
    expect(q.fees.mintFee).to.equal(m.mintFee);
    const off = q.fees.tradeFee - m.tradeFee;
    expect(off >= -2n && off <= 2n).to.equal(true, `quoted trade fee ${q.fees.tradeFee}, paid ${m.tradeFee}`);
    const rq = await c.quoteRedeem("BTC3S", first.tokensOut);
    const r = await c.redeem("BTC3S", first.tokensOut, { minCollateralOut: rq.minCollateralOut });
    // Within rounding: the quote prices the tokens at NAV, rounded down per whole token (a unit per token).
    const tolerance = first.tokensOut / WAD + 2n;
    const offFee = rq.fees.redeemFee - r.redeemFee;
    const offTrade = rq.fees.tradeFee - r.tradeFee;
    expect(offFee >= -2n && offFee <= 2n && offTrade >= -tolerance && offTrade <= tolerance).to.equal(
      true,
      `quoted ${rq.fees.redeemFee}/${rq.fees.tradeFee}, paid ${r.redeemFee}/${r.tradeFee}`
    );
  });

  it("every failure is a LeverError: unknown token, wrong chain, a protocol contract as receiver, an untrusted vault", async () => {
    const caught = async (f: () => unknown) => {
      try {
        await f();
      } catch (e) {
        return e as LeverError;
      }
      throw new Error("did not throw");
    };
    const unknown = await caught(() => client.vault("BTC9L"));
    expect(unknown).to.be.instanceOf(LeverError);
    expect(unknown.errorName).to.equal("UnknownToken");
    expect(unknown.message).to.equal('unknown token "BTC9L": the deployment has BTC3L, BTC3S, ETH2L, ETH2S');

    const wrong = await caught(() => LeverClient.connect({ ...client.deployment, chainId: 1 }, alice));
    expect([wrong.errorName, wrong.args.expected, wrong.args.actual]).to.deep.equal(["WrongChain", 1, 31337]);

    const vault = client.deployment.tokens[0].vault;
    const receiver = await caught(() => client.mint("BTC3L", 10n * USDC, { receiver: vault }));
    expect(receiver.errorName).to.equal("InvalidReceiver");
    expect(receiver.args).to.deep.equal({ receiver: vault, contract: "BTC3L vault" });
    const market = client.deployment.markets[0].market;
    const toMarket = await caught(() => client.redeem("ETH2S", 1n, { receiver: market }));
    expect(toMarket.message).to.equal(
      `receiver ${market} is the BTC-USD market: what is sent there is lost; send to a wallet`
    );

    // A record whose BTC3L entry points at another contract (here the lens) is refused at connect.
    const lens = client.deployment.lens;
    const forged = {
      ...client.deployment,
      tokens: client.deployment.tokens.map((t, i) => (i ? t : { ...t, vault: lens })),
    };
    const untrusted = await caught(() => LeverClient.connect(forged, alice));
    expect(untrusted.errorName).to.equal("UntrustedVault");
    expect(untrusted.args).to.deep.equal({ symbol: "BTC3L", vault: lens });

    const noSigner = await caught(() => new LeverClient(client.deployment, alice.provider).faucet(1n));
    expect(noSigner.errorName).to.equal("NoSigner");
    const slippage = await caught(() => client.quoteMint("BTC3L", 1n, 10_000));
    expect([slippage.errorName, slippage.args.slippageBps]).to.deep.equal(["InvalidSlippage", 10_000]);
  });

  it("a decoded revert survives JSON.stringify, its bigints as strings", async () => {
    const err = (await client.faucet(10_001n * USDC).catch((e: unknown) => e)) as LeverError;
    expect(JSON.parse(JSON.stringify(err))).to.deep.include({
      name: "LeverError",
      errorName: "FaucetCapExceeded",
      args: { requested: "10001000000", cap: "10000000000" },
    });
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

  it("position reads the account's events from the token's deployment block in the record", async () => {
    const late = {
      ...client.deployment,
      tokens: client.deployment.tokens.map((t) => ({ ...t, deploymentBlock: 10_000_000 })),
    };
    const p = await new LeverClient(late, alice).position("ETH2S");
    expect(p.balance > 0n).to.equal(true); // alice minted ETH2S above
    expect(p.invested).to.equal(0n); // none of her events is read: they are before the recorded block
    expect((await client.position("ETH2S")).invested).to.equal(1_500n * USDC);
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
