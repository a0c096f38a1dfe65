// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeverageVault} from "../../../contracts/interfaces/ILeverageVault.sol";
import {LeverageVault} from "../../../contracts/LeverageVault.sol";
import {RequestsBase} from "./RequestsBase.sol";

/// @notice Every way a request is refunded gives back every unit of its escrow to its owner, with the reason.
contract RequestsRefundsTest is RequestsBase {
    uint256 internal constant AMOUNT = 10_000 * USDC;

    function _expectRefund(LeverageVault vault, uint256 id, ILeverageVault.RefundReason reason) internal {
        vm.expectEmit(true, false, false, true, address(vault));
        emit ILeverageVault.RequestRefunded(id, reason);
    }

    /// @dev The next round's settlement refunds ALICE's mint request `id` in full, for `reason`.
    function _nextRoundRefundsMint(uint256 id, ILeverageVault.RefundReason reason) internal {
        _nextRound(1e18);
        _expectRefund(longVault, id, reason);
        _settle(longVault, 10);
        _assertMintRefunded(longVault, id);
    }

    function _assertMintRefunded(LeverageVault vault, uint256 id) internal view {
        assertEq(usdc.balanceOf(ALICE), AMOUNT, "every unit back");
        assertEq(_token(vault).balanceOf(ALICE), 0, "no tokens");
        (uint256 c, uint256 t) = vault.escrowed();
        assertEq(c + t, 0, "escrow empty");
        assertEq(usdc.balanceOf(address(vault)), 0, "nothing left in the vault");
        assertTrue(_state(vault, id) == ILeverageVault.RequestState.FINISHED, "finished");
    }

    function test_missedRound_refundedBySettle() public {
        uint256 id = _requestMint(longVault, ALICE, AMOUNT, 0);
        _nextRound(1.01e18);
        _nextRound(1.01e18); // its round passed unsettled
        _expectRefund(longVault, id, ILeverageVault.RefundReason.ROUND_MISSED);
        assertEq(_settle(longVault, 10), 1, "processed");
        _assertMintRefunded(longVault, id);
        assertEq(usdc.balanceOf(SETTLER), 0, "refunds pay no reward");
    }

    function test_missedRound_refundedByCancel_redeem() public {
        uint256 tokens = _token(longVault).balanceOf(BOB);
        uint256 id = _requestRedeem(longVault, BOB, tokens, 0);
        _nextRound(1e18);
        _nextRound(1e18);
        _expectRefund(longVault, id, ILeverageVault.RefundReason.ROUND_MISSED);
        vm.prank(BOB);
        longVault.cancelRequest(id);
        assertEq(_token(longVault).balanceOf(BOB), tokens, "every token back");
        (, uint256 t) = longVault.escrowed();
        assertEq(t, 0, "token escrow empty");
    }

    function test_unmetMinOut_refunded() public {
        uint256 quoted = longVault.quoteRequestMint(AMOUNT).amountOut;
        uint256 id = _requestMint(longVault, ALICE, AMOUNT, quoted);
        _nextRound(1.05e18); // a higher price buys fewer tokens of a long
        _expectRefund(longVault, id, ILeverageVault.RefundReason.SLIPPAGE);
        _settle(longVault, 10);
        _assertMintRefunded(longVault, id);
    }

    function test_unmetMinOut_redeemRefunded() public {
        uint256 tokens = _token(longVault).balanceOf(BOB) / 2;
        uint256 id = _requestRedeem(longVault, BOB, tokens, type(uint256).max);
        _nextRound(1e18);
        _expectRefund(longVault, id, ILeverageVault.RefundReason.SLIPPAGE);
        _settle(longVault, 10);
        assertEq(_token(longVault).balanceOf(BOB), tokens * 2, "every token back");
    }

    function test_wipedOutVault_refundsMint() public {
        uint256 id = _requestMint(longVault, ALICE, AMOUNT, 0);
        _nextRound(0.6e18); // -40% wipes out a 3x long
        assertEq(longVault.equity(), 0, "wiped out");
        _expectRefund(longVault, id, ILeverageVault.RefundReason.WIPED_OUT);
        _settle(longVault, 10);
        _assertMintRefunded(longVault, id);
    }

    /// A request into a vault already wiped out is taken (the request does not read the market, to stay cheap) and
    /// the next settlement refunds it.
    function test_requestIntoWipedOutVault_refunded() public {
        _movePrice(0.6e18);
        assertEq(longVault.equity(), 0, "wiped out");
        uint256 id = _requestMint(longVault, ALICE, AMOUNT, 0);
        _nextRoundRefundsMint(id, ILeverageVault.RefundReason.WIPED_OUT);
    }

    /// Paused minting does not stop a request (settlement decides it): it is taken, then refunded in full.
    function test_requestWhilePaused_refunded() public {
        longVault.pauseMint();
        uint256 id = _requestMint(longVault, ALICE, AMOUNT, 0);
        _nextRoundRefundsMint(id, ILeverageVault.RefundReason.MINT_PAUSED);
    }

    /// Nor does an amount above the whole collateral cap: taken, then refunded in full.
    function test_requestAboveTheWholeCap_refunded() public {
        ILeverageVault.VaultParams memory p = longVault.params();
        p.collateralCap = uint128(AMOUNT - 1);
        longVault.setParams(p);
        uint256 id = _requestMint(longVault, ALICE, AMOUNT, 0);
        _nextRoundRefundsMint(id, ILeverageVault.RefundReason.CAP_EXCEEDED);
    }

    function test_capHit_refunded() public {
        ILeverageVault.VaultParams memory p = longVault.params();
        p.collateralCap = uint128(longVault.equity() + AMOUNT / 2);
        longVault.setParams(p);
        uint256 id = _requestMint(longVault, ALICE, AMOUNT, 0);
        _nextRoundRefundsMint(id, ILeverageVault.RefundReason.CAP_EXCEEDED);
    }

    function test_pausedMinting_refunded() public {
        uint256 id = _requestMint(longVault, ALICE, AMOUNT, 0);
        longVault.pauseMint();
        _nextRoundRefundsMint(id, ILeverageVault.RefundReason.MINT_PAUSED);
    }

    function test_tooSmall_refunded() public {
        usdc.mint(ALICE, 1);
        vm.startPrank(ALICE);
        usdc.approve(address(longVault), 1);
        uint256 id = longVault.requestMint(1, 0, ALICE);
        vm.stopPrank();
        _nextRound(1e18);
        _expectRefund(longVault, id, ILeverageVault.RefundReason.TOO_SMALL);
        _settle(longVault, 10);
        assertEq(usdc.balanceOf(ALICE), 1, "the unit back");
    }

    function test_staleRound_refundedBySettleAndCancel() public {
        uint256 id = _requestMint(longVault, ALICE, AMOUNT, 0);
        uint256 id2 = _requestMint(longVault, CAROL, AMOUNT, 0);
        _nextRound(1e18);
        vm.warp(block.timestamp + longVault.params().maxStaleness + 1);
        _expectRefund(longVault, id, ILeverageVault.RefundReason.STALE_ROUND);
        assertEq(_settle(longVault, 1), 1, "one processed");
        assertEq(usdc.balanceOf(ALICE), AMOUNT, "alice's back");
        _expectRefund(longVault, id2, ILeverageVault.RefundReason.STALE_ROUND);
        vm.prank(CAROL);
        longVault.cancelRequest(id2);
        assertEq(usdc.balanceOf(CAROL), AMOUNT, "carol's back");
        _assertMintRefunded(longVault, id);
    }

    /// @notice A refunded request drops out of the batch: the others settle, each gets what it gets alone.
    function test_refundInsideBatch_othersSettle() public {
        uint256 bad = _requestMint(longVault, ALICE, AMOUNT, type(uint256).max);
        uint256 good = _requestMint(longVault, CAROL, AMOUNT, 0);
        _nextRound(1e18);
        uint256 quoted = longVault.quoteRequestMint(AMOUNT).amountOut;
        _settle(longVault, 10);
        _assertMintRefunded(longVault, bad);
        assertTrue(_state(longVault, good) == ILeverageVault.RequestState.FINISHED, "good settled");
        assertGe(_token(longVault).balanceOf(CAROL), quoted, "carol at least her quote");
    }
}
