// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title ICollateral
/// @notice What integrators use of a vault's collateral: ERC-20 with metadata and, where the token has them,
/// EIP-2612 permit and EIP-5267 `eip712Domain()` (MockUSDC has both; Circle's USDC has permit but no
/// `eip712Domain()`, so clients must treat that call as optional). The vault itself needs only ERC-20.
/// @dev Declares nothing of its own: it gives clients one typed handle on any such token.
interface ICollateral is IERC20Metadata, IERC20Permit, IERC5267 {}
