// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title ILeveragedToken
/// @notice An ERC-20 (with EIP-2612 permit) whose supply only its vault can change.
interface ILeveragedToken is IERC20 {
    /// @notice Thrown when `caller`, not the vault, mints, burns or moves tokens.
    error OnlyVault(address caller);

    /// @notice The vault this token belongs to.
    function vault() external view returns (address);

    /// @notice Mints `amount` to `to`. Vault only.
    function mint(address to, uint256 amount) external;

    /// @notice Burns `amount` from `from` without allowance. Vault only.
    function burn(address from, uint256 amount) external;

    /// @notice Moves `amount` from `from` to `to` without allowance (a redeem request's escrow). Vault only.
    function vaultTransfer(address from, address to, uint256 amount) external;
}
