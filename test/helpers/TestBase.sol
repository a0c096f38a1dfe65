// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm, VM_ADDRESS} from "./Vm.sol";

/// @title TestBase
/// @notice Cheatcodes, a bound() clamp for fuzz inputs, and assertions that report the values that failed.
/// Each assertion takes an id (the property's name) that becomes the failure message.
abstract contract TestBase {
    Vm internal constant vm = Vm(VM_ADDRESS);

    /// @notice Clamps `x` into [min, max] without discarding runs: values already inside stay as they
    /// are (so the fuzzer's edge cases reach the edges), others wrap around modulo the range size.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }

    function assertLe(uint256 a, uint256 b, string memory id) internal pure {
        if (a > b) revert(string.concat(id, ": ", vm.toString(a), " > ", vm.toString(b)));
    }

    function assertGe(uint256 a, uint256 b, string memory id) internal pure {
        if (a < b) revert(string.concat(id, ": ", vm.toString(a), " < ", vm.toString(b)));
    }

    function assertEq(uint256 a, uint256 b, string memory id) internal pure {
        if (a != b) revert(string.concat(id, ": ", vm.toString(a), " != ", vm.toString(b)));
    }

    /// @notice |a - b| <= tolerance.
    function assertApproxEqAbs(uint256 a, uint256 b, uint256 tolerance, string memory id) internal pure {
        uint256 diff = a > b ? a - b : b - a;
        if (diff > tolerance) {
            revert(
                string.concat(
                    id,
                    ": |",
                    vm.toString(a),
                    " - ",
                    vm.toString(b),
                    "| = ",
                    vm.toString(diff),
                    " > ",
                    vm.toString(tolerance)
                )
            );
        }
    }

    function assertTrue(bool ok, string memory id) internal pure {
        if (!ok) revert(id);
    }
}
