// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AutomationCompatibleInterface} from "@chainlink/contracts/src/v0.8/automation/interfaces/AutomationCompatibleInterface.sol";
import {ICommonErrors} from "./ICommonErrors.sol";

/// @title ILeverageVault
/// @notice One vault per leveraged token: takes collateral in, holds one perpetual position, mints and
/// redeems the token at NAV, keeps leverage near its target, and accrues fees.
/// @dev Units: collateral amounts in the collateral token's base units (USDC: 6 decimals); token
/// amounts in 18 decimals; leverage, rates and prices in WAD (1e18 = 1.0); fees in basis points
/// except `managementFeeRate` (WAD per year). Rounding always favours the vault: tokens out and
/// collateral out round down, fees round up.
/// Warning: `previewMint`/`previewRedeem` are exact only within the same block; prices, funding and
/// the streaming fee move them between blocks. Always pass a `minOut`.
/// Warning: mint, redeem and rebalance revert while the oracle is stale or invalid. The guardian can
/// pause minting only; redemption stays open whenever a usable price exists.
interface ILeverageVault is ICommonErrors, AutomationCompatibleInterface {
    /// @notice Governance-settable parameters, checked against hard caps in code where they are set.
    struct VaultParams {
        uint80 minLeverage; // lower edge of the band, WAD
        uint80 maxLeverage; // upper edge of the band, WAD
        uint32 rebalanceInterval; // seconds after which a drift off target is re-centred
        uint32 twapCooldown; // seconds between chunks of a chunked rebalance
        uint32 maxStaleness; // oldest oracle answer accepted, seconds
        uint80 ripcordLeverage; // leverage at or above which anyone may ripcord, WAD
        uint64 recenteringSpeed; // fraction of the way back to target per time-based rebalance, WAD (1e18 = all the way)
        uint64 managementFeeRate; // streaming fee, WAD per year, paid by minting tokens to the fee recipient
        uint16 mintFeeBps; // fee on collateral in
        uint16 redeemFeeBps; // fee on gross collateral out
        uint128 maxTradeSize; // largest notional (collateral units) one rebalance or iteration trades
        uint128 ripcordMaxTradeSize; // largest notional one ripcord trades (>= maxTradeSize)
        uint128 ripcordReward; // collateral paid to a ripcord caller, also capped at 1% of equity
        uint128 collateralCap; // largest equity minting may bring the vault to, collateral units
        uint16 requestMintFeeBps; // fee on a next-price mint request's collateral in
        uint16 requestRedeemFeeBps; // fee on a next-price redeem request's gross collateral out
        uint128 settleReward; // collateral paid to a settler per settled request, at most that request's fee
    }

    /// @notice What `rebalanceStatus` returns, and the kind of a `Rebalanced` event.
    enum Status {
        /// @notice Nothing to do: at target or not yet due, or no usable price, or a dust or beyond-rescue vault.
        NONE,
        /// @notice Leverage left the band, or the rebalance interval passed with leverage off target.
        REBALANCE,
        /// @notice A chunked rebalance is under way and its cooldown has passed: the next chunk may trade.
        ITERATE,
        /// @notice Leverage reached `ripcordLeverage`: anyone may deleverage, for a bounded reward.
        RIPCORD
    }

    /// @notice Why a next-price request was refunded (docs/protocol.md §5b).
    enum RefundReason {
        /// @notice Its round passed (a newer round is the latest) before anyone settled it.
        ROUND_MISSED,
        /// @notice Its round's price would pay less than its `minOut`.
        SLIPPAGE,
        /// @notice The vault was wiped out at its round (a mint request; a redeem burns for nothing instead).
        WIPED_OUT,
        /// @notice Settling the mint would take equity above the collateral cap.
        CAP_EXCEEDED,
        /// @notice Minting was paused when its round came.
        MINT_PAUSED,
        /// @notice After its fees the request buys no token unit or pays no collateral.
        TOO_SMALL,
        /// @notice Its round is the latest but older than `maxStaleness`: it can no longer settle.
        STALE_ROUND
    }

    /// @notice Where a request id stands.
    enum RequestState {
        /// @notice No request has this id.
        UNKNOWN,
        /// @notice Escrowed, waiting for its round.
        PENDING,
        /// @notice Settled or refunded: nothing is left in escrow for it.
        FINISHED
    }

    /// @notice A next-price request as `getRequest` reports it.
    struct Request {
        RequestState state;
        bool isRedeem; // false: a mint (collateral escrowed), true: a redeem (tokens escrowed)
        uint80 roundId; // the feed round it settles at: the one after the latest at request time
        address owner; // who escrowed it; refunds go here; only it may cancel
        address receiver; // who gets the tokens (mint) or collateral (redeem)
        uint256 amountIn; // collateral (mint) or tokens (redeem) in escrow
        uint256 minOut; // least tokens (mint) or collateral (redeem) it settles for
    }

    /// @notice What a request would return if it settled alone at the current price: an estimate, since it
    /// settles at its round's price and a netted batch only lowers `tradeFee`.
    struct RequestQuote {
        uint256 amountOut; // tokens (mint) or collateral (redeem) to the receiver
        uint256 requestFee; // request fee in collateral, the settler's reward included
        uint256 tradeFee; // taker fee of its trade settling alone (an upper bound on its share of a batch's)
        uint256 settleReward; // the part of `requestFee` paid to the settler
    }

    /// @notice Emitted when `sender` mints `tokensOut` to `receiver` for `collateralIn`, paying `mintFee` and the
    /// `tradeFee` of the position's growth.
    event Minted(
        address indexed sender,
        address indexed receiver,
        uint256 collateralIn,
        uint256 tokensOut,
        uint256 mintFee,
        uint256 tradeFee
    );
    /// @notice Emitted when `sender` burns `tokensIn` and `receiver` is paid `collateralOut`, after `redeemFee` and
    /// the `tradeFee` of the position's cut.
    event Redeemed(
        address indexed sender,
        address indexed receiver,
        uint256 tokensIn,
        uint256 collateralOut,
        uint256 redeemFee,
        uint256 tradeFee
    );
    /// @notice Emitted when a rebalance, iteration step or ripcord (`kind`) trades `sizeDelta` at `price`.
    event Rebalanced(
        Status indexed kind,
        uint256 leverageBefore,
        uint256 leverageAfter,
        int256 sizeDelta,
        uint256 price,
        uint256 tradeFee
    );
    /// @notice Emitted when a ripcord pays `caller` its `reward` in collateral.
    event RipcordRewardPaid(address indexed caller, uint256 reward);
    /// @notice Emitted when the streaming fee mints `feeTokens` to the fee recipient. Mint and redeem fees are in
    /// `Minted`/`Redeemed` (owed in collateral, see `feesOwed`); taker fees in `Minted`/`Redeemed`/`Rebalanced`.
    event FeesAccrued(uint256 feeTokens);
    /// @notice Emitted when `claimFees` sends `amount` of collateral to `recipient`.
    event FeesClaimed(address indexed recipient, uint256 amount);
    /// @notice Emitted when the parameters are set (at creation and by `setParams`).
    event ParamsUpdated(VaultParams params);
    /// @notice Emitted when the admin moves the fee recipient to `feeRecipient`.
    event FeeRecipientUpdated(address indexed feeRecipient);
    /// @notice Emitted when `owner` escrows `collateralIn` for a mint that settles at feed round `roundId`.
    event MintRequested(
        uint256 indexed requestId,
        address indexed owner,
        address indexed receiver,
        uint256 collateralIn,
        uint256 minTokensOut,
        uint80 roundId
    );
    /// @notice Emitted when `owner` escrows `tokensIn` for a redeem that settles at feed round `roundId`.
    event RedeemRequested(
        uint256 indexed requestId,
        address indexed owner,
        address indexed receiver,
        uint256 tokensIn,
        uint256 minCollateralOut,
        uint80 roundId
    );
    /// @notice Emitted when a request settles: `amountOut` tokens (mint) or collateral (redeem) went to its
    /// receiver, after `fee` in collateral (request fee plus its share of the batch's taker fee).
    event RequestSettled(uint256 indexed requestId, uint256 amountOut, uint256 fee);
    /// @notice Emitted when a request's whole escrow goes back to its owner, for `reason`.
    event RequestRefunded(uint256 indexed requestId, RefundReason reason);
    /// @notice Emitted once per settlement: `requests` settled at round `roundId`'s `price` in one trade of
    /// `netSizeDelta` that cost `tradeFee`.
    event BatchSettled(uint80 indexed roundId, uint256 price, uint256 requests, int256 netSizeDelta, uint256 tradeFee);
    /// @notice Emitted when `settle` pays `settler` its `reward` (funded by the settled requests' fees).
    event SettleRewardPaid(address indexed settler, uint256 reward);
    /// @notice Emitted when `guardian` pauses minting.
    event MintPaused(address indexed guardian);
    /// @notice Emitted when `guardian` allows minting again.
    event MintUnpaused(address indexed guardian);

    /// @notice Thrown when a mint or redeem would return `actual`, less than the caller's minimum `expected`.
    error SlippageExceeded(uint256 expected, uint256 actual);
    /// @notice Thrown when the oracle's last answer, published at `updatedAt`, is too old or dated in the future.
    error OracleStale(uint256 updatedAt);
    /// @notice Thrown when the oracle's `answer` is not a positive price.
    error OracleInvalid(int256 answer);
    /// @notice Thrown when minting while the guardian has paused it.
    error MintingPaused();
    /// @notice Thrown when minting into a vault whose tokens are out and whose equity is gone.
    error VaultWipedOut();
    /// @notice Thrown when a mint's `collateralIn` alone is above the `cap`, before any other check.
    error MintAboveCap(uint256 cap, uint256 collateralIn);
    /// @notice Thrown when a mint would take the vault's equity to `equityAfter`, above the `cap`.
    error CollateralCapExceeded(uint256 cap, uint256 equityAfter);
    /// @notice Thrown when a mint of `collateralIn` is too small to buy one token unit after its fees.
    error MintTooSmall(uint256 collateralIn);
    /// @notice Thrown when `rebalance` or `performUpkeep` is called while the status is `status` (NONE, or RIPCORD).
    error RebalanceNotNeeded(uint8 status);
    /// @notice Thrown when `ripcord` is called while the status is not RIPCORD, at `leverage` against `ripcordLeverage`.
    error RipcordNotNeeded(uint256 leverage, uint256 ripcordLeverage);
    /// @notice Thrown when redeeming `tokensIn` would pay nothing from a vault that still has equity.
    error RedeemTooSmall(uint256 tokensIn);
    /// @notice Thrown when the parameter `name` is set to `value`, outside its cap.
    error InvalidParam(bytes32 name, uint256 value);
    /// @notice Thrown when the parameter `name` is set to `value`, past `limit`, which the market's `venueLimits`
    /// imposes (a maximum for ripcordLeverage, a minimum then a maximum for maxStaleness; IPerpMarket).
    error VenueLimit(bytes32 name, uint256 value, uint256 limit);
    /// @notice Thrown when `claimFees` finds no fees owed (or no value to pay them from).
    error NothingToClaim();
    /// @notice Thrown when no request has `requestId`.
    error UnknownRequest(uint256 requestId);
    /// @notice Thrown when request `requestId` was already settled or refunded.
    error RequestFinished(uint256 requestId);
    /// @notice Thrown when `caller` cancels request `requestId`, which it does not own.
    error NotRequestOwner(uint256 requestId, address caller);
    /// @notice Thrown when request `requestId` is cancelled while it can still settle at round `roundId`.
    error CancelTooEarly(uint256 requestId, uint80 roundId);
    /// @notice Thrown when `settle` finds no request to settle or refund.
    error NothingToSettle();
    /// @notice Thrown when `settle` is called while the status is RIPCORD, at `leverage`: the ripcord goes first.
    error RipcordFirst(uint256 leverage);
    /// @notice Thrown when an instant mint would buy in at `leverage`, above the band's `maxLeverage`: request a mint
    /// (settled at the next round) or wait for the rebalance (anyone may call `rebalance()` or `ripcord()`).
    error MintAboveBand(uint256 leverage, uint256 maxLeverage);
    /// @notice Thrown when the L2 sequencer-uptime feed answers `answer` (1: down) with status since `startedAt`, and
    /// the sequencer has not been up for the grace period (or the feed is not initialised: `startedAt` 0).
    error SequencerUnavailable(int256 answer, uint256 startedAt);

    // ---- views -------------------------------------------------------------------------------

    /// @notice The leveraged token this vault mints and burns.
    function token() external view returns (address);

    /// @notice The collateral token (USDC).
    function collateral() external view returns (address);

    /// @notice The perpetual market the vault trades on.
    function market() external view returns (address);

    /// @notice True for a long token, false for a short one.
    function isLong() external view returns (bool);

    /// @notice Target leverage, WAD. Fixed at creation.
    function targetLeverage() external view returns (uint256);

    /// @notice Current parameters.
    function params() external view returns (VaultParams memory);

    /// @notice Account value in collateral units: margin + unrealised PnL - funding owed - fees accrued
    /// and not yet paid. Never negative (0 if wiped out). Reverts `OracleInvalid` without a positive price.
    function equity() external view returns (uint256);

    /// @notice Collateral units that 1e18 token units are worth now, streaming fee accrued to now included.
    /// 0 when wiped out. Before the first mint: the initial NAV (100 collateral units x 10^decimals).
    function nav() external view returns (uint256);

    /// @notice Current effective leverage |size| x price / equity, WAD. 0 without a position,
    /// type(uint256).max with a position and no equity. Reverts `OracleInvalid` without a positive price.
    function leverage() external view returns (uint256);

    /// @notice `equity()`, `nav()`, `leverage()` and `rebalanceStatus()` from one read of the market, for
    /// keepers and front ends. Reverts `OracleInvalid` without a positive price.
    function vaultState() external view returns (uint256 equity, uint256 nav, uint256 leverage, Status status);

    /// @notice Tokens a `mint(collateralIn, ...)` in this block returns, every fee included.
    function previewMint(uint256 collateralIn) external view returns (uint256 tokensOut);

    /// @notice Collateral a `redeem(tokensIn, ...)` in this block returns, every fee included.
    function previewRedeem(uint256 tokensIn) external view returns (uint256 collateralOut);

    /// @notice 0 NONE, 1 REBALANCE, 2 ITERATE, 3 RIPCORD. NONE while the oracle is stale (or dated in the
    /// future) or invalid, while equity is below one collateral unit (1 USDC: a wiped-out or dust vault, where
    /// fees and margin rounding exceed any trade), and while the vault is beyond rescue (the taker fee of closing
    /// its position is at least its equity; left to the market's liquidation).
    function rebalanceStatus() external view returns (Status);

    /// @notice Collateral owed to the fee recipient (mint and redeem fees), already excluded from equity.
    function feesOwed() external view returns (uint256);

    /// @notice Where fees go.
    function feeRecipient() external view returns (address);

    /// @notice Whether minting is paused by the guardian.
    function mintPaused() external view returns (bool);

    /// @notice When the last complete rebalance finished (unix seconds).
    function lastRebalanceTime() external view returns (uint256);

    /// @notice Whether a chunked rebalance is under way.
    function iterating() external view returns (bool);

    /// @notice When the vault last traded for a rebalance, iteration or ripcord (unix seconds).
    function lastTradeTime() external view returns (uint256);

    /// @notice Position size on the market, WAD base units, signed.
    function positionSize() external view returns (int256);

    /// @notice Request `requestId` as it stands; `state` is UNKNOWN for an id never issued.
    function getRequest(uint256 requestId) external view returns (Request memory);

    /// @notice The ids [next, end) may still be pending (some in between may be finished); `end` is the next
    /// id `requestMint`/`requestRedeem` will issue. Ids start at 1.
    function requestQueue() external view returns (uint256 next, uint256 end);

    /// @notice How many requests, from the head of the queue, `settle` would settle or refund now.
    function settleableRequests() external view returns (uint256);

    /// @notice Collateral and tokens held in escrow for pending requests (INV-7: their sums).
    function escrowed() external view returns (uint256 collateral, uint256 tokens);

    /// @notice Estimate for `requestMint(collateralIn, ...)`: settling alone at the current price, at the token's
    /// supply as it stands (the streaming fee since the last action left out). 0 `amountOut` when it would be refunded.
    function quoteRequestMint(uint256 collateralIn) external view returns (RequestQuote memory);

    /// @notice Estimate for `requestRedeem(tokensIn, ...)`: settling alone at the current price.
    function quoteRequestRedeem(uint256 tokensIn) external view returns (RequestQuote memory);

    /// @notice Chainlink Automation: whether `performUpkeep` has work (a status other than NONE, or requests to
    /// settle or refund), and the status it saw.
    function checkUpkeep(
        bytes calldata checkData
    ) external view override returns (bool upkeepNeeded, bytes memory performData);

    // ---- actions -----------------------------------------------------------------------------

    /// @notice Deposits `collateralIn` (pulled from the caller) and mints tokens at NAV to `receiver`.
    /// @dev Reverts `MintAboveCap(cap, collateralIn)` when the amount alone exceeds the cap,
    /// `CollateralCapExceeded(cap, equityAfter)` when the vault would pass its cap, and
    /// `MintTooSmall(collateralIn)` when the amount buys no token unit.
    function mint(uint256 collateralIn, uint256 minTokensOut, address receiver) external returns (uint256 tokensOut);

    /// @notice `mint` with an EIP-2612 permit on the collateral, in one transaction.
    function mintWithPermit(
        uint256 collateralIn,
        uint256 minTokensOut,
        address receiver,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 tokensOut);

    /// @notice Burns `tokensIn` of the caller's tokens (no approval needed) and pays collateral to `receiver`.
    function redeem(
        uint256 tokensIn,
        uint256 minCollateralOut,
        address receiver
    ) external returns (uint256 collateralOut);

    /// @notice Escrows `collateralIn` (pulled from the caller) for a mint at the price of the feed's next round.
    /// @dev Reverts `ZeroAmount` and `ZeroAddress` at once. Paused minting, the cap and a wiped-out vault are decided
    /// at settlement, as every other failure: a refund. Ids are issued in order; returns the new id.
    function requestMint(
        uint256 collateralIn,
        uint256 minTokensOut,
        address receiver
    ) external returns (uint256 requestId);

    /// @notice `requestMint` with an EIP-2612 permit on the collateral, in one transaction.
    function requestMintWithPermit(
        uint256 collateralIn,
        uint256 minTokensOut,
        address receiver,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 requestId);

    /// @notice Escrows `tokensIn` of the caller's tokens (no approval needed) for a redeem at the price of the
    /// feed's next round. The tokens stay in the supply, and their exposure with the owner, until then.
    function requestRedeem(
        uint256 tokensIn,
        uint256 minCollateralOut,
        address receiver
    ) external returns (uint256 requestId);

    /// @notice Permissionless. From the head of the queue, up to `maxRequests`: refunds requests that can no
    /// longer settle and settles those whose round is the latest, in one netted trade, paying the caller the
    /// settled requests' `settleReward`s. Returns how many requests it finished.
    /// @dev Reverts `ZeroAmount` for 0, `NothingToSettle` with nothing to finish, `RipcordFirst` while RIPCORD.
    function settle(uint256 maxRequests) external returns (uint256 processed);

    /// @notice Refunds the caller's request `requestId` in full once it can no longer settle.
    /// @dev Reverts `UnknownRequest`, `RequestFinished`, `NotRequestOwner`, `CancelTooEarly(requestId, roundId)`.
    function cancelRequest(uint256 requestId) external;

    /// @notice Trades toward target. Permissionless when the status is REBALANCE or ITERATE.
    function rebalance() external;

    /// @notice Emergency deleverage. Permissionless when the status is RIPCORD; pays the caller a bounded reward:
    /// `ripcordReward`, at most 1% of equity, and never more than the equity share of the position this call
    /// cuts (less its fee), so paying it never raises leverage.
    /// @dev Reverts `RipcordNotNeeded(leverage, ripcordLeverage)` whenever the status is not RIPCORD, including in a
    /// dust vault (equity below one collateral unit) and in a vault beyond rescue (closing its position would cost
    /// its whole equity in taker fee, leverage >= 10,000 / takerFeeBps), both of which report NONE: the market's
    /// liquidation is what settles the latter.
    function ripcord() external returns (uint256 reward);

    /// @notice Chainlink Automation: re-checks on chain, then does one thing, in this order: the ripcord while
    /// RIPCORD, else `settle` of up to 50 requests if any can be finished, else what `rebalance` would.
    /// @dev performData is untrusted and ignored. The settler's reward goes to the caller.
    function performUpkeep(bytes calldata performData) external override;

    /// @notice Sends `feesOwed` to the fee recipient. Permissionless.
    function claimFees() external returns (uint256 amount);

    // ---- governance --------------------------------------------------------------------------

    /// @notice Replaces the parameters, each checked against the hard caps in VaultParamsLib. Admin only.
    /// @dev The streaming fee is accrued at the old rate first.
    function setParams(VaultParams calldata newParams) external;

    /// @notice Sets where fees go. Admin only. Accrues the streaming fee to the old recipient first.
    function setFeeRecipient(address newRecipient) external;

    /// @notice Stops new mints. Guardian only. Redemption stays open.
    function pauseMint() external;

    /// @notice Allows mints again. Guardian only.
    function unpauseMint() external;
}
