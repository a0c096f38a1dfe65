// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LeverInvariantBase} from "./LeverInvariantBase.sol";

/// @notice The long campaign (`npm run test:long`): every invariant INV-1..INV-7 checked after each of
/// 20,000 runs x 50 calls = 1,000,000 handler calls. Skipped unless LEVER_LONG=1, so that the CI run
/// (`hardhat test solidity`) only runs the 256 x 50 suite in LeverInvariants.t.sol.
contract LeverInvariantsLongTest is LeverInvariantBase {
    function setUp() public override {
        if (!vm.envOr("LEVER_LONG", false)) vm.skip(true);
        super.setUp();
    }

    /// hardhat-config: invariant.runs = 20000
    /// hardhat-config: invariant.depth = 50
    function invariant_long_allInvariants() public view {
        _checkAll();
    }
}
