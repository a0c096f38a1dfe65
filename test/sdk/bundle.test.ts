// The SDK's main entry in a browser (issue #14): esbuild bundles the built package for the browser platform, with
// no Node built-in and no contract bytecode in it; the sizes, minified, are printed for the notes.
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { build } from "esbuild";
import { ROOT } from "../../deploy/localNode.js";

const env = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` };
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

async function bundle(entry: string, external: string[] = []) {
  const r = await build({
    entryPoints: [path.join(ROOT, "sdk/dist/sdk", entry)],
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    external,
    logLevel: "silent",
  });
  return {
    text: r.outputFiles[0].text,
    bytes: r.outputFiles[0].contents.length,
    inputs: Object.keys(r.metafile.inputs),
  };
}

describe("sdk browser bundle (esbuild, platform browser)", function () {
  this.timeout(120_000);

  before(() => {
    execFileSync("npx", ["tsc", "-p", "sdk/tsconfig.build.json"], { cwd: ROOT, env, stdio: "pipe" });
  });

  it("bundles @lever/sdk for the browser: no node: module, no bytecode; sizes with and without ethers", async () => {
    const full = await bundle("index.js");
    const lean = await bundle("index.js", ["ethers"]);
    const abi = await bundle("abi.js");
    console.log(
      `      minified: @lever/sdk with ethers ${kib(full.bytes)}, without ethers ${kib(lean.bytes)}; @lever/sdk/abi ${kib(abi.bytes)}`
    );
    for (const b of [full, lean, abi]) {
      expect(b.inputs.filter((i) => i.startsWith("node:") || i.includes("deployment.js"))).to.deep.equal([]);
      // Creation code starts with the free-memory-pointer set-up 0x6080604052; runtime code with 0x60806040.
      expect(b.text).to.not.match(/6080604052/);
    }
    expect(lean.inputs.some((i) => i.includes("node_modules/ethers"))).to.equal(false);
    expect(abi.inputs).to.deep.equal([path.relative(process.cwd(), path.join(ROOT, "sdk/dist/sdk/abi.js"))]);
  });

  it("the Node entry alone imports node:fs (readDeployment), and fails a browser bundle", async () => {
    const err = await bundle("node.js").then(
      () => undefined,
      (e: Error) => e
    );
    expect(err?.message).to.match(/node:fs/);
  });
});
