// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
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
/// Soundness rules (docs/security.md C-E):
/// - A loss beyond the margin is kept as a negative margin (a deficit), never forgiven: the position
///   stays open, a price recovery first pays the deficit back, a deposit repays it to the pool, and an
///   account in deficit cannot trade or withdraw. `liquidate` closes it, pays the liquidator the
///   penalty (from the pool where the account has nothing left) and writes the deficit off.
/// - A profit the pool cannot pay now is kept as a claim (`claimOf`, `ProfitHaircut`), senior to every
///   later profit and paid on the account's next touch once the pool holds it, so settlement order never
///   changes what an account is owed. Views report the payable part only.
/// - Every size change needs a price no older than `maxPriceAge` (`StalePrice`); a sign change is a close
///   plus an open and needs the initial margin.
/// `reserves` (= pool + sum of positive margins) is always <= the token balance.
/// Venue risk, not fixed here: fills are at the oracle price, so a trader who sees an update coming can
/// take it for 2 x takerFee (docs/security.md C).
/// Funding: `fundingRatePerYear` (WAD, set by the owner, not derived from skew) is charged per second on
/// position notional; positive means longs pay and shorts receive.
/// Governance: the owner (in a deployment, the TimelockController of docs/deploy.md) sets funding, the taker fee,
/// the price age, the feed heartbeat it reports to vaults and removes free liquidity; ownership moves in two steps.
contract MockPerpMarket is IPerpMarket, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using SafeCast for int256;

    struct Account {
        int128 size; // WAD base units
        int128 margin; // collateral units, settled to `settlePrice`; negative: a deficit owed to the pool
        uint128 settlePrice; // WAD price the account was last marked at
        int128 fundingIndex; // cumulativeFunding when last settled
    }

    /// @notice `accounts()`'s view of an account: the margin floored at 0, the deficit apart.
    struct AccountView {
        int128 size;
        uint128 margin;
        uint128 settlePrice;
        int128 fundingIndex;
        uint128 deficit;
    }

    struct Params {
        uint16 takerFeeBps;
        uint16 initialMarginBps;
        uint16 maintenanceMarginBps;
        uint16 liquidationPenaltyBps;
        int64 fundingRatePerYear; // WAD
        uint40 lastFundingTime;
        uint32 maxPriceAge; // seconds: a size change needs a price at most this old
        uint32 feedHeartbeat; // seconds: the feed's heartbeat as the owner states it (0: not stated)
    }

    /// @dev The pool's running totals as one settlement sees them.
    struct Pool {
        uint256 balance; // poolBalance
        uint256 claims; // totalClaims
    }

    /// @notice A size change was asked at a price published at `updatedAt`, more than `maxAge` before `time`.
    error StalePrice(uint256 updatedAt, uint256 maxAge, uint256 time);

    /// @notice Emitted when `amount` of `account`'s claim on the pool was paid into its margin.
    event ClaimPaid(address indexed account, uint256 amount);
    /// @notice Emitted when the owner sets `maxPriceAge`.
    event MaxPriceAgeSet(uint256 maxPriceAge);
    /// @notice Emitted when the owner states the feed's heartbeat.
    event FeedHeartbeatSet(uint256 feedHeartbeat);

    uint256 public constant MAX_TAKER_FEE_BPS = 100;
    uint256 public constant MAX_FUNDING_RATE = 5e18; // 500% a year
    uint256 internal constant YEAR = 365 days;
    uint256 public constant MIN_PRICE_AGE = 1 minutes;
    /// @notice Most `maxPriceAge` can be: the vaults' own `maxStaleness` cap (VaultParamsLib.MAX_STALENESS).
    uint256 public constant MAX_PRICE_AGE = 2 days;
    /// @notice `maxPriceAge` at deployment: `MAX_PRICE_AGE`, so no vault on the market (whose `maxStaleness` is
    /// at most that) is refused a price it accepts. A deployment tightens it with `setMaxPriceAge` to the feed's
    /// heartbeat plus a margin, no lower than the largest `maxStaleness` of its vaults.
    uint32 public constant DEFAULT_MAX_PRICE_AGE = uint32(MAX_PRICE_AGE);

    IERC20 internal immutable _collateral;
    AggregatorV3Interface internal immutable _feed;
    uint256 internal immutable _unit; // 1e36 / 10^collateralDecimals
    uint256 internal immutable _priceScale; // 10^(18 - feedDecimals)

    /// @notice The market's name, such as "BTC-USD".
    string public symbol;

    Params public params;
    uint128 public poolBalance;
    uint128 public reserves;
    int128 public cumulativeFunding; // WAD USD per WAD of size
    /// @notice Profit owed to traders that the pool could not pay yet (sum of `claimOf`).
    uint128 public totalClaims;
    mapping(address => Account) internal _accounts;
    /// @notice Profit owed to `account` that the pool could not pay yet; paid first when it refills.
    mapping(address => uint256) public claimOf;

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
        params = Params(
            takerFeeBps_,
            initialMarginBps_,
            maintenanceMarginBps_,
            liquidationPenaltyBps_,
            0,
            uint40(block.timestamp),
            DEFAULT_MAX_PRICE_AGE,
            0
        );
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
        (, answer, , updatedAt, ) = _feed.latestRoundData();
        if (answer <= 0) revert InvalidPrice(answer);
        price = uint256(answer) * _priceScale;
    }

    /// @inheritdoc IPerpMarket
    /// @dev Does not revert on an invalid oracle answer: `price` is 0 then and the value is the bare margin.
    function accountSnapshot(address account) external view returns (AccountSnapshot memory snap) {
        (, int256 answer, , uint256 updatedAt, ) = _feed.latestRoundData();
        Params memory p = params;
        Account memory a = _accounts[account];
        snap.takerFeeBps = p.takerFeeBps;
        snap.size = a.size;
        snap.priceUpdatedAt = updatedAt;
        if (answer <= 0) {
            snap.value = _positive(a.margin);
            return snap;
        }
        uint256 price = uint256(answer) * _priceScale;
        Pool memory pool = _pool();
        _settle(a, _claimOf(account, pool), price, _fundingNow(p, price), pool);
        snap.price = price;
        snap.value = _positive(a.margin);
    }

    /// @inheritdoc IPerpMarket
    function positionSize(address account) external view returns (int256) {
        return _accounts[account].size;
    }

    /// @inheritdoc IPerpMarket
    /// @dev What is payable now: a claim the pool cannot pay yet is not in it (see `claimOf`).
    function accountValue(address account) public view returns (uint256) {
        (uint256 price, ) = markPrice();
        Account memory a = _accounts[account];
        Pool memory pool = _pool();
        _settle(a, _claimOf(account, pool), price, _fundingNow(params, price), pool);
        return _positive(a.margin);
    }

    /// @inheritdoc IPerpMarket
    function venueLimits() external view returns (VenueLimits memory) {
        Params memory p = params;
        return VenueLimits(p.maintenanceMarginBps, p.feedHeartbeat, p.maxPriceAge);
    }

    /// @notice Raw account storage (margin settled at `settlePrice`, not now), the deficit apart.
    function accounts(address account) external view returns (AccountView memory) {
        Account memory a = _accounts[account];
        return
            AccountView(
                a.size,
                uint128(_positive(a.margin)),
                a.settlePrice,
                a.fundingIndex,
                uint128(_deficit(a.margin))
            );
    }

    /// @inheritdoc IPerpMarket
    function isLiquidatable(address account) public view returns (bool) {
        (uint256 price, ) = markPrice();
        Params memory p = params;
        Account memory a = _accounts[account];
        Pool memory pool = _pool();
        _settle(a, _claimOf(account, pool), price, _fundingNow(p, price), pool);
        if (a.size == 0) return false;
        return a.margin < _marginFor(a.size, price, p.maintenanceMarginBps).toInt256();
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
    function modifyPosition(
        int256 sizeDelta,
        int256 marginDelta,
        address recipient
    ) external nonReentrant returns (uint256 price, uint256 fee) {
        return _modify(msg.sender, sizeDelta, marginDelta, recipient);
    }

    /// @inheritdoc IPerpMarket
    /// @dev The liquidator earns `liquidationPenaltyBps` of the notional closed: from the account's margin,
    /// and from the pool for what the account no longer has (a bankrupt account still pays a liquidator
    /// to close it). A deficit left after that is written off (`badDebt` in the event): the pool never
    /// received it, and the next deposit into the account (a fresh mint into a wiped-out vault) starts clean.
    function liquidate(address account) external nonReentrant returns (uint256 penalty) {
        (uint256 price, ) = markPrice();
        Params memory p = params;
        int256 cum = _accrueFunding(p, price);
        Pool memory pool = _pool();
        Account memory a = _accounts[account];
        uint256 claim = _settleStored(account, a, price, cum, pool);
        uint256 maintenance = _marginFor(a.size, price, p.maintenanceMarginBps);
        if (a.size == 0 || a.margin >= maintenance.toInt256())
            revert NotLiquidatable(account, _positive(a.margin), maintenance);
        int256 closed = a.size;
        penalty = FeeMath.bpsUp(_notional(closed, price), p.liquidationPenaltyBps);
        uint256 fromMargin = Math.min(_positive(a.margin), penalty);
        uint256 fromPool = Math.min(penalty - fromMargin, _available(pool, claim));
        penalty = fromMargin + fromPool;
        a.margin -= fromMargin.toInt256().toInt128();
        pool.balance -= fromPool;
        a.size = 0;
        uint256 badDebt = _deficit(a.margin);
        if (badDebt != 0) a.margin = 0;
        _store(account, a, pool, reserves - penalty);
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

    /// @notice Takes `amount` out of the pool. Owner only; cannot touch traders' margin or what claims are owed.
    function removeLiquidity(uint256 amount, address recipient) external onlyOwner nonReentrant {
        if (recipient == address(0)) revert ZeroAddress();
        uint256 free = _available(_pool(), 0);
        if (amount > free) revert InsufficientPoolLiquidity(free, amount);
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
        (, int256 answer, , , ) = _feed.latestRoundData();
        if (answer > 0) cumulativeFunding = _fundingNow(p, uint256(answer) * _priceScale).toInt128();
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

    /// @notice Sets how old a price a size change accepts, in [MIN_PRICE_AGE, MAX_PRICE_AGE]. Owner only.
    /// @dev Keep it at least the `maxStaleness` of every vault on this market, or a vault's trades revert
    /// with `StalePrice` before its own `OracleStale`.
    function setMaxPriceAge(uint256 maxPriceAge_) external onlyOwner {
        if (maxPriceAge_ < MIN_PRICE_AGE || maxPriceAge_ > MAX_PRICE_AGE) {
            revert ParameterOutOfRange("maxPriceAge", maxPriceAge_, MAX_PRICE_AGE);
        }
        params.maxPriceAge = uint32(maxPriceAge_);
        emit MaxPriceAgeSet(maxPriceAge_);
    }

    /// @notice States the feed's heartbeat (seconds, at most MAX_PRICE_AGE; 0: not stated), which vaults created or
    /// re-parameterised on this market must cover with their `maxStaleness`. Owner only.
    /// @dev A deployment states it for every market (deploy/config). A vault checks it when its parameters are
    /// set; raising it later does not touch existing vaults, whose next `setParams` must then meet it.
    function setFeedHeartbeat(uint256 feedHeartbeat_) external onlyOwner {
        if (feedHeartbeat_ > MAX_PRICE_AGE) revert ParameterOutOfRange("feedHeartbeat", feedHeartbeat_, MAX_PRICE_AGE);
        params.feedHeartbeat = uint32(feedHeartbeat_);
        emit FeedHeartbeatSet(feedHeartbeat_);
    }

    // ---- internals ---------------------------------------------------------------------------

    function _modify(
        address who,
        int256 sizeDelta,
        int256 marginDelta,
        address recipient
    ) internal returns (uint256 price, uint256 fee) {
        uint256 updatedAt;
        (price, updatedAt) = markPrice();
        Params memory p = params;
        if (sizeDelta != 0) _requireFreshPrice(updatedAt, p.maxPriceAge);
        Pool memory pool = _pool();
        uint256 reserved = reserves;
        int256 cum = _accrueFunding(p, price);
        Account memory a = _accounts[who];
        _settleStored(who, a, price, cum, pool);

        if (marginDelta > 0) {
            uint256 credit = uint256(marginDelta);
            uint256 received = _collateral.balanceOf(address(this)) - reserved;
            if (received < credit) revert DepositNotReceived(credit, received);
            pool.balance += Math.min(credit, _deficit(a.margin)); // a deposit repays a deficit to the pool first
            a.margin += credit.toInt256().toInt128();
            reserved += credit;
            emit Deposited(who, credit);
        }

        (uint256 marginBefore, uint256 absSizeBefore) = (_positive(a.margin), SignedMath.abs(a.size));
        if (sizeDelta != 0) {
            int256 oldSize = a.size;
            int256 newSize = oldSize + sizeDelta;
            fee = FeeMath.takerFeeUp(SignedMath.abs(sizeDelta), price, _unit, p.takerFeeBps);
            if (fee.toInt256() > a.margin) revert InsufficientMargin(_positive(a.margin), fee);
            a.margin -= int128(int256(fee));
            pool.balance += fee;
            a.size = newSize.toInt128();
            if (_opens(oldSize, newSize)) _requireInitialMargin(a, price, p);
            emit Traded(who, sizeDelta, newSize, price, fee);
        }

        if (marginDelta < 0) {
            if (recipient == address(0)) revert ZeroAddress();
            uint256 amount = uint256(-marginDelta);
            if (amount.toInt256() > a.margin) revert InsufficientMargin(_positive(a.margin), amount);
            a.margin -= int128(int256(amount));
            reserved -= amount;
            if (!_proRataExit(a, marginBefore, absSizeBefore)) _requireInitialMargin(a, price, p);
            emit Withdrawn(who, recipient, amount);
        }

        _store(who, a, pool, reserved);
        if (marginDelta < 0) _collateral.safeTransfer(recipient, uint256(-marginDelta));
    }

    /// @dev A size change needs a price published at most `maxAge` ago (and not in the future).
    function _requireFreshPrice(uint256 updatedAt, uint256 maxAge) internal view {
        if (updatedAt > block.timestamp || block.timestamp - updatedAt > maxAge) {
            revert StalePrice(updatedAt, maxAge, block.timestamp);
        }
    }

    /// @dev Whether going from `oldSize` to `newSize` opens exposure that needs the initial margin: a larger
    /// position, or a sign change (a close plus an open, docs/security.md E).
    function _opens(int256 oldSize, int256 newSize) internal pure returns (bool) {
        return SignedMath.abs(newSize) > SignedMath.abs(oldSize) || (oldSize ^ newSize) < 0;
    }

    /// @dev Settles `a`, the stored account of `who` (see `_settle`); when its claim changed, writes the claim
    /// and `totalClaims` (only a settlement changes them) and emits the change.
    function _settleStored(
        address who,
        Account memory a,
        uint256 price,
        int256 cum,
        Pool memory pool
    ) internal returns (uint256 claim) {
        uint256 claimBefore = _claimOf(who, pool);
        claim = _settle(a, claimBefore, price, cum, pool);
        if (claim == claimBefore) return claim;
        claimOf[who] = claim;
        totalClaims = uint128(pool.claims);
        if (claim > claimBefore) emit ProfitHaircut(who, claim - claimBefore);
        else emit ClaimPaid(who, claimBefore - claim);
    }

    /// @dev Writes the account, the pool's balance and `reserves` (which share a slot: written together, they
    /// cost one store). The claims are written by `_settleStored`.
    function _store(address who, Account memory a, Pool memory pool, uint256 reserved) internal {
        _accounts[who] = a;
        poolBalance = uint128(pool.balance);
        reserves = uint128(reserved);
    }

    /// @dev Marks `a` to market at `price` and settles funding up to `cum` against `pool` (both updated in
    /// place; returns the account's claim after it: memory structs are not returned, which would allocate).
    /// Profits round down and losses round up (in the market's favour). A loss first uses up the account's
    /// claim, then its margin (the pool receives what the margin held), then leaves a deficit. A profit
    /// first pays back a deficit (the pool never received that part), then is owed by the pool: paid from
    /// what the pool holds beyond other accounts' claims, the rest kept as the account's claim.
    function _settle(
        Account memory a,
        uint256 claim,
        uint256 price,
        int256 cum,
        Pool memory pool
    ) internal view returns (uint256) {
        if (a.size != 0) {
            (uint256 gain, uint256 loss) = _pnl(a, price, cum);
            if (gain >= loss) {
                uint256 owed = gain - loss;
                uint256 repaid = Math.min(owed, _deficit(a.margin));
                a.margin += int128(int256(repaid));
                claim += owed - repaid;
                pool.claims += owed - repaid;
            } else {
                uint256 owed = loss - gain;
                uint256 fromClaim = Math.min(owed, claim);
                claim -= fromClaim;
                pool.claims -= fromClaim;
                owed -= fromClaim;
                pool.balance += Math.min(owed, _positive(a.margin));
                a.margin -= owed.toInt256().toInt128();
            }
        }
        if (claim != 0) {
            uint256 paid = Math.min(claim, _available(pool, claim));
            claim -= paid;
            pool.claims -= paid;
            pool.balance -= paid;
            a.margin += int128(int256(paid));
        }
        a.settlePrice = uint128(price);
        a.fundingIndex = int128(cum);
        return claim;
    }

    /// @dev The account's gain and loss since it was last settled: price PnL, size x (price - settlePrice), and
    /// funding, size x (cum - fundingIndex) (positive: the account pays). Gains round down, losses up.
    function _pnl(Account memory a, uint256 price, int256 cum) internal view returns (uint256 gain, uint256 loss) {
        uint256 absSize = SignedMath.abs(a.size);
        bool long = a.size > 0;
        if (price != a.settlePrice) {
            bool up = price > a.settlePrice;
            uint256 dp = up ? price - a.settlePrice : a.settlePrice - price;
            if (up == long) gain = Math.mulDiv(absSize, dp, _unit);
            else loss = Math.mulDiv(absSize, dp, _unit, Math.Rounding.Ceil);
        }
        int256 dCum = cum - a.fundingIndex;
        if (dCum != 0) {
            bool pays = (dCum > 0) == long;
            Math.Rounding rounding = pays ? Math.Rounding.Ceil : Math.Rounding.Floor;
            uint256 amount = Math.mulDiv(absSize, SignedMath.abs(dCum), _unit, rounding);
            if (pays) loss += amount;
            else gain += amount;
        }
    }

    /// @dev What the pool can pay an account holding `claim`: its balance beyond the other accounts' claims.
    function _available(Pool memory pool, uint256 claim) internal pure returns (uint256) {
        uint256 others = pool.claims - claim;
        return pool.balance > others ? pool.balance - others : 0;
    }

    function _pool() internal view returns (Pool memory pool) {
        pool.balance = poolBalance;
        pool.claims = totalClaims;
    }

    /// @dev `claimOf[who]`, without the storage read while no account holds a claim (`pool` as just read).
    function _claimOf(address who, Pool memory pool) internal view returns (uint256) {
        return pool.claims == 0 ? 0 : claimOf[who];
    }

    function _positive(int256 margin) internal pure returns (uint256) {
        return margin > 0 ? uint256(margin) : 0;
    }

    function _deficit(int256 margin) internal pure returns (uint256) {
        return margin < 0 ? uint256(-margin) : 0;
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
            cumulativeFunding = cum.toInt128();
            params.lastFundingTime = uint40(block.timestamp);
        }
    }

    /// @dev A withdrawal that comes with a position cut at least as large, in proportion, as the margin
    /// taken (margin/size does not fall, up to one unit of rounding) never raises the account's leverage,
    /// so it is allowed even above the initial-margin limit: a vault's holders can always leave pro rata.
    function _proRataExit(Account memory a, uint256 marginBefore, uint256 absSizeBefore) internal pure returns (bool) {
        uint256 absSizeAfter = SignedMath.abs(a.size);
        if (absSizeAfter >= absSizeBefore) return false;
        return (_positive(a.margin) + 1) * absSizeBefore >= marginBefore * absSizeAfter;
    }

    function _requireInitialMargin(Account memory a, uint256 price, Params memory p) internal view {
        if (a.size == 0) return;
        uint256 required = _marginFor(a.size, price, p.initialMarginBps);
        if (a.margin < required.toInt256()) revert InsufficientMargin(_positive(a.margin), required);
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
