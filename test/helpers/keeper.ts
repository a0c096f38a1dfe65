// Real nodes and a real keeper process for the keeper's tests: start/stop `hardhat node` or anvil as children,
// deploy the protocol to them, run the keeper CLI and read its JSON log lines.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { network } from "hardhat";
import { deployProtocol, toRecord, type Protocol } from "../../deploy/protocol.js";
import { sendWithGasMargin } from "../../sdk/gas.js";

export {
  freePort,
  KEEPER_ADDRESS,
  KEEPER_KEY,
  ROOT,
  rpc,
  startNode,
  stopProcess,
  type Node,
} from "../../deploy/localNode.js";
import { KEEPER_KEY, ROOT, stopProcess } from "../../deploy/localNode.js";

export interface Deployed {
  protocol: Protocol;
  recordFile: string;
  chainId: number;
  connection: Awaited<ReturnType<typeof network.create>>;
  cleanup(): Promise<void>;
}

/** Deploys the default protocol to the node at `url` and writes its docs/protocol.md §11 record to a temp file. */
export async function deployTo(url: string): Promise<Deployed> {
  const connection = await network.create({ network: "localhost", override: { url } });
  const deploymentId = `keeper-test-${process.pid}-${Date.now()}`;
  const protocol = await deployProtocol(connection, undefined, { deploymentId });
  const chainId = Number((await connection.ethers.provider.getNetwork()).chainId);
  const dir = mkdtempSync(path.join(tmpdir(), "keeper-"));
  const recordFile = path.join(dir, "deployment.json");
  writeFileSync(recordFile, JSON.stringify(await toRecord(protocol, chainId), null, 2));
  return {
    protocol,
    recordFile,
    chainId,
    connection,
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
      rmSync(path.join(ROOT, "deploy/deployments", deploymentId), { recursive: true, force: true });
      await connection.close();
    },
  };
}

/** Mints `usdc` (6 decimals) of a token for a fresh holder; returns nothing, the vault's state is what counts. */
export async function mintInto(d: Deployed, symbol: string, usdc: bigint, holderIndex = 1): Promise<void> {
  const signers = await d.connection.ethers.getSigners();
  const holder = signers[holderIndex];
  const t = d.protocol.tokens[symbol];
  await (await d.protocol.usdc.connect(holder).faucet(usdc)).wait();
  await (await d.protocol.usdc.connect(holder).approve(await t.vault.getAddress(), usdc)).wait();
  // With the SDK's margin (sdk/gas.ts): a mint that lands a second after its estimate accrues the streaming fee.
  await (await sendWithGasMargin(t.vault.connect(holder).mint, usdc, 0n, holder.address)).wait();
}

export type LogLine = Record<string, unknown> & { event?: string; msg?: string };

export interface KeeperRun {
  proc: ChildProcess;
  lines: LogLine[];
  stderr: string[];
  exited: Promise<number | null>;
  waitFor(pred: (l: LogLine) => boolean, timeoutMs?: number, what?: string): Promise<LogLine>;
  stop(): Promise<number | null>;
}

let emptyConfigHome: string | undefined;
/**
 * An XDG_CONFIG_HOME with nothing in it: a keeper under test never reads the user's own Hardhat keystore
 * (<XDG_CONFIG_HOME>/hardhat-nodejs on Linux). Removed when the test process exits.
 */
export function isolatedConfigHome(): string {
  if (emptyConfigHome === undefined) {
    const dir = mkdtempSync(path.join(tmpdir(), "keeper-config-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    emptyConfigHome = dir;
  }
  return emptyConfigHome;
}

/**
 * Starts `keeper/cli.ts` as a child process, as `npm run keeper` would. The child sees only PATH, HOME, an empty
 * XDG_CONFIG_HOME and `env` (so no CI variables of the test's own environment); `stdin`, if given, is piped in and
 * closed, otherwise stdin is /dev/null. With `viaNpm` the child is `npm run --silent keeper -- <args>` itself, the
 * command of the README, so that `proc.pid` is npm's.
 */
export function startKeeper(
  args: string[],
  env: Record<string, string | undefined> = { KEEPER_PRIVATE_KEY: KEEPER_KEY },
  stdin?: string,
  options: { viaNpm?: boolean } = {}
): KeeperRun {
  const [cmd, argv] = options.viaNpm
    ? ["npm", ["run", "--silent", "keeper", "--", ...args]]
    : [process.execPath, ["--import", "tsx", path.join(ROOT, "keeper/cli.ts"), ...args]];
  const proc = spawn(cmd, argv, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, XDG_CONFIG_HOME: isolatedConfigHome(), ...env },
    stdio: [stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (stdin !== undefined) proc.stdin!.on("error", () => undefined).end(stdin); // EPIPE if it never reads stdin
  return follow(proc);
}

/** Collects a child's JSON log lines (stdout) and stderr, with waiting for a line. */
export function follow(proc: ChildProcess): KeeperRun {
  const lines: LogLine[] = [];
  const stderr: string[] = [];
  const waiters: { pred: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let buf = "";
  proc.stdout!.on("data", (d) => {
    buf += String(d);
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      const text = buf.slice(0, i);
      buf = buf.slice(i + 1);
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { msg: text };
      }
      lines.push(line);
      for (const w of [...waiters]) if (w.pred(line)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(line));
    }
  });
  proc.stderr!.on("data", (d) => stderr.push(String(d)));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return {
    proc,
    lines,
    stderr,
    exited,
    waitFor(pred, timeoutMs = 60_000, what = "log line") {
      const found = lines.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `keeper: no ${what} within ${timeoutMs} ms; last lines: ${JSON.stringify(
                  lines.slice(-5)
                )} ${stderr.join("")}`
              )
            ),
          timeoutMs
        );
        waiters.push({ pred, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      });
    },
    stop: () => stopProcess(proc),
  };
}

/** Runs the keeper to its end (for --once and bad configs). */
export async function runKeeper(
  args: string[],
  env?: Record<string, string | undefined>,
  timeoutMs = 120_000,
  stdin?: string
) {
  const k = startKeeper(args, env, stdin);
  const timer = setTimeout(() => k.proc.kill("SIGKILL"), timeoutMs);
  const code = await k.exited;
  clearTimeout(timer);
  return { code, lines: k.lines, stderr: k.stderr.join("") };
}

/** The keeper's usual flags for a test node: fast polls, no HTTP server unless asked. */
export function keeperArgs(url: string, recordFile: string, extra: string[] = []): string[] {
  return ["--rpc-url", url, "--deployment", recordFile, "--poll-interval", "200", "--port", "-1", ...extra];
}

export const provider = (url: string) => new JsonRpcProvider(url, undefined, { staticNetwork: true });
