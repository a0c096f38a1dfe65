// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {console} from "hardhat/console.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {IPerpMarket} from "../../contracts/interfaces/IPerpMarket.sol";
import {AdversarialBase} from "./AdversarialBase.sol";

/// @notice First-depositor inflation (donation) attack on an empty vault: unprofitable.
/// The classic attack mints a dust position, donates to inflate NAV so that the victim's tokens round
/// down to (almost) nothing, then redeems the whole vault. Here a donation cannot reach the vault's
/// equity at all: collateral sent to the vault address is not the vault's (it holds none), and collateral
/// sent to the market is unaccounted surplus that the market credits to whoever claims it first, never
/// to the vault. Virtual shares (initial NAV 100 USDC) bound the rounding loss in any case.
contract InflationAttackTest is AdversarialBase {
    address internal constant ATTACKER = address(0xBAD);
    address internal constant VICTIM = address(0xF00D);
    uint256 internal constant DONATION = 1_000_000 * USDC;
    uint256 internal constant VICTIM_DEPOSIT = 10_000 * USDC;

    function setUp() public {
        _setUpVaults(false);
    }

    /// @dev The smallest first mint that yields tokens, then a 1M USDC donation to the vault and to the market.
    function _attack() internal returns (uint256 attackerTokens, uint256 victimTokens) {
        attackerTokens = _mint(longVault, ATTACKER, 1_000); // 0.001 USDC
        usdc.mint(ATTACKER, 2 * DONATION);
        vm.startPrank(ATTACKER);
        usdc.transfer(address(longVault), DONATION);
        usdc.transfer(address(market), DONATION);
        vm.stopPrank();
        victimTokens = _mint(longVault, VICTIM, VICTIM_DEPOSIT);
    }

    function test_inflation_donationDoesNotMoveNavAndVictimGetsFairShare() public {
        uint256 navBefore = longVault.nav();
        (uint256 attackerTokens, uint256 victimTokens) = _attack();
        // Victim's net deposit: 10 bps mint fee, then the 5 bps taker fee on its 3x trade, which is sized on
        // equity after that fee (leverage unchanged): added = net - 3 x 5 bps x added = net / (1 + 15 bps).
        uint256 net = VICTIM_DEPOSIT - (VICTIM_DEPOSIT * 10) / 10_000;
        uint256 expectedAdded = (net * 10_000) / (10_000 + 3 * 5);
        uint256 victimValue = longVault.previewRedeem(victimTokens);
        uint256 victimGross = (victimTokens * longVault.nav()) / WAD;
        console.log("attacker tokens", attackerTokens, "victim tokens", victimTokens);
        console.log("victim value at NAV", victimGross, "redeemable now", victimValue);
        assertTrue(longVault.nav() <= navBefore, "a donation does not raise NAV");
        // victim keeps its deposit less fees, within 1 USDC below (roundings) and 0.01 USDC above: the attacker's
        // dust position makes the pro-rata size round so that the victim's taker fee is a few units lower
        assertTrue(
            victimGross + 1 * USDC >= expectedAdded && victimGross <= expectedAdded + USDC / 100,
            "victim holds its net deposit"
        );
    }

    function test_inflation_attackerLosesTheDonation() public {
        (uint256 attackerTokens, ) = _attack();
        uint256 out = _redeem(longVault, ATTACKER, attackerTokens);
        uint256 spent = 1_000 + 2 * DONATION;
        console.log("attacker spent", spent, "got back from the vault", out);
        assertTrue(out <= 1_000, "the attacker gets back at most its dust deposit");
        // the vault-address donation is stuck for good; the market surplus goes to whoever claims it first
        assertTrue(usdc.balanceOf(address(longVault)) == DONATION, "donation to the vault is not equity");
        assertTrue(
            usdc.balanceOf(address(market)) - market.reserves() == DONATION,
            "donation to the market is unaccounted"
        );
    }

    /// Market surplus is credited only to the caller's own account: anyone (not the vault) may claim it.
    function test_inflation_marketSurplusIsClaimableByAnyoneNotTheVault() public {
        _attack();
        uint256 equityBefore = longVault.equity();
        address claimer = address(0xC1A1);
        vm.prank(claimer);
        market.modifyPosition(0, int256(DONATION), address(0));
        assertTrue(market.accounts(claimer).margin == DONATION, "surplus credited to the claimer");
        assertTrue(longVault.equity() == equityBefore, "vault equity unchanged");
        vm.prank(address(0xDEAD));
        vm.expectRevert(abi.encodeWithSelector(IPerpMarket.DepositNotReceived.selector, 1, 0));
        market.modifyPosition(0, 1, address(0));
    }

    /// Without a donation, a first mint too small to buy a token unit reverts instead of minting zero.
    function test_inflation_dustFirstMintRevertsInsteadOfMintingZero() public {
        usdc.mint(ATTACKER, 1);
        vm.startPrank(ATTACKER);
        usdc.approve(address(longVault), 1);
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.MintTooSmall.selector, 1));
        longVault.mint(1, 0, ATTACKER);
        vm.stopPrank();
    }
}
