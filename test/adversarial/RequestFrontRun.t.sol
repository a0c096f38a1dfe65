// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {RequestAttackBase} from "./RequestAttackBase.sol";

/// @notice Front-running through next-price requests (docs/protocol.md §5b), on BTC3L, BTC3S, BTC2L and BTC2S at
/// the deployed default fees. The attacker knows the next oracle update and the one after, for gaps of 0.1 % to
/// 10 %, stakes 100,000 USDC and settles its own requests. A request settles at the round after the one it was
/// made in, so the update it knew when it committed is already in its price.
///
/// What it can still earn is the move of the rounds it actually holds the token through, which any holder of the
/// same stake earns too. The measure is its excess P&L: its P&L minus what an untouched holder's equal stake made
/// over the same rounds (tokens x the NAV change from its entry price to its exit price). It is a loss every time,
/// whichever exit it takes (instant redeem in its entry round, a redeem request for the next round, or an instant
/// redeem after the next update). The instant path's F-2 hole (docs/security.md) is printed next to it.
contract RequestFrontRunTest is RequestAttackBase {
    uint256 internal constant EXIT_INSTANT_NOW = 0; // instant redeem in the round the mint settled in
    uint256 internal constant EXIT_REQUEST = 1; // redeem request at once: settles at the next round
    uint256 internal constant EXIT_INSTANT_NEXT = 2; // instant redeem right after the next update

    int256[7] internal gaps = [int256(10), 25, 50, 100, 200, 500, 1_000];

    function setUp() public {
        _setUpRequestVaults();
    }

    /// @dev Request a mint before update `g1` (known), settle it at that round, exit by `exit` (update `g2` known
    /// too). Returns the attacker's P&L (settle rewards included) and what its tokens' NAV did over the rounds
    /// it held them.
    function _requestIn(
        LeverageVault v,
        int256 g1,
        int256 g2,
        uint256 exit
    ) internal returns (int256 pnl, int256 held) {
        _requestMint(v, ATTACKER, STAKE);
        _publish(g1);
        assertEq(_settle(v, ATTACKER).settled, 1, "the attacker settles its own mint at its round");
        uint256 tokens = _token(v).balanceOf(ATTACKER);
        int256 entry = _value(v, tokens);
        if (exit == EXIT_INSTANT_NOW) {
            _redeem(v, ATTACKER, tokens);
        } else if (exit == EXIT_REQUEST) {
            _requestRedeem(v, ATTACKER, tokens);
            _publish(g2);
            held = _value(v, tokens) - entry;
            assertEq(_settle(v, ATTACKER).settled, 1, "the attacker settles its own redeem at its round");
        } else {
            _publish(g2);
            held = _value(v, tokens) - entry;
            _redeem(v, ATTACKER, tokens);
        }
        assertEq(_token(v).balanceOf(ATTACKER), 0, "the attacker is out");
        pnl = int256(usdc.balanceOf(ATTACKER)) - int256(STAKE);
    }

    /// @dev The instant path's front-run: mint just before the known update `g`, redeem just after.
    function _instantRoundTrip(LeverageVault v, int256 g) internal returns (int256 pnl) {
        uint256 tokens = _mint(v, ATTACKER, STAKE);
        _publish(g);
        pnl = int256(_redeem(v, ATTACKER, tokens)) - int256(STAKE);
    }

    /// @dev Holding `tokens`, the attacker sees an update `g` against the token coming. Returns what it ends
    /// with against staying put: (request a redeem before the update) and (instant redeem before the update).
    function _escape(LeverageVault v, int256 g) internal returns (int256 viaRequest, int256 viaInstant) {
        uint256 snap = vm.snapshotState();
        uint256 tokens = _token(v).balanceOf(SEEDER) / 10;
        _give(v, ATTACKER, tokens);
        uint256 id = vm.snapshotState();

        _publish(g);
        int256 stayed = _value(v, tokens);
        vm.revertToState(id);

        _requestRedeem(v, ATTACKER, tokens);
        _publish(g);
        assertEq(_settle(v, ATTACKER).settled, 1, "the redeem settles at the adverse round");
        viaRequest = int256(usdc.balanceOf(ATTACKER)) - stayed;
        vm.revertToState(id);

        uint256 out = _redeem(v, ATTACKER, tokens);
        viaInstant = int256(out) - stayed;
        vm.revertToState(snap);
    }

    /// Buying ahead of known updates: every request exit, both signs of the second update, every gap, every
    /// token: the excess P&L over the exposure held is a loss.
    function test_requestFrontRun_buyingAheadOfKnownUpdatesNeverBeatsHolding() public {
        for (uint256 i; i < 4; ++i) {
            LeverageVault v = vaults[i];
            for (uint256 j; j < gaps.length; ++j) {
                int256 g1 = _favour(v, gaps[j]);
                for (uint256 s; s < 2; ++s) {
                    int256 g2 = s == 0 ? g1 : -g1;
                    for (uint256 exit; exit < 3; ++exit) {
                        uint256 snap = vm.snapshotState();
                        (int256 pnl, int256 held) = _requestIn(v, g1, g2, exit);
                        vm.revertToState(snap);
                        if (pnl - held >= 0) {
                            _log(string.concat(_name(v), " gap ", _pct(uint256(gaps[j])), " exit ", vm.toString(exit)));
                            _log(string.concat("pnl ", _usd(pnl), " held ", _usd(held)));
                        }
                        assertTrue(pnl - held < 0, "request front-run: excess P&L over the held exposure is a loss");
                        if (exit == EXIT_INSTANT_NOW) {
                            assertTrue(pnl < 0, "request front-run: in and out at one round is a loss");
                        }
                    }
                }
            }
        }
    }

    /// Selling ahead of a known adverse update: a redeem request settles after it, so it escapes nothing; it
    /// ends below what staying put gives, by its fees.
    function test_requestFrontRun_sellingAheadOfAKnownDropEscapesNothing() public {
        for (uint256 i; i < 4; ++i) {
            LeverageVault v = vaults[i];
            for (uint256 j; j < gaps.length; ++j) {
                (int256 viaRequest, ) = _escape(v, _favour(v, -gaps[j]));
                assertTrue(viaRequest < 0, "request escape: ends below staying put");
            }
        }
    }

    /// The table for the closing note (per 100,000 USDC, default fees): the instant path's front-run profit on one
    /// known update, next to the best a request attacker makes (its P&L with both updates known and favourable,
    /// its best exit) and that P&L's excess over the exposure it held; and the redeem side, escaping a known drop.
    function test_requestFrontRun_printsTheInstantVersusRequestTable() public {
        _log(
            "token | gap | instant in/out | request: best P&L (exit) | excess over held | escape drop: instant | request"
        );
        for (uint256 i; i < 4; ++i) {
            LeverageVault v = vaults[i];
            for (uint256 j; j < gaps.length; ++j) {
                int256 g = _favour(v, gaps[j]);
                uint256 snap = vm.snapshotState();
                int256 instant = _instantRoundTrip(v, g);
                vm.revertToState(snap);
                (int256 best, int256 bestExcess, uint256 bestExit) = (type(int256).min, 0, 0);
                for (uint256 exit; exit < 3; ++exit) {
                    (int256 pnl, int256 held) = _requestIn(v, g, g, exit);
                    vm.revertToState(snap);
                    if (pnl > best) (best, bestExcess, bestExit) = (pnl, pnl - held, exit);
                }
                (int256 escReq, int256 escInstant) = _escape(v, -g);
                _log(
                    string.concat(
                        string.concat(_name(v), " | ", _pct(uint256(gaps[j])), " | ", _usd(instant), " | "),
                        string.concat(_usd(best), " (", vm.toString(bestExit), ") | ", _usd(bestExcess), " | "),
                        string.concat(_usd(escInstant), " | ", _usd(escReq))
                    )
                );
                assertTrue(bestExcess < 0, "the request attacker's best exit still loses against holding");
            }
        }
    }
}
