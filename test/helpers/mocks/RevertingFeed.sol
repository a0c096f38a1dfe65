// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

/// @notice TEST ONLY. A Chainlink-style feed (8 decimals) that answers normally until told to revert.
contract RevertingFeed is AggregatorV3Interface {
    error FeedDown();

    int256 public answer;
    bool public down;

    constructor(int256 answer_) {
        answer = answer_;
    }

    function setDown(bool down_) external {
        down = down_;
    }

    function decimals() external pure returns (uint8) {
        return 8;
    }

    function description() external pure returns (string memory) {
        return "reverting feed";
    }

    function version() external pure returns (uint256) {
        return 1;
    }

    function getRoundData(uint80) external view returns (uint80, int256, uint256, uint256, uint80) {
        return latestRoundData();
    }

    function latestRoundData() public view returns (uint80, int256, uint256, uint256, uint80) {
        if (down) revert FeedDown();
        return (1, answer, block.timestamp, block.timestamp, 1);
    }
}
