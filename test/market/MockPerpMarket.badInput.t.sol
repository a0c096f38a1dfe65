// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICommonErrors} from "../../contracts/interfaces/ICommonErrors.sol";
import {MockPerpMarket} from "../../contracts/testnet/MockPerpMarket.sol";
import {MockPriceFeed} from "../../contracts/testnet/MockPriceFeed.sol";
import {IPerpMarket} from "../../contracts/interfaces/IPerpMarket.sol";
import {BadInputBase} from "../helpers/BadInputBase.sol";

/// @notice MockPerpMarket and MockPriceFeed: zero amounts, max values, zero addresses, wrong caller,
/// margin limits, liquidation of healthy accounts; each with its specific error.
contract MarketBadInputTest is BadInputBase {
    address internal constant TRADER = address(0x7ADE);
    uint256 internal constant MARGIN = 10_000 * USDC;

    function setUp() public {
        _setUpVaults(false);
        usdc.mint(TRADER, 100_000 * USDC);
        vm.startPrank(TRADER);
        usdc.approve(address(market), type(uint256).max);
        market.deposit(MARGIN);
        vm.stopPrank();
    }

    function test_market_zeroAmountsRevert() public {
        vm.startPrank(TRADER);
        vm.expectRevert(ICommonErrors.ZeroAmount.selector);
        market.deposit(0);
        vm.expectRevert(ICommonErrors.ZeroAmount.selector);
        market.withdraw(0, TRADER);
        vm.expectRevert(ICommonErrors.ZeroAmount.selector);
        market.trade(0);
        vm.expectRevert(ICommonErrors.ZeroAmount.selector);
        market.supplyLiquidity(0);
        vm.stopPrank();
    }

    function test_market_withdrawRevertsToZeroRecipient() public {
        vm.startPrank(TRADER);
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        market.withdraw(1, address(0));
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        market.modifyPosition(0, -1, address(0));
        vm.stopPrank();
    }

    function test_market_withdrawRevertsAboveMargin() public {
        vm.prank(TRADER);
        vm.expectRevert(abi.encodeWithSelector(IPerpMarket.InsufficientMargin.selector, MARGIN, MARGIN + 1));
        market.withdraw(MARGIN + 1, TRADER);
    }

    function test_market_withdrawRevertsOnMaxUint() public {
        vm.prank(TRADER);
        vm.expectRevert(abi.encodeWithSignature("SafeCastOverflowedUintToInt(uint256)", type(uint256).max));
        market.withdraw(type(uint256).max, TRADER);
    }

    function test_market_depositRevertsOnMaxUint() public {
        vm.prank(TRADER);
        vm.expectRevert(
            abi.encodeWithSignature(
                "ERC20InsufficientBalance(address,uint256,uint256)",
                TRADER,
                90_000 * USDC,
                type(uint256).max
            )
        );
        market.deposit(type(uint256).max);
    }

    function test_market_tradeRevertsBeyondInitialMargin() public {
        // 21x: notional 210,000 USDC at 60,000 = 3.5 BTC; required 5 % of it after the 5 bps fee
        int256 size = 3.5e18;
        uint256 fee = 105 * USDC; // 210,000 x 5 bps
        vm.prank(TRADER);
        vm.expectRevert(abi.encodeWithSelector(IPerpMarket.InsufficientMargin.selector, MARGIN - fee, 10_500 * USDC));
        market.trade(size);
    }

    function test_market_tradeRevertsOnMaxSize() public {
        int256 size = type(int256).max;
        // notional = ceil(size x 60,000e18 / 1e30) collateral units, split to avoid overflow; fee 5 bps rounded up
        uint256 notional = (uint256(size) / 1e12) * 60_000 + _ceilDiv((uint256(size) % 1e12) * 60_000, 1e12);
        uint256 fee = _ceilDiv(notional * 5, 10_000);
        vm.prank(TRADER);
        vm.expectRevert(abi.encodeWithSelector(IPerpMarket.InsufficientMargin.selector, MARGIN, fee));
        market.trade(size);
    }

    function test_market_creditWithoutTransferReverts() public {
        vm.prank(TRADER);
        vm.expectRevert(abi.encodeWithSelector(IPerpMarket.DepositNotReceived.selector, 1, 0));
        market.modifyPosition(0, 1, address(0));
    }

    function test_market_liquidateRevertsForHealthyOrFlatAccounts() public {
        vm.expectRevert(abi.encodeWithSelector(IPerpMarket.NotLiquidatable.selector, TRADER, MARGIN, 0));
        market.liquidate(TRADER);
        vm.prank(TRADER);
        market.trade(1e18); // 60,000 notional, fee 30
        uint256 maintenance = 1_500 * USDC; // 2.5 %
        vm.expectRevert(
            abi.encodeWithSelector(IPerpMarket.NotLiquidatable.selector, TRADER, MARGIN - 30 * USDC, maintenance)
        );
        market.liquidate(TRADER);
        vm.expectRevert(abi.encodeWithSelector(IPerpMarket.NotLiquidatable.selector, address(0), 0, 0));
        market.liquidate(address(0));
    }

    function test_market_ownerFunctionsRevertForStrangers() public {
        vm.startPrank(STRANGER);
        vm.expectRevert(_notOwner(STRANGER));
        market.removeLiquidity(1, STRANGER);
        vm.expectRevert(_notOwner(STRANGER));
        market.setFundingRate(1);
        vm.expectRevert(_notOwner(STRANGER));
        market.setTakerFeeBps(1);
        vm.expectRevert(_notOwner(STRANGER));
        market.transferOwnership(STRANGER);
        vm.stopPrank();
    }

    function test_market_ownerFunctionsRevertOutsideRange() public {
        uint256 pool = market.poolBalance();
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        market.removeLiquidity(1, address(0));
        vm.expectRevert(abi.encodeWithSelector(IPerpMarket.InsufficientPoolLiquidity.selector, pool, pool + 1));
        market.removeLiquidity(pool + 1, address(this));
        vm.expectRevert(
            abi.encodeWithSelector(
                IPerpMarket.ParameterOutOfRange.selector,
                bytes32("fundingRatePerYear"),
                5e18 + 1,
                5e18
            )
        );
        market.setFundingRate(5e18 + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPerpMarket.ParameterOutOfRange.selector,
                bytes32("fundingRatePerYear"),
                5e18 + 1,
                5e18
            )
        );
        market.setFundingRate(-5e18 - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IPerpMarket.ParameterOutOfRange.selector, bytes32("takerFeeBps"), 101, 100)
        );
        market.setTakerFeeBps(101);
        // Ownable2Step: the owner stays until the new one accepts
        market.transferOwnership(STRANGER);
        assertTrue(market.owner() == address(this), "owner until the transfer is accepted");
        vm.prank(STRANGER);
        market.acceptOwnership();
        assertTrue(market.owner() == STRANGER, "owner once accepted");
    }

    function test_market_constructorRevertsOnBadArguments() public {
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        new MockPerpMarket(address(this), "X", address(0), address(feed), 5, 500, 250, 100);
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        new MockPerpMarket(address(this), "X", address(usdc), address(0), 5, 500, 250, 100);
        vm.expectRevert(
            abi.encodeWithSelector(IPerpMarket.ParameterOutOfRange.selector, bytes32("takerFeeBps"), 101, 100)
        );
        new MockPerpMarket(address(this), "X", address(usdc), address(feed), 101, 500, 250, 100);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPerpMarket.ParameterOutOfRange.selector,
                bytes32("initialMarginBps"),
                10_001,
                10_000
            )
        );
        new MockPerpMarket(address(this), "X", address(usdc), address(feed), 5, 10_001, 250, 100);
        vm.expectRevert(
            abi.encodeWithSelector(IPerpMarket.ParameterOutOfRange.selector, bytes32("maintenanceMarginBps"), 501, 500)
        );
        new MockPerpMarket(address(this), "X", address(usdc), address(feed), 5, 500, 501, 100);
        vm.expectRevert(
            abi.encodeWithSelector(IPerpMarket.ParameterOutOfRange.selector, bytes32("liquidationPenaltyBps"), 251, 250)
        );
        new MockPerpMarket(address(this), "X", address(usdc), address(feed), 5, 500, 250, 251);
        vm.expectRevert(abi.encodeWithSignature("OwnableInvalidOwner(address)", address(0)));
        new MockPerpMarket(address(0), "X", address(usdc), address(feed), 5, 500, 250, 100);
    }

    // ---- MockPriceFeed -----------------------------------------------------------------------

    function test_feed_ownerFunctionsRevertForStrangers() public {
        vm.startPrank(STRANGER);
        vm.expectRevert(_notOwner(STRANGER));
        feed.setPrice(1);
        vm.expectRevert(_notOwner(STRANGER));
        feed.setRoundData(1, 1);
        vm.stopPrank();
    }

    function test_feed_revertsOnUnknownRoundAndOversizedValues() public {
        vm.expectRevert(abi.encodeWithSelector(MockPriceFeed.NoDataPresent.selector, uint80(99)));
        feed.getRoundData(99);
        vm.expectRevert(abi.encodeWithSelector(MockPriceFeed.NoDataPresent.selector, uint80(0)));
        feed.getRoundData(0);
        vm.expectRevert(
            abi.encodeWithSignature("SafeCastOverflowedIntDowncast(uint8,int256)", uint8(192), type(int256).max)
        );
        feed.setPrice(type(int256).max);
        vm.expectRevert(
            abi.encodeWithSignature("SafeCastOverflowedUintDowncast(uint8,uint256)", uint8(64), type(uint256).max)
        );
        feed.setRoundData(1, type(uint256).max);
    }

    function _ceilDiv(uint256 a, uint256 b) internal pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }
}
