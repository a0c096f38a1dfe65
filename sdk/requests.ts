// Next-price requests as the SDK reports them (docs/protocol.md §5b): the names of ILeverageVault's RefundReason and
// RequestState, and the shapes of a request and of its outcome. Pure.

/** ILeverageVault.RefundReason by value. */
export const REFUND_REASONS = [
  "ROUND_MISSED",
  "SLIPPAGE",
  "WIPED_OUT",
  "CAP_EXCEEDED",
  "MINT_PAUSED",
  "TOO_SMALL",
  "STALE_ROUND",
] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

/** ILeverageVault.RequestState by value. */
export const REQUEST_STATES = ["UNKNOWN", "PENDING", "FINISHED"] as const;
export type RequestStateName = (typeof REQUEST_STATES)[number];

export const refundReason = (value: number | bigint): RefundReason => REFUND_REASONS[Number(value)] ?? "ROUND_MISSED";

/** A request the client made, from its MintRequested / RedeemRequested event. */
export interface RequestReceipt {
  hash: string;
  blockNumber: number;
  symbol: string;
  requestId: bigint;
  side: "mint" | "redeem";
  owner: string;
  receiver: string;
  /** Collateral (mint) or tokens (redeem) escrowed. */
  amountIn: bigint;
  minOut: bigint;
  /** The feed round it settles at. */
  roundId: bigint;
  /** "permit" or "approve" for a mint; undefined for a redeem. */
  method?: "permit" | "approve";
}

/** How a request ended: from its RequestSettled or RequestRefunded event. */
export type RequestOutcome =
  | {
      status: "settled";
      requestId: bigint;
      /** Tokens (mint) or collateral (redeem) the receiver got. */
      amountOut: bigint;
      /** Collateral paid: request fee plus the request's share of the batch's taker fee. */
      fee: bigint;
      hash: string;
      blockNumber: number;
    }
  | { status: "refunded"; requestId: bigint; reason: RefundReason; hash: string; blockNumber: number };

/** A pending request of an account, with the estimate of what it returns at today's price. */
export interface PendingRequest {
  requestId: bigint;
  side: "mint" | "redeem";
  amountIn: bigint;
  minOut: bigint;
  roundId: bigint;
  receiver: string;
  /** Tokens (mint) or collateral (redeem) at today's price: an estimate (0 when the vault cannot quote). */
  estimatedOut: bigint;
}
