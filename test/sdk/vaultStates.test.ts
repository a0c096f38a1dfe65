// sdk/vaultStates.ts agrees with ethers' ABI decoder on getFactoryVaults and getVaults return data, field for
// field, on fuzzed states and on a real deployment; and rejects short data.
import { expect } from "chai";
import fc from "fast-check";
import { getAddress, hexlify, parseUnits, type Result } from "ethers";
import hre from "hardhat";
import { deployProtocol } from "../../deploy/protocol.js";
import { buyTokens } from "../../sim/setup.js";
import { decodeFactoryVaults, decodeVaultStates } from "../../sdk/vaultStates.js";
import { VaultLens__factory } from "../../types/ethers-contracts/index.js";

const iface = VaultLens__factory.createInterface();
const U256 = (1n << 256n) - 1n;
const uint = fc.bigInt({ min: 0n, max: U256 });
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(hexlify(b)));
const state = fc.record({
  vault: address,
  token: address,
  market: address,
  symbol: fc.string({ unit: "grapheme", maxLength: 40 }),
  isLong: fc.boolean(),
  ok: fc.boolean(),
  mintPaused: fc.boolean(),
  iterating: fc.boolean(),
  status: fc.integer({ min: 0, max: 255 }),
  targetLeverage: uint,
  leverage: uint,
  minLeverage: uint,
  maxLeverage: uint,
  ripcordLeverage: uint,
  equity: uint,
  nav: uint,
  totalSupply: uint,
  positionSize: fc.bigInt({ min: -(1n << 255n), max: (1n << 255n) - 1n }),
  price: uint,
  priceUpdatedAt: uint,
  lastRebalanceTime: uint,
  pendingRequests: uint,
  settleableRequests: uint,
});

const encode = (states: unknown[], total: bigint) => iface.encodeFunctionResult("getFactoryVaults", [states, total]);

/** ethers' decoding of one VaultState as a plain object, `status` as a number like ours. */
const plain = (r: Result) => {
  const o = r.toObject();
  return { ...o, status: Number(o.status) };
};

describe("sdk/vaultStates", () => {
  it("decodes what ethers encodes, field for field (fuzzed, fixed seed)", () => {
    fc.assert(
      fc.property(fc.array(state, { maxLength: 25 }), uint, (states, total) => {
        const data = encode(states, total);
        const ours = decodeFactoryVaults(data);
        const [ref, refTotal] = iface.decodeFunctionResult("getFactoryVaults", data);
        expect(ours.total).to.equal(refTotal);
        expect(ours.states.length).to.equal(ref.length);
        ours.states.forEach((s, i) => {
          const r = ref[i];
          expect(s).to.deep.equal(plain(r));
        });
      }),
      { numRuns: 200, seed: 42 }
    );
  });

  it("decodes an empty page", () => {
    expect(decodeFactoryVaults(encode([], 7n))).to.deep.equal({ states: [], total: 7n });
  });

  it("throws on truncated data instead of returning garbage", () => {
    const one = {
      vault: getAddress("0x" + "11".repeat(20)),
      token: getAddress("0x" + "22".repeat(20)),
      market: getAddress("0x" + "33".repeat(20)),
      symbol: "BTC3L",
      isLong: true,
      ok: true,
      mintPaused: false,
      iterating: false,
      status: 1,
      targetLeverage: 3n,
      leverage: 4n,
      minLeverage: 2n,
      maxLeverage: 5n,
      ripcordLeverage: 6n,
      equity: 7n,
      nav: 8n,
      totalSupply: 9n,
      positionSize: -1n,
      price: 1n,
      priceUpdatedAt: 2n,
      lastRebalanceTime: 3n,
      pendingRequests: 4n,
      settleableRequests: 1n,
    };
    const data = encode([one], 1n);
    expect(decodeFactoryVaults(data).states[0].symbol).to.equal("BTC3L");
    for (const cut of [2, 66, 200, data.length - 64]) {
      expect(() => decodeFactoryVaults(data.slice(0, cut)), `cut at ${cut}`).to.throw(/lens data/);
    }
  });

  it("reads getVaults of a real deployment like ethers, checksummed or in lower case", async function () {
    this.timeout(120_000);
    const connection = await hre.network.create();
    const p = await deployProtocol(connection);
    await buyTokens(connection, p, [p.tokens.BTC3L, p.tokens.ETH2S], parseUnits("1000", 6));
    await (await p.markets["BTC-USD"].feed.setPrice(54_000n * 10n ** 8n)).wait(); // BTC3L off target: REBALANCE
    const vaults = await Promise.all(Object.values(p.tokens).map((t) => t.vault.getAddress()));
    const data = p.lens.interface.encodeFunctionData("getVaults", [vaults]);
    const raw = await connection.ethers.provider.call({ to: await p.lens.getAddress(), data });
    const [expected] = p.lens.interface.decodeFunctionResult("getVaults", raw);
    const got = decodeVaultStates(raw);
    expect(got.map((s) => s.status)).to.deep.equal([1, 0, 0, 0]);
    expect(got.map((s) => s.positionSize < 0n)).to.deep.equal([false, false, false, true]); // ETH2S is short
    expect(got).to.deep.equal((expected as Result[]).map(plain));
    const lower = decodeVaultStates(raw, { checksum: false });
    expect(lower.map((s) => [s.vault, s.token, s.market])).to.deep.equal(
      got.map((s) => [s.vault.toLowerCase(), s.token.toLowerCase(), s.market.toLowerCase()])
    );
  });
});
