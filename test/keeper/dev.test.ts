// scripts/dev against a node whose chain id is not local (anvil --chain-id 11155111, Sepolia's): every helper refuses
// with one line and exit 2, and sends nothing.
import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT, rpc, startNode, type Node } from "../helpers/keeper.js";

const A = (n: number) => "0x" + n.toString(16).padStart(40, "0");
const SEPOLIA = 11155111;

function npmRun(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const c = spawn("npm", ["run", "--silent", ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    c.stdout!.on("data", (x) => (out += x));
    c.stderr!.on("data", (x) => (err += x));
    c.on("close", (code) => resolve({ code, out, err }));
  });
}

describe("scripts/dev on a chain that is not local", function () {
  this.timeout(120_000);
  let node: Node;
  let dir: string;

  before(async () => {
    node = await startNode("anvil", undefined, ["--chain-id", String(SEPOLIA)]);
    dir = mkdtempSync(path.join(tmpdir(), "keeper-dev-"));
    const record = {
      chainId: SEPOLIA,
      collateral: A(1),
      factory: A(2),
      lens: A(3),
      markets: [{ symbol: "BTC-USD", market: A(4), feed: A(5) }],
      tokens: [{ symbol: "BTC3L", token: A(6), vault: A(7), market: A(4), isLong: true, targetLeverage: "3" }],
    };
    writeFileSync(path.join(dir, "localhost.json"), JSON.stringify(record));
  });
  after(async () => {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [script, args] of [
    ["dev:mint", ["BTC3L", "100"]],
    ["dev:price", ["BTC-USD", "-10%"]],
    ["dev:time", ["24h"]],
  ] as const) {
    it(`npm run ${script} -- ${args.join(" ")} refuses chain ${SEPOLIA} in one line, exit 2, and sends nothing`, async () => {
      const before = await rpc<string>(node.url, "eth_blockNumber");
      const r = await npmRun([script, "--", ...args], { LEVER_RPC_URL: node.url, LEVER_DEPLOYMENTS_DIR: dir });
      expect(r.code).to.equal(2);
      expect(r.out).to.equal("");
      expect(r.err.trim().split("\n")).to.deep.equal([
        `${script}: refusing chain ${SEPOLIA} at ${node.url}: the dev helpers run only on local chains (31337, 1337)`,
      ]);
      expect(await rpc<string>(node.url, "eth_blockNumber")).to.equal(before);
    });
  }
});
