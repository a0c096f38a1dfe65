// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MockUSDC} from "../../contracts/testnet/MockUSDC.sol";
import {MockPriceFeed} from "../../contracts/testnet/MockPriceFeed.sol";
import {MockPerpMarket} from "../../contracts/testnet/MockPerpMarket.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {LeveragedToken} from "../../contracts/LeveragedToken.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {IPerpMarket} from "../../contracts/interfaces/IPerpMarket.sol";
import {Vm, VM_ADDRESS} from "../helpers/Vm.sol";

/// @notice Drives bounded random sequences against two vaults (3x long, 3x short) on one mock market:
/// mint, redeem, transfer, price moves (up to +-50 % jumps), time, funding, rebalance, ripcord, upkeep,
/// parameter changes inside the caps through a governance delay (small trade sizes included), pause/unpause,
/// liquidation attempts, fee claims, two leveraged direct traders and a pool that runs thin. Owns the feed, the
/// market, the collateral and both vaults' admin/guardian roles. Next-price requests: LeverRequestHandler.
/// Keeps the ghost accounting the invariants (LeverInvariants.t.sol) compare against.
contract LeverHandler {
    Vm internal constant vm = Vm(VM_ADDRESS);
    uint256 internal constant WAD = 1e18;
    uint256 internal constant USDC = 1e6;
    uint256 internal constant YEAR = 365 days;
    /// @dev Per action, a holder may gain this much (collateral units) from others' rounding.
    uint256 internal constant DUST = 3;
    /// @dev INV-4 checks "at target" only above this equity: below it one unit of rounding exceeds 1e-6.
    uint256 internal constant MIN_EQUITY_FOR_TARGET = 1_000 * USDC;
    /// @dev INV-5 holds above this equity. Below it a trade's taker fee and the market's initial margin
    /// (both rounded up to whole collateral units) can exceed the equity: known finding F-1 in docs/security.md.
    uint256 internal constant MIN_EQUITY_FOR_LIVENESS = 1 * USDC;
    /// @dev The timelock's delay before a parameter change applies (issue #11 F; deploy parameter files).
    uint256 internal constant GOVERNANCE_DELAY = 2 days;
    /// @notice A second direct trader on the market, with its own account (issue #11: direct traders).
    address public constant DIRECT_TRADER = address(0xD1EC7);

    MockUSDC public immutable usdc;
    MockPriceFeed public immutable feed;
    MockPerpMarket public immutable market;
    address public immutable feeRecipient;
    LeverageVault[2] internal _vaults;
    address[3] internal _actors;

    // ---- ghost accounting --------------------------------------------------------------------
    /// @dev Collateral each actor put in (mints, collateral lost elsewhere) plus the NAV value of tokens received.
    mapping(address => uint256) public ghostIn;
    /// @dev Collateral each actor took out plus the NAV value of tokens given away.
    mapping(address => uint256) public ghostOut;
    /// @dev Value each actor gained from NAV rises during market moves (price, time/funding).
    mapping(address => uint256) public ghostMarketGain;
    /// @dev Ripcord rewards and liquidation penalties each actor earned.
    mapping(address => uint256) public ghostRewards;
    /// @dev NAV rises from other holders' rounding, per actor.
    mapping(address => uint256) public ghostDust;
    /// @dev Expected token supply per vault: vault mints, redeems and streaming-fee accrual, mirrored.
    uint256[2] public ghostSupply;
    uint256[2] public ghostLastAccrual;

    uint256 public inv4Failures; // a complete rebalance that did not land on target
    uint256 public inv5Failures; // a needed rebalance/ripcord/upkeep that reverted
    uint256 public inv6Failures; // preview != result
    uint256 public inv7Failures; // a request's escrow, ending or refund off (LeverRequestHandler)
    uint256 public otherFailures; // an action that reverted with an unexpected error
    uint256 public redeemsBlockedAbove20x; // F-7: redeem refused by the market while the vault is above 20x
    uint256 public dustLivenessFailures; // F-1: a needed trade reverted in a vault with equity below 1 USDC
    string public lastFailure;
    uint256 public calls;
    uint256 public completeRebalances;
    uint256 public ripcords;
    uint256 public wipedOutObservations; // price moves after which a vault with holders had no equity
    uint256 public liquidations;
    uint256 public paramChanges;
    uint256 public offTargetWhileOwedAClaim; // a complete rebalance off target while the pool owed the vault a claim
    uint256 public directTrades;

    constructor(
        MockUSDC usdc_,
        MockPriceFeed feed_,
        MockPerpMarket market_,
        LeverageVault[2] memory vaults_,
        address feeRecipient_
    ) {
        usdc = usdc_;
        feed = feed_;
        market = market_;
        feeRecipient = feeRecipient_;
        _vaults = vaults_;
        for (uint256 i; i < 3; ++i) {
            address a = address(uint160(0xA11CE0 + i));
            _actors[i] = a;
            vm.label(a, string.concat("actor", _digit(i)));
            vm.startPrank(a);
            usdc.approve(address(vaults_[0]), type(uint256).max);
            usdc.approve(address(vaults_[1]), type(uint256).max);
            vm.stopPrank();
        }
        for (uint256 v; v < 2; ++v) {
            ghostLastAccrual[v] = block.timestamp;
        }
    }

    // ---- views for the invariants ------------------------------------------------------------

    function vault(uint256 i) external view returns (LeverageVault) {
        return _vaults[i];
    }

    function actor(uint256 i) external view returns (address) {
        return _actors[i];
    }

    /// @notice An actor's tokens in both vaults valued at NAV (rounded down).
    function holdingsAtNav(address a) public view returns (uint256 value) {
        for (uint256 v; v < 2; ++v) {
            value += (_exposureOf(v, a) * _vaults[v].nav()) / WAD;
        }
    }

    // ---- actions: holders --------------------------------------------------------------------

    function mint(uint256 actorSeed, uint256 vaultSeed, uint256 amount) external {
        (address a, uint256 v) = _pick(actorSeed, vaultSeed);
        amount = _bound(amount, 100 * USDC, 250_000 * USDC);
        LeverageVault vlt = _vaults[v];
        usdc.mint(a, amount);
        ++calls;
        uint256 preview = vlt.previewMint(amount);
        uint256 rate = vlt.params().managementFeeRate;
        uint256[2] memory navBefore = _navs();
        uint256 balBefore = usdc.balanceOf(a);
        vm.prank(a);
        try vlt.mint(amount, 0, a) returns (uint256 out) {
            if (out != preview) _fail(6, "INV-6 previewMint != mint");
            _accrueGhost(v, rate);
            ghostSupply[v] += out;
            _settleCollateral(a, balBefore, false);
            _dustAfter(navBefore);
        } catch (bytes memory err) {
            _expectMintRevert(vlt, err, preview);
        }
    }

    function redeem(uint256 actorSeed, uint256 vaultSeed, uint256 fraction) external {
        (address a, uint256 v) = _pick(actorSeed, vaultSeed);
        LeverageVault vlt = _vaults[v];
        uint256 bal = _tokenOf(v).balanceOf(a);
        if (bal == 0) return;
        uint256 n = fraction % 4 == 0 ? bal : (bal * _bound(fraction, 1, 10_000)) / 10_000;
        if (n == 0) return;
        ++calls;
        uint256 preview = vlt.previewRedeem(n);
        uint256 rate = vlt.params().managementFeeRate;
        uint256[2] memory navBefore = _navs();
        uint256 balBefore = usdc.balanceOf(a);
        vm.prank(a);
        try vlt.redeem(n, 0, a) returns (uint256 out) {
            if (out != preview) _fail(6, "INV-6 previewRedeem != redeem");
            _accrueGhost(v, rate);
            ghostSupply[v] -= n;
            _settleCollateral(a, balBefore, false);
            _dustAfter(navBefore);
        } catch (bytes memory err) {
            bytes4 sel = bytes4(err);
            if (sel == IPerpMarket.InsufficientMargin.selector && vlt.leverage() > 20e18) {
                // F-7: above the market's 20x initial margin a pro-rata withdrawal is refused until the ripcord
                ++redeemsBlockedAbove20x;
            } else if (sel != ILeverageVault.RedeemTooSmall.selector && sel != ILeverageVault.OracleStale.selector) {
                _fail(0, "redeem: unexpected revert");
            }
        }
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 vaultSeed, uint256 fraction) external {
        (address from, uint256 v) = _pick(fromSeed, vaultSeed);
        address to = _actors[toSeed % 3];
        if (to == from) return;
        LeveragedToken tok = _tokenOf(v);
        uint256 n = (tok.balanceOf(from) * _bound(fraction, 0, 10_000)) / 10_000;
        if (n == 0) return;
        ++calls;
        uint256 nav = _vaults[v].nav();
        vm.prank(from);
        tok.transfer(to, n);
        ghostOut[from] += (n * nav) / WAD;
        ghostIn[to] += _divUp(n * nav, WAD);
    }

    // ---- actions: market moves ---------------------------------------------------------------

    /// @notice Moves the price by up to +-10 %, or (one call in eight) jumps +-50 %.
    function movePrice(uint256 moveSeed, uint256 jumpSeed) external {
        ++calls;
        int256 p = feed.latestAnswer();
        int256 bps =
            jumpSeed % 8 == 0
                ? (moveSeed % 2 == 0 ? int256(5_000) : int256(-5_000))
                : int256(_bound(moveSeed, 0, 2_000)) - 1_000;
        int256 next = (p * (10_000 + bps)) / 10_000;
        if (next < 1_000e8) next = 1_000e8;
        if (next > 1_000_000e8) next = 1_000_000e8;
        uint256[2] memory navBefore = _navs();
        feed.setPrice(next);
        _marketGain(navBefore);
        _countWipeouts();
    }

    /// @notice Lets 1 s .. 2 days pass; three calls in four the oracle publishes again (same answer).
    function passTime(uint256 secondsSeed, uint256 refreshSeed) external {
        ++calls;
        uint256[2] memory navBefore = _navs();
        vm.warp(block.timestamp + _bound(secondsSeed, 1, 2 days));
        if (refreshSeed % 4 != 0) feed.setPrice(feed.latestAnswer());
        _marketGain(navBefore);
    }

    /// @notice Sets the funding rate within +-100 % a year.
    function setFunding(uint256 rateSeed) external {
        ++calls;
        int256 rate = int256(_bound(rateSeed, 0, 2e18)) - 1e18;
        uint256[2] memory navBefore = _navs();
        market.setFundingRate(rate);
        _marketGain(navBefore);
    }

    // ---- actions: keepers --------------------------------------------------------------------

    /// @notice A keeper calls whatever the status asks for (INV-5), or `rebalance` when nothing is needed
    /// (which must revert with RebalanceNotNeeded).
    function rebalance(uint256 vaultSeed, uint256 actorSeed) external {
        (address a, uint256 v) = _pick(actorSeed, vaultSeed);
        LeverageVault vlt = _vaults[v];
        ++calls;
        uint8 status = uint8(vlt.rebalanceStatus());
        if (status == uint8(ILeverageVault.Status.RIPCORD)) return _ripcord(a, v);
        uint256 aim = _aimsAtTarget(vlt, status);
        uint256 eqBefore = vlt.equity();
        uint256[2] memory navBefore = _navs();
        vm.prank(a);
        try vlt.rebalance() {
            if (status == uint8(ILeverageVault.Status.NONE)) _fail(5, "rebalance succeeded with status NONE");
            _checkAtTarget(vlt, aim);
            _dustAfter(navBefore);
        } catch (bytes memory err) {
            if (status != uint8(ILeverageVault.Status.NONE)) {
                _livenessFailure(eqBefore, "INV-5 rebalance reverted while needed");
            } else if (
                bytes4(err) != ILeverageVault.RebalanceNotNeeded.selector &&
                bytes4(err) != ILeverageVault.OracleStale.selector
            ) {
                _fail(0, "rebalance: unexpected revert");
            }
        }
    }

    function ripcord(uint256 vaultSeed, uint256 actorSeed) external {
        (address a, uint256 v) = _pick(actorSeed, vaultSeed);
        ++calls;
        _ripcord(a, v);
    }

    function upkeep(uint256 vaultSeed, uint256 actorSeed) external {
        (address a, uint256 v) = _pick(actorSeed, vaultSeed);
        ++calls;
        _upkeep(a, v);
    }

    /// @dev `a` calls performUpkeep on vault `v`; LeverRequestHandler takes over when the upkeep would settle.
    function _upkeep(address a, uint256 v) internal virtual {
        LeverageVault vlt = _vaults[v];
        (bool needed, ) = vlt.checkUpkeep("");
        uint8 status = uint8(vlt.rebalanceStatus());
        uint256 aim = _aimsAtTarget(vlt, status);
        uint256 eqBefore = vlt.equity();
        uint256[2] memory navBefore = _navs();
        uint256 balBefore = usdc.balanceOf(a);
        vm.prank(a);
        try vlt.performUpkeep("") {
            if (!needed) _fail(5, "performUpkeep succeeded when not needed");
            if (status == uint8(ILeverageVault.Status.RIPCORD)) ++ripcords;
            _checkAtTarget(vlt, aim);
            _settleCollateral(a, balBefore, true);
            _dustAfter(navBefore);
        } catch {
            if (needed) _livenessFailure(eqBefore, "INV-5 performUpkeep reverted while needed");
        }
    }

    // ---- actions: governance -----------------------------------------------------------------

    /// @notice Governance: new parameters, every one inside the caps of VaultParamsLib, applied through the
    /// governance hook (`_governance`: the timelock's delay, then the admin's call). One call in four puts
    /// maxTradeSize and ripcordMaxTradeSize at the lowest values the caps accept (issue #11 B: small trade sizes).
    function setParams(uint256 vaultSeed, uint256 s1, uint256 s2, uint256 s3) external {
        uint256 v = vaultSeed % 2;
        ++calls;
        ILeverageVault.VaultParams memory p = _randomParams(_vaults[v].targetLeverage(), s1, s2, s3);
        if ((s3 >> 200) % 4 != 0) {
            _governance(v, p);
            return;
        }
        _waitGovernanceDelay();
        uint256[6] memory sizes = [uint256(1), USDC, 100 * USDC, 1_000 * USDC, 10_000 * USDC, 100_000 * USDC];
        for (uint256 i; i < sizes.length; ++i) {
            p.maxTradeSize = uint128(sizes[i]);
            p.ripcordMaxTradeSize = uint128(sizes[i]);
            if (_applyParams(v, p)) return;
        }
    }

    function _randomParams(
        uint256 target,
        uint256 s1,
        uint256 s2,
        uint256 s3
    ) internal pure returns (ILeverageVault.VaultParams memory p) {
        p.minLeverage = uint80(target - _bound(s1, 0.1e18, 1e18));
        p.maxLeverage = uint80(target + _bound(s1 >> 64, 0.1e18, 1.5e18));
        p.ripcordLeverage = uint80(p.maxLeverage + _bound(s1 >> 128, 0.1e18, 3e18));
        p.rebalanceInterval = uint32(_bound(s2, 1 hours, 30 days));
        p.twapCooldown = uint32(_bound(s2 >> 32, 0, 1 hours));
        p.maxStaleness = uint32(_bound(s2 >> 64, 2 hours, 2 days));
        p.recenteringSpeed = uint64((s2 >> 96) & 1 == 0 ? 1e18 : _bound(s2 >> 97, 0.05e18, 1e18));
        p.managementFeeRate = uint64(_bound(s2 >> 160, 0, 0.05e18));
        p.mintFeeBps = uint16(_bound(s3, 0, 100));
        p.redeemFeeBps = uint16(_bound(s3 >> 16, 0, 100));
        p.maxTradeSize = uint128(_bound(s3 >> 32, 1_000 * USDC, 10_000_000 * USDC));
        p.ripcordMaxTradeSize = uint128(p.maxTradeSize * _bound(s3 >> 96, 1, 4));
        p.ripcordReward = uint128(_bound(s3 >> 128, 0, 1_000 * USDC));
        p.collateralCap = uint128(100_000_000 * USDC);
        p.requestMintFeeBps = uint16(_bound(s1 >> 192, 0, 50));
        p.requestRedeemFeeBps = uint16(_bound(s1 >> 208, 0, 50));
        p.settleReward = uint128(_bound(s3 >> 160, 0, USDC));
    }

    /// @notice GOVERNANCE HOOK: how a parameter change reaches a vault. Today: the timelock's delay (a warp of
    /// GOVERNANCE_DELAY, the oracle publishing on), then the admin's `setParams`. To drive the TimelockController of
    /// branch `governance`, make the handler its proposer and executor and replace `_waitGovernanceDelay` +
    /// `_applyParams` with `schedule`, the warp and `execute` of the same `setParams` call.
    function _governance(uint256 v, ILeverageVault.VaultParams memory p) internal returns (bool applied) {
        _waitGovernanceDelay();
        return _applyParams(v, p);
    }

    function _waitGovernanceDelay() internal {
        uint256[2] memory navBefore = _navs();
        vm.warp(block.timestamp + GOVERNANCE_DELAY);
        feed.setPrice(feed.latestAnswer());
        _marketGain(navBefore);
    }

    /// @dev The admin's `setParams`; a value the caps refuse (InvalidParam) is not applied.
    function _applyParams(uint256 v, ILeverageVault.VaultParams memory p) internal returns (bool applied) {
        LeverageVault vlt = _vaults[v];
        uint256 rate = vlt.params().managementFeeRate;
        uint256[2] memory navBefore = _navs();
        try vlt.setParams(p) {
            _accrueGhost(v, rate);
            _dustAfter(navBefore);
            ++paramChanges;
            return true;
        } catch (bytes memory err) {
            if (bytes4(err) != ILeverageVault.InvalidParam.selector) _fail(0, "setParams: unexpected revert");
            return false;
        }
    }

    function togglePause(uint256 vaultSeed) external {
        LeverageVault vlt = _vaults[vaultSeed % 2];
        ++calls;
        if (vlt.mintPaused()) vlt.unpauseMint();
        else vlt.pauseMint();
    }

    function claimFees(uint256 vaultSeed) external {
        LeverageVault vlt = _vaults[vaultSeed % 2];
        ++calls;
        uint256 owed = vlt.feesOwed();
        uint256[2] memory navBefore = _navs();
        try vlt.claimFees() returns (uint256 amount) {
            if (amount > owed) _fail(0, "claimFees paid more than owed");
            _dustAfter(navBefore);
        } catch (bytes memory err) {
            bytes4 sel = bytes4(err);
            if (sel == ILeverageVault.NothingToClaim.selector) return;
            // F-4: withdrawing the fees leaves the margin equal to the equity; the market refuses it when the
            // position is above its 20x initial-margin limit (leverage > 20x, or no equity at all).
            if (sel == IPerpMarket.InsufficientMargin.selector && vlt.leverage() > 20e18) return;
            // F-1: a dust vault (a 1-wei position left by the last redeem) cannot meet even 1 unit of margin
            if (sel == IPerpMarket.InsufficientMargin.selector && vlt.equity() < MIN_EQUITY_FOR_LIVENESS) return;
            _fail(0, "claimFees: unexpected revert");
        }
    }

    // ---- actions: the rest of the market -----------------------------------------------------

    /// @notice A third-party trader (this contract's own account) opens an 8x..18x position or closes it.
    function traderTrade(uint256 seed) external {
        ++calls;
        int256 size = market.positionSize(address(this));
        uint256[2] memory navBefore = _navs();
        if (size != 0) {
            try market.trade(-size) {} catch {}
        } else {
            uint256 margin = 10_000 * USDC;
            usdc.mint(address(this), margin);
            usdc.approve(address(market), margin);
            market.deposit(margin);
            (uint256 price, ) = market.markPrice();
            uint256 notional = margin * _bound(seed, 8, 18);
            int256 absSize = int256((notional * 1e30) / price);
            try market.trade(seed % 2 == 0 ? absSize : -absSize) {} catch {}
        }
        _dustAfter(navBefore);
    }

    /// @notice A direct trader changes its position by a random signed size of up to 15x its 50,000 USDC margin,
    /// flips included, just as a front-runner of the next update would; the market refuses what its rules refuse.
    function directTrade(uint256 seed) external {
        ++calls;
        uint256[2] memory navBefore = _navs();
        if (market.accounts(DIRECT_TRADER).margin < 10_000 * USDC) {
            usdc.mint(DIRECT_TRADER, 50_000 * USDC);
            vm.startPrank(DIRECT_TRADER);
            usdc.approve(address(market), 50_000 * USDC);
            market.deposit(50_000 * USDC);
            vm.stopPrank();
        }
        (uint256 price, ) = market.markPrice();
        uint256 maxSize = (50_000 * USDC * 15 * 1e30) / price;
        int256 delta = int256(_bound(seed, 0, 2 * maxSize)) - int256(maxSize);
        vm.prank(DIRECT_TRADER);
        if (delta != 0) {
            try market.trade(delta) {
                ++directTrades;
            } catch {}
        }
        _dustAfter(navBefore);
    }

    /// @notice The pool runs thin (down to 0..1M USDC, as far as what it owes allows) or is refilled to 100M
    /// (issue #11: a thin pool). Refilling can pay vaults' claims: a market gain for their holders.
    function setPool(uint256 seed) external {
        ++calls;
        uint256 pool = market.poolBalance();
        uint256[2] memory navBefore = _navs();
        if (seed % 2 == 0) {
            uint256 target = _bound(seed >> 1, 0, 1_000_000) * USDC;
            if (pool > target) {
                try market.removeLiquidity(pool - target, address(this)) {} catch {}
            }
        } else if (pool < 100_000_000 * USDC) {
            uint256 add = 100_000_000 * USDC - pool;
            usdc.mint(address(this), add);
            usdc.approve(address(market), add);
            market.supplyLiquidity(add);
        }
        _marketGain(navBefore);
    }

    /// @notice Someone tries to liquidate a trader or a vault: succeeds exactly when it is liquidatable.
    function liquidate(uint256 targetSeed, uint256 actorSeed) external {
        address a = _actors[actorSeed % 3];
        uint256 t = targetSeed % 4;
        address target =
            t == 3
                ? DIRECT_TRADER
                : t == 2
                    ? address(this)
                    : address(_vaults[t]);
        ++calls;
        bool liquidatable = market.isLiquidatable(target);
        uint256[2] memory navBefore = _navs();
        uint256 balBefore = usdc.balanceOf(a);
        vm.prank(a);
        try market.liquidate(target) {
            if (!liquidatable) _fail(0, "liquidated a healthy account");
            ++liquidations;
            _settleCollateral(a, balBefore, true);
            _dustAfter(navBefore);
        } catch (bytes memory err) {
            if (liquidatable || bytes4(err) != IPerpMarket.NotLiquidatable.selector)
                _fail(0, "liquidate: wrong outcome");
        }
    }

    // ---- internals ---------------------------------------------------------------------------

    function _ripcord(address a, uint256 v) internal {
        LeverageVault vlt = _vaults[v];
        uint8 status = uint8(vlt.rebalanceStatus());
        uint256 aim = _aimsAtTarget(vlt, status);
        uint256 eqBefore = vlt.equity();
        uint256[2] memory navBefore = _navs();
        uint256 balBefore = usdc.balanceOf(a);
        vm.prank(a);
        try vlt.ripcord() {
            if (status != uint8(ILeverageVault.Status.RIPCORD)) _fail(5, "ripcord succeeded without RIPCORD status");
            ++ripcords;
            _checkAtTarget(vlt, aim);
            _settleCollateral(a, balBefore, true);
            _dustAfter(navBefore);
        } catch (bytes memory err) {
            if (status == uint8(ILeverageVault.Status.RIPCORD)) {
                _livenessFailure(eqBefore, "INV-5 ripcord reverted while RIPCORD");
            } else if (
                bytes4(err) != ILeverageVault.RipcordNotNeeded.selector &&
                bytes4(err) != ILeverageVault.OracleStale.selector
            ) {
                _fail(0, "ripcord: unexpected revert");
            }
        }
    }

    /// @dev 1 when a successful trade now must end at target (RIPCORD, out-of-band REBALANCE, full-speed
    /// re-centering, or an iteration heading for target); 0 otherwise.
    function _aimsAtTarget(LeverageVault vlt, uint8 status) internal view returns (uint256) {
        if (status == uint8(ILeverageVault.Status.NONE) || status == uint8(ILeverageVault.Status.ITERATE)) return 0;
        if (status == uint8(ILeverageVault.Status.RIPCORD)) return 1;
        ILeverageVault.VaultParams memory p = vlt.params();
        uint256 lev = vlt.leverage();
        return (lev < p.minLeverage || lev > p.maxLeverage || p.recenteringSpeed == 1e18) ? 1 : 0;
    }

    /// @dev INV-4: after a complete (not chunked) rebalance aimed at target, leverage is within 1e-6 of it.
    function _checkAtTarget(LeverageVault vlt, uint256 aim) internal {
        if (aim == 0 || vlt.iterating()) return;
        ++completeRebalances;
        if (vlt.equity() < MIN_EQUITY_FOR_TARGET) return;
        uint256 lev = vlt.leverage();
        uint256 target = vlt.targetLeverage();
        uint256 diff = lev > target ? lev - target : target - lev;
        if (diff <= 1e12) return;
        // a thin pool: part of the vault's profit is a claim the pool cannot pay yet, which the trade's own settlement
        // moves between value and claim, so the rebalance sized on the value before it lands off target
        if (market.claimOf(address(vlt)) != 0) ++offTargetWhileOwedAClaim;
        else _fail(4, "INV-4 leverage off target after a complete rebalance");
    }

    function _expectMintRevert(LeverageVault vlt, bytes memory err, uint256 preview) internal {
        bytes4 sel = bytes4(err);
        // a mint that would yield no tokens (e.g. into a ~3,000x vault, where the pro-rata trade's taker fee
        // eats the deposit) reverts MintTooSmall(collateralIn) instead of minting zero
        if (sel == ILeverageVault.MintTooSmall.selector && preview == 0) return;
        if (sel == ILeverageVault.MintingPaused.selector && vlt.mintPaused()) return;
        if (sel == ILeverageVault.OracleStale.selector) return;
        if (sel == ILeverageVault.VaultWipedOut.selector && vlt.equity() == 0) return;
        if (sel == ILeverageVault.CollateralCapExceeded.selector || sel == ILeverageVault.MintAboveCap.selector) return;
        // finding A: an instant mint is refused above the band
        if (sel == ILeverageVault.MintAboveBand.selector && vlt.leverage() > vlt.params().maxLeverage) return;
        if (sel == IPerpMarket.InsufficientMargin.selector) {
            // a mint into a vault whose leverage is already above the market's 20x initial-margin limit
            if (vlt.leverage() >= 20e18) return;
        }
        _fail(0, "mint: unexpected revert");
    }

    /// @dev Mirrors FeeMath.managementFeeTokens at the rate in force before the action.
    function _accrueGhost(uint256 v, uint256 rate) internal {
        uint256 elapsed = block.timestamp - ghostLastAccrual[v];
        if (elapsed == 0) return;
        ghostLastAccrual[v] = block.timestamp;
        uint256 supply = ghostSupply[v];
        if (supply == 0 || rate == 0) return;
        ghostSupply[v] += _divUp(supply * rate * elapsed, WAD * YEAR);
    }

    /// @dev The change in `a`'s collateral balance since `before` goes to ghostIn/ghostOut; a gain from a
    /// keeper or liquidator reward also counts as earned.
    function _settleCollateral(address a, uint256 before, bool isReward) internal {
        uint256 nowBal = usdc.balanceOf(a);
        if (nowBal > before) {
            ghostOut[a] += nowBal - before;
            if (isReward) ghostRewards[a] += nowBal - before;
        } else {
            ghostIn[a] += before - nowBal;
        }
    }

    function _navs() internal view returns (uint256[2] memory n) {
        n[0] = _vaults[0].nav();
        n[1] = _vaults[1].nav();
    }

    /// @dev Credits every actor with the value its tokens gained during a market move.
    function _marketGain(uint256[2] memory before) internal {
        for (uint256 v; v < 2; ++v) {
            uint256 after_ = _vaults[v].nav();
            if (after_ <= before[v]) continue;
            for (uint256 i; i < 3; ++i) {
                uint256 bal = _exposureOf(v, _actors[i]);
                if (bal != 0) ghostMarketGain[_actors[i]] += _divUp(bal * (after_ - before[v]), WAD) + 1;
            }
        }
    }

    /// @dev Credits NAV rises during other actions (rounding in the vault's favour, a pool refilled by
    /// a liquidation) as dust, plus DUST units per action.
    function _dustAfter(uint256[2] memory before) internal {
        for (uint256 v; v < 2; ++v) {
            uint256 after_ = _vaults[v].nav();
            uint256 rise = after_ > before[v] ? after_ - before[v] : 0;
            for (uint256 i; i < 3; ++i) {
                address a = _actors[i];
                uint256 bal = _exposureOf(v, a);
                if (rise != 0 && bal != 0) ghostDust[a] += _divUp(bal * rise, WAD);
                ghostDust[a] += DUST;
            }
        }
    }

    function _countWipeouts() internal {
        for (uint256 v; v < 2; ++v) {
            if (_vaults[v].equity() == 0 && _tokenOf(v).totalSupply() != 0) ++wipedOutObservations;
        }
    }

    function _livenessFailure(uint256 equityBefore, string memory why) internal {
        if (equityBefore < MIN_EQUITY_FOR_LIVENESS) ++dustLivenessFailures;
        else _fail(5, why);
    }

    function _fail(uint256 inv, string memory why) internal {
        if (inv == 4) ++inv4Failures;
        else if (inv == 5) ++inv5Failures;
        else if (inv == 6) ++inv6Failures;
        else if (inv == 7) ++inv7Failures;
        else ++otherFailures;
        lastFailure = why;
    }

    function _pick(uint256 actorSeed, uint256 vaultSeed) internal view returns (address, uint256) {
        return (_actors[actorSeed % 3], vaultSeed % 2);
    }

    /// @dev The tokens whose exposure `a` holds in vault `v`: its balance, plus those it escrowed for redeem
    /// requests (LeverRequestHandler), which stay in the supply, and at its risk, until they settle.
    function _exposureOf(uint256 v, address a) internal view returns (uint256) {
        return _tokenOf(v).balanceOf(a) + _escrowedTokensOf(v, a);
    }

    function _escrowedTokensOf(uint256, address) internal view virtual returns (uint256) {
        return 0;
    }

    function _tokenOf(uint256 v) internal view returns (LeveragedToken) {
        return LeveragedToken(_vaults[v].token());
    }

    function _bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        return lo + (x % (hi - lo + 1));
    }

    function _divUp(uint256 a, uint256 b) internal pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }

    function _digit(uint256 i) internal pure returns (string memory) {
        return string(abi.encodePacked(bytes1(uint8(48 + i))));
    }
}
