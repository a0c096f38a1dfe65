// Finds every vault through the factory (vaultCount) and reads them all through VaultLens.getFactoryVaults, in
// pages sent at once, every call pinned to the same block so the picture is consistent.
import type { LeveragedTokenFactory, VaultLens } from "../types/ethers-contracts/index.js";
import type { VaultView } from "./decide.js";

export interface VaultRead extends VaultView {
  minLeverage: bigint;
  maxLeverage: bigint;
  ripcordLeverage: bigint;
  equity: bigint;
}

export async function readVaults(
  lens: VaultLens,
  factory: LeveragedTokenFactory,
  pageSize: number,
  blockTag: number,
): Promise<VaultRead[]> {
  const count = Number(await factory.vaultCount({ blockTag }));
  const target = await factory.getAddress();
  const offsets: number[] = [];
  for (let o = 0; o < count; o += pageSize) offsets.push(o);
  const pages = await Promise.all(offsets.map((o) => lens.getFactoryVaults(target, o, pageSize, { blockTag })));
  return pages
    .map(([states]) => states)
    .flat()
    .map((s) => ({
      vault: s.vault,
      symbol: s.symbol,
      ok: s.ok,
      status: Number(s.status),
      leverage: s.leverage,
      targetLeverage: s.targetLeverage,
      minLeverage: s.minLeverage,
      maxLeverage: s.maxLeverage,
      ripcordLeverage: s.ripcordLeverage,
      equity: s.equity,
    }));
}
