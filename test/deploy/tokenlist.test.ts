// The token list wallets import: valid against the @uniswap/token-lists JSON schema (ajv + ajv-formats),
// written by `npm run tokenlist` from a deployment record, versioned the way the format prescribes.
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import { getAddress } from "ethers";
import addFormatsModule from "ajv-formats";
import { buildTokenList, type TokenList } from "../../deploy/tokenlist.js";
import { parseDeployment } from "../../sdk/deployment.js";
import { npmRun } from "../helpers/processes.js";

const require = createRequire(import.meta.url);
// The package ships its schema under src/ (its dist/ is not published in this version).
const schema = require("@uniswap/token-lists/src/tokenlist.schema.json");
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const record = parseDeployment({
  chainId: 11155111,
  collateral: "0x1111111111111111111111111111111111111111",
  factory: "0x2222222222222222222222222222222222222222",
  lens: "0x3333333333333333333333333333333333333333",
  markets: [
    {
      symbol: "BTC-USD",
      market: "0x4444444444444444444444444444444444444444",
      feed: "0x5555555555555555555555555555555555555555",
    },
    {
      symbol: "ETH-USD",
      market: "0x6666666666666666666666666666666666666666",
      feed: "0x7777777777777777777777777777777777777777",
    },
  ],
  tokens: [
    {
      symbol: "BTC3L",
      token: "0xa0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0",
      vault: "0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0",
      market: "0x4444444444444444444444444444444444444444",
      isLong: true,
      targetLeverage: "3000000000000000000",
    },
    {
      symbol: "ETH2S",
      token: "0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0",
      vault: "0xd0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0",
      market: "0x6666666666666666666666666666666666666666",
      isLong: false,
      targetLeverage: "2000000000000000000",
    },
  ],
});

describe("deploy/tokenlist", () => {
  const ajv = new Ajv({ allErrors: true, verbose: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const expectValid = (list: unknown) => expect(validate(list), ajv.errorsText(validate.errors)).to.equal(true);

  it("the schema validator rejects a broken list (the check below can fail)", () => {
    const list = buildTokenList(record);
    expect(validate({ ...list, tokens: [{ ...list.tokens[0], address: "0xnope" }] })).to.equal(false);
    expect(validate({ ...list, timestamp: "yesterday" })).to.equal(false); // format: date-time needs ajv-formats
  });

  it("is a valid token list: one 18-decimal entry per token, named from market, leverage and direction", () => {
    const list = buildTokenList(record, { now: new Date("2026-01-02T03:04:05Z") });
    expectValid(list);
    expect(list.timestamp).to.equal("2026-01-02T03:04:05.000Z");
    expect(list.version).to.deep.equal({ major: 1, minor: 0, patch: 0 });
    expect(list.tokens.map((t) => [t.symbol, t.name, t.decimals, t.chainId, t.tags])).to.deep.equal([
      ["BTC3L", "BTC 3x Long", 18, 11155111, ["leveraged", "long"]],
      ["ETH2S", "ETH 2x Short", 18, 11155111, ["leveraged", "short"]],
    ]);
    // Checksummed (EIP-55, as computed by ethers), not the lower case of the input.
    expect(list.tokens[0].address).to.equal(getAddress("0xa0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0"));
    expect(list.tokens[0].address).to.not.equal("0xa0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0");
    expect(list.tokens[0].extensions).to.deep.equal({
      vault: getAddress("0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0"),
      market: "0x4444444444444444444444444444444444444444",
      underlying: "BTC-USD",
      targetLeverage: "3",
      collateral: "0x1111111111111111111111111111111111111111",
    });
  });

  it("versions: unchanged keeps version and timestamp, added token minor, changed details patch, removed token major", () => {
    const v1 = buildTokenList(record, { now: new Date("2026-01-01T00:00:00Z") });
    expect(buildTokenList(record, { previous: v1, now: new Date("2026-02-01T00:00:00Z") })).to.deep.equal(v1);

    const added = {
      ...record,
      tokens: [
        ...record.tokens,
        {
          ...record.tokens[0],
          symbol: "BTC2L",
          token: getAddress("0xe0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0"),
          targetLeverage: "2000000000000000000",
        },
      ],
    };
    const v11 = buildTokenList(added, { previous: v1, now: new Date("2026-02-01T00:00:00Z") });
    expect(v11.version).to.deep.equal({ major: 1, minor: 1, patch: 0 });
    expect(v11.timestamp).to.equal("2026-02-01T00:00:00.000Z");

    const changed = { ...added, collateral: "0x9999999999999999999999999999999999999999" };
    expect(buildTokenList(changed, { previous: v11 }).version).to.deep.equal({ major: 1, minor: 1, patch: 1 });
    expect(buildTokenList(record, { previous: v11 }).version).to.deep.equal({ major: 2, minor: 0, patch: 0 });
  });

  it("npm run tokenlist -- --network <name> writes <name>.tokenlist.json from <name>.json", async function () {
    this.timeout(120_000);
    const dir = mkdtempSync(path.join(tmpdir(), "lever-tokenlist-"));
    try {
      writeFileSync(path.join(dir, "sepolia.json"), JSON.stringify(record));
      const run = await npmRun(
        "tokenlist",
        ["--network", "sepolia", "--deployments-dir", dir, "--no-verify"],
        () => {}
      );
      expect(run.code, run.output).to.equal(0);
      const list = JSON.parse(readFileSync(path.join(dir, "sepolia.tokenlist.json"), "utf8")) as TokenList;
      expectValid(list);
      expect(list.tokens.map((t) => t.address)).to.deep.equal(record.tokens.map((t) => t.token));

      const missing = await npmRun("tokenlist", ["--network", "nowhere", "--deployments-dir", dir], () => {});
      expect(missing.code).to.equal(1);
      expect(missing.output).to.match(/tokenlist failed: cannot read deployment file \S*nowhere\.json: ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
