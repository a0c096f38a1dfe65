// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {MockPerpMarket} from "../../contracts/testnet/MockPerpMarket.sol";
import {LeverFixture} from "../helpers/LeverFixture.sol";
import {LeverRequestHandler} from "./LeverRequestHandler.sol";

/// @notice Setup and the named invariants INV-1..INV-7 (checks only; the suites decide run counts).
/// Two 3x vaults (long and short) on one BTC-USD mock market with 100M USDC in the pool; the handler
/// owns the feed, the market, the collateral and both vaults' admin and guardian roles.
abstract contract LeverInvariantBase is LeverFixture {
    LeverRequestHandler internal handler;
    LeverageVault[2] internal vaults;

    function setUp() public virtual {
        _deployMarket(address(this), 100_000_000 * USDC);
        vaults[0] = _deployVault("BTC3L", true, 3e18, _defaultParams(3e18), address(this), FEE_RECIPIENT);
        vaults[1] = _deployVault("BTC3S", false, 3e18, _defaultParams(3e18), address(this), FEE_RECIPIENT);
        handler = new LeverRequestHandler(usdc, feed, market, vaults, FEE_RECIPIENT);
        feed.transferOwnership(address(handler));
        market.transferOwnership(address(handler));
        vm.prank(address(handler));
        market.acceptOwnership(); // Ownable2Step
        usdc.transferOwnership(address(handler));
        for (uint256 v; v < 2; ++v) {
            vaults[v].grantRole(vaults[v].DEFAULT_ADMIN_ROLE(), address(handler));
            vaults[v].grantRole(vaults[v].GUARDIAN_ROLE(), address(handler));
        }
    }

    /// @notice The fuzzer calls only the handler.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    // ---- INV-1 solvency ----------------------------------------------------------------------
    /// What every holder could redeem right now (previewRedeem of its whole balance, summed over all
    /// holders and the tokens escrowed for redeem requests) never exceeds the vault's equity; and the market
    /// holds at least what it owes: its collateral balance >= reserves = pool + every account's stored margin.
    function _checkSolvency() internal view {
        for (uint256 v; v < 2; ++v) {
            LeverageVault vlt = vaults[v];
            IERC20 tok = IERC20(vlt.token());
            uint256 sum =
                vlt.previewRedeem(tok.balanceOf(FEE_RECIPIENT)) + vlt.previewRedeem(tok.balanceOf(address(vlt)));
            for (uint256 i; i < 3; ++i) {
                sum += vlt.previewRedeem(tok.balanceOf(handler.actor(i)));
            }
            assertTrue(sum <= vlt.equity(), "INV-1 solvency: holders could redeem more than equity");
        }
        uint256 margins;
        margins += market.accounts(address(vaults[0])).margin;
        margins += market.accounts(address(vaults[1])).margin;
        margins += market.accounts(address(handler)).margin;
        margins += market.accounts(handler.DIRECT_TRADER()).margin;
        uint256 reserves = market.reserves();
        assertTrue(reserves == margins + market.poolBalance(), "INV-1 solvency: reserves != pool + margins");
        assertTrue(usdc.balanceOf(address(market)) >= reserves, "INV-1 solvency: market balance < reserves");
    }

    // ---- INV-2 no free lunch -----------------------------------------------------------------
    /// For every actor: collateral taken out + its tokens valued at NAV <= collateral put in + NAV gains on
    /// the tokens it held during market moves (price, time with funding) + keeper/liquidator rewards it
    /// earned + rounding dust (NAV rises while others acted, at most a few units per action). Token
    /// transfers move NAV value from the sender's side to the receiver's.
    function _checkNoFreeLunch() internal view {
        for (uint256 i; i < 3; ++i) {
            address a = handler.actor(i);
            uint256 lhs = handler.ghostOut(a) + handler.holdingsAtNav(a);
            uint256 rhs =
                handler.ghostIn(a) + handler.ghostMarketGain(a) + handler.ghostRewards(a) + handler.ghostDust(a);
            assertTrue(lhs <= rhs, "INV-2 no free lunch: an actor ended with more than it put in");
        }
    }

    // ---- INV-3 supply ------------------------------------------------------------------------
    /// Token supply equals the ghost supply (vault mints + streaming-fee accrual - redeems, mirrored
    /// independently), and every token is held by an actor, the fee recipient, or the vault (escrowed for
    /// redeem requests, which stay in the supply until they settle).
    function _checkSupply() internal view {
        for (uint256 v; v < 2; ++v) {
            IERC20 tok = IERC20(vaults[v].token());
            uint256 supply = tok.totalSupply();
            assertTrue(supply == handler.ghostSupply(v), "INV-3 supply: totalSupply != ghost supply");
            uint256 held = tok.balanceOf(FEE_RECIPIENT) + tok.balanceOf(address(vaults[v]));
            for (uint256 i; i < 3; ++i) {
                held += tok.balanceOf(handler.actor(i));
            }
            assertTrue(held == supply, "INV-3 supply: balances do not add up to totalSupply");
        }
    }

    // ---- INV-4 leverage ----------------------------------------------------------------------
    /// After a complete rebalance aimed at target, leverage is within 1e-6 of it (checked in the handler;
    /// equity >= 1,000 USDC). And the status follows LeverageVault._status: with a fresh, positive price,
    /// equity > 0 and a position or holders, leverage >= ripcordLeverage => RIPCORD; otherwise, not
    /// iterating and outside [min, max] => REBALANCE; iterating => ITERATE or NONE (cooldown). With a stale
    /// oracle, less than 1 USDC of equity (dust, F-1), or a closing fee at least the equity (beyond rescue, F-8)
    /// the status is NONE.
    function _checkLeverage() internal view {
        assertTrue(handler.inv4Failures() == 0, "INV-4 leverage: off target after a complete rebalance");
        for (uint256 v; v < 2; ++v) {
            LeverageVault vlt = vaults[v];
            ILeverageVault.VaultParams memory p = vlt.params();
            (, int256 answer, , uint256 updatedAt, ) = feed.latestRoundData();
            bool fresh = answer > 0 && updatedAt <= block.timestamp && updatedAt + p.maxStaleness >= block.timestamp;
            uint256 eq = answer > 0 ? vlt.equity() : 0;
            uint8 status = uint8(vlt.rebalanceStatus());
            bool empty = vlt.positionSize() == 0 && IERC20(vlt.token()).totalSupply() == 0;
            // below one collateral unit of equity (1 USDC) the vault is dust: fees exceed any trade, status NONE;
            // and when closing the position would cost the whole equity in taker fee it is beyond rescue: NONE
            if (!fresh || eq < 1e6 || empty || _beyondRescue(vlt)) {
                assertTrue(status == 0, "INV-4 leverage: status not NONE without a usable price or equity");
                continue;
            }
            uint256 lev = vlt.leverage();
            if (lev >= p.ripcordLeverage) {
                assertTrue(status == 3, "INV-4 leverage: not RIPCORD at or above ripcordLeverage");
            } else if (vlt.iterating()) {
                assertTrue(status == 2 || status == 0, "INV-4 leverage: iterating but neither ITERATE nor NONE");
            } else if (lev < p.minLeverage || lev > p.maxLeverage) {
                assertTrue(status == 1, "INV-4 leverage: outside the band but not REBALANCE");
            }
        }
    }

    /// @dev Beyond rescue: closing the whole position would cost the whole equity in taker fee, i.e. leverage at or
    /// above 10,000 / takerFeeBps (the vault's own rule, on its own leverage figure).
    function _beyondRescue(LeverageVault vlt) internal view returns (bool) {
        uint256 fee = market.accountSnapshot(address(vlt)).takerFeeBps;
        return fee != 0 && vlt.leverage() >= (10_000 * WAD) / fee;
    }

    // ---- INV-5 liveness ----------------------------------------------------------------------
    /// Whenever the status is REBALANCE, ITERATE or RIPCORD, the matching call (rebalance, ripcord,
    /// performUpkeep) succeeds; the handler tries it and records every failure.
    function _checkLiveness() internal view {
        assertTrue(handler.inv5Failures() == 0, "INV-5 liveness: a needed rebalance/ripcord/upkeep reverted");
    }

    // ---- INV-6 previews ----------------------------------------------------------------------
    /// previewMint/previewRedeem equal what the mint/redeem that follows in the same block returns.
    function _checkPreviews() internal view {
        assertTrue(handler.inv6Failures() == 0, "INV-6 previews: preview differs from the result");
    }

    // ---- INV-7 escrow ------------------------------------------------------------------------
    /// The escrowed collateral and tokens equal the sums of the pending requests, three ways: the vault's
    /// `escrowed()`, a walk of its queue (`getRequest` over `requestQueue`'s ids), and the handler's ghost of every
    /// request made. Escrowed tokens sit in the vault (in the supply), escrowed collateral too (outside equity).
    /// Every request ends exactly once, settled or refunded, and a refund returns every unit: checked by the
    /// handler on each settle, upkeep and cancel, from the vault's events against the balances they moved.
    function _checkEscrow() internal view {
        assertTrue(handler.inv7Failures() == 0, string.concat("INV-7 escrow: ", handler.lastFailure()));
        for (uint256 v; v < 2; ++v) {
            LeverageVault vlt = vaults[v];
            (uint256 collateral, uint256 tokens) = vlt.escrowed();
            assertEq(collateral, handler.ghostEscrowedCollateral(v), "INV-7 escrow: collateral != pending mints");
            assertEq(tokens, handler.ghostEscrowedTokens(v), "INV-7 escrow: tokens != pending redeems");
            (uint256 next, uint256 end) = vlt.requestQueue();
            assertEq(end - 1, handler.ghostIssued(v), "INV-7 escrow: the queue's end is not the next id");
            uint256 sumCollateral;
            uint256 sumTokens;
            uint256 pending;
            for (uint256 id = next; id < end; ++id) {
                ILeverageVault.Request memory r = vlt.getRequest(id);
                bool open = handler.ghostRequest(v, id).open;
                assertTrue(open == (r.state == ILeverageVault.RequestState.PENDING), "INV-7 escrow: state != ghost");
                if (!open) continue;
                ++pending;
                if (r.isRedeem) sumTokens += r.amountIn;
                else sumCollateral += r.amountIn;
            }
            assertEq(sumCollateral, collateral, "INV-7 escrow: escrowed() != the queue's pending mints");
            assertEq(sumTokens, tokens, "INV-7 escrow: escrowed() != the queue's pending redeems");
            assertEq(
                handler.ghostIssued(v) - handler.ghostEnded(v),
                pending,
                "INV-7 escrow: a request neither pending nor ended once"
            );
            assertEq(
                IERC20(vlt.token()).balanceOf(address(vlt)),
                tokens,
                "INV-7 escrow: escrowed tokens not in the vault"
            );
            assertGe(usdc.balanceOf(address(vlt)), collateral, "INV-7 escrow: escrowed collateral not in the vault");
        }
    }

    /// Every action reverted only for a documented reason (paused, stale oracle, wiped out, ...).
    function _checkNoUnexpectedReverts() internal view {
        assertTrue(handler.otherFailures() == 0, "handler: an action reverted for an undocumented reason");
    }

    function _checkAll() internal view {
        _checkSolvency();
        _checkNoFreeLunch();
        _checkSupply();
        _checkLeverage();
        _checkLiveness();
        _checkPreviews();
        _checkEscrow();
        _checkNoUnexpectedReverts();
    }
}
