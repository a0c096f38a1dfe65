// Every revert the protocol can produce, decoded into an Error that names the custom error and its values:
// `SlippageExceeded(expected: 1000, actual: 990)`. The error fragments come from the TypeChain interfaces of
// every contract a wallet touches, so an error declared anywhere in the protocol (or OpenZeppelin's ERC-20 /
// ERC-2612 errors inherited by the tokens) is recognised.
import { decodeBytes32String, Interface, type ErrorDescription, type ErrorFragment } from "ethers";
import {
  LeveragedToken__factory,
  LeveragedTokenFactory__factory,
  LeverageVault__factory,
  MockPerpMarket__factory,
  MockPriceFeed__factory,
  MockUSDC__factory,
  VaultLens__factory,
} from "../types/ethers-contracts/index.js";

/** One interface holding every error fragment of the protocol's contracts, deduplicated by selector. */
export const protocolErrors: Interface = (() => {
  const seen = new Map<string, ErrorFragment>();
  for (const factory of [
    LeverageVault__factory,
    LeveragedToken__factory,
    LeveragedTokenFactory__factory,
    MockPerpMarket__factory,
    MockPriceFeed__factory,
    MockUSDC__factory,
    VaultLens__factory,
  ]) {
    factory.createInterface().forEachError((fragment) => {
      if (!seen.has(fragment.selector)) seen.set(fragment.selector, fragment);
    });
  }
  return new Interface([...seen.values()]);
})();

/** A revert (or a failed call) decoded: `errorName` and `args` by parameter name; `cause` is the original error. */
export class LeverError extends Error {
  readonly errorName: string;
  readonly args: Record<string, unknown>;
  readonly data?: string;

  constructor(
    errorName: string,
    args: Record<string, unknown>,
    message: string,
    options: { data?: string; cause?: unknown }
  ) {
    super(message, { cause: options.cause });
    this.name = "LeverError";
    this.errorName = errorName;
    this.args = args;
    this.data = options.data;
  }
}

/** Finds revert data in the nested error shapes of ethers v6, Hardhat and JSON-RPC nodes. */
export function findRevertData(e: unknown, depth = 0): string | undefined {
  if (depth > 6 || e === null || typeof e !== "object") return undefined;
  const o = e as Record<string, unknown>;
  if (typeof o.data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(o.data)) return o.data;
  if (o.data && typeof o.data === "object") {
    const inner = findRevertData(o.data, depth + 1);
    if (inner) return inner;
  }
  for (const key of ["error", "info", "cause", "revert"]) {
    const inner = findRevertData(o[key], depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

function show(value: unknown, type: string): string {
  if (type === "bytes32" && typeof value === "string") {
    try {
      return JSON.stringify(decodeBytes32String(value));
    } catch {
      return value;
    }
  }
  return typeof value === "bigint" ? value.toString() : String(value);
}

/** Describes decoded revert data, or undefined when it is not a known error. */
export function describeRevert(
  data: string
): { name: string; args: Record<string, unknown>; text: string } | undefined {
  let parsed: ErrorDescription | null = null;
  try {
    parsed = protocolErrors.parseError(data);
  } catch {
    parsed = null;
  }
  if (!parsed) return undefined;
  const args: Record<string, unknown> = {};
  // ethers' built-in Error(string) and Panic(uint256) fragments have unnamed inputs.
  const builtin: Record<string, string> = { Error: "reason", Panic: "code" };
  const parts = parsed.fragment.inputs.map((input, i) => {
    const name = input.name || builtin[parsed!.name] || `arg${i}`;
    args[name] = parsed!.args[i];
    return `${name}: ${show(parsed!.args[i], input.type)}`;
  });
  return { name: parsed.name, args, text: `${parsed.name}(${parts.join(", ")})` };
}

/** Turns anything a contract call threw into a LeverError naming the custom error and its values. */
export function decodeError(e: unknown, action?: string): LeverError {
  if (e instanceof LeverError) return e;
  const prefix = action ? `${action} failed: ` : "";
  const data = findRevertData(e);
  const described = data ? describeRevert(data) : undefined;
  if (described)
    return new LeverError(described.name, described.args, `${prefix}${described.text}`, { data, cause: e });
  const reason = (e as { shortMessage?: string; message?: string })?.shortMessage ?? (e as Error)?.message ?? String(e);
  const name = data ? "UnknownError" : "CallFailed";
  return new LeverError(
    name,
    data ? { data } : {},
    `${prefix}${data ? `unknown revert ${data.slice(0, 10)}: ` : ""}${reason}`,
    {
      data,
      cause: e,
    }
  );
}
