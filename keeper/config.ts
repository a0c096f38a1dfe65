// Keeper configuration: CLI options and environment in, a validated config out. Pure; the deployment file is read by
// sdk/deployment.ts readDeployment. The signer key is only planned here (signer-key.ts); a keystore key is read later.
// Each flag is defined once, in FLAGS: its commander flag, description, default, environment variable and zod
// schema. The commander options (main.ts), the option and config types and the defaults are all derived from it.
import { Option } from "commander";
import { parseUnits } from "ethers";
import { z } from "zod/v4";
import { ENV_KEY, KEYSTORE_NAME, planSignerKey, type SignerKeyPlan } from "./signer-key.js";

const int = (name: string, lo: number, hi: number) =>
  z
    .string()
    .regex(/^-?[0-9]+$/, `${name} must be an integer`)
    .transform(Number)
    .pipe(z.number().int().min(lo, `${name} must be >= ${lo}`).max(hi, `${name} must be <= ${hi}`));

const units = (name: string, decimals: number) =>
  z
    .string()
    .regex(/^[0-9]+(\.[0-9]+)?$/, `${name} must be a non-negative decimal number`)
    .transform((s) => parseUnits(s, decimals));

interface FlagDef<S extends z.ZodType> {
  /** The commander flag; its attribute name (`--poll-interval` -> `pollInterval`) is the key in FLAGS. */
  flag: string;
  description: string;
  /** As typed on the command line, so that `--help` prints it that way. Switches default to false. */
  default?: string;
  /** Environment variable read when the flag is not given. */
  env?: string;
  schema: S;
}
const flag = <S extends z.ZodType>(def: FlagDef<S>) => def;

export const FLAGS = {
  rpcUrl: flag({
    flag: "--rpc-url <url>",
    description: "JSON-RPC endpoint (http or https)",
    env: "KEEPER_RPC_URL",
    schema: z
      .string({ error: "--rpc-url is required" })
      .pipe(z.url({ protocol: /^https?$/, error: "--rpc-url must be an http(s) URL" })),
  }),
  deployment: flag({
    flag: "--deployment <file>",
    description: "deployment record JSON (docs/protocol.md §11, written by npm run deploy)",
    env: "KEEPER_DEPLOYMENT",
    schema: z.string({ error: "--deployment is required" }).min(1, "--deployment is required"),
  }),
  once: flag({
    flag: "--once",
    description: "one pass, wait for its transactions, then exit (non-zero if anything failed)",
    schema: z.boolean(),
  }),
  dryRun: flag({
    flag: "--dry-run",
    description: "decide and simulate, log what would be sent, send nothing",
    schema: z.boolean(),
  }),
  pollInterval: flag({
    flag: "--poll-interval <ms>",
    description: "milliseconds between polls",
    default: "2000",
    schema: int("--poll-interval", 50, 3_600_000),
  }),
  maxFeePerGas: flag({
    flag: "--max-fee-per-gas <gwei>",
    description: "fee cap: highest maxFeePerGas ever offered, also for replacements",
    default: "200",
    schema: units("--max-fee-per-gas", 9).refine((v) => v > 0n, "--max-fee-per-gas must be > 0"),
  }),
  priorityFee: flag({
    flag: "--priority-fee <gwei>",
    description: "maxPriorityFeePerGas of a first send",
    default: "1",
    schema: units("--priority-fee", 9),
  }),
  baseFeeMultiplier: flag({
    flag: "--base-fee-multiplier <pct>",
    description: "maxFeePerGas of a first send = base fee x pct/100 + priority fee",
    default: "200",
    schema: int("--base-fee-multiplier", 100, 10_000).transform(BigInt),
  }),
  confirmations: flag({
    flag: "--confirmations <n>",
    description: "blocks a transaction needs before it counts as settled",
    default: "1",
    schema: int("--confirmations", 1, 100),
  }),
  replaceAfterBlocks: flag({
    flag: "--replace-after-blocks <n>",
    description: "replace a transaction not mined within n blocks (same nonce, fees +12.5% or more, up to the cap)",
    default: "3",
    schema: int("--replace-after-blocks", 1, 10_000),
  }),
  pageSize: flag({
    flag: "--page-size <n>",
    description: "vaults read per VaultLens.getFactoryVaults call",
    default: "200",
    schema: int("--page-size", 1, 5_000),
  }),
  maxSettleRequests: flag({
    flag: "--max-settle-requests <n>",
    description: "settle(maxRequests): most requests one settlement transaction finishes",
    default: "50",
    schema: int("--max-settle-requests", 1, 10_000).transform(BigInt),
  }),
  waitForRpc: flag({
    flag: "--wait-for-rpc <s>",
    description: "at start, wait up to this many seconds for the RPC to answer (0: give up after a few quick tries)",
    default: "0",
    env: "KEEPER_WAIT_FOR_RPC",
    schema: int("--wait-for-rpc", 0, 86_400),
  }),
  host: flag({
    flag: "--host <address>",
    description: "address the /healthz and /metrics server binds to (0.0.0.0: every interface)",
    default: "127.0.0.1",
    env: "KEEPER_HOST",
    schema: z.string().min(1, "--host must not be empty"),
  }),
  port: flag({
    flag: "--port <n>",
    description:
      "port of the /healthz and /metrics server on --host (0: any free port, -1: no server; not started with --once)",
    default: "9464",
    schema: int("--port", -1, 65_535).transform((p) => (p < 0 ? null : p)),
  }),
  healthMaxPollAge: flag({
    flag: "--health-max-poll-age <s>",
    description: "/healthz fails when the last successful poll is older than this",
    default: "60",
    schema: int("--health-max-poll-age", 1, 86_400),
  }),
  healthMaxBlockAge: flag({
    flag: "--health-max-block-age <s>",
    description: "/healthz fails when the newest block seen is older than this (0: do not check)",
    default: "0",
    schema: int("--health-max-block-age", 0, 86_400 * 30),
  }),
  healthMinBalance: flag({
    flag: "--health-min-balance <eth>",
    description: "/healthz fails when the signer balance is below this",
    default: "0.01",
    schema: units("--health-min-balance", 18),
  }),
  onceTimeout: flag({
    flag: "--once-timeout <s>",
    description: "with --once, longest wait for transactions to settle",
    default: "120",
    schema: int("--once-timeout", 1, 86_400),
  }),
  logLevel: flag({
    flag: "--log-level <level>",
    description: "pino log level",
    default: "info",
    schema: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: "--log-level must be one of fatal, error, warn, info, debug, trace, silent",
    }),
  }),
  keystoreKey: flag({
    flag: "--keystore-key <name>",
    description: `name of the key in Hardhat's keystore, used when ${ENV_KEY} is not set`,
    default: ENV_KEY,
    schema: z
      .string()
      .regex(KEYSTORE_NAME, "--keystore-key must be letters, digits and underscores, not starting with a digit"),
  }),
};

type Flags = typeof FLAGS;
const optionsSchema = z.object(
  Object.fromEntries(Object.entries(FLAGS).map(([k, f]) => [k, f.schema])) as { [K in keyof Flags]: Flags[K]["schema"] }
);

/** Options as commander hands them over (strings, or booleans for switches); any may be missing. */
export type RawOptions = Partial<z.input<typeof optionsSchema>>;
/** The validated options, in the units the keeper uses (wei, bigint percentages, null for no port), and the key plan. */
export type KeeperConfig = z.output<typeof optionsSchema> & { signerKey: SignerKeyPlan };

/** A flag's value when neither the command line nor the environment gives one: its default, false for a switch. */
const fallback = (f: FlagDef<z.ZodType>): string | false | undefined =>
  f.default ?? (f.flag.includes("<") ? undefined : false);

/** The commander options, one per flag, in FLAGS order. */
export function commanderOptions(): Option[] {
  return Object.values(FLAGS).map((f: FlagDef<z.ZodType>) => {
    const description = f.env ? `${f.description} (env: ${f.env})` : f.description;
    const o = new Option(f.flag, description);
    const value = fallback(f);
    if (value !== undefined) o.default(value);
    return o;
  });
}

/**
 * Validates options (a flag not given falls back to its environment variable, then its default), then the
 * environment's key (see planSignerKey); throws an Error with one line naming the first problem. Reads nothing and
 * prompts for nothing, so every problem here is reported before a keystore password prompt.
 */
export function parseConfig(raw: RawOptions, env: Record<string, string | undefined>): KeeperConfig {
  const given = raw as Record<string, unknown>;
  const input = Object.fromEntries(
    Object.entries(FLAGS).map(([k, f]: [string, FlagDef<z.ZodType>]) => [
      k,
      given[k] ?? (f.env ? env[f.env] : undefined) ?? fallback(f),
    ])
  );
  const r = optionsSchema.safeParse(input);
  if (!r.success) throw new Error(`invalid config: ${r.error.issues[0]?.message ?? "invalid"}`);
  const o = r.data;
  if (o.priorityFee > o.maxFeePerGas)
    throw new Error("invalid config: --priority-fee must not exceed --max-fee-per-gas");
  try {
    return { ...o, signerKey: planSignerKey(env, o.keystoreKey) };
  } catch (e) {
    throw new Error(`invalid config: ${(e as Error).message}`);
  }
}
