// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Receives a callback on every transfer from or to a registered account (as ERC-777 hooks do).
interface ITransferHook {
    function onTokenTransfer(address from, address to, uint256 amount) external;
}

/// @title ReentrantCollateral
/// @notice TEST ONLY. A 6-decimal collateral that calls `onTokenTransfer` on the sender and the recipient
/// of every transfer, after balances are updated, if they registered for it. Used to show that the vault
/// and the market cannot be re-entered through the collateral token. Anyone may mint.
contract ReentrantCollateral is ERC20 {
    mapping(address => bool) public hooked;

    constructor() ERC20("Reentrant USD", "rUSD") {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mints `amount` to `to`. Open to anyone: test only.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice The caller receives `onTokenTransfer` for every transfer from or to it (or stops, with false).
    function setHooked(bool on) external {
        hooked[msg.sender] = on;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from != address(0) && hooked[from]) ITransferHook(from).onTokenTransfer(from, to, value);
        if (to != address(0) && to != from && hooked[to]) ITransferHook(to).onTokenTransfer(from, to, value);
    }
}
