// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {FeeMath} from "../../contracts/libraries/FeeMath.sol";
import {TestBase} from "../helpers/TestBase.sol";

/// @title FeeMath fuzz tests
contract FeeMathFuzzTest is TestBase {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant YEAR = 365 days;

    /// @notice The streaming fee never exceeds its rate: the recipient's share of the supply after minting
    /// fee = managementFeeTokens(S, rate, t) is at most rate x t / year plus the one token unit the rounding adds,
    /// i.e. fee x year x WAD <= rate x t x (S + fee) + year x WAD; and it is never below the rate on the old
    /// supply (fee x year x WAD >= S x rate x t). Supply up to 1e30, rate up to the 5% cap, up to 100 years.
    function test_fuzz_managementFeeWithinRate(uint256 supply, uint256 rate, uint256 elapsed) public pure {
        supply = bound(supply, 0, 1e30);
        rate = bound(rate, 0, 0.05e18);
        elapsed = bound(elapsed, 0, 100 * YEAR);

        uint256 fee = FeeMath.managementFeeTokens(supply, rate, elapsed);

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
}
