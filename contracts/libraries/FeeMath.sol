// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title FeeMath
/// @notice Every fee Lever charges, in one place. All fees round up: the payer never pays less than the rate.
library FeeMath {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant WAD = 1e18;
    uint256 internal constant YEAR = 365 days;

    /// @notice `amount` x `bps` / 10_000, rounded up (fee in the vault's favour).
    function bpsUp(uint256 amount, uint256 bps) internal pure returns (uint256) {
        return Math.mulDiv(amount, bps, BPS, Math.Rounding.Ceil);
    }

    /// @notice Taker fee on a trade of `absSize` (WAD base) at `price` (WAD), in collateral units.
    /// @dev Notional rounds up and the fee rounds up: the trader pays at least the rate.
    /// `unit` = 1e36 / 10^collateralDecimals converts size x price to collateral units.
    function takerFee(uint256 absSize, uint256 price, uint256 unit, uint256 feeBps) internal pure returns (uint256) {
        if (absSize == 0 || feeBps == 0) return 0;
        return bpsUp(Math.mulDiv(absSize, price, unit, Math.Rounding.Ceil), feeBps);
    }

    /// @notice Tokens to mint to the fee recipient for `elapsed` seconds of a `ratePerYear` (WAD) streaming fee.
    /// @dev supply x rate x elapsed / year, rounded up (fee in the vault's favour). The recipient's share of
    /// the new supply is shares / (supply + shares) < rate x elapsed / year before rounding, so the fee never
    /// exceeds its rate by more than the one token unit the rounding adds.
    function managementFeeTokens(uint256 supply, uint256 ratePerYear, uint256 elapsed) internal pure returns (uint256) {
        if (supply == 0 || ratePerYear == 0 || elapsed == 0) return 0;
        return Math.mulDiv(supply, ratePerYear * elapsed, WAD * YEAR, Math.Rounding.Ceil);
    }
}
