// Child processes for the end-to-end deploy tests: a real `hardhat node` and the `npm run deploy` a user types.
// Each child gets its own process group so that stopping it also stops what npm/npx spawned under it.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
  return body.result;
}

export interface Node {
  url: string;
  child: ChildProcess;
  output: () => string;
}

/**
 * Starts `hardhat node --port <port>` (or `anvil --port <port> <anvilArgs>`) and resolves once it answers
 * eth_chainId. Both serve chain id 31337 with the same ten unlocked, funded accounts.
 */
export async function startNode(port: number, options: { anvil?: string[]; timeoutMs?: number } = {}): Promise<Node> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const [bin, args] = options.anvil
    ? ["anvil", ["--port", String(port), "--max-persisted-states", "0", ...options.anvil]] // keep no states on disk
    : ["hardhat", ["node", "--port", String(port)]];
  const child = spawn(path.join(ROOT, "node_modules", ".bin", bin), args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${bin} exited with ${child.exitCode}:\n${out}`);
    try {
      await rpc(url, "eth_chainId");
      return { url, child, output: () => out };
    } catch {
      if (Date.now() - started > timeoutMs) {
        stop(child);
        throw new Error(`${bin} did not answer on ${url} within ${timeoutMs} ms:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Stops a child and everything in its process group; resolves when it has exited. */
export async function stop(child: ChildProcess | undefined, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, signal);
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

export interface RunResult {
  code: number | null;
  output: string;
}

/** Runs `npm run <script> -- <args>` from the project root, as a user would; `track` sees the child (for cleanup). */
export function npmRun(
  script: string,
  args: string[],
  track: (c: ChildProcess) => void,
  timeoutMs = 240_000
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", script, "--", ...args], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    track(child);
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const timer = setTimeout(() => void stop(child), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
