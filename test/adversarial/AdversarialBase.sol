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
            _mint(longVault, SEEDER, 1_000_000 * USDC);
            _mint(shortVault, SEEDER, 1_000_000 * USDC);
        }
    }

    /// @dev Sets the feed to `price` (8 decimals) x (10_000 + bps) / 10_000.
    function _move(int256 bps) internal {
        feed.setPrice((feed.latestAnswer() * (10_000 + bps)) / 10_000);
    }

    function _abs(int256 x) internal pure returns (uint256) {
        return uint256(x >= 0 ? x : -x);
    }
}
