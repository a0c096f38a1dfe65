// `npm test` repeats each failed stage's failing tests at the end of its log: the part of the output it keeps.
import { expect } from "chai";
import { failingSections, MAX_LINES_PER_SECTION } from "../../scripts/test/failures.js";

// What `hardhat test mocha` prints when one test fails (mocha's spec reporter), colours included.
const MOCHA = [
  "  demo requests",
  "    \u001b[32m✔\u001b[0m prints the table (812ms)",
  "    1) instant vs request",
  "",
  "  210 passing (6m)",
  "  \u001b[31m1 failing\u001b[0m",
  "",
  "  1) demo requests",
  "       instant vs request:",
  "     Error: Transaction reverted without a reason string",
  "      at LeverageVault._delegate (contracts/LeverageVault.sol:280)",
  "",
].join("\n");

// What `hardhat test --coverage` prints: the combined summary, the failures, then the coverage table.
const COMBINED = [
  "  518 passing (301 solidity, 217 mocha)",
  "  1 failing (1 solidity)",
  "",
  "  1) RequestsRefundsTest#test_requestWhilePaused_refunded",
  "     Error: assertion failed: 0 != 1",
  "",
  "╔════════════════════╗",
  "║ Coverage Report    ║",
].join("\n");

describe("scripts/test/failures", () => {
  it("keeps mocha's failing section: the count, the test's title and its error, without colours", () => {
    const [section, ...rest] = failingSections(MOCHA);
    expect(rest).to.deep.equal([]);
    expect(section.split("\n")[0].trim()).to.equal("1 failing");
    expect(section).to.contain("instant vs request:");
    expect(section).to.contain("Error: Transaction reverted without a reason string");
    expect(section).not.to.contain("\u001b[");
    expect(section).not.to.contain("prints the table");
  });

  it("stops the combined runner's section where the coverage table starts", () => {
    const [section] = failingSections(COMBINED);
    expect(section).to.contain("RequestsRefundsTest#test_requestWhilePaused_refunded");
    expect(section).to.contain("assertion failed: 0 != 1");
    expect(section).not.to.contain("Coverage");
  });

  it("cuts a long section and says how much it left out", () => {
    const stack = Array.from({ length: 100 }, (_, i) => `      at frame${i} (x.ts:${i})`);
    const [section] = failingSections(["  1 failing", "", "  1) t", ...stack].join("\n"));
    const lines = section.split("\n");
    expect(lines).to.have.length(MAX_LINES_PER_SECTION + 1);
    expect(lines.at(-1)).to.equal(`  … ${103 - MAX_LINES_PER_SECTION} more lines`);
  });

  it("finds nothing in a run that passed", () => {
    expect(failingSections("  12 passing (3s)\n")).to.deep.equal([]);
  });
});
