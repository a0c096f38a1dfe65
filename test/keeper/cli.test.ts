// The keeper CLI's start-up: --help documents every flag; each bad configuration exits 2 with one line naming it.
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KEEPER_KEY, runKeeper, startNode, type Node } from "../helpers/keeper.js";
import { FLAGS } from "../../keeper/config.js";

const A = (n: number) => "0x" + n.toString(16).padStart(40, "0");
const record = (chainId: number, factory = A(2), lens = A(3)) => ({
  chainId,
  collateral: A(1),
  factory,
  lens,
  markets: [{ symbol: "BTC-USD", market: A(4), feed: A(5) }],
  tokens: [
    { symbol: "BTC3L", token: A(6), vault: A(7), market: A(4), isLong: true, targetLeverage: "3000000000000000000" },
  ],
});
const env = { KEEPER_PRIVATE_KEY: KEEPER_KEY };

describe("keeper CLI start-up", function () {
  this.timeout(120_000);
  let dir: string;
  let node: Node | undefined;
  const file = (name: string, text: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "keeper-cli-"));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await node?.stop();
  });

  it("--help documents every flag and exits 0", async () => {
    const r = await runKeeper(["--help"], env);
    expect(r.code).to.equal(0);
    const help = r.lines
      .map((l) => l.msg)
      .join("\n")
      .replace(/\s+/g, " "); // commander wraps prose at the terminal width
    const flags = Object.values(FLAGS).map((f) => f.flag.split(" ")[0]);
    expect(flags).to.include.members([
      "--rpc-url",
      "--deployment",
      "--once",
      "--dry-run",
      "--max-fee-per-gas",
      "--replace-after-blocks",
      "--port",
    ]);
    for (const f of flags) expect(help, f).to.include(f);
    expect(help).to.include("KEEPER_PRIVATE_KEY");
    expect(help).to.include("npx hardhat keystore set");
    expect(help).to.match(/first line of stdin/);
  });

  const cases: [string, () => { args: string[]; env: Record<string, string | undefined> }, RegExp][] = [
    [
      "a bad RPC URL",
      () => ({ args: ["--rpc-url", "localhost:8545", "--deployment", "x.json"], env }),
      /--rpc-url must be an http\(s\) URL/,
    ],
    [
      "a missing key (no KEEPER_PRIVATE_KEY, an empty keystore)",
      () => ({
        args: ["--rpc-url", "http://127.0.0.1:1", "--deployment", file("ok.json", JSON.stringify(record(31337)))],
        env: {},
      }),
      /KEEPER_PRIVATE_KEY is not set and Hardhat's keystore has no key KEEPER_PRIVATE_KEY \(npx hardhat keystore set KEEPER_PRIVATE_KEY\)$/,
    ],
    [
      "a missing key in CI, where Hardhat does not use its keystore",
      () => ({
        args: ["--rpc-url", "http://127.0.0.1:1", "--deployment", file("ok.json", JSON.stringify(record(31337)))],
        env: { CI: "true" },
      }),
      /KEEPER_PRIVATE_KEY is not set, and Hardhat's keystore is not used in CI \(CI is set\)/,
    ],
    [
      "a --keystore-key that is not a keystore name",
      () => ({ args: ["--rpc-url", "http://127.0.0.1:1", "--deployment", "x.json", "--keystore-key", "a-b"], env }),
      /--keystore-key must be letters, digits and underscores/,
    ],
    [
      "a malformed key",
      () => ({
        args: ["--rpc-url", "http://127.0.0.1:1", "--deployment", "x.json"],
        env: { KEEPER_PRIVATE_KEY: "0x1234" },
      }),
      /KEEPER_PRIVATE_KEY must be 32 bytes of hex/,
    ],
    [
      "an unreadable deployment file",
      () => ({ args: ["--rpc-url", "http://127.0.0.1:1", "--deployment", path.join(dir, "missing.json")], env }),
      /cannot read deployment file .*missing\.json: ENOENT/,
    ],
    [
      "a deployment file that is not JSON",
      () => ({ args: ["--rpc-url", "http://127.0.0.1:1", "--deployment", file("bad.json", "{ chainId: 1")], env }),
      /deployment file .*bad\.json is not valid JSON/,
    ],
    [
      "a deployment record missing a field",
      () => {
        const { factory: _f, ...noFactory } = record(31337);
        return {
          args: ["--rpc-url", "http://127.0.0.1:1", "--deployment", file("nofactory.json", JSON.stringify(noFactory))],
          env,
        };
      },
      /invalid .*nofactory\.json: factory:/,
    ],
    [
      "an unknown option",
      () => ({ args: ["--rpc-url", "http://127.0.0.1:1", "--deployment", "x.json", "--fast"], env }),
      /unknown option '--fast'/,
    ],
    [
      "an RPC that does not answer",
      () => ({
        args: ["--rpc-url", "http://127.0.0.1:9", "--deployment", file("ok.json", JSON.stringify(record(31337)))],
        env,
      }),
      /cannot reach RPC at http:\/\/127\.0\.0\.1:9/,
    ],
  ];
  for (const [what, setup, message] of cases) {
    it(`exits 2 naming ${what}`, async () => {
      const { args, env: e } = setup();
      const r = await runKeeper(args, e);
      expect(r.code).to.equal(2);
      const lines = r.stderr.trim().split("\n");
      expect(lines, r.stderr).to.have.length(1);
      expect(lines[0]).to.match(/^keeper: /);
      expect(lines[0]).to.match(message);
      expect(r.stderr).to.not.include(KEEPER_KEY.slice(2));
    });
  }

  describe("against a node", () => {
    before(async () => {
      node = await startNode("anvil");
    });

    it("exits 2 when the RPC is on another chain than the record", async () => {
      const f = file("chain1.json", JSON.stringify(record(1)));
      const r = await runKeeper(["--rpc-url", node!.url, "--deployment", f], env);
      expect(r.code).to.equal(2);
      expect(r.stderr.trim()).to.equal(
        `keeper: RPC at ${node!.url} is chain 31337, the deployment record is for chain 1`
      );
    });

    it("exits 2 when the recorded contracts are not on the chain (stale record)", async () => {
      const f = file("stale.json", JSON.stringify(record(31337)));
      const r = await runKeeper(["--rpc-url", node!.url, "--deployment", f], env);
      expect(r.code).to.equal(2);
      expect(r.stderr.trim()).to.equal(`keeper: no contract at ${A(2)} on chain 31337: the deployment record is stale`);
    });
  });
});
