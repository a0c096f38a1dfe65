// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeverageVault} from "../../../contracts/interfaces/ILeverageVault.sol";
import {ILeveragedTokenFactory} from "../../../contracts/interfaces/ILeveragedTokenFactory.sol";
import {LeverageVault} from "../../../contracts/LeverageVault.sol";
import {LeveragedToken} from "../../../contracts/LeveragedToken.sol";
import {LeveragedTokenFactory} from "../../../contracts/LeveragedTokenFactory.sol";
import {TokenDeployer} from "../../../contracts/deployers/TokenDeployer.sol";
import {VaultDeployer} from "../../../contracts/deployers/VaultDeployer.sol";
import {MockPerpMarket} from "../../../contracts/testnet/MockPerpMarket.sol";
import {MockPriceFeed} from "../../../contracts/testnet/MockPriceFeed.sol";
import {MockUSDC} from "../../../contracts/testnet/MockUSDC.sol";
import {FixtureParams} from "../../shared/FixtureParams.sol";
import {TestBase} from "./TestBase.sol";

/// @title LeverFixture
/// @notice The real protocol, deployed in setUp: MockUSDC, a BTC-USD MockPriceFeed at 60,000, a MockPerpMarket
/// (5 bps taker fee, 5% IM, 2.5% MM) with a 1e9 USDC pool, the two deployers, the factory, and a 3x long and a
/// 3x short vault with the parameters of test/shared/FixtureParams.sol (except a large collateral cap).
/// The test contract is the factory owner, vault admin, guardian and market/feed owner; fees go to FEE_RECIPIENT.
abstract contract LeverFixture is TestBase {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant USDC = 1e6;
    uint256 internal constant YEAR = 365 days;
    int256 internal constant INITIAL_PRICE = FixtureParams.BTC_PRICE;
    uint256 internal constant POOL = 1_000_000_000 * USDC;
    uint256 internal constant START = 1_700_000_000;

    address internal constant FEE_RECIPIENT = address(0xFEE);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);

    MockUSDC internal usdc;
    MockPriceFeed internal feed;
    MockPerpMarket internal market;
    LeveragedTokenFactory internal factory;
    LeverageVault internal longVault;
    LeverageVault internal shortVault;

    function setUp() public virtual {
        vm.warp(START);
        usdc = new MockUSDC(address(this));
        feed = new MockPriceFeed(address(this), "BTC-USD", INITIAL_PRICE);
        market = FixtureParams.newMarket(address(usdc), address(feed));
        usdc.mint(address(this), POOL);
        usdc.approve(address(market), POOL);
        market.supplyLiquidity(POOL);

        factory = new LeveragedTokenFactory(
            address(this), address(this), address(this), FEE_RECIPIENT, address(new VaultDeployer()), address(new TokenDeployer())
        );
        longVault = _create("BTC 3x Long", "BTC3L", true);
        shortVault = _create("BTC 3x Short", "BTC3S", false);
    }

    /// @notice test/shared/FixtureParams.sol for a 3x token, with a collateral cap that never binds here.
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
                params: _defaultParams()
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
    function _setFees(LeverageVault vault, uint256 mintBps, uint256 redeemBps, uint256 ratePerYear, uint256 takerBps)
        internal
    {
        ILeverageVault.VaultParams memory p = vault.params();
        p.mintFeeBps = uint16(mintBps);
        p.redeemFeeBps = uint16(redeemBps);
        p.managementFeeRate = uint64(ratePerYear);
        vault.setParams(p);
        market.setTakerFeeBps(uint16(takerBps));
    }

    /// @notice Multiplies the oracle price by `ratioWad` (1e18 = unchanged).
    function _movePrice(uint256 ratioWad) internal {
        feed.setPrice(int256(uint256(feed.latestAnswer()) * ratioWad / WAD));
    }

    /// @notice Lets `dt` seconds pass and republishes the price so the oracle stays fresh.
    function _elapse(uint256 dt) internal {
        vm.warp(block.timestamp + dt);
        feed.setPrice(feed.latestAnswer());
    }

    function _absDiff(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a - b : b - a;
    }
}
