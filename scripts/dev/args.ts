// The dev helpers' arguments: a price change, a duration, an amount. Pure; each throws a one-line DevProblem.
import { parseUnits } from "ethers";
import { DevProblem } from "./connect.js";

/**
 * The new feed answer for `change`: `-10%`/`+2.5%` relative to `answer`, or an absolute price (`54000`, `1850.5`),
 * in the feed's `decimals`. Never zero or negative.
 */
export function newAnswer(answer: bigint, change: string | undefined, decimals: number): bigint {
  const pct = /^([+-]?)(\d+(?:\.\d+)?)%$/.exec(change ?? "");
  let next: bigint;
  if (pct) {
    const bps = parseUnits(pct[2], 4); // 1% = 10,000 at 4 decimals of a percent
    const delta = (answer * bps) / 1_000_000n;
    next = pct[1] === "-" ? answer - delta : answer + delta;
  } else if (/^\d+(?:\.\d+)?$/.test(change ?? "")) next = parseUnits(change!, decimals);
  else
    throw new DevProblem(
      `price change must be like -10%, +5% or an absolute price like 54000, got ${change ?? "nothing"}`
    );
  if (next <= 0n) throw new DevProblem(`price change ${change} leaves no positive price`);
  return next;
}

const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds in `24h`, `30m`, `90s`, `2d` (or a bare number of seconds); positive. */
export function durationSeconds(text: string | undefined): number {
  const m = /^(\d+)([smhd]?)$/.exec(text ?? "");
  if (!m || Number(m[1]) === 0)
    throw new DevProblem(`duration must be like 24h, 30m, 90s or 2d, got ${text ?? "nothing"}`);
  return Number(m[1]) * UNIT_S[m[2] || "s"];
}

/** A positive decimal amount in `decimals` (`100`, `12.5`). */
export function amount(text: string | undefined, decimals: number, what: string): bigint {
  if (!/^\d+(?:\.\d+)?$/.test(text ?? ""))
    throw new DevProblem(`${what} must be a positive number, got ${text ?? "nothing"}`);
  let v: bigint;
  try {
    v = parseUnits(text!, decimals);
  } catch {
    throw new DevProblem(`${what} ${text} has more than ${decimals} decimals`);
  }
  if (v === 0n) throw new DevProblem(`${what} must be more than 0`);
  return v;
}
