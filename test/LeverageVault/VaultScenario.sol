// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {LeverFixture} from "../helpers/LeverFixture.sol";

/// @title VaultScenario
/// @notice Fuzzed fee settings and an arbitrary prior vault state, shared by the vault fuzz suites.
abstract contract VaultScenario is LeverFixture {
    /// @notice The factory deployment of LeverFixture: BTC3L and BTC3S created through the factory.
    function setUp() public virtual {
        _setUpFactory();
    }

    /// @notice With fees: mint and redeem fee in [0, 100] bps, streaming fee in [0, 5%] a year (the caps in
    /// VaultParamsLib), taker fee in [0, 100] bps (the market's cap), each drawn from a slice of `seed`.
    /// Without fees: all four are zero.
    function _arrangeFees(LeverageVault vault, bool withFees, uint256 seed) internal {
        if (!withFees) {
            _setFees(vault, 0, 0, 0, 0);
        } else {
            _setFees(
                vault,
                bound(uint64(seed), 0, 100),
                bound(uint64(seed >> 64), 0, 100),
                bound(uint64(seed >> 128), 0, 0.05e18),
                bound(uint64(seed >> 192), 0, 100)
            );
        }
    }

    /// @notice An arbitrary prior state: ALICE holds what `existing` (<= 1M USDC) minted, or nothing when it is
    /// below 10 USDC (the next mint is then the vault's first); then funding runs at a rate in [-50%, +50%] a year,
    /// the price moves by a ratio in [0.9, 1.1], and up to 30 days pass (streaming fee, funding). An instant mint is
    /// refused above the band (docs/security.md A), so a state left above it is rebalanced first, as anyone may;
    /// inside or below the band no rebalance happens.
    function _arrangeState(
        LeverageVault vault,
        uint256 existing,
        uint256 priceMove,
        uint256 elapsed,
        uint256 funding
    ) internal {
        existing = bound(existing, 0, 1_000_000 * USDC);
        if (existing >= 10 * USDC) _mint(vault, ALICE, existing);
        market.setFundingRate(int256(bound(funding, 0, 1e18)) - 0.5e18);
        _movePrice(bound(priceMove, 0.9e18, 1.1e18));
        _elapse(bound(elapsed, 0, 30 days));
        if (existing >= 10 * USDC && vault.leverage() > vault.params().maxLeverage) {
            // funding of up to 50 %/year for 30 days on top of the move can reach the ripcord
            if (vault.rebalanceStatus() == ILeverageVault.Status.RIPCORD) vault.ripcord();
            else vault.rebalance();
        }
    }
}
