// Every contract Ignition deploys is loaded through its artifact's ABI, which ethers parses: a fragment it cannot
// parse is dropped with a warning on every deployment (and a caller of it would find nothing).
import { expect } from "chai";
import { Fragment, type JsonFragment } from "ethers";
import hre from "hardhat";

describe("artifacts", () => {
  it("every fragment of every contract under contracts/ parses in ethers", async () => {
    const names = [...(await hre.artifacts.getAllFullyQualifiedNames())].filter((n) => n.startsWith("contracts/"));
    expect(names).to.include("contracts/libraries/RequestLogic.sol:RequestLogic");
    const unparsable: string[] = [];
    for (const name of names) {
      const { abi } = await hre.artifacts.readArtifact(name);
      for (const entry of abi as JsonFragment[]) {
        try {
          Fragment.from(entry);
        } catch (e) {
          unparsable.push(`${name} ${entry.type} ${entry.name ?? ""}: ${(e as Error).message.slice(0, 80)}`);
        }
      }
    }
    expect(unparsable).to.deep.equal([]);
  });
});
