// The keeper with its key in Hardhat's keystore, end to end: keystores written by the real `npx hardhat keystore set`
// (answering its prompts) into temporary XDG_CONFIG_HOMEs, then the keeper CLI as a child process with no
// KEEPER_PRIVATE_KEY, the production keystore's password piped into its stdin, against a `hardhat node`.
import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Wallet } from "ethers";
import {
  KEEPER_ADDRESS,
  KEEPER_KEY,
  ROOT,
  deployTo,
  keeperArgs,
  runKeeper,
  startNode,
  type Deployed,
  type Node,
} from "../helpers/keeper.js";

const PASSWORD = "correct horse battery";
/** Hardhat / anvil default account #8: the dev keystore's key, so its signer differs from the production one's. */
const DEV_KEY = "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97";

/** `npx hardhat keystore set [--dev] <name>` in `configHome`, answering its password and secret prompts. */
async function keystoreSet(configHome: string, name: string, secret: string, dev = false): Promise<void> {
  const proc = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/hardhat/dist/src/cli.js"), "keystore", "set", ...(dev ? ["--dev"] : []), name],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, XDG_CONFIG_HOME: configHome },
      stdio: ["pipe", "pipe", "pipe"],
    }
  );
  // One answer per prompt, written only once the prompt is out: each prompt reads stdin with a new readline
  // interface, which would swallow answers sent ahead of it.
  const answers: [RegExp, string][] = [
    [/Enter the password: $/, PASSWORD],
    [/Please confirm your password: $/, PASSWORD],
    [/Enter secret to store in the (production|development) keystore: $/, secret],
  ];
  let output = "";
  proc.stdout!.on("data", (d) => {
    output += String(d);
    for (const [prompt, answer] of answers)
      if (prompt.test(output)) {
        output += "\n";
        if (answer === secret) proc.stdin!.end(`${answer}\n`);
        else proc.stdin!.write(`${answer}\n`);
      }
  });
  proc.stderr!.on("data", (d) => (output += String(d)));
  const code = await new Promise<number | null>((resolve) => proc.once("exit", resolve));
  const set = `Key "${name}" set in the ${dev ? "development" : "production"} keystore`;
  if (code !== 0 || !output.includes(set)) throw new Error(`keystore set ${name} failed (${code}): ${output}`);
}

describe("keeper key from Hardhat's keystore (real keystores, keeper CLI)", function () {
  this.timeout(180_000);
  let node: Node;
  let d: Deployed;
  const dirs: string[] = [];
  const configHome = () => {
    const dir = mkdtempSync(path.join(tmpdir(), "keeper-keystore-"));
    dirs.push(dir);
    return dir;
  };
  let prod: string; // production keystore: KEEPER_PRIVATE_KEY = account #9, MALFORMED = "0x1234"
  let dev: string; // development keystore: KEEPER_PRIVATE_KEY = account #8

  before(async () => {
    node = await startNode("hardhat");
    d = await deployTo(node.url);
    prod = configHome();
    await keystoreSet(prod, "KEEPER_PRIVATE_KEY", KEEPER_KEY);
    await keystoreSet(prod, "MALFORMED", "0x1234");
    dev = configHome();
    await keystoreSet(dev, "KEEPER_PRIVATE_KEY", DEV_KEY, true);
  });
  after(async () => {
    await d?.cleanup();
    await node?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const once = (extra: string[] = []) => keeperArgs(node.url, d.recordFile, ["--once", "--dry-run", ...extra]);
  const everything = (r: Awaited<ReturnType<typeof runKeeper>>) =>
    r.lines.map((l) => JSON.stringify(l)).join("\n") + r.stderr;
  const oneLine = (r: Awaited<ReturnType<typeof runKeeper>>) => {
    expect(r.code, everything(r)).to.equal(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines, r.stderr).to.have.length(1);
    expect(r.lines, "nothing on stdout").to.deep.equal([]);
    return lines[0];
  };

  it("signs with the production keystore's key, its password read from stdin", async () => {
    const r = await runKeeper(once(), { XDG_CONFIG_HOME: prod }, undefined, `${PASSWORD}\n`);
    expect(r.code, everything(r)).to.equal(0);
    const started = r.lines.find((l) => l.event === "started");
    expect(started, everything(r)).to.include({ signer: KEEPER_ADDRESS, keySource: "keystore" });
    expect(r.lines.find((l) => l.event === "pass-done")).to.include({ sent: 0 });
    expect(
      r.lines.filter((l) => typeof l.level !== "number"),
      "stdout holds only the JSON log"
    ).to.deep.equal([]);
    expect(everything(r)).to.not.include(KEEPER_KEY.slice(2));
    expect(everything(r)).to.not.include(PASSWORD);
    expect(r.stderr).to.equal("");
  });

  it("exits 2 with one line on a wrong password, without echoing it", async () => {
    const r = await runKeeper(once(), { XDG_CONFIG_HOME: prod }, undefined, "wrong password\n");
    expect(oneLine(r)).to.match(
      /^keeper: cannot read Hardhat's keystore: .*Invalid password or corrupted keystore file/
    );
    expect(r.stderr).to.not.include("wrong password");
  });

  it("exits 2 with one line when the password is needed and stdin is empty (/dev/null)", async () => {
    const r = await runKeeper(once(), { XDG_CONFIG_HOME: prod });
    expect(oneLine(r)).to.equal(
      "keeper: cannot read Hardhat's keystore: the password is asked for, but stdin is not a terminal and is empty " +
        "(pipe it in: npm run keeper -- ... < password-file)"
    );
  });

  it("exits 2 naming a --keystore-key the keystore does not hold, without asking for the password", async () => {
    const r = await runKeeper(once(["--keystore-key", "NO_SUCH_KEY"]), { XDG_CONFIG_HOME: prod }); // stdin: /dev/null
    expect(oneLine(r)).to.equal(
      "keeper: KEEPER_PRIVATE_KEY is not set and Hardhat's keystore has no key NO_SUCH_KEY (npx hardhat keystore set NO_SUCH_KEY)"
    );
  });

  it("exits 2 when the keystore's value is not a key, without echoing it", async () => {
    const r = await runKeeper(
      once(["--keystore-key", "MALFORMED"]),
      { XDG_CONFIG_HOME: prod },
      undefined,
      `${PASSWORD}\n`
    );
    expect(oneLine(r)).to.equal("keeper: keystore key MALFORMED must be 32 bytes of hex");
    expect(r.stderr).to.not.include("0x1234");
  });

  it("exits 2 explaining that Hardhat skips its keystore when CI is set", async () => {
    const r = await runKeeper(once(), { XDG_CONFIG_HOME: prod, CI: "true" }, undefined, `${PASSWORD}\n`);
    expect(oneLine(r)).to.equal(
      "keeper: invalid config: KEEPER_PRIVATE_KEY is not set, and Hardhat's keystore is not used in CI (CI is set): set KEEPER_PRIVATE_KEY, or unset CI"
    );
  });

  it("uses the development keystore without a password", async () => {
    const r = await runKeeper(once(), { XDG_CONFIG_HOME: dev }); // stdin: /dev/null
    expect(r.code, everything(r)).to.equal(0);
    expect(r.lines.find((l) => l.event === "started")).to.include({
      signer: new Wallet(DEV_KEY).address,
      keySource: "keystore",
    });
    expect(everything(r)).to.not.include(DEV_KEY.slice(2));
  });

  it("prefers KEEPER_PRIVATE_KEY from the environment to the keystore", async () => {
    const r = await runKeeper(once(), { XDG_CONFIG_HOME: dev, KEEPER_PRIVATE_KEY: KEEPER_KEY });
    expect(r.code, everything(r)).to.equal(0);
    expect(r.lines.find((l) => l.event === "started")).to.include({ signer: KEEPER_ADDRESS, keySource: "env" });
  });
});
