// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeverageVault} from "./ILeverageVault.sol";

/// @title ILeveragedTokenFactory
/// @notice Deploys token + vault pairs and keeps the list every keeper and front end reads.
interface ILeveragedTokenFactory {
    /// @notice Everything a new leveraged token needs.
    struct CreateParams {
        string name; // "BTC 3x Long"
        string symbol; // "BTC3L"
        address market; // IPerpMarket
        bool isLong;
        uint256 targetLeverage; // WAD
        ILeverageVault.VaultParams params;
    }

    event LeveragedTokenCreated(
        address indexed token,
        address indexed vault,
        address indexed market,
        string symbol,
        bool isLong,
        uint256 targetLeverage
    );
    event GovernanceUpdated(address admin, address guardian, address feeRecipient);

    error DuplicateSymbol(string symbol);

    /// @notice Deploys a token and its vault. Owner only.
    function createLeveragedToken(CreateParams calldata p) external returns (address token, address vault);

    /// @notice Every vault ever created, in creation order.
    function allVaults() external view returns (address[] memory);

    /// @notice Every token ever created, in creation order (same index as `allVaults`).
    function allTokens() external view returns (address[] memory);

    /// @notice Number of vaults.
    function vaultCount() external view returns (uint256);

    /// @notice Vaults [offset, offset + limit), clipped to the list.
    function vaultsPage(uint256 offset, uint256 limit) external view returns (address[] memory page);

    /// @notice Vault of a token symbol, or address(0).
    function vaultOfSymbol(string calldata symbol) external view returns (address);
}
