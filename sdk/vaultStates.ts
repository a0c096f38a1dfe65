// Linear-time decoder for VaultLens return data (`getVaults`, `getFactoryVaults`), shared by the keeper, the
// simulator and any front end that reads many vaults. ethers' generic ABI decoder is superlinear on large arrays
// of dynamic structs (measured: 1.1 s for 1,000 states in pages of 200, 15 s in one page of 1,000) and costs more
// per call than a simulator step's other work. The layout comes from the generated ABI of VaultLens and is checked
// against `VaultStateView` at import, so a changed struct fails loudly instead of decoding garbage. Pure.
import { getAddress, Interface, toUtf8String } from "ethers";
import { vaultLensAbi } from "./abi.js";

/** VaultLens.VaultState as plain values. */
export interface VaultStateView {
  vault: string;
  token: string;
  market: string;
  symbol: string;
  isLong: boolean;
  ok: boolean; // false if the vault's views reverted (the figures are then zero)
  mintPaused: boolean;
  iterating: boolean;
  status: number; // rebalanceStatus(): a Status value (sdk/status.ts)
  targetLeverage: bigint;
  leverage: bigint;
  minLeverage: bigint;
  maxLeverage: bigint;
  ripcordLeverage: bigint;
  equity: bigint;
  nav: bigint;
  totalSupply: bigint;
  positionSize: bigint;
  price: bigint;
  priceUpdatedAt: bigint;
  lastRebalanceTime: bigint;
  pendingRequests: bigint; // next-price requests in the queue not yet finished
  settleableRequests: bigint; // how many `settle` would finish now
}

export interface DecodeOptions {
  /** EIP-55 checksummed addresses (default) or lower case, which skips a keccak per address. */
  checksum?: boolean;
}

const EXPECTED: Record<keyof VaultStateView, string> = {
  vault: "address",
  token: "address",
  market: "address",
  symbol: "string",
  isLong: "bool",
  ok: "bool",
  mintPaused: "bool",
  iterating: "bool",
  status: "uint8",
  targetLeverage: "uint256",
  leverage: "uint256",
  minLeverage: "uint256",
  maxLeverage: "uint256",
  ripcordLeverage: "uint256",
  equity: "uint256",
  nav: "uint256",
  totalSupply: "uint256",
  positionSize: "int256",
  price: "uint256",
  priceUpdatedAt: "uint256",
  lastRebalanceTime: "uint256",
  pendingRequests: "uint256",
  settleableRequests: "uint256",
};

const FIELDS = (() => {
  const components = new Interface(vaultLensAbi).getFunction("getVaults")!.outputs[0].arrayChildren!.components!;
  const names = Object.keys(EXPECTED);
  if (components.length !== names.length || components.some((c) => EXPECTED[c.name as keyof VaultStateView] !== c.type))
    throw new Error("VaultLens.VaultState changed: update sdk/vaultStates.ts");
  return components.map((c) => ({ name: c.name as keyof VaultStateView, type: c.type }));
})();
const HEAD_WORDS = FIELDS.length;
const INT_SIGN = 1n << 255n;

/** Decodes the return data of `VaultLens.getVaults`. Throws on data that is too short or inconsistent. */
export function decodeVaultStates(data: string, options: DecodeOptions = {}): VaultStateView[] {
  return decode(data, options).states;
}

/** Decodes the return data of `VaultLens.getFactoryVaults`: one page of states and the factory's total. */
export function decodeFactoryVaults(
  data: string,
  options: DecodeOptions = {}
): { states: VaultStateView[]; total: bigint } {
  const { states, reader } = decode(data, options);
  return { states, total: reader.uint(32) };
}

function decode(data: string, { checksum = true }: DecodeOptions) {
  const reader = wordReader(data);
  const { hex, uint, small } = reader;
  const arrayAt = small(0);
  const n = small(arrayAt);
  const base = arrayAt + 32;
  const states: VaultStateView[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const t = base + small(base + 32 * k);
    reader.word(t + 32 * (HEAD_WORDS - 1)); // the whole head is there
    const s: Record<string, unknown> = {};
    for (let i = 0; i < HEAD_WORDS; i++) {
      const at = t + 32 * i;
      const { name, type } = FIELDS[i];
      if (type === "address") {
        const a = "0x" + reader.word(at).slice(24);
        s[name] = checksum ? getAddress(a) : a;
      } else if (type === "string") {
        const strAt = t + small(at);
        const len = small(strAt);
        if (strAt + 32 + len > reader.bytes) throw new Error(`lens data too short: ${name}`);
        s[name] = toUtf8String("0x" + hex.slice(2 * (strAt + 32), 2 * (strAt + 32 + len)));
      } else if (type === "bool") {
        s[name] = uint(at) !== 0n;
      } else if (type === "uint8") {
        s[name] = Number(uint(at));
      } else if (type === "int256") {
        const v = uint(at);
        s[name] = v >= INT_SIGN ? v - (INT_SIGN << 1n) : v;
      } else {
        s[name] = uint(at);
      }
    }
    states[k] = s as unknown as VaultStateView;
  }
  return { states, reader };
}

function wordReader(data: string) {
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
  return { hex, bytes, word, uint, small };
}
