// Keeper benchmark (a script, not a test): wall time of one poll over 1, 100 and 1,000 vaults on a local anvil,
// and the blocks from "drift visible" to "rebalance mined" with interval mining.
// Run: npm run build && npm run bench:keeper   (options: --vaults 1,100,1000 --runs 5 --block-time 1 --poll 1000 --page-size 200 --page-sizes 50,100,500 --dispatch no --out file.json)
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Wallet } from "ethers";
import { network } from "hardhat";
import { pino } from "pino";
import { defaultConfig, token as tokenConfig, type ProtocolConfig } from "../../deploy/config/defaults.js";
import { deployProtocol, toRecord } from "../../deploy/protocol.js";
import { readVaults } from "../../keeper/chain.js";
import { decodeFactoryVaults } from "../../sdk/vaultStates.js";
import { parseConfig } from "../../keeper/config.js";
import { Keeper } from "../../keeper/keeper.js";
import { KeeperMetrics } from "../../keeper/metrics.js";
import { JsonRpcProvider, Network } from "ethers";
import { LeveragedTokenFactory__factory, VaultLens__factory } from "../../types/ethers-contracts/index.js";
import { KEEPER_KEY, rpc, startNode } from "../../test/helpers/keeper.js";

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

let journal = "";

async function main() {
  const node = await startNode("anvil", undefined, ["--gas-limit", "1000000000", "--code-size-limit", "100000"]);
  const connection = await network.create({ network: "localhost", override: { url: node.url } });
  try {
    const btc = defaultConfig.markets[0];
    const config: ProtocolConfig = { markets: [btc], tokens: [tokenConfig("BTC", 3, true)] };
    const deploymentId = `bench-keeper-${Date.now()}`;
    journal = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../deploy/deployments", deploymentId);
    const protocol = await deployProtocol(connection, config, { deploymentId });
    const chainId = Number((await connection.ethers.provider.getNetwork()).chainId);
    const record = await toRecord(protocol, chainId, config);
    const [deployer] = await connection.ethers.getSigners();
    const market = await protocol.markets["BTC-USD"].market.getAddress();
    const factory = protocol.factory.connect(deployer);
    await (await protocol.usdc.connect(deployer).faucet(1_000n * USDC)).wait();

    const provider = new JsonRpcProvider(node.url, Network.from(chainId), { staticNetwork: true });
    const lens = VaultLens__factory.connect(record.lens, provider);
    const factoryView = LeveragedTokenFactory__factory.connect(record.factory, provider);
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

    // drift visible -> rebalance mined, with interval mining and the keeper loop in-process (one vault)
    const first = protocol.tokens.BTC3L.vault.connect(deployer);
    await (await protocol.usdc.connect(deployer).approve(await first.getAddress(), 100n * USDC)).wait();
    await (await first.mint(100n * USDC, 0n, deployer.address)).wait();
    const latency = await driftToMined(node.url, chainId, record, protocol, deployer, cfg);
    console.log(`drift to mined: ${latency.join(", ")} blocks (block time ${BLOCK_TIME} s, poll ${POLL_MS} ms)`);
    await rpc(node.url, "evm_setIntervalMining", [0]);
    await rpc(node.url, "evm_setAutomine", [true]);

    const rows: { vaults: number; readMs: number; pollMs: number; lensCalls: number; lensGasPerVault: number }[] = [];
    let created = 1;
    for (const n of SIZES) {
      // extra vaults through the factory, each with a position (a mint), same market
      const gasCreate =
        created < n
          ? ((await factory.createLeveragedToken.estimateGas({
              ...tokenConfig("BTC", 3, true),
              symbol: "GASPROBE",
              market,
            })) *
              13n) /
            10n
          : 0n;
      // sent one after another without waiting for receipts (automine mines each on arrival), then the last waited for
      let last: { wait(): Promise<unknown> } | null = null;
      for (; created < n; created++) {
        const t = tokenConfig("BTC", 3, created % 2 === 0);
        const symbol = `B${created}${t.isLong ? "L" : "S"}`;
        last = await factory.createLeveragedToken({ ...t, symbol, market }, { gasLimit: gasCreate });
      }
      await last?.wait();
      const all = await protocol.factory.allVaults();
      await (await protocol.usdc.connect(deployer).faucet(1_000n * USDC)).wait();
      const usdc = protocol.usdc.connect(deployer);
      for (const v of all) {
        const vault = protocol.tokens.BTC3L.vault.attach(v).connect(deployer) as typeof protocol.tokens.BTC3L.vault;
        if ((await vault.leverage()) !== 0n) continue;
        await usdc.approve(v, 1n * USDC, { gasLimit: 100_000n });
        last = await vault.mint(1n * USDC, 0n, deployer.address, { gasLimit: 1_000_000n });
      }
      await last?.wait();

      const head = await provider.getBlockNumber();
      const reads: number[] = [];
      const polls: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        let t = performance.now();
        const states = await readVaults(lens, factoryView, cfg.pageSize, head);
        reads.push(performance.now() - t);
        if (states.length !== n) throw new Error(`read ${states.length} vaults, expected ${n}`);
        t = performance.now();
        await keeper.poll();
        polls.push(performance.now() - t);
      }
      const gas = await provider.estimateGas({
        to: record.lens,
        data: lens.interface.encodeFunctionData("getFactoryVaults", [record.factory, 0, n]),
      });
      rows.push({
        vaults: n,
        readMs: median(reads),
        pollMs: median(polls),
        lensCalls: Math.ceil(n / cfg.pageSize),
        lensGasPerVault: Number(gas) / n,
      });
      console.log(
        `vaults ${n}: lens read ${median(reads).toFixed(1)} ms, full poll ${median(polls).toFixed(
          1
        )} ms (median of ${RUNS}), ` +
          `${Math.ceil(n / cfg.pageSize)} lens call(s), ${Math.round(Number(gas) / n)} gas per vault read`
      );
    }

    // the largest set again, read with other page sizes (more, smaller calls in parallel vs fewer, larger ones)
    const pageRows: {
      pageSize: number;
      readMs: number;
      rawCallMs: number;
      decodeMs: number;
      ethersDecodeMs: number;
    }[] = [];
    const last = SIZES[SIZES.length - 1];
    for (const ps of arg("page-sizes", "").split(",").filter(Boolean).map(Number)) {
      const head = await provider.getBlockNumber();
      const reads: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await readVaults(lens, factoryView, ps, head);
        reads.push(performance.now() - t);
      }
      // the same calls without decoding: node time vs ethers ABI decoding time
      const raws: number[] = [];
      const decodes: number[] = [];
      const ethersDecodes: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        let t = performance.now();
        const offsets = Array.from({ length: Math.ceil(last / ps) }, (_, k) => k * ps);
        const results = await Promise.all(
          offsets.map((o) =>
            provider.call({
              to: record.lens,
              data: lens.interface.encodeFunctionData("getFactoryVaults", [record.factory, o, ps]),
              blockTag: head,
            })
          )
        );
        raws.push(performance.now() - t);
        t = performance.now();
        for (const r of results) decodeFactoryVaults(r);
        decodes.push(performance.now() - t);
        t = performance.now();
        for (const r of results) lens.interface.decodeFunctionResult("getFactoryVaults", r);
        ethersDecodes.push(performance.now() - t);
      }
      pageRows.push({
        pageSize: ps,
        readMs: median(reads),
        rawCallMs: median(raws),
        decodeMs: median(decodes),
        ethersDecodeMs: median(ethersDecodes),
      });
      console.log(
        `vaults ${last}, page size ${ps}: lens read ${median(reads).toFixed(1)} ms (${Math.ceil(
          last / ps
        )} calls at once); ` +
          `node ${median(raws).toFixed(1)} ms, keeper decoding ${median(decodes).toFixed(
            1
          )} ms (ethers' decoder: ${median(ethersDecodes).toFixed(1)} ms)`
      );
    }

    // one poll that has to act on every vault: a -12% move takes every 3x vault out of its band
    let dispatch: { actions: number; sent: number; pollMs: number } | null = null;
    if (arg("dispatch", "yes") !== "no") {
      await (
        await protocol.markets["BTC-USD"].feed
          .connect(deployer)
          .setPrice(((await protocol.markets["BTC-USD"].feed.latestAnswer()) * 88n) / 100n)
      ).wait();
      await keeper.sender.syncNonce();
      const t = performance.now();
      const r = await keeper.poll();
      dispatch = { actions: r.actions.length, sent: r.sent, pollMs: performance.now() - t };
      console.log(
        `one poll acting on ${r.actions.length} vaults: ${r.sent} sent in ${(dispatch.pollMs / 1000).toFixed(1)} s`
      );
    }

    const summary = {
      dispatch,
      pageRows,
      node: "anvil 1.7.1",
      cpus: (await import("node:os")).cpus().length,
      loadavg: (await import("node:os")).loadavg()[0],
      pageSize: cfg.pageSize,
      runs: RUNS,
      rows,
      driftToMinedBlocks: latency,
      blockTimeS: BLOCK_TIME,
      pollMs: POLL_MS,
    };
    const out = arg("out", "");
    if (out) writeFileSync(out, JSON.stringify(summary, null, 2));
    console.log(JSON.stringify(summary));
    provider.destroy();
  } finally {
    await connection.close();
    await node.stop();
    if (journal) rmSync(journal, { recursive: true, force: true });
  }
}

async function driftToMined(
  url: string,
  chainId: number,
  record: Awaited<ReturnType<typeof toRecord>>,
  protocol: Awaited<ReturnType<typeof deployProtocol>>,
  deployer: Awaited<ReturnType<typeof network.create>>["ethers"] extends { getSigners(): Promise<(infer S)[]> }
    ? S
    : never,
  base: ReturnType<typeof parseConfig>
): Promise<number[]> {
  const provider = new JsonRpcProvider(url, Network.from(chainId), { staticNetwork: true });
  const lines: Record<string, unknown>[] = [];
  const dest = { write: (s: string) => void lines.push(JSON.parse(s)) };
  const cfg = { ...base, pollIntervalMs: POLL_MS };
  const keeper = new Keeper(
    cfg,
    record,
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
  const feed = protocol.markets["BTC-USD"].feed.connect(deployer);
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
