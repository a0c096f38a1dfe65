// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {LeverFixture} from "../helpers/LeverFixture.sol";

/// @notice A BTC-USD market (60,000, 100M USDC pool) with a 3x long and a 3x short vault at the fixture
/// parameters (test/helpers/FixtureParams.sol: mint/redeem fee 10 bps, taker fee 5 bps), each seeded by a
/// 1M USDC holder.
abstract contract AdversarialBase is LeverFixture {
    address internal constant SEEDER = address(0x5EED);

    function _setUpVaults(bool seed) internal {
        _deployMarket(address(this), 100_000_000 * USDC);
        longVault = _deployVault("BTC3L", true, 3e18, _defaultParams(3e18), address(this), FEE_RECIPIENT);
        shortVault = _deployVault("BTC3S", false, 3e18, _defaultParams(3e18), address(this), FEE_RECIPIENT);
        if (seed) {
            _mintAs(SEEDER, longVault, 1_000_000 * USDC);
            _mintAs(SEEDER, shortVault, 1_000_000 * USDC);
        }
    }

    function _mintAs(address who, LeverageVault v, uint256 amount) internal returns (uint256 tokens) {
        usdc.mint(who, amount);
        vm.startPrank(who);
        usdc.approve(address(v), amount);
        tokens = v.mint(amount, 0, who);
        vm.stopPrank();
    }

    function _redeemAs(address who, LeverageVault v, uint256 tokens) internal returns (uint256 out) {
        vm.prank(who);
        out = v.redeem(tokens, 0, who);
    }

    /// @dev Sets the feed to `price` (8 decimals) x (10_000 + bps) / 10_000.
    function _move(int256 bps) internal {
        feed.setPrice((feed.latestAnswer() * (10_000 + bps)) / 10_000);
    }

    function _abs(int256 x) internal pure returns (uint256) {
        return uint256(x >= 0 ? x : -x);
    }
}
