// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LeveragedToken} from "../LeveragedToken.sol";

/// @title TokenDeployer
/// @notice Deploys a LeveragedToken whose vault is the caller. Kept apart from the vault so that the
/// vault's init code stays under the contract size limit. Stateless; anyone may call it, and a token
/// so made answers only to whoever called.
contract TokenDeployer {
    event TokenDeployed(address indexed token, address indexed vault);

    /// @notice Deploys `name`/`symbol` with `msg.sender` as its vault.
    function deployToken(string calldata name, string calldata symbol) external returns (address token) {
        token = address(new LeveragedToken(name, symbol, msg.sender));
        emit TokenDeployed(token, msg.sender);
    }
}
