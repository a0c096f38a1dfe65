// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {console} from "hardhat/console.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {LeverFixture} from "../helpers/LeverFixture.sol";

/// @notice Finding A (issue 11, docs/security.md): an instant mint grows the position pro rata, so the minter takes
/// the vault's *current* leverage, while the fees were sized to price out front-running one oracle update at
/// *target* leverage. The issue's table, on the deployed fees (3x: 68/68 bps, 2x: 46/46 bps, taker 5 bps): 100,000
/// minted next to a 1M holder, one favourable update, then redeemed. Before the fix every row was a profit (BTC3L at
/// 3.48x +15.09 / +186.57, ETH2L at 2.385x +45.22 / +163.20, BTC3L at 4.13x +266.50 / +469.43, at 5.08x +641.67).
/// Now an instant mint is refused above the band (`MintAboveBand`) and the mint and redeem fees scale with the
/// vault's leverage above target (FeeMath.bpsAtLeverageUp), so every row is a loss or a revert.
/// @dev Written against the vault's external API only (the new error is matched by its selector), so it also
/// compiles against the code before the fix; there it fails on the first row.
contract InstantFrontRunTest is LeverFixture {
    address internal constant HOLDER = address(0x401D);
    address internal constant TRADER = address(0xF407);
    uint256 internal constant C = 100_000 * USDC;
    uint256 internal constant FEE_2X = 46;
    bytes4 internal constant MINT_ABOVE_BAND = bytes4(keccak256("MintAboveBand(uint256,uint256)"));

    /// @dev A fresh market and vault (target `target`, band +-0.5 for 3x / +-0.4 for 2x, ripcord +2 / +1.5,
    /// mint and redeem fee `feeBps`), a 1M holder, then the price moved until the vault sits at `lev`.
    function _vaultAt(uint256 target, uint256 feeBps, uint256 lev, bool isLong) internal returns (LeverageVault v) {
        _deployMarket(address(this), 100_000_000 * USDC);
        ILeverageVault.VaultParams memory p = _defaultParams(target);
        bool three = target >= 3e18;
        p.minLeverage = uint80(target - (three ? 0.5e18 : 0.4e18));
        p.maxLeverage = uint80(target + (three ? 0.5e18 : 0.4e18));
        p.ripcordLeverage = uint80(target + (three ? 2e18 : 1.5e18));
        p.mintFeeBps = uint16(feeBps);
        p.redeemFeeBps = uint16(feeBps);
        v = _deployVault("X", isLong, target, p, address(this), FEE_RECIPIENT);
        _mint(v, HOLDER, 1_000_000 * USDC);
        // long: L = T(1 + x) / (1 + T x), so x = (T - L) / (T (L - 1)); short: L = T(1 + x) / (1 - T x), so
        // x = (L - T) / (T (L + 1))
        int256 t = int256(target);
        int256 l = int256(lev);
        int256 x = isLong ? ((t - l) * 1e18) / ((t * (l - 1e18)) / 1e18) : ((l - t) * 1e18) / ((t * (l + 1e18)) / 1e18);
        feed.setPrice((feed.latestAnswer() * (1e18 + x)) / 1e18);
        assertApproxEqAbs(v.leverage(), lev, 0.01e18, "the vault sits at the row's leverage");
    }

    /// @dev Mint C, move the price by `ppm` in the holder's favour, redeem everything. Returns (reverted, profit).
    function _frontRun(LeverageVault v, uint256 ppm) internal returns (bool refused, int256 profit) {
        usdc.mint(TRADER, C);
        vm.startPrank(TRADER);
        usdc.approve(address(v), C);
        try v.mint(C, 0, TRADER) returns (uint256 tokens) {
            vm.stopPrank();
            int256 move = int256(ppm);
            if (!v.isLong()) move = -move;
            feed.setPrice((feed.latestAnswer() * (1_000_000 + move)) / 1_000_000);
            profit = int256(_redeem(v, TRADER, tokens)) - int256(C);
        } catch (bytes memory reason) {
            vm.stopPrank();
            assertTrue(bytes4(reason) == MINT_ABOVE_BAND, "refused with MintAboveBand");
            refused = true;
        }
    }

    function _row(string memory name, uint256 target, uint256 feeBps, uint256 lev, uint256 ppm, bool isLong) internal {
        LeverageVault v = _vaultAt(target, feeBps, lev, isLong);
        uint256 at = v.leverage();
        (, , , ILeverageVault.Status status) = v.vaultState();
        (bool refused, int256 profit) = _frontRun(v, ppm);
        console.log(name, "leverage (1e-4)", at / 1e14);
        console.log("  status, move ppm", uint256(status), ppm);
        if (refused) console.log("  mint refused: MintAboveBand");
        else console.log("  round-trip profit (1e-6 USDC)", vm.toString(profit));
        if (!refused && profit >= 0) ++_profitable;
    }

    /// @dev Rows that paid; the tests run every row (so the figures print) and assert at the end.
    uint256 internal _profitable;

    function _assertNoRowPaid() internal view {
        assertEq(_profitable, 0, "every front-run of one update is a loss or a revert");
    }

    function test_frontRun_issueTable_everyRowALossOrARevert() public {
        _row("BTC3L", 3e18, 68, 3.48e18, 5_000, true);
        _row("BTC3L", 3e18, 68, 3.48e18, 5_500, true);
        _row("ETH2L", 2e18, FEE_2X, 2.385e18, 5_000, true);
        _row("ETH2L", 2e18, FEE_2X, 2.385e18, 5_500, true);
        _row("BTC3L", 3e18, 68, 4.13e18, 5_000, true);
        _row("BTC3L", 3e18, 68, 4.13e18, 5_500, true);
        _row("BTC3L", 3e18, 68, 5.08e18, 5_500, true);
        _assertNoRowPaid();
    }

    /// The fee rule holds at every leverage an instant mint can happen at: across the band (and just below it),
    /// for the long and the short, a favourable update of up to the threshold plus the 10 % headroom loses.
    function test_frontRun_acrossTheBand_alwaysALoss() public {
        uint256[5] memory levs3 = [uint256(2.4e18), 2.8e18, 3.2e18, 3.45e18, 3.499e18];
        uint256[5] memory levs2 = [uint256(1.5e18), 1.9e18, 2.2e18, 2.35e18, 2.399e18];
        for (uint256 i; i < levs3.length; ++i) {
            _row("3x long", 3e18, 68, levs3[i], 5_500, true);
            _row("3x short", 3e18, 68, levs3[i], 5_500, false);
            _row("2x long", 2e18, FEE_2X, levs2[i], 5_500, true);
            _row("2x short", 2e18, FEE_2X, levs2[i], 5_500, false);
        }
        _assertNoRowPaid();
    }

    /// Above the band an instant mint is refused with the leverage and the band's top; a minter never buys more
    /// than the band. Inside it, a time-based REBALANCE pending does not stop minting.
    function test_mint_refusedAboveTheBandOnly() public {
        LeverageVault v = _vaultAt(3e18, 68, 3.7e18, true);
        uint256 lev = v.leverage();
        usdc.mint(TRADER, C);
        vm.startPrank(TRADER);
        usdc.approve(address(v), C);
        vm.expectRevert(abi.encodeWithSelector(MINT_ABOVE_BAND, lev, 3.5e18));
        v.mint(C, 0, TRADER);
        vm.stopPrank();
        v.rebalance();
        assertTrue(_mint(v, TRADER, C) != 0, "after the rebalance the mint goes ahead");

        v = _vaultAt(3e18, 68, 3.3e18, true);
        _elapse(1 days);
        assertEq(uint256(v.rebalanceStatus()), uint256(ILeverageVault.Status.REBALANCE), "a rebalance is due");
        assertTrue(_mint(v, TRADER, C) != 0, "inside the band a due rebalance does not stop a mint");
    }
}
