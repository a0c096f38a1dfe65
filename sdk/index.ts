// Lever's TypeScript client for wallets and front ends (ethers v6). See docs/integration.md.
export { LeverClient, STATUS_NAMES } from "./client.js";
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
export { parseDeployment, readDeployment, deploymentRecordSchema, type Deployment } from "./deployment.js";
export { decodeError, describeRevert, LeverError, protocolErrors } from "./errors.js";
export { costBasis, type Ledger, type LedgerEntry } from "./position.js";
export { decodeFactoryVaults, decodeVaultStates, type DecodeOptions, type VaultStateView } from "./vaultStates.js";
