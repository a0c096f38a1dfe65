// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {console} from "hardhat/console.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {AdversarialBase} from "./AdversarialBase.sol";

/// @notice Sandwiching a rebalance is unprofitable. A rebalance trades at the oracle price with no price
/// impact, so there is nothing to sandwich: above the band the mint before it is refused (finding A); inside it
/// a minter who enters just before and leaves just after only pays fees; a holder who leaves before and re-enters after pays more in fees than its share of the
/// rebalance's taker fee that it dodges.
contract RebalanceSandwichTest is AdversarialBase {
    address internal constant ATTACKER = address(0xBAD);
    address internal constant HOLDER = address(0x401D);
    uint256 internal constant C = 100_000 * USDC;

    function setUp() public {
        _setUpVaults(true);
    }

    /// Finding A: a rebalance pending above the band cannot be sandwiched at all, the mint before it is refused.
    function test_sandwich_mintBeforeARebalanceAboveTheBandIsRefused() public {
        _move(-1_000); // 3x long at ~3.86x: REBALANCE
        _expectMintRefused(longVault);
        _move(1_112); // back to ~3x, then the short: 3x short at ~4.71x on +10 %
        _move(1_000);
        _expectMintRefused(shortVault);
    }

    function _expectMintRefused(LeverageVault v) internal {
        assertTrue(uint8(v.rebalanceStatus()) == 1, "rebalance pending");
        uint256 lev = v.leverage();
        usdc.mint(ATTACKER, C);
        vm.startPrank(ATTACKER);
        usdc.approve(address(v), C);
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.MintAboveBand.selector, lev, 3.5e18));
        v.mint(C, 0, ATTACKER);
        vm.stopPrank();
    }

    /// Inside the band, a due rebalance can be sandwiched and the sandwich only pays fees.
    function test_sandwich_mintBeforeRedeemAfterAnInBandRebalanceLoses() public {
        _move(-500); // 3x long at ~3.35x
        _elapse(1 days); // the interval is due: REBALANCE inside the band
        assertTrue(uint8(longVault.rebalanceStatus()) == 1, "rebalance pending");
        uint256 tokens = _mint(longVault, ATTACKER, C);
        longVault.rebalance();
        uint256 out = _redeem(longVault, ATTACKER, tokens);
        // at least the mint fee and the redeem fee (10 bps each) are lost
        uint256 minLoss = (C * 10) / 10_000 + (out * 10) / 10_000;
        console.log("sandwich: in", C, "out", out);
        assertTrue(out + minLoss <= C, "the sandwich loses at least both fees");
    }

    function test_sandwich_shortVault_mintBeforeRedeemAfterAnInBandRebalanceLoses() public {
        _move(300); // 3x short at ~3.36x
        _elapse(1 days);
        assertTrue(uint8(shortVault.rebalanceStatus()) == 1, "rebalance pending");
        uint256 tokens = _mint(shortVault, ATTACKER, C);
        shortVault.rebalance();
        uint256 out = _redeem(shortVault, ATTACKER, tokens);
        console.log("short sandwich: in", C, "out", out);
        assertTrue(out + (C * 10) / 10_000 + (out * 10) / 10_000 <= C, "the sandwich loses at least both fees");
    }

    /// A holder dodging the rebalance (redeem before, mint after) ends worse off than one who holds.
    function test_sandwich_dodgingTheRebalanceCostsMoreThanHolding() public {
        uint256 heldValue = _holderScenario(false);
        _setUpVaults(true);
        uint256 dodgedValue = _holderScenario(true);
        console.log("holder value: held", heldValue, "dodged", dodgedValue);
        assertTrue(dodgedValue < heldValue, "dodging the rebalance does not pay");
    }

    function _holderScenario(bool dodge) internal returns (uint256 value) {
        uint256 tokens = _mint(longVault, HOLDER, C);
        _move(-1_000);
        if (dodge) {
            uint256 out = _redeem(longVault, HOLDER, tokens);
            longVault.rebalance();
            _mint(longVault, HOLDER, out);
        } else {
            longVault.rebalance();
        }
        value = (_token(longVault).balanceOf(HOLDER) * longVault.nav()) / WAD;
    }
}
