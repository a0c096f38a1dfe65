// keeper/fees.ts: EIP-1559 fees of a first send and of replacements.
import { expect } from "chai";
import { bumpFees, initialFees, raise } from "../../keeper/fees.js";

const GWEI = 10n ** 9n;
const policy = { maxFeeCap: 100n * GWEI, priorityFee: 2n * GWEI, baseFeeMultiplierPct: 200n };

describe("keeper/fees", () => {
  it("offers base fee x multiplier + tip on a first send", () => {
    expect(initialFees(10n * GWEI, policy)).to.deep.equal({
      maxFeePerGas: 22n * GWEI,
      maxPriorityFeePerGas: 2n * GWEI,
    });
  });

  it("clips a first send at the cap", () => {
    expect(initialFees(60n * GWEI, policy)).to.deep.equal({
      maxFeePerGas: 100n * GWEI,
      maxPriorityFeePerGas: 2n * GWEI,
    });
  });

  it("refuses to send when the base fee is already above the cap", () => {
    expect(initialFees(101n * GWEI, policy)).to.equal(null);
  });

  it("raises both fields by 12.5%, rounded up", () => {
    // 1001 x 1.125 = 1126.125 -> 1127; 11 x 1.125 = 12.375 -> 13
    expect(bumpFees({ maxFeePerGas: 1001n, maxPriorityFeePerGas: 11n }, null, 10_000n)).to.deep.equal({
      maxFeePerGas: 1127n,
      maxPriorityFeePerGas: 13n,
    });
  });

  it("follows the market when it asks more than the minimum raise", () => {
    const prev = { maxFeePerGas: 10n * GWEI, maxPriorityFeePerGas: 1n * GWEI };
    const market = { maxFeePerGas: 40n * GWEI, maxPriorityFeePerGas: 3n * GWEI };
    expect(bumpFees(prev, market, 100n * GWEI)).to.deep.equal(market);
  });

  it("caps the replacement and gives up once the minimum raise no longer fits", () => {
    const prev = { maxFeePerGas: 85n * GWEI, maxPriorityFeePerGas: 2n * GWEI };
    // 85 x 1.125 = 95.625 <= 100: allowed, market's 150 clipped to the cap
    expect(
      bumpFees(prev, { maxFeePerGas: 150n * GWEI, maxPriorityFeePerGas: 2n * GWEI }, 100n * GWEI)!.maxFeePerGas
    ).to.equal(100n * GWEI);
    // 90 x 1.125 = 101.25 > 100: cannot replace
    expect(bumpFees({ maxFeePerGas: 90n * GWEI, maxPriorityFeePerGas: 2n * GWEI }, null, 100n * GWEI)).to.equal(null);
  });

  it("never lets the tip exceed the max fee", () => {
    // max: 100 -> 113 (the minimum raise); the market's tip of 200 is clipped to that
    const f = bumpFees(
      { maxFeePerGas: 100n, maxPriorityFeePerGas: 50n },
      { maxFeePerGas: 0n, maxPriorityFeePerGas: 200n },
      120n
    )!;
    expect(f).to.deep.equal({ maxFeePerGas: 113n, maxPriorityFeePerGas: 113n });
  });

  it("raises a zero or tiny value by at least 1 wei", () => {
    expect(raise(0n, 1250n)).to.equal(1n);
    expect(raise(1n, 1250n)).to.equal(2n);
    expect(raise(8n, 1250n)).to.equal(9n);
  });
});
