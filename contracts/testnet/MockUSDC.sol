// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ICommonErrors} from "../interfaces/ICommonErrors.sol";

/// @title MockUSDC
/// @notice Testnet collateral: 6 decimals like USDC, EIP-2612 permit and a capped faucet.
/// @dev Deployed to local chains and testnets only. It is not USDC and has no value: anyone can take
/// `FAUCET_CAP` per call and the owner mints without limit. Mainnet deployments use the real USDC.
contract MockUSDC is ERC20, ERC20Permit, Ownable, ICommonErrors {
    /// @notice Most a single `faucet` call hands out: 10,000 USDC.
    uint256 public constant FAUCET_CAP = 10_000e6;

    /// @notice Thrown when a faucet call asks for `requested`, above the `cap`.
    error FaucetCapExceeded(uint256 requested, uint256 cap);

    constructor(address owner_) ERC20("Mock USD Coin", "USDC") ERC20Permit("Mock USD Coin") Ownable(owner_) {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mints up to `FAUCET_CAP` to the caller.
    function faucet(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        if (amount > FAUCET_CAP) revert FaucetCapExceeded(amount, FAUCET_CAP);
        _mint(msg.sender, amount);
    }

    /// @notice Uncapped mint for seeding liquidity pools and test accounts. Owner only.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
