// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title MockPriceFeed
/// @notice Testnet price feed: a Chainlink `AggregatorV3Interface` with 8 decimals whose answer the owner
/// sets. Every `setPrice` starts a new round stamped with the block time.
/// @dev Deployed to local chains and testnets so demos, tests and testers can move prices. It is not an
/// oracle: one key decides every price, nothing aggregates or checks it. Mainnet deployments point
/// markets at a real Chainlink feed instead.
contract MockPriceFeed is AggregatorV3Interface, Ownable {
    struct Round {
        int192 answer;
        uint64 updatedAt;
    }

    uint8 public constant override decimals = 8;
    uint256 public constant override version = 1;
    string public override description;

    uint80 public latestRound;
    mapping(uint80 => Round) internal _rounds;

    event PriceSet(uint80 indexed roundId, int256 answer, uint256 updatedAt);

    error NoDataPresent(uint80 roundId);

    constructor(address owner_, string memory description_, int256 initialAnswer) Ownable(owner_) {
        description = description_;
        _setRound(initialAnswer, block.timestamp);
    }

    /// @notice Publishes `answer` (8 decimals) as a new round at the current block time. Owner only.
    function setPrice(int256 answer) external onlyOwner {
        _setRound(answer, block.timestamp);
    }

    /// @notice Publishes `answer` as a new round with an explicit `updatedAt` (to simulate stale feeds). Owner only.
    function setRoundData(int256 answer, uint256 updatedAt) external onlyOwner {
        _setRound(answer, updatedAt);
    }

    function getRoundData(uint80 roundId) external view returns (uint80, int256, uint256, uint256, uint80) {
        Round memory r = _rounds[roundId];
        if (r.updatedAt == 0) revert NoDataPresent(roundId);
        return (roundId, r.answer, r.updatedAt, r.updatedAt, roundId);
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        uint80 id = latestRound;
        Round memory r = _rounds[id];
        return (id, r.answer, r.updatedAt, r.updatedAt, id);
    }

    /// @notice The latest answer (8 decimals).
    function latestAnswer() external view returns (int256) {
        return _rounds[latestRound].answer;
    }

    function _setRound(int256 answer, uint256 updatedAt) internal {
        uint80 id = latestRound + 1;
        latestRound = id;
        _rounds[id] = Round(SafeCast.toInt192(answer), SafeCast.toUint64(updatedAt));
        emit PriceSet(id, answer, updatedAt);
    }
}
