// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {console} from "hardhat/console.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {LeveragedToken} from "../../contracts/LeveragedToken.sol";
import {Vm} from "../helpers/Vm.sol";
import {AdversarialBase} from "./AdversarialBase.sol";

/// @notice The request attacks' market (BTC-USD at 60,000, 100M USDC pool, 5 bps taker fee) with four vaults,
/// BTC3L, BTC3S, BTC2L and BTC2S, each seeded by a 1M USDC holder, at the deployed default fees
/// (deploy/config/defaults.ts): instant mint and redeem 68 bps for 3x and 45 bps for 2x, request fees 10 bps each
/// side, a 0.1 USDC settle reward. Helpers to request, settle (recording what each settlement did), publish a
/// round and value a stake; docs/protocol.md §5b has the rules under attack.
abstract contract RequestAttackBase is AdversarialBase {
    address internal constant ATTACKER = address(0xA77AC);
    /// @notice What the attacker stakes, per attempt.
    uint256 internal constant STAKE = 100_000 * USDC;

    bytes32 internal constant REQUEST_SETTLED = keccak256("RequestSettled(uint256,uint256,uint256)");
    bytes32 internal constant REQUEST_REFUNDED = keccak256("RequestRefunded(uint256,uint8)");
    bytes32 internal constant BATCH_SETTLED = keccak256("BatchSettled(uint80,uint256,uint256,int256,uint256)");

    LeverageVault[4] internal vaults;

    function _setUpRequestVaults() internal {
        _deployMarket(address(this), 100_000_000 * USDC);
        vaults[0] = _deployDefault("BTC3L", true, 3e18);
        vaults[1] = _deployDefault("BTC3S", false, 3e18);
        vaults[2] = _deployDefault("BTC2L", true, 2e18);
        vaults[3] = _deployDefault("BTC2S", false, 2e18);
        for (uint256 i; i < 4; ++i) {
            _mint(vaults[i], SEEDER, 1_000_000 * USDC);
        }
        vm.recordLogs();
    }

    /// @dev The fixture's parameters with the deployed instant fees: 68 bps (3x) or 45 bps (2x) each way.
    function _deployDefault(string memory symbol, bool isLong, uint256 target) internal returns (LeverageVault) {
        ILeverageVault.VaultParams memory p = _defaultParams(target);
        p.collateralCap = uint128(1_000_000_000 * USDC);
        uint16 instantBps = target == 3e18 ? 68 : 45;
        p.mintFeeBps = instantBps;
        p.redeemFeeBps = instantBps;
        return _deployVault(symbol, isLong, target, p, address(this), FEE_RECIPIENT);
    }

    /// @notice The seeder hands `tokens` of `v` to `to`.
    function _give(LeverageVault v, address to, uint256 tokens) internal {
        LeveragedToken tok = _token(v);
        vm.prank(SEEDER);
        tok.transfer(to, tokens);
    }

    function _name(LeverageVault v) internal view returns (string memory) {
        return _token(v).symbol();
    }

    // ---- requests ------------------------------------------------------------------------------

    /// @notice `user` escrows `amount` fresh USDC for a mint to itself; returns the request id.
    function _requestMint(LeverageVault v, address user, uint256 amount) internal returns (uint256 id) {
        usdc.mint(user, amount);
        vm.startPrank(user);
        usdc.approve(address(v), amount);
        id = v.requestMint(amount, 0, user);
        vm.stopPrank();
    }

    /// @notice `user` escrows `tokensIn` of its tokens for a redeem to itself; returns the request id.
    function _requestRedeem(LeverageVault v, address user, uint256 tokensIn) internal returns (uint256 id) {
        vm.prank(user);
        id = v.requestRedeem(tokensIn, 0, user);
    }

    /// @notice What one `settle` did, read from its events.
    struct Settlement {
        uint256 settled;
        uint256 refunded;
        uint256 batches;
        uint256[] settledIds; // the first `settled` entries
    }

    /// @notice `settler` settles everything it can; checks that every batch was priced at its own round, the
    /// latest one (BatchSettled's round is the feed's latest and its price that round's answer), and that every
    /// request it settled was issued for that round. Returns what it did; reverts are the caller's to expect.
    function _settle(LeverageVault v, address settler) internal returns (Settlement memory out) {
        vm.getRecordedLogs();
        uint80 latest = feed.latestRound();
        (, int256 answer, , , ) = feed.latestRoundData();
        (uint256 next, uint256 end) = v.requestQueue();
        uint80[] memory rounds = new uint80[](end - next);
        for (uint256 id = next; id < end; ++id) {
            rounds[id - next] = v.getRequest(id).roundId; // read now: a finished request's slots are cleared
        }
        vm.prank(settler);
        v.settle(100);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        out.settledIds = new uint256[](logs.length);
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(v)) continue;
            bytes32 sig = logs[i].topics[0];
            if (sig == BATCH_SETTLED) {
                ++out.batches;
                assertEq(uint256(logs[i].topics[1]), latest, "a batch settles at the latest round");
                (uint256 price, , , ) = abi.decode(logs[i].data, (uint256, uint256, int256, uint256));
                assertEq(price, uint256(answer) * 1e10, "a batch settles at its round's price");
            } else if (sig == REQUEST_SETTLED) {
                uint256 id = uint256(logs[i].topics[1]);
                out.settledIds[out.settled++] = id;
                assertEq(rounds[id - next], latest, "a request settles only at its own round");
            } else if (sig == REQUEST_REFUNDED) {
                ++out.refunded;
            }
        }
    }

    /// @notice `settle` by `settler`, or nothing when there is nothing to settle (NothingToSettle).
    function _trySettle(LeverageVault v, address settler) internal returns (Settlement memory out) {
        if (v.settleableRequests() == 0) return out;
        return _settle(v, settler);
    }

    // ---- prices and values ---------------------------------------------------------------------

    /// @notice Publishes a new round `bps` away from the last (positive: up), 60 s after the last action.
    function _publish(int256 bps) internal {
        vm.warp(block.timestamp + 60);
        _move(bps);
    }

    /// @notice A move of `bps` in the token's favour (up for a long, down for a short), or against it.
    function _favour(LeverageVault v, int256 bps) internal view returns (int256) {
        return v.isLong() ? bps : -bps;
    }

    /// @notice `tokens` valued at the vault's NAV now (rounded down), as a signed amount.
    function _value(LeverageVault v, uint256 tokens) internal view returns (int256) {
        return int256((tokens * v.nav()) / WAD);
    }

    /// @notice "-1,234.56"-style rendering of a signed USDC amount, for the printed tables.
    function _usd(int256 amount) internal pure returns (string memory) {
        uint256 a = _abs(amount);
        uint256 cents = (a % USDC) / 10_000;
        return
            string.concat(
                amount < 0 ? "-" : "+",
                vm.toString(a / USDC),
                ".",
                cents < 10 ? "0" : "",
                vm.toString(cents)
            );
    }

    function _pct(uint256 bps) internal pure returns (string memory) {
        return string.concat(vm.toString(bps / 100), ".", bps % 100 < 10 ? "0" : "", vm.toString(bps % 100), "%");
    }

    function _log(string memory line) internal pure {
        console.log(line);
    }
}
