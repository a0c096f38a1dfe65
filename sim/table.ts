// Plain-text tables for the terminal: one row per figure, one column per token.
import { formatUnits } from "ethers";
import type { TokenSummary } from "./summary.js";
import { formatLeverage } from "../sdk/format.js";

export const fmtUsd = (x: bigint) => Number(formatUnits(x, 6)).toFixed(2);
export const fmtPct = (x: number) => `${(x * 100).toFixed(2)}%`;

export function renderTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: readonly string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join("\n");
}

/** The demo's and the simulator's end-of-run table. */
export function summaryTable(summaries: readonly TokenSummary[]): string {
  const col = (f: (s: TokenSummary) => string) => summaries.map(f);
  const fees = (s: TokenSummary) => Object.values(s.fees).reduce((a, b) => a + b, 0n);
  return renderTable([
    ["", ...col((s) => s.symbol)],
    ["start NAV (USDC)", ...col((s) => fmtUsd(s.startNav))],
    ["end NAV (USDC)", ...col((s) => fmtUsd(s.endNav))],
    ["token return", ...col((s) => fmtPct(s.tokenReturn))],
    ["underlying return", ...col((s) => fmtPct(s.underlyingReturn))],
    ["formula return (continuous rebalancing)", ...col((s) => fmtPct(s.formulaReturn))],
    ["token / formula (end values)", ...col((s) => s.tokenOverFormula.toFixed(4))],
    ["worst day", ...col((s) => `${s.worstDay.day} ${fmtPct(s.worstDay.return)}`)],
    ["end leverage", ...col((s) => formatLeverage(s.endLeverage))],
    ["rebalances (in band or on schedule)", ...col((s) => String(s.rebalances.rebalance))],
    ["rebalances: further chunks (ITERATE)", ...col((s) => String(s.rebalances.iterate))],
    ["ripcords", ...col((s) => String(s.rebalances.ripcord))],
    ["mint fee, vault (USDC)", ...col((s) => fmtUsd(s.fees.mint))],
    ["market trading fee on the mint (USDC)", ...col((s) => fmtUsd(s.fees.mintTrading))],
    ["market trading fees on rebalances (USDC)", ...col((s) => fmtUsd(s.fees.rebalanceTrading))],
    ["streaming fee paid (USDC)", ...col((s) => fmtUsd(s.fees.streamingPaid))],
    ["ripcord rewards paid (USDC)", ...col((s) => fmtUsd(s.fees.ripcordRewards))],
    ["all fees (USDC)", ...col((s) => fmtUsd(fees(s)))],
  ]);
}

/** The line under the table that says what its rows mean. */
export const TABLE_NOTE =
  "formula: (S_T/S_0)^L exp(-(L^2-L) sigma^2 T/2), a token rebalanced continuously with no fees and no funding, sigma the path's " +
  "realised volatility; token / formula below 1 is what daily rebalancing, fees and funding cost on this path.";
