// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MockUSDC} from "../../contracts/testnet/MockUSDC.sol";
import {MockPriceFeed} from "../../contracts/testnet/MockPriceFeed.sol";
import {MockPerpMarket} from "../../contracts/testnet/MockPerpMarket.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {IPerpMarket} from "../../contracts/interfaces/IPerpMarket.sol";
import {Vm} from "../helpers/Vm.sol";
import {LeverHandler} from "./LeverHandler.sol";

/// @notice LeverHandler plus next-price requests (docs/protocol.md §5b): requestMint, requestRedeem (with minOut
/// met or not), settle by an actor or a keeper, performUpkeep when it settles, cancelRequest by the owner or a
/// stranger, and small price rounds. Keeps a ghost of every request (INV-7): what is escrowed, which requests are
/// pending, and how each one ended, read from the vault's events and checked against the balances they moved.
contract LeverRequestHandler is LeverHandler {
    bytes32 internal constant REQUEST_SETTLED = keccak256("RequestSettled(uint256,uint256,uint256)");
    bytes32 internal constant REQUEST_REFUNDED = keccak256("RequestRefunded(uint256,uint8)");
    bytes32 internal constant SETTLE_REWARD_PAID = keccak256("SettleRewardPaid(address,uint256)");
    bytes32 internal constant BATCH_SETTLED = keccak256("BatchSettled(uint80,uint256,uint256,int256,uint256)");
    /// @notice A settler that holds nothing: a keeper.
    address public constant KEEPER = address(0x4EE9);

    struct GhostRequest {
        address owner; // also its receiver
        bool isRedeem;
        bool open;
        uint80 roundId;
        uint256 amountIn;
    }

    /// @dev What one settle/upkeep/cancel moved, per party (the three actors, then the keeper).
    struct Moves {
        uint256[4] usdcBefore;
        uint256[4] tokensBefore;
        uint256[4] usdcIn;
        uint256[4] tokensIn;
        uint256 settled;
        uint256 refunded;
    }

    mapping(uint256 => mapping(uint256 => GhostRequest)) internal _ghost;
    mapping(uint256 => mapping(address => uint256)) internal _escrowedTokens;
    /// @notice Requests issued per vault (ids 1..ghostIssued), and how many have ended.
    uint256[2] public ghostIssued;
    uint256[2] public ghostEnded;
    /// @notice The sums of the pending requests' escrow, per vault.
    uint256[2] public ghostEscrowedCollateral;
    uint256[2] public ghostEscrowedTokens;

    uint256 public requestsSettled;
    uint256[7] public refundsByReason;
    uint256 public cancels;
    uint256 public settlesBlockedAbove20x;

    constructor(
        MockUSDC usdc_,
        MockPriceFeed feed_,
        MockPerpMarket market_,
        LeverageVault[2] memory vaults_,
        address feeRecipient_
    ) LeverHandler(usdc_, feed_, market_, vaults_, feeRecipient_) {
        vm.recordLogs();
    }

    function ghostRequest(uint256 v, uint256 id) external view returns (GhostRequest memory) {
        return _ghost[v][id];
    }

    function refundsFor(ILeverageVault.RefundReason reason) external view returns (uint256) {
        return refundsByReason[uint8(reason)];
    }

    // ---- actions ----------------------------------------------------------------------------------

    /// @notice An actor requests a mint of 1 unit .. 250,000 USDC; one in eight asks a minOut near the instant
    /// path's preview (met or not).
    function requestMint(uint256 actorSeed, uint256 vaultSeed, uint256 amount, uint256 minSeed) external {
        (address a, uint256 v) = _pick(actorSeed, vaultSeed);
        LeverageVault vlt = _vaults[v];
        amount = minSeed % 16 == 1 ? _bound(amount, 1, 100) : _bound(amount, 1, 250_000 * USDC);
        uint256 minOut =
            minSeed % 8 == 0 ? (vlt.previewMint(amount) * _bound(minSeed >> 3, 9_900, 10_100)) / 10_000 : 0;
        usdc.mint(a, amount);
        ++calls;
        uint256 balBefore = usdc.balanceOf(a);
        uint80 round = feed.latestRound() + 1;
        vm.prank(a);
        try vlt.requestMint(amount, minOut, a) returns (uint256 id) {
            _issue(v, id, GhostRequest(a, false, true, round, amount));
            ghostEscrowedCollateral[v] += amount;
            _settleCollateral(a, balBefore, false);
        } catch {
            _fail(0, "requestMint: unexpected revert");
        }
    }

    /// @notice An actor requests a redeem of all or part of its tokens; one in eight asks a minOut near the instant
    /// path's preview.
    function requestRedeem(uint256 actorSeed, uint256 vaultSeed, uint256 fraction, uint256 minSeed) external {
        (address a, uint256 v) = _pick(actorSeed, vaultSeed);
        LeverageVault vlt = _vaults[v];
        uint256 bal = _tokenOf(v).balanceOf(a);
        uint256 n = fraction % 4 == 0 ? bal : (bal * _bound(fraction, 1, 10_000)) / 10_000;
        if (n == 0) return;
        uint256 minOut = minSeed % 8 == 0 ? (vlt.previewRedeem(n) * _bound(minSeed >> 3, 9_900, 10_100)) / 10_000 : 0;
        ++calls;
        uint80 round = feed.latestRound() + 1;
        vm.prank(a);
        try vlt.requestRedeem(n, minOut, a) returns (uint256 id) {
            _issue(v, id, GhostRequest(a, true, true, round, n));
            ghostEscrowedTokens[v] += n;
            _escrowedTokens[v][a] += n;
            if (_tokenOf(v).balanceOf(a) != bal - n) _fail(7, "INV-7 requestRedeem did not escrow the tokens");
        } catch {
            _fail(0, "requestRedeem: unexpected revert");
        }
    }

    /// @notice An actor, or one call in five a keeper, settles up to 1..20 requests.
    function settle(uint256 vaultSeed, uint256 actorSeed, uint256 maxSeed) external {
        (address a, uint256 v) = _pick(actorSeed, vaultSeed);
        if (maxSeed % 5 == 0) a = KEEPER;
        ++calls;
        _settleVia(a, v, false, _bound(maxSeed >> 3, 1, 20));
    }

    /// @notice The owner (or, one call in eight, a stranger) cancels a request still in the queue.
    function cancelRequest(uint256 vaultSeed, uint256 idSeed, uint256 callerSeed) external {
        uint256 v = vaultSeed % 2;
        LeverageVault vlt = _vaults[v];
        (uint256 next, uint256 end) = vlt.requestQueue();
        if (end <= next) return;
        uint256 id = next + (idSeed % (end - next));
        GhostRequest memory g = _ghost[v][id];
        address caller = callerSeed % 8 == 0 ? _actors[(callerSeed >> 3) % 3] : g.owner;
        ++calls;
        uint80 latest = feed.latestRound();
        Moves memory m = _before();
        uint256[2] memory navBefore = _navs();
        vm.prank(caller);
        try vlt.cancelRequest(id) {
            if (!g.open || caller != g.owner || g.roundId > latest)
                _fail(7, "INV-7 a cancel that must fail went through");
            ++cancels;
            _refund(v, id, m);
            _reconcile(m);
        } catch (bytes memory err) {
            bytes4 sel = bytes4(err);
            bool expected =
                (sel == ILeverageVault.RequestFinished.selector && !g.open) ||
                    (sel == ILeverageVault.NotRequestOwner.selector && g.open && caller != g.owner) ||
                    (sel == ILeverageVault.CancelTooEarly.selector && g.open && g.roundId >= latest);
            if (!expected) _fail(7, "INV-7 cancelRequest: wrong outcome (a missed request must come back)");
        }
        _dustAfter(navBefore);
    }

    /// @notice A small price round: 12 s .. 10 min later, a move of up to +-1 %.
    function publishRound(uint256 moveSeed, uint256 timeSeed) external {
        ++calls;
        uint256[2] memory navBefore = _navs();
        vm.warp(block.timestamp + _bound(timeSeed, 12, 10 minutes));
        int256 p = feed.latestAnswer();
        feed.setPrice((p * (10_000 + int256(_bound(moveSeed, 0, 200)) - 100)) / 10_000);
        _marketGain(navBefore);
    }

    // ---- settlement ---------------------------------------------------------------------------------

    /// @dev The upkeep settles (ripcord first, then settlement, then rebalancing): handled as a settlement.
    function _upkeep(address a, uint256 v) internal override {
        LeverageVault vlt = _vaults[v];
        if (vlt.settleableRequests() != 0 && vlt.rebalanceStatus() != ILeverageVault.Status.RIPCORD) {
            _settleVia(a, v, true, 0);
        } else {
            super._upkeep(a, v);
        }
    }

    function _settleVia(address settler, uint256 v, bool viaUpkeep, uint256 maxRequests) internal {
        LeverageVault vlt = _vaults[v];
        uint256 settleable = vlt.settleableRequests();
        uint8 status = uint8(vlt.rebalanceStatus());
        uint256 rate = vlt.params().managementFeeRate;
        uint256 eqBefore = vlt.equity();
        uint256[2] memory navBefore = _navs();
        Moves memory m = _before();
        vm.getRecordedLogs();
        vm.prank(settler);
        uint256 processed = type(uint256).max;
        bool ok;
        bytes memory err;
        if (viaUpkeep) {
            try vlt.performUpkeep("") {
                ok = true;
            } catch (bytes memory e) {
                err = e;
            }
        } else {
            try vlt.settle(maxRequests) returns (uint256 n) {
                (ok, processed) = (true, n);
            } catch (bytes memory e) {
                err = e;
            }
        }
        if (!ok) return _settleReverted(vlt, err, settleable, status, viaUpkeep, eqBefore);
        _readEvents(v, settler, rate, m);
        uint256 ended = m.settled + m.refunded;
        if (ended == 0) _fail(7, "INV-7 a settlement ended no request");
        if (!viaUpkeep && (ended != processed || processed > maxRequests)) _fail(7, "INV-7 settle miscounted");
        _reconcile(m);
        _dustAfter(navBefore);
    }

    function _settleReverted(
        LeverageVault vlt,
        bytes memory err,
        uint256 settleable,
        uint8 status,
        bool viaUpkeep,
        uint256 eqBefore
    ) internal {
        bytes4 sel = bytes4(err);
        if (sel == IPerpMarket.InsufficientMargin.selector && vlt.leverage() > 20e18) {
            ++settlesBlockedAbove20x; // as F-7 for redeems: the market refuses a pro-rata cut above 20x
        } else if (viaUpkeep) {
            _livenessFailure(eqBefore, "INV-5 performUpkeep reverted while it had requests to settle");
        } else if (sel == ILeverageVault.NothingToSettle.selector) {
            if (settleable != 0) _fail(7, "INV-7 settle found nothing though settleableRequests() did");
        } else if (sel == ILeverageVault.RipcordFirst.selector) {
            if (status != uint8(ILeverageVault.Status.RIPCORD)) _fail(7, "INV-7 RipcordFirst without RIPCORD");
        } else {
            _livenessFailure(eqBefore, "INV-7 settle reverted: requests stuck");
        }
    }

    /// @dev Applies the vault's request events to the ghost, in order; checks each batch's round and price.
    function _readEvents(uint256 v, address settler, uint256 rate, Moves memory m) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        _accrueGhost(v, rate); // a settlement accrues the streaming fee first, before it mints or burns
        address vlt = address(_vaults[v]);
        uint80 latest = feed.latestRound();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != vlt) continue;
            bytes32 sig = logs[i].topics[0];
            if (sig == REQUEST_SETTLED) {
                (uint256 amountOut, ) = abi.decode(logs[i].data, (uint256, uint256));
                _settled(v, uint256(logs[i].topics[1]), amountOut, latest, m);
            } else if (sig == REQUEST_REFUNDED) {
                uint256 id = uint256(logs[i].topics[1]);
                uint8 reason = abi.decode(logs[i].data, (uint8));
                ++refundsByReason[reason];
                if (reason == uint8(ILeverageVault.RefundReason.ROUND_MISSED) && _ghost[v][id].roundId >= latest) {
                    _fail(7, "INV-7 refunded as missed while its round was the latest");
                }
                _refund(v, id, m);
            } else if (sig == SETTLE_REWARD_PAID) {
                uint256 reward = abi.decode(logs[i].data, (uint256));
                m.usdcIn[_party(settler)] += reward;
                ghostRewards[settler] += reward;
            } else if (sig == BATCH_SETTLED) {
                (uint256 price, , , ) = abi.decode(logs[i].data, (uint256, uint256, int256, uint256));
                if (uint256(logs[i].topics[1]) != latest || price != uint256(feed.latestAnswer()) * 1e10) {
                    _fail(7, "INV-7 a batch settled at another round's price");
                }
            }
        }
    }

    function _settled(uint256 v, uint256 id, uint256 amountOut, uint80 latest, Moves memory m) internal {
        GhostRequest memory g = _end(v, id);
        if (g.roundId != latest) _fail(7, "INV-7 a request settled at another round than its own");
        ++m.settled;
        ++requestsSettled;
        if (g.isRedeem) {
            ghostSupply[v] -= g.amountIn;
            m.usdcIn[_party(g.owner)] += amountOut;
        } else {
            ghostSupply[v] += amountOut;
            m.tokensIn[_party(g.owner)] += amountOut;
        }
    }

    function _refund(uint256 v, uint256 id, Moves memory m) internal {
        GhostRequest memory g = _end(v, id);
        ++m.refunded;
        if (g.isRedeem) m.tokensIn[_party(g.owner)] += g.amountIn;
        else m.usdcIn[_party(g.owner)] += g.amountIn;
    }

    /// @dev Ends request `id` in the ghost: it must be pending there (every request ends exactly once).
    function _end(uint256 v, uint256 id) internal returns (GhostRequest memory g) {
        g = _ghost[v][id];
        if (!g.open) {
            _fail(7, "INV-7 a request ended twice, or one never issued ended");
            return g;
        }
        _ghost[v][id].open = false;
        ++ghostEnded[v];
        if (g.isRedeem) {
            ghostEscrowedTokens[v] -= g.amountIn;
            _escrowedTokens[v][g.owner] -= g.amountIn;
        } else {
            ghostEscrowedCollateral[v] -= g.amountIn;
        }
        if (_vaults[v].getRequest(id).state != ILeverageVault.RequestState.FINISHED) {
            _fail(7, "INV-7 an ended request is not FINISHED");
        }
    }

    function _issue(uint256 v, uint256 id, GhostRequest memory g) internal {
        if (id != ghostIssued[v] + 1) _fail(7, "INV-7 request ids are not issued in order");
        ghostIssued[v] = id;
        _ghost[v][id] = g;
        ILeverageVault.Request memory r = _vaults[v].getRequest(id);
        if (
            r.state != ILeverageVault.RequestState.PENDING ||
            r.owner != g.owner ||
            r.receiver != g.owner ||
            r.isRedeem != g.isRedeem ||
            r.roundId != g.roundId ||
            r.amountIn != g.amountIn
        ) _fail(7, "INV-7 getRequest does not report the request made");
    }

    // ---- balances -----------------------------------------------------------------------------------

    function _before() internal view returns (Moves memory m) {
        for (uint256 i; i < 4; ++i) {
            address a = i < 3 ? _actors[i] : KEEPER;
            m.usdcBefore[i] = usdc.balanceOf(a);
            m.tokensBefore[i] = _tokenOf(0).balanceOf(a) + _tokenOf(1).balanceOf(a);
        }
    }

    /// @dev Every party's balances moved by exactly what the events say (a refund returns every unit, a settlement
    /// pays what RequestSettled reports); then the actors' collateral moves go to the INV-2 ghost.
    function _reconcile(Moves memory m) internal {
        for (uint256 i; i < 4; ++i) {
            address a = i < 3 ? _actors[i] : KEEPER;
            uint256 usdcNow = usdc.balanceOf(a);
            uint256 tokensNow = _tokenOf(0).balanceOf(a) + _tokenOf(1).balanceOf(a);
            if (usdcNow != m.usdcBefore[i] + m.usdcIn[i] || tokensNow != m.tokensBefore[i] + m.tokensIn[i]) {
                _fail(7, "INV-7 a request's payout or refund differs from its event");
            }
            if (i < 3) _settleCollateral(a, m.usdcBefore[i], false);
        }
    }

    function _party(address a) internal view returns (uint256) {
        for (uint256 i; i < 3; ++i) {
            if (_actors[i] == a) return i;
        }
        return 3;
    }

    function _escrowedTokensOf(uint256 v, address a) internal view override returns (uint256) {
        return _escrowedTokens[v][a];
    }
}
