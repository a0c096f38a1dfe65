// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev The standard cheatcode address: uint160(uint256(keccak256("hevm cheat code"))).
address constant VM_ADDRESS = 0x7109709ECfa91a80626fF3989D68f67F5b1DD12D;

/// @title Vm
/// @notice The few Foundry-compatible cheatcodes Lever's Solidity tests use (Hardhat 3 / EDR implement them).
/// Declared here because the npm copy of forge-std is too old to use.
interface Vm {
    /// @notice Sets block.timestamp.
    function warp(uint256 newTimestamp) external;
    /// @notice Makes the next call come from `sender`.
    function prank(address sender) external;
    /// @notice Makes every call until `stopPrank` come from `sender`.
    function startPrank(address sender) external;
    function stopPrank() external;
    /// @notice The next call must revert with exactly this data (a custom error with its arguments).
    function expectRevert(bytes calldata revertData) external;
    /// @notice The next call must revert with this selector.
    function expectRevert(bytes4 revertData) external;
    function toString(uint256 value) external pure returns (string memory);
    function toString(int256 value) external pure returns (string memory);
}
