// The hard caps of VaultParamsLib, read from the contract (contracts/VaultParamsCaps.sol) rather than copied:
// the helper is deployed on Hardhat's in-process network and `caps()` is called, so when a cap changes in
// Solidity the deploy pre-check (deploy/parameters.ts) and the fee rule (config/frontRunning.ts) follow it.
import type { Result } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { VaultParamsCaps } from "../types/ethers-contracts/index.js";

/** Each cap of VaultParamsLib (WAD leverages and rates, seconds, bps), as `VaultParamsCaps.caps()` returns it. */
export type VaultCaps = { [K in keyof VaultParamsCaps.CapsStruct]: bigint };

/**
 * Deploys VaultParamsCaps on a fresh in-process network of `hre` (the default one) and returns its `caps()`.
 * Sends nothing to the target chain; needs the contracts built.
 */
export async function readVaultCaps(hre: HardhatRuntimeEnvironment): Promise<VaultCaps> {
  const connection = await hre.network.create({ network: "default" });
  try {
    const helper = await connection.ethers.deployContract("VaultParamsCaps");
    return capsOf(await helper.caps());
  } finally {
    await connection.close();
  }
}

/** The caps as a plain object of bigints, keyed by the struct's field names (ethers decodes a struct as a Result). */
export function capsOf(output: VaultParamsCaps.CapsStructOutput): VaultCaps {
  return (output as unknown as Result).toObject() as VaultCaps;
}
