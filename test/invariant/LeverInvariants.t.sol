// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
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

    /// The handler's request actions do what the campaigns rely on (not silently nothing): a request settles at its
    /// round, a missed one is refunded by settle or cancelled by its owner, and every invariant holds after each step.
    function test_handler_requestActionsSettleRefundAndCancel() public {
        handler.mint(0, 0, 100_000 * USDC);
        handler.requestMint(0, 0, 10_000 * USDC, 2); // actor 0, long vault, no minOut
        handler.requestRedeem(0, 0, 4, 1); // actor 0 escrows all its long tokens
        _checkAll();
        handler.publishRound(100, 60);
        handler.settle(0, 1, 3 << 3); // actor 1 settles both at their round
        assertEq(handler.requestsSettled(), 2, "both settled at their round");
        handler.requestMint(1, 1, 5_000 * USDC, 2);
        handler.publishRound(150, 60);
        handler.publishRound(50, 60); // its round passed
        handler.cancelRequest(1, 0, 1); // its owner cancels it
        assertEq(handler.cancels(), 1, "a missed request cancelled by its owner");
        handler.requestMint(2, 1, 5_000 * USDC, 2);
        handler.publishRound(150, 60);
        handler.publishRound(50, 60);
        handler.settle(1, 0, 3 << 3);
        assertEq(
            handler.refundsFor(ILeverageVault.RefundReason.ROUND_MISSED),
            1,
            "a missed request refunded by settle"
        );
        _checkAll();
        assertEq(handler.ghostIssued(0) + handler.ghostIssued(1), 4, "four requests issued");
        assertEq(handler.ghostEnded(0) + handler.ghostEnded(1), 4, "all four ended, once each");
    }
}
