// Start-up and shutdown: options -> validated config -> checked chain -> one pass (--once) or the loop.
import { Command, CommanderError, Option } from "commander";
import { JsonRpcProvider, Network, Wallet } from "ethers";
import { pino, type Logger } from "pino";
import { DEFAULTS, loadDeployment, parseConfig, type KeeperConfig, type RawOptions } from "./config.js";
import { backoffDelay, isTransient } from "./backoff.js";
import { evaluateHealth } from "./health.js";
import { Keeper, reason, sleep } from "./keeper.js";
import { hardhatKeystore } from "./keystore.js";
import { KeeperMetrics } from "./metrics.js";
import { startServer } from "./server.js";
import { resolveSignerKey, type KeystoreReader, type SignerKey } from "./signer-key.js";

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_CONFIG = 2;

export function buildProgram(): Command {
  return new Command("keeper")
    .description(
      "Keeps every Lever vault of a deployment inside its leverage band: ripcords first, then rebalances and iterations.\n\n" +
        "The signer key (never logged) is KEEPER_PRIVATE_KEY from the environment when it is set, otherwise the entry " +
        "--keystore-key of Hardhat's keystore (npx hardhat keystore set [--dev] KEEPER_PRIVATE_KEY). The production " +
        "keystore's password is asked on stderr when stdin is a terminal, else read from the first line of stdin."
    )
    .addOption(new Option("--rpc-url <url>", "JSON-RPC endpoint (http or https)"))
    .addOption(new Option("--deployment <file>", "deployment record JSON (docs/protocol.md §11, written by npm run deploy)"))
    .option("--once", "one pass, wait for its transactions, then exit (non-zero if anything failed)", false)
    .option("--dry-run", "decide and simulate, log what would be sent, send nothing", false)
    .option("--poll-interval <ms>", "milliseconds between polls", DEFAULTS.pollInterval)
    .option(
      "--max-fee-per-gas <gwei>",
      "fee cap: highest maxFeePerGas ever offered, also for replacements",
      DEFAULTS.maxFeePerGas
    )
    .option("--priority-fee <gwei>", "maxPriorityFeePerGas of a first send", DEFAULTS.priorityFee)
    .option(
      "--base-fee-multiplier <pct>",
      "maxFeePerGas of a first send = base fee x pct/100 + priority fee",
      DEFAULTS.baseFeeMultiplier
    )
    .option("--confirmations <n>", "blocks a transaction needs before it counts as settled", DEFAULTS.confirmations)
    .option(
      "--replace-after-blocks <n>",
      "replace a transaction not mined within n blocks (same nonce, fees +12.5% or more, up to the cap)",
      DEFAULTS.replaceAfterBlocks
    )
    .option("--page-size <n>", "vaults read per VaultLens.getFactoryVaults call", DEFAULTS.pageSize)
    .option(
      "--port <n>",
      "port of the /healthz and /metrics server on 127.0.0.1 (0: any free port, -1: no server; not started with --once)",
      DEFAULTS.port
    )
    .option(
      "--health-max-poll-age <s>",
      "/healthz fails when the last successful poll is older than this",
      DEFAULTS.healthMaxPollAge
    )
    .option(
      "--health-max-block-age <s>",
      "/healthz fails when the newest block seen is older than this (0: do not check)",
      DEFAULTS.healthMaxBlockAge
    )
    .option(
      "--health-min-balance <eth>",
      "/healthz fails when the signer balance is below this",
      DEFAULTS.healthMinBalance
    )
    .option("--once-timeout <s>", "with --once, longest wait for transactions to settle", DEFAULTS.onceTimeout)
    .option("--log-level <level>", "pino log level", DEFAULTS.logLevel)
    .option(
      "--keystore-key <name>",
      "name of the key in Hardhat's keystore, used when KEEPER_PRIVATE_KEY is not set",
      DEFAULTS.keystoreKey
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
      return fail(e.message.replace(/^error: /, ""));
    }
    throw e;
  }

  let cfg: KeeperConfig;
  let key: SignerKey;
  let wallet: Wallet;
  let record;
  try {
    cfg = parseConfig(program.opts<RawOptions>(), io.env);
    record = loadDeployment(cfg.deploymentFile);
    // last: a keystore key may need a password, asked only once everything else is known to be right
    key = await resolveSignerKey(cfg.signerKey, io.readKeystore ?? hardhatKeystore());
    wallet = new Wallet(key.privateKey);
  } catch (e) {
    return fail((e as Error).message.replace(/private key|(0x)?[0-9a-fA-F]{64}/gi, "key"));
  }

  const provider = new JsonRpcProvider(cfg.rpcUrl, Network.from(record.chainId), { staticNetwork: true });
  try {
    const problem = await checkChain(provider, record.chainId, [record.factory, record.lens], cfg.rpcUrl);
    if (problem) return fail(problem);
    const log = pino(
      { level: cfg.logLevel, base: { service: "lever-keeper" }, timestamp: pino.stdTimeFunctions.isoTime },
      io.logDestination ?? pino.destination({ dest: 1, sync: true })
    );
    return await run(cfg, record, provider, wallet.connect(provider), key.source, log, io.signal);
  } finally {
    provider.destroy();
  }
}

async function run(
  cfg: KeeperConfig,
  record: ReturnType<typeof loadDeployment>,
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
      signer: wallet.address,
      keySource,
      chainId: record.chainId,
      factory: record.factory,
      once: cfg.once,
      dryRun: cfg.dryRun,
    },
    "keeper started"
  );

  if (cfg.once) {
    for (let attempt = 0; ; attempt++) {
      try {
        await keeper.sender.syncNonce();
        const r = await keeper.poll();
        log.info(
          {
            event: "pass-done",
            block: r.block,
            vaults: r.vaults,
            actions: r.actions.length,
            sent: r.sent,
            skipped: r.skipped,
            failed: r.failed,
          },
          "pass done"
        );
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
    const settled = await keeper.settle(cfg.onceTimeoutMs, signal);
    if (!settled)
      log.error({ event: "pass-failed", pending: keeper.sender.inflight.size }, "transactions not settled in time");
    return settled && keeper.failures === 0 ? EXIT_OK : EXIT_FAILED;
  }

  const thresholds = {
    maxPollAgeS: cfg.healthMaxPollAgeS,
    maxBlockAgeS: cfg.healthMaxBlockAgeS,
    minBalance: cfg.healthMinBalance,
  };
  const server =
    cfg.port === null
      ? null
      : await startServer(
          cfg.port,
          () => evaluateHealth({ ...keeper.state, nowMs: Date.now() }, thresholds),
          metrics.registry
        );
  if (server)
    log.info({ event: "listening", port: server.port }, `health and metrics on http://127.0.0.1:${server.port}`);
  try {
    await keeper.sender.syncNonce().catch(() => undefined); // the loop resyncs after an outage anyway
    await keeper.run(signal);
  } finally {
    await new Promise((resolve) => (server ? server.server.close(resolve) : resolve(undefined)));
    log.info({ event: "stopped", inflight: keeper.sender.inflight.size }, "keeper stopped");
  }
  return EXIT_OK;
}

/** Null when the node answers with the record's chain id and the contracts exist; else the problem in one line. */
async function checkChain(
  provider: JsonRpcProvider,
  chainId: number,
  contracts: string[],
  url: string
): Promise<string | null> {
  let actual: bigint | null = null;
  let last: unknown;
  for (let attempt = 0; attempt < 4 && actual === null; attempt++) {
    try {
      actual = BigInt(await provider.send("eth_chainId", []));
    } catch (e) {
      last = e;
      await sleep(backoffDelay(attempt, { baseMs: 250, maxMs: 2000, factor: 2, jitter: 0 }));
    }
  }
  if (actual === null) return `cannot reach RPC at ${url}: ${reason(last)}`;
  if (actual !== BigInt(chainId))
    return `RPC at ${url} is chain ${actual}, the deployment record is for chain ${chainId}`;
  for (const a of contracts) {
    if ((await provider.getCode(a)) === "0x")
      return `no contract at ${a} on chain ${chainId}: the deployment record is stale`;
  }
  return null;
}
