// Local JSON-RPC nodes as child processes (`hardhat node` or anvil), for the keeper benchmark and the keeper tests.
// Not a test module: `scripts/bench/keeper.ts` and `test/keeper/support.ts` both import it.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Hardhat / anvil default account #9 (the deployer is #0): the keeper's key on local nodes. */
export const KEEPER_KEY = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";
export const KEEPER_ADDRESS = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";

/**
 * anvil keeps every historical state in memory unless told otherwise (`--max-persisted-states 0` only stops it
 * spilling them to disk): a run of thousands of blocks over a thousand contracts grew it to 24 GB, and even 64 kept
 * states reached 18 GB. Keep 8: with none, a call pinned to the block before the latest (which ethers makes while
 * automine mines) fails with BlockOutOfRangeError. anvil also keeps every mined transaction with its trace; past
 * 6 GB at 1,000 vaults with the states pruned, so only the last 256 blocks' transactions are kept.
 */
export const ANVIL_PRUNE = ["--prune-history", "8", "--transaction-block-keeper", "256"];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Node {
  url: string;
  port: number;
  proc: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

/** `npx hardhat node --port <p>` or `anvil --port <p> ...`, resolved once it answers eth_chainId. */
export async function startNode(kind: "hardhat" | "anvil", port?: number, extra: string[] = []): Promise<Node> {
  port ??= await freePort();
  const [cmd, args] =
    kind === "hardhat"
      ? [
          process.execPath,
          [path.join(ROOT, "node_modules/hardhat/dist/src/cli.js"), "node", "--port", String(port), ...extra],
        ]
      : [anvilBinary(), ["--port", String(port), "--silent", ...ANVIL_PRUNE, ...extra]];
  const proc = spawn(cmd, args as string[], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], detached: false });
  const output: string[] = [];
  proc.stdout!.on("data", (d) => output.push(String(d)));
  proc.stderr!.on("data", (d) => output.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const node: Node = { url, port, proc, output, stop: async () => void (await stopProcess(proc)) };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${kind} node exited early: ${output.join("")}`);
    try {
      await rpc(url, "eth_chainId");
      return node;
    } catch {
      if (Date.now() > deadline) {
        await node.stop();
        throw new Error(`${kind} node did not answer on ${url}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * The anvil binary itself. node_modules/.bin/anvil is a Node wrapper that forwards SIGTERM and exits at once,
 * while anvil is still writing its --state dump and holding the port; a restart on the same port needs the real
 * process to be gone.
 */
function anvilBinary(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  try {
    return createRequire(import.meta.url).resolve(`@foundry-rs/anvil-${process.platform}-${arch}/bin/anvil`);
  } catch {
    return path.join(ROOT, "node_modules/.bin/anvil");
  }
}

export async function stopProcess(proc: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  proc.kill(signal);
  const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}
