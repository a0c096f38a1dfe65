// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {VaultScenario} from "./VaultScenario.sol";

/// @title LeverageVault rebalance fuzz properties
/// @notice Property (c): after a complete rebalance, leverage equals the target within 1e-6 (1e12 WAD).
/// @dev From 10 USDC of equity up. Below that the notional's rounding to whole collateral units (a unit or two,
/// times the target, over equity) is itself larger than 1e-6: at 1 USDC a rebalance lands ~2e-6 off.
contract LeverageVaultRebalanceFuzzTest is VaultScenario {
    uint256 internal constant TARGET = 3e18;
    uint256 internal constant TOLERANCE = 1e12; // 1e-6, LeverageVault.LEVERAGE_TOLERANCE
    uint8 internal constant NONE = uint8(ILeverageVault.Status.NONE);
    uint8 internal constant REBALANCE = uint8(ILeverageVault.Status.REBALANCE);
    uint8 internal constant ITERATE = uint8(ILeverageVault.Status.ITERATE);

    /// @notice A price ratio (WAD) that takes a vault freshly at 3x out of its [2.5x, 3.5x] band without reaching
    /// the 5x ripcord, drawn from the union of the two intervals that do so.
    /// Long: leverage 3r/(3r - 2) is > 3.5 for r < 0.9333, >= 5 for r <= 0.8333, < 2.5 for r > 1.1111.
    /// Short: leverage 3r/(4 - 3r) is > 3.5 for r > 1.0370, >= 5 for r >= 1.1111, < 2.5 for r < 0.9524.
    /// Each interval keeps a margin of at least 0.005 from its edges.
    function _outOfBandMove(bool isLong, uint256 seed) internal pure returns (uint256) {
        (uint256 downLo, uint256 downHi, uint256 upLo, uint256 upHi) = isLong
            ? (0.84e18, 0.925e18, 1.12e18, 3e18)
            : (0.3e18, 0.945e18, 1.045e18, 1.105e18);
        uint256 downWidth = downHi - downLo;
        uint256 x = bound(seed, 0, downWidth + (upHi - upLo) + 1);
        return x <= downWidth ? downLo + x : upLo + (x - downWidth - 1);
    }

    function _setMaxTradeSize(LeverageVault vault, uint256 maxTradeSize) internal {
        ILeverageVault.VaultParams memory p = vault.params();
        p.maxTradeSize = uint128(maxTradeSize);
        p.ripcordMaxTradeSize = type(uint128).max;
        vault.setParams(p);
    }

    /// @notice (c) One rebalance with an unbounded chunk size, after any out-of-band price move and any wait,
    /// lands on the target within 1e-6: equity from 10 USDC to 1M USDC, long and short, any fees.
    function test_fuzz_rebalanceLandsOnTarget(
        bool isLong,
        bool withFees,
        uint256 feeSeed,
        uint256 amount,
        uint256 move,
        uint256 elapsed
    ) public {
        LeverageVault vault = _vault(isLong);
        _arrangeFees(vault, withFees, feeSeed);
        _setMaxTradeSize(vault, type(uint128).max);
        _mint(vault, ALICE, bound(amount, 10 * USDC, 1_000_000 * USDC));
        _movePrice(_outOfBandMove(isLong, move));
        _elapse(bound(elapsed, 0, 2 days));
        assertEq(uint8(vault.rebalanceStatus()), REBALANCE, "c/precondition: status is REBALANCE");

        vault.rebalance();

        assertApproxEqAbs(vault.leverage(), TARGET, TOLERANCE, "c/rebalance: leverage off target");
        assertTrue(!vault.iterating(), "c/rebalance: a complete rebalance left the vault iterating");
        assertEq(uint8(vault.rebalanceStatus()), NONE, "c/rebalance: status after a complete rebalance");
    }

    /// @notice (c) A chunked rebalance (maxTradeSize from a quarter of equity to 20x equity), driven through its
    /// ITERATE steps one cooldown apart, lands on the target within 1e-6 when it completes.
    function test_fuzz_chunkedRebalanceLandsOnTarget(
        bool isLong,
        bool withFees,
        uint256 feeSeed,
        uint256 amount,
        uint256 move,
        uint256 chunk
    ) public {
        LeverageVault vault = _vault(isLong);
        _arrangeFees(vault, withFees, feeSeed);
        amount = bound(amount, 10 * USDC, 1_000_000 * USDC);
        _setMaxTradeSize(vault, bound(chunk, amount / 4, amount * 20));
        _mint(vault, ALICE, amount);
        _movePrice(_outOfBandMove(isLong, move));
        assertEq(uint8(vault.rebalanceStatus()), REBALANCE, "c/precondition: status is REBALANCE");

        vault.rebalance();
        uint256 steps = 1;
        while (vault.iterating()) {
            assertEq(uint8(vault.rebalanceStatus()), NONE, "c/chunked: no new trade during the cooldown");
            _elapse(vault.params().twapCooldown);
            assertEq(uint8(vault.rebalanceStatus()), ITERATE, "c/chunked: ITERATE once the cooldown has passed");
            vault.rebalance();
            assertLe(++steps, 100, "c/chunked: too many chunks");
        }

        assertApproxEqAbs(vault.leverage(), TARGET, TOLERANCE, "c/chunked: leverage off target");
    }
}

/// @notice Vaults no trade can help report NONE even above the ripcord leverage, and their actions agree (ripcord,
/// rebalance and performUpkeep revert, checkUpkeep says no): a dust vault (equity below 1 USDC), and a vault beyond
/// rescue (closing its position would cost its whole equity in taker fee: leverage >= 10,000 / 5 bps = 2,000x).
/// Both found by the 1M-call invariant campaign (a ripcord that succeeded while the status was NONE; a RIPCORD
/// status whose ripcord the market refused with InsufficientMargin).
contract LeverageVaultNoRescueTest is VaultScenario {
    function _expectNothingToDo(LeverageVault vault) internal {
        uint256 lev = vault.leverage();
        assertEq(uint8(vault.rebalanceStatus()), uint8(ILeverageVault.Status.NONE), "status NONE");
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.RipcordNotNeeded.selector, lev, 5e18));
        vault.ripcord();
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.RebalanceNotNeeded.selector, uint8(0)));
        vault.rebalance();
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.RebalanceNotNeeded.selector, uint8(0)));
        vault.performUpkeep("");
        (bool needed, ) = vault.checkUpkeep("");
        assertTrue(!needed, "no upkeep");
    }

    /// 3x short, 100,000 USDC, price x 1.3330: equity ~100 USDC against ~400,000 USDC of notional (~4,000x);
    /// closing would cost ~200 USDC of fee.
    function test_status_noneBeyondRescue() public {
        LeverageVault vault = _vault(false);
        _mint(vault, ALICE, 100_000 * USDC);
        _movePrice(1.3330e18);
        uint256 closingFee = (((vault.leverage() * vault.equity()) / 1e18) * 5) / 10_000;
        assertTrue(vault.equity() > 1 * USDC && closingFee >= vault.equity(), "precondition: beyond rescue");
        _expectNothingToDo(vault);
    }

    /// Just short of it, x 1.3325 (~1,600x, equity ~250 USDC, closing fee ~200 USDC), the ripcord still works.
    function test_ripcord_worksJustShortOfBeyondRescue() public {
        LeverageVault vault = _vault(false);
        _mint(vault, ALICE, 100_000 * USDC);
        _movePrice(1.3325e18);
        assertTrue(vault.leverage() > 1_500e18, "precondition: far above the market's 20x");
        assertEq(uint8(vault.rebalanceStatus()), uint8(ILeverageVault.Status.RIPCORD), "still rescuable: RIPCORD");
        vault.ripcord();
        assertApproxEqAbs(vault.leverage(), 3e18, 1e12, "the ripcord lands on target");
    }

    function test_ripcord_revertsInDustVaultAboveRipcordLeverage() public {
        LeverageVault vault = _vault(true);
        uint256 tokens = _mint(vault, ALICE, 1_000 * USDC);
        _redeem(vault, ALICE, tokens - tokens / 2_000); // keeps ~0.5 USDC of equity at 3x
        _movePrice(0.8e18); // 3x long, -20 %: leverage 2.4 / 0.4 = 6x, above the 5x ripcord
        uint256 lev = vault.leverage();
        assertGe(lev, vault.params().ripcordLeverage, "precondition: above the ripcord leverage");
        assertTrue(vault.equity() < 1 * USDC, "precondition: dust equity");
        assertTrue(vault.equity() > 0, "precondition: not wiped out");
        _expectNothingToDo(vault);
    }
}
