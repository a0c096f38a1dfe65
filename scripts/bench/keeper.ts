// Keeper benchmark (a script, not a test): wall time of one poll over 1, 100 and 1,000 vaults on a local anvil,
// and the blocks from "drift visible" to "rebalance mined" with interval mining.
// Run: npm run build && npm run bench:keeper   (options: --vaults 1,100,1000 --runs 5 --block-time 1 --poll 1000 --page-size 200 --page-sizes 50,100,500 --dispatch no --out file.json)
import { rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { JsonRpcProvider, Network, Wallet } from "ethers";
import { network } from "hardhat";
import { pino } from "pino";
import { defaultConfig, token as tokenConfig, type ProtocolConfig } from "../../deploy/config/defaults.js";
import { KEEPER_KEY, ROOT, rpc, startNode, type Node } from "../../deploy/localNode.js";
import { deployProtocol, toRecord, type Protocol } from "../../deploy/protocol.js";
import { readVaults } from "../../keeper/chain.js";
import { parseConfig, type KeeperConfig } from "../../keeper/config.js";
import { Keeper } from "../../keeper/keeper.js";
import { KeeperMetrics } from "../../keeper/metrics.js";
import type { Deployment } from "../../sdk/deployment.js";
import { decodeFactoryVaults } from "../../sdk/vaultStates.js";
import {
  LeveragedTokenFactory__factory,
  VaultLens__factory,
  type LeveragedTokenFactory,
  type VaultLens,
} from "../../types/ethers-contracts/index.js";

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const SIZES = arg("vaults", "1,100,1000").split(",").map(Number);
const RUNS = Number(arg("runs", "5"));
const BLOCK_TIME = Number(arg("block-time", "1"));
const POLL_MS = Number(arg("poll", "1000"));
const PAGE_SIZE = arg("page-size", "200");
const USDC = 10n ** 6n;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timed = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
  const t = performance.now();
  const r = await f();
  return [performance.now() - t, r];
};

type Connection = Awaited<ReturnType<typeof network.create>>;
type Signer = Awaited<ReturnType<Connection["ethers"]["getSigners"]>>[number];

/** Everything the measurements share: one anvil, one deployment, one in-process keeper. */
interface Bench {
  node: Node;
  connection: Connection;
  protocol: Protocol;
  record: Deployment;
  chainId: number;
  deployer: Signer;
  market: string;
  provider: JsonRpcProvider;
  lens: VaultLens;
  factoryView: LeveragedTokenFactory;
  cfg: KeeperConfig;
  keeper: Keeper;
}

interface Row {
  vaults: number;
  readMs: number;
  pollMs: number;
  lensCalls: number;
  lensGasPerVault: number;
}

interface PageRow {
  pageSize: number;
  readMs: number;
  rawCallMs: number;
  decodeMs: number;
  ethersDecodeMs: number;
}

const JOURNALS = path.join(ROOT, "deploy/deployments");
let journal = "";
let stopping = false;

/**
 * A benchmark that loses its node fails at once, saying so: otherwise ethers retries a refused connection forever
 * and the bench hangs without a word (as it did when the kernel killed an anvil that had grown to 24 GB).
 */
function failOnNodeLoss(node: Node) {
  node.proc.once("exit", (code, signal) => {
    if (stopping) return;
    const why = signal === "SIGKILL" ? " (SIGKILL: out of memory?)" : "";
    console.error(
      `bench:keeper: anvil exited during the benchmark, code ${code} signal ${signal}${why}; ` +
        `last output: ${node.output.slice(-5).join("").trim() || "(none)"}`
    );
    if (journal) rmSync(journal, { recursive: true, force: true });
    process.exit(1);
  });
}

async function setUp(): Promise<Bench> {
  const node = await startNode("anvil", undefined, ["--gas-limit", "1000000000", "--code-size-limit", "100000"]);
  failOnNodeLoss(node);
  const connection = await network.create({ network: "localhost", override: { url: node.url } });
  const btc = defaultConfig.markets[0];
  const config: ProtocolConfig = { markets: [btc], tokens: [tokenConfig("BTC", 3, true)] };
  const deploymentId = `bench-keeper-${Date.now()}`;
  journal = path.join(JOURNALS, deploymentId);
  const protocol = await deployProtocol(connection, config, { deploymentId });
  const chainId = Number((await connection.ethers.provider.getNetwork()).chainId);
  const record = await toRecord(protocol, chainId, config);
  const [deployer] = await connection.ethers.getSigners();
  const market = await protocol.markets["BTC-USD"].market.getAddress();
  await (await protocol.usdc.connect(deployer).faucet(1_000n * USDC)).wait();

  const provider = new JsonRpcProvider(node.url, Network.from(chainId), { staticNetwork: true });
  const cfg = parseConfig(
    { rpcUrl: node.url, deployment: "bench", port: "-1", logLevel: "silent", pageSize: PAGE_SIZE },
    { KEEPER_PRIVATE_KEY: KEEPER_KEY }
  );
  const keeper = new Keeper(
    cfg,
    record,
    provider,
    new Wallet(KEEPER_KEY, provider),
    pino({ level: "silent" }),
    new KeeperMetrics()
  );
  return {
    node,
    connection,
    protocol,
    record,
    chainId,
    deployer,
    market,
    provider,
    lens: VaultLens__factory.connect(record.lens, provider),
    factoryView: LeveragedTokenFactory__factory.connect(record.factory, provider),
    cfg,
    keeper,
  };
}

async function tearDown(b: Bench | undefined) {
  stopping = true;
  b?.provider.destroy();
  await b?.connection.close();
  await b?.node.stop();
  if (journal) rmSync(journal, { recursive: true, force: true });
}

/** Drift visible -> rebalance mined, with interval mining and the keeper loop in-process (one vault). */
async function measureLatency(b: Bench): Promise<number[]> {
  const first = b.protocol.tokens.BTC3L.vault.connect(b.deployer);
  await (await b.protocol.usdc.connect(b.deployer).approve(await first.getAddress(), 100n * USDC)).wait();
  await (await first.mint(100n * USDC, 0n, b.deployer.address)).wait();
  const latency = await driftToMined(b);
  console.log(`drift to mined: ${latency.join(", ")} blocks (block time ${BLOCK_TIME} s, poll ${POLL_MS} ms)`);
  await rpc(b.node.url, "evm_setIntervalMining", [0]);
  await rpc(b.node.url, "evm_setAutomine", [true]);
  return latency;
}

/** Creates vaults through the factory up to `n` (same market), each with a position (a mint). Returns the count. */
async function growTo(b: Bench, created: number, n: number): Promise<number> {
  const factory = b.protocol.factory.connect(b.deployer);
  const gasCreate =
    created < n
      ? ((await factory.createLeveragedToken.estimateGas({
          ...tokenConfig("BTC", 3, true),
          symbol: "GASPROBE",
          market: b.market,
        })) *
          13n) /
        10n
      : 0n;
  // sent one after another without waiting for receipts (automine mines each on arrival), then the last waited for
  let last: { wait(): Promise<unknown> } | null = null;
  for (; created < n; created++) {
    const t = tokenConfig("BTC", 3, created % 2 === 0);
    const symbol = `B${created}${t.isLong ? "L" : "S"}`;
    last = await factory.createLeveragedToken({ ...t, symbol, market: b.market }, { gasLimit: gasCreate });
  }
  await last?.wait();
  await (await b.protocol.usdc.connect(b.deployer).faucet(1_000n * USDC)).wait();
  const usdc = b.protocol.usdc.connect(b.deployer);
  for (const v of await b.protocol.factory.allVaults()) {
    const vault = b.protocol.tokens.BTC3L.vault.attach(v).connect(b.deployer) as typeof b.protocol.tokens.BTC3L.vault;
    if ((await vault.leverage()) !== 0n) continue;
    await usdc.approve(v, 1n * USDC, { gasLimit: 100_000n });
    last = await vault.mint(1n * USDC, 0n, b.deployer.address, { gasLimit: 1_000_000n });
  }
  await last?.wait();
  return created;
}

/** The lens read alone and the keeper's full poll over `n` vaults, median of RUNS. */
async function measurePolls(b: Bench, n: number): Promise<Row> {
  const head = await b.provider.getBlockNumber();
  const reads: number[] = [];
  const polls: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const [readMs, states] = await timed(() => readVaults(b.lens, b.factoryView, b.cfg.pageSize, head));
    reads.push(readMs);
    if (states.length !== n) throw new Error(`read ${states.length} vaults, expected ${n}`);
    polls.push((await timed(() => b.keeper.poll()))[0]);
  }
  const gas = await b.provider.estimateGas({
    to: b.record.lens,
    data: b.lens.interface.encodeFunctionData("getFactoryVaults", [b.record.factory, 0, n]),
  });
  const row = {
    vaults: n,
    readMs: median(reads),
    pollMs: median(polls),
    lensCalls: Math.ceil(n / b.cfg.pageSize),
    lensGasPerVault: Number(gas) / n,
  };
  console.log(
    `vaults ${n}: lens read ${row.readMs.toFixed(1)} ms, full poll ${row.pollMs.toFixed(1)} ms (median of ${RUNS}), ` +
      `${row.lensCalls} lens call(s), ${Math.round(row.lensGasPerVault)} gas per vault read`
  );
  return row;
}

/** The largest set read again with page size `ps`: node time vs decoding time (ours and ethers'). */
async function measurePageSize(b: Bench, vaults: number, ps: number): Promise<PageRow> {
  const head = await b.provider.getBlockNumber();
  const reads: number[] = [];
  const raws: number[] = [];
  const decodes: number[] = [];
  const ethersDecodes: number[] = [];
  const offsets = Array.from({ length: Math.ceil(vaults / ps) }, (_, k) => k * ps);
  const call = (o: number) =>
    b.provider.call({
      to: b.record.lens,
      data: b.lens.interface.encodeFunctionData("getFactoryVaults", [b.record.factory, o, ps]),
      blockTag: head,
    });
  for (let i = 0; i < RUNS; i++) reads.push((await timed(() => readVaults(b.lens, b.factoryView, ps, head)))[0]);
  for (let i = 0; i < RUNS; i++) {
    const [rawMs, results] = await timed(() => Promise.all(offsets.map(call)));
    raws.push(rawMs);
    decodes.push((await timed(async () => results.forEach((r) => decodeFactoryVaults(r))))[0]);
    ethersDecodes.push(
      (await timed(async () => results.forEach((r) => b.lens.interface.decodeFunctionResult("getFactoryVaults", r))))[0]
    );
  }
  const row = {
    pageSize: ps,
    readMs: median(reads),
    rawCallMs: median(raws),
    decodeMs: median(decodes),
    ethersDecodeMs: median(ethersDecodes),
  };
  console.log(
    `vaults ${vaults}, page size ${ps}: lens read ${row.readMs.toFixed(1)} ms (${offsets.length} calls at once); ` +
      `node ${row.rawCallMs.toFixed(1)} ms, keeper decoding ${row.decodeMs.toFixed(1)} ms ` +
      `(ethers' decoder: ${row.ethersDecodeMs.toFixed(1)} ms)`
  );
  return row;
}

/** One poll that has to act on every vault: a -12% move takes every 3x vault out of its band. */
async function measureDispatch(b: Bench) {
  const feed = b.protocol.markets["BTC-USD"].feed.connect(b.deployer);
  await (await feed.setPrice(((await feed.latestAnswer()) * 88n) / 100n)).wait();
  await b.keeper.sender.syncNonce();
  const [pollMs, r] = await timed(() => b.keeper.poll());
  console.log(`one poll acting on ${r.actions.length} vaults: ${r.sent} sent in ${(pollMs / 1000).toFixed(1)} s`);
  return { actions: r.actions.length, sent: r.sent, pollMs };
}

async function main() {
  let b: Bench | undefined;
  try {
    b = await setUp();
    const latency = await measureLatency(b);
    const rows: Row[] = [];
    let created = 1;
    for (const n of SIZES) {
      created = await growTo(b, created, n);
      rows.push(await measurePolls(b, n));
    }
    const pageRows: PageRow[] = [];
    for (const ps of arg("page-sizes", "").split(",").filter(Boolean).map(Number)) {
      pageRows.push(await measurePageSize(b, SIZES[SIZES.length - 1], ps));
    }
    const dispatch = arg("dispatch", "yes") !== "no" ? await measureDispatch(b) : null;
    const summary = {
      dispatch,
      pageRows,
      node: "anvil 1.7.1",
      cpus: cpus().length,
      loadavg: loadavg()[0],
      pageSize: b.cfg.pageSize,
      runs: RUNS,
      rows,
      driftToMinedBlocks: latency,
      blockTimeS: BLOCK_TIME,
      pollMs: POLL_MS,
    };
    const out = arg("out", "");
    if (out) writeFileSync(out, JSON.stringify(summary, null, 2));
    console.log(JSON.stringify(summary));
  } finally {
    await tearDown(b);
  }
}

/** Three +-12% moves with the keeper loop running; the blocks from each move to the BTC3L rebalance mined. */
async function driftToMined(b: Bench): Promise<number[]> {
  const url = b.node.url;
  const provider = new JsonRpcProvider(url, Network.from(b.chainId), { staticNetwork: true });
  const lines: Record<string, unknown>[] = [];
  const dest = { write: (s: string) => void lines.push(JSON.parse(s)) };
  const keeper = new Keeper(
    { ...b.cfg, pollInterval: POLL_MS },
    b.record,
    provider,
    new Wallet(KEEPER_KEY, provider),
    pino({ level: "info" }, dest),
    new KeeperMetrics()
  );
  await keeper.sender.syncNonce();
  await rpc(url, "evm_setIntervalMining", [BLOCK_TIME]);
  await rpc(url, "evm_setAutomine", [false]);
  const ac = new AbortController();
  const loop = keeper.run(ac.signal);
  const feed = b.protocol.markets["BTC-USD"].feed.connect(b.deployer);
  const out: number[] = [];
  let px = 60_000n;
  for (let i = 0; i < 3; i++) {
    px = i % 2 === 0 ? (px * 88n) / 100n : (px * 112n) / 100n; // +-12%: every 3x vault leaves its band
    const tx = await feed.setPrice(px * 10n ** 8n);
    const visible = (await tx.wait())!.blockNumber;
    const first = lines.length;
    let mined: number | undefined;
    for (let w = 0; w < 600 && mined === undefined; w++) {
      await new Promise((r) => setTimeout(r, 100));
      const hit = lines.slice(first).find((l) => l.event === "tx-mined" && l.symbol === "BTC3L");
      mined = hit?.blockNumber as number | undefined;
    }
    if (mined === undefined) throw new Error("rebalance not mined");
    out.push(mined - visible);
    while (keeper.sender.inflight.size > 0) await new Promise((r) => setTimeout(r, 200));
  }
  ac.abort();
  await loop;
  provider.destroy();
  return out;
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  }
);
