// keeper/startup.ts: a missing build is one line naming `npm run build`; any other import error is left alone.
import { expect } from "chai";
import { missingBuildMessage } from "../../keeper/startup.js";

const notFound = (what: string) =>
  Object.assign(new Error(`Cannot find module '${what}' imported from /srv/lever/sdk/vaultStates.ts`), {
    code: "ERR_MODULE_NOT_FOUND",
  });

describe("keeper/startup", () => {
  it("says to run npm run build when the TypeChain types are missing", () => {
    expect(missingBuildMessage(notFound("/srv/lever/types/ethers-contracts/index.js"))).to.equal(
      "keeper: the build is missing (types/ethers-contracts/index.js not found): run `npm run build` first"
    );
  });

  it("says the same for missing artifacts", () => {
    expect(missingBuildMessage(notFound("/srv/lever/artifacts/contracts/VaultLens.sol/VaultLens.json"))).to.match(
      /build is missing \(artifacts\/contracts\/VaultLens\.sol\/VaultLens\.json not found\)/
    );
  });

  it("leaves other errors alone: a missing package, a syntax error", () => {
    expect(
      missingBuildMessage(Object.assign(new Error("Cannot find package 'pino'"), { code: "ERR_MODULE_NOT_FOUND" }))
    ).to.equal(null);
    expect(missingBuildMessage(new SyntaxError("Unexpected token"))).to.equal(null);
  });
});
