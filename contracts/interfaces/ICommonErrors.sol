// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ICommonErrors
/// @notice The input errors every Lever contract shares, declared once.
interface ICommonErrors {
    /// @notice Thrown when an amount that must be positive is zero.
    error ZeroAmount();
    /// @notice Thrown when an address that must be set is address(0).
    error ZeroAddress();
}
