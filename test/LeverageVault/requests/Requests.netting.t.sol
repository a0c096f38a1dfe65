// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm} from "../../helpers/Vm.sol";
import {LeverageVault} from "../../../contracts/LeverageVault.sol";
import {RequestsBase} from "./RequestsBase.sol";

/// @notice A batch of mixed mints and redeems settles in one position trade, and each request ends with at least
/// what settling alone at the same round would give it (never below; above it by at most its own taker fee).
contract RequestsNettingTest is RequestsBase {
    bytes32 internal constant TRADED = keccak256("Traded(address,int256,int256,uint256,uint256)");

    struct Outcome {
        uint256 alice; // tokens
        uint256 carol; // tokens
        uint256 bob; // USDC
    }

    function test_batch_makesOneTradeAndEachGetsAtLeastItsStandaloneResult() public {
        _netting(longVault, 1.004e18);
        _netting(shortVault, 0.996e18);
    }

    function _netting(LeverageVault vault, uint256 move) internal {
        _nettingWith(vault, 10_000 * USDC, 5_000 * USDC, _token(vault).balanceOf(BOB) / 3, move);
    }

    function _nettingWith(LeverageVault vault, uint256 a, uint256 c, uint256 bobTokens, uint256 move) internal {
        uint256 snap = vm.snapshotState();
        Outcome memory batch = _run(vault, a, c, bobTokens, move, 7, true);
        Outcome memory alone;
        vm.revertToState(snap);
        alone.alice = _run(vault, a, 0, 0, move, 1, false).alice;
        vm.revertToState(snap);
        alone.carol = _run(vault, 0, c, 0, move, 2, false).carol;
        vm.revertToState(snap);
        alone.bob = _run(vault, 0, 0, bobTokens, move, 4, false).bob;
        // Never below alone; above it by at most the request's own taker fee (3x x 5 bps of its size, 16 bps here).
        assertGe(batch.alice, alone.alice, "alice never below alone");
        assertGe(batch.carol, alone.carol, "carol never below alone");
        assertGe(batch.bob, alone.bob, "bob never below alone");
        assertLe(batch.alice, alone.alice + (alone.alice * 16) / 10_000 + 1, "alice within her fee");
        assertLe(batch.carol, alone.carol + (alone.carol * 16) / 10_000 + 1, "carol within her fee");
        assertLe(batch.bob, alone.bob + (alone.bob * 16) / 10_000 + 1, "bob within his fee");
        vm.revertToState(snap);
    }

    /// @dev Requests the chosen ones (`which`: 1 alice, 2 carol, 4 bob), publishes the round, settles, and returns
    /// what each got; with `countTrades`, asserts that the settlement traded exactly once.
    function _run(
        LeverageVault vault,
        uint256 a,
        uint256 c,
        uint256 bobTokens,
        uint256 move,
        uint256 which,
        bool countTrades
    ) internal returns (Outcome memory o) {
        if (which & 1 != 0) _requestMint(vault, ALICE, a, 0);
        if (which & 2 != 0) _requestMint(vault, CAROL, c, 0);
        uint256 bobBefore = usdc.balanceOf(BOB);
        if (which & 4 != 0) _requestRedeem(vault, BOB, bobTokens, 0);
        _nextRound(move);
        vm.recordLogs();
        _settle(vault, 10);
        if (countTrades) {
            Vm.Log[] memory logs = vm.getRecordedLogs();
            uint256 trades;
            for (uint256 i; i < logs.length; ++i) {
                if (logs[i].emitter == address(market) && logs[i].topics[0] == TRADED) ++trades;
            }
            assertEq(trades, 1, "one trade for the batch");
        }
        o.alice = _token(vault).balanceOf(ALICE);
        o.carol = _token(vault).balanceOf(CAROL);
        o.bob = usdc.balanceOf(BOB) - bobBefore;
    }
}
