// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LeverageVault} from "../LeverageVault.sol";

/// @title VaultDeployer
/// @notice Holds the vault's init code so the factory stays under the contract size limit.
/// @dev Stateless and open: deploying a vault through it grants nothing that deploying the same
/// bytecode directly would not. Only vaults in a factory's list are part of the protocol.
contract VaultDeployer {
    /// @notice Deploys a vault (which deploys its token through `cfg.tokenDeployer`).
    function deployVault(LeverageVault.InitConfig calldata cfg) external returns (address) {
        return address(new LeverageVault(cfg));
    }
}
