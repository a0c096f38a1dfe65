// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LeverInvariantBase} from "./LeverInvariantBase.sol";

/// @notice The CI invariant suite: each named invariant (INV-1..INV-7) gets its own campaign of 256 runs x 50 calls
/// (12,800 handler calls). See LeverInvariantBase for the statements and LeverHandler for the actions.
contract LeverInvariantsTest is LeverInvariantBase {
    /// hardhat-config: invariant.runs = 256
    /// hardhat-config: invariant.depth = 50
    function invariant_INV1_solvency() public view {
        _checkSolvency();
    }

    /// hardhat-config: invariant.runs = 256
    /// hardhat-config: invariant.depth = 50
    function invariant_INV2_noFreeLunch() public view {
        _checkNoFreeLunch();
    }

    /// hardhat-config: invariant.runs = 256
    /// hardhat-config: invariant.depth = 50
    function invariant_INV3_supply() public view {
        _checkSupply();
    }

    /// hardhat-config: invariant.runs = 256
    /// hardhat-config: invariant.depth = 50
    function invariant_INV4_leverage() public view {
        _checkLeverage();
    }

    /// hardhat-config: invariant.runs = 256
    /// hardhat-config: invariant.depth = 50
    function invariant_INV5_liveness() public view {
        _checkLiveness();
    }

    /// hardhat-config: invariant.runs = 256
    /// hardhat-config: invariant.depth = 50
    function invariant_INV6_previews() public view {
        _checkPreviews();
    }

    /// hardhat-config: invariant.runs = 256
    /// hardhat-config: invariant.depth = 50
    function invariant_INV7_escrow() public view {
        _checkEscrow();
    }

    /// hardhat-config: invariant.runs = 256
    /// hardhat-config: invariant.depth = 50
    function invariant_actionsRevertOnlyAsDocumented() public view {
        _checkNoUnexpectedReverts();
    }
}
