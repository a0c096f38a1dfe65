// Keeper configuration: CLI options and environment in, a validated config out. Pure except for `loadDeployment`,
// which reads the deployment file. The signer key is only planned here (signer-key.ts); a keystore key is read later.
import { readFileSync } from "node:fs";
import { parseUnits } from "ethers";
import { z } from "zod/v4";
import type { DeploymentRecord } from "../deploy/protocol.js";
import { describeIssue, parseDeploymentRecord } from "./record.js";
import { ENV_KEY, KEYSTORE_NAME, planSignerKey, type SignerKeyPlan } from "./signer-key.js";

/** Options as commander hands them over (strings, or booleans for switches). */
export interface RawOptions {
  rpcUrl?: string;
  deployment?: string;
  once?: boolean;
  dryRun?: boolean;
  pollInterval?: string;
  maxFeePerGas?: string;
  priorityFee?: string;
  baseFeeMultiplier?: string;
  confirmations?: string;
  replaceAfterBlocks?: string;
  pageSize?: string;
  port?: string;
  healthMaxPollAge?: string;
  healthMaxBlockAge?: string;
  healthMinBalance?: string;
  onceTimeout?: string;
  logLevel?: string;
  keystoreKey?: string;
}

export interface KeeperConfig {
  rpcUrl: string;
  deploymentFile: string;
  signerKey: SignerKeyPlan;
  once: boolean;
  dryRun: boolean;
  pollIntervalMs: number;
  maxFeeCap: bigint; // wei
  priorityFee: bigint; // wei
  baseFeeMultiplierPct: bigint;
  confirmations: number;
  replaceAfterBlocks: number;
  pageSize: number;
  port: number | null; // null: no HTTP server
  healthMaxPollAgeS: number;
  healthMaxBlockAgeS: number;
  healthMinBalance: bigint; // wei
  onceTimeoutMs: number;
  logLevel: string;
}

/** Defaults, as strings so that `--help` prints them the way they are typed. */
export const DEFAULTS = {
  pollInterval: "2000",
  maxFeePerGas: "200",
  priorityFee: "1",
  baseFeeMultiplier: "200",
  confirmations: "1",
  replaceAfterBlocks: "3",
  pageSize: "200",
  port: "9464",
  healthMaxPollAge: "60",
  healthMaxBlockAge: "0",
  healthMinBalance: "0.01",
  onceTimeout: "120",
  logLevel: "info",
  keystoreKey: ENV_KEY,
} as const;

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

const schema = z.object({
  rpcUrl: z
    .string({ error: "--rpc-url is required" })
    .pipe(z.url({ protocol: /^https?$/, error: "--rpc-url must be an http(s) URL" })),
  deployment: z.string({ error: "--deployment is required" }).min(1, "--deployment is required"),
  once: z.boolean(),
  dryRun: z.boolean(),
  pollInterval: int("--poll-interval", 50, 3_600_000),
  maxFeePerGas: units("--max-fee-per-gas", 9).refine((v) => v > 0n, "--max-fee-per-gas must be > 0"),
  priorityFee: units("--priority-fee", 9),
  baseFeeMultiplier: int("--base-fee-multiplier", 100, 10_000).transform(BigInt),
  confirmations: int("--confirmations", 1, 100),
  replaceAfterBlocks: int("--replace-after-blocks", 1, 10_000),
  pageSize: int("--page-size", 1, 5_000),
  port: int("--port", -1, 65_535),
  healthMaxPollAge: int("--health-max-poll-age", 1, 86_400),
  healthMaxBlockAge: int("--health-max-block-age", 0, 86_400 * 30),
  healthMinBalance: units("--health-min-balance", 18),
  onceTimeout: int("--once-timeout", 1, 86_400),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
    error: "--log-level must be one of fatal, error, warn, info, debug, trace, silent",
  }),
  keystoreKey: z
    .string()
    .regex(KEYSTORE_NAME, "--keystore-key must be letters, digits and underscores, not starting with a digit"),
});

/**
 * Validates options, then the environment's key (see planSignerKey); throws an Error with one line naming the first
 * problem. Reads nothing and prompts for nothing, so every problem here is reported before a keystore password prompt.
 */
export function parseConfig(raw: RawOptions, env: Record<string, string | undefined>): KeeperConfig {
  const r = schema.safeParse({
    ...DEFAULTS,
    ...definedOnly(raw),
    once: raw.once ?? false,
    dryRun: raw.dryRun ?? false,
  });
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`invalid config: ${issue ? issue.message : describeIssue(issue)}`);
  }
  const o = r.data;
  if (o.priorityFee > o.maxFeePerGas)
    throw new Error("invalid config: --priority-fee must not exceed --max-fee-per-gas");
  let signerKey: SignerKeyPlan;
  try {
    signerKey = planSignerKey(env, o.keystoreKey);
  } catch (e) {
    throw new Error(`invalid config: ${(e as Error).message}`);
  }
  return {
    rpcUrl: o.rpcUrl,
    deploymentFile: o.deployment,
    signerKey,
    once: o.once,
    dryRun: o.dryRun,
    pollIntervalMs: o.pollInterval,
    maxFeeCap: o.maxFeePerGas,
    priorityFee: o.priorityFee,
    baseFeeMultiplierPct: o.baseFeeMultiplier,
    confirmations: o.confirmations,
    replaceAfterBlocks: o.replaceAfterBlocks,
    pageSize: o.pageSize,
    port: o.port < 0 ? null : o.port,
    healthMaxPollAgeS: o.healthMaxPollAge,
    healthMaxBlockAgeS: o.healthMaxBlockAge,
    healthMinBalance: o.healthMinBalance,
    onceTimeoutMs: o.onceTimeout * 1000,
    logLevel: o.logLevel,
  };
}

/** Reads and validates the deployment record named in the config. */
export function loadDeployment(
  file: string,
  read: (f: string) => string = (f) => readFileSync(f, "utf8")
): DeploymentRecord {
  let text: string;
  try {
    text = read(file);
  } catch (e) {
    throw new Error(
      `cannot read deployment file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`
    );
  }
  return parseDeploymentRecord(text, file);
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
