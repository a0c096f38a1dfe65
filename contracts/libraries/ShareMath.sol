// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {WAD} from "./Constants.sol";

/// @title ShareMath
/// @notice Tokens <-> collateral at NAV, with virtual shares and assets against inflation attacks
/// (as Morpho's SharesMathLib and OpenZeppelin's ERC4626 offset). The virtual pair also sets the
/// initial NAV: `virtualShares` tokens for `VIRTUAL_ASSETS` collateral units.
library ShareMath {
    uint256 internal constant VIRTUAL_ASSETS = 1;

    /// @notice Tokens worth `assets`, rounded down (the minter gets no more than it paid for).
    function toTokensDown(
        uint256 assets,
        uint256 totalAssets,
        uint256 totalSupply,
        uint256 virtualShares
    ) internal pure returns (uint256) {
        return Math.mulDiv(assets, totalSupply + virtualShares, totalAssets + VIRTUAL_ASSETS);
    }

    /// @notice Collateral worth `tokens`, rounded down (the redeemer gets no more than its share).
    function toAssetsDown(
        uint256 tokens,
        uint256 totalAssets,
        uint256 totalSupply,
        uint256 virtualShares
    ) internal pure returns (uint256) {
        return Math.mulDiv(tokens, totalAssets + VIRTUAL_ASSETS, totalSupply + virtualShares);
    }

    /// @notice Collateral units 1e18 tokens are worth, rounded down; 0 for a wiped-out vault (tokens out and no
    /// equity), where the virtual asset alone would otherwise give the tokens a value.
    function navDown(uint256 totalAssets, uint256 totalSupply, uint256 virtualShares) internal pure returns (uint256) {
        if (totalSupply != 0 && totalAssets == 0) return 0;
        return toAssetsDown(WAD, totalAssets, totalSupply, virtualShares);
    }
}
