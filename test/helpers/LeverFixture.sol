// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {ILeveragedTokenFactory} from "../../contracts/interfaces/ILeveragedTokenFactory.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {LeveragedToken} from "../../contracts/LeveragedToken.sol";
import {LeveragedTokenFactory} from "../../contracts/LeveragedTokenFactory.sol";
import {TokenDeployer} from "../../contracts/deployers/TokenDeployer.sol";
import {VaultDeployer} from "../../contracts/deployers/VaultDeployer.sol";
import {MockPerpMarket} from "../../contracts/testnet/MockPerpMarket.sol";
import {MockPriceFeed} from "../../contracts/testnet/MockPriceFeed.sol";
import {MockUSDC} from "../../contracts/testnet/MockUSDC.sol";
import {FixtureParams} from "./FixtureParams.sol";
import {TestBase} from "./TestBase.sol";

/// @title LeverFixture
/// @notice The one Solidity fixture: the real protocol on a BTC-USD mock market (MockUSDC, a MockPriceFeed at 60,000,
/// a MockPerpMarket with the fees and margins of test/helpers/FixtureParams.sol), built one of two ways:
/// - `_setUpFactory()`: the two deployers, the factory, and a 3x long and a 3x short vault created through it with
///   FixtureParams' parameters (except a large collateral cap), a 1e9 USDC pool, time at START (the fuzz suites);
/// - `_deployMarket` + `_deployVault`: the market alone, then vaults constructed directly, without the factory
///   (the invariant, adversarial and bad-input suites).
/// The test contract is the factory owner, vault admin, guardian and market/feed owner; fees go to FEE_RECIPIENT.
abstract contract LeverFixture is TestBase {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant USDC = 1e6;
    uint256 internal constant YEAR = 365 days;
    int256 internal constant BTC_PRICE = FixtureParams.BTC_PRICE;
    int256 internal constant INITIAL_PRICE = BTC_PRICE;
    uint256 internal constant POOL = 1_000_000_000 * USDC;
    uint256 internal constant START = 1_700_000_000;

    address internal constant FEE_RECIPIENT = address(0xFEE);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);

    MockUSDC internal usdc;
    MockPriceFeed internal feed;
    MockPerpMarket internal market;
    TokenDeployer internal tokenDeployer;
    LeveragedTokenFactory internal factory;
    LeverageVault internal longVault;
    LeverageVault internal shortVault;

    /// @notice The factory deployment: market with a POOL of liquidity, factory, BTC3L and BTC3S at 3x.
    function _setUpFactory() internal {
        vm.warp(START);
        usdc = new MockUSDC(address(this));
        feed = new MockPriceFeed(address(this), "BTC-USD", INITIAL_PRICE);
        market = FixtureParams.newMarket(address(usdc), address(feed));
        usdc.mint(address(this), POOL);
        usdc.approve(address(market), POOL);
        market.supplyLiquidity(POOL);

        address vaultDeployer = address(new VaultDeployer());
        tokenDeployer = new TokenDeployer();
        factory = new LeveragedTokenFactory(
            address(this),
            address(this),
            address(this),
            FEE_RECIPIENT,
            vaultDeployer,
            address(tokenDeployer)
        );
        longVault = _create("BTC 3x Long", "BTC3L", true);
        shortVault = _create("BTC 3x Short", "BTC3S", false);
    }

    /// @notice test/helpers/FixtureParams.sol for a 3x token, with a collateral cap that never binds here.
    function _defaultParams() internal pure returns (ILeverageVault.VaultParams memory p) {
        p = FixtureParams.vaultParams(3e18);
        p.collateralCap = 1e18;
    }

    function _create(string memory name, string memory symbol, bool isLong) internal returns (LeverageVault) {
        (, address vault) = factory.createLeveragedToken(
            ILeveragedTokenFactory.CreateParams({
                name: name,
                symbol: symbol,
                market: address(market),
                isLong: isLong,
                targetLeverage: 3e18,
                params: _defaultParams(),
                sequencerUptimeFeed: address(0)
            })
        );
        return LeverageVault(vault);
    }

    function _vault(bool isLong) internal view returns (LeverageVault) {
        return isLong ? longVault : shortVault;
    }

    function _token(LeverageVault vault) internal view returns (LeveragedToken) {
        return LeveragedToken(vault.token());
    }

    /// @notice `user` mints with `amount` fresh USDC; returns the tokens received.
    function _mint(LeverageVault vault, address user, uint256 amount) internal returns (uint256 tokensOut) {
        usdc.mint(user, amount);
        vm.startPrank(user);
        usdc.approve(address(vault), amount);
        tokensOut = vault.mint(amount, 0, user);
        vm.stopPrank();
    }

    /// @notice `user` redeems `tokensIn` to itself; returns the USDC received.
    function _redeem(LeverageVault vault, address user, uint256 tokensIn) internal returns (uint256 collateralOut) {
        vm.prank(user);
        collateralOut = vault.redeem(tokensIn, 0, user);
    }

    /// @notice Sets fees: the vault's mint/redeem bps and streaming rate, and the market's taker fee.
    function _setFees(
        LeverageVault vault,
        uint256 mintBps,
        uint256 redeemBps,
        uint256 ratePerYear,
        uint256 takerBps
    ) internal {
        ILeverageVault.VaultParams memory p = vault.params();
        p.mintFeeBps = uint16(mintBps);
        p.redeemFeeBps = uint16(redeemBps);
        p.managementFeeRate = uint64(ratePerYear);
        vault.setParams(p);
        market.setTakerFeeBps(uint16(takerBps));
    }

    /// @notice Multiplies the oracle price by `ratioWad` (1e18 = unchanged).
    function _movePrice(uint256 ratioWad) internal {
        feed.setPrice(int256((uint256(feed.latestAnswer()) * ratioWad) / WAD));
    }

    /// @notice Lets `dt` seconds pass and republishes the price so the oracle stays fresh.
    function _elapse(uint256 dt) internal {
        vm.warp(block.timestamp + dt);
        feed.setPrice(feed.latestAnswer());
    }

    function _absDiff(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a - b : b - a;
    }

    function _defaultParams(uint256 target) internal pure returns (ILeverageVault.VaultParams memory) {
        return FixtureParams.vaultParams(target);
    }

    /// @notice Deploys collateral, feed and market owned by `owner`, with `liquidity` in the pool.
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
            vm.prank(owner);
            market.acceptOwnership(); // Ownable2Step
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
        return
            new LeverageVault(
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
                    tokenDeployer: address(tokenDeployer),
                    sequencerUptimeFeed: address(0)
                })
            );
    }
}
