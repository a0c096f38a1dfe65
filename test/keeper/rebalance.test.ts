// The keeper against a real `hardhat node`: rebalances, ripcord ordering, new vaults, dry-run, --once exit codes,
// health and metrics. Every node and keeper process is stopped in after/afterEach hooks.
import { expect } from "chai";
import { formatUnits, Wallet } from "ethers";
import { token as tokenConfig } from "../../deploy/config/defaults.js";
import { executeThroughTimelock, timelockCall } from "../../deploy/timelock.js";
import { LeverageVault__factory } from "../../types/ethers-contracts/index.js";
import {
  deployTo,
  KEEPER_ADDRESS,
  keeperArgs,
  mintInto,
  runKeeper,
  startKeeper,
  startNode,
  type Deployed,
  type KeeperRun,
  type LogLine,
  type Node,
} from "../helpers/keeper.js";

const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
const price = (usd: bigint) => usd * 10n ** 8n; // feed answers have 8 decimals
const levOf = (l: LogLine) => Number(l.leverage);
/** |actual - expected| <= tol (plain numbers; the Hardhat matchers' closeTo takes integers only). */
const near = (actual: number, expected: number, tol: number, what = "value") =>
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).to.be.at.most(tol);

describe("keeper on a hardhat node", function () {
  this.timeout(240_000);
  let node: Node;
  let d: Deployed | undefined;
  let keeper: KeeperRun | undefined;

  before(async () => {
    node = await startNode("hardhat");
  });
  after(async () => {
    await node?.stop();
  });
  beforeEach(async () => {
    d = await deployTo(node.url);
    await mintInto(d, "BTC3L", 10_000n * USDC);
    await mintInto(d, "BTC3S", 10_000n * USDC);
  });
  afterEach(async () => {
    await keeper?.stop();
    keeper = undefined;
    await d?.cleanup();
    d = undefined;
  });

  const setBtc = async (usd: bigint) => {
    const rc = await (await d!.protocol.markets["BTC-USD"].feed.setPrice(price(usd))).wait();
    return rc!.blockNumber;
  };
  const inBand = async (symbol: string) => {
    const v = d!.protocol.tokens[symbol].vault;
    const [lev, p, status] = await Promise.all([v.leverage(), v.params(), v.rebalanceStatus()]);
    return { lev, ok: lev >= p.minLeverage && lev <= p.maxLeverage && status === 0n };
  };
  const rebalancedBlocks = async (symbol: string, fromBlock: number) => {
    const v = d!.protocol.tokens[symbol].vault;
    return (await v.queryFilter(v.filters.Rebalanced(), fromBlock)).map((e) => e.blockNumber);
  };

  it("brings a 3x long after -10% and a 3x short after +10% back inside their bands within two blocks", async () => {
    keeper = startKeeper(keeperArgs(node.url, d!.recordFile, ["--log-level", "debug"]));
    await keeper.waitFor((l) => l.event === "poll", 30_000, "first poll");

    // -10%: the long goes to 3 x 0.9 / 0.7 = 3.857x (band 2.5-3.5); the short to 3 x 0.9 / 1.3 = 2.077x
    const moved = await setBtc(54_000n);
    const longMined = await keeper.waitFor(
      (l) => l.event === "tx-mined" && l.symbol === "BTC3L",
      30_000,
      "BTC3L mined"
    );
    await keeper.waitFor((l) => l.event === "tx-mined" && l.symbol === "BTC3S", 30_000, "BTC3S mined");
    const decided = keeper.lines.find((l) => l.event === "decision" && l.symbol === "BTC3L")!;
    near(levOf(decided), (3 * 0.9) / 0.7, 0.005); // fees paid at mint move it by < 0.1%
    expect(decided.block).to.equal(moved);
    near(Number(longMined.leverageAfter), 3, 1e-4);
    for (const s of ["BTC3L", "BTC3S"]) {
      expect((await inBand(s)).ok, `${s} in band`).to.equal(true);
      const blocks = await rebalancedBlocks(s, moved + 1);
      expect(blocks).to.have.length(1);
      expect(blocks[0]).to.be.within(moved + 1, moved + 2);
    }

    // +10% from there: the short goes to 3 x 1.1 / 0.7 = 4.714x; the long to 3 x 1.1 / 1.3 = 2.538x, still inside
    const movedUp = await setBtc(59_400n);
    const shortUp = await keeper.waitFor(
      (l) => l.event === "tx-mined" && l.symbol === "BTC3S" && (l.blockNumber as number) > movedUp,
      30_000
    );
    near(Number(shortUp.leverageBefore), (3 * 1.1) / 0.7, 0.005);
    expect((await inBand("BTC3S")).ok).to.equal(true);
    expect(await rebalancedBlocks("BTC3S", movedUp + 1)).to.have.length(1);
    expect((await rebalancedBlocks("BTC3S", movedUp + 1))[0]).to.be.within(movedUp + 1, movedUp + 2);
    // one more poll after the move: the long, still in band, got nothing
    const after = await keeper.waitFor(
      (l) => l.event === "poll" && (l.block as number) >= (shortUp.blockNumber as number),
      30_000
    );
    expect(after.actions).to.equal(0);
    expect(keeper.lines.filter((l) => l.event === "tx-sent" && l.symbol === "BTC3L")).to.have.length(1);
    expect(await rebalancedBlocks("BTC3L", movedUp + 1)).to.deep.equal([]);
  });

  it("ripcords before ordinary rebalances in the same poll and the reward reaches the keeper", async () => {
    // -20%: the long goes to 3 x 0.8 / 0.4 = 6x (ripcord at 5x); the short to 3 x 0.8 / 1.6 = 1.5x (rebalance)
    await setBtc(48_000n);
    const long = d!.protocol.tokens.BTC3L.vault;
    expect(await long.rebalanceStatus()).to.equal(3n);
    const equity = await long.equity();
    const p = await long.params();
    const expectedReward = p.ripcordReward < equity / 100n ? p.ripcordReward : equity / 100n; // min(reward, 1% of equity)
    const usdcBefore = await d!.protocol.usdc.balanceOf(KEEPER_ADDRESS);

    const r = await runKeeper(keeperArgs(node.url, d!.recordFile, ["--once"]));
    expect(r.code, r.stderr).to.equal(0);
    const sent = r.lines.filter((l) => l.event === "tx-sent");
    expect(sent.map((l) => [l.symbol, l.kind])).to.deep.equal([
      ["BTC3L", "ripcord"],
      ["BTC3S", "rebalance"],
    ]);
    expect(sent[0].nonce as number).to.be.lessThan(sent[1].nonce as number);
    const mined = r.lines.filter((l) => l.event === "tx-mined");
    const blockOf = (s: string) => mined.find((l) => l.symbol === s)!.blockNumber as number;
    expect(blockOf("BTC3L")).to.be.lessThan(blockOf("BTC3S"));

    expect((await d!.protocol.usdc.balanceOf(KEEPER_ADDRESS)) - usdcBefore).to.equal(expectedReward);
    const ripcordMined = mined.find((l) => l.symbol === "BTC3L")!;
    expect(ripcordMined.ripcordReward).to.equal(formatUnits(expectedReward, 6)); // the reward earned, logged
    expect(ripcordMined.msg).to.match(new RegExp(`reward ${formatUnits(expectedReward, 6)}$`));
    const paid = await long.queryFilter(long.filters.RipcordRewardPaid(), blockOf("BTC3L"), blockOf("BTC3L"));
    expect(paid.map((e) => [e.args.caller, e.args.reward])).to.deep.equal([[KEEPER_ADDRESS, expectedReward]]);
    expect((await inBand("BTC3L")).ok).to.equal(true);
    expect((await inBand("BTC3S")).ok).to.equal(true);
  });

  it("picks up a vault created through the factory while it runs", async () => {
    keeper = startKeeper(keeperArgs(node.url, d!.recordFile, ["--log-level", "debug"]));
    await keeper.waitFor((l) => l.event === "poll" && l.vaults === 4, 30_000, "poll over 4 vaults");
    const cfg = tokenConfig("BTC", 2, true);
    const market = await d!.protocol.markets["BTC-USD"].market.getAddress();
    // the factory's owner is the timelock: propose, wait out its delay on the node, execute
    const create = await timelockCall(d!.protocol.factory, "createLeveragedToken", [{ ...cfg, market }]);
    const advance = (dt: number) => d!.connection.networkHelpers.time.increase(dt);
    await (await executeThroughTimelock(d!.protocol.timelock, [create], advance)).wait();
    await keeper.waitFor((l) => l.event === "poll" && l.vaults === 5, 30_000, "poll over 5 vaults");

    const [deployer] = await d!.connection.ethers.getSigners();
    const vault = LeverageVault__factory.connect(await d!.protocol.factory.vaultOfSymbol("BTC2L"), deployer);
    await (await d!.protocol.usdc.connect(deployer).faucet(1_000n * USDC)).wait();
    await (await d!.protocol.usdc.connect(deployer).approve(await vault.getAddress(), 1_000n * USDC)).wait();
    await (await vault.mint(1_000n * USDC, 0n, deployer.address)).wait();
    // -15%: 2 x 0.85 / 0.7 = 2.43x, above the 2x token's band of 1.6-2.4
    await setBtc(51_000n);
    const mined = await keeper.waitFor((l) => l.event === "tx-mined" && l.symbol === "BTC2L", 30_000, "BTC2L mined");
    near(Number(mined.leverageBefore), (2 * 0.85) / 0.7, 0.005);
    expect(await vault.rebalanceStatus()).to.equal(0n);
    expect(await vault.leverage()).to.be.closeTo(2n * WAD, WAD / 10_000n);
  });

  it("sends nothing in --dry-run", async () => {
    await setBtc(54_000n);
    const nonceBefore = await d!.connection.ethers.provider.getTransactionCount(KEEPER_ADDRESS);
    const r = await runKeeper(keeperArgs(node.url, d!.recordFile, ["--once", "--dry-run"]));
    expect(r.code, r.stderr).to.equal(0);
    expect(
      r.lines
        .filter((l) => l.event === "dry-run")
        .map((l) => l.symbol)
        .sort()
    ).to.deep.equal(["BTC3L", "BTC3S"]);
    expect(r.lines.filter((l) => l.event === "tx-sent")).to.deep.equal([]);
    expect(await d!.connection.ethers.provider.getTransactionCount(KEEPER_ADDRESS)).to.equal(nonceBefore);
    expect(await d!.protocol.tokens.BTC3L.vault.rebalanceStatus()).to.equal(1n);
    expect(await d!.protocol.tokens.BTC3S.vault.rebalanceStatus()).to.equal(1n);
  });

  it("--once exits 0 when there is nothing to do", async () => {
    const r = await runKeeper(keeperArgs(node.url, d!.recordFile, ["--once"]));
    expect(r.code, r.stderr).to.equal(0);
    const done = r.lines.find((l) => l.event === "pass-done")!;
    expect([done.vaults, done.actions, done.sent]).to.deep.equal([4, 0, 0]);
  });

  it("--once exits non-zero when a send fails", async () => {
    await setBtc(54_000n);
    const broke = Wallet.createRandom(); // no ether: the node rejects the send for insufficient funds
    const r = await runKeeper(keeperArgs(node.url, d!.recordFile, ["--once"]), {
      KEEPER_PRIVATE_KEY: broke.privateKey,
    });
    expect(r.code).to.equal(1);
    expect(r.lines.filter((l) => l.event === "tx-failed").length).to.be.greaterThan(0);
    expect(r.lines.map((l) => JSON.stringify(l)).join("\n")).to.not.include(broke.privateKey.slice(2));
    expect(await d!.protocol.tokens.BTC3L.vault.rebalanceStatus()).to.equal(1n);
  });

  it("serves /healthz and /metrics, fails health on a low balance, and stops on SIGTERM with exit 0", async () => {
    keeper = startKeeper([...keeperArgs(node.url, d!.recordFile), "--port", "0", "--health-min-balance", "1"]);
    const port = (await keeper.waitFor((l) => l.event === "listening", 30_000)).port as number;
    await keeper.waitFor((l) => l.event === "decision" || l.msg === "poll done" || l.event === "started", 30_000);
    // wait until a poll has succeeded (healthz says so), then read metrics
    let health: { ok: boolean; problems: string[] } = { ok: false, problems: ["no successful poll yet"] };
    for (let i = 0; i < 100 && health.problems.includes("no successful poll yet"); i++) {
      health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as typeof health;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(health.ok).to.equal(true); // 10,000 ether on a hardhat account

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const head = await d!.connection.ethers.provider.getBlockNumber();
    expect(metrics).to.match(new RegExp(`^keeper_last_block ${head}$`, "m"));
    expect(metrics).to.match(/^keeper_vaults 4$/m);
    expect(metrics).to.match(/^keeper_vault_leverage\{vault="0x[0-9a-fA-F]{40}",symbol="BTC3L"\} 3(\.\d+)?/m);
    expect(metrics).to.include("keeper_loop_duration_seconds_bucket");
    expect(metrics).to.include("keeper_signer_balance_eth");

    const code = await keeper.stop();
    expect(code).to.equal(0);
    expect(keeper.lines.some((l) => l.event === "stopped")).to.equal(true);

    // same keeper, balance threshold above what it has
    keeper = startKeeper([...keeperArgs(node.url, d!.recordFile), "--port", "0", "--health-min-balance", "1000000"]);
    const port2 = (await keeper.waitFor((l) => l.event === "listening", 30_000)).port as number;
    let res: Response;
    let body: { ok: boolean; problems: string[] };
    do {
      await new Promise((r) => setTimeout(r, 100));
      res = await fetch(`http://127.0.0.1:${port2}/healthz`);
      body = (await res.json()) as typeof body;
    } while (body.problems.includes("no successful poll yet"));
    expect(res.status).to.equal(503);
    expect(body.problems.join(";")).to.match(/signer balance .* below 1000000000000000000000000 wei/);
  });
});
