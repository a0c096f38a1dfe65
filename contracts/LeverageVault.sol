// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SignedMath} from "@openzeppelin/contracts/utils/math/SignedMath.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

import {ILeverageVault} from "./interfaces/ILeverageVault.sol";
import {ILeveragedToken} from "./interfaces/ILeveragedToken.sol";
import {IPerpMarket} from "./interfaces/IPerpMarket.sol";
import {TokenDeployer} from "./deployers/TokenDeployer.sol";
import {FeeMath} from "./libraries/FeeMath.sol";
import {LeverageMath} from "./libraries/LeverageMath.sol";
import {ShareMath} from "./libraries/ShareMath.sol";
import {RequestLogic} from "./libraries/RequestLogic.sol";
import {VaultParamsLib} from "./libraries/VaultParamsLib.sol";
import {BPS, WAD} from "./libraries/Constants.sol";

/// @title LeverageVault
/// @notice Holds one perpetual position for one leveraged token; see ILeverageVault.
/// @dev The state machine lives here; sizing, fees and share math live in the libraries.
/// Collateral never rests in the vault: mint sends it from the minter straight to the market and
/// redeem pays the receiver straight from the market. Mint and redeem fees stay in the market
/// account as `feesOwed` (excluded from equity) until `claimFees` sends them to the recipient.
contract LeverageVault is ILeverageVault, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using VaultParamsLib for VaultParams;

    /// @notice Everything the constructor needs.
    struct InitConfig {
        string name;
        string symbol;
        address market;
        bool isLong;
        uint256 targetLeverage;
        VaultParams params;
        address admin;
        address guardian;
        address feeRecipient;
        address tokenDeployer; // TokenDeployer: deploys the token with this vault as its vault
        address sequencerUptimeFeed; // Chainlink L2 sequencer-uptime feed; zero: none (an L1)
    }

    /// @dev Everything mint, redeem and rebalance write: one slot.
    struct HotState {
        uint120 feesOwed;
        uint40 lastFeeAccrual;
        uint40 lastRebalanceTime;
        uint40 lastTradeTime;
        bool mintPaused;
        bool iterating; // a chunked rebalance is under way
    }

    /// @dev Settled market account plus the vault's own bookkeeping, read once per call.
    struct Snapshot {
        int256 size;
        uint256 absSize;
        uint256 price;
        uint256 updatedAt;
        uint256 equity;
        uint256 value;
        uint256 takerFeeBps;
    }

    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    /// @notice "At target" means within 1e-6 of it.
    uint256 public constant LEVERAGE_TOLERANCE = 1e12;
    /// @notice Ripcord reward cap as a share of equity, bps.
    uint256 public constant MAX_RIPCORD_REWARD_BPS = FeeMath.MAX_RIPCORD_REWARD_BPS;
    /// @notice Most requests one `performUpkeep` settles (about 50 x 60k gas).
    uint256 public constant UPKEEP_SETTLE_MAX = 50;
    /// @dev The first four bytes of a request view's self-call (`_delegateView`): "reql", no function's selector.
    bytes4 private constant _VIEW_MARKER = 0x7265716c;
    /// @notice How long after the L2 sequencer comes back up its prices stay refused.
    uint256 public constant SEQUENCER_GRACE_PERIOD = 1 hours;

    /// @inheritdoc ILeverageVault
    address public immutable token;
    /// @inheritdoc ILeverageVault
    address public immutable collateral;
    /// @inheritdoc ILeverageVault
    address public immutable market;
    /// @inheritdoc ILeverageVault
    bool public immutable isLong;
    /// @inheritdoc ILeverageVault
    uint256 public immutable targetLeverage;
    /// @notice Chainlink's sequencer-uptime feed on an L2 (answer 0: up, 1: down); zero on an L1. While the
    /// sequencer is down, and for `SEQUENCER_GRACE_PERIOD` after it is back, no price is usable: actions revert
    /// `SequencerDown` / `SequencerGracePeriod` and the status is NONE.
    address public immutable sequencerUptimeFeed;

    uint256 internal immutable _unit; // 1e36 / 10^collateralDecimals: notional = size x price / unit
    uint256 internal immutable _virtualShares; // 10^(16 - collateralDecimals): initial NAV 100 collateral
    uint256 internal immutable _maxRipcordReward; // 1,000 collateral
    uint256 internal immutable _dustEquity; // 1 collateral: below it the status is NONE (fees exceed any trade)

    VaultParams internal _params;
    HotState internal _hot;
    /// @dev Leverage a chunked rebalance is heading for.
    uint256 internal _iterationTarget;
    /// @inheritdoc ILeverageVault
    address public feeRecipient;
    /// @dev Next-price requests: queue, escrow sums, requests.
    RequestLogic.Book internal _book;

    constructor(InitConfig memory cfg) {
        if (
            cfg.market == address(0) ||
            cfg.admin == address(0) ||
            cfg.feeRecipient == address(0) ||
            cfg.tokenDeployer == address(0)
        ) revert ZeroAddress();
        VaultParamsLib.checkTarget(cfg.targetLeverage);
        address collateral_ = IPerpMarket(cfg.market).collateral();
        uint8 decimals = IERC20Metadata(collateral_).decimals();
        if (decimals > 16) revert InvalidParam("collateralDecimals", decimals);

        collateral = collateral_;
        market = cfg.market;
        isLong = cfg.isLong;
        targetLeverage = cfg.targetLeverage;
        sequencerUptimeFeed = cfg.sequencerUptimeFeed;
        _unit = 1e36 / 10 ** decimals;
        _virtualShares = 10 ** (16 - decimals);
        _maxRipcordReward = 1_000 * 10 ** decimals;
        _dustEquity = 10 ** decimals;
        token = TokenDeployer(cfg.tokenDeployer).deployToken(cfg.name, cfg.symbol);

        _grantRole(DEFAULT_ADMIN_ROLE, cfg.admin);
        if (cfg.guardian != address(0)) _grantRole(GUARDIAN_ROLE, cfg.guardian);
        _setParams(cfg.params);
        feeRecipient = cfg.feeRecipient;
        _hot.lastFeeAccrual = uint40(block.timestamp);
        _hot.lastRebalanceTime = uint40(block.timestamp);
        // The market pulls nothing from the vault: deposits are pushed by the minter.
    }

    // ---- views -------------------------------------------------------------------------------

    /// @inheritdoc ILeverageVault
    function params() external view returns (VaultParams memory) {
        return _params;
    }

    /// @inheritdoc ILeverageVault
    function equity() external view returns (uint256) {
        return _pricedSnapshot(_hot.feesOwed).equity;
    }

    /// @inheritdoc ILeverageVault
    function nav() external view returns (uint256) {
        return ShareMath.navDown(_pricedSnapshot(_hot.feesOwed).equity, _supplyNow(_hot), _virtualShares);
    }

    /// @inheritdoc ILeverageVault
    function leverage() external view returns (uint256) {
        return _leverage(_pricedSnapshot(_hot.feesOwed));
    }

    /// @inheritdoc ILeverageVault
    function vaultState() external view returns (uint256 equity_, uint256 nav_, uint256 leverage_, Status status) {
        HotState memory hot = _hot;
        Snapshot memory s = _pricedSnapshot(hot.feesOwed);
        equity_ = s.equity;
        nav_ = ShareMath.navDown(s.equity, _supplyNow(hot), _virtualShares);
        leverage_ = _leverage(s);
        status = _status(s, hot);
    }

    /// @inheritdoc ILeverageVault
    function previewMint(uint256 collateralIn) external view returns (uint256 tokensOut) {
        HotState memory hot = _hot;
        Snapshot memory s = _pricedSnapshot(hot.feesOwed);
        (tokensOut, , , , ) = _quoteMint(collateralIn, s, _supplyNow(hot));
    }

    /// @inheritdoc ILeverageVault
    function previewRedeem(uint256 tokensIn) external view returns (uint256 collateralOut) {
        HotState memory hot = _hot;
        Snapshot memory s = _pricedSnapshot(hot.feesOwed);
        uint256 supply = _supplyNow(hot);
        if (tokensIn > supply) return 0;
        (collateralOut, , , ) = _quoteRedeem(tokensIn, s, supply);
    }

    /// @inheritdoc ILeverageVault
    function rebalanceStatus() public view returns (Status) {
        HotState memory hot = _hot;
        return _status(_snapshot(hot.feesOwed), hot);
    }

    /// @inheritdoc ILeverageVault
    function feesOwed() external view returns (uint256) {
        return _hot.feesOwed;
    }

    /// @inheritdoc ILeverageVault
    function mintPaused() external view returns (bool) {
        return _hot.mintPaused;
    }

    /// @inheritdoc ILeverageVault
    function lastRebalanceTime() external view returns (uint256) {
        return _hot.lastRebalanceTime;
    }

    /// @inheritdoc ILeverageVault
    function iterating() external view returns (bool) {
        return _hot.iterating;
    }

    /// @inheritdoc ILeverageVault
    function lastTradeTime() external view returns (uint256) {
        return _hot.lastTradeTime;
    }

    /// @inheritdoc ILeverageVault
    function positionSize() external view returns (int256) {
        return IPerpMarket(market).positionSize(address(this));
    }

    /// @inheritdoc ILeverageVault
    /// @dev Work means a RIPCORD, requests to settle, or a rebalance; performData (the status) is informative only.
    function checkUpkeep(bytes calldata) external view returns (bool upkeepNeeded, bytes memory performData) {
        Status status = rebalanceStatus();
        return (status != Status.NONE || this.settleableRequests() != 0, abi.encode(status));
    }

    // ---- mint and redeem ---------------------------------------------------------------------

    /// @inheritdoc ILeverageVault
    function mint(
        uint256 collateralIn,
        uint256 minTokensOut,
        address receiver
    ) external nonReentrant returns (uint256 tokensOut) {
        return _mint(collateralIn, minTokensOut, receiver);
    }

    /// @inheritdoc ILeverageVault
    /// @dev A permit front-run by someone else (same signature) leaves the allowance in place, so the
    /// failed permit is ignored and the mint goes ahead if the allowance suffices.
    function mintWithPermit(
        uint256 collateralIn,
        uint256 minTokensOut,
        address receiver,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 tokensOut) {
        try IERC20Permit(collateral).permit(msg.sender, address(this), collateralIn, deadline, v, r, s) {} catch {}
        return _mint(collateralIn, minTokensOut, receiver);
    }

    /// @inheritdoc ILeverageVault
    function redeem(
        uint256 tokensIn,
        uint256 minCollateralOut,
        address receiver
    ) external nonReentrant returns (uint256 collateralOut) {
        return _redeem(tokensIn, minCollateralOut, receiver);
    }

    // ---- next-price requests (docs/protocol.md §5b) -------------------------------------------
    // The queue, escrow and settlement math live in RequestLogic, an external library (the vault is near the size
    // limit). Most entry points hand it their call data unchanged by DELEGATECALL, as Euler v2's EVault dispatches to
    // its modules: the library has functions of the same signatures, and the vault appends the storage slots of
    // `_book` and `_params` for it. Views reach it through a static self-call into `fallback`. `settle` reads the
    // price here, through the vault's usable-snapshot path, and passes it on.

    /// @inheritdoc ILeverageVault
    function requestMint(uint256, uint256, address) external nonReentrant returns (uint256 id) {
        (id, ) = _delegate(msg.data, false);
    }

    /// @inheritdoc ILeverageVault
    /// @dev A front-run permit is ignored, as in `mintWithPermit`.
    function requestMintWithPermit(
        uint256,
        uint256,
        address,
        uint256,
        uint8,
        bytes32,
        bytes32
    ) external nonReentrant returns (uint256 id) {
        (id, ) = _delegate(msg.data, false);
    }

    /// @inheritdoc ILeverageVault
    function requestRedeem(uint256, uint256, address) external nonReentrant returns (uint256 id) {
        (id, ) = _delegate(msg.data, false);
    }

    /// @inheritdoc ILeverageVault
    /// @dev A fresh round is priced through `_load` (the vault's usable-snapshot path and status); RequestLogic then
    /// reads the same snapshot in the same call. A stale round is only refunded.
    function settle(uint256 maxRequests) public nonReentrant returns (uint256 processed) {
        if (maxRequests == 0) revert ZeroAmount();
        HotState memory hot = _hot;
        (, , bool usable) = RequestLogic.latestRound(_params);
        if (usable) {
            Snapshot memory s;
            Status status;
            (hot, s, status) = _load();
            if (status == Status.RIPCORD) revert RipcordFirst(_leverage(s));
        }
        _accrueManagementFee(hot);
        _hot = hot;
        uint256 owed;
        (processed, owed) = _delegate(abi.encodeWithSelector(RequestLogic.settle.selector, maxRequests, usable), false);
        _hot.feesOwed += uint120(owed);
    }

    /// @inheritdoc ILeverageVault
    function cancelRequest(uint256) external nonReentrant {
        _delegate(msg.data, false);
    }

    /// @inheritdoc ILeverageVault
    function getRequest(uint256) external view returns (Request memory) {
        _delegateView();
    }

    /// @inheritdoc ILeverageVault
    function requestQueue() external view returns (uint256, uint256) {
        _delegateView();
    }

    /// @inheritdoc ILeverageVault
    function settleableRequests() external view returns (uint256) {
        _delegateView();
    }

    /// @inheritdoc ILeverageVault
    function escrowed() external view returns (uint256, uint256) {
        _delegateView();
    }

    /// @inheritdoc ILeverageVault
    function quoteRequestMint(uint256) external view returns (RequestQuote memory) {
        _delegateView();
    }

    /// @inheritdoc ILeverageVault
    function quoteRequestRedeem(uint256) external view returns (RequestQuote memory) {
        _delegateView();
    }

    /// @dev Only the vault's own request views call it (`_delegateView`): anything else reverts with no data, as a call
    /// to a missing function does.
    // solhint-disable-next-line no-complex-fallback
    fallback() external {
        // solhint-disable-next-line gas-custom-errors
        if (msg.sender != address(this) || bytes4(msg.data) != _VIEW_MARKER) revert();
        _delegate(msg.data[4:], true);
    }

    // ---- rebalancing -------------------------------------------------------------------------

    /// @inheritdoc ILeverageVault
    function rebalance() external nonReentrant {
        (HotState memory hot, Snapshot memory s, Status status) = _load();
        if (status != Status.REBALANCE && status != Status.ITERATE) revert RebalanceNotNeeded(uint8(status));
        _trade(status, s, hot, 0);
    }

    /// @inheritdoc ILeverageVault
    function ripcord() external nonReentrant returns (uint256 reward) {
        (HotState memory hot, Snapshot memory s, Status status) = _load();
        // Exactly when the status says RIPCORD (so not for a dust vault or one beyond rescue).
        if (status != Status.RIPCORD) revert RipcordNotNeeded(_leverage(s), _params.ripcordLeverage);
        return _ripcord(s, hot);
    }

    /// @inheritdoc ILeverageVault
    /// @dev One action per call, in this order: ripcord, settling requests (up to UPKEEP_SETTLE_MAX), rebalance.
    /// `settleableRequests` is 0 while the status is RIPCORD, so the ripcord comes first.
    function performUpkeep(bytes calldata) external {
        if (this.settleableRequests() != 0) {
            settle(UPKEEP_SETTLE_MAX);
        } else {
            _rebalanceOrRipcord();
        }
    }

    /// @dev performUpkeep without requests to settle: what rebalance or ripcord would do.
    function _rebalanceOrRipcord() internal nonReentrant {
        (HotState memory hot, Snapshot memory s, Status status) = _load();
        if (status == Status.RIPCORD) {
            _ripcord(s, hot);
        } else if (status == Status.NONE) {
            revert RebalanceNotNeeded(uint8(status));
        } else {
            _trade(status, s, hot, 0);
        }
    }

    // ---- fees and governance -----------------------------------------------------------------

    /// @inheritdoc ILeverageVault
    function claimFees() external nonReentrant returns (uint256 amount) {
        HotState memory hot = _hot;
        Snapshot memory s = _snapshot(0);
        amount = Math.min(hot.feesOwed, s.value);
        if (amount == 0) revert NothingToClaim();
        hot.feesOwed -= uint120(amount);
        _hot = hot;
        IPerpMarket(market).modifyPosition(0, -int256(amount), feeRecipient);
        emit FeesClaimed(feeRecipient, amount);
    }

    /// @inheritdoc ILeverageVault
    function setParams(VaultParams calldata newParams) external onlyRole(DEFAULT_ADMIN_ROLE) {
        HotState memory hot = _hot;
        _accrueManagementFee(hot);
        _hot = hot;
        _setParams(newParams);
    }

    /// @inheritdoc ILeverageVault
    function setFeeRecipient(address newRecipient) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newRecipient == address(0)) revert ZeroAddress();
        HotState memory hot = _hot;
        _accrueManagementFee(hot);
        _hot = hot;
        feeRecipient = newRecipient;
        emit FeeRecipientUpdated(newRecipient);
    }

    /// @inheritdoc ILeverageVault
    function pauseMint() external onlyRole(GUARDIAN_ROLE) {
        _hot.mintPaused = true;
        emit MintPaused(msg.sender);
    }

    /// @inheritdoc ILeverageVault
    function unpauseMint() external onlyRole(GUARDIAN_ROLE) {
        _hot.mintPaused = false;
        emit MintUnpaused(msg.sender);
    }

    // ---- internals: actions ------------------------------------------------------------------

    /// @dev Mint: check, quote, write, move collateral, mint, emit. Mirrors `_redeem`.
    function _mint(uint256 collateralIn, uint256 minTokensOut, address receiver) internal returns (uint256 tokensOut) {
        if (collateralIn == 0) revert ZeroAmount();
        if (receiver == address(0)) revert ZeroAddress();
        uint256 cap = _params.collateralCap;
        if (collateralIn > cap) revert MintAboveCap(cap, collateralIn); // also keeps the quote's math in range
        HotState memory hot = _hot;
        if (hot.mintPaused) revert MintingPaused();
        Snapshot memory s = _usableSnapshot(hot);
        uint256 supply = _accrueManagementFee(hot);
        if (supply != 0 && s.equity == 0) revert VaultWipedOut();
        _requireMintable(s);
        if (hot.feesOwed > s.value) hot.feesOwed = uint120(s.value); // wiped out: the fee debt beyond value is gone

        uint256 mintFee;
        uint256 tradeFee;
        int256 sizeDelta;
        uint256 equityAfter;
        (tokensOut, mintFee, tradeFee, sizeDelta, equityAfter) = _quoteMint(collateralIn, s, supply);
        if (tokensOut < minTokensOut) revert SlippageExceeded(minTokensOut, tokensOut);
        if (tokensOut == 0) revert MintTooSmall(collateralIn);
        if (equityAfter > cap) revert CollateralCapExceeded(cap, equityAfter);

        hot.feesOwed += uint120(mintFee);
        _hot = hot;
        IERC20(collateral).safeTransferFrom(msg.sender, market, collateralIn);
        IPerpMarket(market).modifyPosition(sizeDelta, int256(collateralIn), address(0));
        ILeveragedToken(token).mint(receiver, tokensOut);
        emit Minted(msg.sender, receiver, collateralIn, tokensOut, mintFee, tradeFee);
    }

    /// @dev Redeem: check, quote, write, burn, move collateral, emit. Mirrors `_mint`.
    function _redeem(
        uint256 tokensIn,
        uint256 minCollateralOut,
        address receiver
    ) internal returns (uint256 collateralOut) {
        if (tokensIn == 0) revert ZeroAmount();
        if (receiver == address(0)) revert ZeroAddress();
        HotState memory hot = _hot;
        Snapshot memory s = _usableSnapshot(hot);
        uint256 supply = _accrueManagementFee(hot);

        uint256 redeemFee;
        uint256 tradeFee;
        int256 sizeDelta;
        (collateralOut, redeemFee, tradeFee, sizeDelta) = _quoteRedeem(tokensIn, s, supply);
        if (collateralOut < minCollateralOut) revert SlippageExceeded(minCollateralOut, collateralOut);
        if (collateralOut == 0 && s.equity != 0) revert RedeemTooSmall(tokensIn);

        hot.feesOwed += uint120(redeemFee);
        _hot = hot;
        ILeveragedToken(token).burn(msg.sender, tokensIn);
        if (sizeDelta != 0 || collateralOut != 0) {
            IPerpMarket(market).modifyPosition(sizeDelta, -int256(collateralOut), receiver);
        }
        emit Redeemed(msg.sender, receiver, tokensIn, collateralOut, redeemFee, tradeFee);
    }

    /// @dev Pays the bounded reward out of one ripcord chunk; the caller has checked the status is RIPCORD.
    function _ripcord(Snapshot memory s, HotState memory hot) internal returns (uint256 reward) {
        reward = FeeMath.ripcordRewardDown(_params.ripcordReward, s.equity, _maxRipcordReward);
        reward = _trade(Status.RIPCORD, s, hot, reward);
        if (reward != 0) emit RipcordRewardPaid(msg.sender, reward);
    }

    /// @dev Trades toward the leverage `kind` aims for, at most one chunk, paying up to `reward` to the
    /// caller; returns the reward paid. Reads aim -> goal -> chunk -> write -> trade -> emit.
    /// The streaming fee is not accrued here: it depends only on time and supply, which a trade leaves alone.
    function _trade(Status kind, Snapshot memory s, HotState memory hot, uint256 reward) internal returns (uint256) {
        uint256 levBefore = _leverage(s);
        uint256 newAbsSize;
        {
            uint256 aim = _aim(kind, levBefore);
            uint256 notional = _notional(s);
            uint256 goal = LeverageMath.targetNotionalDown(s.equity - reward, notional, aim, s.takerFeeBps);
            bool chunked;
            (newAbsSize, chunked) = _chunk(kind, s, notional, goal);

            if (chunked) _iterationTarget = aim;
            else hot.lastRebalanceTime = uint40(block.timestamp);
            hot.iterating = chunked;
            hot.lastTradeTime = uint40(block.timestamp);
            _hot = hot;
        }

        int256 sizeDelta = (isLong ? int256(newAbsSize) : -int256(newAbsSize)) - s.size;
        uint256 tradeFee = FeeMath.takerFeeUp(SignedMath.abs(sizeDelta), s.price, _unit, s.takerFeeBps);
        if (reward != 0) reward = _rewardForStep(reward, s, newAbsSize, tradeFee, levBefore);
        if (sizeDelta != 0 || reward != 0) {
            IPerpMarket(market).modifyPosition(sizeDelta, -int256(reward), msg.sender);
        }

        uint256 equityAfter = s.equity > reward + tradeFee ? s.equity - reward - tradeFee : 0;
        uint256 levAfter = LeverageMath.leverageDown(
            LeverageMath.notionalDown(newAbsSize, s.price, _unit),
            equityAfter
        );
        emit Rebalanced(kind, levBefore, levAfter, sizeDelta, s.price, tradeFee);
        return reward;
    }

    /// @dev The ripcord reward `offer` for the leverage this call's cut removes, at most half of what the cut frees
    /// (FeeMath.ripcordRewardForStepDown, ripcordRewardCappedDown).
    function _rewardForStep(
        uint256 offer,
        Snapshot memory s,
        uint256 newAbsSize,
        uint256 tradeFee,
        uint256 levBefore
    ) internal view returns (uint256) {
        if (s.equity <= tradeFee) return 0;
        uint256 levAfter = LeverageMath.leverageDown(
            LeverageMath.notionalDown(newAbsSize, s.price, _unit),
            s.equity - tradeFee
        );
        uint256 reward = FeeMath.ripcordRewardForStepDown(offer, levBefore, levAfter, targetLeverage);
        return FeeMath.ripcordRewardCappedDown(reward, s.equity, s.absSize, newAbsSize, tradeFee);
    }

    /// @dev The leverage a trade of `kind` heads for: the iteration's target, part of the way back for a
    /// time-based REBALANCE inside the band, otherwise the target itself.
    function _aim(Status kind, uint256 levBefore) internal view returns (uint256) {
        if (kind == Status.ITERATE) return _iterationTarget;
        VaultParams storage p = _params;
        if (kind == Status.REBALANCE && levBefore >= p.minLeverage && levBefore <= p.maxLeverage) {
            return LeverageMath.recenterDown(levBefore, targetLeverage, p.recenteringSpeed);
        }
        return targetLeverage;
    }

    /// @dev The size after this call's trade: all the way to `goal`, or one chunk of at most the kind's
    /// `maxTradeSize` toward it (`chunked`).
    function _chunk(
        Status kind,
        Snapshot memory s,
        uint256 notional,
        uint256 goal
    ) internal view returns (uint256 newAbsSize, bool chunked) {
        uint256 maxTrade = kind == Status.RIPCORD ? _params.ripcordMaxTradeSize : _params.maxTradeSize;
        bool growing = goal > notional;
        chunked = (growing ? goal - notional : notional - goal) > maxTrade;
        if (!chunked) return (LeverageMath.sizeDown(goal, s.price, _unit), false);
        uint256 chunk = LeverageMath.sizeDown(maxTrade, s.price, _unit);
        newAbsSize = growing ? s.absSize + chunk : s.absSize - Math.min(chunk, s.absSize);
    }

    /// @dev Mints the streaming fee accrued since the last accrual to the fee recipient, updating `hot`
    /// in memory (the caller writes it back). Returns the supply after the fee.
    function _accrueManagementFee(HotState memory hot) internal returns (uint256 supply) {
        supply = IERC20(token).totalSupply();
        uint256 elapsed = block.timestamp - hot.lastFeeAccrual;
        if (elapsed == 0) return supply;
        hot.lastFeeAccrual = uint40(block.timestamp);
        uint256 feeTokens = FeeMath.managementFeeTokensUp(supply, _params.managementFeeRate, elapsed);
        if (feeTokens != 0) {
            ILeveragedToken(token).mint(feeRecipient, feeTokens);
            supply += feeTokens;
            emit FeesAccrued(feeTokens);
        }
    }

    function _setParams(VaultParams memory p) internal {
        p.validateFor(targetLeverage, _maxRipcordReward, market);
        _params = p;
        emit ParamsUpdated(p);
    }

    /// @dev Runs `data` (a call to one of RequestLogic's functions) in RequestLogic, with the slots of `_book` and
    /// `_params`, then `market` and `collateral` appended (RequestLogic's `_slots` and `_env`); bubbles a revert.
    /// Returns what it returns as is (`raw`), or its first two words.
    function _delegate(bytes memory data, bool raw) private returns (uint256 w0, uint256 w1) {
        (address logic, address m, address c) = (address(RequestLogic), market, collateral);
        // append four words to the call data and bubble what returns
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let n := mload(data)
            let ptr := add(data, 32)
            let tail := add(ptr, n)
            mstore(tail, _book.slot)
            mstore(add(tail, 32), _params.slot)
            mstore(add(tail, 64), m)
            mstore(add(tail, 96), c)
            let ok := delegatecall(gas(), logic, ptr, add(n, 128), 0, 0)
            let size := returndatasize()
            returndatacopy(ptr, 0, size)
            if iszero(ok) {
                revert(ptr, size)
            }
            if raw {
                return(ptr, size)
            }
            if size {
                w0 := mload(ptr)
                w1 := mload(add(ptr, 32))
            }
        }
    }

    /// @dev For a view: calls the vault itself, statically, with this call's data behind `_VIEW_MARKER`, so that
    /// `fallback` runs it in RequestLogic; returns (or reverts) what that returns. Never returns to the caller.
    function _delegateView() private view {
        // forward this call's data behind a marker, return as is
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, shl(224, 0x7265716c)) // _VIEW_MARKER
            calldatacopy(add(ptr, 4), 0, calldatasize())
            let ok := staticcall(gas(), address(), ptr, add(calldatasize(), 4), 0, 0)
            returndatacopy(ptr, 0, returndatasize())
            if iszero(ok) {
                revert(ptr, returndatasize())
            }
            return(ptr, returndatasize())
        }
    }

    // ---- internals: views --------------------------------------------------------------------

    // Gas: a memory struct returned from an internal function is allocated (and zeroed) by the callee, so
    // the snapshot getters fill their own return value through `_readSnapshot` instead of copying the
    // struct another helper returned (docs/gas.md).

    /// @dev The state every action opens with: the hot slot, a snapshot with a usable price, and the status.
    function _load() internal view returns (HotState memory hot, Snapshot memory s, Status status) {
        hot = _hot;
        _readUsableSnapshot(s, hot.feesOwed);
        status = _status(s, hot);
    }

    /// @dev A snapshot net of `hot.feesOwed`; reverts without a usable price (positive and fresh).
    function _usableSnapshot(HotState memory hot) internal view returns (Snapshot memory s) {
        _readUsableSnapshot(s, hot.feesOwed);
    }

    function _snapshot(uint256 owed) internal view returns (Snapshot memory s) {
        _readSnapshot(s, owed);
    }

    /// @dev For views that need a price: reverts `OracleInvalid(answer)` without one (staleness is allowed).
    function _pricedSnapshot(uint256 owed) internal view returns (Snapshot memory s) {
        _readSnapshot(s, owed);
        if (s.price == 0) _revertInvalid();
    }

    /// @dev Fills `s` from the market account, net of `owed`; reverts without a usable price (positive and fresh).
    function _readUsableSnapshot(Snapshot memory s, uint256 owed) internal view {
        _readSnapshot(s, owed);
        _requireUsablePrice(s);
    }

    /// @dev Fills `s` from the market account, with equity net of `owed`.
    function _readSnapshot(Snapshot memory s, uint256 owed) internal view {
        IPerpMarket.AccountSnapshot memory a = IPerpMarket(market).accountSnapshot(address(this));
        s.size = a.size;
        s.absSize = SignedMath.abs(a.size);
        s.price = a.price;
        s.updatedAt = a.priceUpdatedAt;
        s.value = a.value;
        s.equity = a.value > owed ? a.value - owed : 0;
        s.takerFeeBps = a.takerFeeBps;
    }

    function _leverage(Snapshot memory s) internal view returns (uint256) {
        return LeverageMath.leverageDown(_notional(s), s.equity);
    }

    function _notional(Snapshot memory s) internal view returns (uint256) {
        return LeverageMath.notionalDown(s.absSize, s.price, _unit);
    }

    /// @dev True when closing the whole position would cost at least the vault's equity in taker fee: leverage at
    /// or above 10,000 / takerFeeBps (2,000x at 5 bps). Every deleveraging trade then raises leverage, because its fee
    /// takes more equity than it removes notional, so no ripcord can help; the market's liquidation is what is left
    /// (the account is far below maintenance margin by then). Always above any ripcordLeverage the caps allow
    /// (<= 15x, taker fee <= 1%), so it only needs checking where the status would be RIPCORD.
    function _beyondRescue(uint256 lev, uint256 takerFeeBps) internal pure returns (bool) {
        return takerFeeBps != 0 && lev >= (BPS * WAD) / takerFeeBps;
    }

    function _status(Snapshot memory s, HotState memory hot) internal view returns (Status) {
        if (s.price == 0 || !_isFresh(s) || s.equity < _dustEquity) return Status.NONE;
        uint256 lev = _leverage(s);
        VaultParams storage p = _params;
        if (s.size == 0 && IERC20(token).totalSupply() == 0) return Status.NONE;
        if (lev >= p.ripcordLeverage) return _beyondRescue(lev, s.takerFeeBps) ? Status.NONE : Status.RIPCORD;
        if (hot.iterating) {
            // A chunked rebalance finishes before anything else; no new REBALANCE during its cooldown.
            return block.timestamp >= uint256(hot.lastTradeTime) + p.twapCooldown ? Status.ITERATE : Status.NONE;
        }
        if (lev < p.minLeverage || lev > p.maxLeverage) return Status.REBALANCE;
        bool due = block.timestamp >= uint256(hot.lastRebalanceTime) + p.rebalanceInterval;
        bool offTarget = (lev > targetLeverage ? lev - targetLeverage : targetLeverage - lev) > LEVERAGE_TOLERANCE;
        return due && offTarget ? Status.REBALANCE : Status.NONE;
    }

    /// @dev Supply including the streaming fee accrued up to now (what the next action will see).
    function _supplyNow(HotState memory hot) internal view returns (uint256 supply) {
        supply = IERC20(token).totalSupply();
        supply += FeeMath.managementFeeTokensUp(
            supply,
            _params.managementFeeRate,
            block.timestamp - hot.lastFeeAccrual
        );
    }

    /// @dev Mint quote. Fees come off first; the rest joins the margin and grows the position pro rata
    /// (dSize = size x net / equity) so existing holders keep their leverage; the minter pays the taker
    /// fee of the trade it causes. The first mint (or one into a flat account) opens at target leverage.
    function _quoteMint(
        uint256 collateralIn,
        Snapshot memory s,
        uint256 supply
    )
        internal
        view
        returns (uint256 tokensOut, uint256 mintFee, uint256 tradeFee, int256 sizeDelta, uint256 equityAfter)
    {
        if (s.price == 0) return (0, 0, 0, 0, s.equity);
        mintFee = _feeAtLeverageUp(collateralIn, _params.mintFeeBps, s);
        uint256 net = collateralIn - mintFee;
        // Opening: the fee-aware size that lands on target after the taker fee. Otherwise pro rata on
        // what joins equity after the fee: dN = N x net / (E + N x fee) keeps leverage unchanged;
        // rounded down (fee rounded up), so the minter's trade is never larger than its share.
        uint256 absDelta =
            s.size == 0 || s.equity == 0
                ? LeverageMath.sizeDown(
                    LeverageMath.targetNotionalDown(net, 0, targetLeverage, s.takerFeeBps),
                    s.price,
                    _unit
                )
                : LeverageMath.proRataSizeDown(s.absSize, net, s.equity + FeeMath.bpsUp(_notional(s), s.takerFeeBps));
        tradeFee = FeeMath.takerFeeUp(absDelta, s.price, _unit, s.takerFeeBps);
        if (tradeFee >= net) return (0, mintFee, tradeFee, 0, s.equity);
        uint256 added = net - tradeFee;
        tokensOut = ShareMath.toTokensDown(added, s.equity, supply, _virtualShares);
        sizeDelta = isLong ? int256(absDelta) : -int256(absDelta);
        equityAfter = s.equity + added;
    }

    /// @dev Redeem quote. The position shrinks by size x n / supply; the holder's share of equity
    /// (rounded down) minus the redeem fee and the taker fee of that trade is paid out.
    function _quoteRedeem(
        uint256 tokensIn,
        Snapshot memory s,
        uint256 supply
    ) internal view returns (uint256 collateralOut, uint256 redeemFee, uint256 tradeFee, int256 sizeDelta) {
        if (s.equity == 0 || supply == 0) return (0, 0, 0, 0); // wiped out: tokens burn for nothing
        uint256 gross = ShareMath.toAssetsDown(tokensIn, s.equity, supply, _virtualShares);
        uint256 absDelta = LeverageMath.proRataSizeDown(s.absSize, tokensIn, supply); // the last holder closes all
        tradeFee = FeeMath.takerFeeUp(absDelta, s.price, _unit, s.takerFeeBps);
        redeemFee = _feeAtLeverageUp(gross, _params.redeemFeeBps, s);
        if (gross <= tradeFee + redeemFee) return (0, redeemFee, tradeFee, 0);
        collateralOut = gross - tradeFee - redeemFee;
        sizeDelta = isLong ? -int256(absDelta) : int256(absDelta);
    }

    /// @dev `amount` x `bps` at the vault's current leverage (FeeMath.bpsAtLeverageUp); a flat or wiped-out
    /// account opens at target, so it pays the fee at target.
    function _feeAtLeverageUp(uint256 amount, uint256 bps, Snapshot memory s) internal view returns (uint256) {
        uint256 lev = s.equity == 0 ? targetLeverage : _leverage(s);
        return FeeMath.bpsAtLeverageUp(amount, bps, lev, targetLeverage, _params.maxLeverage);
    }

    /// @dev An instant mint grows the position pro rata, so the minter takes the vault's current leverage: refused
    /// above the band (a pending rebalance or iteration above it, a ripcord) with `MintAboveBand`. A flat or
    /// wiped-out account opens at target.
    function _requireMintable(Snapshot memory s) internal view {
        if (s.size == 0 || s.equity == 0) return;
        uint256 lev = _leverage(s);
        uint256 maxLev = _params.maxLeverage;
        if (lev > maxLev) revert MintAboveBand(lev, maxLev);
    }

    function _revertInvalid() internal view {
        (, int256 answer, , , ) = AggregatorV3Interface(IPerpMarket(market).priceFeed()).latestRoundData();
        revert OracleInvalid(answer);
    }

    /// @dev Fresh: published no longer than `maxStaleness` ago, not in the future, and (on an L2) the sequencer
    /// up for the grace period.
    function _isFresh(Snapshot memory s) internal view returns (bool up) {
        if (!_isTimely(s)) return false;
        (up, , ) = _sequencer();
    }

    function _isTimely(Snapshot memory s) internal view returns (bool) {
        return s.updatedAt <= block.timestamp && s.updatedAt + _params.maxStaleness >= block.timestamp;
    }

    /// @dev `up` unless a sequencer-uptime feed is set and says down (answer 1), is not initialised (startedAt 0,
    /// Arbitrum's), or has been back up for less than the grace period; with the feed's `answer` and `startedAt`.
    function _sequencer() internal view returns (bool up, int256 answer, uint256 startedAt) {
        if (sequencerUptimeFeed == address(0)) return (true, 0, 0);
        (, answer, startedAt, , ) = AggregatorV3Interface(sequencerUptimeFeed).latestRoundData();
        up = answer == 0 && startedAt != 0 && block.timestamp >= startedAt + SEQUENCER_GRACE_PERIOD;
    }

    /// @dev A usable price: positive, not stale, and (on an L2) the sequencer up for the grace period. Reads the
    /// raw answer only to report it.
    function _requireUsablePrice(Snapshot memory s) internal view {
        if (s.price == 0) _revertInvalid();
        if (!_isTimely(s)) revert OracleStale(s.updatedAt);
        (bool up, int256 answer, uint256 startedAt) = _sequencer();
        if (!up) revert SequencerUnavailable(answer, startedAt);
    }
}
