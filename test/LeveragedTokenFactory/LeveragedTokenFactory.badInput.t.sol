// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICommonErrors} from "../../contracts/interfaces/ICommonErrors.sol";
import {LeveragedTokenFactory} from "../../contracts/LeveragedTokenFactory.sol";
import {ILeveragedTokenFactory} from "../../contracts/interfaces/ILeveragedTokenFactory.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {VaultDeployer} from "../../contracts/deployers/VaultDeployer.sol";
import {BadInputBase} from "../helpers/BadInputBase.sol";

/// @notice LeveragedTokenFactory: owner-only creation, duplicate symbols, parameters outside the caps,
/// zero addresses, two-step ownership.
contract FactoryBadInputTest is BadInputBase {
    VaultDeployer internal vaultDeployer;

    function setUp() public {
        _setUpVaults(false);
        vaultDeployer = new VaultDeployer();
        factory = new LeveragedTokenFactory(
            address(this),
            address(this),
            address(this),
            FEE_RECIPIENT,
            address(vaultDeployer),
            address(tokenDeployer)
        );
    }

    function _params(string memory symbol) internal view returns (ILeveragedTokenFactory.CreateParams memory) {
        return
            ILeveragedTokenFactory.CreateParams({
                name: symbol,
                symbol: symbol,
                market: address(market),
                isLong: true,
                targetLeverage: 3e18,
                params: _defaultParams(3e18),
                sequencerUptimeFeed: address(0)
            });
    }

    function test_factory_createRevertsForNonOwner() public {
        ILeveragedTokenFactory.CreateParams memory p = _params("BTC3L");
        vm.prank(STRANGER);
        vm.expectRevert(_notOwner(STRANGER));
        factory.createLeveragedToken(p);
    }

    function test_factory_createRevertsOnDuplicateSymbol() public {
        factory.createLeveragedToken(_params("BTC3L"));
        vm.expectRevert(abi.encodeWithSelector(ILeveragedTokenFactory.DuplicateSymbol.selector, "BTC3L"));
        factory.createLeveragedToken(_params("BTC3L"));
    }

    function test_factory_createRevertsOnBadInputs() public {
        ILeveragedTokenFactory.CreateParams memory p = _params("X");
        p.market = address(0);
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        factory.createLeveragedToken(p);
        p = _params("X");
        p.targetLeverage = 0;
        vm.expectRevert(abi.encodeWithSelector(ILeverageVault.InvalidParam.selector, bytes32("targetLeverage"), 0));
        factory.createLeveragedToken(p);
        p = _params("X");
        p.params.mintFeeBps = type(uint16).max;
        vm.expectRevert(
            abi.encodeWithSelector(ILeverageVault.InvalidParam.selector, bytes32("mintFeeBps"), type(uint16).max)
        );
        factory.createLeveragedToken(p);
        assertTrue(factory.vaultCount() == 0, "nothing was created");
    }

    function test_factory_setGovernanceRevertsForNonOwnerOrZeroAddress() public {
        vm.prank(STRANGER);
        vm.expectRevert(_notOwner(STRANGER));
        factory.setGovernance(STRANGER, STRANGER, STRANGER);
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        factory.setGovernance(address(0), address(this), FEE_RECIPIENT);
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        factory.setGovernance(address(this), address(this), address(0));
    }

    function test_factory_ownershipIsTwoStep() public {
        factory.transferOwnership(STRANGER);
        vm.prank(address(0xBEEF));
        vm.expectRevert(_notOwner(address(0xBEEF)));
        factory.acceptOwnership();
        assertTrue(factory.owner() == address(this), "owner unchanged until accepted");
    }

    function test_factory_constructorRevertsOnZeroAddresses() public {
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        new LeveragedTokenFactory(
            address(this),
            address(this),
            address(this),
            FEE_RECIPIENT,
            address(0),
            address(tokenDeployer)
        );
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        new LeveragedTokenFactory(
            address(this),
            address(this),
            address(this),
            FEE_RECIPIENT,
            address(vaultDeployer),
            address(0)
        );
        vm.expectRevert(ICommonErrors.ZeroAddress.selector);
        new LeveragedTokenFactory(
            address(this),
            address(0),
            address(this),
            FEE_RECIPIENT,
            address(vaultDeployer),
            address(tokenDeployer)
        );
        vm.expectRevert(abi.encodeWithSignature("OwnableInvalidOwner(address)", address(0)));
        new LeveragedTokenFactory(
            address(0),
            address(this),
            address(this),
            FEE_RECIPIENT,
            address(vaultDeployer),
            address(tokenDeployer)
        );
    }

    function test_factory_vaultsPagePastTheEndIsEmpty() public {
        factory.createLeveragedToken(_params("BTC3L"));
        assertTrue(factory.vaultsPage(5, 10).length == 0, "empty page past the end");
        assertTrue(factory.vaultsPage(0, type(uint256).max).length == 1, "max limit clipped to the list");
    }
}
