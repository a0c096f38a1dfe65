// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {ILeverageVault} from "./interfaces/ILeverageVault.sol";
import {ILeveragedTokenFactory} from "./interfaces/ILeveragedTokenFactory.sol";
import {IPerpMarket} from "./interfaces/IPerpMarket.sol";

/// @title VaultLens
/// @notice Read-only: the state of many vaults in one call, for keepers and front ends.
/// @dev Never reverts for one bad vault: a vault whose views revert (an invalid oracle answer: the
/// vault's equity cannot be known) comes back with `ok = false` and zeroed leverage, equity and NAV.
contract VaultLens {
    /// @notice Most request ids `requestCounts` reads one by one.
    uint256 public constant MAX_SCAN = 256;

    struct VaultState {
        address vault;
        address token;
        address market;
        string symbol;
        bool isLong;
        bool ok; // false if the vault's views reverted
        bool mintPaused;
        bool iterating;
        ILeverageVault.Status status; // rebalanceStatus()
        uint256 targetLeverage;
        uint256 leverage;
        uint256 minLeverage;
        uint256 maxLeverage;
        uint256 ripcordLeverage;
        uint256 equity;
        uint256 nav;
        uint256 totalSupply;
        int256 positionSize;
        uint256 price; // mark price, WAD (0 if invalid)
        uint256 priceUpdatedAt;
        uint256 lastRebalanceTime;
        uint256 pendingRequests; // ids in the request queue not yet finished
        uint256 settleableRequests; // how many `settle` would finish now (0: nothing to settle)
    }

    /// @notice State of each vault in `vaults`.
    function getVaults(address[] calldata vaults) public view returns (VaultState[] memory states) {
        states = new VaultState[](vaults.length);
        for (uint256 i; i < vaults.length; ++i) {
            states[i] = getVault(vaults[i]);
        }
    }

    /// @notice State of the factory's vaults [offset, offset + limit).
    function getFactoryVaults(
        ILeveragedTokenFactory factory,
        uint256 offset,
        uint256 limit
    ) external view returns (VaultState[] memory states, uint256 total) {
        total = factory.vaultCount();
        address[] memory page = factory.vaultsPage(offset, limit);
        states = new VaultState[](page.length);
        for (uint256 i; i < page.length; ++i) {
            states[i] = getVault(page[i]);
        }
    }

    /// @notice State of one vault.
    function getVault(address vaultAddress) public view returns (VaultState memory s) {
        ILeverageVault v = ILeverageVault(vaultAddress);
        s.vault = vaultAddress;
        s.token = v.token();
        s.market = v.market();
        s.symbol = IERC20Metadata(s.token).symbol();
        s.isLong = v.isLong();
        s.targetLeverage = v.targetLeverage();
        s.mintPaused = v.mintPaused();
        s.iterating = v.iterating();
        s.lastRebalanceTime = v.lastRebalanceTime();
        s.totalSupply = IERC20Metadata(s.token).totalSupply();
        ILeverageVault.VaultParams memory p = v.params();
        s.minLeverage = p.minLeverage;
        s.maxLeverage = p.maxLeverage;
        s.ripcordLeverage = p.ripcordLeverage;
        IPerpMarket.AccountSnapshot memory a;
        try IPerpMarket(s.market).accountSnapshot(vaultAddress) returns (IPerpMarket.AccountSnapshot memory snap) {
            a = snap;
        } catch {
            return s; // a feed that reverts: ok = false, figures zeroed
        }
        s.positionSize = a.size;
        s.price = a.price;
        s.priceUpdatedAt = a.priceUpdatedAt;
        try v.vaultState() returns (uint256 equity, uint256 nav, uint256 lev, ILeverageVault.Status status) {
            (s.equity, s.nav, s.leverage, s.status, s.ok) = (equity, nav, lev, status, true);
        } catch {}
        (s.pendingRequests, s.settleableRequests) = requestCounts(v);
    }

    /// @notice Requests of `v` still pending (at most MAX_SCAN are looked at; more count as pending), and how many
    /// `settle` would finish now. Zeros for a vault whose request views revert.
    function requestCounts(ILeverageVault v) public view returns (uint256 pending, uint256 settleable) {
        try v.settleableRequests() returns (uint256 n) {
            settleable = n;
        } catch {}
        try v.requestQueue() returns (uint256 next, uint256 end) {
            uint256 scanEnd = end - next > MAX_SCAN ? next + MAX_SCAN : end;
            pending = end - scanEnd;
            for (uint256 id = next; id < scanEnd; ++id) {
                if (_isPending(v, id)) ++pending;
            }
        } catch {}
    }

    function _isPending(ILeverageVault v, uint256 id) private view returns (bool) {
        try v.getRequest(id) returns (ILeverageVault.Request memory r) {
            return r.state == ILeverageVault.RequestState.PENDING;
        } catch {
            return false;
        }
    }
}
