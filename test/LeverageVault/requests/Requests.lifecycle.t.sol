// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeverageVault} from "../../../contracts/interfaces/ILeverageVault.sol";
import {LeverageVault} from "../../../contracts/LeverageVault.sol";
import {RequestsBase} from "./RequestsBase.sol";

/// @notice Request -> round -> settle, for mints and redeems on BTC3L and BTC3S: what is escrowed, what is emitted,
/// what each receiver and the settler get.
contract RequestsLifecycleTest is RequestsBase {
    function test_requestMint_escrowsAndSettlesAtTheNextRound() public {
        _mintLifecycle(longVault);
        _mintLifecycle(shortVault);
    }

    function _mintLifecycle(LeverageVault vault) internal {
        uint256 amount = 10_000 * USDC;
        uint256 equityBefore = vault.equity();
        (uint80 latest, , , , ) = feed.latestRoundData();
        uint256 id = _requestMint(vault, ALICE, amount, 1);
        ILeverageVault.Request memory r = vault.getRequest(id);
        assertTrue(r.state == ILeverageVault.RequestState.PENDING, "pending");
        assertEq(r.roundId, uint256(latest) + 1, "round after the latest");
        assertEq(r.amountIn, amount, "amountIn");
        assertTrue(r.owner == ALICE && r.receiver == ALICE && !r.isRedeem, "owner/receiver/kind");
        (uint256 escrowC, ) = vault.escrowed();
        assertEq(escrowC, amount, "escrowed collateral");
        assertEq(usdc.balanceOf(address(vault)), amount, "collateral rests in the vault");
        assertEq(vault.equity(), equityBefore, "escrow is not equity");
        assertEq(vault.settleableRequests(), 0, "not before its round");
        vm.expectRevert(ILeverageVault.NothingToSettle.selector);
        vault.settle(10);

        _nextRound(1.01e18);
        assertEq(vault.settleableRequests(), 1, "settleable at its round");
        ILeverageVault.RequestQuote memory q = vault.quoteRequestMint(amount);
        uint256 owedBefore = vault.feesOwed();
        uint256 settlerBefore = usdc.balanceOf(SETTLER);
        assertEq(_settle(vault, 10), 1, "one processed");
        uint256 tokens = _token(vault).balanceOf(ALICE);
        assertTrue(tokens != 0, "tokens minted");
        assertGe(tokens, q.amountOut, "at least the standalone quote");
        assertEq(usdc.balanceOf(SETTLER) - settlerBefore, USDC / 10, "settler reward 0.1 USDC");
        assertEq(vault.feesOwed() - owedBefore, amount / 1000 - USDC / 10, "request fee less the reward");
        assertTrue(_state(vault, id) == ILeverageVault.RequestState.FINISHED, "finished");
        (escrowC, ) = vault.escrowed();
        assertEq(escrowC, 0, "escrow empty");
        assertEq(usdc.balanceOf(address(vault)), 0, "no collateral left in the vault");
    }

    function test_requestRedeem_escrowsTokensAndPaysAtTheNextRound() public {
        LeverageVault vault = longVault;
        uint256 tokensIn = _token(vault).balanceOf(BOB) / 4;
        uint256 supply = _token(vault).totalSupply();
        uint256 id = _requestRedeem(vault, BOB, tokensIn, 1);
        (, uint256 escrowT) = vault.escrowed();
        assertEq(escrowT, tokensIn, "escrowed tokens");
        assertEq(_token(vault).balanceOf(address(vault)), tokensIn, "tokens in the vault");
        assertEq(_token(vault).totalSupply(), supply, "escrowed tokens stay in the supply");
        _nextRound(0.99e18);
        uint256 quoted = vault.quoteRequestRedeem(tokensIn).amountOut;
        _settle(vault, 1);
        assertApproxEqAbs(
            usdc.balanceOf(BOB),
            quoted,
            quoted / 1e6,
            "the standalone quote, within the streaming fee since the last action"
        );
        assertEq(_token(vault).balanceOf(address(vault)), 0, "escrow burned");
        assertTrue(_state(vault, id) == ILeverageVault.RequestState.FINISHED, "finished");
    }
}
