// Compiles what the demo and the simulator need (contracts/, not the Solidity tests), saying so first: a fresh
// clone compiles 18 files with viaIR: 24 s on the idle development machine, 83 s at load 8 (docs/simulate.md).
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const TYPES = fileURLToPath(new URL("../types/ethers-contracts/index.ts", import.meta.url));

export async function buildContracts(hre: HardhatRuntimeEnvironment): Promise<void> {
  const fresh = !existsSync(TYPES);
  console.error(
    fresh
      ? "Compiling the contracts first (a fresh clone: 18 files with viaIR, about 25 s on an idle machine, 1 to 2 min on a busy one; later runs skip this)..."
      : "Checking the contracts are compiled..."
  );
  const began = performance.now();
  await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
  if (fresh) console.error(`Compiled in ${((performance.now() - began) / 1000).toFixed(0)} s.`);
}
