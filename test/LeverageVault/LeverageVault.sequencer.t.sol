// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {ILeveragedTokenFactory} from "../../contracts/interfaces/ILeveragedTokenFactory.sol";
import {MockPriceFeed} from "../../contracts/testnet/MockPriceFeed.sol";
import {LeverFixture} from "../helpers/LeverFixture.sol";

/// @notice I-3 (issue 11, docs/security.md): on an L2, a vault created with Chainlink's sequencer-uptime feed
/// (answer 0 up, 1 down, `startedAt` when that status began) refuses every price while the sequencer is down and for
/// `SEQUENCER_GRACE_PERIOD` (1 h) after it is back, with `SequencerUnavailable(answer, startedAt)`; its status is NONE
/// meanwhile. A MockPriceFeed stands in for the uptime feed (`setRoundData(answer, startedAt)`).
contract LeverageVaultSequencerTest is LeverFixture {
    uint256 internal constant GRACE = 1 hours;
    MockPriceFeed internal uptime;
    LeverageVault internal vault;

    function setUp() public {
        _setUpFactory();
        uptime = new MockPriceFeed(address(this), "L2 Sequencer Uptime Status Feed", 0);
        uptime.setRoundData(0, START - 1 days); // up for a day
        (, address v) = factory.createLeveragedToken(
            ILeveragedTokenFactory.CreateParams({
                name: "BTC 3x Long L2",
                symbol: "BTC3L2",
                market: address(market),
                isLong: true,
                targetLeverage: 3e18,
                params: _defaultParams(),
                sequencerUptimeFeed: address(uptime)
            })
        );
        vault = LeverageVault(v);
        _mint(vault, ALICE, 100_000 * USDC);
        _mint(longVault, ALICE, 100_000 * USDC);
    }

    function _mintAsBob() internal returns (uint256) {
        usdc.mint(BOB, 1_000 * USDC);
        vm.prank(BOB);
        usdc.approve(address(vault), 1_000 * USDC);
        vm.prank(BOB);
        return vault.mint(1_000 * USDC, 0, BOB);
    }

    function _expectUnavailable(int256 answer, uint256 startedAt) internal {
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.SequencerUnavailable.selector, answer, startedAt));
    }

    function test_sequencer_factoryPassesTheFeedThrough() public view {
        assertTrue(vault.sequencerUptimeFeed() == address(uptime), "the vault checks the feed it was created with");
        assertTrue(longVault.sequencerUptimeFeed() == address(0), "zero: none");
    }

    function test_sequencer_down_refusesPricesAndStatusIsNone() public {
        feed.setPrice((feed.latestAnswer() * 83) / 100); // 5.08x: RIPCORD
        assertEq(uint256(vault.rebalanceStatus()), uint256(ILeverageVault.Status.RIPCORD), "RIPCORD while up");
        uint256 downAt = START;
        uptime.setRoundData(1, downAt);
        assertEq(uint256(vault.rebalanceStatus()), 0, "NONE while the sequencer is down");
        (bool needed, ) = vault.checkUpkeep("");
        assertTrue(!needed, "no upkeep while down");
        _expectUnavailable(1, downAt);
        vault.ripcord();
        _expectUnavailable(1, downAt);
        vm.prank(ALICE);
        vault.redeem(1e18, 0, ALICE);
        assertEq(
            uint256(longVault.rebalanceStatus()),
            uint256(ILeverageVault.Status.RIPCORD),
            "an L1 vault is not affected"
        );
    }

    function test_sequencer_backUp_refusedForTheGracePeriodThenUsable() public {
        uptime.setRoundData(1, START);
        uint256 upAt = START + 10 minutes; // a literal: via-IR may re-read block.timestamp after a warp
        vm.warp(upAt);
        uptime.setRoundData(0, upAt);
        feed.setPrice(feed.latestAnswer()); // a fresh price: only the sequencer stands in the way
        _expectUnavailable(0, upAt);
        this.mintAsBob();
        vm.warp(upAt + GRACE - 1);
        feed.setPrice(feed.latestAnswer());
        _expectUnavailable(0, upAt);
        this.mintAsBob();
        vm.warp(upAt + GRACE);
        feed.setPrice(feed.latestAnswer());
        assertTrue(this.mintAsBob() != 0, "usable once up for the grace period");
    }

    /// @dev External, so `expectRevert` applies to the whole mint.
    function mintAsBob() external returns (uint256) {
        return _mintAsBob();
    }

    function test_sequencer_uninitialisedFeed_isTreatedAsDown() public {
        uptime.setRoundData(0, 0); // Arbitrum's feed before initialisation answers startedAt 0
        _expectUnavailable(0, 0);
        vm.prank(ALICE);
        vault.redeem(1e18, 0, ALICE);
        assertEq(uint256(vault.rebalanceStatus()), 0, "NONE");
    }
}
