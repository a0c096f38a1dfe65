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

    /// @notice ripcordRewardCappedDown never pays more than the equity share of the cut less its fee (so paying it
    /// never raises leverage), never more than offered, and nothing when the position does not shrink.
    function test_fuzz_ripcordRewardCappedDownNeverRaisesLeverage(
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
        // (paid + fee) / equity <= cut / absSize: the equity leaving is no larger a share than the position leaving
        if (paid != 0) {
            assertLe(
                (paid + tradeFee) * absSize,
                equity * (absSize - newAbsSize),
                "ripcordRewardCappedDown: raises leverage"
            );
        }
    }
}
