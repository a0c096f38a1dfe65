// Lever's TypeScript client for wallets and front ends (ethers v6). See docs/integration.md.
export { LeverClient } from "./client.js";
export type {
  LeverClientOptions,
  MintOptions,
  MintQuote,
  MintResult,
  Position,
  RebalanceStatus,
  RedeemOptions,
  RedeemQuote,
  RedeemResult,
  TokenInfo,
} from "./client.js";
export {
  deploymentRecordSchema,
  parseDeployment,
  parseDeploymentText,
  readDeployment,
  type Deployment,
} from "./deployment.js";
export { decodeError, describeRevert, LeverError, protocolErrors } from "./errors.js";
export { Status, STATUS_NAMES, statusName, type StatusName } from "./status.js";
export { formatLeverage } from "./format.js";
export { costBasis, type Ledger, type LedgerEntry } from "./position.js";
export { decodeFactoryVaults, decodeVaultStates, type DecodeOptions, type VaultStateView } from "./vaultStates.js";
