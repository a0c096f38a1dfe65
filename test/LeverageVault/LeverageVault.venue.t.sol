// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {IPerpMarket} from "../../contracts/interfaces/IPerpMarket.sol";
import {MockPerpMarket} from "../../contracts/testnet/MockPerpMarket.sol";
import {LeverFixture} from "../helpers/LeverFixture.sol";

/// @notice The venue's limits (IPerpMarket.venueLimits, docs/security.md F and I-1), checked by the vault at creation
/// and in setParams: maxStaleness covers the feed's heartbeat plus 10 % and stays within the market's maxPriceAge;
/// 1/ripcordLeverage is at least twice the maintenance margin.
contract VaultVenueLimitsTest is LeverFixture {
    uint256 internal constant HEARTBEAT = 3_600;
    uint256 internal constant MIN_STALENESS = 3_960; // heartbeat + 10 %

    function setUp() public {
        _deployMarket(address(this), 0);
    }

    function _venueLimit(bytes32 name, uint256 value, uint256 limit) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(ILeverageVault.VenueLimit.selector, name, value, limit);
    }

    function _params(
        uint256 maxStaleness,
        uint256 ripcord
    ) internal pure returns (ILeverageVault.VaultParams memory p) {
        p = _defaultParams(3e18);
        p.maxStaleness = uint32(maxStaleness);
        p.ripcordLeverage = uint80(ripcord);
    }

    function _deploy(ILeverageVault.VaultParams memory p) internal returns (LeverageVault) {
        return _deployVault("BTC3L", true, 3e18, p, address(this), FEE_RECIPIENT);
    }

    // ---- maxStaleness against the feed's heartbeat ------------------------------------------------------

    /// The issue's case: 60 s on a 3,600 s heartbeat closed redemption 61 s after each round. Now refused.
    function test_create_revertsWhenMaxStalenessIsBelowTheHeartbeatPlusMargin() public {
        market.setFeedHeartbeat(HEARTBEAT);
        vm.expectRevert(_venueLimit("maxStaleness", 60, MIN_STALENESS));
        _deploy(_params(60, 5e18));
        vm.expectRevert(_venueLimit("maxStaleness", HEARTBEAT, MIN_STALENESS));
        _deploy(_params(HEARTBEAT, 5e18));
        vm.expectRevert(_venueLimit("maxStaleness", MIN_STALENESS - 1, MIN_STALENESS));
        _deploy(_params(MIN_STALENESS - 1, 5e18));
        LeverageVault vault = _deploy(_params(MIN_STALENESS, 5e18));
        assertEq(vault.params().maxStaleness, MIN_STALENESS, "F-staleness-at-floor");
    }

    function test_setParams_revertsWhenMaxStalenessIsBelowTheHeartbeatPlusMargin() public {
        market.setFeedHeartbeat(HEARTBEAT);
        LeverageVault vault = _deploy(_params(4_500, 5e18));
        vm.expectRevert(_venueLimit("maxStaleness", 60, MIN_STALENESS));
        vault.setParams(_params(60, 5e18));
        assertEq(vault.params().maxStaleness, 4_500, "F-staleness-unchanged");
    }

    function test_create_acceptsAnyCapWhenTheHeartbeatIsNotStated() public {
        LeverageVault vault = _deploy(_params(60, 5e18)); // a market that states no heartbeat: the 1 min cap only
        assertEq(vault.params().maxStaleness, 60, "F-staleness-unstated-heartbeat");
    }

    // ---- maxStaleness against the market's maxPriceAge ---------------------------------------------------

    function test_create_revertsWhenMaxStalenessExceedsTheMarketsPriceAge() public {
        market.setMaxPriceAge(1 hours);
        vm.expectRevert(_venueLimit("maxStaleness", 4_500, 1 hours));
        _deploy(_params(4_500, 5e18));
        _deploy(_params(1 hours, 5e18));
    }

    function test_setParams_revertsWhenMaxStalenessExceedsTheMarketsPriceAge() public {
        LeverageVault vault = _deploy(_params(4_500, 5e18));
        market.setMaxPriceAge(1 hours);
        vm.expectRevert(_venueLimit("maxStaleness", 4_500, 1 hours));
        vault.setParams(_params(4_500, 5e18)); // the same parameters no longer fit the tightened market
    }

    // ---- ripcordLeverage against the maintenance margin (I-1) --------------------------------------------

    /// 4 % maintenance margin: liquidation from 25x, so the ripcord must fire by 12.5x.
    function test_create_revertsWhenTheRipcordIsNotComfortablyBelowLiquidation() public {
        market = new MockPerpMarket(address(this), "BTC-USD", address(usdc), address(feed), 5, 500, 400, 100);
        vm.expectRevert(_venueLimit("ripcordLeverage", 15e18, 12.5e18));
        _deploy(_params(4_500, 15e18));
        vm.expectRevert(_venueLimit("ripcordLeverage", 12.5e18 + 1, 12.5e18));
        _deploy(_params(4_500, 12.5e18 + 1));
        LeverageVault vault = _deploy(_params(4_500, 12.5e18));
        assertEq(vault.params().ripcordLeverage, 12.5e18, "I1-ripcord-at-limit");
    }

    function test_setParams_revertsWhenTheRipcordIsNotComfortablyBelowLiquidation() public {
        market = new MockPerpMarket(address(this), "BTC-USD", address(usdc), address(feed), 5, 1_000, 1_000, 100);
        LeverageVault vault = _deploy(_params(4_500, 5e18)); // 10 %: liquidation from 10x, ripcord by 5x
        vm.expectRevert(_venueLimit("ripcordLeverage", 5e18 + 1, 5e18));
        vault.setParams(_params(4_500, 5e18 + 1));
        assertEq(vault.params().ripcordLeverage, 5e18, "I1-ripcord-unchanged");
    }

    function test_venueLimits_reportsTheMarketsMarginHeartbeatAndPriceAge() public {
        market.setFeedHeartbeat(HEARTBEAT);
        market.setMaxPriceAge(2 hours);
        (uint256 mm, uint256 heartbeat, uint256 age) = _limits();
        assertEq(mm, 250, "I1-maintenance-margin");
        assertEq(heartbeat, HEARTBEAT, "F-heartbeat");
        assertEq(age, 2 hours, "F-price-age");
    }

    function test_setFeedHeartbeat_revertsForStrangersAndPastTheCap() public {
        vm.prank(address(0xBEEF));
        vm.expectRevert(abi.encodeWithSignature("OwnableUnauthorizedAccount(address)", address(0xBEEF)));
        market.setFeedHeartbeat(HEARTBEAT);
        vm.expectRevert(
            abi.encodeWithSignature(
                "ParameterOutOfRange(bytes32,uint256,uint256)",
                bytes32("feedHeartbeat"),
                2 days + 1,
                2 days
            )
        );
        market.setFeedHeartbeat(2 days + 1);
    }

    function _limits() internal view returns (uint256, uint256, uint256) {
        IPerpMarket.VenueLimits memory v = market.venueLimits();
        return (v.maintenanceMarginBps, v.feedHeartbeat, v.maxPriceAge);
    }
}
