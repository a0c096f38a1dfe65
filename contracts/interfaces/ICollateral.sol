// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title ICollateral
/// @notice What integrators use of a vault's collateral: ERC-20 with metadata and, where the token has it,
/// EIP-2612 permit (USDC and the testnet MockUSDC both do). The vault itself needs only ERC-20.
/// @dev Declares nothing of its own: it exists so that clients get one typed handle on real USDC.
interface ICollateral is IERC20Metadata, IERC20Permit {}
