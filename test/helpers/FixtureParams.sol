// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {MockPerpMarket} from "../../contracts/testnet/MockPerpMarket.sol";

/// @notice The market and vault parameters every Solidity suite starts from (unit, fuzz, invariant, adversarial,
/// bad-input): one table, so the suites cannot drift apart.
/// @dev These are deploy/config/defaults.ts except the mint and redeem fees: 10 bps here, where the deployed
/// defaults charge 68 bps (3x) / 45 bps (2x) to price out oracle front-running (docs/security.md F-2). The suites'
/// documented figures were measured at 10 bps; OracleFrontRun.t.sol sets the deployed fees itself.
library FixtureParams {
    uint256 internal constant USDC = 1e6;
    int256 internal constant BTC_PRICE = 60_000e8;
    uint16 internal constant TAKER_FEE_BPS = 5;
    uint16 internal constant INITIAL_MARGIN_BPS = 500; // 20x
    uint16 internal constant MAINTENANCE_MARGIN_BPS = 250;
    uint16 internal constant LIQUIDATION_PENALTY_BPS = 100;

    /// @notice Band [target - 0.5, target + 0.5], ripcord at target + 2, 24 h interval, 60 s cooldown, 1 h staleness,
    /// full re-centering, 2 %/year streaming fee, 10 bps mint and redeem fees, 5M / 10M USDC trade sizes, 10 USDC
    /// ripcord reward, 10M USDC collateral cap,
    /// 10 bps request fees each side and a 0.1 USDC settle reward.
    function vaultParams(uint256 target) internal pure returns (ILeverageVault.VaultParams memory p) {
        p.minLeverage = uint80(target - 0.5e18);
        p.maxLeverage = uint80(target + 0.5e18);
        p.rebalanceInterval = 1 days;
        p.twapCooldown = 60;
        p.maxStaleness = 3600;
        p.ripcordLeverage = uint80(target + 2e18);
        p.recenteringSpeed = 1e18;
        p.managementFeeRate = 0.02e18;
        p.mintFeeBps = 10;
        p.redeemFeeBps = 10;
        p.maxTradeSize = uint128(5_000_000 * USDC);
        p.ripcordMaxTradeSize = uint128(10_000_000 * USDC);
        p.ripcordReward = uint128(10 * USDC);
        p.collateralCap = uint128(10_000_000 * USDC);
        p.requestMintFeeBps = 10;
        p.requestRedeemFeeBps = 10;
        p.settleReward = uint128(USDC / 10);
    }

    /// @notice The BTC-USD mock market of the suites (fees and margins above), owned by the caller.
    function newMarket(address usdc, address feed) internal returns (MockPerpMarket) {
        return
            new MockPerpMarket(
                address(this),
                "BTC-USD",
                usdc,
                feed,
                TAKER_FEE_BPS,
                INITIAL_MARGIN_BPS,
                MAINTENANCE_MARGIN_BPS,
                LIQUIDATION_PENALTY_BPS
            );
    }
}
