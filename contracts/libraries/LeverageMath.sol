// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {BPS, WAD} from "./Constants.sol";

/// @title LeverageMath
/// @notice Position sizing: notional, leverage, re-centering, pro-rata sizes and the fee-aware size that lands
/// exactly on a target.
/// @dev Sizes are WAD base units, prices WAD, notionals and equity collateral units.
/// `unit` = 1e36 / 10^collateralDecimals, so that notional = size x price / unit.
library LeverageMath {
    /// @notice Collateral value of `absSize` at `price`, rounded down.
    function notionalDown(uint256 absSize, uint256 price, uint256 unit) internal pure returns (uint256) {
        return Math.mulDiv(absSize, price, unit);
    }

    /// @notice Position size worth `notional` at `price`, rounded down (never trades more than asked).
    function sizeDown(uint256 notional, uint256 price, uint256 unit) internal pure returns (uint256) {
        return Math.mulDiv(notional, unit, price);
    }

    /// @notice notional / equity in WAD, rounded down; type(uint256).max with a position and no equity.
    function leverageDown(uint256 notional, uint256 equity) internal pure returns (uint256) {
        if (notional == 0) return 0;
        if (equity == 0) return type(uint256).max;
        return Math.mulDiv(notional, WAD, equity);
    }

    /// @notice `lev` moved the fraction `speed` (WAD) of the way to `target`; the step rounds down, so the result
    /// never passes the exact point (it lies between `lev` and it).
    function recenterDown(uint256 lev, uint256 target, uint256 speed) internal pure returns (uint256) {
        return lev > target ? lev - Math.mulDiv(lev - target, speed, WAD) : lev + Math.mulDiv(target - lev, speed, WAD);
    }

    /// @notice `absSize` x `part` / `whole`, rounded down: the slice of a position that a pro-rata mint or redeem
    /// trades, never larger than its share.
    function proRataSizeDown(uint256 absSize, uint256 part, uint256 whole) internal pure returns (uint256) {
        return Math.mulDiv(absSize, part, whole);
    }

    /// @notice The notional N* at which leverage equals `lev` after paying the taker fee on |N* - N|, rounded down.
    /// @dev Growing:   N* = lev (E - (N* - N) f)  =>  N* = lev (E + N f) / (1 + lev f)
    ///      Shrinking: N* = lev (E - (N - N*) f)  =>  N* = lev (E - N f) / (1 - lev f)
    /// At most one of the two is consistent with its own direction (the first is >= N exactly when
    /// lev E >= N), so we try growing first. Rounds down; requires lev x f < 1 (caps in code ensure it).
    function targetNotionalDown(
        uint256 equity,
        uint256 notional,
        uint256 lev,
        uint256 feeBps
    ) internal pure returns (uint256) {
        uint256 f = feeBps * (WAD / BPS); // fee rate, WAD
        uint256 levFee = Math.mulDiv(lev, f, WAD);
        uint256 grow = Math.mulDiv(lev, equity + Math.mulDiv(notional, f, WAD), WAD + levFee);
        if (grow >= notional) return grow;
        uint256 closingFee = Math.mulDiv(notional, f, WAD, Math.Rounding.Ceil);
        if (closingFee >= equity) return 0;
        return Math.mulDiv(lev, equity - closingFee, WAD - levFee);
    }
}
