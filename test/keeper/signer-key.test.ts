// keeper/signer-key.ts (where the key comes from, pure), keeper/keystore.ts's password prompt, and the start-up order:
// every other configuration problem is reported before Hardhat's keystore is touched.
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { readSecret } from "../../keeper/keystore.js";
import { main } from "../../keeper/main.js";
import { ciVariable, planSignerKey, resolveSignerKey, type KeystoreReader } from "../../keeper/signer-key.js";

const KEY = "0x" + "11".repeat(32);
const OTHER = "0x" + "22".repeat(32);
const noKeystore: KeystoreReader = async () => {
  throw new Error("the keystore must not be read");
};
const keystore =
  (entries: Record<string, string>, reads: string[] = []): KeystoreReader =>
  async (name) => {
    reads.push(name);
    return entries[name];
  };
const message = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected a rejection");
};

describe("keeper/signer-key", () => {
  describe("planSignerKey", () => {
    it("takes KEEPER_PRIVATE_KEY from the environment when it is set, whatever else is set", () => {
      expect(planSignerKey({ KEEPER_PRIVATE_KEY: KEY, CI: "true", OTHER_KEY: OTHER }, "OTHER_KEY")).to.deep.equal({
        source: "env",
        privateKey: KEY,
      });
      expect(planSignerKey({ KEEPER_PRIVATE_KEY: "11".repeat(32) }, "KEEPER_PRIVATE_KEY")).to.deep.equal({
        source: "env",
        privateKey: KEY,
      });
    });

    it("plans the keystore entry named by --keystore-key when KEEPER_PRIVATE_KEY is not set", () => {
      expect(planSignerKey({}, "KEEPER_PRIVATE_KEY")).to.deep.equal({ source: "keystore", name: "KEEPER_PRIVATE_KEY" });
      expect(planSignerKey({ HOME: "/root" }, "MAINNET_KEEPER")).to.deep.equal({
        source: "keystore",
        name: "MAINNET_KEEPER",
      });
    });

    it("keeps the environment key's messages and never echoes the key", () => {
      expect(() => planSignerKey({ KEEPER_PRIVATE_KEY: "0xdeadbeef" }, "KEEPER_PRIVATE_KEY")).to.throw(
        /^KEEPER_PRIVATE_KEY must be 32 bytes of hex$/
      );
      expect(() => planSignerKey({ KEEPER_PRIVATE_KEY: KEY + "00" }, "KEEPER_PRIVATE_KEY")).to.throw(
        /^KEEPER_PRIVATE_KEY must be 32 bytes of hex$/
      );
      expect(() => planSignerKey({ KEEPER_PRIVATE_KEY: "" }, "KEEPER_PRIVATE_KEY")).to.throw(
        /^KEEPER_PRIVATE_KEY is set but empty \(unset it to use Hardhat's keystore\)$/
      );
    });

    it("explains that Hardhat skips its keystore in CI, naming the variable", () => {
      expect(() => planSignerKey({ CI: "true" }, "KEEPER_PRIVATE_KEY")).to.throw(
        /^KEEPER_PRIVATE_KEY is not set, and Hardhat's keystore is not used in CI \(CI is set\): set KEEPER_PRIVATE_KEY, or unset CI$/
      );
      expect(() => planSignerKey({ GITHUB_ACTIONS: "" }, "KEEPER_PRIVATE_KEY")).to.throw(/\(GITHUB_ACTIONS is set\)/);
    });

    it("recognises every CI variable of the installed Hardhat's isCi(), which the keystore plugin checks", () => {
      const src = readFileSync(fileURLToPath(import.meta.resolve("@nomicfoundation/hardhat-utils/ci")), "utf8");
      const names = [...new Set([...src.matchAll(/env\.([A-Z_]+) !== undefined/g)].map((m) => m[1]))];
      expect(names).to.include.members(["CI", "GITHUB_ACTIONS", "BUILD_NUMBER", "RUN_ID"]);
      for (const v of names) expect(ciVariable({ [v]: "1" }), v).to.equal(v);
      expect(ciVariable({ PATH: "/bin", HOME: "/root", XDG_CONFIG_HOME: "/tmp" })).to.equal(null);
    });

    it("refuses a keystore name that is also a set environment variable (Hardhat would read the variable)", () => {
      expect(() => planSignerKey({ MAINNET_KEEPER: OTHER }, "MAINNET_KEEPER")).to.throw(
        /^KEEPER_PRIVATE_KEY is not set, and Hardhat reads the environment variable MAINNET_KEEPER instead of its keystore entry MAINNET_KEEPER: unset MAINNET_KEEPER, or put the key in KEEPER_PRIVATE_KEY$/
      );
    });
  });

  describe("resolveSignerKey", () => {
    it("does not touch the keystore for an environment key", async () => {
      expect(await resolveSignerKey({ source: "env", privateKey: KEY }, noKeystore)).to.deep.equal({
        source: "env",
        privateKey: KEY,
      });
    });

    it("reads the planned keystore entry and adds 0x", async () => {
      const reads: string[] = [];
      const r = await resolveSignerKey({ source: "keystore", name: "K" }, keystore({ K: "33".repeat(32) }, reads));
      expect(r).to.deep.equal({ source: "keystore", privateKey: "0x" + "33".repeat(32) });
      expect(reads).to.deep.equal(["K"]);
    });

    it("names the missing entry and how to store it", async () => {
      expect(await message(resolveSignerKey({ source: "keystore", name: "K" }, keystore({ OTHER: KEY })))).to.equal(
        "KEEPER_PRIVATE_KEY is not set and Hardhat's keystore has no key K (npx hardhat keystore set K)"
      );
    });

    it("rejects a malformed keystore value without echoing it", async () => {
      for (const bad of ["0x1234", "", KEY + " ", "not a key"]) {
        const m = await message(resolveSignerKey({ source: "keystore", name: "K" }, keystore({ K: bad })));
        expect(m).to.equal("keystore key K must be 32 bytes of hex");
      }
    });

    it("passes the keystore's own errors on (wrong password)", async () => {
      const failing: KeystoreReader = async () => {
        throw new Error("cannot read Hardhat's keystore: HHE50000: Invalid password or corrupted keystore file.");
      };
      expect(await message(resolveSignerKey({ source: "keystore", name: "K" }, failing))).to.match(/Invalid password/);
    });
  });
});

describe("keeper/keystore readSecret", () => {
  it("reads the first line of a stdin that is not a terminal, and nothing after it", async () => {
    const input = Readable.from(["pass word\r\nsecond line\n"]);
    const out: string[] = [];
    const output = new PassThrough().on("data", (d) => out.push(String(d)));
    expect(await readSecret("Password: ", { input, output })).to.equal("pass word");
    expect(out.join("")).to.equal("");
  });

  it("takes a last line without a newline", async () => {
    expect(await readSecret("Password: ", { input: Readable.from(["p4ssw0rd!"]), output: new PassThrough() })).to.equal(
      "p4ssw0rd!"
    );
  });

  it("fails with one line when stdin is not a terminal and empty (e.g. /dev/null)", async () => {
    const m = await message(readSecret("Password: ", { input: Readable.from([]), output: new PassThrough() }));
    expect(m).to.match(/^the password is asked for, but stdin is not a terminal and is empty \(pipe it in: /);
  });

  it("on a terminal prompts on the given output and does not echo what is typed", async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
    const out: string[] = [];
    const output = new PassThrough().on("data", (d) => out.push(String(d)));
    const answer = readSecret("[hardhat-keystore] Enter the password: ", { input, output });
    input.write("hunter2hunter2\r");
    expect(await answer).to.equal("hunter2hunter2");
    expect(out.join("")).to.include("Enter the password: ");
    expect(out.join("")).to.not.include("hunter2");
  });

  it("on a terminal fails when the prompt is closed without an answer (Ctrl-C, Ctrl-D)", async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
    const answer = readSecret("Password: ", { input, output: new PassThrough() });
    input.write("\x03"); // Ctrl-C in raw mode
    expect(await message(answer)).to.equal("the password prompt was closed without an answer");
  });
});

describe("keeper start-up order", () => {
  const run = async (argv: string[], env: Record<string, string | undefined>) => {
    const reads: string[] = [];
    const err: string[] = [];
    const code = await main(argv, {
      env,
      signal: new AbortController().signal,
      stdout: () => undefined,
      stderr: (s) => void err.push(s),
      readKeystore: keystore({}, reads),
    });
    return { code, err: err.join(""), reads };
  };

  it("reports bad flags and an unreadable deployment file before reading the keystore", async () => {
    let r = await run(["--rpc-url", "nope", "--deployment", "x.json"], {});
    expect(r.code).to.equal(2);
    expect(r.err).to.match(/^keeper: invalid config: --rpc-url/);
    r = await run(["--rpc-url", "http://127.0.0.1:1", "--deployment", "/nonexistent/d.json"], {});
    expect(r.err).to.equal("keeper: cannot read deployment file /nonexistent/d.json: ENOENT\n");
    expect(r.reads).to.deep.equal([]);
  });

  it("reads the keystore once flags and deployment file are right, before contacting the RPC", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "keeper-order-"));
    try {
      const A = (n: number) => "0x" + n.toString(16).padStart(40, "0");
      const file = path.join(dir, "d.json");
      writeFileSync(
        file,
        JSON.stringify({ chainId: 31337, collateral: A(1), factory: A(2), lens: A(3), markets: [], tokens: [] })
      );
      const r = await run(["--rpc-url", "http://127.0.0.1:1", "--deployment", file, "--keystore-key", "K2"], {});
      expect(r.reads).to.deep.equal(["K2"]);
      expect(r.err).to.equal(
        "keeper: KEEPER_PRIVATE_KEY is not set and Hardhat's keystore has no key K2 (npx hardhat keystore set K2)\n"
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
