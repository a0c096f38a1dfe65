// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev 1.0 in fixed point: leverage, rates and prices are WAD.
uint256 constant WAD = 1e18;
/// @dev 100% in basis points: fees are bps of an amount.
uint256 constant BPS = 10_000;
