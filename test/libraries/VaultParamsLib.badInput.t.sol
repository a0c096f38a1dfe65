// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {BadInputBase} from "../helpers/BadInputBase.sol";

/// @notice setParams outside each hard cap of VaultParamsLib reverts with InvalidParam(name, value).
/// Target 3x, defaults otherwise; one parameter broken per case.
contract VaultParamsBadInputTest is BadInputBase {
    ILeverageVault.VaultParams internal p;

    function setUp() public {
        _setUpVaults(false);
        p = longVault.params();
    }

    function _expectInvalid(bytes32 name, uint256 value) internal {
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.InvalidParam.selector, name, value));
        longVault.setParams(p);
        p = longVault.params();
    }

    function test_setParams_revertsOnLeverageBandOutsideCaps() public {
        p.minLeverage = 0;
        _expectInvalid("minLeverage", 0);
        p.minLeverage = 3.1e18; // above target
        _expectInvalid("minLeverage", 3.1e18);
        p.maxLeverage = 2.9e18; // below target
        _expectInvalid("maxLeverage", 2.9e18);
        p.ripcordLeverage = p.maxLeverage; // must be above the band
        _expectInvalid("ripcordLeverage", 3.5e18);
        p.ripcordLeverage = 15e18 + 1; // above the 15x cap
        _expectInvalid("ripcordLeverage", 15e18 + 1);
    }

    function test_setParams_revertsOnTimingOutsideCaps() public {
        p.rebalanceInterval = 1 hours - 1;
        _expectInvalid("rebalanceInterval", 1 hours - 1);
        p.rebalanceInterval = 30 days + 1;
        _expectInvalid("rebalanceInterval", 30 days + 1);
        p.twapCooldown = 1 days + 1;
        _expectInvalid("twapCooldown", 1 days + 1);
        p.maxStaleness = 59;
        _expectInvalid("maxStaleness", 59);
        p.maxStaleness = 2 days + 1;
        _expectInvalid("maxStaleness", 2 days + 1);
        p.recenteringSpeed = 0.05e18 - 1;
        _expectInvalid("recenteringSpeed", 0.05e18 - 1);
        p.recenteringSpeed = 1e18 + 1;
        _expectInvalid("recenteringSpeed", 1e18 + 1);
    }

    function test_setParams_revertsOnFeesOutsideCaps() public {
        p.managementFeeRate = 0.05e18 + 1;
        _expectInvalid("managementFeeRate", 0.05e18 + 1);
        p.mintFeeBps = 101;
        _expectInvalid("mintFeeBps", 101);
        p.redeemFeeBps = 101;
        _expectInvalid("redeemFeeBps", 101);
        p.managementFeeRate = type(uint64).max;
        _expectInvalid("managementFeeRate", type(uint64).max);
    }

    function test_setParams_revertsOnSizesOutsideCaps() public {
        p.maxTradeSize = 0;
        _expectInvalid("maxTradeSize", 0);
        p.ripcordMaxTradeSize = p.maxTradeSize - 1;
        _expectInvalid("ripcordMaxTradeSize", p.maxTradeSize - 1);
        // floor: 100 x the 1,000 USDC reward cap, whatever maxTradeSize is (finding B)
        p.maxTradeSize = 1;
        p.ripcordMaxTradeSize = uint128(100_000 * USDC - 1);
        _expectInvalid("ripcordMaxTradeSize", 100_000 * USDC - 1);
        p.ripcordReward = uint128(1_000 * USDC + 1); // 1,000 USDC cap
        _expectInvalid("ripcordReward", 1_000 * USDC + 1);
        p.ripcordReward = type(uint128).max;
        _expectInvalid("ripcordReward", type(uint128).max);
        p.collateralCap = 0;
        _expectInvalid("collateralCap", 0);
    }

    function test_setParams_acceptsTheEdgesOfEveryCap() public {
        p.minLeverage = 1;
        p.maxLeverage = 3e18;
        p.ripcordLeverage = 15e18;
        p.rebalanceInterval = 1 hours;
        p.twapCooldown = 1 days;
        p.maxStaleness = 2 days;
        p.recenteringSpeed = 0.05e18;
        p.managementFeeRate = 0.05e18;
        p.mintFeeBps = 100;
        p.redeemFeeBps = 100;
        p.maxTradeSize = 1;
        p.ripcordMaxTradeSize = uint128(100_000 * USDC);
        p.ripcordReward = uint128(1_000 * USDC);
        longVault.setParams(p);
        assertTrue(longVault.params().ripcordLeverage == 15e18, "edges accepted");
    }
}
