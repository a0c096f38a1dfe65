// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {BPS, WAD} from "./Constants.sol";

/// @title FeeMath
/// @notice Every fee and reward Lever charges or pays, in one place. Fees round up (the payer never pays less
/// than the rate); the ripcord reward rounds down (the vault never pays more than its cap).
library FeeMath {
    uint256 internal constant YEAR = 365 days;
    /// @dev Ripcord reward cap as a share of equity, bps (1%).
    uint256 internal constant MAX_RIPCORD_REWARD_BPS = 100;

    /// @notice `amount` x `bps` / 10_000, rounded up (fee in the vault's favour).
    function bpsUp(uint256 amount, uint256 bps) internal pure returns (uint256) {
        return Math.mulDiv(amount, bps, BPS, Math.Rounding.Ceil);
    }

    /// @notice `amount` x `bps` scaled by the leverage the action happens at, rounded up: `bps` x L / target, where
    /// L is `leverage` clamped to [target, maxLeverage]. An instant mint or redeem gains or loses L times an oracle
    /// move, so the fee that prices out front-running one update at target must grow with L above it (below
    /// target the flat fee already covers less exposure). The clamp keeps holders leaving a vault above its band
    /// (RIPCORD) at the fee of `maxLeverage`; no instant mint happens above it, so no front-run exits above it.
    function bpsAtLeverageUp(
        uint256 amount,
        uint256 bps,
        uint256 leverage,
        uint256 target,
        uint256 maxLeverage
    ) internal pure returns (uint256) {
        uint256 scale = Math.min(Math.max(leverage, target), maxLeverage);
        return Math.mulDiv(amount, bps * scale, BPS * target, Math.Rounding.Ceil);
    }

    /// @notice Taker fee on a trade of `absSize` (WAD base) at `price` (WAD), in collateral units, rounded up.
    /// @dev Notional rounds up and the fee rounds up: the trader pays at least the rate.
    /// `unit` = 1e36 / 10^collateralDecimals converts size x price to collateral units.
    function takerFeeUp(uint256 absSize, uint256 price, uint256 unit, uint256 feeBps) internal pure returns (uint256) {
        if (absSize == 0 || feeBps == 0) return 0;
        return bpsUp(Math.mulDiv(absSize, price, unit, Math.Rounding.Ceil), feeBps);
    }

    /// @notice Tokens to mint to the fee recipient for `elapsed` seconds of a `ratePerYear` (WAD) streaming fee.
    /// @dev supply x rate x elapsed / year, rounded up (fee in the vault's favour). The recipient's share of
    /// the new supply is shares / (supply + shares) < rate x elapsed / year before rounding, so the fee never
    /// exceeds its rate by more than the one token unit the rounding adds.
    function managementFeeTokensUp(
        uint256 supply,
        uint256 ratePerYear,
        uint256 elapsed
    ) internal pure returns (uint256) {
        if (supply == 0 || ratePerYear == 0 || elapsed == 0) return 0;
        return Math.mulDiv(supply, ratePerYear * elapsed, WAD * YEAR, Math.Rounding.Ceil);
    }

    /// @notice The ripcord reward offered before the trade: the configured `ripcordReward`, never more than 1% of
    /// `equity` (rounded down) nor `maxReward`.
    function ripcordRewardDown(
        uint256 ripcordReward,
        uint256 equity,
        uint256 maxReward
    ) internal pure returns (uint256 reward) {
        reward = Math.min(ripcordReward, Math.mulDiv(equity, MAX_RIPCORD_REWARD_BPS, BPS));
        if (reward > maxReward) reward = maxReward;
    }

    /// @notice `reward` for the step a ripcord call takes, rounded down: in proportion to the leverage the trade
    /// removes, `reward` x (levBefore - levAfter) / (levBefore - target), levAfter being the leverage after the
    /// trade and its fee, before the reward; 0 when leverage does not fall. A call that goes all the way to target
    /// earns `reward`; the calls of a chunked ripcord together earn about
    /// `reward` x ln((L0 - target) / (ripcordLeverage - target)) before the status leaves RIPCORD (4 % of it from
    /// 5.08x on a 3x token with its ripcord at 5x), never `reward` per chunk.
    function ripcordRewardForStepDown(
        uint256 reward,
        uint256 levBefore,
        uint256 levAfter,
        uint256 target
    ) internal pure returns (uint256) {
        if (levAfter >= levBefore || levBefore <= target) return 0;
        return Math.mulDiv(reward, Math.min(levBefore - levAfter, levBefore - target), levBefore - target);
    }

    /// @notice `reward` capped so that paying it keeps at least half of the step: at most half of the equity share
    /// of the position cut from `absSize` to `newAbsSize` (rounded down), less that cut's `tradeFee` (the whole of
    /// that would leave leverage unchanged); 0 when nothing is cut. So every paid ripcord lowers leverage.
    /// @dev A small chunk at very high leverage pays a small reward, so the ripcord stays callable above the
    /// market's initial-margin limit.
    function ripcordRewardCappedDown(
        uint256 reward,
        uint256 equity,
        uint256 absSize,
        uint256 newAbsSize,
        uint256 tradeFee
    ) internal pure returns (uint256) {
        uint256 share = newAbsSize < absSize ? Math.mulDiv(equity, absSize - newAbsSize, absSize) : 0;
        return share > tradeFee ? Math.min(reward, (share - tradeFee) / 2) : 0;
    }
}
