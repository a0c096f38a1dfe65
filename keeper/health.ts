// Whether the keeper is healthy, from what the loop last saw. Pure.

export interface HealthInput {
  nowMs: number;
  /** Wall-clock ms of the last poll that read the chain head, or null before the first one. */
  lastPollOkMs: number | null;
  /** Timestamp (unix seconds) of the newest block seen, or null. */
  lastBlockTimestamp: number | null;
  /** Signer balance in wei, or null when not read yet. */
  balance: bigint | null;
  /** One line per vault whose price is stale or invalid (feeds.ts FeedWatch.problems). */
  feedProblems?: readonly string[];
}

export interface HealthThresholds {
  /** Longest time since a successful poll, seconds. */
  maxPollAgeS: number;
  /** Oldest acceptable head block, seconds (0 = do not check; dev nodes without interval mining sit still). */
  maxBlockAgeS: number;
  /** Lowest signer balance, wei. */
  minBalance: bigint;
}

export interface Health {
  ok: boolean;
  problems: string[];
}

export function evaluateHealth(h: HealthInput, t: HealthThresholds): Health {
  const problems: string[] = [];
  if (h.lastPollOkMs === null) problems.push("no successful poll yet");
  else if (h.nowMs - h.lastPollOkMs > t.maxPollAgeS * 1000) {
    problems.push(
      `last successful poll ${Math.round((h.nowMs - h.lastPollOkMs) / 1000)} s ago (max ${t.maxPollAgeS} s)`
    );
  }
  if (t.maxBlockAgeS > 0 && h.lastBlockTimestamp !== null) {
    const age = Math.floor(h.nowMs / 1000) - h.lastBlockTimestamp;
    if (age > t.maxBlockAgeS) problems.push(`head block is ${age} s old (max ${t.maxBlockAgeS} s)`);
  }
  if (h.balance !== null && h.balance < t.minBalance) {
    problems.push(`signer balance ${h.balance} wei below ${t.minBalance} wei`);
  }
  problems.push(...(h.feedProblems ?? []));
  return { ok: problems.length === 0, problems };
}
