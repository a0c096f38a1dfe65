// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICommonErrors} from "./ICommonErrors.sol";

/// @title IPerpMarket
/// @notice The seam between a Lever vault and a perpetual-futures venue: one margin account per
/// address, one signed position per account, fills at the oracle (mark) price.
/// @dev Units: sizes are signed base-asset amounts in WAD (1e18 = one BTC), prices are WAD USD per
/// base unit, margin and values are in the collateral token's base units.
/// Warning: the vault relies on `accountSnapshot` being exactly what `modifyPosition` settles at
/// in the same block (no slippage, fee = ceil(ceil(|sizeDelta| x price) x takerFeeBps / 10_000)).
/// A real venue adapter must present the same semantics.
/// What a venue must offer a vault (checked by the vault at creation and in `setParams`, docs/security.md I-1, F):
/// - a maintenance margin well below 1/ripcordLeverage: the vault's ripcord must fire while the account is far
///   from liquidation (`venueLimits().maintenanceMarginBps` x 2 <= 1/ripcordLeverage);
/// - the feed's heartbeat, so that no vault accepts a `maxStaleness` its feed cannot meet between rounds
///   (maxStaleness >= heartbeat + 10 %), and the oldest price a size change accepts, which must cover the
///   vault's `maxStaleness` or its redemption closes before its own staleness check does.
interface IPerpMarket is ICommonErrors {
    /// @notice The venue's limits a vault's parameters must fit (see the interface's notes).
    struct VenueLimits {
        uint256 maintenanceMarginBps; // an account is liquidatable below this margin, bps of notional
        uint256 feedHeartbeat; // seconds: the longest the feed goes without a round (0: not stated)
        uint256 maxPriceAge; // seconds: the oldest price a size change accepts
    }

    /// @notice What an account holds, settled to the current block.
    struct AccountSnapshot {
        int256 size; // signed position, WAD base units
        uint256 value; // margin + unrealised PnL - funding owed, floored at 0, collateral units
        uint256 price; // mark price, WAD
        uint256 priceUpdatedAt; // the oracle's updatedAt for `price`
        uint256 takerFeeBps; // fee charged on the notional of the next trade
    }

    /// @notice Emitted when `amount` of collateral is credited to the margin of `account`.
    event Deposited(address indexed account, uint256 amount);
    /// @notice Emitted when `amount` of the margin of `account` is paid to `recipient`.
    event Withdrawn(address indexed account, address indexed recipient, uint256 amount);
    /// @notice Emitted when `account` trades `sizeDelta` at `price` to `newSize`, paying the taker `fee`.
    event Traded(address indexed account, int256 sizeDelta, int256 newSize, uint256 price, uint256 fee);
    /// @notice Emitted when `liquidator` closes the `size` of `account` at `price`, earning `penalty`; `badDebt` is
    /// the loss beyond the account's margin.
    event Liquidated(
        address indexed account,
        address indexed liquidator,
        int256 size,
        uint256 price,
        uint256 penalty,
        uint256 badDebt
    );
    /// @notice Emitted when the owner sets the funding rate to `ratePerYear` (WAD, positive: longs pay).
    event FundingRateSet(int256 ratePerYear);
    /// @notice Emitted when `provider` adds `amount` to the liquidity pool.
    event LiquiditySupplied(address indexed provider, uint256 amount);
    /// @notice Emitted when `amount` leaves the liquidity pool for `recipient`.
    event LiquidityRemoved(address indexed recipient, uint256 amount);
    /// @notice Emitted when a profit of `unpaid` more than the pool held is cut from `account`.
    event ProfitHaircut(address indexed account, uint256 unpaid);

    /// @notice Thrown when the oracle's `answer` is not a positive price.
    error InvalidPrice(int256 answer);
    /// @notice Thrown when a deposit of `expected` finds only `received` more collateral in the market.
    error DepositNotReceived(uint256 expected, uint256 received);
    /// @notice Thrown when a withdrawal or trade needs `required` margin and the account has `available`.
    error InsufficientMargin(uint256 available, uint256 required);
    /// @notice Thrown when paying `requested` needs more than the `available` liquidity.
    error InsufficientPoolLiquidity(uint256 available, uint256 requested);
    /// @notice Thrown when liquidating `account`, whose `value` is at or above its `maintenanceMargin`.
    error NotLiquidatable(address account, uint256 value, uint256 maintenanceMargin);
    /// @notice Thrown when a trade would take the position to `size`, above `maxSize`.
    error PositionTooLarge(uint256 size, uint256 maxSize);
    /// @notice Thrown when the parameter `name` is set to `value`, above its `max`.
    error ParameterOutOfRange(bytes32 name, uint256 value, uint256 max);
    /// @notice Thrown when `caller` may not do what it called.
    error Unauthorized(address caller);

    /// @notice The collateral token every account is margined in.
    function collateral() external view returns (address);

    /// @notice The Chainlink-compatible feed the market marks and fills at.
    function priceFeed() external view returns (address);

    /// @notice Mark price (WAD) and the oracle's `updatedAt`. Reverts on a non-positive answer.
    function markPrice() external view returns (uint256 price, uint256 updatedAt);

    /// @notice The state of `account` as if it were settled now.
    function accountSnapshot(address account) external view returns (AccountSnapshot memory);

    /// @notice Position size of `account` (WAD, signed).
    function positionSize(address account) external view returns (int256);

    /// @notice Value of `account` in collateral units: margin + unrealised PnL - funding owed, floored at 0.
    function accountValue(address account) external view returns (uint256);

    /// @notice Pulls `amount` collateral from the caller into the caller's own margin.
    function deposit(uint256 amount) external;

    /// @notice Withdraws `amount` of the caller's margin to `recipient`, keeping the initial margin of any open position.
    function withdraw(uint256 amount, address recipient) external;

    /// @notice Changes the caller's position by `sizeDelta` at the mark price; the taker fee comes out of margin.
    function trade(int256 sizeDelta) external returns (uint256 price, uint256 fee);

    /// @notice One call for a vault: credit collateral already transferred to the market (marginDelta > 0),
    /// trade `sizeDelta`, then withdraw `-marginDelta` to `recipient` (marginDelta < 0).
    /// @dev A positive marginDelta is credited only if the market's balance grew by at least that much
    /// beyond what it accounts for, so margin can only be added to the caller's own account.
    /// A withdrawal must leave the initial margin, unless the same call cuts the position at least in
    /// proportion (leverage does not rise): pro-rata exits stay open at any leverage.
    function modifyPosition(
        int256 sizeDelta,
        int256 marginDelta,
        address recipient
    ) external returns (uint256 price, uint256 fee);

    /// @notice Closes the position of an account below maintenance margin; the caller earns the penalty.
    function liquidate(address account) external returns (uint256 penalty);

    /// @notice The limits a vault's parameters must fit: maintenance margin, feed heartbeat, oldest usable price.
    function venueLimits() external view returns (VenueLimits memory);

    /// @notice Whether `account` is below maintenance margin now.
    function isLiquidatable(address account) external view returns (bool);
}
