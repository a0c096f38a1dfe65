// The SDK as a wallet team meets it (issue #14), against a real `hardhat node`: a plain ethers Wallet sending back to
// back, and the two examples of docs/integration.md (ethers and viem) run as they stand from the packed tarball,
// installed into an empty folder offline (dependencies from the npm cache), while this test publishes the next price
// and settles requests the way the keeper does.
import { expect } from "chai";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { JsonRpcProvider, parseUnits, Wallet } from "ethers";
import { deployTo, ROOT, startNode, type Deployed, type Node } from "../helpers/keeper.js";
import { LeverClient } from "../../sdk/index.js";
import { readDeployment } from "../../sdk/node.js";
import { npmRun } from "../helpers/processes.js";

/** Hardhat's default accounts #2..#4 (the deployer is #0). */
const KEYS = [
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
];
const env = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` };

/** The fenced ts block that follows `heading` in docs/integration.md. */
export function docsExample(heading: string): string {
  const doc = readFileSync(path.join(ROOT, "docs/integration.md"), "utf8");
  const at = doc.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`docs/integration.md has no "${heading}"`);
  const m = /```ts\n([\s\S]*?)\n```/.exec(doc.slice(at));
  if (!m) throw new Error(`no ts block after "${heading}"`);
  return m[1];
}

/** Runs `file` with Node (types stripped) in `cwd`; resolves with its stdout, rejects with its output on failure. */
function runExample(cwd: string, file: string, extraEnv: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--experimental-strip-types", "--no-warnings", file], {
      cwd,
      env: { ...env, ...extraEnv },
    });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => p.kill("SIGKILL"), 150_000);
    p.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${file} exited ${code}:\n${out}\n${err}`));
    });
  });
}

/**
 * Until stopped: for every vault with a pending request and nothing settleable, publish a new round at the same
 * price; then settle what can settle (ripcord first, then settle, as the keeper orders it).
 */
function settler(d: Deployed): { stop(): Promise<void>; settled: () => number } {
  let running = true;
  let settled = 0;
  const loop = (async () => {
    const [deployer] = await d.connection.ethers.getSigners();
    while (running) {
      for (const t of Object.values(d.protocol.tokens)) {
        const vault = t.vault.connect(deployer);
        const [next, end] = await vault.requestQueue();
        if (end <= next) continue;
        if ((await vault.rebalanceStatus()) === 3n) await (await vault.ripcord()).wait();
        const n = await vault.settleableRequests();
        if (n > 0n) {
          await (await vault.settle(n)).wait();
          settled += Number(n);
        } else {
          const [, answer] = await t.feed.latestRoundData();
          await (await t.feed.connect(deployer).setPrice(answer)).wait();
        }
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
    settled: () => settled,
  };
}

describe("sdk against hardhat node: plain Wallet, packed tarball, docs examples", function () {
  this.timeout(600_000);
  let node: Node;
  let d: Deployed;

  before(async () => {
    node = await startNode("hardhat");
    d = await deployTo(node.url);
  });

  after(async () => {
    await d?.cleanup();
    await node?.stop();
  });

  it("a plain ethers Wallet sends faucet, mint, mint, redeem back to back (no 'nonce has already been used')", async () => {
    const wallet = new Wallet(KEYS[0], new JsonRpcProvider(node.url));
    const lever = await LeverClient.connect(readDeployment(d.recordFile), wallet);
    const start = await wallet.getNonce();
    await lever.faucet(parseUnits("1000", 6));
    const a = await lever.mint("BTC3L", parseUnits("100", 6));
    const b = await lever.mint("BTC3L", parseUnits("100", 6), { method: "approve" }); // approve + mint
    await lever.redeem("BTC3L", a.tokensOut);
    expect(b.tokensOut > 0n).to.equal(true);
    // faucet, mintWithPermit, approve, mint, redeem: five transactions, five consecutive nonces.
    expect(await wallet.getNonce("latest")).to.equal(start + 5);
  });

  it("npm run tokenlist checks the record against factory.allVaults(): a forged vault is refused", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lever-tokenlist-"));
    try {
      const record = readDeployment(d.recordFile);
      const forged = { ...record, tokens: record.tokens.map((t, i) => (i ? t : { ...t, vault: record.lens })) };
      writeFileSync(path.join(dir, "local.json"), JSON.stringify(record));
      writeFileSync(path.join(dir, "forged.json"), JSON.stringify(forged));
      const args = (name: string) => ["--network", name, "--deployments-dir", dir, "--rpc-url", node.url];
      const ok = await npmRun("tokenlist", args("local"), () => {});
      expect(ok.code, ok.output).to.equal(0);
      const bad = await npmRun("tokenlist", args("forged"), () => {});
      expect(bad.code).to.equal(1);
      expect(bad.output).to.include(
        `tokenlist failed: BTC3L: vault ${record.lens} is not in factory.allVaults() (factory ${record.factory})`
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("npm pack -> install into an empty folder offline -> the docs' ethers and viem examples run", async () => {
    const began = performance.now();
    const work = mkdtempSync(path.join(tmpdir(), "lever-sdk-"));
    try {
      execFileSync("npx", ["tsc", "-p", "sdk/tsconfig.build.json"], { cwd: ROOT, env, stdio: "pipe" });
      execFileSync("npm", ["pack", "./sdk", "--pack-destination", work, "--silent"], { cwd: ROOT, env, stdio: "pipe" });
      const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"))!;
      expect(tarball).to.match(/^lever-sdk-\d+\.\d+\.\d+\.tgz$/);
      const app = path.join(work, "app");
      mkdirSync(path.join(app, "deployments"), { recursive: true });
      writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
      // The tarball and its dependency (zod), offline. zod comes packed from this repository's node_modules: `npm ci`
      // caches tarballs but not the registry's metadata, so on a fresh machine npm cannot resolve "zod" from its cache
      // (ENOTCACHED). The peers the examples import (ethers, viem) are linked from node_modules; the test must not
      // reach the registry.
      execFileSync("npm", ["pack", path.join(ROOT, "node_modules", "zod"), "--pack-destination", work, "--silent"], {
        cwd: ROOT,
        env,
        stdio: "pipe",
      });
      const zod = readdirSync(work).find((f) => f.startsWith("zod-") && f.endsWith(".tgz"))!;
      execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", `../${tarball}`, `../${zod}`], {
        cwd: app,
        env,
        stdio: "pipe",
      });
      for (const peer of ["ethers", "viem"])
        symlinkSync(path.join(ROOT, "node_modules", peer), path.join(app, "node_modules", peer), "dir");
      writeFileSync(path.join(app, "deployments/localhost.json"), readFileSync(d.recordFile));
      writeFileSync(path.join(app, "ethers-example.mts"), docsExample("## Copy-paste example (ethers)"));
      writeFileSync(path.join(app, "viem-example.mts"), docsExample("## viem"));
      const installedMs = performance.now() - began;
      // Both examples typecheck against the installed declarations (strict, no skipLibCheck): viem infers every
      // argument and result from the `as const` ABIs, or this fails.
      symlinkSync(path.join(ROOT, "node_modules/@types"), path.join(app, "node_modules/@types"), "dir");
      const tsconfig = { module: "nodenext", target: "es2022", strict: true, noEmit: true, types: ["node"] };
      writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: tsconfig, include: ["*.mts"] }));
      execFileSync(path.join(ROOT, "node_modules/.bin/tsc"), ["-p", app], { env, stdio: "pipe" });

      const s = settler(d);
      let ethersOut: string;
      let viemOut: string;
      try {
        ethersOut = await runExample(app, "ethers-example.mts", { RPC_URL: node.url, PRIVATE_KEY: KEYS[1] });
        viemOut = await runExample(app, "viem-example.mts", { RPC_URL: node.url, PRIVATE_KEY: KEYS[2] });
      } finally {
        await s.stop();
      }
      console.log(
        `      pack -> install -> both examples: ${((performance.now() - began) / 1000).toFixed(1)} s (pack + offline install ${(installedMs / 1000).toFixed(1)} s)`
      );
      expect(ethersOut).to.not.match(/0\.0+x/); // no leverage of 0.0x for vaults without holders
      expect(ethersOut).to.match(/BTC3L \(BTC 3x Long\): no holders yet|BTC3L \(.*\): \d/);
      expect(ethersOut).to.match(/request settled: [\d.]+ BTC3L/);
      expect(ethersOut).to.match(/BTC3L held [1-9][\d.]*, worth/); // a position left open
      expect(viemOut).to.match(/settled for \d+ tokens/);
      expect(s.settled()).to.be.greaterThanOrEqual(2);

      // What the examples left behind, read with the SDK: each wallet still holds BTC3L, nothing pending.
      const lever = await LeverClient.connect(readDeployment(d.recordFile), new JsonRpcProvider(node.url));
      for (const key of KEYS.slice(1)) {
        const p = await lever.position("BTC3L", new Wallet(key).address);
        expect(p.balance > 0n).to.equal(true);
        expect(p.pending).to.deep.equal([]);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
