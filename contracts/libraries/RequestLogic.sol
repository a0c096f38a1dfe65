// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {SignedMath} from "@openzeppelin/contracts/utils/math/SignedMath.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

import {ICommonErrors} from "../interfaces/ICommonErrors.sol";
import {ILeverageVault} from "../interfaces/ILeverageVault.sol";
import {ILeveragedToken} from "../interfaces/ILeveragedToken.sol";
import {IPerpMarket} from "../interfaces/IPerpMarket.sol";
import {FeeMath} from "./FeeMath.sol";
import {LeverageMath} from "./LeverageMath.sol";
import {ShareMath} from "./ShareMath.sol";

/// @title RequestLogic
/// @notice Next-price requests (docs/protocol.md §5b): the queue, the escrow and the settlement math of one vault.
/// An external library, linked into the vault (which runs it by DELEGATECALL, so `address(this)` is the vault and
/// `msg.sender` the vault's caller). The vault keeps thin entry points: it passes its storage (`Book`, `VaultParams`)
/// and, for a settlement, the `State` it read through its own usable-snapshot path; the library reads the vault's
/// immutables through the vault's own getters (cheap self-calls), which keeps the vault's code small.
/// @dev Requests are issued in id order, and their rounds never decrease with the id (each records the round after
/// the latest, which only grows). So from the head of the queue there are, in this order: requests whose round
/// passed (refunded), requests of the latest round (settled as one batch, or refunded), and requests still waiting.
library RequestLogic {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    uint8 internal constant REDEEM = 1; // flag: tokens in escrow, collateral out
    uint8 internal constant OTHER_RECEIVER = 2; // flag: the receiver is in `receivers`, not the owner
    uint8 internal constant OK = type(uint8).max; // `Outcome.reason` of a request that can settle

    /// @dev One request in two slots; the receiver takes a third only when it is not the owner. `owner == 0`: finished.
    struct Packed {
        address owner;
        uint80 roundId;
        uint8 flags;
        uint128 amountIn;
        uint128 minOut;
    }

    /// @dev Ids run from 1: the head is the last id known finished in order, `issued` the last id given out.
    struct Queue {
        uint40 head;
        uint40 issued;
        uint128 collateral; // escrowed collateral (mint requests)
    }

    /// @dev Everything the vault stores for requests.
    struct Book {
        Queue queue;
        uint256 tokens; // escrowed tokens (redeem requests)
        mapping(uint256 => Packed) requests;
        mapping(uint256 => address) receivers;
    }

    /// @dev ILeverageVault.Request with `state` as the uint8 its enum encodes to, for `getRequest`. A library's ABI
    /// names an enum by its Solidity type ("ILeverageVault.RequestState"), which ethers cannot parse (every
    /// deployment warned). The encoding is the same, and the vault returns the bytes as they are.
    struct RequestView {
        uint8 state;
        bool isRedeem;
        uint80 roundId;
        address owner;
        address receiver;
        uint256 amountIn;
        uint256 minOut;
    }

    /// @dev What settlement needs: the vault's own getters (read by self-call: the library runs in the vault), its
    /// request parameters, and the state the vault passes in.
    struct Ctx {
        address token;
        address collateral;
        address market;
        bool isLong;
        uint256 targetLeverage;
        uint256 unit; // 1e36 / 10^collateralDecimals
        uint256 virtualShares; // 10^(16 - collateralDecimals), as the vault's
        uint256 maxSettleReward; // cap in code: one collateral unit
        uint256 mintFeeBps; // requestMintFeeBps
        uint256 redeemFeeBps; // requestRedeemFeeBps
        uint256 settleReward;
        uint256 collateralCap;
        bool mintPaused;
        uint80 round;
        bool stale;
        bool usable;
        int256 size;
        uint256 absSize;
        uint256 price;
        uint256 equity;
        uint256 takerFeeBps;
        uint256 supply;
    }

    /// @dev A request settling alone at the context's price.
    struct Outcome {
        uint8 reason; // a RefundReason, or OK
        uint256 base; // mint: collateral net of the request fee; redeem: gross collateral (its share of equity)
        uint256 absDelta; // the size its own trade would move
        uint256 tradeFee; // that trade's taker fee
        uint256 requestFee;
        uint256 amountOut;
    }

    /// @dev A request of the batch, with what it settles for.
    struct Item {
        uint256 id;
        address receiver;
        bool isRedeem;
        uint256 amountIn;
        Outcome o;
        uint256 share; // its part of the net trade's taker fee
    }

    /// @dev The batch's sums.
    struct Totals {
        uint256 n;
        uint256 grow; // size the mints add
        uint256 shrink; // size the redeems cut
        uint256 mintsIn; // collateral the mints bring (escrow leaving)
        uint256 mintsNet; // the same net of request fees (for the cap)
        uint256 paidOut; // collateral to redeem receivers
        uint256 burned; // tokens the redeems burn
        uint256 reward; // to the settler
        uint256 owed; // request fees left for the fee recipient
    }

    // ---- requesting (the vault's own call data: see `_slots`) ---------------------------------

    /// @notice ILeverageVault.requestMint: the checks that cannot wait for settlement (the rest are refunds), then
    /// the escrow.
    function requestMint(uint256 collateralIn, uint256 minTokensOut, address receiver) external returns (uint256) {
        (Book storage b, ) = _slots();
        return _requestMint(b, collateralIn, minTokensOut, receiver);
    }

    /// @notice ILeverageVault.requestMintWithPermit: a permit that fails (front-run) is ignored.
    function requestMintWithPermit(
        uint256 collateralIn,
        uint256 minTokensOut,
        address receiver,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256) {
        (Book storage b, ) = _slots();
        (, address collateral) = _env();
        try IERC20Permit(collateral).permit(msg.sender, address(this), collateralIn, deadline, v, r, s) {} catch {}
        return _requestMint(b, collateralIn, minTokensOut, receiver);
    }

    /// @notice ILeverageVault.requestRedeem: the caller's tokens move to escrow without approval.
    function requestRedeem(uint256 tokensIn, uint256 minCollateralOut, address receiver) external returns (uint256) {
        (Book storage b, ) = _slots();
        _checkIn(tokensIn, receiver);
        (address market, ) = _env();
        return _enqueue(b, market, ILeverageVault(address(this)).token(), true, tokensIn, minCollateralOut, receiver);
    }

    /// @notice ILeverageVault.cancelRequest: the owner's refund once the request can no longer settle (its round
    /// passed, or is the latest and stale).
    function cancelRequest(uint256 id) external {
        (Book storage b, ILeverageVault.VaultParams storage p) = _slots();
        Packed memory r = _pending(b, id);
        if (r.owner != msg.sender) revert ILeverageVault.NotRequestOwner(id, msg.sender);
        (address market, address collateral) = _env();
        (uint80 latest, bool stale, ) = _latestRound(p, market);
        ILeverageVault.RefundReason reason;
        if (r.roundId < latest) reason = ILeverageVault.RefundReason.ROUND_MISSED;
        else if (r.roundId == latest && stale) reason = ILeverageVault.RefundReason.STALE_ROUND;
        else revert ILeverageVault.CancelTooEarly(id, r.roundId);
        Queue memory q = b.queue;
        _refund(b, q, ILeverageVault(address(this)).token(), collateral, id, r, reason);
        b.queue = q;
    }

    /// @notice ILeverageVault.getRequest, as a `RequestView`.
    function getRequest(uint256 id) external view returns (RequestView memory out) {
        (Book storage b, ) = _slots();
        if (id == 0 || id > b.queue.issued) return out; // UNKNOWN
        Packed memory r = b.requests[id];
        if (r.owner == address(0)) {
            out.state = uint8(ILeverageVault.RequestState.FINISHED);
            return out;
        }
        out.state = uint8(ILeverageVault.RequestState.PENDING);
        out.isRedeem = r.flags & REDEEM != 0;
        out.roundId = r.roundId;
        out.owner = r.owner;
        out.receiver = r.flags & OTHER_RECEIVER != 0 ? b.receivers[id] : r.owner;
        out.amountIn = r.amountIn;
        out.minOut = r.minOut;
    }

    /// @notice ILeverageVault.requestQueue.
    function requestQueue() external view returns (uint256 next, uint256 end) {
        (Book storage b, ) = _slots();
        Queue memory q = b.queue;
        return (uint256(q.head) + 1, uint256(q.issued) + 1);
    }

    /// @notice ILeverageVault.escrowed.
    function escrowed() external view returns (uint256 collateral, uint256 tokens) {
        (Book storage b, ) = _slots();
        return (b.queue.collateral, b.tokens);
    }

    /// @notice ILeverageVault.settleableRequests: how many requests from the head `settle` would finish now (settle
    /// or refund); 0 while the status is RIPCORD (settle reverts then).
    function settleableRequests() external view returns (uint256) {
        (Book storage b, ILeverageVault.VaultParams storage p) = _slots();
        if (ILeverageVault(address(this)).rebalanceStatus() == ILeverageVault.Status.RIPCORD) return 0;
        (address market, ) = _env();
        (uint80 round, bool stale, bool usable) = _latestRound(p, market);
        return _settleable(b, b.queue, round, stale, usable, type(uint256).max);
    }

    // ---- settling ----------------------------------------------------------------------------

    /// @notice The latest round of the market's feed: `stale` as the vault's freshness rule judges it (older than
    /// maxStaleness or dated in the future), `usable` when fresh with a positive answer. (The vault's own call, with
    /// no appended words: `_env` cannot serve it.)
    function latestRound(
        ILeverageVault.VaultParams storage p
    ) public view returns (uint80 round, bool stale, bool usable) {
        return _latestRound(p, ILeverageVault(address(this)).market());
    }

    function _latestRound(
        ILeverageVault.VaultParams storage p,
        address market
    ) private view returns (uint80 round, bool stale, bool usable) {
        address feed = IPerpMarket(market).priceFeed();
        (uint80 id, int256 answer, , uint256 updatedAt, ) = AggregatorV3Interface(feed).latestRoundData();
        stale = updatedAt > block.timestamp || updatedAt + p.maxStaleness < block.timestamp;
        return (id, stale, !stale && answer > 0);
    }

    /// @notice ILeverageVault.settle, after the vault's checks: from the head, up to `maxRequests`, refunds what can
    /// no longer settle and settles the latest round's batch in one trade. `usable`: the vault priced the latest
    /// round through its usable-snapshot path (and accrued the streaming fee). Returns how many requests it
    /// finished and the request fees left for the fee recipient (the vault adds them to `feesOwed`).
    function settle(uint256 maxRequests, bool usable) external returns (uint256 processed, uint256 owed) {
        (Book storage b, ILeverageVault.VaultParams storage p) = _slots();
        Ctx memory c = _ctx(p, usable);
        Queue memory q = b.queue;
        uint256 id = uint256(q.head) + 1;
        uint256 end = uint256(q.issued) + 1;
        // Sized by a first pass (which also warms the slots the second reads), so memory stays O(batch).
        Item[] memory items = new Item[](_settleable(b, q, c.round, c.stale, c.usable, maxRequests));
        Totals memory t;
        for (; id < end && processed < maxRequests; ++id) {
            Packed memory r = b.requests[id];
            if (r.owner == address(0)) continue; // cancelled
            if (r.roundId > c.round || (r.roundId == c.round && !c.stale && !c.usable)) break; // still waiting
            ++processed;
            uint8 reason =
                r.roundId < c.round
                    ? uint8(ILeverageVault.RefundReason.ROUND_MISSED)
                    : c.stale
                        ? uint8(ILeverageVault.RefundReason.STALE_ROUND)
                        : _admit(b, c, t, items, id, r);
            if (reason != OK) _refund(b, q, c.token, c.collateral, id, r, ILeverageVault.RefundReason(reason));
            else _finish(b, id, r);
        }
        q.head = uint40(id - 1);
        if (t.n != 0) {
            q.collateral -= uint128(t.mintsIn);
            b.tokens -= t.burned;
        }
        b.queue = q;
        if (processed == 0) revert ILeverageVault.NothingToSettle();
        if (t.n != 0) _execute(c, t, items);
        return (processed, t.owed);
    }

    /// @notice ILeverageVault.quoteRequestMint: settling alone at the current price.
    /// @dev At the token's supply as it stands: the streaming fee accrued since the vault's last action is left out
    /// (an estimate, as the request settles at its round's price anyway).
    function quoteRequestMint(uint256 collateralIn) external view returns (ILeverageVault.RequestQuote memory) {
        return _quote(false, collateralIn);
    }

    /// @notice ILeverageVault.quoteRequestRedeem: settling alone at the current price (see `quoteRequestMint`).
    function quoteRequestRedeem(uint256 tokensIn) external view returns (ILeverageVault.RequestQuote memory) {
        return _quote(true, tokensIn);
    }

    // ---- internals ---------------------------------------------------------------------------

    function _quote(bool isRedeem, uint256 amountIn) private view returns (ILeverageVault.RequestQuote memory q) {
        (, ILeverageVault.VaultParams storage p) = _slots();
        Ctx memory c = _ctx(p, true);
        if (isRedeem && amountIn > c.supply) return q;
        Outcome memory o = isRedeem ? _redeemAlone(c, amountIn, 0) : _mintAlone(c, amountIn, 0, 0);
        q.requestFee = o.requestFee;
        q.tradeFee = o.tradeFee;
        q.settleReward = _reward(c, o.requestFee);
        if (o.reason == OK) q.amountOut = o.amountOut;
    }

    /// @dev The storage the vault appended to its call data (`LeverageVault._delegate`): its `_book` and `_params`.
    /// Only the vault's DELEGATECALL reaches the functions that read it (a direct call to a state-changing library
    /// function reverts; a direct view reads the library's own empty storage).
    function _slots() private pure returns (Book storage b, ILeverageVault.VaultParams storage p) {
        // storage pointers from the vault's appended call data
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            b.slot := calldataload(sub(calldatasize(), 128))
            p.slot := calldataload(sub(calldatasize(), 96))
        }
    }

    /// @dev The vault's immutables it appended after the slots (`LeverageVault._delegate`): cheaper than its getters.
    function _env() private pure returns (address market, address collateral) {
        // addresses from the vault's appended call data
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            market := calldataload(sub(calldatasize(), 64))
            collateral := calldataload(sub(calldatasize(), 32))
        }
    }

    /// @dev Only bad input reverts here. Everything that can change before the round (paused minting, the cap, a
    /// wiped-out vault) is decided at settlement and refunded there: checking it here would read three cold slots and
    /// the market account (a quarter of the request's gas) for what settlement checks again anyway.
    function _requestMint(
        Book storage b,
        uint256 collateralIn,
        uint256 minOut,
        address receiver
    ) private returns (uint256) {
        _checkIn(collateralIn, receiver);
        (address market, address collateral) = _env();
        return _enqueue(b, market, collateral, false, collateralIn, minOut, receiver);
    }

    function _checkIn(uint256 amountIn, address receiver) private pure {
        if (amountIn == 0) revert ICommonErrors.ZeroAmount();
        if (receiver == address(0)) revert ICommonErrors.ZeroAddress();
    }

    /// @dev Escrows `amountIn` of `asset` from the caller (collateral pulled, or tokens moved without approval) and
    /// queues a request for the round after the latest of `market`'s feed. Returns its id.
    function _enqueue(
        Book storage b,
        address market,
        address asset,
        bool isRedeem,
        uint256 amountIn,
        uint256 minOut,
        address receiver
    ) private returns (uint256 id) {
        (uint80 latest, , , , ) = AggregatorV3Interface(IPerpMarket(market).priceFeed()).latestRoundData();
        uint80 roundId = latest + 1;
        Queue memory q = b.queue;
        id = ++q.issued;
        uint128 amount = amountIn.toUint128();
        if (isRedeem) b.tokens += amount;
        else q.collateral += amount;
        b.queue = q;
        uint8 flags = isRedeem ? REDEEM : 0;
        if (receiver != msg.sender) {
            flags |= OTHER_RECEIVER;
            b.receivers[id] = receiver;
        }
        // A minOut above 2^128 can never be met: saturating keeps it unmet.
        b.requests[id] = Packed(msg.sender, roundId, flags, amount, uint128(Math.min(minOut, type(uint128).max)));
        if (isRedeem) {
            ILeveragedToken(asset).vaultTransfer(msg.sender, address(this), amountIn);
            emit ILeverageVault.RedeemRequested(id, msg.sender, receiver, amountIn, minOut, roundId);
        } else {
            IERC20(asset).safeTransferFrom(msg.sender, address(this), amountIn);
            emit ILeverageVault.MintRequested(id, msg.sender, receiver, amountIn, minOut, roundId);
        }
    }

    /// @dev The vault's getters (self-calls: this code runs as the vault), its request parameters, the latest round,
    /// and, when `usable`, the market snapshot (for `settle`, the one the vault just checked) with equity net of
    /// `feesOwed`, and the token's supply (for `settle`, after the vault accrued the streaming fee).
    function _ctx(ILeverageVault.VaultParams storage p, bool usable) private view returns (Ctx memory c) {
        ILeverageVault v = ILeverageVault(address(this));
        (c.market, c.collateral) = _env();
        (c.token, c.isLong, c.targetLeverage) = (v.token(), v.isLong(), v.targetLeverage());
        uint256 one = 10 ** IERC20Metadata(c.collateral).decimals(); // the vault checked decimals <= 16
        (c.unit, c.virtualShares, c.maxSettleReward) = (1e36 / one, 1e16 / one, one);
        (c.mintFeeBps, c.redeemFeeBps) = (p.requestMintFeeBps, p.requestRedeemFeeBps);
        (c.settleReward, c.collateralCap) = (p.settleReward, p.collateralCap);
        (c.round, c.stale, ) = _latestRound(p, c.market);
        (c.usable, c.mintPaused) = (usable, v.mintPaused());
        if (!usable) return c;
        IPerpMarket.AccountSnapshot memory a = IPerpMarket(c.market).accountSnapshot(address(this));
        uint256 owed = v.feesOwed();
        (c.size, c.absSize, c.price, c.takerFeeBps) = (a.size, SignedMath.abs(a.size), a.price, a.takerFeeBps);
        c.equity = a.value > owed ? a.value - owed : 0;
        c.supply = IERC20(c.token).totalSupply();
    }

    /// @dev How many requests from the head can be finished at `round`, at most `max`.
    function _settleable(
        Book storage b,
        Queue memory q,
        uint80 round,
        bool stale,
        bool usable,
        uint256 max
    ) private view returns (uint256 count) {
        for (uint256 id = uint256(q.head) + 1; id <= q.issued && count < max; ++id) {
            Packed storage r = b.requests[id];
            if (r.owner == address(0)) continue;
            uint80 rid = r.roundId;
            if (rid > round || (rid == round && !stale && !usable)) break;
            ++count;
        }
    }

    /// @dev Request `id` as stored; reverts `UnknownRequest` or `RequestFinished`.
    function _pending(Book storage b, uint256 id) private view returns (Packed memory r) {
        if (id == 0 || id > b.queue.issued) revert ILeverageVault.UnknownRequest(id);
        r = b.requests[id];
        if (r.owner == address(0)) revert ILeverageVault.RequestFinished(id);
    }

    /// @dev Sizes request `id` alone at the batch's price; admits it to the batch (returns OK) or says why not.
    function _admit(
        Book storage b,
        Ctx memory c,
        Totals memory t,
        Item[] memory items,
        uint256 id,
        Packed memory r
    ) private view returns (uint8) {
        bool isRedeem = r.flags & REDEEM != 0;
        Outcome memory o =
            isRedeem ? _redeemAlone(c, r.amountIn, r.minOut) : _mintAlone(c, r.amountIn, r.minOut, t.mintsNet);
        if (o.reason != OK) return o.reason;
        Item memory it = items[t.n];
        ++t.n;
        (it.id, it.isRedeem, it.amountIn, it.o) = (id, isRedeem, r.amountIn, o);
        it.receiver = r.flags & OTHER_RECEIVER != 0 ? b.receivers[id] : r.owner;
        if (isRedeem) {
            t.shrink += o.absDelta;
            t.burned += r.amountIn;
        } else {
            t.grow += o.absDelta;
            t.mintsIn += r.amountIn;
            t.mintsNet += o.base;
        }
        return OK;
    }

    /// @dev A mint of `amountIn` alone, as the instant path sizes it: pro rata at the vault's leverage, or opening at
    /// target. `mintsNet` is what earlier mints of the batch already add (for the cap, checked before any trade fee).
    function _mintAlone(
        Ctx memory c,
        uint256 amountIn,
        uint256 minOut,
        uint256 mintsNet
    ) private pure returns (Outcome memory o) {
        o.requestFee = FeeMath.bpsUp(amountIn, c.mintFeeBps);
        o.base = amountIn - o.requestFee;
        if (c.mintPaused) return _why(o, ILeverageVault.RefundReason.MINT_PAUSED);
        if (c.supply != 0 && c.equity == 0) return _why(o, ILeverageVault.RefundReason.WIPED_OUT);
        if (c.equity + mintsNet + o.base > c.collateralCap) return _why(o, ILeverageVault.RefundReason.CAP_EXCEEDED);
        o.absDelta =
            c.size == 0 || c.equity == 0
                ? LeverageMath.sizeDown(
                    LeverageMath.targetNotionalDown(o.base, 0, c.targetLeverage, c.takerFeeBps),
                    c.price,
                    c.unit
                )
                : LeverageMath.proRataSizeDown(
                    c.absSize,
                    o.base,
                    c.equity + FeeMath.bpsUp(LeverageMath.notionalDown(c.absSize, c.price, c.unit), c.takerFeeBps)
                );
        o.tradeFee = FeeMath.takerFeeUp(o.absDelta, c.price, c.unit, c.takerFeeBps);
        if (o.tradeFee < o.base) {
            o.amountOut = ShareMath.toTokensDown(o.base - o.tradeFee, c.equity, c.supply, c.virtualShares);
        }
        return _checkOut(o, minOut);
    }

    /// @dev A redeem of `tokensIn` alone: its share of equity, less the taker fee of its pro-rata cut and the request
    /// fee. In a wiped-out vault the tokens burn for nothing.
    function _redeemAlone(Ctx memory c, uint256 tokensIn, uint256 minOut) private pure returns (Outcome memory o) {
        if (c.equity == 0 || c.supply == 0) {
            o.reason = minOut == 0 ? OK : uint8(ILeverageVault.RefundReason.SLIPPAGE);
            return o;
        }
        o.base = ShareMath.toAssetsDown(tokensIn, c.equity, c.supply, c.virtualShares);
        o.absDelta = LeverageMath.proRataSizeDown(c.absSize, tokensIn, c.supply);
        o.tradeFee = FeeMath.takerFeeUp(o.absDelta, c.price, c.unit, c.takerFeeBps);
        o.requestFee = FeeMath.bpsUp(o.base, c.redeemFeeBps);
        if (o.base > o.tradeFee + o.requestFee) o.amountOut = o.base - o.tradeFee - o.requestFee;
        return _checkOut(o, minOut);
    }

    /// @dev Alone, a request must pay something out and meet its minOut; in the batch it only gains (a smaller fee).
    function _checkOut(Outcome memory o, uint256 minOut) private pure returns (Outcome memory) {
        if (o.amountOut == 0) return _why(o, ILeverageVault.RefundReason.TOO_SMALL);
        if (o.amountOut < minOut) return _why(o, ILeverageVault.RefundReason.SLIPPAGE);
        o.reason = OK;
        return o;
    }

    function _why(Outcome memory o, ILeverageVault.RefundReason reason) private pure returns (Outcome memory) {
        o.reason = uint8(reason);
        return o;
    }

    /// @dev The settler's part of a request fee: `settleReward`, never more than the fee nor the cap in code.
    function _reward(Ctx memory c, uint256 requestFee) private pure returns (uint256) {
        return Math.min(Math.min(c.settleReward, requestFee), c.maxSettleReward);
    }

    /// @dev The batch: one trade of the net size, the taker fee shared, tokens and collateral pushed, reward paid.
    function _execute(Ctx memory c, Totals memory t, Item[] memory items) private {
        uint256 tradeFee = _netFee(c, t);
        _shareFee(t, items, tradeFee);
        // A mint was sized for its own trade's fee; it pays only its share, so it adds more equity: grow it on what it
        // adds (dN = N x (base - share) / E, the fee already paid) so the holders' leverage holds, then share the
        // net trade's (a hair larger) fee again. Twice: the second pass leaves a residue below 1e-9 of leverage.
        for (uint256 pass; pass < 2 && _resizeMints(c, t, items); ++pass) {
            tradeFee = _netFee(c, t);
            for (uint256 i; i < t.n; ++i) items[i].share = 0;
            _shareFee(t, items, tradeFee);
        }
        uint256 netAbs = t.grow > t.shrink ? t.grow - t.shrink : t.shrink - t.grow;
        for (uint256 i; i < t.n; ++i) _payout(c, t, items[i]);
        int256 sizeDelta = t.grow >= t.shrink ? int256(netAbs) : -int256(netAbs);
        if (!c.isLong) sizeDelta = -sizeDelta;
        _move(c, t, sizeDelta);
        for (uint256 i; i < t.n; ++i) {
            Item memory it = items[i];
            if (it.isRedeem && it.o.amountOut != 0) IERC20(c.collateral).safeTransfer(it.receiver, it.o.amountOut);
        }
        if (t.reward != 0) {
            IERC20(c.collateral).safeTransfer(msg.sender, t.reward);
            emit ILeverageVault.SettleRewardPaid(msg.sender, t.reward);
        }
        emit ILeverageVault.BatchSettled(c.round, c.price, t.n, sizeDelta, tradeFee);
    }

    function _netFee(Ctx memory c, Totals memory t) private pure returns (uint256) {
        uint256 netAbs = t.grow > t.shrink ? t.grow - t.shrink : t.shrink - t.grow;
        return FeeMath.takerFeeUp(netAbs, c.price, c.unit, c.takerFeeBps);
    }

    /// @dev Re-sizes each pro-rata mint on the equity it adds after its fee share; returns whether any moved.
    function _resizeMints(Ctx memory c, Totals memory t, Item[] memory items) private pure returns (bool moved) {
        if (c.size == 0 || c.equity == 0) return false; // an opening batch sizes at target, not pro rata
        for (uint256 i; i < t.n; ++i) {
            Item memory it = items[i];
            if (it.isRedeem) continue;
            uint256 absDelta = LeverageMath.proRataSizeDown(c.absSize, it.o.base - it.share, c.equity);
            if (absDelta == it.o.absDelta) continue;
            t.grow = t.grow - it.o.absDelta + absDelta;
            it.o.absDelta = absDelta;
            moved = true;
        }
    }

    /// @dev Each request's share of `tradeFee`: in proportion to its own trade's size, rounded up, at most its own
    /// trade's fee. What rounding leaves uncovered goes, in id order, to requests still below their own fee (their
    /// own fees sum to at least `tradeFee`, since the net trade is no larger than the sum of theirs).
    function _shareFee(Totals memory t, Item[] memory items, uint256 tradeFee) private pure {
        uint256 sum = t.grow + t.shrink;
        if (sum == 0 || tradeFee == 0) return;
        uint256 shared;
        for (uint256 i; i < t.n; ++i) {
            Item memory it = items[i];
            it.share = Math.min(Math.mulDiv(tradeFee, it.o.absDelta, sum, Math.Rounding.Ceil), it.o.tradeFee);
            shared += it.share;
        }
        for (uint256 i; i < t.n && shared < tradeFee; ++i) {
            Item memory it = items[i];
            uint256 more = Math.min(it.o.tradeFee - it.share, tradeFee - shared);
            it.share += more;
            shared += more;
        }
    }

    /// @dev Final amount of one request with its share of the fee; mints its tokens; sums what leaves.
    function _payout(Ctx memory c, Totals memory t, Item memory it) private {
        Outcome memory o = it.o;
        uint256 reward = _reward(c, o.requestFee);
        t.reward += reward;
        t.owed += o.requestFee - reward;
        if (it.isRedeem) {
            if (o.base != 0) o.amountOut = o.base - it.share - o.requestFee;
            t.paidOut += o.amountOut;
        } else {
            o.amountOut = ShareMath.toTokensDown(o.base - it.share, c.equity, c.supply, c.virtualShares);
            ILeveragedToken(c.token).mint(it.receiver, o.amountOut);
        }
        emit ILeverageVault.RequestSettled(it.id, o.amountOut, o.requestFee + it.share);
    }

    /// @dev One market call: the net trade, with the mints' collateral in and the redeems' payouts and the reward
    /// out, netted (what leaves comes to the vault, which pays each receiver).
    function _move(Ctx memory c, Totals memory t, int256 sizeDelta) private {
        if (t.burned != 0) ILeveragedToken(c.token).burn(address(this), t.burned);
        uint256 out = t.paidOut + t.reward;
        if (t.mintsIn > out) {
            uint256 margin = t.mintsIn - out;
            IERC20(c.collateral).safeTransfer(c.market, margin);
            IPerpMarket(c.market).modifyPosition(sizeDelta, int256(margin), address(0));
        } else if (out > t.mintsIn || sizeDelta != 0) {
            IPerpMarket(c.market).modifyPosition(sizeDelta, -int256(out - t.mintsIn), address(this));
        }
    }

    /// @dev Sends the whole escrow of request `id` back to its owner and finishes it.
    function _refund(
        Book storage b,
        Queue memory q,
        address token,
        address collateral,
        uint256 id,
        Packed memory r,
        ILeverageVault.RefundReason reason
    ) private {
        _finish(b, id, r);
        if (r.flags & REDEEM != 0) {
            b.tokens -= r.amountIn;
            IERC20(token).safeTransfer(r.owner, r.amountIn);
        } else {
            q.collateral -= r.amountIn;
            IERC20(collateral).safeTransfer(r.owner, r.amountIn);
        }
        emit ILeverageVault.RequestRefunded(id, reason);
    }

    function _finish(Book storage b, uint256 id, Packed memory r) private {
        delete b.requests[id];
        if (r.flags & OTHER_RECEIVER != 0) delete b.receivers[id];
    }
}
