// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LeverageMath} from "../../contracts/libraries/LeverageMath.sol";
import {TestBase} from "../helpers/TestBase.sol";

/// @title LeverageMath fuzz tests
contract LeverageMathFuzzTest is TestBase {
    uint256 internal constant WAD = 1e18;

    /// @notice targetNotionalDown really lands on target after the fee. With N* = targetNotionalDown(E, N, lev, f) and the
    /// market's fee on the trade, fee = ceil(|N* - N| x f / 10_000), the new leverage N* / (E - fee) is lev:
    /// N* = floor(lev x (E - fee)) up to rounding. Rounding budget, in collateral units: the library floors N x f and
    /// its result (< 2 units, scaled by lev), the market rounds the fee up (< 1 unit + f x the library's error,
    /// scaled by lev), so |N* - lev x (E - fee)| <= 2 lev + 2. Equity 1 USDC to 1e9 USDC, existing notional 0 to
    /// 20x equity, lev 1x..10x (the target caps), fee 0..100 bps (the market's cap).
    function test_fuzz_targetNotionalLandsOnTargetAfterFee(
        uint256 equity,
        uint256 notional,
        uint256 lev,
        uint256 feeBps
    ) public pure {
        equity = bound(equity, 1e6, 1e15);
        notional = bound(notional, 0, equity * 20);
        lev = bound(lev, 1e18, 10e18);
        feeBps = bound(feeBps, 0, 100);

        uint256 goal = LeverageMath.targetNotionalDown(equity, notional, lev, feeBps);

        uint256 traded = goal > notional ? goal - notional : notional - goal;
        uint256 fee = (traded * feeBps + 9_999) / 10_000;
        assertLe(fee, equity, "targetNotional: fee exceeds equity");
        uint256 landed = (lev * (equity - fee)) / WAD;
        uint256 tolerance = (2 * lev) / WAD + 2;
        assertApproxEqAbs(goal, landed, tolerance, "targetNotional: not at lev after the fee");
        // It trades in the right direction (up when lev x E exceeds N, down when below), up to the same rounding:
        // at target (lev x E = N within a unit) it may step one unit the wrong way.
        if (lev * equity > notional * WAD)
            assertGe(goal + tolerance, notional, "targetNotional: shrank when it should grow");
        if (lev * equity < notional * WAD)
            assertLe(goal, notional + tolerance, "targetNotional: grew when it should shrink");
    }

    /// @notice leverage is notional / equity in WAD, rounded down: lev x equity <= notional x WAD < (lev + 1) x equity.
    function test_fuzz_leverageRoundsDown(uint256 notional, uint256 equity) public pure {
        notional = bound(notional, 1, 1e18);
        equity = bound(equity, 1, 1e18);
        uint256 lev = LeverageMath.leverageDown(notional, equity);
        assertLe(lev * equity, notional * WAD, "leverage: rounded up");
        assertGe((lev + 1) * equity, notional * WAD + 1, "leverage: off by more than one unit");
    }

    /// @notice sizeDown never buys more notional than asked: notionalDown(sizeDown(n)) <= n.
    function test_fuzz_sizeDownNeverExceedsNotional(uint256 notional, uint256 price) public pure {
        notional = bound(notional, 0, 1e18);
        price = bound(price, 1e15, 1e24); // $0.001 .. $1M, WAD
        uint256 unit = 1e30; // 6-decimal collateral
        uint256 size = LeverageMath.sizeDown(notional, price, unit);
        assertLe(LeverageMath.notionalDown(size, price, unit), notional, "sizeDown: more notional than asked");
    }

    /// @notice proRataSizeDown rounds down: never above the exact absSize x part / whole, less than one unit below
    /// it, and the whole position for part == whole.
    function test_fuzz_proRataSizeDownRoundsDown(uint256 absSize, uint256 part, uint256 whole) public pure {
        absSize = bound(absSize, 0, 1e36);
        whole = bound(whole, 1, 1e36);
        part = bound(part, 0, whole);
        uint256 size = LeverageMath.proRataSizeDown(absSize, part, whole);
        assertLe(size * whole, absSize * part, "proRataSizeDown: above the exact slice");
        assertTrue((size + 1) * whole > absSize * part, "proRataSizeDown: more than one unit below the exact slice");
        assertEq(LeverageMath.proRataSizeDown(absSize, whole, whole), absSize, "proRataSizeDown: whole != all");
    }

    /// @notice recenterDown lands between `lev` and `target`, no further than the exact fraction `speed` of the way,
    /// and on `target` for speed 1.
    function test_fuzz_recenterDownStaysBetweenAndShort(uint256 lev, uint256 target, uint256 speed) public pure {
        lev = bound(lev, 0, 1e21);
        target = bound(target, 1e18, 10e18);
        speed = bound(speed, 0.05e18, 1e18);
        uint256 aim = LeverageMath.recenterDown(lev, target, speed);
        uint256 gap = lev > target ? lev - target : target - lev;
        uint256 moved = aim > lev ? aim - lev : lev - aim;
        assertLe(moved * 1e18, gap * speed, "recenterDown: moved more than the exact fraction");
        assertTrue((moved + 1) * 1e18 > gap * speed, "recenterDown: moved more than one unit less than the fraction");
        if (lev > target) assertTrue(aim <= lev && aim >= target, "recenterDown: left [target, lev]");
        else assertTrue(aim >= lev && aim <= target, "recenterDown: left [lev, target]");
        assertEq(LeverageMath.recenterDown(lev, target, 1e18), target, "recenterDown: speed 1 misses the target");
    }
}
