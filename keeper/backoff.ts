// Retry schedule for RPC errors: exponential backoff with a ceiling and optional jitter. Pure.

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  factor: number;
  /** Fraction of the delay drawn at random and taken off (0 = deterministic, 0.5 = up to half). */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 10_000, factor: 2, jitter: 0.2 };

/** Delay before retry number `attempt` (0 = first retry). `random` in [0, 1). */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random
): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * policy.factor ** Math.max(0, attempt));
  return Math.round(raw * (1 - policy.jitter * random()));
}

/** ethers error codes that are the request's own fault, whatever the message around them says. */
const NOT_TRANSIENT = new Set([
  "CALL_EXCEPTION",
  "INSUFFICIENT_FUNDS",
  "NONCE_EXPIRED",
  "REPLACEMENT_UNDERPRICED",
  "TRANSACTION_REPLACED",
  "INVALID_ARGUMENT",
  "ACTION_REJECTED",
]);

/**
 * Whether the node could not be reached at all (connection refused or reset, a timeout): the request's fate is
 * unknown. What the sender asks about a broadcast; a part of `isTransient`.
 */
export function isUnreachable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && NOT_TRANSIENT.has(e.code)) return false;
  if (e.code && ["NETWORK_ERROR", "TIMEOUT", "ECONNREFUSED", "ECONNRESET"].includes(e.code)) return true;
  // Whole words only: ethers' messages quote raw transactions, whose hex may contain anything.
  return /\b(ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|fetch failed|timeout)\b/i.test(String(e.message ?? ""));
}

/**
 * Whether an error looks like the node being unreachable or overloaded (worth retrying) rather than a bad request.
 * The one place that decides it, with `isUnreachable`: the poll loop's backoff asks here, the sender asks that.
 */
export function isTransient(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && NOT_TRANSIENT.has(e.code)) return false;
  if (isUnreachable(e)) return true;
  if (e.code && ["SERVER_ERROR", "UNKNOWN_ERROR"].includes(e.code)) return true;
  return /\b(network|503|502|429)\b/i.test(String(e.message ?? ""));
}
