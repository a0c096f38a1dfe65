// docs/keeper.md "Try it on a local node", step by step: the test reads the commands from the doc's ```sh blocks and
// runs them in order, as typed, against its own `hardhat node` (its URL and a temporary folder stand in for
// http://127.0.0.1:8545 and deployments/), then checks what each step says the keeper does. The deploy command gets a
// test journal id so that a user's own local journal is left alone.
import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  follow,
  isolatedConfigHome,
  ROOT,
  startNode,
  stopProcess,
  type KeeperRun,
  type LogLine,
  type Node,
} from "../helpers/keeper.js";

const doc = readFileSync(path.join(ROOT, "docs/keeper.md"), "utf8");
const section = doc.slice(
  doc.indexOf("## Try it on a local node"),
  doc.indexOf("\n## ", doc.indexOf("## Try it on a local node") + 5)
);
const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
  m[1]
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
);

describe("docs/keeper.md: try it on a local node", function () {
  this.timeout(600_000);
  let node: Node | undefined;
  let keeper: KeeperRun | undefined;
  let dir: string | undefined;
  const children: ChildProcess[] = [];
  const journal = `keeper-test-walkthrough-${process.pid}`;

  after(async () => {
    if (keeper) await stopProcess(keeper.proc);
    for (const c of children) await stopProcess(c);
    await node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    rmSync(path.join(ROOT, "deploy/deployments", journal), { recursive: true, force: true });
  });

  /** A documented line as the test runs it: the node's URL and the temporary record in place of the defaults. */
  const localize = (line: string) =>
    line
      .replaceAll("http://127.0.0.1:8545", node!.url)
      .replaceAll("deployments/localhost.json", path.join(dir!, "localhost.json"));
  /** `A=1 B=2 npm run script -- args` -> env and npm's arguments. */
  const parse = (line: string) => {
    const words = localize(line).split(/\s+/);
    const env: Record<string, string> = {};
    while (/^[A-Z_]+=/.test(words[0])) {
      const [k, ...v] = words.shift()!.split("=");
      env[k] = v.join("=");
    }
    expect(words.slice(0, 2), line).to.deep.equal(["npm", "run"]);
    return { env, args: ["run", "--silent", ...words.slice(2)] };
  };
  const spawnLine = (line: string, extra: string[] = []) => {
    const { env, args } = parse(line);
    const child = spawn("npm", [...args, ...extra], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        XDG_CONFIG_HOME: isolatedConfigHome(),
        LOCALHOST_RPC_URL: node!.url, // npm run deploy -- --network localhost
        LEVER_RPC_URL: node!.url, // the dev helpers
        LEVER_DEPLOYMENTS_DIR: dir!, // where deploy writes and the dev helpers read localhost.json
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    return child;
  };
  const runLine = (line: string, extra: string[] = []) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const c = spawnLine(line, extra);
      let out = "";
      let err = "";
      c.stdout!.on("data", (x) => (out += x));
      c.stderr!.on("data", (x) => (err += x));
      c.on("close", (code) => resolve({ code, out: out.trim(), err: err.trim() }));
    });
  const ok = async (line: string, extra: string[] = []) => {
    const r = await runLine(line, extra);
    expect(r.code, `${line}\n${r.out}\n${r.err}`).to.equal(0);
    return r.out;
  };
  const minedAfter = (block: number, kind: string) => (l: LogLine) =>
    l.event === "tx-mined" && l.kind === kind && l.symbol === "BTC3L" && (l.blockNumber as number) > block;
  const head = async () => {
    const res = await fetch(node!.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
    });
    return Number(((await res.json()) as { result: string }).result);
  };

  it("has the set-up block and the four steps the doc promises", () => {
    expect(blocks).to.have.length(5);
    expect(blocks[0][0]).to.equal("npx hardhat node");
    expect(blocks[0][1]).to.match(/^npm run deploy -- --network localhost$/);
    expect(blocks[0][2]).to.match(/npm run keeper -- /);
    expect(blocks.slice(1).map((b) => b.length)).to.deep.equal([2, 2, 1, 2]);
  });

  it("runs every step in order and each does what the doc says", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "keeper-walkthrough-"));
    node = await startNode("hardhat"); // `npx hardhat node`, on a free port
    const [, deploy, keeperLine] = blocks[0];
    await ok(deploy, ["--deployment-id", journal]);
    keeper = follow(spawnLine(keeperLine));
    await keeper.waitFor((l) => l.event === "started", 60_000, "keeper started");

    // 1. a band rebalance
    const [mint, down10] = blocks[1];
    expect(await ok(mint)).to.match(/^minted [0-9.]+ BTC3L for 100 USDC to 0x[0-9a-fA-F]{40} .*leverage 3\.0000x$/);
    expect(await ok(down10)).to.match(/^BTC-USD 60000\.0 -> 54000\.0 \(round \d+, block \d+\)$/);
    let at = await head();
    const band = await keeper.waitFor(minedAfter(at - 1, "rebalance"), 60_000, "band rebalance");
    expect([band.leverageBefore, band.leverageAfter]).to.deep.equal(["3.8571", "3.0000"]);

    // 2. a time-based rebalance: nothing at -3%, a rebalance once a day has passed
    const [down3, day] = blocks[2];
    await ok(down3);
    at = await head();
    await new Promise((r) => setTimeout(r, 5_000)); // two polls at the default 2 s
    expect(keeper.lines.filter((l) => l.event === "tx-sent" && (l.block as number) >= at)).to.deep.equal([]);
    expect(await ok(day)).to.match(/^time \+86400 s: block \d+ at .*; feeds refreshed in it: BTC-USD, ETH-USD$/);
    const timed = await keeper.waitFor(minedAfter(at, "rebalance"), 60_000, "time-based rebalance");
    expect(Number(timed.leverageBefore)).to.be.within(3.15, 3.25);
    expect(timed.leverageAfter).to.equal("3.0000");
    expect(keeper.lines.some((l) => l.event === "feed-stale")).to.equal(false); // the jump never left a feed stale

    // 3. a ripcord, and its reward
    at = await head();
    await ok(blocks[3][0]);
    const ripcord = await keeper.waitFor(minedAfter(at, "ripcord"), 60_000, "ripcord");
    expect(Number(ripcord.leverageBefore)).to.be.within(5.9, 6.1);
    expect(Number(ripcord.ripcordReward)).to.be.greaterThan(0);

    // 4. a request, its round, the keeper's settlement in the next block
    const [request, round] = blocks[4];
    const requested = await ok(request);
    const m = /request (\d+) settles at round (\d+) of its feed/.exec(requested);
    expect(m, requested).to.not.equal(null);
    const published = await ok(round);
    expect(published).to.include(`(round ${m![2]}, block `);
    const roundBlock = Number(/block (\d+)\)$/.exec(published)![1]);
    const settled = await keeper.waitFor(minedAfter(roundBlock, "settle"), 60_000, "settlement");
    expect([settled.settled, settled.blocksFromRound, settled.blockNumber]).to.deep.equal([1, 1, roundBlock + 1]);

    // and SIGTERM to the npm process the doc starts ends it with `stopped`
    keeper.proc.kill("SIGTERM");
    await keeper.waitFor((l) => l.event === "stopped", 5_000, "stopped");
  });
});
