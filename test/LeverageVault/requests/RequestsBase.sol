// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeverageVault} from "../../../contracts/interfaces/ILeverageVault.sol";
import {LeverageVault} from "../../../contracts/LeverageVault.sol";
import {LeverFixture} from "../../helpers/LeverFixture.sol";

/// @notice The factory fixture (BTC3L and BTC3S at 3x, FixtureParams' request fees: 10 bps each side, 0.1 USDC settle
/// reward) with each vault seeded by an instant mint, and request helpers.
abstract contract RequestsBase is LeverFixture {
    address internal constant CAROL = address(0xCA401);
    address internal constant SETTLER = address(0x5E7713);
    uint256 internal constant SEED = 100_000 * USDC;

    function setUp() public virtual {
        _setUpFactory();
        _mint(longVault, BOB, SEED);
        _mint(shortVault, BOB, SEED);
    }

    /// @notice `user` requests a mint of `amount` fresh USDC for itself; returns the id.
    function _requestMint(
        LeverageVault vault,
        address user,
        uint256 amount,
        uint256 minOut
    ) internal returns (uint256) {
        return _requestMintTo(vault, user, amount, minOut, user);
    }

    function _requestMintTo(
        LeverageVault vault,
        address user,
        uint256 amount,
        uint256 minOut,
        address receiver
    ) internal returns (uint256 id) {
        usdc.mint(user, amount);
        vm.startPrank(user);
        usdc.approve(address(vault), amount);
        id = vault.requestMint(amount, minOut, receiver);
        vm.stopPrank();
    }

    /// @notice `user` requests a redeem of `tokensIn` to itself; returns the id.
    function _requestRedeem(
        LeverageVault vault,
        address user,
        uint256 tokensIn,
        uint256 minOut
    ) internal returns (uint256 id) {
        vm.prank(user);
        id = vault.requestRedeem(tokensIn, minOut, user);
    }

    /// @notice Publishes the next round at the price times `ratioWad`, one second later.
    function _nextRound(uint256 ratioWad) internal {
        vm.warp(block.timestamp + 1);
        _movePrice(ratioWad);
    }

    function _settle(LeverageVault vault, uint256 maxRequests) internal returns (uint256 processed) {
        vm.prank(SETTLER);
        processed = vault.settle(maxRequests);
    }

    function _state(LeverageVault vault, uint256 id) internal view returns (ILeverageVault.RequestState) {
        return vault.getRequest(id).state;
    }
}
