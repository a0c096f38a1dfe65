// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev The standard cheatcode address: uint160(uint256(keccak256("hevm cheat code"))).
address constant VM_ADDRESS = 0x7109709ECfa91a80626fF3989D68f67F5b1DD12D;

/// @title Vm
/// @notice The few Foundry-compatible cheatcodes Lever's Solidity tests use (Hardhat 3 / EDR implement them).
/// Declared here because the npm copy of forge-std is too old to use.
interface Vm {
    /// @notice An event as `getRecordedLogs` returns it.
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    /// @notice Sets block.timestamp.
    function warp(uint256 newTimestamp) external;
    /// @notice Sets block.number.
    function roll(uint256 newHeight) external;
    /// @notice Makes the next call come from `sender`.
    function prank(address sender) external;
    /// @notice Makes every call until `stopPrank` come from `sender`.
    function startPrank(address sender) external;
    function stopPrank() external;
    /// @notice The next call must revert with exactly this data (a custom error with its arguments).
    function expectRevert(bytes calldata revertData) external;
    /// @notice The next call must revert with this selector.
    function expectRevert(bytes4 revertData) external;
    /// @notice The next call must revert, with any data.
    function expectRevert() external;
    /// @notice The address of a private key.
    function addr(uint256 privateKey) external pure returns (address);
    /// @notice Signs `digest` with `privateKey`.
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    /// @notice An environment variable, or `defaultValue` when it is unset.
    function envOr(string calldata name, bool defaultValue) external view returns (bool);
    function envOr(string calldata name, uint256 defaultValue) external view returns (uint256);
    /// @notice Skips the current test when `skipTest` is true.
    function skip(bool skipTest) external;
    /// @notice Names an address in traces.
    function label(address account, string calldata newLabel) external;
    function toString(uint256 value) external pure returns (string memory);
    function toString(int256 value) external pure returns (string memory);
    /// @notice Saves the whole chain state; `revertToState` goes back to it (to try several orders from one state).
    function snapshotState() external returns (uint256 snapshotId);
    function revertToState(uint256 snapshotId) external returns (bool success);
    /// @notice One event the test emits next must be emitted by `emitter` in the next call, with the topics chosen
    /// (`checkTopic1..3`) and the data (`checkData`) equal.
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData, address emitter) external;
    /// @notice Starts recording every event; `getRecordedLogs` returns those since the last call and clears them.
    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory logs);
}
