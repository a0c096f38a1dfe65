// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {LeveragedToken} from "../../contracts/LeveragedToken.sol";
import {VaultScenario} from "./VaultScenario.sol";

/// @title LeverageVault streaming-fee fuzz properties
/// @notice Property (d): the streaming fee never exceeds its rate. FeeMath.managementFeeTokensUp mints
/// ceil(supply x rate x elapsed / year) tokens, so the recipient's share of the new supply is below
/// rate x elapsed / year before rounding, and the rounding adds at most one token unit per accrual.
contract LeverageVaultFeesFuzzTest is VaultScenario {
    uint256 internal constant MAX_RATE = 0.05e18; // VaultParamsLib.MAX_MANAGEMENT_FEE_RATE

    /// @notice (d) At every accrual — triggered by a mint, a redeem or a parameter change — the tokens minted to
    /// the fee recipient are at most rate x elapsed / year of the supply right after the accrual, plus one unit:
    /// fee x year x WAD <= rate x elapsed x supply + year x WAD. Up to 8 accruals, each after up to a year.
    function test_fuzz_streamingFeeNeverExceedsRate(
        bool isLong,
        uint256 rate,
        uint256 amount,
        uint256 accruals,
        uint256 elapsedSeed,
        uint256 triggerSeed
    ) public {
        LeverageVault vault = _vault(isLong);
        LeveragedToken token = _token(vault);
        rate = bound(rate, 0, MAX_RATE);
        _setFees(vault, 10, 10, rate, 5);
        uint256 aliceTokens = _mint(vault, ALICE, bound(amount, USDC, 1_000_000 * USDC));
        accruals = bound(accruals, 1, 8);

        for (uint256 i; i < accruals; ++i) {
            uint256 elapsed = bound(uint32(elapsedSeed >> (32 * i)), 0, YEAR);
            _elapse(elapsed);
            uint256 feeBefore = token.balanceOf(FEE_RECIPIENT);
            uint256 trigger = (triggerSeed >> (8 * i)) % 3;
            uint256 supplyAtAccrual;
            if (trigger == 0) {
                vault.setParams(vault.params());
                supplyAtAccrual = token.totalSupply();
            } else if (trigger == 1) {
                uint256 minted = _mint(vault, BOB, 100 * USDC);
                supplyAtAccrual = token.totalSupply() - minted;
            } else {
                uint256 tokensIn = aliceTokens / 16;
                _redeem(vault, ALICE, tokensIn);
                aliceTokens -= tokensIn;
                supplyAtAccrual = token.totalSupply() + tokensIn;
            }
            uint256 fee = token.balanceOf(FEE_RECIPIENT) - feeBefore;
            assertLe(
                fee * YEAR * WAD,
                rate * elapsed * supplyAtAccrual + YEAR * WAD,
                "d/perAccrual: fee share above rate"
            );
        }
    }

    /// @notice (d) In value: over any wait and any rate within the cap, with the price and funding still, holders'
    /// NAV falls by at most rate x elapsed / year of itself (rounded up) plus one collateral unit for nav()'s
    /// rounding, and the recipient's share of the supply is at most rate x elapsed / year plus one token unit.
    function test_fuzz_streamingFeeValueShareNeverExceedsRate(
        bool isLong,
        uint256 rate,
        uint256 amount,
        uint256 elapsed
    ) public {
        LeverageVault vault = _vault(isLong);
        LeveragedToken token = _token(vault);
        rate = bound(rate, 0, MAX_RATE);
        _setFees(vault, 0, 0, rate, 5);
        _mint(vault, ALICE, bound(amount, USDC, 1_000_000 * USDC));
        uint256 navBefore = vault.nav();
        elapsed = bound(elapsed, 0, 10 * YEAR);

        _elapse(elapsed);
        vault.setParams(vault.params());

        uint256 navAfter = vault.nav();
        uint256 maxDrop = _ceilDiv(navBefore * rate * elapsed, WAD * YEAR) + 1;
        assertLe(navBefore - navAfter, maxDrop, "d/value: holders' NAV fell by more than the rate");
        uint256 fee = token.balanceOf(FEE_RECIPIENT);
        assertLe(fee * YEAR * WAD, rate * elapsed * token.totalSupply() + YEAR * WAD, "d/share: fee share above rate");
    }

    function _ceilDiv(uint256 a, uint256 b) internal pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }
}
