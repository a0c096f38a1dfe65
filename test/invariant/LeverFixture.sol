// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MockUSDC} from "../../contracts/testnet/MockUSDC.sol";
import {MockPriceFeed} from "../../contracts/testnet/MockPriceFeed.sol";
import {MockPerpMarket} from "../../contracts/testnet/MockPerpMarket.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {TokenDeployer} from "../../contracts/deployers/TokenDeployer.sol";
import {FixtureParams} from "../shared/FixtureParams.sol";

/// @notice Stands up one mock market (BTC-USD at 60,000, taker fee 5 bps, IM 5 %, MM 2.5 %, penalty 1 %)
/// and vaults on it with the parameters of test/shared/FixtureParams.sol, without the factory, for the
/// Solidity suites (invariant, adversarial, bad-input).
abstract contract LeverFixture {
    int256 internal constant BTC_PRICE = FixtureParams.BTC_PRICE;
    uint256 internal constant USDC = 1e6;

    MockUSDC internal usdc;
    MockPriceFeed internal feed;
    MockPerpMarket internal market;
    TokenDeployer internal tokenDeployer;

    function _defaultParams(uint256 target) internal pure returns (ILeverageVault.VaultParams memory) {
        return FixtureParams.vaultParams(target);
    }

    /// @dev Deploys collateral, feed and market owned by `owner`, with `liquidity` in the pool.
    function _deployMarket(address owner, uint256 liquidity) internal {
        usdc = new MockUSDC(address(this));
        feed = new MockPriceFeed(address(this), "BTC / USD", BTC_PRICE);
        market = FixtureParams.newMarket(address(usdc), address(feed));
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
