// What one of the keeper's mined transactions did, read from its receipt's vault events. Pure.
import type { Log } from "ethers";
import { LeverageVault__factory } from "../types/ethers-contracts/index.js";

const vaultIface = LeverageVault__factory.createInterface();

/** ILeverageVault.RefundReason, by value. */
export const REFUND_REASONS = [
  "ROUND_MISSED",
  "SLIPPAGE",
  "WIPED_OUT",
  "CAP_EXCEEDED",
  "MINT_PAUSED",
  "TOO_SMALL",
  "STALE_ROUND",
] as const;

export interface ReceiptSummary {
  /** `Rebalanced.leverageAfter` of the last trade (rebalance, ripcord). */
  leverageAfter?: bigint;
  /** `RipcordRewardPaid.reward` paid to `signer`, collateral units. */
  ripcordReward?: bigint;
  /** `SettleRewardPaid.reward` paid to `signer`, collateral units. */
  settleReward?: bigint;
  /** `BatchSettled`: the round the batch settled at and how many requests it settled. */
  batch?: { roundId: bigint; price: bigint; requests: bigint };
  settled: number;
  /** Refunded requests by RefundReason name. */
  refunded: Record<string, number>;
}

export function summarize(logs: readonly Log[], vault: string, signer: string): ReceiptSummary {
  const out: ReceiptSummary = { settled: 0, refunded: {} };
  const me = signer.toLowerCase();
  for (const l of logs) {
    if (l.address.toLowerCase() !== vault.toLowerCase()) continue;
    const p = (() => {
      try {
        return vaultIface.parseLog(l);
      } catch {
        return null;
      }
    })();
    if (!p) continue;
    if (p.name === "Rebalanced") out.leverageAfter = p.args.leverageAfter as bigint;
    else if (p.name === "RipcordRewardPaid" && String(p.args.caller).toLowerCase() === me)
      out.ripcordReward = (out.ripcordReward ?? 0n) + (p.args.reward as bigint);
    else if (p.name === "SettleRewardPaid" && String(p.args.settler).toLowerCase() === me)
      out.settleReward = (out.settleReward ?? 0n) + (p.args.reward as bigint);
    else if (p.name === "BatchSettled")
      out.batch = {
        roundId: p.args.roundId as bigint,
        price: p.args.price as bigint,
        requests: p.args.requests as bigint,
      };
    else if (p.name === "RequestSettled") out.settled++;
    else if (p.name === "RequestRefunded") {
      const name = REFUND_REASONS[Number(p.args.reason)] ?? `REASON_${p.args.reason}`;
      out.refunded[name] = (out.refunded[name] ?? 0) + 1;
    }
  }
  return out;
}
