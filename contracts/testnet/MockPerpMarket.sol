// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {SignedMath} from "@openzeppelin/contracts/utils/math/SignedMath.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {IPerpMarket} from "../interfaces/IPerpMarket.sol";
import {FeeMath} from "../libraries/FeeMath.sol";

/// @title MockPerpMarket
/// @notice Testnet venue: a perpetual-futures market for one underlying that Lever's vaults and
/// testnet users trade against: margin accounts, one signed position per account, fills at the
/// oracle price, a taker fee on notional, funding, maintenance margin and permissionless liquidation.
/// @dev Deployed to local chains and testnets, never to mainnet. It is not a real exchange: there is no
/// order book, skew or price impact, funding is a rate the owner sets, and a single pool funded by
/// the owner is every trader's counterparty. It must nevertheless stay sound, since testnet users
/// trade against it (docs/security.md, findings C-E).
/// @dev The liquidity pool is every trader's counterparty: realised profits and funding received are
/// paid from it, losses, funding paid and fees go to it. Accounts are marked to market on every touch.
/// A profit the pool cannot cover is cut to what it holds (`ProfitHaircut`), so the market can never
/// pay out more than it holds: `reserves` (= pool + sum of margins) is always <= its token balance.
/// Funding: `fundingRatePerYear` (WAD, set by the owner, not derived from skew) is charged per second on
/// position notional; positive means longs pay and shorts receive.
contract MockPerpMarket is IPerpMarket, Ownable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using SafeCast for int256;

    struct Account {
        int128 size; // WAD base units
        uint128 margin; // collateral units, settled to `settlePrice`
        uint128 settlePrice; // WAD price the account was last marked at
        int128 fundingIndex; // cumulativeFunding when last settled
    }

    struct Params {
        uint16 takerFeeBps;
        uint16 initialMarginBps;
        uint16 maintenanceMarginBps;
        uint16 liquidationPenaltyBps;
        int64 fundingRatePerYear; // WAD
        uint40 lastFundingTime;
    }

    uint256 public constant MAX_TAKER_FEE_BPS = 100;
    uint256 public constant MAX_FUNDING_RATE = 5e18; // 500% a year
    uint256 internal constant YEAR = 365 days;

    IERC20 internal immutable _collateral;
    AggregatorV3Interface internal immutable _feed;
    uint256 internal immutable _unit; // 1e36 / 10^collateralDecimals
    uint256 internal immutable _priceScale; // 10^(18 - feedDecimals)

    /// @notice The market's name, such as "BTC-USD".
    string public symbol;

    Params public params;
    uint128 public poolBalance;
    uint128 public reserves;
    int256 public cumulativeFunding; // WAD USD per WAD of size
    mapping(address => Account) internal _accounts;

    constructor(
        address owner_,
        string memory symbol_,
        address collateral_,
        address feed_,
        uint16 takerFeeBps_,
        uint16 initialMarginBps_,
        uint16 maintenanceMarginBps_,
        uint16 liquidationPenaltyBps_
    ) Ownable(owner_) {
        if (collateral_ == address(0) || feed_ == address(0)) revert ZeroAddress();
        _checkBps("takerFeeBps", takerFeeBps_, MAX_TAKER_FEE_BPS);
        _checkBps("initialMarginBps", initialMarginBps_, 10_000);
        _checkBps("maintenanceMarginBps", maintenanceMarginBps_, initialMarginBps_);
        _checkBps("liquidationPenaltyBps", liquidationPenaltyBps_, maintenanceMarginBps_);
        symbol = symbol_;
        _collateral = IERC20(collateral_);
        _feed = AggregatorV3Interface(feed_);
        _unit = 1e36 / 10 ** IERC20Metadata(collateral_).decimals();
        _priceScale = 10 ** (18 - AggregatorV3Interface(feed_).decimals());
        params = Params(takerFeeBps_, initialMarginBps_, maintenanceMarginBps_, liquidationPenaltyBps_, 0, uint40(block.timestamp));
    }

    // ---- views -------------------------------------------------------------------------------

    /// @inheritdoc IPerpMarket
    function collateral() external view returns (address) {
        return address(_collateral);
    }

    /// @inheritdoc IPerpMarket
    function priceFeed() external view returns (address) {
        return address(_feed);
    }

    /// @inheritdoc IPerpMarket
    function markPrice() public view returns (uint256 price, uint256 updatedAt) {
        int256 answer;
        (, answer,, updatedAt,) = _feed.latestRoundData();
        if (answer <= 0) revert InvalidPrice(answer);
        price = uint256(answer) * _priceScale;
    }

    /// @inheritdoc IPerpMarket
    /// @dev Does not revert on an invalid oracle answer: `price` is 0 then and the value is the bare margin.
    function accountSnapshot(address account) external view returns (AccountSnapshot memory snap) {
        (, int256 answer,, uint256 updatedAt,) = _feed.latestRoundData();
        Params memory p = params;
        Account memory a = _accounts[account];
        snap.takerFeeBps = p.takerFeeBps;
        snap.size = a.size;
        snap.priceUpdatedAt = updatedAt;
        if (answer <= 0) {
            snap.value = a.margin;
            return snap;
        }
        uint256 price = uint256(answer) * _priceScale;
        (a,,,) = _settle(a, price, _fundingNow(p, price), poolBalance);
        snap.price = price;
        snap.value = a.margin;
    }

    /// @inheritdoc IPerpMarket
    function positionSize(address account) external view returns (int256) {
        return _accounts[account].size;
    }

    /// @inheritdoc IPerpMarket
    function accountValue(address account) public view returns (uint256) {
        (uint256 price,) = markPrice();
        (Account memory a,,,) = _settle(_accounts[account], price, _fundingNow(params, price), poolBalance);
        return a.margin;
    }

    /// @notice Raw account storage (margin settled at `settlePrice`, not now).
    function accounts(address account) external view returns (Account memory) {
        return _accounts[account];
    }

    /// @inheritdoc IPerpMarket
    function isLiquidatable(address account) public view returns (bool) {
        (uint256 price,) = markPrice();
        Params memory p = params;
        (Account memory a,,,) = _settle(_accounts[account], price, _fundingNow(p, price), poolBalance);
        if (a.size == 0) return false;
        return a.margin < _marginFor(a.size, price, p.maintenanceMarginBps);
    }

    // ---- trader actions ----------------------------------------------------------------------

    /// @inheritdoc IPerpMarket
    function deposit(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        _collateral.safeTransferFrom(msg.sender, address(this), amount);
        _modify(msg.sender, 0, amount.toInt256(), address(0));
    }

    /// @inheritdoc IPerpMarket
    function withdraw(uint256 amount, address recipient) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        _modify(msg.sender, 0, -amount.toInt256(), recipient);
    }

    /// @inheritdoc IPerpMarket
    function trade(int256 sizeDelta) external nonReentrant returns (uint256 price, uint256 fee) {
        if (sizeDelta == 0) revert ZeroAmount();
        return _modify(msg.sender, sizeDelta, 0, address(0));
    }

    /// @inheritdoc IPerpMarket
    function modifyPosition(int256 sizeDelta, int256 marginDelta, address recipient)
        external
        nonReentrant
        returns (uint256 price, uint256 fee)
    {
        return _modify(msg.sender, sizeDelta, marginDelta, recipient);
    }

    /// @inheritdoc IPerpMarket
    function liquidate(address account) external nonReentrant returns (uint256 penalty) {
        (uint256 price,) = markPrice();
        Params memory p = params;
        int256 cum = _accrueFunding(p, price);
        (Account memory a, uint256 pool, uint256 badDebt, uint256 haircut) =
            _settle(_accounts[account], price, cum, poolBalance);
        if (haircut != 0) emit ProfitHaircut(account, haircut);
        uint256 maintenance = _marginFor(a.size, price, p.maintenanceMarginBps);
        if (a.size == 0 || a.margin >= maintenance) revert NotLiquidatable(account, a.margin, maintenance);
        int256 closed = a.size;
        penalty = Math.min(a.margin, FeeMath.bpsUp(_notional(closed, price), p.liquidationPenaltyBps));
        a.margin -= uint128(penalty);
        a.size = 0;
        _accounts[account] = a;
        poolBalance = uint128(pool);
        reserves -= uint128(penalty);
        emit Liquidated(account, msg.sender, closed, price, penalty, badDebt);
        if (penalty > 0) _collateral.safeTransfer(msg.sender, penalty);
    }

    // ---- liquidity and admin -----------------------------------------------------------------

    /// @notice Adds `amount` to the pool that pays traders' profits. Anyone may seed it.
    function supplyLiquidity(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        _collateral.safeTransferFrom(msg.sender, address(this), amount);
        poolBalance += amount.toUint128();
        reserves += amount.toUint128();
        emit LiquiditySupplied(msg.sender, amount);
    }

    /// @notice Takes `amount` out of the pool. Owner only; cannot touch traders' margin.
    function removeLiquidity(uint256 amount, address recipient) external onlyOwner nonReentrant {
        if (recipient == address(0)) revert ZeroAddress();
        if (amount > poolBalance) revert InsufficientPoolLiquidity(poolBalance, amount);
        poolBalance -= uint128(amount);
        reserves -= uint128(amount);
        emit LiquidityRemoved(recipient, amount);
        _collateral.safeTransfer(recipient, amount);
    }

    /// @notice Sets the funding rate (WAD per year, positive: longs pay). Accrues the old rate first. Owner only.
    function setFundingRate(int256 ratePerYear) external onlyOwner {
        if (ratePerYear > int256(MAX_FUNDING_RATE) || ratePerYear < -int256(MAX_FUNDING_RATE)) {
            revert ParameterOutOfRange("fundingRatePerYear", SignedMath.abs(ratePerYear), MAX_FUNDING_RATE);
        }
        Params memory p = params;
        (, int256 answer,,,) = _feed.latestRoundData();
        if (answer > 0) cumulativeFunding = _fundingNow(p, uint256(answer) * _priceScale);
        p.fundingRatePerYear = int64(ratePerYear);
        p.lastFundingTime = uint40(block.timestamp);
        params = p;
        emit FundingRateSet(ratePerYear);
    }

    /// @notice Sets the taker fee. Owner only.
    function setTakerFeeBps(uint16 takerFeeBps_) external onlyOwner {
        _checkBps("takerFeeBps", takerFeeBps_, MAX_TAKER_FEE_BPS);
        params.takerFeeBps = takerFeeBps_;
    }

    // ---- internals ---------------------------------------------------------------------------

    function _modify(address who, int256 sizeDelta, int256 marginDelta, address recipient)
        internal
        returns (uint256 price, uint256 fee)
    {
        (price,) = markPrice();
        Params memory p = params;
        int256 cum = _accrueFunding(p, price);
        (Account memory a, uint256 pool,, uint256 haircut) = _settle(_accounts[who], price, cum, poolBalance);
        if (haircut != 0) emit ProfitHaircut(who, haircut);
        uint256 reserved = reserves;

        if (marginDelta > 0) {
            uint256 credit = uint256(marginDelta);
            uint256 received = _collateral.balanceOf(address(this)) - reserved;
            if (received < credit) revert DepositNotReceived(credit, received);
            a.margin += credit.toUint128();
            reserved += credit;
            emit Deposited(who, credit);
        }

        (uint256 marginBefore, uint256 absSizeBefore) = (a.margin, SignedMath.abs(a.size));
        if (sizeDelta != 0) {
            int256 oldSize = a.size;
            int256 newSize = oldSize + sizeDelta;
            fee = FeeMath.takerFee(SignedMath.abs(sizeDelta), price, _unit, p.takerFeeBps);
            if (fee > a.margin) revert InsufficientMargin(a.margin, fee);
            a.margin -= uint128(fee);
            pool += fee;
            a.size = newSize.toInt128();
            if (SignedMath.abs(newSize) > SignedMath.abs(oldSize)) _requireInitialMargin(a, price, p);
            emit Traded(who, sizeDelta, newSize, price, fee);
        }

        if (marginDelta < 0) {
            if (recipient == address(0)) revert ZeroAddress();
            uint256 amount = uint256(-marginDelta);
            if (amount > a.margin) revert InsufficientMargin(a.margin, amount);
            a.margin -= uint128(amount);
            reserved -= amount;
            if (!_proRataExit(a, marginBefore, absSizeBefore)) _requireInitialMargin(a, price, p);
            emit Withdrawn(who, recipient, amount);
        }

        _accounts[who] = a;
        poolBalance = uint128(pool);
        reserves = uint128(reserved);
        if (marginDelta < 0) _collateral.safeTransfer(recipient, uint256(-marginDelta));
    }

    /// @dev Marks `a` to market at `price` and settles funding up to `cum` against the pool.
    /// Profits round down and losses round up (in the market's favour); a profit larger than the
    /// pool is cut to the pool (the cut is returned as `haircut`), a loss larger than the margin leaves
    /// bad debt (returned).
    function _settle(Account memory a, uint256 price, int256 cum, uint256 pool)
        internal
        view
        returns (Account memory, uint256, uint256 badDebt, uint256 haircut)
    {
        if (a.size != 0) {
            uint256 absSize = SignedMath.abs(a.size);
            bool long = a.size > 0;
            uint256 gain;
            uint256 loss;
            // price PnL: size x (price - settlePrice)
            if (price != a.settlePrice) {
                bool up = price > a.settlePrice;
                uint256 dp = up ? price - a.settlePrice : a.settlePrice - price;
                if (up == long) gain = Math.mulDiv(absSize, dp, _unit);
                else loss = Math.mulDiv(absSize, dp, _unit, Math.Rounding.Ceil);
            }
            // funding: size x (cum - index); positive means the account pays
            int256 dCum = cum - a.fundingIndex;
            if (dCum != 0) {
                bool pays = (dCum > 0) == long;
                uint256 amount = Math.mulDiv(absSize, SignedMath.abs(dCum), _unit, pays ? Math.Rounding.Ceil : Math.Rounding.Floor);
                if (pays) loss += amount;
                else gain += amount;
            }
            if (gain >= loss) {
                uint256 owed = gain - loss;
                uint256 paid = Math.min(owed, pool);
                pool -= paid;
                a.margin += uint128(paid);
                haircut = owed - paid;
            } else {
                uint256 owed = loss - gain;
                uint256 taken = Math.min(owed, a.margin);
                a.margin -= uint128(taken);
                pool += taken;
                badDebt = owed - taken;
            }
        }
        a.settlePrice = uint128(price);
        a.fundingIndex = int128(cum);
        return (a, pool, badDebt, haircut);
    }

    function _fundingNow(Params memory p, uint256 price) internal view returns (int256) {
        int256 cum = cumulativeFunding;
        if (p.fundingRatePerYear == 0 || block.timestamp == p.lastFundingTime) return cum;
        uint256 elapsed = block.timestamp - p.lastFundingTime;
        uint256 delta = Math.mulDiv(SignedMath.abs(p.fundingRatePerYear) * elapsed, price, 1e18 * YEAR);
        return p.fundingRatePerYear > 0 ? cum + int256(delta) : cum - int256(delta);
    }

    function _accrueFunding(Params memory p, uint256 price) internal returns (int256 cum) {
        cum = _fundingNow(p, price);
        if (p.fundingRatePerYear != 0 && block.timestamp != p.lastFundingTime) {
            cumulativeFunding = cum;
            params.lastFundingTime = uint40(block.timestamp);
        }
    }

    /// @dev A withdrawal that comes with a position cut at least as large, in proportion, as the margin
    /// taken (margin/size does not fall, up to one unit of rounding) never raises the account's leverage,
    /// so it is allowed even above the initial-margin limit: a vault's holders can always leave pro rata.
    function _proRataExit(Account memory a, uint256 marginBefore, uint256 absSizeBefore) internal pure returns (bool) {
        uint256 absSizeAfter = SignedMath.abs(a.size);
        if (absSizeAfter >= absSizeBefore) return false;
        return (uint256(a.margin) + 1) * absSizeBefore >= marginBefore * absSizeAfter;
    }

    function _requireInitialMargin(Account memory a, uint256 price, Params memory p) internal view {
        if (a.size == 0) return;
        uint256 required = _marginFor(a.size, price, p.initialMarginBps);
        if (a.margin < required) revert InsufficientMargin(a.margin, required);
    }

    function _marginFor(int256 size, uint256 price, uint256 bps) internal view returns (uint256) {
        return FeeMath.bpsUp(_notional(size, price), bps);
    }

    function _notional(int256 size, uint256 price) internal view returns (uint256) {
        return Math.mulDiv(SignedMath.abs(size), price, _unit, Math.Rounding.Ceil);
    }

    function _checkBps(bytes32 name, uint256 value, uint256 max) internal pure {
        if (value > max) revert ParameterOutOfRange(name, value, max);
    }
}
