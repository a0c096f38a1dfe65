// Finds every vault through the factory (vaultCount) and reads them all through VaultLens.getFactoryVaults, in
// pages sent at once, every call pinned to the same block so the picture is consistent. The return data is
// decoded by sdk/vaultStates.ts (linear time) rather than ethers' generic decoder.
import type { Provider } from "ethers";
import type { LeveragedTokenFactory, VaultLens } from "../types/ethers-contracts/index.js";
import type { VaultView } from "./decide.js";
import { decodeFactoryVaults, type VaultStateView } from "../sdk/vaultStates.js";

export type VaultRead = VaultView & VaultStateView;

export async function readVaults(
  lens: VaultLens,
  factory: LeveragedTokenFactory,
  pageSize: number,
  blockTag: number
): Promise<VaultRead[]> {
  const provider = lens.runner as Provider;
  const [lensAddress, factoryAddress] = await Promise.all([lens.getAddress(), factory.getAddress()]);
  const count = Number(await factory.vaultCount({ blockTag }));
  const offsets: number[] = [];
  for (let o = 0; o < count; o += pageSize) offsets.push(o);
  const pages = await Promise.all(
    offsets.map(async (o) => {
      const data = lens.interface.encodeFunctionData("getFactoryVaults", [factoryAddress, o, pageSize]);
      return decodeFactoryVaults(await provider.call({ to: lensAddress, data, blockTag })).states;
    })
  );
  return pages.flat();
}
