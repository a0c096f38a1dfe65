// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ILeveragedTokenFactory} from "./interfaces/ILeveragedTokenFactory.sol";
import {ILeverageVault} from "./interfaces/ILeverageVault.sol";
import {LeverageVault} from "./LeverageVault.sol";
import {VaultDeployer} from "./deployers/VaultDeployer.sol";

/// @title LeveragedTokenFactory
/// @notice Deploys token + vault pairs with the protocol's governance roles and keeps the list.
/// @dev Each vault deploys its own token (through `tokenDeployer`), so the token's `vault` is fixed at
/// birth. The vault's init code lives in `vaultDeployer` (the factory alone would exceed 24 KiB).
contract LeveragedTokenFactory is ILeveragedTokenFactory, Ownable2Step {
    /// @notice Holds the vault init code.
    VaultDeployer public immutable vaultDeployer;
    /// @notice Deploys each vault's token.
    address public immutable tokenDeployer;

    /// @notice Admin role holder given to every new vault (parameters, fee recipient).
    address public vaultAdmin;
    /// @notice Guardian role holder given to every new vault (pause minting).
    address public guardian;
    /// @notice Fee recipient given to every new vault.
    address public feeRecipient;

    address[] internal _vaults;
    address[] internal _tokens;
    mapping(bytes32 => address) internal _vaultOfSymbol;

    constructor(
        address owner_,
        address vaultAdmin_,
        address guardian_,
        address feeRecipient_,
        address vaultDeployer_,
        address tokenDeployer_
    ) Ownable(owner_) {
        if (vaultDeployer_ == address(0) || tokenDeployer_ == address(0)) revert ZeroAddress();
        vaultDeployer = VaultDeployer(vaultDeployer_);
        tokenDeployer = tokenDeployer_;
        _setGovernance(vaultAdmin_, guardian_, feeRecipient_);
    }

    /// @inheritdoc ILeveragedTokenFactory
    function createLeveragedToken(CreateParams calldata p) external onlyOwner returns (address token, address vault) {
        bytes32 key = keccak256(bytes(p.symbol));
        if (_vaultOfSymbol[key] != address(0)) revert DuplicateSymbol(p.symbol);
        vault = vaultDeployer.deployVault(
            LeverageVault.InitConfig({
                name: p.name,
                symbol: p.symbol,
                market: p.market,
                isLong: p.isLong,
                targetLeverage: p.targetLeverage,
                params: p.params,
                admin: vaultAdmin,
                guardian: guardian,
                feeRecipient: feeRecipient,
                tokenDeployer: tokenDeployer,
                sequencerUptimeFeed: p.sequencerUptimeFeed
            })
        );
        token = ILeverageVault(vault).token();
        _vaults.push(vault);
        _tokens.push(token);
        _vaultOfSymbol[key] = vault;
        emit LeveragedTokenCreated(token, vault, p.market, p.symbol, p.isLong, p.targetLeverage);
    }

    /// @inheritdoc ILeveragedTokenFactory
    function setGovernance(address vaultAdmin_, address guardian_, address feeRecipient_) external onlyOwner {
        _setGovernance(vaultAdmin_, guardian_, feeRecipient_);
    }

    /// @inheritdoc ILeveragedTokenFactory
    function allVaults() external view returns (address[] memory) {
        return _vaults;
    }

    /// @inheritdoc ILeveragedTokenFactory
    function allTokens() external view returns (address[] memory) {
        return _tokens;
    }

    /// @inheritdoc ILeveragedTokenFactory
    function vaultCount() external view returns (uint256) {
        return _vaults.length;
    }

    /// @inheritdoc ILeveragedTokenFactory
    function vaultsPage(uint256 offset, uint256 limit) external view returns (address[] memory page) {
        uint256 n = _vaults.length;
        if (offset >= n) return new address[](0);
        uint256 end = limit > n - offset ? n : offset + limit;
        page = new address[](end - offset);
        for (uint256 i = offset; i < end; ++i) {
            page[i - offset] = _vaults[i];
        }
    }

    /// @inheritdoc ILeveragedTokenFactory
    function vaultOfSymbol(string calldata symbol) external view returns (address) {
        return _vaultOfSymbol[keccak256(bytes(symbol))];
    }

    function _setGovernance(address vaultAdmin_, address guardian_, address feeRecipient_) internal {
        if (vaultAdmin_ == address(0) || feeRecipient_ == address(0)) revert ZeroAddress();
        vaultAdmin = vaultAdmin_;
        guardian = guardian_;
        feeRecipient = feeRecipient_;
        emit GovernanceUpdated(vaultAdmin_, guardian_, feeRecipient_);
    }
}
