// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ILeveragedToken} from "./interfaces/ILeveragedToken.sol";

/// @title LeveragedToken
/// @notice The ERC-20 a holder buys, such as "BTC 3x Long" / BTC3L. 18 decimals, EIP-2612 permit.
/// Only its vault mints and burns; the vault burns on redeem, and moves tokens into a redeem request's escrow,
/// without an allowance.
contract LeveragedToken is ERC20, ERC20Permit, ILeveragedToken {
    /// @inheritdoc ILeveragedToken
    address public immutable vault;

    constructor(string memory name_, string memory symbol_, address vault_) ERC20(name_, symbol_) ERC20Permit(name_) {
        vault = vault_;
    }

    modifier onlyVault() {
        if (msg.sender != vault) revert OnlyVault(msg.sender);
        _;
    }

    /// @inheritdoc ILeveragedToken
    function mint(address to, uint256 amount) external onlyVault {
        _mint(to, amount);
    }

    /// @inheritdoc ILeveragedToken
    function burn(address from, uint256 amount) external onlyVault {
        _burn(from, amount);
    }

    /// @inheritdoc ILeveragedToken
    function vaultTransfer(address from, address to, uint256 amount) external onlyVault {
        _transfer(from, to, amount);
    }
}
