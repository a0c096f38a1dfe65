// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MockUSDC} from "../../contracts/mocks/MockUSDC.sol";
import {MockPriceFeed} from "../../contracts/mocks/MockPriceFeed.sol";
import {MockPerpMarket} from "../../contracts/mocks/MockPerpMarket.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {TokenDeployer} from "../../contracts/deployers/TokenDeployer.sol";

/// @notice Stands up one mock market (BTC-USD at 60,000, taker fee 5 bps, IM 5 %, MM 2.5 %, penalty 1 %)
/// and vaults on it with the default parameters of deploy/config/defaults.ts, without Ignition, for the
/// Solidity suites (invariant, adversarial, bad-input).
abstract contract LeverFixture {
    int256 internal constant BTC_PRICE = 60_000e8;
    uint256 internal constant USDC = 1e6;

    MockUSDC internal usdc;
    MockPriceFeed internal feed;
    MockPerpMarket internal market;
    TokenDeployer internal tokenDeployer;

    /// @dev Defaults: band [target-0.5, target+0.5], ripcord at 5x (3x tokens), 24 h interval, 60 s cooldown,
    /// 1 h staleness, full re-centering, 2 %/year streaming fee, 10 bps mint and redeem fees.
    function _defaultParams(uint256 target) internal pure returns (ILeverageVault.VaultParams memory p) {
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
    }

    /// @dev Deploys collateral, feed and market owned by `owner`, with `liquidity` in the pool.
    function _deployMarket(address owner, uint256 liquidity) internal {
        usdc = new MockUSDC(address(this));
        feed = new MockPriceFeed(address(this), "BTC / USD", BTC_PRICE);
        market = new MockPerpMarket(address(this), "BTC-USD", address(usdc), address(feed), 5, 500, 250, 100);
        tokenDeployer = new TokenDeployer();
        if (liquidity != 0) {
            usdc.mint(address(this), liquidity);
            usdc.approve(address(market), liquidity);
            market.supplyLiquidity(liquidity);
        }
        if (owner != address(this)) {
            feed.transferOwnership(owner);
            market.transferOwnership(owner);
            usdc.transferOwnership(owner);
        }
    }

    function _deployVault(
        string memory symbol,
        bool isLong,
        uint256 target,
        ILeverageVault.VaultParams memory p,
        address admin,
        address feeRecipient
    ) internal returns (LeverageVault) {
        return new LeverageVault(
            LeverageVault.InitConfig({
                name: symbol,
                symbol: symbol,
                market: address(market),
                isLong: isLong,
                targetLeverage: target,
                params: p,
                admin: admin,
                guardian: admin,
                feeRecipient: feeRecipient,
                tokenDeployer: address(tokenDeployer)
            })
        );
    }
}
