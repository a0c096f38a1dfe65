// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeverageVault} from "./interfaces/ILeverageVault.sol";
import {VaultParamsLib} from "./libraries/VaultParamsLib.sol";

/// @title VaultParamsCaps
/// @notice The hard caps of VaultParamsLib, readable off-chain: `caps()` returns them and `validate` runs the
/// library's own check on candidate parameters, so an `eth_call` answers with the vault's `InvalidParam`.
/// @dev Not part of the protocol's deployment: the deploy pre-check (deploy/caps.ts) deploys it on an
/// in-process network and reads it, so TypeScript holds no copy of a cap.
contract VaultParamsCaps {
    /// @notice Each cap of VaultParamsLib; leverages and rates in WAD, durations in seconds, fees in bps.
    struct Caps {
        uint256 minTargetLeverage;
        uint256 maxTargetLeverage;
        uint256 maxRipcordLeverage;
        uint256 minRebalanceInterval;
        uint256 maxRebalanceInterval;
        uint256 maxTwapCooldown;
        uint256 minStaleness;
        uint256 maxStaleness;
        uint256 minRecenteringSpeed;
        uint256 maxRecenteringSpeed;
        uint256 maxManagementFeeRate;
        uint256 maxMintFeeBps;
        uint256 maxRedeemFeeBps;
        uint256 maxRequestFeeBps;
        uint256 heartbeatMarginBps;
        uint256 maintenanceMarginRoom;
        uint256 minRipcordTradeMultiple; // ripcordMaxTradeSize >= this x the vault's ripcord reward cap
    }

    /// @notice The caps VaultParamsLib enforces wherever parameters are set.
    function caps() external pure returns (Caps memory) {
        return
            Caps({
                minTargetLeverage: VaultParamsLib.MIN_TARGET_LEVERAGE,
                maxTargetLeverage: VaultParamsLib.MAX_TARGET_LEVERAGE,
                maxRipcordLeverage: VaultParamsLib.MAX_RIPCORD_LEVERAGE,
                minRebalanceInterval: VaultParamsLib.MIN_REBALANCE_INTERVAL,
                maxRebalanceInterval: VaultParamsLib.MAX_REBALANCE_INTERVAL,
                maxTwapCooldown: VaultParamsLib.MAX_TWAP_COOLDOWN,
                minStaleness: VaultParamsLib.MIN_STALENESS,
                maxStaleness: VaultParamsLib.MAX_STALENESS,
                minRecenteringSpeed: VaultParamsLib.MIN_RECENTERING_SPEED,
                maxRecenteringSpeed: VaultParamsLib.MAX_RECENTERING_SPEED,
                maxManagementFeeRate: VaultParamsLib.MAX_MANAGEMENT_FEE_RATE,
                maxMintFeeBps: VaultParamsLib.MAX_MINT_FEE_BPS,
                maxRedeemFeeBps: VaultParamsLib.MAX_REDEEM_FEE_BPS,
                maxRequestFeeBps: VaultParamsLib.MAX_REQUEST_FEE_BPS,
                heartbeatMarginBps: VaultParamsLib.HEARTBEAT_MARGIN_BPS,
                maintenanceMarginRoom: VaultParamsLib.MAINTENANCE_MARGIN_ROOM,
                minRipcordTradeMultiple: VaultParamsLib.MIN_RIPCORD_TRADE_MULTIPLE
            });
    }

    /// @notice Reverts with the vault's `InvalidParam(name, value)` for the first value outside its cap, as the
    /// vault's constructor and `setParams` would; returns nothing when all pass.
    function validate(
        ILeverageVault.VaultParams calldata p,
        uint256 targetLeverage,
        uint256 maxRipcordReward
    ) external pure {
        VaultParamsLib.checkTarget(targetLeverage);
        VaultParamsLib.validate(p, targetLeverage, maxRipcordReward);
    }
}
