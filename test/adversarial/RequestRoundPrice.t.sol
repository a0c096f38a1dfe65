// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {RequestAttackBase} from "./RequestAttackBase.sol";

/// @notice Nobody can make a request settle at any price but its own round's (docs/protocol.md §5b): not before
/// its round is published, not at a later round (it is refunded instead), not after several rounds, not around
/// instant mints and redeems, rebalances and ripcords, for BTC3L, BTC3S, BTC2L and BTC2S. Every `settle` here goes
/// through RequestAttackBase._settle, which checks each batch's round and price against the feed. The moves are
/// 2 % and more, so a settlement at a neighbouring round's price would miss the value bands below by several times
/// their width (L x 2 % against a band of 10 bps + L x 5 bps).
contract RequestRoundPriceTest is RequestAttackBase {
    address internal constant OTHER = address(0x07E4);
    address internal constant SETTLER = address(0x5E77);

    function setUp() public {
        _setUpRequestVaults();
    }

    // ---- helpers --------------------------------------------------------------------------------

    /// @dev A settled mint of `collateralIn` is worth, at the NAV of its round, its collateral less at most its fees
    /// (request fee + at most the taker fee of its trade alone, L x 5 bps; 1 bps of slack for rounding).
    function _assertMintAtRound(LeverageVault v, uint256 collateralIn, uint256 tokensOut) internal view {
        uint256 value = (tokensOut * v.nav()) / WAD;
        uint256 feeBps = v.params().requestMintFeeBps + (v.targetLeverage() * 5) / WAD + 1;
        assertLe(value, collateralIn, "a settled mint is worth no more than it paid, at its round's NAV");
        assertGe(value, collateralIn - (collateralIn * feeBps) / 10_000, "a settled mint is priced at its round");
    }

    /// @dev A settled redeem pays its tokens' value at its round's NAV (`navAtRound`) less at most its fees.
    function _assertRedeemAtRound(LeverageVault v, uint256 navAtRound, uint256 tokensIn, uint256 out) internal view {
        uint256 value = (tokensIn * navAtRound) / WAD;
        uint256 feeBps = v.params().requestRedeemFeeBps + (v.targetLeverage() * 5) / WAD + 1;
        assertLe(out, value, "a settled redeem pays no more than its round's NAV");
        assertGe(out, value - (value * feeBps) / 10_000, "a settled redeem is priced at its round");
    }

    function _tokensOf(LeverageVault v, address a) internal view returns (uint256) {
        return _token(v).balanceOf(a);
    }

    // ---- an earlier round: not yet published -------------------------------------------------------

    function test_roundPrice_nothingSettlesBeforeItsRoundIsPublished() public {
        for (uint256 i; i < 4; ++i) {
            LeverageVault v = vaults[i];
            uint256 snap = vm.snapshotState();
            uint80 r0 = feed.latestRound();
            uint256 id = _requestMint(v, ALICE, 10_000 * USDC);
            assertEq(v.getRequest(id).roundId, r0 + 1, "a request waits for the round after the latest");
            assertEq(v.settleableRequests(), 0, "nothing settleable before its round");
            vm.expectRevert(ILeverageVault.NothingToSettle.selector);
            v.settle(10);
            vm.prank(ALICE);
            vm.expectRevert(abi.encodeWithSelector(ILeverageVault.CancelTooEarly.selector, id, r0 + 1));
            v.cancelRequest(id);
            // time alone publishes nothing: still not settleable, nor cancellable
            vm.warp(block.timestamp + 30 minutes);
            assertEq(v.settleableRequests(), 0, "time without a round settles nothing");
            // its round comes, 3 % away: it settles there
            _publish(_favour(v, 300));
            assertEq(_settle(v, SETTLER).settled, 1, "settles at its round");
            _assertMintAtRound(v, 10_000 * USDC, _tokensOf(v, ALICE));
            vm.revertToState(snap);
        }
    }

    function test_roundPrice_aRequestMadeInTheBlockOfARoundWaitsForTheNextOne() public {
        LeverageVault v = vaults[0];
        _publish(200);
        uint256 id = _requestMint(v, ALICE, 10_000 * USDC); // same block as the round just published
        assertEq(v.getRequest(id).roundId, feed.latestRound() + 1, "the round it saw is not its round");
        assertEq(v.settleableRequests(), 0, "not settleable at the round it saw");
        _publish(-200);
        _settle(v, SETTLER);
        _assertMintAtRound(v, 10_000 * USDC, _tokensOf(v, ALICE));
    }

    // ---- a later round: refunded, never settled -----------------------------------------------------

    function test_roundPrice_aLaterRoundRefundsInFullInsteadOfSettling() public {
        for (uint256 i; i < 4; ++i) {
            LeverageVault v = vaults[i];
            uint256 snap = vm.snapshotState();
            uint256 tokens = _tokensOf(v, SEEDER) / 20;
            _give(v, BOB, tokens);
            uint256 mintId = _requestMint(v, ALICE, 10_000 * USDC);
            uint256 redeemId = _requestRedeem(v, BOB, tokens);
            _publish(_favour(v, 300)); // their round, nobody settles
            _publish(_favour(v, 300)); // a later round: they can no longer settle
            uint256 snap2 = vm.snapshotState();

            Settlement memory s = _settle(v, SETTLER);
            assertEq(s.settled + s.batches, 0, "a later round settles nothing");
            assertEq(s.refunded, 2, "both refunded");
            assertEq(usdc.balanceOf(ALICE), 10_000 * USDC, "the mint's collateral comes back, every unit");
            assertEq(_tokensOf(v, ALICE), 0, "no tokens at a later round's price");
            assertEq(_tokensOf(v, BOB), tokens, "the redeem's tokens come back, every unit");
            assertEq(usdc.balanceOf(BOB), 0, "no collateral at a later round's price");
            vm.revertToState(snap2);

            // the owners' cancels do the same
            vm.prank(ALICE);
            v.cancelRequest(mintId);
            vm.prank(BOB);
            v.cancelRequest(redeemId);
            assertEq(usdc.balanceOf(ALICE), 10_000 * USDC, "cancel: every unit back");
            assertEq(_tokensOf(v, BOB), tokens, "cancel: every token back");
            vm.expectRevert(abi.encodeWithSelector(ILeverageVault.RequestFinished.selector, mintId));
            vm.prank(ALICE);
            v.cancelRequest(mintId);
            vm.revertToState(snap);
        }
    }

    function test_roundPrice_afterSeveralRoundsEveryRequestComesBack() public {
        LeverageVault v = vaults[1];
        for (uint256 k; k < 3; ++k) {
            _requestMint(v, ALICE, 1_000 * USDC);
            _publish(-250);
        }
        _publish(250);
        _publish(250);
        Settlement memory s = _settle(v, SETTLER);
        assertEq(s.refunded, 3, "three missed rounds, three refunds");
        assertEq(s.settled, 0, "none settled at a later price");
        assertEq(usdc.balanceOf(ALICE), 3_000 * USDC, "every unit back");
        (uint256 c, uint256 t) = v.escrowed();
        assertEq(c + t, 0, "nothing left in escrow");
    }

    function test_roundPrice_aStaleRoundIsRefundedNotSettled() public {
        LeverageVault v = vaults[2];
        _requestMint(v, ALICE, 10_000 * USDC);
        _publish(300);
        vm.warp(block.timestamp + v.params().maxStaleness + 1);
        Settlement memory s = _settle(v, SETTLER);
        assertEq(s.settled, 0, "a stale round settles nothing");
        assertEq(usdc.balanceOf(ALICE), 10_000 * USDC, "every unit back");
    }

    // ---- interleaved with instant trades, rebalances and ripcords -----------------------------------

    /// A mint and a redeem request wait for r1; r1 moves the price against the token, out of the band (8 % for 3x, 18 %
    /// for 2x); a keeper rebalances, others mint and redeem instantly, all at r1; then the batch settles at r1's price.
    function test_roundPrice_instantTradesAndRebalancesDoNotMoveARequestsPrice() public {
        for (uint256 i; i < 4; ++i) {
            LeverageVault v = vaults[i];
            uint256 snap = vm.snapshotState();
            uint256 tokens = _tokensOf(v, SEEDER) / 20;
            _give(v, BOB, tokens);
            _requestMint(v, ALICE, 20_000 * USDC);
            _requestRedeem(v, BOB, tokens);
            _publish(_favour(v, v.targetLeverage() == 3e18 ? -800 : -1_800));
            uint256 navAtRound = v.nav();
            assertEq(uint256(v.rebalanceStatus()), uint256(ILeverageVault.Status.REBALANCE), "out of the band");
            v.rebalance();
            _mint(v, OTHER, 300_000 * USDC);
            _redeem(v, SEEDER, _tokensOf(v, SEEDER) / 3);
            assertApproxEqAbs(v.nav(), navAtRound, navAtRound / 500, "same round, same NAV (less trade fees)");
            Settlement memory s = _settle(v, SETTLER);
            assertEq(s.settled, 2, "both settle at their round, after everything else at it");
            assertEq(s.batches, 1, "in one batch");
            _assertMintAtRound(v, 20_000 * USDC, _tokensOf(v, ALICE));
            _assertRedeemAtRound(v, v.nav(), tokens, usdc.balanceOf(BOB));
            vm.revertToState(snap);
        }
    }

    /// r1 sends the vault to its ripcord: settling waits for it (RipcordFirst), the ripcord trades at r1, and the
    /// requests then settle at r1's price, not at the price a ripcord or a later round would give.
    function test_roundPrice_aRipcordGoesFirstAndTheRequestKeepsItsRound() public {
        for (uint256 i; i < 4; ++i) {
            LeverageVault v = vaults[i];
            uint256 snap = vm.snapshotState();
            _requestMint(v, ALICE, 20_000 * USDC);
            // to the ripcord: 3x needs about -17 %, 2x about -35 % (ripcord at target + 2)
            _publish(_favour(v, v.targetLeverage() == 3e18 ? -1_700 : -3_500));
            assertEq(uint256(v.rebalanceStatus()), uint256(ILeverageVault.Status.RIPCORD), "at the ripcord");
            vm.expectRevert(abi.encodeWithSelector(ILeverageVault.RipcordFirst.selector, v.leverage()));
            v.settle(10);
            while (v.rebalanceStatus() == ILeverageVault.Status.RIPCORD) v.ripcord();
            assertEq(_settle(v, SETTLER).settled, 1, "settles at its round once the ripcord is done");
            _assertMintAtRound(v, 20_000 * USDC, _tokensOf(v, ALICE));
            vm.revertToState(snap);
        }
    }

    /// Fuzz: any interleaving of rounds (up to +-4 %), requests, instant mints and redeems, rebalances, ripcords and
    /// settles by anyone: every batch settles at its own round's price (checked in _settle), and when it is all over
    /// every request has ended.
    /// hardhat-config: fuzz.runs = 300
    function testFuzz_roundPrice_noInterleavingSettlesAtAnotherRoundsPrice(uint256 seed, uint256 vaultSeed) public {
        LeverageVault v = vaults[vaultSeed % 4];
        for (uint256 step; step < 16; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            uint256 action = r % 7;
            if (action == 0) _publish(int256(bound(r >> 8, 0, 800)) - 400);
            else if (action == 1) _requestMint(v, ALICE, bound(r >> 8, 1, 50_000) * USDC);
            else if (action == 2 && _tokensOf(v, SEEDER) > 1e18) {
                _requestRedeem(v, SEEDER, bound(r >> 8, 1, _tokensOf(v, SEEDER) / 50));
            } else if (action == 3 && v.leverage() <= v.params().maxLeverage) {
                _mint(v, OTHER, bound(r >> 8, 1, 100_000) * USDC); // above the band an instant mint is refused
            } else if (action == 4 && _tokensOf(v, OTHER) != 0) _redeem(v, OTHER, _tokensOf(v, OTHER) / 2);
            else if (action == 5) _keeper(v);
            else if (
                action == 6 && v.settleableRequests() != 0 && v.rebalanceStatus() != ILeverageVault.Status.RIPCORD
            ) {
                _settle(v, address(uint160(0x5E770 + ((r >> 8) % 3))));
            }
        }
        _publish(0);
        _keeper(v);
        if (v.settleableRequests() != 0) _settle(v, SETTLER);
        _publish(0);
        if (v.settleableRequests() != 0) _settle(v, SETTLER);
        (uint256 c, uint256 t) = v.escrowed();
        assertEq(c + t, 0, "every request ended");
    }

    function _keeper(LeverageVault v) internal {
        ILeverageVault.Status st = v.rebalanceStatus();
        if (st == ILeverageVault.Status.RIPCORD) v.ripcord();
        else if (st != ILeverageVault.Status.NONE) v.rebalance();
    }
}
