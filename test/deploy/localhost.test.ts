// End to end, the way a user runs it: a real `hardhat node` child process, `npm run deploy -- --network localhost`
// as a child process, the record it writes, then a wallet using the client against that node. Also: deploying
// again changes nothing, and after the node restarts from scratch (same chain id) the deploy starts afresh.
import { expect } from "chai";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { JsonRpcProvider, parseEther, Wallet } from "ethers";
import { defaultConfig } from "../../deploy/config/defaults.js";
import { LeverClient, LeverError, readDeployment, type Deployment } from "../../sdk/node.js";
import { MockPriceFeed__factory } from "../../types/ethers-contracts/index.js";
import { freePort, npmRun, ROOT, startNode, stop, type Node } from "../helpers/processes.js";

const USDC = 10n ** 6n;
const WAD = 10n ** 18n;
const IGNITION_DEPLOYMENTS = path.join(ROOT, "deploy", "deployments");

describe("npm run deploy -- --network localhost (hardhat node child process)", function () {
  this.timeout(600_000);

  const children = new Set<ChildProcess>();
  const track = (c: ChildProcess) => children.add(c);
  // A journal id and an output folder of the test's own, so a user's chain-31337 journal and deployments/ stay untouched.
  const deploymentId = `test-${process.pid}-${Date.now()}`;
  const outDir = mkdtempSync(path.join(tmpdir(), "lever-deploy-"));
  let port: number;
  let node: Node | undefined;
  let provider: JsonRpcProvider;
  let record: Deployment;
  let firstOutput: string;

  const deploy = () =>
    npmRun(
      "deploy",
      ["--network", "localhost", "--rpc-url", node!.url, "--out-dir", outDir, "--deployment-id", deploymentId],
      track
    );
  const recordFile = path.join(outDir, "localhost.json");
  const killAll = () => {
    for (const c of children)
      if (c.pid && c.exitCode === null)
        try {
          process.kill(-c.pid, "SIGKILL");
        } catch {
          /* gone */
        }
  };

  before(async () => {
    process.once("exit", killAll); // also if mocha itself is interrupted
    port = await freePort();
    node = await startNode(port);
    track(node.child);
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const run = await deploy();
    firstOutput = run.output;
    expect(run.code, run.output).to.equal(0);
    record = readDeployment(recordFile);
  });

  after(async () => {
    provider?.destroy();
    await Promise.all([...children].map((c) => stop(c)));
    process.removeListener("exit", killAll);
    rmSync(outDir, { recursive: true, force: true });
    for (const d of readdirSync(IGNITION_DEPLOYMENTS, { withFileTypes: true })) {
      if (d.name.startsWith(deploymentId))
        rmSync(path.join(IGNITION_DEPLOYMENTS, d.name), { recursive: true, force: true });
    }
  });

  it("writes the docs/protocol.md §11 record: chain id, hex addresses with code, targetLeverage as a WAD string", async () => {
    const raw = JSON.parse(readFileSync(recordFile, "utf8"));
    // §11's fields, then who holds which role (docs/deploy.md "Governance"; test/deploy/governance.test.ts)
    expect(Object.keys(raw)).to.deep.equal([
      "chainId",
      "collateral",
      "factory",
      "lens",
      "deploymentBlock",
      "markets",
      "tokens",
      "governance",
    ]);
    expect(raw.chainId).to.equal(31337);
    expect(raw.markets.map((m: { symbol: string }) => m.symbol)).to.deep.equal(["BTC-USD", "ETH-USD"]);
    expect(raw.tokens.map((t: any) => [t.symbol, t.isLong, t.targetLeverage])).to.deep.equal([
      ["BTC3L", true, (3n * WAD).toString()],
      ["BTC3S", false, (3n * WAD).toString()],
      ["ETH2L", true, (2n * WAD).toString()],
      ["ETH2S", false, (2n * WAD).toString()],
    ]);
    for (const t of raw.tokens)
      expect(Object.keys(t)).to.deep.equal([
        "symbol",
        "token",
        "vault",
        "market",
        "isLong",
        "targetLeverage",
        "deploymentBlock",
      ]);
    const addresses = [raw.collateral, raw.factory, raw.lens, ...raw.markets.flatMap((m: any) => [m.market, m.feed])];
    addresses.push(...raw.tokens.flatMap((t: any) => [t.token, t.vault]));
    for (const a of addresses) {
      expect(a).to.match(/^0x[0-9a-fA-F]{40}$/);
      expect(await provider.getCode(a)).to.not.equal("0x");
    }
    // Each token's market is the market of its underlying.
    const btc = raw.markets[0].market;
    expect(raw.tokens[0].market).to.equal(btc);
    expect(raw.tokens[1].market).to.equal(btc);
  });

  it("a fresh wallet: faucet, mint BTC3L with permit, mint BTC3S with approve, position, tight slippage, redeem half and all", async () => {
    const funder = await provider.getSigner(0); // the node's unlocked account 0 is the deployer and feed owner
    const wallet = Wallet.createRandom().connect(provider);
    await (await funder.sendTransaction({ to: wallet.address, value: parseEther("1") })).wait();
    const client = await LeverClient.connect(record, wallet);

    await client.faucet(10_000n * USDC);
    expect(await client.collateral.balanceOf(wallet.address)).to.equal(10_000n * USDC);
    expect(await client.supportsPermit()).to.equal(true);

    // BTC3L with a permit: a single transaction, no allowance left behind.
    const quoteL = await client.quoteMint("BTC3L", 1_000n * USDC);
    const nonce = await provider.getTransactionCount(wallet.address);
    const mintL = await client.mint("BTC3L", 1_000n * USDC);
    expect(mintL.method).to.equal("permit");
    expect(await provider.getTransactionCount(wallet.address)).to.equal(nonce + 1);
    expect(mintL.tokensOut).to.equal(quoteL.tokensOut); // first mint: nothing accrues between quote and mint
    // Initial NAV 100 USDC per token: 1,000 USDC is 10 tokens less the mint fee and the taker fee on the 3x trade
    // (5 bps x 3), with 1 bp for rounding.
    const costBps = BigInt(defaultConfig.tokens[0].params.mintFeeBps) + 15n + 1n;
    expect(mintL.tokensOut < 10n * WAD && mintL.tokensOut > (10n * WAD * (10_000n - costBps)) / 10_000n).to.equal(
      true,
      `${mintL.tokensOut}`
    );
    expect(await client.collateral.allowance(wallet.address, record.tokens[0].vault)).to.equal(0n);

    // BTC3S with approve: approve + mint.
    const mintS = await client.mint("BTC3S", 500n * USDC, { method: "approve" });
    expect(mintS.method).to.equal("approve");
    expect(await provider.getTransactionCount(wallet.address)).to.equal(nonce + 3);
    expect(await client.token("BTC3S").balanceOf(wallet.address)).to.equal(mintS.tokensOut);
    expect(await client.collateral.balanceOf(wallet.address)).to.equal(8_500n * USDC);

    const tokens = await client.listTokens();
    const btc3l = tokens.find((t) => t.symbol === "BTC3L")!;
    expect(btc3l.direction).to.equal("long");
    expect(btc3l.totalSupply).to.equal(mintL.tokensOut);
    // A first mint opens the position at target leverage (within 1e-6).
    expect(btc3l.leverage > 3n * WAD - WAD / 1_000_000n && btc3l.leverage < 3n * WAD + WAD / 1_000_000n).to.equal(true);

    let posL = await client.position("BTC3L");
    expect(posL.balance).to.equal(mintL.tokensOut);
    expect(posL.costBasis).to.equal(1_000n * USDC);
    expect(posL.value).to.equal((mintL.tokensOut * btc3l.nav) / WAD);
    const posS = await client.position("BTC3S");
    expect(posS.balance).to.equal(mintS.tokensOut);
    expect(posS.costBasis).to.equal(500n * USDC);

    // Slippage: quote, then BTC drops 1% before the redemption lands (3x long: ~3% less out, beyond 0.5%).
    const half = posL.balance / 2n;
    const stale = await client.quoteRedeem("BTC3L", half);
    const feed = MockPriceFeed__factory.connect(record.markets[0].feed, funder);
    await (await feed.setPrice(59_400n * 10n ** 8n)).wait();
    const err = (await client
      .redeem("BTC3L", half, { minCollateralOut: stale.minCollateralOut })
      .catch((e: unknown) => e)) as LeverError;
    expect(err).to.be.instanceOf(LeverError);
    expect(err.errorName).to.equal("SlippageExceeded");
    expect(err.args.expected).to.equal(stale.minCollateralOut);
    const actual = err.args.actual as bigint;
    const fresh = await client.vault("BTC3L").previewRedeem(half);
    const drift = actual > fresh ? actual - fresh : fresh - actual;
    expect(drift <= fresh / 1_000_000n).to.equal(true, `actual ${actual} vs preview ${fresh}`);
    expect(err.message).to.equal(
      `redeem failed: SlippageExceeded(expected: ${stale.minCollateralOut}, actual: ${actual}) (the price moved past the slippage bound; quote again)`
    );
    expect(await client.token("BTC3L").balanceOf(wallet.address)).to.equal(mintL.tokensOut); // nothing happened
    await (await feed.setPrice(60_000n * 10n ** 8n)).wait();

    // Redeem half, then all.
    const r1 = await client.redeem("BTC3L", half);
    expect(r1.tokensIn).to.equal(half);
    posL = await client.position("BTC3L");
    expect(posL.balance).to.equal(mintL.tokensOut - half);
    const r2 = await client.redeem("BTC3L", "all");
    expect(r2.tokensIn).to.equal(mintL.tokensOut - half);
    const r3 = await client.redeem("BTC3S", "all");
    expect(r3.tokensIn).to.equal(mintS.tokensOut);

    posL = await client.position("BTC3L");
    expect(posL.balance).to.equal(0n);
    expect(posL.costBasis).to.equal(0n);
    expect(posL.withdrawn).to.equal(r1.collateralOut + r2.collateralOut);
    expect(posL.realizedPnl).to.equal(r1.collateralOut + r2.collateralOut - 1_000n * USDC);
    const usdc = await client.collateral.balanceOf(wallet.address);
    expect(usdc).to.equal(8_500n * USDC + r1.collateralOut + r2.collateralOut + r3.collateralOut);
    expect(usdc < 10_000n * USDC).to.equal(true); // fees: a round trip never returns more than was put in
  });

  it("deploying again is a no-op: same record, no transaction, journal reused", async () => {
    const before = readFileSync(recordFile, "utf8");
    const deployer = await (await provider.getSigner(0)).getAddress();
    const nonce = await provider.getTransactionCount(deployer);
    const block = await provider.getBlockNumber();
    const run = await deploy();
    expect(run.code, run.output).to.equal(0);
    expect(run.output).to.contain(`journal ${deploymentId} matches the chain`);
    expect(run.output).to.contain("0 transactions sent");
    expect(readFileSync(recordFile, "utf8")).to.equal(before);
    expect(await provider.getTransactionCount(deployer)).to.equal(nonce);
    expect(await provider.getBlockNumber()).to.equal(block);
  });

  it("after the node restarts from scratch (same chain id) the stale journal is set aside and it deploys afresh", async () => {
    await stop(node!.child);
    node = await startNode(port);
    track(node.child);
    const deployer = await (await provider.getSigner(0)).getAddress();
    expect(await provider.getTransactionCount(deployer)).to.equal(0); // a new chain
    expect(await provider.getCode(record.factory)).to.equal("0x");

    const run = await deploy();
    expect(run.code, run.output).to.equal(0);
    expect(run.output).to.match(new RegExp(`journal ${deploymentId} set aside \\(.* has no code on this chain\\)`));
    expect(firstOutput).to.not.contain("set aside");
    const archived = readdirSync(IGNITION_DEPLOYMENTS).filter((d) => d.startsWith(`${deploymentId}.stale-`));
    expect(archived).to.have.length(1);
    expect(existsSync(path.join(IGNITION_DEPLOYMENTS, deploymentId, "journal.jsonl"))).to.equal(true);

    const fresh = readDeployment(recordFile);
    expect(await provider.getTransactionCount(deployer)).to.be.greaterThan(0);
    for (const a of [fresh.collateral, fresh.factory, fresh.lens, ...fresh.tokens.map((t) => t.vault)]) {
      expect(await provider.getCode(a)).to.not.equal("0x");
    }
    const client = await LeverClient.connect(fresh, provider);
    expect((await client.listTokens()).map((t) => t.symbol)).to.deep.equal(["BTC3L", "BTC3S", "ETH2L", "ETH2S"]);
  });
});
