// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeverageVault} from "../../../contracts/interfaces/ILeverageVault.sol";
import {VaultLens} from "../../../contracts/VaultLens.sol";
import {RequestsBase} from "./RequestsBase.sol";

/// @notice getRequest, requestQueue, settleableRequests, escrowed, the quotes, VaultLens' request fields, and the
/// upkeep's order (ripcord, then settlement, then rebalance).
contract RequestsViewsTest is RequestsBase {
    function test_views_trackTheQueue() public {
        assertTrue(_state(longVault, 0) == ILeverageVault.RequestState.UNKNOWN, "id 0 unknown");
        assertTrue(_state(longVault, 1) == ILeverageVault.RequestState.UNKNOWN, "id 1 not issued");
        (uint256 next, uint256 end) = longVault.requestQueue();
        assertEq(next, 1, "next");
        assertEq(end, 1, "end");

        uint256 a = _requestMintTo(longVault, ALICE, 1_000 * USDC, 7, CAROL);
        uint256 tokens = _token(longVault).balanceOf(BOB) / 10;
        uint256 b = _requestRedeem(longVault, BOB, tokens, 0);
        ILeverageVault.Request memory r = longVault.getRequest(a);
        assertTrue(r.owner == ALICE && r.receiver == CAROL && !r.isRedeem, "other receiver");
        assertEq(r.minOut, 7, "minOut");
        r = longVault.getRequest(b);
        assertTrue(r.isRedeem && r.receiver == BOB, "redeem");
        assertEq(r.amountIn, tokens, "tokensIn");
        (next, end) = longVault.requestQueue();
        assertEq(next, 1, "next unchanged");
        assertEq(end, 3, "end after two");
        (uint256 c, uint256 t) = longVault.escrowed();
        assertEq(c, 1_000 * USDC, "collateral escrowed");
        assertEq(t, tokens, "tokens escrowed");

        VaultLens lens = new VaultLens();
        VaultLens.VaultState memory s = lens.getVault(address(longVault));
        assertEq(s.pendingRequests, 2, "lens pending");
        assertEq(s.settleableRequests, 0, "lens settleable before the round");
        _nextRound(1e18);
        assertEq(longVault.settleableRequests(), 2, "settleable");
        s = lens.getVault(address(longVault));
        assertEq(s.settleableRequests, 2, "lens settleable");
        (bool needed, ) = longVault.checkUpkeep("");
        assertTrue(needed, "upkeep wants to settle");
        longVault.performUpkeep("");
        assertTrue(_token(longVault).balanceOf(CAROL) != 0, "receiver paid");
        assertTrue(_state(longVault, a) == ILeverageVault.RequestState.FINISHED, "a finished");
        (next, end) = longVault.requestQueue();
        assertEq(next, 3, "head moved");
        s = lens.getVault(address(longVault));
        assertEq(s.pendingRequests + s.settleableRequests, 0, "lens empty");
    }

    function test_quotes_matchTheFeesAndReward() public view {
        ILeverageVault.RequestQuote memory q = longVault.quoteRequestMint(10_000 * USDC);
        assertEq(q.requestFee, 10 * USDC, "10 bps of collateral in");
        assertEq(q.settleReward, USDC / 10, "0.1 USDC reward");
        // 3x of what joins (9,990) at 5 bps, within rounding.
        assertApproxEqAbs(
            q.tradeFee,
            (9_990 * USDC * 3 * 5) / 10_000,
            100_000,
            "taker fee of its own trade (the vault near 3x)"
        );
        assertApproxEqAbs(q.amountOut, longVault.previewMint(10_000 * USDC), 1e15, "near an instant mint at 10 bps");
        uint256 tokens = _token(longVault).balanceOf(BOB);
        assertEq(longVault.quoteRequestRedeem(tokens + 1).amountOut, 0, "more than the supply");
    }

    function test_upkeep_ripcordBeforeSettlement() public {
        _requestMint(longVault, ALICE, 1_000 * USDC, 0);
        _nextRound(0.83e18);
        (bool needed, bytes memory data) = longVault.checkUpkeep("");
        assertTrue(needed, "needed");
        assertEq(uint256(abi.decode(data, (ILeverageVault.Status))), 3, "RIPCORD first");
        longVault.performUpkeep("");
        (uint256 c, ) = longVault.escrowed();
        assertEq(c, 1_000 * USDC, "the ripcord went first: still escrowed");
    }

    function test_upkeep_settlementBeforeRebalance() public {
        _requestMint(longVault, ALICE, 1_000 * USDC, 0);
        vm.warp(block.timestamp + 2 days);
        _movePrice(1.05e18); // drifted and due: REBALANCE
        assertTrue(longVault.rebalanceStatus() == ILeverageVault.Status.REBALANCE, "rebalance due");
        uint256 lastRebalance = longVault.lastRebalanceTime();
        longVault.performUpkeep("");
        (uint256 c, ) = longVault.escrowed();
        assertEq(c, 0, "settled first");
        assertEq(longVault.lastRebalanceTime(), lastRebalance, "no rebalance in the same upkeep");
        longVault.performUpkeep(""); // now the rebalance
        assertTrue(longVault.lastRebalanceTime() != lastRebalance, "then the rebalance");
    }
}
