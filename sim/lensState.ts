// Decodes VaultLens.getVaults() return data into the figures the simulator uses.
// The replay reads the lens once per step, and ethers' generic decoder costs more per call than the rest of a
// step's JS work together, so this reads the words directly. Field positions come from the TypeChain ABI of
// VaultLens (not a hand-written layout): a renamed or removed field fails at import, a moved one is followed.
import { VaultLens__factory } from "../types/ethers-contracts/index.js";

export interface LensState {
  vault: string; // lower case
  symbol: string;
  ok: boolean;
  status: number;
  iterating: boolean;
  targetLeverage: bigint;
  leverage: bigint;
  equity: bigint;
  nav: bigint;
  totalSupply: bigint;
  price: bigint;
}

const components = VaultLens__factory.createInterface().getFunction("getVaults")!.outputs[0].arrayChildren!.components!;
const field = (name: string, type: string): number => {
  const i = components.findIndex((c) => c.name === name);
  if (i === -1 || components[i].type !== type) throw new Error(`VaultLens.VaultState has no ${type} ${name}`);
  return i;
};
const F = {
  vault: field("vault", "address"),
  symbol: field("symbol", "string"),
  ok: field("ok", "bool"),
  status: field("status", "uint8"),
  iterating: field("iterating", "bool"),
  targetLeverage: field("targetLeverage", "uint256"),
  leverage: field("leverage", "uint256"),
  equity: field("equity", "uint256"),
  nav: field("nav", "uint256"),
  totalSupply: field("totalSupply", "uint256"),
  price: field("price", "uint256"),
};

/** ABI-decodes `VaultState[]` (a dynamic array of dynamic tuples, because of `symbol`). */
export function decodeVaultStates(data: string): LensState[] {
  const hex = data.startsWith("0x") ? data.slice(2) : data;
  const word = (byte: number) => hex.slice(2 * byte, 2 * byte + 64);
  const uint = (byte: number) => BigInt(`0x${word(byte)}`);
  const int = (byte: number) => Number.parseInt(word(byte), 16); // offsets and lengths: small
  const arr = int(0);
  const n = int(arr);
  const heads = arr + 32;
  const out: LensState[] = [];
  for (let k = 0; k < n; k++) {
    const t = heads + int(heads + 32 * k);
    const at = (i: number) => t + 32 * i;
    const sym = t + int(at(F.symbol));
    const len = int(sym);
    out.push({
      vault: `0x${word(at(F.vault)).slice(24)}`,
      symbol: Buffer.from(hex.slice(2 * (sym + 32), 2 * (sym + 32 + len)), "hex").toString("utf8"),
      ok: uint(at(F.ok)) !== 0n,
      status: int(at(F.status)),
      iterating: uint(at(F.iterating)) !== 0n,
      targetLeverage: uint(at(F.targetLeverage)),
      leverage: uint(at(F.leverage)),
      equity: uint(at(F.equity)),
      nav: uint(at(F.nav)),
      totalSupply: uint(at(F.totalSupply)),
      price: uint(at(F.price)),
    });
  }
  return out;
}
