// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ICommonErrors} from "../../../contracts/interfaces/ICommonErrors.sol";
import {ILeverageVault} from "../../../contracts/interfaces/ILeverageVault.sol";
import {LeveragedToken} from "../../../contracts/LeveragedToken.sol";
import {RequestsBase} from "./RequestsBase.sol";

/// @notice Each request function's bad input reverts with its own custom error, carrying the offending values.
contract RequestsBadInputTest is RequestsBase {
    function test_requestMint_badInput() public {
        vm.expectRevert(ICommonErrors.ZeroAmount.selector);
        longVault.requestMint(0, 0, ALICE);
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        longVault.requestMint(1, 0, address(0));
        // No allowance: the collateral pull fails.
        vm.prank(ALICE);
        vm.expectRevert();
        shortVault.requestMint(1, 0, ALICE);
    }

    function test_requestRedeem_badInput() public {
        vm.expectRevert(ICommonErrors.ZeroAmount.selector);
        longVault.requestRedeem(0, 0, ALICE);
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        longVault.requestRedeem(1, 0, address(0));
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, ALICE, 0, 1));
        longVault.requestRedeem(1, 0, ALICE);
    }

    function test_cancelRequest_badInput() public {
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.UnknownRequest.selector, 0));
        longVault.cancelRequest(0);
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.UnknownRequest.selector, 1));
        longVault.cancelRequest(1);
        uint256 id = _requestMint(longVault, ALICE, 1_000 * USDC, 0);
        (uint80 latest, , , , ) = feed.latestRoundData();
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.NotRequestOwner.selector, id, BOB));
        vm.prank(BOB);
        longVault.cancelRequest(id);
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.CancelTooEarly.selector, id, latest + 1));
        vm.prank(ALICE);
        longVault.cancelRequest(id);
        _nextRound(1e18); // its round is the latest and fresh: it can still settle
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.CancelTooEarly.selector, id, latest + 1));
        vm.prank(ALICE);
        longVault.cancelRequest(id);
        _settle(longVault, 1);
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.RequestFinished.selector, id));
        vm.prank(ALICE);
        longVault.cancelRequest(id);
    }

    function test_settle_reverts() public {
        vm.expectRevert(ICommonErrors.ZeroAmount.selector);
        longVault.settle(0);
        vm.expectRevert(ILeverageVault.NothingToSettle.selector);
        longVault.settle(10);
        _requestMint(longVault, ALICE, 1_000 * USDC, 0);
        vm.expectRevert(ILeverageVault.NothingToSettle.selector); // its round is not out yet
        longVault.settle(10);
        _nextRound(0.83e18); // 3x long -> about 5.1x: RIPCORD
        assertTrue(longVault.rebalanceStatus() == ILeverageVault.Status.RIPCORD, "ripcord");
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.RipcordFirst.selector, longVault.leverage()));
        longVault.settle(10);
        assertEq(longVault.settleableRequests(), 0, "nothing settleable while RIPCORD");
    }

    function test_tokenVaultTransfer_onlyVault() public {
        LeveragedToken token = _token(longVault);
        vm.expectRevert(abi.encodeWithSignature("OnlyVault(address)", address(this)));
        token.vaultTransfer(BOB, address(this), 1);
    }

    function test_fallback_refusesOutsiders() public {
        (bool ok, ) = address(longVault).call(abi.encodeWithSignature("escrowed()"));
        assertTrue(ok, "the view works");
        (ok, ) = address(longVault).call(abi.encodePacked(bytes4(0x7265716c), abi.encodeWithSignature("escrowed()")));
        assertTrue(!ok, "the view marker from outside reverts");
        (ok, ) = address(longVault).call(abi.encodeWithSignature("nope()"));
        assertTrue(!ok, "an unknown selector reverts");
    }
}
