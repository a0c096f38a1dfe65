// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The few Hardhat/Foundry cheatcodes the invariant, adversarial and bad-input suites use
/// (no forge-std). Lives at the standard cheatcode address.
interface InvVm {
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function warp(uint256 timestamp) external;
    function roll(uint256 blockNumber) external;
    function expectRevert(bytes calldata revertData) external;
    function expectRevert(bytes4 revertData) external;
    function expectRevert() external;
    function addr(uint256 privateKey) external pure returns (address);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function envOr(string calldata name, bool defaultValue) external view returns (bool);
    function envOr(string calldata name, uint256 defaultValue) external view returns (uint256);
    function skip(bool skipTest) external;
    function label(address account, string calldata newLabel) external;
}

/// @dev The cheatcode address, keccak256("hevm cheat code").
InvVm constant INV_VM = InvVm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
