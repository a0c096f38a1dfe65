// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICommonErrors} from "../../contracts/interfaces/ICommonErrors.sol";
import {LeveragedToken} from "../../contracts/LeveragedToken.sol";
import {ILeveragedToken} from "../../contracts/interfaces/ILeveragedToken.sol";
import {MockUSDC} from "../../contracts/testnet/MockUSDC.sol";
import {BadInputBase} from "../helpers/BadInputBase.sol";

/// @notice LeveragedToken and MockUSDC: vault-only mint/burn, ERC-20 and EIP-2612 bad inputs, the faucet cap.
contract TokenBadInputTest is BadInputBase {
    LeveragedToken internal token;
    address internal owner;
    uint256 internal balance;

    /// @dev Literal times: under via-IR a local copy of block.timestamp may be re-read after vm.warp.
    uint256 internal constant DEADLINE = 1_000_000;

    function setUp() public {
        vm.warp(DEADLINE);
        _setUpVaults(false);
        owner = vm.addr(OWNER_KEY);
        token = _token(longVault);
        balance = _mint(longVault, owner, 1_000 * USDC);
    }

    function test_token_mintRevertsForNonVault() public {
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(ILeveragedToken.OnlyVault.selector, STRANGER));
        token.mint(STRANGER, 1);
    }

    function test_token_burnRevertsForNonVault() public {
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(ILeveragedToken.OnlyVault.selector, STRANGER));
        token.burn(owner, 1);
    }

    function test_token_transferRevertsToZeroAddress() public {
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSignature("ERC20InvalidReceiver(address)", address(0)));
        token.transfer(address(0), 1);
    }

    function test_token_transferRevertsAboveBalance() public {
        vm.prank(owner);
        vm.expectRevert(
            abi.encodeWithSignature(
                "ERC20InsufficientBalance(address,uint256,uint256)",
                owner,
                balance,
                type(uint256).max
            )
        );
        token.transfer(STRANGER, type(uint256).max);
    }

    function test_token_transferFromRevertsWithoutAllowance() public {
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSignature("ERC20InsufficientAllowance(address,uint256,uint256)", STRANGER, 0, 1));
        token.transferFrom(owner, STRANGER, 1);
    }

    function test_token_approveRevertsOnZeroSpender() public {
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSignature("ERC20InvalidSpender(address)", address(0)));
        token.approve(address(0), 1);
    }

    function test_token_permitRevertsWhenExpired() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(OWNER_KEY, token.DOMAIN_SEPARATOR(), owner, STRANGER, 1, 0, DEADLINE);
        vm.warp(DEADLINE + 1);
        vm.expectRevert(abi.encodeWithSignature("ERC2612ExpiredSignature(uint256)", DEADLINE));
        token.permit(owner, STRANGER, 1, DEADLINE, v, r, s);
    }

    function test_token_permitRevertsWhenForged() public {
        uint256 deadline = DEADLINE;
        (uint8 v, bytes32 r, bytes32 s) = _sign(FORGER_KEY, token.DOMAIN_SEPARATOR(), owner, STRANGER, 1, 0, deadline);
        vm.expectRevert(abi.encodeWithSignature("ERC2612InvalidSigner(address,address)", vm.addr(FORGER_KEY), owner));
        token.permit(owner, STRANGER, 1, deadline, v, r, s);
    }

    function test_token_permitRevertsOnReplay() public {
        uint256 deadline = DEADLINE;
        (uint8 v, bytes32 r, bytes32 s) = _sign(OWNER_KEY, token.DOMAIN_SEPARATOR(), owner, STRANGER, 1, 0, deadline);
        token.permit(owner, STRANGER, 1, deadline, v, r, s);
        // the nonce moved on: the same signature now recovers a different signer
        vm.expectRevert();
        token.permit(owner, STRANGER, 1, deadline, v, r, s);
    }

    // ---- MockUSDC ----------------------------------------------------------------------------

    function test_usdc_faucetRevertsOnZero() public {
        vm.prank(STRANGER);
        vm.expectRevert(ICommonErrors.ZeroAmount.selector);
        usdc.faucet(0);
    }

    function test_usdc_faucetRevertsAboveCap() public {
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(MockUSDC.FaucetCapExceeded.selector, 10_000 * USDC + 1, 10_000 * USDC));
        usdc.faucet(10_000 * USDC + 1);
    }

    function test_usdc_faucetRevertsOnMaxUint() public {
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(MockUSDC.FaucetCapExceeded.selector, type(uint256).max, 10_000 * USDC));
        usdc.faucet(type(uint256).max);
    }

    function test_usdc_mintRevertsForNonOwner() public {
        vm.prank(STRANGER);
        vm.expectRevert(_notOwner(STRANGER));
        usdc.mint(STRANGER, 1);
    }

    function test_usdc_permitRevertsWhenExpiredOrForged() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(FORGER_KEY, usdc.DOMAIN_SEPARATOR(), owner, STRANGER, 1, 0, DEADLINE);
        vm.expectRevert(abi.encodeWithSignature("ERC2612InvalidSigner(address,address)", vm.addr(FORGER_KEY), owner));
        usdc.permit(owner, STRANGER, 1, DEADLINE, v, r, s);
        (v, r, s) = _sign(OWNER_KEY, usdc.DOMAIN_SEPARATOR(), owner, STRANGER, 1, 0, DEADLINE);
        vm.warp(DEADLINE + 1);
        vm.expectRevert(abi.encodeWithSignature("ERC2612ExpiredSignature(uint256)", DEADLINE));
        usdc.permit(owner, STRANGER, 1, DEADLINE, v, r, s);
    }
}
