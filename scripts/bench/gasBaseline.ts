// The committed gas baseline (docs/gas.md): the table format, its targets, and the diff against a new run.
// Pure string work, no chain: scripts/bench/gas.ts measures, this file renders and compares.

export interface GasRow {
  op: string;
  gas: bigint;
}

/** Per-operation ceilings (gas). Rows without one are shown with "—". */
export const TARGETS: Record<string, bigint> = {
  "mint (new holder)": 150_000n,
  "mint (existing holder)": 150_000n,
  "partial redeem": 130_000n,
  "full redeem": 130_000n,
  "rebalance (long)": 100_000n,
  "rebalance (short)": 100_000n,
  "ITERATE step": 100_000n,
  // Issue 12: a request (steady state: another request already holds escrow), and <= 60k per request of a batch.
  "requestMint (next in its round)": 110_000n,
  "settle (10 requests)": 600_000n,
};

const START = "<!-- gas-baseline:start -->";
const END = "<!-- gas-baseline:end -->";

const fmt = (n: bigint) => n.toLocaleString("en-US");

function status(row: GasRow): string {
  const target = TARGETS[row.op];
  if (target === undefined) return "";
  return row.gas <= target ? "ok" : `OVER by ${fmt(row.gas - target)}`;
}

/** The markdown table that sits between the baseline markers in docs/gas.md. */
export function renderTable(rows: GasRow[]): string {
  const lines = ["| operation | gas | target | |", "| --- | ---: | ---: | --- |"];
  for (const r of rows) {
    const target = TARGETS[r.op];
    lines.push(`| ${r.op} | ${fmt(r.gas)} | ${target === undefined ? "—" : `<= ${fmt(target)}`} | ${status(r)} |`);
  }
  return lines.join("\n");
}

/** Replaces the table between the markers of `doc` (or appends markers and table when absent). */
export function withTable(doc: string, rows: GasRow[]): string {
  const block = `${START}\n${renderTable(rows)}\n${END}`;
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start === -1 || end === -1) return `${doc.trimEnd()}\n\n${block}\n`;
  return doc.slice(0, start) + block + doc.slice(end + END.length);
}

/** Reads the rows back from the table between the markers; empty when there is no baseline. */
export function parseBaseline(doc: string): GasRow[] {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start === -1 || end === -1) return [];
  const rows: GasRow[] = [];
  for (const line of doc.slice(start + START.length, end).split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    // ["", op, gas, target, status, ""]
    if (cells.length < 4 || !/^[\d,]+$/.test(cells[2])) continue;
    rows.push({ op: cells[1], gas: BigInt(cells[2].replace(/,/g, "")) });
  }
  return rows;
}

/** Now vs baseline, one line per operation: unchanged, changed (with delta and percent), new or gone. */
export function renderDiff(baseline: GasRow[], now: GasRow[]): string {
  const before = new Map(baseline.map((r) => [r.op, r.gas]));
  const width = Math.max(...now.map((r) => r.op.length), ...baseline.map((r) => r.op.length));
  const lines: string[] = [];
  for (const r of now) {
    const old = before.get(r.op);
    const name = r.op.padEnd(width);
    if (old === undefined) {
      lines.push(`  ${name}  ${fmt(r.gas).padStart(9)}  (new, not in baseline)`);
      continue;
    }
    const delta = r.gas - old;
    const pct = old === 0n ? "" : ` (${delta >= 0n ? "+" : ""}${((Number(delta) / Number(old)) * 100).toFixed(2)}%)`;
    const change = delta === 0n ? "unchanged" : `${delta > 0n ? "+" : ""}${fmt(delta)}${pct}`;
    lines.push(`  ${name}  ${fmt(old).padStart(9)} -> ${fmt(r.gas).padStart(9)}  ${change}`);
    before.delete(r.op);
  }
  for (const op of before.keys()) lines.push(`  ${op.padEnd(width)}  (in baseline, not measured any more)`);
  return lines.join("\n");
}
