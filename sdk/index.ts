// `@lever/sdk`: Lever's TypeScript client for wallets and front ends (ethers v6). Browser-safe: the Node-only
// deployment-file reader is `@lever/sdk/node` (sdk/node.ts); the bytecode-free ABIs for viem are `@lever/sdk/abi`.
// See docs/integration.md.
export { LeverClient } from "./client.js";
export type {
  LeverClientOptions,
  MintOptions,
  MintResult,
  Position,
  RebalanceStatus,
  RedeemOptions,
  RedeemResult,
  TokenInfo,
  TxOptions,
} from "./client.js";
export type { MintQuote, RedeemQuote, RequestEstimate, RequestQuoteView } from "./quotes.js";
export {
  REFUND_REASONS,
  REQUEST_STATES,
  type PendingRequest,
  type RefundReason,
  type RequestOutcome,
  type RequestReceipt,
  type RequestStateName,
} from "./requests.js";
export { deploymentRecordSchema, parseDeployment, parseDeploymentText, type Deployment } from "./record.js";
export {
  decodeError,
  describeRevert,
  findRevertData,
  LeverError,
  protocolErrors,
  SDK_ERRORS,
  type SdkErrorName,
} from "./errors.js";
export { Status, STATUS_NAMES, statusName, type StatusName } from "./status.js";
export { formatLeverage } from "./format.js";
export { costBasis, type Ledger, type LedgerEntry } from "./position.js";
export { decodeFactoryVaults, decodeVaultStates, type DecodeOptions, type VaultStateView } from "./vaultStates.js";
export {
  vaultAt,
  tokenAt,
  factoryAt,
  lensAt,
  collateralAt,
  mockUsdcAt,
  mockFeedAt,
  type LeverageVault,
  type LeveragedToken,
  type LeveragedTokenFactory,
  type VaultLens,
  type ICollateral,
} from "./contracts.js";
