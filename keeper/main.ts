// Start-up and shutdown: options -> validated config -> checked chain -> one pass (--once) or the loop.
import { Command, CommanderError } from "commander";
import { JsonRpcProvider, Network, Wallet } from "ethers";
import { pino, type Logger } from "pino";
import { readDeployment, type Deployment } from "../sdk/deployment.js";
import { commanderOptions, parseConfig, type KeeperConfig, type RawOptions } from "./config.js";
import { backoffDelay, isTransient } from "./backoff.js";
import { evaluateHealth } from "./health.js";
import { Keeper, reason, sleep } from "./keeper.js";
import { hardhatKeystore } from "./keystore.js";
import { KeeperMetrics } from "./metrics.js";
import { listenProblem, startServer } from "./server.js";
import { resolveSignerKey, type KeystoreReader, type SignerKey } from "./signer-key.js";

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_CONFIG = 2;

export function buildProgram(): Command {
  const program = new Command("keeper");
  for (const option of commanderOptions()) program.addOption(option);
  return program
    .description(
      "Keeps every Lever vault of a deployment inside its leverage band: ripcords first, then rebalances and iterations.\n\n" +
        "The signer key (never logged) is KEEPER_PRIVATE_KEY from the environment when it is set, otherwise the entry " +
        "--keystore-key of Hardhat's keystore (npx hardhat keystore set [--dev] KEEPER_PRIVATE_KEY). The production " +
        "keystore's password is asked on stderr when stdin is a terminal, else read from the first line of stdin."
    )
    .addHelpText(
      "after",
      "\nExit codes: 0 ok or stopped by SIGTERM/SIGINT, 1 a send failed (--once), 2 bad configuration."
    )
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
}

export interface MainIO {
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  stdout?: (s: string) => void;
  stderr?: (s: string) => void;
  logDestination?: pino.DestinationStream;
  /** Hardhat's keystore unless replaced (tests). */
  readKeystore?: KeystoreReader;
}

/** Runs the keeper; resolves to the process exit code. */
export async function main(argv: string[], io: MainIO): Promise<number> {
  const out = io.stdout ?? ((s) => process.stdout.write(s));
  const err = io.stderr ?? ((s) => process.stderr.write(s));
  const fail = (msg: string) => {
    err(`keeper: ${msg}\n`);
    return EXIT_CONFIG;
  };

  const program = buildProgram().configureOutput({ writeOut: out, writeErr: () => {} });
  try {
    program.parse(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version") return EXIT_OK;
      return fail(e.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " "));
    }
    throw e;
  }

  let cfg: KeeperConfig;
  let key: SignerKey;
  let wallet: Wallet;
  let record: Deployment;
  try {
    cfg = parseConfig(program.opts<RawOptions>(), io.env);
    record = readDeployment(cfg.deployment);
    // last: a keystore key may need a password, asked only once everything else is known to be right
    key = await resolveSignerKey(cfg.signerKey, io.readKeystore ?? hardhatKeystore());
    wallet = new Wallet(key.privateKey);
  } catch (e) {
    return fail((e as Error).message.replace(/private key|(0x)?[0-9a-fA-F]{64}/gi, "key"));
  }

  const provider = new JsonRpcProvider(cfg.rpcUrl, Network.from(record.chainId), { staticNetwork: true });
  const log = pino(
    { level: cfg.logLevel, base: { service: "lever-keeper" }, timestamp: pino.stdTimeFunctions.isoTime },
    io.logDestination ?? pino.destination({ dest: 1, sync: true })
  );
  try {
    const problem = await checkChain(provider, record, cfg, log, io.signal);
    if (io.signal.aborted) {
      log.info({ event: "stopped", inflight: 0 }, "keeper stopped before it started");
      return EXIT_OK;
    }
    if (problem) return fail(problem);
    return await run(cfg, record, provider, wallet.connect(provider), key.source, log, io.signal);
  } catch (e) {
    if (e instanceof StartupProblem) return fail(e.message);
    throw e;
  } finally {
    provider.destroy();
  }
}

/** A problem found while starting (a port clash, ...): one line on stderr, exit 2. */
class StartupProblem extends Error {}

async function run(
  cfg: KeeperConfig,
  record: Deployment,
  provider: JsonRpcProvider,
  wallet: Wallet,
  keySource: SignerKey["source"],
  log: Logger,
  signal: AbortSignal
): Promise<number> {
  const metrics = new KeeperMetrics(!cfg.once);
  const keeper = new Keeper(cfg, record, provider, wallet, log, metrics);
  log.info(
    {
      event: "started",
      pid: process.pid,
      signer: wallet.address,
      keySource,
      chainId: record.chainId,
      factory: record.factory,
      once: cfg.once,
      dryRun: cfg.dryRun,
    },
    "keeper started"
  );
  return cfg.once ? runOnce(cfg, keeper, log, signal) : runService(cfg, keeper, metrics, log, signal);
}

/** --once: one pass (retrying transient RPC errors a few times), then wait for its transactions to settle. */
async function runOnce(cfg: KeeperConfig, keeper: Keeper, log: Logger, signal: AbortSignal): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      await keeper.sender.syncNonce();
      const r = await keeper.poll();
      const { block, vaults, sent, skipped, failed } = r;
      log.info({ event: "pass-done", block, vaults, actions: r.actions.length, sent, skipped, failed }, "pass done");
      break;
    } catch (e) {
      if (!isTransient(e) || attempt >= 4 || signal.aborted) {
        log.error({ event: "pass-failed", error: reason(e) }, "pass failed");
        return EXIT_FAILED;
      }
      const wait = backoffDelay(attempt);
      log.warn({ event: "poll-failed", attempt: attempt + 1, retryInMs: wait, error: reason(e) }, "poll failed");
      await sleep(wait, signal);
    }
  }
  const settled = await keeper.settle(cfg.onceTimeout * 1000, signal);
  if (!settled)
    log.error({ event: "pass-failed", pending: keeper.sender.inflight.size }, "transactions not settled in time");
  return settled && keeper.failures === 0 ? EXIT_OK : EXIT_FAILED;
}

/** The service: health and metrics server, then the poll loop until the signal. */
async function runService(
  cfg: KeeperConfig,
  keeper: Keeper,
  metrics: KeeperMetrics,
  log: Logger,
  signal: AbortSignal
): Promise<number> {
  const thresholds = {
    maxPollAgeS: cfg.healthMaxPollAge,
    maxBlockAgeS: cfg.healthMaxBlockAge,
    minBalance: cfg.healthMinBalance,
  };
  const health = () =>
    evaluateHealth({ ...keeper.state, nowMs: Date.now(), feedProblems: keeper.feeds.problems() }, thresholds);
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  if (cfg.port !== null) {
    try {
      server = await startServer(cfg.host, cfg.port, health, metrics.registry);
    } catch (e) {
      throw new StartupProblem(listenProblem(e, cfg.host, cfg.port));
    }
    const url = `http://${cfg.host.includes(":") ? `[${cfg.host}]` : cfg.host}:${server.port}`;
    log.info({ event: "listening", host: cfg.host, port: server.port }, `health and metrics on ${url}`);
  }
  try {
    await keeper.sender.syncNonce().catch(() => undefined); // the loop resyncs after an outage anyway
    await keeper.run(signal);
  } finally {
    await new Promise((resolve) => (server ? server.server.close(resolve) : resolve(undefined)));
    log.info({ event: "stopped", inflight: keeper.sender.inflight.size }, "keeper stopped");
  }
  return EXIT_OK;
}

/**
 * Null when the node answers with the record's chain id and the contracts exist; else the problem in one line.
 * The node gets a few quick tries, or, with --wait-for-rpc, until that many seconds have passed (logged once).
 */
async function checkChain(
  provider: JsonRpcProvider,
  record: Deployment,
  cfg: KeeperConfig,
  log: Logger,
  signal: AbortSignal
): Promise<string | null> {
  const url = cfg.rpcUrl;
  const deadline = Date.now() + cfg.waitForRpc * 1000;
  let actual: bigint | null = null;
  let last: unknown;
  for (let attempt = 0; actual === null && !signal.aborted; attempt++) {
    try {
      actual = BigInt(await provider.send("eth_chainId", []));
    } catch (e) {
      last = e;
      const quickTriesLeft = attempt < 3;
      if (!quickTriesLeft && Date.now() >= deadline) break;
      if (attempt === 0 && cfg.waitForRpc > 0)
        log.warn(
          { event: "rpc-waiting", url, waitForRpcS: cfg.waitForRpc, error: reason(e) },
          `RPC not answering; waiting up to ${cfg.waitForRpc} s`
        );
      const wait = backoffDelay(attempt, { baseMs: 250, maxMs: 2000, factor: 2, jitter: 0 });
      await sleep(quickTriesLeft ? wait : Math.min(wait, Math.max(0, deadline - Date.now())), signal);
    }
  }
  if (signal.aborted) return null;
  const waited =
    cfg.waitForRpc > 0 ? ` (waited ${cfg.waitForRpc} s, --wait-for-rpc)` : " (--wait-for-rpc <s> waits for it)";
  if (actual === null) return `cannot reach RPC at ${url}: ${reason(last)}${waited}`;
  if (actual !== BigInt(record.chainId))
    return `RPC at ${url} is chain ${actual}, the deployment record is for chain ${record.chainId}`;
  for (const a of [record.factory, record.lens]) {
    if ((await provider.getCode(a)) === "0x")
      return `no contract at ${a} on chain ${record.chainId}: the deployment record is stale`;
  }
  return null;
}
