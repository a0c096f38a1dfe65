// Reads every vault of the factory through VaultLens.getFactoryVaults, in pages, pinned to one block.
import type { VaultLens } from "../types/ethers-contracts/index.js";
import type { VaultView } from "./decide.js";

export interface VaultRead extends VaultView {
  minLeverage: bigint;
  maxLeverage: bigint;
  ripcordLeverage: bigint;
  equity: bigint;
}

export async function readVaults(lens: VaultLens, factory: string, pageSize: number, blockTag: number): Promise<VaultRead[]> {
  const [first, total] = await lens.getFactoryVaults(factory, 0, pageSize, { blockTag });
  const offsets: number[] = [];
  for (let o = pageSize; o < Number(total); o += pageSize) offsets.push(o);
  const rest = await Promise.all(offsets.map((o) => lens.getFactoryVaults(factory, o, pageSize, { blockTag })));
  return [first, ...rest.map((r) => r[0])].flat().map((s) => ({
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
