// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ReentrantCollateral, ITransferHook} from "../helpers/mocks/ReentrantCollateral.sol";
import {MockPriceFeed} from "../../contracts/testnet/MockPriceFeed.sol";
import {MockPerpMarket} from "../../contracts/testnet/MockPerpMarket.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {LeveragedToken} from "../../contracts/LeveragedToken.sol";
import {TokenDeployer} from "../../contracts/deployers/TokenDeployer.sol";
import {IPerpMarket} from "../../contracts/interfaces/IPerpMarket.sol";
import {LeverFixture} from "../helpers/LeverFixture.sol";

/// @notice Holder that re-enters the vault or the market from the collateral's transfer hook.
contract HookAttacker is ITransferHook {
    enum Mode {
        OFF,
        REENTER_VAULT, // mint / redeem / rebalance / ripcord / claimFees from inside the transfer
        REENTER_MARKET, // withdraw / modifyPosition / deposit from inside the transfer
        STEAL_DEPOSIT // credit the in-flight mint deposit to our own margin account
    }

    ReentrantCollateral internal immutable _token;
    LeverageVault internal immutable _vault;
    MockPerpMarket internal immutable _market;
    Mode public mode;
    uint256 public innerCalls;
    uint256 public innerSuccesses;
    bytes[] internal _errors;

    constructor(ReentrantCollateral token_, LeverageVault vault_, MockPerpMarket market_) {
        _token = token_;
        _vault = vault_;
        _market = market_;
        token_.approve(address(vault_), type(uint256).max);
        token_.approve(address(market_), type(uint256).max);
        token_.setHooked(true);
    }

    function arm(Mode m) external {
        mode = m;
    }

    function errorAt(uint256 i) external view returns (bytes memory) {
        return _errors[i];
    }

    function mint(uint256 amount) external returns (uint256) {
        return _vault.mint(amount, 0, address(this));
    }

    function redeem(uint256 tokens) external returns (uint256) {
        return _vault.redeem(tokens, 0, address(this));
    }

    function onTokenTransfer(address, address, uint256 amount) external {
        Mode m = mode;
        mode = Mode.OFF; // once per arm
        if (m == Mode.REENTER_VAULT) {
            _try(address(_vault), abi.encodeCall(LeverageVault.mint, (1e6, 0, address(this))));
            _try(address(_vault), abi.encodeCall(LeverageVault.redeem, (1, 0, address(this))));
            _try(address(_vault), abi.encodeCall(LeverageVault.rebalance, ()));
            _try(address(_vault), abi.encodeCall(LeverageVault.ripcord, ()));
            _try(address(_vault), abi.encodeCall(LeverageVault.claimFees, ()));
        } else if (m == Mode.REENTER_MARKET) {
            _try(address(_market), abi.encodeCall(IPerpMarket.withdraw, (1, address(this))));
            _try(address(_market), abi.encodeCall(IPerpMarket.modifyPosition, (0, -1, address(this))));
            _try(address(_market), abi.encodeCall(IPerpMarket.deposit, (1)));
        } else if (m == Mode.STEAL_DEPOSIT) {
            _market.modifyPosition(0, int256(amount), address(0));
        }
    }

    function _try(address target, bytes memory data) internal {
        ++innerCalls;
        (bool ok, bytes memory err) = target.call(data);
        if (ok) ++innerSuccesses;
        else _errors.push(err);
    }
}

/// @notice Reentrancy through a collateral token with transfer hooks fails everywhere.
contract ReentrancyTest is LeverFixture {
    ReentrantCollateral internal rc;
    LeverageVault internal vault;
    HookAttacker internal attacker;
    bytes4 internal constant REENTERED = bytes4(keccak256("ReentrancyGuardReentrantCall()"));

    function setUp() public {
        rc = new ReentrantCollateral();
        feed = new MockPriceFeed(address(this), "BTC / USD", BTC_PRICE);
        market = new MockPerpMarket(address(this), "BTC-USD", address(rc), address(feed), 5, 500, 250, 100);
        tokenDeployer = new TokenDeployer();
        rc.mint(address(this), 10_100_000 * USDC);
        rc.approve(address(market), type(uint256).max);
        market.supplyLiquidity(10_000_000 * USDC);
        vault = _deployVault("BTC3L", true, 3e18, _defaultParams(3e18), address(this), address(0xFEE));
        rc.approve(address(vault), type(uint256).max);
        vault.mint(100_000 * USDC, 0, address(this)); // an honest holder
        attacker = new HookAttacker(rc, vault, market);
        rc.mint(address(attacker), 10_000 * USDC);
    }

    function _assertAllReentered(uint256 expectedCalls) internal view {
        assertTrue(attacker.innerCalls() == expectedCalls, "every re-entry was attempted");
        assertTrue(attacker.innerSuccesses() == 0, "no re-entry succeeded");
        for (uint256 i; i < expectedCalls; ++i) {
            assertTrue(
                keccak256(attacker.errorAt(i)) == keccak256(abi.encodeWithSelector(REENTERED)),
                "re-entry fails with ReentrancyGuardReentrantCall"
            );
        }
    }

    function test_mint_reenteringTheVaultFromTheCollateralPullFails() public {
        attacker.arm(HookAttacker.Mode.REENTER_VAULT);
        uint256 tokens = attacker.mint(1_000 * USDC);
        _assertAllReentered(5);
        assertTrue(
            tokens != 0 && LeveragedToken(vault.token()).balanceOf(address(attacker)) == tokens,
            "outer mint completed"
        );
    }

    function test_redeem_reenteringTheVaultFromThePayoutFails() public {
        uint256 tokens = attacker.mint(1_000 * USDC);
        attacker.arm(HookAttacker.Mode.REENTER_VAULT);
        uint256 out = attacker.redeem(tokens);
        _assertAllReentered(5);
        assertTrue(out != 0 && rc.balanceOf(address(attacker)) == 9_000 * USDC + out, "outer redeem paid exactly once");
    }

    function test_redeem_reenteringTheMarketFromThePayoutFails() public {
        uint256 tokens = attacker.mint(1_000 * USDC);
        attacker.arm(HookAttacker.Mode.REENTER_MARKET);
        attacker.redeem(tokens);
        _assertAllReentered(3);
    }

    /// The hook runs after the collateral reached the market but before the vault credits it: crediting it
    /// to the attacker's own account makes the vault's credit fail, so the whole mint reverts.
    function test_mint_stealingTheInFlightDepositRevertsTheMint() public {
        uint256 supplyBefore = LeveragedToken(vault.token()).totalSupply();
        uint256 equityBefore = vault.equity();
        attacker.arm(HookAttacker.Mode.STEAL_DEPOSIT);
        vm.expectRevert(abi.encodeWithSelector(IPerpMarket.DepositNotReceived.selector, 1_000 * USDC, 0));
        attacker.mint(1_000 * USDC);
        assertTrue(LeveragedToken(vault.token()).totalSupply() == supplyBefore, "no tokens minted");
        assertTrue(vault.equity() == equityBefore, "equity unchanged");
        assertTrue(market.accounts(address(attacker)).margin == 0, "attacker credited nothing");
        assertTrue(rc.balanceOf(address(attacker)) == 10_000 * USDC, "attacker kept its collateral");
    }
}
