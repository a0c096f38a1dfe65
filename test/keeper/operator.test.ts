// The keeper as an operator runs it (issue #14): SIGTERM to `npm run keeper`, --wait-for-rpc, --host, a port
// clash, a missing build, every counter at 0 from the start, stale and invalid feeds, the ripcord reward metric.
// One anvil for the file; a fresh deployment per test.
import { expect } from "chai";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import {
  deployTo,
  freePort,
  keeperArgs,
  mintInto,
  ROOT,
  runKeeper,
  startKeeper,
  startNode,
  type Deployed,
  type KeeperRun,
  type Node,
} from "../helpers/keeper.js";

const USDC = 10n ** 6n;
const price = (usd: bigint) => usd * 10n ** 8n;

/** Whether something listens on host:port. */
const listening = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(true));
    s.listen(port, host, () => s.close(() => resolve(false)));
  });
/** Whether `pid` still runs: an exited child that nobody has reaped yet (a zombie, state Z) does not. */
const alive = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
};
const metricsOf = async (port: number, host = "127.0.0.1") => (await fetch(`http://${host}:${port}/metrics`)).text();
const healthOf = async (port: number) => {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; problems: string[] } };
};
async function until<T>(what: string, f: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("keeper operator", function () {
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
  });
  afterEach(async () => {
    await keeper?.stop();
    keeper = undefined;
    await d?.cleanup();
    d = undefined;
  });

  it("SIGTERM to `npm run keeper` (npm's own pid) stops the keeper within 5 s, logs stopped and frees the port", async () => {
    const port = await freePort();
    keeper = startKeeper(keeperArgs(node.url, d!.recordFile, ["--port", String(port)]), undefined, undefined, {
      viaNpm: true,
    });
    const started = await keeper.waitFor((l) => l.event === "started", 60_000, "started");
    await keeper.waitFor((l) => l.event === "listening", 10_000, "listening");
    const keeperPid = started.pid as number;
    expect(keeperPid).to.not.equal(keeper.proc.pid); // npm is in front of it
    expect(await listening("127.0.0.1", port)).to.equal(true);

    const t0 = Date.now();
    keeper.proc.kill("SIGTERM"); // the npm process, not its group
    const stopped = await keeper.waitFor((l) => l.event === "stopped", 5_000, "stopped within 5 s");
    await until("the keeper process to exit", async () => !alive(keeperPid), 5_000);
    const exitedMs = Date.now() - t0;
    expect(exitedMs).to.be.lessThan(5_000);
    expect(await listening("127.0.0.1", port)).to.equal(false);
    const stoppedMs = Date.parse(stopped.time as string) - t0;
    console.log(`      SIGTERM to npm: "stopped" logged after ${stoppedMs} ms, process gone within ${exitedMs} ms`);
  });

  it("--wait-for-rpc waits for a node that is not up yet, then starts", async () => {
    const port = await freePort();
    keeper = startKeeper(
      keeperArgs(`http://127.0.0.1:${port}`, d!.recordFile, ["--wait-for-rpc", "60", "--once", "--dry-run"])
    );
    await keeper.waitFor((l) => l.event === "rpc-waiting", 30_000, "rpc-waiting");
    // the record's chain is the file's anvil; a second anvil forks nothing, so point it at the same state instead:
    // a proxy port that forwards to the running node, opened only now
    const { createServer: http } = await import("node:http");
    const proxy = http(async (req, res) => {
      const body = await new Promise<string>((r) => {
        let b = "";
        req.on("data", (c) => (b += c)).on("end", () => r(b));
      });
      const up = await fetch(node.url, { method: "POST", headers: { "content-type": "application/json" }, body });
      res.writeHead(up.status, { "content-type": "application/json" }).end(await up.text());
    });
    await new Promise<void>((r) => proxy.listen(port, "127.0.0.1", () => r()));
    try {
      expect(await keeper.exited, keeper.stderr.join("")).to.equal(0);
      expect(keeper.lines.some((l) => l.event === "started")).to.equal(true);
      expect(keeper.lines.filter((l) => l.event === "rpc-waiting")).to.have.length(1);
    } finally {
      proxy.close();
    }
  });

  it("binds /healthz and /metrics to --host, and a port clash is one line naming --port, exit 2", async () => {
    const port = await freePort();
    keeper = startKeeper(keeperArgs(node.url, d!.recordFile, ["--host", "127.0.0.2", "--port", String(port)]));
    const l = await keeper.waitFor((x) => x.event === "listening", 60_000, "listening");
    expect([l.host, l.port]).to.deep.equal(["127.0.0.2", port]);
    expect((await fetch(`http://127.0.0.2:${port}/healthz`)).status).to.be.oneOf([200, 503]);
    expect(await listening("127.0.0.1", port)).to.equal(false); // not on the default address

    const clash = await runKeeper(keeperArgs(node.url, d!.recordFile, ["--host", "127.0.0.2", "--port", String(port)]));
    expect(clash.code).to.equal(2);
    expect(clash.stderr.trim().split("\n")).to.deep.equal([
      `keeper: --port ${port} is already in use on 127.0.0.2: stop what holds it or choose another --port`,
    ]);
  });

  it("exports every counter from the start at 0, per vault and kind", async () => {
    const port = await freePort();
    keeper = startKeeper(keeperArgs(node.url, d!.recordFile, ["--port", String(port)]));
    await keeper.waitFor((l) => l.event === "listening", 60_000);
    const text = await until("a first poll in the metrics", async () => {
      const t = await metricsOf(port);
      return /^keeper_vaults 4$/m.test(t) && t;
    });
    const vault = await d!.protocol.tokens.BTC3L.vault.getAddress();
    const at0 = (name: string, labels: string) =>
      expect(text, `${name}{${labels}}`).to.match(
        new RegExp(`^${name}\\{${labels.replace(/[{}()]/g, "\\$&")}\\} 0$`, "m")
      );
    for (const kind of ["ripcord", "settle", "rebalance"])
      for (const name of [
        "keeper_rebalances_sent_total",
        "keeper_rebalances_failed_total",
        "keeper_rebalances_replaced_total",
      ])
        at0(name, `vault="${vault}",symbol="BTC3L",kind="${kind}"`);
    for (const name of [
      "keeper_settlements_sent_total",
      "keeper_settlements_succeeded_total",
      "keeper_requests_settled_total",
      "keeper_requests_refunded_total",
      "keeper_ripcord_reward_total",
      "keeper_settle_reward_total",
    ])
      at0(name, `vault="${vault}",symbol="BTC3L"`);
    expect(text).to.match(/^keeper_rpc_errors_total 0$/m);
    expect(text).to.match(/^keeper_settlement_delay_blocks_count 0$/m);
    expect(text).to.match(new RegExp(`^keeper_pending_requests\\{vault="${vault}",symbol="BTC3L"\\} 0$`, "m"));
  });

  it("a stale and then an invalid feed are logged once each, fail /healthz and show in the per-vault metric", async () => {
    const port = await freePort();
    keeper = startKeeper(keeperArgs(node.url, d!.recordFile, ["--port", String(port)]));
    await keeper.waitFor((l) => l.event === "listening", 60_000);
    await until("a first poll", async () => (await healthOf(port)).status === 200);
    const eth = d!.protocol.markets["ETH-USD"].feed;
    const eth2l = await d!.protocol.tokens.ETH2L.vault.getAddress();
    const maxStaleness = (await d!.protocol.tokens.ETH2L.vault.params()).maxStaleness;
    const head = await d!.connection.ethers.provider.getBlock("latest");
    const [, answer] = await eth.latestRoundData();
    await (await eth.setRoundData(answer, BigInt(head!.timestamp) - maxStaleness - 100n)).wait();

    const stale = await keeper.waitFor((l) => l.event === "feed-stale" && l.symbol === "ETH2L", 30_000, "feed-stale");
    expect(stale.from).to.equal("OK");
    const h = await until("/healthz to fail", async () => {
      const x = await healthOf(port);
      return x.status === 503 && x;
    });
    expect(h.body.problems.some((p) => p.startsWith(`ETH2L (${eth2l}): price feed stale (`))).to.equal(true);
    expect(h.body.problems.some((p) => p.startsWith("ETH2S ("))).to.equal(true);
    expect(h.body.problems.some((p) => p.startsWith("BTC3L ("))).to.equal(false);
    expect(await metricsOf(port)).to.match(
      new RegExp(`^keeper_vault_feed_state\\{vault="${eth2l}",symbol="ETH2L"\\} 1$`, "m")
    );

    // several polls later: still one line for it
    await new Promise((r) => setTimeout(r, 1_500)); // about seven polls at --poll-interval 200
    expect(keeper.lines.filter((l) => l.event === "feed-stale" && l.symbol === "ETH2L")).to.have.length(1);

    await (await eth.setPrice(0n)).wait(); // no valid price at all
    const invalid = await keeper.waitFor(
      (l) => l.event === "feed-invalid" && l.symbol === "ETH2L",
      30_000,
      "feed-invalid"
    );
    expect(invalid.from).to.equal("STALE");
    await until("the invalid state in the metric", async () =>
      new RegExp(`^keeper_vault_feed_state\\{vault="${eth2l}",symbol="ETH2L"\\} 2$`, "m").test(await metricsOf(port))
    );

    await (await eth.setPrice(answer)).wait();
    await keeper.waitFor((l) => l.event === "feed-ok" && l.symbol === "ETH2L", 30_000, "feed-ok");
    await until("/healthz ok again", async () => (await healthOf(port)).status === 200);
  });

  it("logs the ripcord reward it earned and adds it to keeper_ripcord_reward_total", async () => {
    await mintInto(d!, "BTC3L", 10_000n * USDC);
    const port = await freePort();
    keeper = startKeeper(keeperArgs(node.url, d!.recordFile, ["--port", String(port)]));
    await keeper.waitFor((l) => l.event === "listening", 60_000);
    const long = d!.protocol.tokens.BTC3L.vault;
    await (await d!.protocol.markets["BTC-USD"].feed.setPrice(price(48_000n))).wait(); // 6x: ripcord
    const mined = await keeper.waitFor((l) => l.event === "tx-mined" && l.kind === "ripcord", 30_000, "ripcord mined");
    const [paid] = await long.queryFilter(long.filters.RipcordRewardPaid(), mined.blockNumber as number);
    const reward = Number(paid.args.reward) / 1e6;
    expect(reward).to.be.greaterThan(0);
    expect(Number(mined.ripcordReward)).to.equal(reward);
    expect(mined.msg).to.include(`reward ${mined.ripcordReward}`);
    const vault = await long.getAddress();
    await until("the reward in the metric", async () =>
      (await metricsOf(port)).includes(`keeper_ripcord_reward_total{vault="${vault}",symbol="BTC3L"} ${reward}`)
    );
  });

  it("a missing build is one line saying to run npm run build, exit 2", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "keeper-nobuild-"));
    try {
      for (const f of ["keeper", "sdk", "package.json", "tsconfig.json"])
        cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
      symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
      const r = spawnSync(process.execPath, ["--import", "tsx", "keeper/cli.ts", "--help"], {
        cwd: dir,
        encoding: "utf8",
      });
      expect(r.status).to.equal(2);
      expect(r.stderr.trim().split("\n")).to.deep.equal([
        "keeper: the build is missing (types/ethers-contracts/index.js not found): run `npm run build` first",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
