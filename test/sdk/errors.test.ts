// Revert decoding: every custom error comes back by name with its values, wherever the revert data is nested.
import { expect } from "chai";
import { AbiCoder, encodeBytes32String, id } from "ethers";
import { readFileSync } from "node:fs";
import path from "node:path";
import { decodeError, findRevertData, LeverError, protocolErrors, SDK_ERRORS, sdkError } from "../../sdk/errors.js";
import { LeverageVault__factory } from "../../types/ethers-contracts/index.js";

const vault = LeverageVault__factory.createInterface();
const selector = (signature: string) => id(signature).slice(0, 10);
const coder = AbiCoder.defaultAbiCoder();

describe("sdk/errors", () => {
  it("names SlippageExceeded and its values, from data nested as ethers and Hardhat nest it", () => {
    const data =
      selector("SlippageExceeded(uint256,uint256)") + coder.encode(["uint256", "uint256"], [1000n, 990n]).slice(2);
    for (const thrown of [
      { data },
      { info: { error: { data } } },
      { error: { error: { data: { data } } } },
      { cause: { data } },
    ]) {
      expect(findRevertData(thrown)).to.equal(data);
      const e = decodeError(thrown, "mint");
      expect(e).to.be.instanceOf(LeverError);
      expect(e.errorName).to.equal("SlippageExceeded");
      expect(e.args).to.deep.equal({ expected: 1000n, actual: 990n });
      expect(e.message).to.equal(
        "mint failed: SlippageExceeded(expected: 1000, actual: 990) (the price moved past the slippage bound; quote again)"
      );
      expect(e.cause).to.equal(thrown);
    }
  });

  it("shows a bytes32 parameter name as text (InvalidParam)", () => {
    const data = vault.encodeErrorResult("InvalidParam", [encodeBytes32String("minLeverage"), 5n]);
    expect(decodeError({ data }).message).to.equal('InvalidParam(name: "minLeverage", value: 5)');
  });

  it("decodes errors declared by other contracts: the market, the token, OpenZeppelin's ERC-20", () => {
    const margin =
      selector("InsufficientMargin(uint256,uint256)") + coder.encode(["uint256", "uint256"], [1n, 2n]).slice(2);
    expect(decodeError({ data: margin }).message).to.equal("InsufficientMargin(available: 1, required: 2)");
    const owner = "0x1111111111111111111111111111111111111111";
    const allowance =
      selector("ERC20InsufficientAllowance(address,uint256,uint256)") +
      coder.encode(["address", "uint256", "uint256"], [owner, 0n, 7n]).slice(2);
    expect(decodeError({ data: allowance }).message).to.equal(
      `ERC20InsufficientAllowance(spender: ${owner}, allowance: 0, needed: 7) (the allowance is too small: approve first, or use a permit)`
    );
  });

  it("decodes require strings and panics", () => {
    const reason = selector("Error(string)") + coder.encode(["string"], ["nope"]).slice(2);
    expect(decodeError({ data: reason }).errorName).to.equal("Error");
    expect(decodeError({ data: reason }).args).to.deep.equal({ reason: "nope" });
    expect(decodeError({ data: reason }).message).to.equal("Error(reason: nope)");
    const panic = selector("Panic(uint256)") + coder.encode(["uint256"], [0x11n]).slice(2);
    expect(decodeError({ data: panic }).args).to.deep.equal({ code: 0x11n });
    expect(decodeError({ data: panic }).message).to.equal("Panic(code: 17)");
  });

  it("an unknown selector or a failure without data still gives a LeverError with what is known", () => {
    const unknown = decodeError({ data: "0xdeadbeef", shortMessage: "execution reverted" }, "redeem");
    expect(unknown.errorName).to.equal("UnknownError");
    expect(unknown.message).to.equal("redeem failed: unknown revert 0xdeadbeef: execution reverted");
    const network = decodeError(new Error("connect ECONNREFUSED"), "quoteMint");
    expect(network.errorName).to.equal("CallFailed");
    expect(network.message).to.equal("quoteMint failed: connect ECONNREFUSED");
  });
});

describe("sdk/errors: every name documented", () => {
  const doc = readFileSync(path.join(import.meta.dirname, "../../docs/integration.md"), "utf8");

  it("docs/integration.md names every SDK error and every custom error of the protocol's ABIs", () => {
    const contractErrors: string[] = [];
    protocolErrors.forEachError((f) => contractErrors.push(f.name));
    const missing = [...Object.keys(SDK_ERRORS), ...contractErrors].filter((n) => !doc.includes(`\`${n}\``));
    expect(missing).to.deep.equal([]);
  });

  it("an SDK error is a LeverError whose args survive JSON.stringify", () => {
    const e = sdkError("UnknownToken", { symbol: "X", amount: 5n, nested: { v: [1n] } }, "unknown token X");
    expect(e).to.be.instanceOf(LeverError);
    expect(JSON.parse(JSON.stringify(e))).to.deep.equal({
      name: "LeverError",
      errorName: "UnknownToken",
      message: "unknown token X",
      args: { symbol: "X", amount: "5", nested: { v: ["1"] } },
    });
  });
});
