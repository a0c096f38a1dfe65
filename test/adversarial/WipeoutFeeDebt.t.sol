// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {console} from "hardhat/console.sol";
import {LeverageVault} from "../../contracts/LeverageVault.sol";
import {ILeverageVault} from "../../contracts/interfaces/ILeverageVault.sol";
import {LeverFixture} from "../helpers/LeverFixture.sol";

/// @notice Finding G (issue 11, docs/security.md): after a wipeout and every holder leaving, the old mint fees
/// (`feesOwed`, 6,800 on a 1M mint at 68 bps) stayed senior to holders while `nav()` showed a fresh 100.00, so the
/// next minter paid them: a 100,000 mint ended with equity 92,371.24 and `claimFees` then took 7,480 out of the new
/// deposit. Now a mint into an emptied, wiped-out vault writes off the fee debt beyond the account's value: the
/// minter gets the equity its NAV promised, `claimFees` takes only the new mint's fee.
/// @dev Uses only the vault's external API, so it compiles against the code before the fix (and fails there).
contract WipeoutFeeDebtTest is LeverFixture {
    address internal constant HOLDER = address(0x401D);
    address internal constant NEWCOMER = address(0x2EC0);
    uint256 internal constant FEE_BPS = 68; // a default 3x token
    uint256 internal constant C = 100_000 * USDC;

    LeverageVault internal v;

    function setUp() public {
        _deployMarket(address(this), 100_000_000 * USDC);
        ILeverageVault.VaultParams memory p = _defaultParams(3e18);
        p.mintFeeBps = uint16(FEE_BPS);
        p.redeemFeeBps = uint16(FEE_BPS);
        v = _deployVault("BTC3L", true, 3e18, p, address(this), FEE_RECIPIENT);
        _mint(v, HOLDER, 1_000_000 * USDC);
        assertEq(v.feesOwed(), 6_800 * USDC, "the 1M mint owes 68 bps");
        // -40 %: wiped out; the holder leaves for nothing; anyone liquidates the bankrupt account
        feed.setPrice((feed.latestAnswer() * 60) / 100);
        assertEq(v.equity(), 0, "wiped out");
        _redeem(v, HOLDER, _token(v).balanceOf(HOLDER));
        market.liquidate(address(v));
        assertEq(_token(v).totalSupply(), 0, "every holder left");
    }

    function test_mintAfterWipeout_getsTheNavShownAndDoesNotPayTheOldFeeDebt() public {
        uint256 navShown = v.nav();
        uint256 tokens = _mint(v, NEWCOMER, C);
        uint256 equityAfter = v.equity();
        // independent figure: the 68 bps fee, then the opening trade at 3x pays 5 bps on N = 3 net / (1 + 3 x 5 bps)
        uint256 net = C - (C * FEE_BPS) / 10_000; // 99,320
        uint256 notional = (3 * net * 10_000) / 10_015; // 297,513.73
        uint256 expected = net - (notional * 5) / 10_000; // 99,171.24
        console.log("NAV shown before the mint (1e-6 USDC)", navShown);
        console.log("equity after a 100,000 mint (1e-6 USDC)", equityAfter);
        console.log("NAV after the mint (1e-6 USDC)", v.nav());
        assertApproxEqAbs(equityAfter, expected, 0.05e6, "the minter's equity is its deposit less its own fees");
        assertApproxEqAbs((tokens * navShown) / 1e18, expected, 0.05e6, "the tokens are worth what nav() showed");
        assertApproxEqAbs(v.nav(), navShown, navShown / 10_000, "nav() after the mint is the one shown before");

        uint256 claimed = v.claimFees();
        console.log("claimFees after the mint (1e-6 USDC)", claimed);
        assertEq(claimed, (C * FEE_BPS) / 10_000, "claimFees takes the new mint's fee only");
        assertApproxEqAbs(v.equity(), expected, 0.05e6, "and nothing of the new deposit");
    }
}
