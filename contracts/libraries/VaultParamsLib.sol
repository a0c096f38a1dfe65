// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeverageVault} from "../interfaces/ILeverageVault.sol";

/// @title VaultParamsLib
/// @notice The hard caps governance moves inside. Checked wherever parameters are set.
library VaultParamsLib {
    uint256 internal constant MIN_TARGET_LEVERAGE = 1e18;
    uint256 internal constant MAX_TARGET_LEVERAGE = 10e18;
    /// @dev Below the mock market's 20x initial-margin limit, so a ripcord always fires before liquidation risk.
    uint256 internal constant MAX_RIPCORD_LEVERAGE = 15e18;
    uint256 internal constant MIN_REBALANCE_INTERVAL = 1 hours;
    uint256 internal constant MAX_REBALANCE_INTERVAL = 30 days;
    uint256 internal constant MAX_TWAP_COOLDOWN = 1 days;
    uint256 internal constant MIN_STALENESS = 1 minutes;
    uint256 internal constant MAX_STALENESS = 2 days;
    uint256 internal constant MIN_RECENTERING_SPEED = 0.05e18;
    uint256 internal constant MAX_RECENTERING_SPEED = 1e18;
    uint256 internal constant MAX_MANAGEMENT_FEE_RATE = 0.05e18; // 5% a year
    uint256 internal constant MAX_MINT_FEE_BPS = 100; // 1%
    uint256 internal constant MAX_REDEEM_FEE_BPS = 100; // 1%
    /// @dev Requests settle at the next round: their fee pays for the trade and the settler, not for front-running.
    uint256 internal constant MAX_REQUEST_FEE_BPS = 50; // 0.5%
    /// @dev The settle reward per request is at most one collateral unit: the ripcord reward's cap (1,000 units)
    /// divided by this.
    uint256 internal constant RIPCORD_TO_SETTLE_REWARD_CAP = 1_000;

    function checkTarget(uint256 target) internal pure {
        if (target < MIN_TARGET_LEVERAGE || target > MAX_TARGET_LEVERAGE) {
            revert ILeverageVault.InvalidParam("targetLeverage", target);
        }
    }

    /// @notice Reverts with `InvalidParam(name, value)` for the first parameter outside its cap.
    /// @dev Order: 0 < minLeverage <= target <= maxLeverage < ripcordLeverage <= 15x.
    function validate(ILeverageVault.VaultParams memory p, uint256 target, uint256 maxRipcordReward) internal pure {
        _check("minLeverage", p.minLeverage, p.minLeverage != 0 && p.minLeverage <= target);
        _check("maxLeverage", p.maxLeverage, p.maxLeverage >= target);
        _check(
            "ripcordLeverage",
            p.ripcordLeverage,
            p.ripcordLeverage > p.maxLeverage && p.ripcordLeverage <= MAX_RIPCORD_LEVERAGE
        );
        _check(
            "rebalanceInterval",
            p.rebalanceInterval,
            p.rebalanceInterval >= MIN_REBALANCE_INTERVAL && p.rebalanceInterval <= MAX_REBALANCE_INTERVAL
        );
        _check("twapCooldown", p.twapCooldown, p.twapCooldown <= MAX_TWAP_COOLDOWN);
        _check("maxStaleness", p.maxStaleness, p.maxStaleness >= MIN_STALENESS && p.maxStaleness <= MAX_STALENESS);
        _check(
            "recenteringSpeed",
            p.recenteringSpeed,
            p.recenteringSpeed >= MIN_RECENTERING_SPEED && p.recenteringSpeed <= MAX_RECENTERING_SPEED
        );
        _check("managementFeeRate", p.managementFeeRate, p.managementFeeRate <= MAX_MANAGEMENT_FEE_RATE);
        _check("mintFeeBps", p.mintFeeBps, p.mintFeeBps <= MAX_MINT_FEE_BPS);
        _check("redeemFeeBps", p.redeemFeeBps, p.redeemFeeBps <= MAX_REDEEM_FEE_BPS);
        _check("maxTradeSize", p.maxTradeSize, p.maxTradeSize != 0);
        _check("ripcordMaxTradeSize", p.ripcordMaxTradeSize, p.ripcordMaxTradeSize >= p.maxTradeSize);
        _check("ripcordReward", p.ripcordReward, p.ripcordReward <= maxRipcordReward);
        _check("collateralCap", p.collateralCap, p.collateralCap != 0);
        _check("requestMintFeeBps", p.requestMintFeeBps, p.requestMintFeeBps <= MAX_REQUEST_FEE_BPS);
        _check("requestRedeemFeeBps", p.requestRedeemFeeBps, p.requestRedeemFeeBps <= MAX_REQUEST_FEE_BPS);
        _check("settleReward", p.settleReward, p.settleReward <= maxRipcordReward / RIPCORD_TO_SETTLE_REWARD_CAP);
    }

    /// @notice `validate`, linked: what the vault calls (its constructor and `setParams`), so the checks are not
    /// inlined twice into its code (VaultDeployer holds the vault's init code under the size limit).
    function check(ILeverageVault.VaultParams memory p, uint256 target, uint256 maxRipcordReward) external pure {
        validate(p, target, maxRipcordReward);
    }

    function _check(bytes32 name, uint256 value, bool ok) private pure {
        if (!ok) revert ILeverageVault.InvalidParam(name, value);
    }
}
