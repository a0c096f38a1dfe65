// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {console} from "hardhat/console.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {AdversarialBase} from "./AdversarialBase.sol";

/// @notice Extreme moves on 3x tokens: -40 % / -60 % for the long, +40 % / +60 % for the short, as one
/// jump (no keeper can act) and as a path of jumps each followed at once by the keeper (ripcord first).
/// A jump past 1/3 wipes a 3x vault out: it must end cleanly (NAV 0, minting disabled, redeem burns for
/// nothing, market solvent). With a timely ripcord the vault survives and ends at target; its equity
/// stays within fees of a fee-free model (equity <= model, >= 99 % of it).
contract ExtremeMovesTest is AdversarialBase {
    uint256 internal constant P0 = 60_000e8;

    // fee-free model: notional and equity, collateral units
    uint256 internal mN;
    uint256 internal mE;
    uint256 internal mP;

    function setUp() public {
        _setUpVaults(true);
        _mint(longVault, ALICE, 200_000 * USDC);
        _mint(longVault, BOB, 50_000 * USDC);
        _mint(shortVault, ALICE, 200_000 * USDC);
        _mint(shortVault, BOB, 50_000 * USDC);
    }

    // ---- one jump: wiped out cleanly ---------------------------------------------------------

    function test_extreme_long3x_minus40_jump_wipesOutCleanly() public {
        _jumpAndCheckWipeout(longVault, -4_000);
    }

    function test_extreme_long3x_minus60_jump_wipesOutCleanly() public {
        _jumpAndCheckWipeout(longVault, -6_000);
    }

    function test_extreme_short3x_plus40_jump_wipesOutCleanly() public {
        _jumpAndCheckWipeout(shortVault, 4_000);
    }

    function test_extreme_short3x_plus60_jump_wipesOutCleanly() public {
        _jumpAndCheckWipeout(shortVault, 6_000);
    }

    // ---- a path with a timely ripcord: survives at target ------------------------------------

    function test_extreme_long3x_minus40_withRipcord_endsAtTarget() public {
        _pathWithKeeper(longVault, -4_000, -2_000);
    }

    function test_extreme_long3x_minus60_withRipcord_endsAtTarget() public {
        _pathWithKeeper(longVault, -6_000, -2_000);
    }

    function test_extreme_short3x_plus40_withRipcord_endsAtTarget() public {
        _pathWithKeeper(shortVault, 4_000, 1_200);
    }

    function test_extreme_short3x_plus60_withRipcord_endsAtTarget() public {
        _pathWithKeeper(shortVault, 6_000, 1_200);
    }

    // ---- internals ---------------------------------------------------------------------------

    function _jumpAndCheckWipeout(LeverageVault v, int256 bps) internal {
        LeverageVault other = v == longVault ? shortVault : longVault;
        uint256 otherEquityBefore = other.equity();
        _move(bps);
        assertTrue(v.equity() == 0 && v.nav() == 0, "wiped out: equity and NAV are 0");
        assertTrue(v.leverage() == type(uint256).max, "a position with no equity has unbounded leverage");
        assertTrue(uint8(v.rebalanceStatus()) == 0, "status NONE when wiped out");
        (bool needed, ) = v.checkUpkeep("");
        assertTrue(!needed, "no upkeep when wiped out");
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.RebalanceNotNeeded.selector, 0));
        v.rebalance();
        vm.expectRevert(
            abi.encodeWithSelector(
                ILeverageVault.RipcordNotNeeded.selector,
                type(uint256).max,
                v.params().ripcordLeverage
            )
        );
        v.ripcord();
        usdc.mint(ALICE, 1_000 * USDC);
        vm.startPrank(ALICE);
        usdc.approve(address(v), 1_000 * USDC);
        vm.expectRevert(ILeverageVault.VaultWipedOut.selector);
        v.mint(1_000 * USDC, 0, ALICE);
        vm.stopPrank();
        // holders can still leave: tokens burn for nothing, nothing reverts
        uint256 bobTokens = _token(v).balanceOf(BOB);
        assertTrue(_redeem(v, BOB, bobTokens) == 0, "redeem pays 0 when wiped out");
        assertTrue(_token(v).balanceOf(BOB) == 0, "tokens burned");
        // the bankrupt position is liquidated by anyone; the market stays solvent
        assertTrue(market.isLiquidatable(address(v)), "bankrupt position is liquidatable");
        market.liquidate(address(v));
        assertTrue(market.positionSize(address(v)) == 0, "position closed");
        _checkMarketSolvent();
        // the other side gained, paid by the pool
        assertTrue(other.equity() > otherEquityBefore, "the opposite vault gained");
        console.log("jump bps / other side equity before / after");
        console.logInt(bps);
        console.log(otherEquityBefore, other.equity());
    }

    /// @dev Moves the price from P0 to P0 x (1 + finalBps) in multiplicative jumps of `stepBps`, the keeper
    /// acting after each; tracks the fee-free model alongside.
    function _pathWithKeeper(LeverageVault v, int256 finalBps, int256 stepBps) internal {
        bool isLong = v.isLong();
        mE = v.equity();
        mN = mE * 3;
        mP = P0;
        uint256 finalPrice = uint256((int256(P0) * (10_000 + finalBps)) / 10_000);
        uint256 keeperActions;
        uint256 ripcordsSeen;
        while (mP != finalPrice) {
            uint256 next = uint256((int256(mP) * (10_000 + stepBps)) / 10_000);
            if ((stepBps < 0 && next < finalPrice) || (stepBps > 0 && next > finalPrice)) next = finalPrice;
            feed.setPrice(int256(next));
            _modelMove(isLong, next);
            assertTrue(v.equity() > 0, "the vault survives each jump");
            uint8 status = uint8(v.rebalanceStatus());
            if (status == uint8(ILeverageVault.Status.RIPCORD)) ++ripcordsSeen;
            if (status != 0) {
                v.performUpkeep("");
                ++keeperActions;
                _modelKeeper(status);
                assertTrue(uint8(v.rebalanceStatus()) == 0, "one keeper action restores the vault");
                uint256 lev = v.leverage();
                assertTrue(lev + 1e12 >= 3e18 && lev <= 3e18 + 1e12, "leverage back at target within 1e-6");
            }
        }
        uint256 eq = v.equity();
        console.log("keeper actions / ripcords", keeperActions, ripcordsSeen);
        console.log("equity vault / fee-free model", eq, mE);
        assertTrue(ripcordsSeen != 0, "the path needed a ripcord");
        assertTrue(eq <= mE && eq >= (mE * 99) / 100, "equity within 1 % (fees) of the fee-free model");
        _checkHoldersTakeTheirShare(v);
        _checkMarketSolvent();
    }

    function _modelMove(bool isLong, uint256 next) internal {
        if (next >= mP) {
            uint256 d = (mN * (next - mP)) / mP;
            mE = isLong ? mE + d : (mE > d ? mE - d : 0);
        } else {
            uint256 d = (mN * (mP - next)) / mP;
            mE = isLong ? (mE > d ? mE - d : 0) : mE + d;
        }
        mN = (mN * next) / mP;
        mP = next;
    }

    function _modelKeeper(uint8 status) internal {
        if (status == uint8(ILeverageVault.Status.RIPCORD)) {
            uint256 reward = 10 * USDC; // default ripcordReward, below 1 % of equity here
            mE -= reward;
        }
        mN = 3 * mE;
    }

    /// @dev Every holder redeems everything; each gets at most its share of equity at that moment.
    function _checkHoldersTakeTheirShare(LeverageVault v) internal {
        address[3] memory holders = [SEEDER, ALICE, BOB];
        uint256 totalOut;
        uint256 equityStart = v.equity();
        for (uint256 i; i < 3; ++i) {
            uint256 bal = _token(v).balanceOf(holders[i]);
            uint256 share = (v.equity() * bal) / _token(v).totalSupply();
            uint256 out = _redeem(v, holders[i], bal);
            assertTrue(out <= share, "no holder takes more than its share");
            totalOut += out;
        }
        assertTrue(totalOut <= equityStart, "holders together take no more than equity");
    }

    function _checkMarketSolvent() internal view {
        uint256 margins = market.accounts(address(longVault)).margin + market.accounts(address(shortVault)).margin;
        assertTrue(market.reserves() == margins + market.poolBalance(), "reserves = pool + margins");
        assertTrue(usdc.balanceOf(address(market)) >= market.reserves(), "market balance covers reserves");
    }
}
