// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICommonErrors} from "./ICommonErrors.sol";
import {ILeverageVault} from "./ILeverageVault.sol";

/// @title ILeveragedTokenFactory
/// @notice Deploys token + vault pairs and keeps the list every keeper and front end reads.
interface ILeveragedTokenFactory is ICommonErrors {
    /// @notice Everything a new leveraged token needs.
    struct CreateParams {
        string name; // "BTC 3x Long"
        string symbol; // "BTC3L"
        address market; // IPerpMarket
        bool isLong;
        uint256 targetLeverage; // WAD
        ILeverageVault.VaultParams params;
        address sequencerUptimeFeed; // Chainlink L2 sequencer-uptime feed (LeverageVault.InitConfig); zero: none
    }

    /// @notice Emitted when a token and its vault are created on `market`.
    event LeveragedTokenCreated(
        address indexed token,
        address indexed vault,
        address indexed market,
        string symbol,
        bool isLong,
        uint256 targetLeverage
    );
    /// @notice Emitted when the roles future vaults are created with are set to `admin`, `guardian`, `feeRecipient`.
    event GovernanceUpdated(address admin, address guardian, address feeRecipient);

    /// @notice Thrown when creating a token whose `symbol` is already taken.
    error DuplicateSymbol(string symbol);

    /// @notice Deploys a token and its vault. Owner only.
    function createLeveragedToken(CreateParams calldata p) external returns (address token, address vault);

    /// @notice Sets the roles future vaults are created with. Owner only; existing vaults keep theirs.
    function setGovernance(address vaultAdmin, address guardian, address feeRecipient) external;

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
