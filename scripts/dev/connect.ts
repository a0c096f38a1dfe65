// The dev helpers' shared start: flags, the deployment record (sdk/deployment.ts), a provider on a local chain
// only, the node's unlocked accounts, and one-line failures. `npm run dev:mint|dev:price|dev:time -- ...`.
import { JsonRpcProvider, type JsonRpcSigner } from "ethers";
import path from "node:path";
import { readDeployment, type Deployment } from "../../sdk/deployment.js";
import { reason } from "../../keeper/keeper.js";

/** hardhat node and anvil (31337), geth --dev and ganache (1337). Nothing else is a chain these helpers touch. */
export const LOCAL_CHAIN_IDS = [31337, 1337];
export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";

export interface DevFlags {
  rpcUrl: string;
  deployment: string;
  /** Index of the node's unlocked account that sends. */
  account?: number;
  /** Switches given (`--request`, ...). */
  switches: Set<string>;
  /** Everything that is not a flag, in order (`BTC3L`, `100`, `-10%`). */
  args: string[];
}

export interface Dev {
  name: string;
  flags: DevFlags;
  record: Deployment;
  provider: JsonRpcProvider;
  chainId: number;
  signer(index: number): Promise<JsonRpcSigner>;
}

/** A problem the user can fix: printed as one line, exit 2. */
export class DevProblem extends Error {}

/**
 * Flags: `--rpc-url <url>` (env LEVER_RPC_URL, default http://127.0.0.1:8545), `--deployment <file>` (env
 * LEVER_DEPLOYMENT, default <LEVER_DEPLOYMENTS_DIR or deployments>/localhost.json, what `npm run deploy -- --network
 * localhost` writes), `--account <n>`, and the switches in `switches`. A leading "-" followed by a digit is an
 * argument (`-10%`), not a flag.
 */
export function parseFlags(argv: string[], env: NodeJS.ProcessEnv, switches: readonly string[] = []): DevFlags {
  const dir = env.LEVER_DEPLOYMENTS_DIR ?? "deployments";
  const flags: DevFlags = {
    rpcUrl: env.LEVER_RPC_URL ?? DEFAULT_RPC_URL,
    deployment: env.LEVER_DEPLOYMENT ?? path.join(dir, "localhost.json"),
    switches: new Set(),
    args: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new DevProblem(`${a} needs a value`);
      return v;
    };
    if (a === "--rpc-url") flags.rpcUrl = value();
    else if (a === "--deployment") flags.deployment = value();
    else if (a === "--account") {
      const v = value();
      if (!/^\d+$/.test(v)) throw new DevProblem(`--account must be an account index (0, 1, ...), got ${v}`);
      flags.account = Number(v);
    } else if (switches.includes(a)) flags.switches.add(a);
    else if (a.startsWith("-") && !/^-\d/.test(a)) throw new DevProblem(`unknown option ${a}`);
    else flags.args.push(a);
  }
  return flags;
}

/** Connects and refuses any chain that is not local (one line, exit 2). */
export async function connect(name: string, flags: DevFlags): Promise<Dev> {
  const record = readDeployment(flags.deployment);
  const provider = new JsonRpcProvider(flags.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  let chainId: number;
  try {
    chainId = Number(BigInt(await provider.send("eth_chainId", [])));
  } catch (e) {
    provider.destroy();
    throw new DevProblem(`cannot reach RPC at ${flags.rpcUrl}: ${reason(e)}`);
  }
  if (!LOCAL_CHAIN_IDS.includes(chainId)) {
    provider.destroy();
    throw new DevProblem(
      `refusing chain ${chainId} at ${flags.rpcUrl}: the dev helpers run only on local chains (${LOCAL_CHAIN_IDS.join(", ")})`
    );
  }
  if (chainId !== record.chainId) {
    provider.destroy();
    throw new DevProblem(
      `RPC at ${flags.rpcUrl} is chain ${chainId}, ${flags.deployment} is for chain ${record.chainId}`
    );
  }
  return { name, flags, record, provider, chainId, signer: (i) => provider.getSigner(i) };
}

/** Runs a helper: its result line on stdout, exit 0; any failure one line on stderr, exit 2 (DevProblem) or 1. */
export async function runDev(
  name: string,
  switches: readonly string[],
  body: (dev: Dev) => Promise<string>
): Promise<never> {
  let dev: Dev | undefined;
  try {
    dev = await connect(name, parseFlags(process.argv.slice(2), process.env, switches));
    process.stdout.write(`${await body(dev)}\n`);
    dev.provider.destroy();
    process.exit(0);
  } catch (e) {
    dev?.provider.destroy();
    const known = e instanceof DevProblem || /deployment file|invalid .*deployment/.test((e as Error).message);
    process.stderr.write(`${name}: ${known ? (e as Error).message : reason(e)}\n`);
    process.exit(known ? 2 : 1);
  }
}

/** The record's token of `symbol`, or a one-line problem listing the ones there are. */
export function tokenOf(dev: Dev, symbol: string | undefined) {
  const t = dev.record.tokens.find((x) => x.symbol === symbol);
  if (!t)
    throw new DevProblem(
      `unknown token ${symbol ?? "(none given)"}: one of ${dev.record.tokens.map((x) => x.symbol).join(", ")}`
    );
  return t;
}

/** The record's market of `symbol`, or a one-line problem listing the ones there are. */
export function marketOf(dev: Dev, symbol: string | undefined) {
  const m = dev.record.markets.find((x) => x.symbol === symbol);
  if (!m)
    throw new DevProblem(
      `unknown market ${symbol ?? "(none given)"}: one of ${dev.record.markets.map((x) => x.symbol).join(", ")}`
    );
  return m;
}
