// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPerpMarket} from "../../contracts/interfaces/IPerpMarket.sol";
import {MockPerpMarket} from "../../contracts/testnet/MockPerpMarket.sol";
import {VM_ADDRESS} from "../helpers/Vm.sol";
import {LeverFixture} from "../helpers/LeverFixture.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";

interface VmState {
    function snapshotState() external returns (uint256);
    function revertToState(uint256 id) external returns (bool);
    function expectEmit(address emitter) external;
}

/// @notice docs/security.md findings C, D and E: the testnet market never forgives a loss, always pays a
/// liquidator, refuses stale prices, owes unpaid profit as a claim whatever the settlement order, and checks
/// the initial margin when a position flips sign. Figures on the suites' market (5 bps taker fee, 5 % IM,
/// 2.5 % MM, 1 % liquidation penalty) at BTC 60,000.
contract MockPerpMarketHardeningTest is LeverFixture {
    VmState internal constant state = VmState(VM_ADDRESS);
    address internal constant TRADER = address(0x7ADE);
    address internal constant OTHER = address(0x07E4);
    address internal constant KEEPER = address(0x4EE9);
    address internal constant CAROL = address(0xCA201);

    // 19x on 1,000: 19,000 of notional at 60,000
    int256 internal constant SIZE_19X = 19_000e18 / int256(60_000);

    function setUp() public {
        _setUpFactory();
    }

    function _fund(address who, uint256 amount) internal {
        usdc.mint(who, amount);
        vm.startPrank(who);
        usdc.approve(address(market), type(uint256).max);
        market.deposit(amount);
        vm.stopPrank();
    }

    function _trade(address who, int256 size) internal {
        vm.prank(who);
        market.trade(size);
    }

    /// @notice Closes `who`'s position and withdraws everything; returns the USDC received.
    function _closeAndWithdraw(address who) internal returns (uint256 out) {
        _trade(who, -market.positionSize(who));
        out = market.accountValue(who);
        vm.prank(who);
        market.withdraw(out, who);
    }

    // ---- C: bankruptcy -------------------------------------------------------------------------

    /// @notice Issue figure: 1,000 at 19x, price -10 %, `deposit(1)` at the bottom, price back. The loss beyond
    /// the margin is a deficit the recovery pays back: P&L is the two taker fees, -19.00 (was +890.50).
    function test_bankruptcy_depositAtTheBottomDoesNotForgiveTheLoss() public {
        _fund(TRADER, 1_000 * USDC);
        _trade(TRADER, SIZE_19X);
        _movePrice(0.9e18);
        usdc.mint(TRADER, 1);
        vm.prank(TRADER);
        market.deposit(1);
        assertEq(market.accountValue(TRADER), 0, "nothing payable at the bottom");
        assertApproxEqAbs(market.accounts(TRADER).deficit, 909.5e6, 1, "deficit kept: 1,900 - 990.50 - 0.000001");
        feed.setPrice(INITIAL_PRICE);
        uint256 out = _closeAndWithdraw(TRADER);
        uint256 paidIn = 1_000 * USDC + 1;
        assertLe(out, paidIn, "no profit from a forgiven loss");
        assertApproxEqAbs(paidIn - out, 19 * USDC, 2, "P&L = -(9.50 + 9.50) taker fees");
    }

    /// @notice A bankrupt account (value 0) is still worth liquidating: the liquidator earns 1 % of the
    /// 17,100 notional (171.00) from the pool, the position is closed and the 909.50 deficit written off.
    function test_liquidate_paysTheLiquidatorOnABankruptAccount() public {
        _fund(TRADER, 1_000 * USDC);
        _trade(TRADER, SIZE_19X);
        _movePrice(0.9e18);
        uint256 pool = market.poolBalance();
        vm.prank(KEEPER);
        state.expectEmit(address(market));
        emit IPerpMarket.Liquidated(TRADER, KEEPER, SIZE_19X, 54_000e18, 171e6, 909.5e6);
        uint256 penalty = market.liquidate(TRADER);
        assertApproxEqAbs(penalty, 171 * USDC, 1, "1 % of 17,100");
        assertEq(usdc.balanceOf(KEEPER), penalty, "paid to the liquidator");
        assertEq(uint256(market.positionSize(TRADER) == 0 ? 1 : 0), 1, "closed");
        // the pool received the 990.50 margin and paid the penalty
        assertApproxEqAbs(market.poolBalance(), pool + 990.5e6 - penalty, 1, "pool");
        assertEq(market.accounts(TRADER).deficit, 0, "the 909.50 deficit is written off: a later deposit starts clean");
        assertGe(usdc.balanceOf(address(market)), market.reserves(), "solvent");
    }

    /// @notice An account in deficit cannot trade or withdraw: only a liquidation closes it.
    function test_bankruptcy_anAccountInDeficitCannotTradeOrWithdraw() public {
        _fund(TRADER, 1_000 * USDC);
        _trade(TRADER, SIZE_19X);
        _movePrice(0.9e18);
        vm.startPrank(TRADER);
        // the 9.50 close fee is more than a margin of 0
        vm.expectRevert(abi.encodeWithSelector(IPerpMarket.InsufficientMargin.selector, 0, 8.55e6));
        market.trade(-SIZE_19X);
        vm.expectRevert(abi.encodeWithSelector(IPerpMarket.InsufficientMargin.selector, 0, 1));
        market.withdraw(1, TRADER);
        vm.stopPrank();
    }

    // ---- C: stale prices and front-running ----------------------------------------------------

    /// @notice A size change at a price older than `maxPriceAge` reverts with the values: at the 2-day default
    /// and at a deployment's tighter 75 min (a 1 h heartbeat with room).
    function test_trade_revertsOnAStalePrice() public {
        assertEq(market.DEFAULT_MAX_PRICE_AGE(), 2 days, "default: the vaults' staleness cap");
        market.setMaxPriceAge(75 minutes);
        _fund(TRADER, 1_000 * USDC);
        (, uint256 updatedAt) = market.markPrice();
        uint256 maxAge = 75 minutes;
        vm.warp(updatedAt + maxAge + 1);
        vm.expectRevert(
            abi.encodeWithSelector(MockPerpMarket.StalePrice.selector, updatedAt, maxAge, updatedAt + maxAge + 1)
        );
        _trade(TRADER, 1e15);
        // margin moves need no price
        vm.prank(TRADER);
        market.withdraw(1, TRADER);
        vm.warp(updatedAt + maxAge);
        _trade(TRADER, 1e15);
    }

    /// @notice The owner bounds `maxPriceAge` to [1 min, 2 days].
    function test_setMaxPriceAge_revertsOutsideItsRange() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPerpMarket.ParameterOutOfRange.selector, bytes32("maxPriceAge"), 59, 2 days)
        );
        market.setMaxPriceAge(59);
        vm.expectRevert(
            abi.encodeWithSelector(IPerpMarket.ParameterOutOfRange.selector, bytes32("maxPriceAge"), 2 days + 1, 2 days)
        );
        market.setMaxPriceAge(2 days + 1);
        market.setMaxPriceAge(1 hours);
        (, , , , , , uint32 age, ) = market.params();
        assertEq(age, 1 hours, "set");
    }

    /// @notice Documented venue risk (docs/security.md C): 100,000 at 19x that sees a +0.5 % update coming
    /// makes 9,500 - 950.00 - 954.75 = +7,595.25. Fills are at the oracle price; the market does not fix it.
    function test_frontRun_oneUpdateAt19xIsTheDocumentedVenueRisk() public {
        _fund(TRADER, 100_000 * USDC);
        _trade(TRADER, SIZE_19X * 100);
        _movePrice(1.005e18);
        uint256 out = _closeAndWithdraw(TRADER);
        assertApproxEqAbs(out - 100_000 * USDC, 7_595.25e6, 2, "+7,595.25");
    }

    // ---- D: unpaid profit is a claim ----------------------------------------------------------

    /// @dev Settles `vault`'s market account through a tiny redeem by `holder` (an instant mint is refused above the
    /// band, where a +20 % move leaves the short vault); the same redeems in either order.
    function _touch(LeverageVault vault, address holder) internal {
        _redeem(vault, holder, 1e13);
    }

    /// @notice Issue scenario: BTC3L and BTC3S hold 1M each, pool 500k, price +20 %. Whoever settles first,
    /// once both vaults are touched the long vault's value and the short vault's value are the same (the
    /// issue measured 1,586,145.75 short-first against 1,491,261.61 long-first on the deployed fees).
    function test_claims_settlementOrderDoesNotChangeTheVaultsValues() public {
        _mint(longVault, ALICE, 1_000_000 * USDC);
        _mint(shortVault, BOB, 1_000_000 * USDC);
        market.removeLiquidity(market.poolBalance() - 500_000 * USDC, address(this));
        _movePrice(1.2e18);

        uint256 id = state.snapshotState();
        _touch(shortVault, BOB); // short first
        _touch(longVault, ALICE);
        _touch(longVault, ALICE);
        (uint256 longA, uint256 shortA) = (
            market.accountValue(address(longVault)),
            market.accountValue(address(shortVault))
        );
        state.revertToState(id);

        _touch(longVault, ALICE); // long first: the pool cannot pay it all
        uint256 claim = market.claimOf(address(longVault));
        assertGe(claim, 1, "unpaid profit kept as a claim");
        assertLe(market.accountValue(address(longVault)), longA - claim + 2 * USDC, "the view reports what is payable");
        _touch(shortVault, BOB);
        _touch(longVault, ALICE); // the claim is paid first from the refilled pool
        assertEq(market.claimOf(address(longVault)), 0, "claim paid");
        // to 0.001 USDC: the vaults size their pro-rata trades from the value they read
        assertApproxEqAbs(market.accountValue(address(longVault)), longA, 1_000, "long value, either order");
        assertApproxEqAbs(market.accountValue(address(shortVault)), shortA, 1_000, "short value, either order");
    }

    /// @notice Fuzz: a long and a short direct trader, any pool, any move; settling long-first or short-first
    /// leaves each account's value (margin - deficit + claim) the same to the unit.
    function testFuzz_claims_settlementOrderNeverChangesAnAccountsValue(
        uint256 poolSeed,
        uint256 moveSeed,
        uint256 sizeSeed
    ) public {
        uint256 pool = bound(poolSeed, 0, 2_000_000) * USDC;
        uint256 move = bound(moveSeed, 0.5e18, 1.5e18);
        int256 size = int256(bound(sizeSeed, 1e15, 30e18));
        _fund(TRADER, 200_000 * USDC);
        _fund(OTHER, 200_000 * USDC);
        _trade(TRADER, size);
        _trade(OTHER, -size);
        market.removeLiquidity(market.poolBalance() - pool, address(this));
        _movePrice(move);
        usdc.mint(TRADER, 2);
        usdc.mint(OTHER, 2);

        uint256 id = state.snapshotState();
        _touch(TRADER);
        _touch(OTHER);
        (int256 longA, int256 shortA) = (_value(TRADER), _value(OTHER));
        state.revertToState(id);
        _touch(OTHER);
        _touch(TRADER);
        if (_value(TRADER) != longA || _value(OTHER) != shortA) revert("settlement order changed a value");
        assertGe(usdc.balanceOf(address(market)), market.reserves(), "solvent");
    }

    function _touch(address who) internal {
        vm.prank(who);
        market.deposit(1);
    }

    function _value(address who) internal view returns (int256) {
        MockPerpMarket.AccountView memory a = market.accounts(who);
        return int256(uint256(a.margin)) - int256(uint256(a.deficit)) + int256(market.claimOf(who));
    }

    // ---- E: a sign change is a close plus an open -------------------------------------------

    /// @notice Opened at 19x, the price falls 1.5 % (26.5x). `trade(-2·size + 1)` flips to a short of
    /// about the same notional, which needs the initial margin: it reverts as opening that short outright does.
    function test_trade_flipChecksTheInitialMarginLikeAnOpen() public {
        int256 size = SIZE_19X * 10;
        _fund(TRADER, 10_000 * USDC);
        _fund(OTHER, 10_000 * USDC);
        _trade(TRADER, size);
        _trade(OTHER, size);
        _movePrice(0.985e18);
        // OTHER closes, then opens the short outright: refused
        _trade(OTHER, -size);
        // 7,055 - 2 x 93.575 fees = 6,867.85 left against 5 % of 187,150 = 9,357.50
        bytes memory refused = abi.encodeWithSelector(IPerpMarket.InsufficientMargin.selector, 6_867.85e6, 9_357.5e6);
        vm.prank(OTHER);
        vm.expectRevert(refused);
        market.trade(-size + 1);
        // TRADER flips in one trade: refused the same way
        vm.prank(TRADER);
        vm.expectRevert(refused);
        market.trade(-2 * size + 1);
        // a close on its own stays allowed
        _trade(TRADER, -size);
    }
}
