// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {VaultScenario} from "./VaultScenario.sol";

/// @title LeverageVault mint/redeem fuzz properties
/// @notice Properties (a) and (b) of the fuzz suite, on the real vaults (3x long and 3x short) and mock market.
contract LeverageVaultMintRedeemFuzzTest is VaultScenario {
    /// @notice (a) A mint followed at once by a redeem of the tokens it gave never returns more collateral
    /// than was put in: any amount in [1, 1M] USDC, any prior state, long and short, with and without fees.
    function test_fuzz_mintThenRedeemNeverReturnsMore(
        bool isLong,
        bool withFees,
        uint256 feeSeed,
        uint256 existing,
        uint256 priceMove,
        uint256 elapsed,
        uint256 funding,
        uint256 amount
    ) public {
        LeverageVault vault = _vault(isLong);
        _arrangeFees(vault, withFees, feeSeed);
        _arrangeState(vault, existing, priceMove, elapsed, funding);
        amount = bound(amount, USDC, 1_000_000 * USDC);

        uint256 tokens = _mint(vault, BOB, amount);
        uint256 out = _redeem(vault, BOB, tokens);

        assertLe(out, amount, "a/mintThenRedeem: collateral out > collateral in");
    }

    /// @notice (b) Another user's mint never lowers an existing holder's NAV, not even by one unit.
    function test_fuzz_otherUsersMintNeverLowersNav(
        bool isLong,
        bool withFees,
        uint256 feeSeed,
        uint256 existing,
        uint256 priceMove,
        uint256 elapsed,
        uint256 funding,
        uint256 amount
    ) public {
        LeverageVault vault = _vault(isLong);
        _arrangeFees(vault, withFees, feeSeed);
        _arrangeState(vault, bound(existing, 10 * USDC, 1_000_000 * USDC), priceMove, elapsed, funding);
        amount = bound(amount, USDC, 1_000_000 * USDC);

        uint256 navBefore = vault.nav();
        _mint(vault, BOB, amount);

        assertGe(vault.nav(), navBefore, "b/mintNav: an existing holder's NAV fell");
    }

    /// @notice Another user's mint leaves the vault's leverage (what existing holders are exposed to) unchanged
    /// within 1e-6: the minter's trade is pro rata and pays its own taker fee. From 10 USDC of existing equity
    /// (below that, whole-unit rounding of the position alone is above 1e-6).
    function test_fuzz_otherUsersMintKeepsLeverage(
        bool isLong,
        bool withFees,
        uint256 feeSeed,
        uint256 existing,
        uint256 priceMove,
        uint256 elapsed,
        uint256 funding,
        uint256 amount
    ) public {
        LeverageVault vault = _vault(isLong);
        _arrangeFees(vault, withFees, feeSeed);
        _arrangeState(vault, bound(existing, 10 * USDC, 1_000_000 * USDC), priceMove, elapsed, funding);
        amount = bound(amount, USDC, 1_000_000 * USDC);

        uint256 leverageBefore = vault.leverage();
        _mint(vault, BOB, amount);

        assertApproxEqAbs(vault.leverage(), leverageBefore, 1e12, "mintLeverage: leverage moved");
    }

    /// @notice (b) Another user's redeem (any part of its balance) never lowers an existing holder's NAV.
    function test_fuzz_otherUsersRedeemNeverLowersNav(
        bool isLong,
        bool withFees,
        uint256 feeSeed,
        uint256 existing,
        uint256 stake,
        uint256 priceMove,
        uint256 elapsed,
        uint256 funding,
        uint256 tokensIn
    ) public {
        LeverageVault vault = _vault(isLong);
        _arrangeFees(vault, withFees, feeSeed);
        uint256 bobTokens = _mint(vault, BOB, bound(stake, USDC, 1_000_000 * USDC));
        _arrangeState(vault, bound(existing, USDC, 1_000_000 * USDC), priceMove, elapsed, funding);
        // From 1e14 tokens (about a cent) to everything BOB holds.
        tokensIn = bound(tokensIn, 1e14, bobTokens);

        uint256 navBefore = vault.nav();
        _redeem(vault, BOB, tokensIn);

        assertGe(vault.nav(), navBefore, "b/redeemNav: an existing holder's NAV fell");
    }

    /// @notice previewMint and previewRedeem are exact within the block (every fee included), and a minOut one
    /// unit above the preview reverts with SlippageExceeded(minOut, actual): any prior state, long and short, any fees.
    function test_fuzz_previewsAreExact(
        bool isLong,
        bool withFees,
        uint256 feeSeed,
        uint256 existing,
        uint256 priceMove,
        uint256 elapsed,
        uint256 funding,
        uint256 amount
    ) public {
        LeverageVault vault = _vault(isLong);
        _arrangeFees(vault, withFees, feeSeed);
        _arrangeState(vault, existing, priceMove, elapsed, funding);
        amount = bound(amount, USDC, 1_000_000 * USDC);
        usdc.mint(BOB, amount);

        vm.startPrank(BOB);
        usdc.approve(address(vault), amount);
        uint256 quoted = vault.previewMint(amount);
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.SlippageExceeded.selector, quoted + 1, quoted));
        vault.mint(amount, quoted + 1, BOB);
        uint256 tokens = vault.mint(amount, quoted, BOB);
        assertEq(tokens, quoted, "preview/mint: tokens out != previewMint");

        uint256 quotedOut = vault.previewRedeem(tokens);
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.SlippageExceeded.selector, quotedOut + 1, quotedOut));
        vault.redeem(tokens, quotedOut + 1, BOB);
        uint256 out = vault.redeem(tokens, quotedOut, BOB);
        vm.stopPrank();

        assertEq(out, quotedOut, "preview/redeem: collateral out != previewRedeem");
        assertEq(usdc.balanceOf(BOB), out, "preview/redeem: BOB was not paid what redeem returned");
    }
}
