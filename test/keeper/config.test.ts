// keeper/config.ts and the deployment reader it uses (sdk/deployment.ts): every bad option or deployment file fails
// with one line naming it.
import { expect } from "chai";
import { Command } from "commander";
import { commanderOptions, FLAGS, parseConfig } from "../../keeper/config.js";
import { parseDeploymentText, readDeployment } from "../../sdk/deployment.js";

const KEY = "0x" + "11".repeat(32);
const ok = { rpcUrl: "http://127.0.0.1:8545", deployment: "deployments/localhost.json" };
const env = { KEEPER_PRIVATE_KEY: KEY };
const A = (n: number) => "0x" + n.toString(16).padStart(40, "0");
const record = {
  chainId: 31337,
  collateral: A(1),
  factory: A(2),
  lens: A(3),
  markets: [{ symbol: "BTC-USD", market: A(4), feed: A(5) }],
  tokens: [
    { symbol: "BTC3L", token: A(6), vault: A(7), market: A(4), isLong: true, targetLeverage: "3000000000000000000" },
  ],
};

const failsWith = (f: () => unknown, re: RegExp) => {
  expect(f).to.throw(re);
  try {
    f();
  } catch (e) {
    expect((e as Error).message).to.not.include("\n");
  }
};

describe("keeper/config", () => {
  it("fills in defaults and converts units", () => {
    const c = parseConfig({ ...ok, maxFeePerGas: "1.5", healthMinBalance: "0.25", once: true }, env);
    expect(c.maxFeePerGas).to.equal(1_500_000_000n);
    expect(c.priorityFee).to.equal(1_000_000_000n);
    expect(c.healthMinBalance).to.equal(250_000_000_000_000_000n);
    expect(c.pollInterval).to.equal(2000);
    expect(c.pageSize).to.equal(200);
    expect(c.once).to.equal(true);
    expect(c.dryRun).to.equal(false);
    expect(c.signerKey).to.deep.equal({ source: "env", privateKey: KEY });
  });

  it("derives each commander option from its one FLAGS entry: same key, description and default", () => {
    const options = commanderOptions();
    expect(options.map((o) => o.attributeName())).to.deep.equal(Object.keys(FLAGS));
    const opts = new Command().exitOverride();
    for (const o of options) opts.addOption(o);
    opts.parse(["--rpc-url", ok.rpcUrl, "--deployment", ok.deployment], { from: "user" });
    const c = parseConfig(opts.opts(), env);
    expect(c.replaceAfterBlocks).to.equal(Number(FLAGS.replaceAfterBlocks.default));
    expect(c.once).to.equal(false);
    expect(c.port).to.equal(9464);
  });

  it("reads KEEPER_RPC_URL and KEEPER_DEPLOYMENT when their flags are not given; a flag wins", () => {
    const fromEnv = { ...env, KEEPER_RPC_URL: "https://rpc.example.org", KEEPER_DEPLOYMENT: "d.json" };
    const c = parseConfig({}, fromEnv);
    expect([c.rpcUrl, c.deployment]).to.deep.equal(["https://rpc.example.org", "d.json"]);
    expect(parseConfig(ok, fromEnv).rpcUrl).to.equal(ok.rpcUrl);
  });

  it("accepts a key without 0x", () => {
    expect(parseConfig(ok, { KEEPER_PRIVATE_KEY: "22".repeat(32) }).signerKey).to.deep.equal({
      source: "env",
      privateKey: "0x" + "22".repeat(32),
    });
  });

  it("plans Hardhat's keystore entry KEEPER_PRIVATE_KEY, or --keystore-key, when KEEPER_PRIVATE_KEY is not set", () => {
    expect(parseConfig(ok, {}).signerKey).to.deep.equal({ source: "keystore", name: "KEEPER_PRIVATE_KEY" });
    expect(parseConfig({ ...ok, keystoreKey: "MAINNET_KEEPER" }, {}).signerKey).to.deep.equal({
      source: "keystore",
      name: "MAINNET_KEEPER",
    });
  });

  it("rejects a --keystore-key the keystore could not hold", () => {
    failsWith(
      () => parseConfig({ ...ok, keystoreKey: "2KEY" }, {}),
      /^invalid config: --keystore-key must be letters, digits and underscores, not starting with a digit$/
    );
    failsWith(() => parseConfig({ ...ok, keystoreKey: "MY-KEY" }, env), /--keystore-key must be/);
  });

  it("reports bad options before any problem with the key", () => {
    failsWith(() => parseConfig({ ...ok, rpcUrl: "x" }, { CI: "true" }), /^invalid config: --rpc-url/);
    failsWith(() => parseConfig({ ...ok, port: "x" }, { KEEPER_PRIVATE_KEY: "0x12" }), /^invalid config: --port/);
  });

  it("treats port -1 as no HTTP server", () => {
    expect(parseConfig({ ...ok, port: "-1" }, env).port).to.equal(null);
  });

  it("rejects an empty or malformed key without echoing it", () => {
    failsWith(() => parseConfig(ok, { KEEPER_PRIVATE_KEY: "" }), /KEEPER_PRIVATE_KEY is set but empty/);
    expect(() => parseConfig(ok, { KEEPER_PRIVATE_KEY: "0xdeadbeef" })).to.throw(
      /^invalid config: KEEPER_PRIVATE_KEY must be 32 bytes of hex$/
    );
  });

  it("rejects a bad or missing RPC URL", () => {
    failsWith(() => parseConfig({ ...ok, rpcUrl: "not a url" }, env), /--rpc-url must be an http\(s\) URL/);
    failsWith(() => parseConfig({ ...ok, rpcUrl: "ftp://example.org" }, env), /--rpc-url/);
    failsWith(() => parseConfig({ ...ok, rpcUrl: "ws://127.0.0.1:8546" }, env), /--rpc-url must be an http\(s\) URL/);
    failsWith(() => parseConfig({ deployment: "x.json" }, env), /--rpc-url is required/);
  });

  it("rejects a missing deployment option", () => {
    failsWith(() => parseConfig({ rpcUrl: ok.rpcUrl }, env), /--deployment is required/);
  });

  it("rejects numbers out of range or not numbers", () => {
    failsWith(() => parseConfig({ ...ok, pollInterval: "fast" }, env), /--poll-interval must be an integer/);
    failsWith(() => parseConfig({ ...ok, confirmations: "0" }, env), /--confirmations must be >= 1/);
    failsWith(
      () => parseConfig({ ...ok, maxFeePerGas: "-3" }, env),
      /--max-fee-per-gas must be a non-negative decimal/
    );
    failsWith(() => parseConfig({ ...ok, maxFeePerGas: "0" }, env), /--max-fee-per-gas must be > 0/);
    failsWith(() => parseConfig({ ...ok, port: "70000" }, env), /--port must be <= 65535/);
    failsWith(
      () => parseConfig({ ...ok, priorityFee: "300" }, env),
      /--priority-fee must not exceed --max-fee-per-gas/
    );
  });
});

describe("keeper: reading the deployment record (sdk/deployment.ts)", () => {
  it("parses a docs/protocol.md §11 record", () => {
    expect(parseDeploymentText(JSON.stringify(record), "f.json")).to.deep.equal(record);
  });

  it("names a file that is not JSON", () => {
    failsWith(() => parseDeploymentText("{ nope", "f.json"), /^deployment file f\.json is not valid JSON/);
  });

  it("names the first malformed field", () => {
    const bad = { ...record, tokens: [{ ...record.tokens[0], vault: "0x1234" }] };
    failsWith(
      () => parseDeploymentText(JSON.stringify(bad), "f.json"),
      /^invalid f\.json: tokens\.0\.vault: expected a 0x-prefixed 20-byte hex address$/
    );
    const { lens: _lens, ...noLens } = record;
    failsWith(() => parseDeploymentText(JSON.stringify(noLens), "f.json"), /^invalid f\.json: lens:/);
    failsWith(
      () => parseDeploymentText(JSON.stringify({ ...record, chainId: "31337" }), "f.json"),
      /^invalid f\.json: chainId:/
    );
  });

  it("names an unreadable file", () => {
    failsWith(
      () => readDeployment("/nonexistent/deployment.json"),
      /^cannot read deployment file \/nonexistent\/deployment\.json: ENOENT$/
    );
  });
});
