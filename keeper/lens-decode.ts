// Linear-time decoder for VaultLens.getFactoryVaults return data. ethers' generic ABI decoder is superlinear on
// large arrays of dynamic structs (measured: 1.1 s for 1,000 states in pages of 200, 15 s in one page of 1,000),
// which made decoding, not the node, the bottleneck of a poll. Field positions come from the generated ABI, so a
// change to VaultLens.VaultState breaks loudly here instead of decoding garbage. Pure.
import { getAddress, toUtf8String } from "ethers";
import { VaultLens__factory } from "../types/ethers-contracts/index.js";

/** The fields of VaultLens.VaultState the keeper uses. */
export interface LensState {
  vault: string;
  symbol: string;
  ok: boolean;
  status: number;
  targetLeverage: bigint;
  leverage: bigint;
  minLeverage: bigint;
  maxLeverage: bigint;
  ripcordLeverage: bigint;
  equity: bigint;
}

const fn = VaultLens__factory.abi.find((f) => f.type === "function" && f.name === "getFactoryVaults");
const components: readonly { name: string; type: string }[] =
  fn && fn.type === "function"
    ? (fn.outputs[0] as { components: readonly { name: string; type: string }[] }).components
    : [];

function slot(name: string, type: string): number {
  const i = components.findIndex((c) => c.name === name);
  if (i < 0 || components[i].type !== type)
    throw new Error(`VaultLens.VaultState has no ${type} ${name}: regenerate the keeper decoder`);
  return i;
}

const S = {
  vault: slot("vault", "address"),
  symbol: slot("symbol", "string"),
  ok: slot("ok", "bool"),
  status: slot("status", "uint8"),
  targetLeverage: slot("targetLeverage", "uint256"),
  leverage: slot("leverage", "uint256"),
  minLeverage: slot("minLeverage", "uint256"),
  maxLeverage: slot("maxLeverage", "uint256"),
  ripcordLeverage: slot("ripcordLeverage", "uint256"),
  equity: slot("equity", "uint256"),
};
const HEAD_WORDS = components.length;

/** Decodes `(VaultState[] states, uint256 total)`; throws on data that is too short or inconsistent. */
export function decodeFactoryVaults(data: string): { states: LensState[]; total: bigint } {
  const hex = data.startsWith("0x") ? data.slice(2) : data;
  const bytes = hex.length / 2;
  const word = (at: number): string => {
    if (!Number.isSafeInteger(at) || at < 0 || at + 32 > bytes)
      throw new Error(`lens data too short: word at ${at} of ${bytes} bytes`);
    return hex.slice(2 * at, 2 * at + 64);
  };
  const uint = (at: number) => BigInt("0x" + word(at));
  const small = (at: number) => {
    const v = uint(at);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`lens data: offset or length ${v} out of range`);
    return Number(v);
  };

  const arrayAt = small(0);
  const total = uint(32);
  const n = small(arrayAt);
  const base = arrayAt + 32;
  const states: LensState[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const t = base + small(base + 32 * k);
    word(t + 32 * (HEAD_WORDS - 1)); // the whole head is there
    const f = (i: number) => t + 32 * i;
    const symAt = t + small(f(S.symbol));
    const len = small(symAt);
    if (symAt + 32 + len > bytes) throw new Error("lens data too short: symbol");
    states[k] = {
      vault: getAddress("0x" + word(f(S.vault)).slice(24)),
      symbol: toUtf8String("0x" + hex.slice(2 * (symAt + 32), 2 * (symAt + 32 + len))),
      ok: uint(f(S.ok)) !== 0n,
      status: Number(uint(f(S.status))),
      targetLeverage: uint(f(S.targetLeverage)),
      leverage: uint(f(S.leverage)),
      minLeverage: uint(f(S.minLeverage)),
      maxLeverage: uint(f(S.maxLeverage)),
      ripcordLeverage: uint(f(S.ripcordLeverage)),
      equity: uint(f(S.equity)),
    };
  }
  return { states, total };
}
