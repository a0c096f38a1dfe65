// Plain-text tables for the terminal: one row per figure, one column per token.
import { formatUnits } from "ethers";
import type { TokenSummary } from "./summary.js";

export const fmtUsd = (x: bigint) => Number(formatUnits(x, 6)).toFixed(2);
export const fmtLev = (x: bigint) => Number(formatUnits(x, 18)).toFixed(4);
export const fmtPct = (x: number) => `${(x * 100).toFixed(2)}%`;

export function renderTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: readonly string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join("\n");
}

/** The demo's and the simulator's end-of-run table. */
export function summaryTable(summaries: readonly TokenSummary[]): string {
  const col = (f: (s: TokenSummary) => string) => summaries.map(f);
  const feeTotal = (s: TokenSummary) => s.fees.rebalanceTrading + s.fees.mint + s.fees.ripcordRewards + s.fees.streaming;
  return renderTable([
    ["", ...col((s) => s.symbol)],
    ["start NAV (USDC)", ...col((s) => fmtUsd(s.startNav))],
    ["end NAV (USDC)", ...col((s) => fmtUsd(s.endNav))],
    ["end leverage", ...col((s) => fmtLev(s.endLeverage))],
    ["rebalances: REBALANCE", ...col((s) => String(s.rebalances.rebalance))],
    ["rebalances: ITERATE", ...col((s) => String(s.rebalances.iterate))],
    ["rebalances: RIPCORD", ...col((s) => String(s.rebalances.ripcord))],
    ["fees: rebalance trading (USDC)", ...col((s) => fmtUsd(s.fees.rebalanceTrading))],
    ["fees: mint (USDC)", ...col((s) => fmtUsd(s.fees.mint))],
    ["fees: streaming (USDC)", ...col((s) => fmtUsd(s.fees.streaming))],
    ["fees: ripcord rewards (USDC)", ...col((s) => fmtUsd(s.fees.ripcordRewards))],
    ["fees: total (USDC)", ...col((s) => fmtUsd(feeTotal(s)))],
    ["token return", ...col((s) => fmtPct(s.tokenReturn))],
    ["underlying return", ...col((s) => fmtPct(s.underlyingReturn))],
    ["L x underlying return", ...col((s) => fmtPct(s.leveragedReturn))],
    ["decay (token - L x underlying)", ...col((s) => fmtPct(s.decay))],
  ]);
}
