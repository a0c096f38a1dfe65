// The protocol's contracts for ethers v6, from the bytecode-free ABIs of sdk/abi.ts, typed by TypeChain's type
// declarations (type-only imports: nothing of types/ reaches the JavaScript). Browser-safe.
import { Contract, type ContractRunner } from "ethers";
import type { LeverageVault } from "../types/ethers-contracts/contracts/LeverageVault.js";
import type { LeveragedToken } from "../types/ethers-contracts/contracts/LeveragedToken.js";
import type { LeveragedTokenFactory } from "../types/ethers-contracts/contracts/LeveragedTokenFactory.js";
import type { VaultLens } from "../types/ethers-contracts/contracts/VaultLens.js";
import type { ICollateral } from "../types/ethers-contracts/contracts/interfaces/ICollateral.js";
import type { MockUSDC } from "../types/ethers-contracts/contracts/testnet/MockUSDC.js";
import type { MockPriceFeed } from "../types/ethers-contracts/contracts/testnet/MockPriceFeed.js";
import {
  collateralAbi,
  leveragedTokenAbi,
  leveragedTokenFactoryAbi,
  leverageVaultAbi,
  mockPriceFeedAbi,
  mockUsdcAbi,
  vaultLensAbi,
} from "./abi.js";

export type { LeverageVault, LeveragedToken, LeveragedTokenFactory, VaultLens, ICollateral, MockUSDC, MockPriceFeed };

const at =
  <T>(abi: readonly unknown[]) =>
  (address: string, runner?: ContractRunner | null): T =>
    new Contract(address, abi as never, runner) as unknown as T;

export const vaultAt = at<LeverageVault>(leverageVaultAbi);
export const tokenAt = at<LeveragedToken>(leveragedTokenAbi);
export const factoryAt = at<LeveragedTokenFactory>(leveragedTokenFactoryAbi);
export const lensAt = at<VaultLens>(vaultLensAbi);
export const collateralAt = at<ICollateral>(collateralAbi);
export const mockUsdcAt = at<MockUSDC>(mockUsdcAbi);
export const mockFeedAt = at<MockPriceFeed>(mockPriceFeedAbi);
