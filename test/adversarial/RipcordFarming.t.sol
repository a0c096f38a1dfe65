// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {console} from "hardhat/console.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {LeverFixture} from "../helpers/LeverFixture.sol";

/// @notice Finding B (issue 11, docs/security.md): the ripcord reward was capped at exactly the amount that leaves
/// leverage unchanged and paid on every chunk, with no floor on the trade size. With trade sizes of 5,000 and a 1,000
/// reward, 150 back-to-back ripcords on a 1M BTC3L at 5.08x paid the caller 147,215.36 and left it at 5.08x, still
/// RIPCORD. Now (1) the caps refuse a `ripcordMaxTradeSize` below 100 x the reward cap (100,000), and (2) a call is
/// paid in proportion to the leverage it removes, `reward` x dL / (L - target), at most half of what its cut frees:
/// every call lowers leverage, and one episode pays at most `ripcordReward`.
/// @dev Uses only the vault's external API, so it compiles against the code before the fix (and fails there).
contract RipcordFarmingTest is LeverFixture {
    address internal constant HOLDER = address(0x401D);
    address internal constant FARMER = address(0xFA4E);
    uint256 internal constant REWARD = 1_000 * USDC;

    /// @dev A 3x long holding `deposit`, trade sizes `tradeSize`, reward 1,000, moved to 5.08x (RIPCORD).
    function _vaultAt508(uint256 deposit, uint256 tradeSize) internal returns (LeverageVault v) {
        _deployMarket(address(this), 1_000_000_000 * USDC);
        ILeverageVault.VaultParams memory p = _defaultParams(3e18);
        p.collateralCap = uint128(100_000_000 * USDC);
        v = _deployVault("BTC3L", true, 3e18, p, address(this), FEE_RECIPIENT);
        _mint(v, HOLDER, deposit);
        p.maxTradeSize = uint128(tradeSize);
        p.ripcordMaxTradeSize = uint128(tradeSize);
        p.ripcordReward = uint128(REWARD);
        v.setParams(p);
        // L = 3 (1 + x) / (1 + 3x) = 5.08 at x = -2.08 / 12.24
        feed.setPrice((feed.latestAnswer() * (1e18 - int256(2.08e18 * 1e18) / 12.24e18)) / 1e18);
        assertEq(uint256(v.rebalanceStatus()), uint256(ILeverageVault.Status.RIPCORD), "RIPCORD");
    }

    function test_caps_refuseTheIssuesTradeSizes() public {
        _deployMarket(address(this), 0);
        ILeverageVault.VaultParams memory p = _defaultParams(3e18);
        LeverageVault v = _deployVault("BTC3L", true, 3e18, p, address(this), FEE_RECIPIENT);
        uint256[3] memory sizes = [uint256(1), 5_000 * USDC, 100_000 * USDC - 1];
        for (uint256 i; i < sizes.length; ++i) {
            p.maxTradeSize = uint128(sizes[i]);
            p.ripcordMaxTradeSize = uint128(sizes[i]);
            vm.expectRevert(
                abi.encodeWithSelector(ILeverageVault.InvalidParam.selector, bytes32("ripcordMaxTradeSize"), sizes[i])
            );
            v.setParams(p);
        }
        p.maxTradeSize = uint128(5_000 * USDC); // the rebalance's own chunk may stay small
        p.ripcordMaxTradeSize = uint128(100_000 * USDC);
        v.setParams(p);
        assertEq(v.params().ripcordMaxTradeSize, 100_000 * USDC, "100,000 (100 x the reward cap) is allowed");
    }

    /// 150 back-to-back ripcords at the smallest trade size the caps allow, on a vault large enough that each is a
    /// small step (50M at 5.08x, 100,000 per call): every paid call lowers leverage, and together they take no
    /// more than one episode's reward.
    function test_ripcord_backToBack_takeAtMostOneEpisodesRewardAndAlwaysProgress() public {
        LeverageVault v = _vaultAt508(50_000_000 * USDC, 100_000 * USDC);
        uint256 equityBefore = v.equity();
        uint256 levStart = v.leverage();
        uint256 paid;
        uint256 calls;
        for (; calls < 150; ++calls) {
            if (v.rebalanceStatus() != ILeverageVault.Status.RIPCORD) break;
            uint256 lev = v.leverage();
            vm.prank(FARMER);
            paid += v.ripcord();
            assertTrue(v.leverage() < lev, "every ripcord lowers leverage");
        }
        console.log("ripcord calls until the status left RIPCORD", calls);
        console.log("reward paid in total (1e-6 USDC)", paid);
        console.log("leverage before / after (1e-4)", levStart / 1e14, v.leverage() / 1e14);
        console.log("equity before / after (USDC)", equityBefore / USDC, v.equity() / USDC);
        assertLe(paid, REWARD, "one episode pays at most ripcordReward");
        assertTrue(v.rebalanceStatus() != ILeverageVault.Status.RIPCORD, "the episode ended: below ripcordLeverage");
        assertEq(usdc.balanceOf(FARMER), paid, "what was paid went to the caller");
    }

    /// A ripcord that goes all the way to target in one call still earns the whole reward.
    function test_ripcord_oneFullStep_earnsTheWholeReward() public {
        LeverageVault v = _vaultAt508(1_000_000 * USDC, 10_000_000 * USDC);
        vm.prank(FARMER);
        uint256 reward = v.ripcord();
        console.log("reward of a full ripcord from 5.08x (1e-6 USDC)", reward);
        assertEq(reward, REWARD, "the full step earns ripcordReward");
        assertApproxEqAbs(v.leverage(), 3e18, 0.01e18, "at target");
    }
}
