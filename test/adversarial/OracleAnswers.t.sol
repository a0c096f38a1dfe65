// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MockPerpMarket} from "../../contracts/testnet/MockPerpMarket.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {VaultLens} from "../../contracts/VaultLens.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {IPerpMarket} from "../../contracts/interfaces/IPerpMarket.sol";
import {AdversarialBase} from "./AdversarialBase.sol";
import {RevertingFeed} from "../helpers/mocks/RevertingFeed.sol";

/// @notice Stale, zero, negative and stale-round oracle answers, and a feed that reverts: mint, redeem,
/// rebalance and ripcord refuse to act on them with the documented errors; status is NONE; nothing moves.
contract OracleAnswersTest is AdversarialBase {
    uint256 internal aliceTokens;

    function setUp() public {
        _setUpVaults(true);
        aliceTokens = _mint(longVault, ALICE, 10_000 * USDC);
        usdc.mint(ALICE, 10_000 * USDC);
        vm.prank(ALICE);
        usdc.approve(address(longVault), type(uint256).max);
        _move(-1_500); // leverage ~4.3x: REBALANCE wanted once the oracle is usable
    }

    function _expectAllRefused(bytes memory err) internal {
        vm.prank(ALICE);
        vm.expectRevert(err);
        longVault.mint(1_000 * USDC, 0, ALICE);
        vm.prank(ALICE);
        vm.expectRevert(err);
        longVault.redeem(aliceTokens, 0, ALICE);
        vm.expectRevert(err);
        longVault.rebalance();
        vm.expectRevert(err);
        longVault.ripcord();
        vm.expectRevert(err);
        longVault.performUpkeep("");
        assertTrue(uint8(longVault.rebalanceStatus()) == 0, "status NONE without a usable price");
        (bool needed, ) = longVault.checkUpkeep("");
        assertTrue(!needed, "no upkeep without a usable price");
    }

    function test_oracle_staleAnswerIsRefused() public {
        (, , , uint256 updatedAt, ) = feed.latestRoundData();
        vm.warp(updatedAt + 3_601); // maxStaleness 3,600 s
        _expectAllRefused(abi.encodeWithSelector(ILeverageVault.OracleStale.selector, updatedAt));
    }

    function test_oracle_answerAtTheStalenessLimitIsAccepted() public {
        (, , , uint256 updatedAt, ) = feed.latestRoundData();
        vm.warp(updatedAt + 3_600);
        assertTrue(uint8(longVault.rebalanceStatus()) == 1, "REBALANCE with an answer exactly maxStaleness old");
        longVault.rebalance();
    }

    function test_oracle_zeroAnswerIsRefused() public {
        feed.setPrice(0);
        _expectAllRefused(abi.encodeWithSelector(ILeverageVault.OracleInvalid.selector, int256(0)));
        vm.expectRevert(abi.encodeWithSelector(IPerpMarket.InvalidPrice.selector, int256(0)));
        market.markPrice();
    }

    function test_oracle_negativeAnswerIsRefused() public {
        feed.setPrice(-1);
        _expectAllRefused(abi.encodeWithSelector(ILeverageVault.OracleInvalid.selector, int256(-1)));
    }

    /// A new round whose answer was computed long ago (updatedAt in the past) is stale, not fresh.
    function test_oracle_staleRoundIsRefused() public {
        // literal times: under via-IR a local copy of block.timestamp may be re-read after vm.warp
        vm.warp(1_000_000);
        uint256 old = 1_000_000 - 2 hours;
        feed.setRoundData(54_000e8, old);
        _expectAllRefused(abi.encodeWithSelector(ILeverageVault.OracleStale.selector, old));
    }

    function test_oracle_recoveryRestoresEverything() public {
        feed.setPrice(0);
        feed.setPrice(51_000e8);
        assertTrue(uint8(longVault.rebalanceStatus()) == 1, "REBALANCE once a good answer is back");
        longVault.rebalance();
        vm.prank(ALICE);
        longVault.redeem(aliceTokens, 0, ALICE);
    }

    /// A feed that reverts: every vault action reverts with the feed's error and nothing moves; the lens,
    /// documented to never revert for one bad vault, still reports the healthy vaults.
    function test_oracle_revertingFeedBlocksActionsButNotTheLens() public {
        RevertingFeed bad = new RevertingFeed(60_000e8);
        MockPerpMarket badMarket = new MockPerpMarket(
            address(this),
            "BAD-USD",
            address(usdc),
            address(bad),
            5,
            500,
            250,
            100
        );
        market = badMarket;
        LeverageVault badVault = _deployVault("BAD3L", true, 3e18, _defaultParams(3e18), address(this), FEE_RECIPIENT);
        uint256 tokens = _mint(badVault, ALICE, 1_000 * USDC);
        bad.setDown(true);
        bytes memory err = abi.encodeWithSelector(RevertingFeed.FeedDown.selector);
        vm.prank(ALICE);
        vm.expectRevert(err);
        badVault.redeem(tokens, 0, ALICE);
        vm.prank(ALICE);
        vm.expectRevert(err);
        badVault.mint(1_000 * USDC, 0, ALICE);
        vm.expectRevert(err);
        badVault.rebalance();
        vm.expectRevert(err);
        badVault.equity();

        VaultLens lens = new VaultLens();
        address[] memory list = new address[](2);
        list[0] = address(longVault);
        list[1] = address(badVault);
        VaultLens.VaultState[] memory states = lens.getVaults(list);
        assertTrue(states[0].ok && states[0].equity == longVault.equity(), "the healthy vault is reported");
        assertTrue(!states[1].ok && states[1].equity == 0, "the vault with a reverting feed comes back not ok");
    }
}
