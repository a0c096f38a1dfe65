// Every failure of the SDK is a LeverError. A revert is decoded into the custom error and its values
// (`SlippageExceeded(expected: 1000, actual: 990)`) with the ABIs of every contract a wallet touches (sdk/abi.ts:
// vault, token, factory, lens, market, feed, collateral, with OpenZeppelin's ERC-20 / ERC-2612 errors); the SDK's
// own failures (wrong chain, unknown token, ...) carry a name of SDK_ERRORS. Browser-safe.
import { decodeBytes32String, Interface, type ErrorDescription, type ErrorFragment, type InterfaceAbi } from "ethers";
import {
  collateralAbi,
  leveragedTokenAbi,
  leveragedTokenFactoryAbi,
  leverageVaultAbi,
  mockPerpMarketAbi,
  mockPriceFeedAbi,
  mockUsdcAbi,
  vaultLensAbi,
} from "./abi.js";

/** The SDK's own error names (not reverts), each with what it means; docs/integration.md lists them. */
export const SDK_ERRORS = {
  UnknownToken: "the symbol is not a token of the deployment record",
  WrongChain: "the provider is on another chain than the deployment record",
  InvalidDeployment: "the deployment record is not valid JSON or has a wrong field",
  UntrustedVault: "a vault of the record is not in the factory's allVaults(), or its token or market differ",
  NoProvider: "the client was given a signer that is not connected to a provider",
  NoSigner: "the action sends a transaction, and the client was given a provider only",
  InvalidSlippage: "slippageBps is not in [0, 10000)",
  InvalidReceiver: "the receiver is a vault or market of the protocol: what is sent there is lost",
  PermitUnsupported: "the collateral takes no EIP-2612 permit: use method 'approve'",
  MissingEvent: "the transaction was mined but the event the SDK reads was not in it",
  RequestTimeout: "the request was neither settled nor refunded within the time waited",
  CallFailed: "an RPC call or a transaction failed without revert data (network, node, nonce, gas)",
  UnknownError: "a revert whose selector no protocol ABI declares",
} as const;
export type SdkErrorName = keyof typeof SDK_ERRORS;

/** What to do about the reverts a wallet meets most, appended to the message after the decoded error. */
const HINTS: Record<string, string> = {
  SlippageExceeded: "the price moved past the slippage bound; quote again",
  OracleStale: "the price feed has not been updated recently enough; try again after its next update",
  OracleInvalid: "the price feed reports no usable price",
  MintingPaused: "the guardian paused minting for this token; redeeming still works",
  VaultWipedOut: "the vault lost all its equity; it takes no more mints",
  MintAboveCap: "the amount is above the vault's per-mint cap",
  CollateralCapExceeded: "the vault is full: this mint would take it past its collateral cap",
  MintTooSmall: "the amount buys no token after fees",
  RedeemTooSmall: "the amount pays no collateral after fees",
  ZeroAmount: "the amount is zero",
  ZeroAddress: "the receiver is the zero address",
  FaucetCapExceeded: "ask the faucet for less per call",
  ERC20InsufficientBalance: "the balance is too small",
  ERC20InsufficientAllowance: "the allowance is too small: approve first, or use a permit",
  ERC2612ExpiredSignature: "the permit's deadline passed; sign again",
  ERC2612InvalidSigner: "the permit was signed by another account or for other values",
  UnknownRequest: "no request has this id",
  RequestFinished: "the request was already settled or refunded",
  NotRequestOwner: "only the account that made the request may cancel it",
  CancelTooEarly: "the request can still settle at its round; cancel once its round has passed",
  NothingToSettle: "no request can be settled or refunded now",
  RipcordFirst: "the vault must be ripcorded before requests settle",
};

const PROTOCOL_ABIS: readonly InterfaceAbi[] = [
  leverageVaultAbi,
  leveragedTokenAbi,
  leveragedTokenFactoryAbi,
  vaultLensAbi,
  collateralAbi,
  mockUsdcAbi,
  mockPerpMarketAbi,
  mockPriceFeedAbi,
];

/** One interface holding every error fragment of the protocol's contracts, deduplicated by selector. */
export const protocolErrors: Interface = (() => {
  const seen = new Map<string, ErrorFragment>();
  for (const abi of PROTOCOL_ABIS) {
    new Interface(abi).forEachError((fragment) => {
      if (!seen.has(fragment.selector)) seen.set(fragment.selector, fragment);
    });
  }
  return new Interface([...seen.values()]);
})();

/** Bigints as decimal strings, recursively: what JSON can carry. */
function jsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  return value;
}

/**
 * Every failure of the SDK. `errorName` is the contract's custom error (`SlippageExceeded`), or one of SDK_ERRORS
 * (`UnknownToken`); `args` its values by parameter name (bigints; `JSON.stringify` gives them as strings);
 * `cause` the original error.
 */
export class LeverError extends Error {
  readonly errorName: string;
  readonly args: Record<string, unknown>;
  readonly data?: string;

  constructor(
    errorName: string,
    args: Record<string, unknown>,
    message: string,
    options: { data?: string; cause?: unknown } = {}
  ) {
    super(message, { cause: options.cause });
    this.name = "LeverError";
    this.errorName = errorName;
    this.args = args;
    this.data = options.data;
  }

  /** `JSON.stringify(error)`: name, errorName, message, args (bigints as strings) and revert data. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      errorName: this.errorName,
      message: this.message,
      args: jsonSafe(this.args),
      ...(this.data === undefined ? {} : { data: this.data }),
    };
  }
}

/** A LeverError of the SDK's own: `sdkError("UnknownToken", { symbol }, "unknown token X")`. */
export function sdkError(
  name: SdkErrorName,
  args: Record<string, unknown>,
  message: string,
  cause?: unknown
): LeverError {
  return new LeverError(name, args, message, { cause });
}

/** Finds revert data in the nested error shapes of ethers v6, viem, Hardhat and JSON-RPC nodes. */
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
  if (described) {
    const hint = HINTS[described.name];
    return new LeverError(described.name, described.args, `${prefix}${described.text}${hint ? ` (${hint})` : ""}`, {
      data,
      cause: e,
    });
  }
  const reason = (e as { shortMessage?: string; message?: string })?.shortMessage ?? (e as Error)?.message ?? String(e);
  if (data)
    return new LeverError("UnknownError", { data }, `${prefix}unknown revert ${data.slice(0, 10)}: ${reason}`, {
      data,
      cause: e,
    });
  return new LeverError("CallFailed", { action: action ?? "call", reason }, `${prefix}${reason}`, { cause: e });
}
