// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {FeeMath} from "../../contracts/libraries/FeeMath.sol";
import {TestBase} from "../helpers/TestBase.sol";

/// @title FeeMath fuzz tests
contract FeeMathFuzzTest is TestBase {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant YEAR = 365 days;

    /// @notice The streaming fee never exceeds its rate: the recipient's share of the supply after minting
    /// fee = managementFeeTokensUp(S, rate, t) is at most rate x t / year plus the one token unit the rounding adds,
    /// i.e. fee x year x WAD <= rate x t x (S + fee) + year x WAD; and it is never below the rate on the old
    /// supply (fee x year x WAD >= S x rate x t). Supply up to 1e30, rate up to the 5% cap, up to 100 years.
    function test_fuzz_managementFeeWithinRate(uint256 supply, uint256 rate, uint256 elapsed) public pure {
        supply = bound(supply, 0, 1e30);
        rate = bound(rate, 0, 0.05e18);
        elapsed = bound(elapsed, 0, 100 * YEAR);

        uint256 fee = FeeMath.managementFeeTokensUp(supply, rate, elapsed);

        assertLe(fee * YEAR * WAD, rate * elapsed * (supply + fee) + YEAR * WAD, "feeMath: share above rate");
        assertGe(fee * YEAR * WAD, supply * rate * elapsed, "feeMath: fee rounded down");
    }

    /// @notice bpsUp rounds up by less than one unit: amount x bps <= fee x 10_000 < amount x bps + 10_000.
    function test_fuzz_bpsUpRoundsUp(uint256 amount, uint256 bps) public pure {
        amount = bound(amount, 0, 1e30);
        bps = bound(bps, 0, 10_000);
        uint256 fee = FeeMath.bpsUp(amount, bps);
        assertGe(fee * 10_000, amount * bps, "bpsUp: rounded down");
        assertLe(fee * 10_000, amount * bps + 9_999, "bpsUp: rounded up by a unit or more");
    }

    /// @notice ripcordRewardDown is the configured reward, never above 1% of equity (rounded down) nor the maximum.
    function test_fuzz_ripcordRewardDownRespectsEveryCap(
        uint256 configured,
        uint256 equity,
        uint256 maxReward
    ) public pure {
        configured = bound(configured, 0, 1e30);
        equity = bound(equity, 0, 1e30);
        maxReward = bound(maxReward, 0, 1e30);
        uint256 reward = FeeMath.ripcordRewardDown(configured, equity, maxReward);
        assertLe(reward, configured, "ripcordRewardDown: above the configured reward");
        assertLe(reward, maxReward, "ripcordRewardDown: above the maximum");
        assertLe(reward * 10_000, equity * 100, "ripcordRewardDown: above 1% of equity");
        uint256 onePct = equity / 100;
        uint256 want = configured < onePct ? configured : onePct;
        assertEq(reward, want < maxReward ? want : maxReward, "ripcordRewardDown: not the smallest cap");
    }

    /// @notice ripcordRewardCappedDown never pays more than half the equity share of the cut less its fee (so paying
    /// it always lowers leverage: at most half of the step is taken back), never more than offered, and nothing when
    /// the position does not shrink.
    function test_fuzz_ripcordRewardCappedDownAlwaysLowersLeverage(
        uint256 reward,
        uint256 equity,
        uint256 absSize,
        uint256 newAbsSize,
        uint256 tradeFee
    ) public pure {
        reward = bound(reward, 0, 1e30);
        equity = bound(equity, 0, 1e30);
        absSize = bound(absSize, 1, 1e36);
        newAbsSize = bound(newAbsSize, 0, 2e36);
        tradeFee = bound(tradeFee, 0, 1e30);
        uint256 paid = FeeMath.ripcordRewardCappedDown(reward, equity, absSize, newAbsSize, tradeFee);
        assertLe(paid, reward, "ripcordRewardCappedDown: above the offer");
        if (newAbsSize >= absSize) {
            assertEq(paid, 0, "ripcordRewardCappedDown: paid without a cut");
            return;
        }
        // (2 paid + fee) / equity <= cut / absSize: the equity leaving is at most half-way to a share as large as
        // the position leaving (the whole way would leave leverage unchanged)
        if (paid != 0) {
            assertLe(
                (2 * paid + tradeFee) * absSize,
                equity * (absSize - newAbsSize),
                "ripcordRewardCappedDown: takes back more than half the step"
            );
        }
    }

    /// @notice ripcordRewardForStepDown pays the share of the distance to target the step covers: a step all the way
    /// (or past it) earns the whole reward, none when leverage does not fall, and paid x (L - T) <= reward x dL.
    function test_fuzz_ripcordRewardForStepDownIsProportional(
        uint256 reward,
        uint256 levBefore,
        uint256 levAfter,
        uint256 target
    ) public pure {
        reward = bound(reward, 0, 1e30);
        target = bound(target, 1e18, 10e18);
        levBefore = bound(levBefore, 0, 100e18);
        levAfter = bound(levAfter, 0, 100e18);
        uint256 paid = FeeMath.ripcordRewardForStepDown(reward, levBefore, levAfter, target);
        if (levAfter >= levBefore || levBefore <= target) {
            assertEq(paid, 0, "ripcordRewardForStepDown: paid without a step toward target");
            return;
        }
        if (levAfter <= target) {
            assertEq(paid, reward, "ripcordRewardForStepDown: a full step earns the reward");
            return;
        }
        assertLe(paid * (levBefore - target), reward * (levBefore - levAfter), "ripcordRewardForStepDown: above share");
        assertGe((paid + 1) * (levBefore - target), reward * (levBefore - levAfter), "ripcordRewardForStepDown: low");
    }

    /// @notice The step rule on figures: 5.08x to 5.07x on a 3x token pays 1,000 x 0.01 / 2.08 = 4.807692.
    function test_ripcordRewardForStepDown_issueFigure() public pure {
        assertEq(FeeMath.ripcordRewardForStepDown(1_000e6, 5.08e18, 5.07e18, 3e18), 4_807_692, "4.807692 USDC");
    }

    /// @notice bpsAtLeverageUp: the flat fee at or below target, x L / target inside the band, the band-top fee above
    /// it (68 bps on 100,000: 680 at 3x and 2.5x, 793.34 at 3.5x, rounded up from 793.333..., 793.34 at 5x).
    function test_bpsAtLeverageUp_scalesInsideTheBandOnly() public pure {
        uint256 a = 100_000e6;
        assertEq(FeeMath.bpsAtLeverageUp(a, 68, 2.5e18, 3e18, 3.5e18), 680e6, "below target: flat");
        assertEq(FeeMath.bpsAtLeverageUp(a, 68, 3e18, 3e18, 3.5e18), 680e6, "at target: flat");
        assertEq(FeeMath.bpsAtLeverageUp(a, 68, 3.5e18, 3e18, 3.5e18), 793_333_334, "band top: x 3.5 / 3, up");
        assertEq(FeeMath.bpsAtLeverageUp(a, 68, 5e18, 3e18, 3.5e18), 793_333_334, "above the band: the band top's");
    }

    /// @notice bpsAtLeverageUp rounds up by less than one unit and never charges less than the flat fee.
    function test_fuzz_bpsAtLeverageUpRoundsUp(uint256 amount, uint256 bps, uint256 lev, uint256 maxLev) public pure {
        amount = bound(amount, 0, 1e30);
        bps = bound(bps, 0, 100);
        maxLev = bound(maxLev, 3e18, 15e18);
        lev = bound(lev, 0, 100e18);
        uint256 fee = FeeMath.bpsAtLeverageUp(amount, bps, lev, 3e18, maxLev);
        uint256 scale = lev < 3e18 ? 3e18 : (lev > maxLev ? maxLev : lev);
        assertGe(fee * 10_000 * 3e18, amount * bps * scale, "bpsAtLeverageUp: rounded down");
        assertLe(fee * 10_000 * 3e18, amount * bps * scale + 10_000 * 3e18 - 1, "bpsAtLeverageUp: up by a unit");
        assertGe(fee, FeeMath.bpsUp(amount, bps), "bpsAtLeverageUp: below the flat fee");
    }
}
