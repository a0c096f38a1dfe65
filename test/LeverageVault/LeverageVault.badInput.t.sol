// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICommonErrors} from "../../contracts/interfaces/ICommonErrors.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {BadInputBase} from "../helpers/BadInputBase.sol";

/// @notice LeverageVault actions with zero amounts, max uint, zero addresses, the wrong caller, while
/// paused, and with expired or forged permits: each reverts with its specific error.
contract VaultBadInputTest is BadInputBase {
    address internal alice;
    uint256 internal aliceTokens;

    function setUp() public {
        _setUpVaults(true);
        alice = vm.addr(OWNER_KEY);
        aliceTokens = _mint(longVault, alice, 10_000 * USDC);
        usdc.mint(alice, 10_000 * USDC);
        vm.prank(alice);
        usdc.approve(address(longVault), type(uint256).max);
    }

    // ---- mint --------------------------------------------------------------------------------

    function test_mint_revertsOnZeroAmount() public {
        vm.prank(alice);
        vm.expectRevert(ICommonErrors.ZeroAmount.selector);
        longVault.mint(0, 0, alice);
    }

    function test_mint_revertsOnZeroReceiver() public {
        vm.prank(alice);
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        longVault.mint(1_000 * USDC, 0, address(0));
    }

    function test_mint_revertsWhilePaused() public {
        longVault.pauseMint();
        vm.prank(alice);
        vm.expectRevert(ILeverageVault.MintingPaused.selector);
        longVault.mint(1_000 * USDC, 0, alice);
    }

    function test_mint_revertsOnSlippage() public {
        uint256 quote = longVault.previewMint(1_000 * USDC);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.SlippageExceeded.selector, quote + 1, quote));
        longVault.mint(1_000 * USDC, quote + 1, alice);
    }

    function test_mint_revertsAboveCollateralCap() public {
        ILeverageVault.VaultParams memory p = longVault.params();
        p.collateralCap = uint128(longVault.equity() + 500 * USDC);
        longVault.setParams(p);
        uint256 c = 1_000 * USDC;
        // independent: 10 bps mint fee x L / 3 above target (L a hair above 3x here), then the pro-rata size on
        // equity after the fee, dN = N x net / (E + N x 5 bps), and its 5 bps taker fee (notional and fee rounded up)
        uint256 scale = longVault.leverage() > 3e18 ? longVault.leverage() : 3e18;
        uint256 net = c - _ceilDiv(c * 10 * scale, 10_000 * 3e18);
        uint256 absSize = _abs(market.positionSize(address(longVault)));
        uint256 absDelta =
            (absSize * net) / (longVault.equity() + _ceilDiv(((absSize * 60_000e18) / 1e30) * 5, 10_000));
        uint256 tradeFee = _ceilDiv(_ceilDiv(absDelta * 60_000e18, 1e30) * 5, 10_000);
        uint256 equityAfter = longVault.equity() + net - tradeFee;
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ILeverageVault.CollateralCapExceeded.selector, p.collateralCap, equityAfter)
        );
        longVault.mint(c, 0, alice);
    }

    function test_mint_revertsOnMaxUintAboveCap() public {
        vm.prank(alice);
        // finding F-3 (fixed): an amount above the cap alone is refused before any math, with a readable error
        uint256 cap = longVault.params().collateralCap;
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.MintAboveCap.selector, cap, type(uint256).max));
        longVault.mint(type(uint256).max, 0, alice);
    }

    function test_mint_revertsWithoutAllowance() public {
        vm.prank(STRANGER);
        usdc.approve(address(longVault), 0);
        usdc.mint(STRANGER, 1_000 * USDC);
        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSignature(
                "ERC20InsufficientAllowance(address,uint256,uint256)",
                address(longVault),
                0,
                1_000 * USDC
            )
        );
        longVault.mint(1_000 * USDC, 0, STRANGER);
    }

    function test_mint_revertsWithoutBalance() public {
        vm.startPrank(STRANGER);
        usdc.approve(address(longVault), type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSignature("ERC20InsufficientBalance(address,uint256,uint256)", STRANGER, 0, 1_000 * USDC)
        );
        longVault.mint(1_000 * USDC, 0, STRANGER);
        vm.stopPrank();
    }

    // ---- mintWithPermit ----------------------------------------------------------------------

    /// @dev Literal times: under via-IR a local copy of block.timestamp may be re-read after vm.warp.
    uint256 internal constant DEADLINE = 1_000_000;

    /// @dev Clears alice's allowance and signs a permit for 1,000 USDC with `key`.
    function _preparePermit(uint256 key) internal returns (uint8 v, bytes32 r, bytes32 s) {
        vm.prank(alice);
        usdc.approve(address(longVault), 0);
        return
            _sign(key, usdc.DOMAIN_SEPARATOR(), alice, address(longVault), 1_000 * USDC, usdc.nonces(alice), DEADLINE);
    }

    function _noAllowance() internal view returns (bytes memory) {
        return
            abi.encodeWithSignature(
                "ERC20InsufficientAllowance(address,uint256,uint256)",
                address(longVault),
                0,
                1_000 * USDC
            );
    }

    function test_mintWithPermit_succeedsWithAValidPermit() public {
        vm.warp(DEADLINE);
        feed.setPrice(feed.latestAnswer());
        (uint8 v, bytes32 r, bytes32 s) = _preparePermit(OWNER_KEY);
        uint256 before = _token(longVault).balanceOf(alice);
        vm.prank(alice);
        longVault.mintWithPermit(1_000 * USDC, 0, alice, DEADLINE, v, r, s);
        assertTrue(_token(longVault).balanceOf(alice) > before, "minted");
    }

    /// The failed permit is ignored (front-run protection); the pull then fails for want of allowance.
    function test_mintWithPermit_revertsOnExpiredPermit() public {
        vm.warp(DEADLINE + 1);
        feed.setPrice(feed.latestAnswer()); // keep the oracle fresh after the warp
        (uint8 v, bytes32 r, bytes32 s) = _preparePermit(OWNER_KEY);
        vm.prank(alice);
        vm.expectRevert(_noAllowance());
        longVault.mintWithPermit(1_000 * USDC, 0, alice, DEADLINE, v, r, s);
    }

    function test_mintWithPermit_revertsOnForgedPermit() public {
        vm.warp(DEADLINE);
        feed.setPrice(feed.latestAnswer());
        (uint8 v, bytes32 r, bytes32 s) = _preparePermit(FORGER_KEY);
        vm.prank(alice);
        vm.expectRevert(_noAllowance());
        longVault.mintWithPermit(1_000 * USDC, 0, alice, DEADLINE, v, r, s);
    }

    function test_mintWithPermit_revertsOnZeroAmount() public {
        vm.prank(alice);
        vm.expectRevert(ICommonErrors.ZeroAmount.selector);
        longVault.mintWithPermit(0, 0, alice, block.timestamp, 0, bytes32(0), bytes32(0));
    }

    function test_mintWithPermit_revertsWhilePaused() public {
        longVault.pauseMint();
        vm.prank(alice);
        vm.expectRevert(ILeverageVault.MintingPaused.selector);
        longVault.mintWithPermit(1_000 * USDC, 0, alice, block.timestamp, 0, bytes32(0), bytes32(0));
    }

    // ---- redeem ------------------------------------------------------------------------------

    function test_redeem_revertsOnZeroAmount() public {
        vm.prank(alice);
        vm.expectRevert(ICommonErrors.ZeroAmount.selector);
        longVault.redeem(0, 0, alice);
    }

    function test_redeem_revertsOnZeroReceiver() public {
        vm.prank(alice);
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        longVault.redeem(aliceTokens, 0, address(0));
    }

    function test_redeem_revertsOnSlippage() public {
        uint256 quote = longVault.previewRedeem(aliceTokens);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.SlippageExceeded.selector, quote + 1, quote));
        longVault.redeem(aliceTokens, quote + 1, alice);
    }

    function test_redeem_revertsAboveBalance() public {
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSignature(
                "ERC20InsufficientBalance(address,uint256,uint256)",
                alice,
                aliceTokens,
                aliceTokens + 1
            )
        );
        longVault.redeem(aliceTokens + 1, 0, alice);
    }

    function test_redeem_revertsForAStrangerWithoutTokens() public {
        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSignature("ERC20InsufficientBalance(address,uint256,uint256)", STRANGER, 0, 1e18)
        );
        longVault.redeem(1e18, 0, STRANGER);
    }

    function test_redeem_revertsOnMaxUint() public {
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSignature(
                "ERC20InsufficientBalance(address,uint256,uint256)",
                alice,
                aliceTokens,
                type(uint256).max
            )
        );
        longVault.redeem(type(uint256).max, 0, alice);
    }

    function test_redeem_revertsWhenTooSmallToPayAnything() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.RedeemTooSmall.selector, 1));
        longVault.redeem(1, 0, alice);
    }

    function test_redeem_staysOpenWhileMintIsPaused() public {
        longVault.pauseMint();
        vm.prank(alice);
        assertTrue(longVault.redeem(aliceTokens, 0, alice) > 0, "redeem works while minting is paused");
    }

    // ---- rebalance, ripcord, upkeep, fees ----------------------------------------------------

    function test_rebalance_revertsWhenNotNeeded() public {
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.RebalanceNotNeeded.selector, 0));
        longVault.rebalance();
    }

    function test_ripcord_revertsWhenNotNeeded() public {
        uint256 lev = longVault.leverage();
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.RipcordNotNeeded.selector, lev, 5e18));
        longVault.ripcord();
    }

    function test_performUpkeep_revertsWhenNotNeeded() public {
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.RebalanceNotNeeded.selector, 0));
        longVault.performUpkeep(hex"03"); // performData is ignored: a forged RIPCORD changes nothing
    }

    function test_claimFees_revertsWithNothingOwed() public {
        LeverageVault fresh = _deployVault("NEW3L", true, 3e18, _defaultParams(3e18), address(this), FEE_RECIPIENT);
        vm.expectRevert(ILeverageVault.NothingToClaim.selector);
        fresh.claimFees();
    }

    // ---- governance: wrong caller, zero address ----------------------------------------------

    function test_setParams_revertsForNonAdmin() public {
        ILeverageVault.VaultParams memory p = longVault.params();
        vm.prank(STRANGER);
        vm.expectRevert(_unauthorized(STRANGER, bytes32(0)));
        longVault.setParams(p);
    }

    function test_setFeeRecipient_revertsForNonAdmin() public {
        vm.prank(STRANGER);
        vm.expectRevert(_unauthorized(STRANGER, bytes32(0)));
        longVault.setFeeRecipient(STRANGER);
    }

    function test_setFeeRecipient_revertsOnZeroAddress() public {
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        longVault.setFeeRecipient(address(0));
    }

    function test_pauseMint_revertsForNonGuardian() public {
        bytes32 role = longVault.GUARDIAN_ROLE();
        vm.prank(STRANGER);
        vm.expectRevert(_unauthorized(STRANGER, role));
        longVault.pauseMint();
    }

    function test_unpauseMint_revertsForNonGuardian() public {
        bytes32 role = longVault.GUARDIAN_ROLE();
        vm.prank(STRANGER);
        vm.expectRevert(_unauthorized(STRANGER, role));
        longVault.unpauseMint();
    }

    function test_grantRole_revertsForNonAdmin() public {
        bytes32 role = longVault.GUARDIAN_ROLE();
        vm.prank(STRANGER);
        vm.expectRevert(_unauthorized(STRANGER, bytes32(0)));
        longVault.grantRole(role, STRANGER);
    }

    function test_revokeRole_revertsForNonAdmin() public {
        bytes32 role = longVault.GUARDIAN_ROLE();
        vm.prank(STRANGER);
        vm.expectRevert(_unauthorized(STRANGER, bytes32(0)));
        longVault.revokeRole(role, address(this));
    }

    function test_renounceRole_revertsForAnotherAccount() public {
        bytes32 role = longVault.GUARDIAN_ROLE();
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSignature("AccessControlBadConfirmation()"));
        longVault.renounceRole(role, address(this));
    }

    // ---- constructor -------------------------------------------------------------------------

    function _cfg() internal view returns (LeverageVault.InitConfig memory c) {
        c = LeverageVault.InitConfig({
            name: "X",
            symbol: "X",
            market: address(market),
            isLong: true,
            targetLeverage: 3e18,
            params: _defaultParams(3e18),
            admin: address(this),
            guardian: address(this),
            feeRecipient: FEE_RECIPIENT,
            tokenDeployer: address(tokenDeployer),
            sequencerUptimeFeed: address(0)
        });
    }

    function test_constructor_revertsOnZeroAddresses() public {
        LeverageVault.InitConfig memory c = _cfg();
        c.market = address(0);
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        new LeverageVault(c);
        c = _cfg();
        c.admin = address(0);
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        new LeverageVault(c);
        c = _cfg();
        c.feeRecipient = address(0);
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        new LeverageVault(c);
        c = _cfg();
        c.tokenDeployer = address(0);
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        new LeverageVault(c);
    }

    function test_constructor_revertsOnTargetOutsideCaps() public {
        LeverageVault.InitConfig memory c = _cfg();
        c.targetLeverage = 0.5e18;
        vm.expectRevert(
            abi.encodeWithSelector(ILeverageVault.InvalidParam.selector, bytes32("targetLeverage"), 0.5e18)
        );
        new LeverageVault(c);
        c.targetLeverage = 11e18;
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.InvalidParam.selector, bytes32("targetLeverage"), 11e18));
        new LeverageVault(c);
    }

    function test_constructor_revertsOnParamsOutsideCaps() public {
        LeverageVault.InitConfig memory c = _cfg();
        c.params.maxTradeSize = 0;
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.InvalidParam.selector, bytes32("maxTradeSize"), 0));
        new LeverageVault(c);
    }

    function _ceilDiv(uint256 a, uint256 b) internal pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }
}
