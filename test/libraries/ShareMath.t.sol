// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ShareMath} from "../../contracts/libraries/ShareMath.sol";
import {TestBase} from "../helpers/TestBase.sol";

/// @title ShareMath fuzz tests
/// @notice Round trips never create value. The vault's virtual shares for 6-decimal collateral are 1e10
/// (initial NAV: 100 USDC per 1e18 tokens). Assets up to 1e12 USDC, supply up to 1e30 tokens, any ratio.
contract ShareMathFuzzTest is TestBase {
    uint256 internal constant VIRTUAL_SHARES = 1e10;

    /// @notice Deposit then withdraw: the tokens `assets` buy are worth at most `assets` in the state after the deposit.
    function test_fuzz_mintThenRedeemNeverCreatesValue(
        uint256 assets,
        uint256 totalAssets,
        uint256 totalSupply
    ) public pure {
        assets = bound(assets, 0, 1e18);
        totalAssets = bound(totalAssets, 0, 1e18);
        totalSupply = bound(totalSupply, 0, 1e30);

        uint256 tokens = ShareMath.toTokensDown(assets, totalAssets, totalSupply, VIRTUAL_SHARES);
        uint256 back = ShareMath.toAssetsDown(tokens, totalAssets + assets, totalSupply + tokens, VIRTUAL_SHARES);

        assertLe(back, assets, "shareMath/mintThenRedeem: assets created");
    }

    /// @notice Withdraw then deposit: the assets `tokens` redeem buy back at most `tokens` in the state after.
    function test_fuzz_redeemThenMintNeverCreatesTokens(
        uint256 tokens,
        uint256 totalAssets,
        uint256 totalSupply
    ) public pure {
        totalAssets = bound(totalAssets, 0, 1e18);
        totalSupply = bound(totalSupply, 0, 1e30);
        tokens = bound(tokens, 0, totalSupply);

        uint256 assets = ShareMath.toAssetsDown(tokens, totalAssets, totalSupply, VIRTUAL_SHARES);
        assertLe(assets, totalAssets, "shareMath/redeem: more than the total assets");
        uint256 back = ShareMath.toTokensDown(assets, totalAssets - assets, totalSupply - tokens, VIRTUAL_SHARES);

        assertLe(back, tokens, "shareMath/redeemThenMint: tokens created");
    }

    /// @notice At a fixed state, assets -> tokens -> assets never grows.
    function test_fuzz_conversionRoundTripNeverGrows(
        uint256 assets,
        uint256 totalAssets,
        uint256 totalSupply
    ) public pure {
        assets = bound(assets, 0, 1e18);
        totalAssets = bound(totalAssets, 0, 1e18);
        totalSupply = bound(totalSupply, 0, 1e30);

        uint256 tokens = ShareMath.toTokensDown(assets, totalAssets, totalSupply, VIRTUAL_SHARES);
        uint256 back = ShareMath.toAssetsDown(tokens, totalAssets, totalSupply, VIRTUAL_SHARES);

        assertLe(back, assets, "shareMath/roundTrip: assets created");
    }

    /// @notice navDown never exceeds the exact NAV (1e18 x (E + 1) / (S + v)) and is off by less than one unit;
    /// a wiped-out vault (supply out, no equity) is worth 0.
    function test_fuzz_navDownNeverExceedsExact(uint256 totalAssets, uint256 totalSupply) public pure {
        totalAssets = bound(totalAssets, 0, 1e18);
        totalSupply = bound(totalSupply, 0, 1e30);
        uint256 nav = ShareMath.navDown(totalAssets, totalSupply, VIRTUAL_SHARES);
        if (totalSupply != 0 && totalAssets == 0) {
            assertEq(nav, 0, "navDown: a wiped-out vault is worth something");
            return;
        }
        uint256 denom = totalSupply + VIRTUAL_SHARES;
        // exact = 1e18 (E + 1) / denom: nav x denom <= 1e18 (E + 1) < (nav + 1) x denom
        assertLe(nav * denom, 1e18 * (totalAssets + 1), "navDown: above the exact NAV");
        assertTrue((nav + 1) * denom > 1e18 * (totalAssets + 1), "navDown: more than one unit below the exact NAV");
    }

    /// @notice Before the first mint navDown is the initial NAV: 100 collateral units x 10^6 for 6 decimals.
    function test_navDown_initialNav() public pure {
        assertEq(ShareMath.navDown(0, 0, VIRTUAL_SHARES), 1e8, "navDown: initial NAV");
    }
}
