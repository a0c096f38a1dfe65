// Ignition keeps a journal per deployment id (deploy/deployments/<id>/journal.jsonl) and trusts it on the
// next run. A local node restarted from scratch keeps its chain id but forgets every transaction, so the
// journal of `chain-31337` would point at contracts that no longer exist. Before deploying we check the
// journal against the chain and set it aside when the chain does not know it.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The one JSON-RPC method family we need; `connection.provider` of Hardhat and any EIP-1193 provider fit. */
export interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

export type JournalState =
  { kind: "none" } | { kind: "live"; contracts: number; transactions: number } | { kind: "stale"; reason: string };

interface JournalLine {
  type: string;
  hash?: string;
  futureId?: string;
  result?: { type?: string; address?: string };
  contractAddress?: string;
}

/** The journal's readable lines: a last line cut by a killed run is skipped (repairJournal drops it). */
function readJournal(file: string): JournalLine[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as JournalLine];
      } catch {
        return [];
      }
    });
}

/** Where Ignition records each deployed contract's address, next to the journal. */
const addressesFile = (dir: string) => path.join(dir, "deployed_addresses.json");

/** `deployed_addresses.json`, or undefined when it is missing or cut (a run killed while Ignition rewrote it). */
function readAddresses(dir: string): Record<string, string> | undefined {
  const file = addressesFile(dir);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  } catch {
    return undefined;
  }
}

/** The addresses Ignition records, from the journal itself: deployments that succeeded, and `contractAt`s. */
function journalAddresses(lines: JournalLine[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of lines) {
    if (!m.futureId) continue;
    if (m.type === "DEPLOYMENT_EXECUTION_STATE_COMPLETE" && m.result?.type === "SUCCESS" && m.result.address)
      out[m.futureId] = m.result.address;
    if (m.type === "CONTRACT_AT_EXECUTION_STATE_INITIALIZE" && m.contractAddress) out[m.futureId] = m.contractAddress;
  }
  return out;
}

/** What the chain behind `provider` says about the journal in `dir`. */
export async function inspectJournal(dir: string, provider: Eip1193): Promise<JournalState> {
  const journalFile = path.join(dir, "journal.jsonl");
  if (!existsSync(journalFile)) return { kind: "none" };

  const addresses = readAddresses(dir) ?? journalAddresses(readJournal(journalFile));
  const codes = await Promise.all(
    Object.entries(addresses).map(async ([id, address]) => ({
      id,
      address,
      code: (await provider.request({ method: "eth_getCode", params: [address, "latest"] })) as string,
    }))
  );
  const missing = codes.find((c) => c.code === "0x" || c.code === "");
  if (missing) return { kind: "stale", reason: `${missing.id} at ${missing.address} has no code on this chain` };

  // Contracts are only part of it: calls (liquidity, token creation) are journaled as confirmed transactions.
  const confirmed = readJournal(journalFile)
    .filter((m) => m.type === "TRANSACTION_CONFIRM" && typeof m.hash === "string")
    .map((m) => m.hash!);
  const receipts = await Promise.all(
    confirmed.map(async (hash) => ({
      hash,
      receipt: await provider.request({ method: "eth_getTransactionReceipt", params: [hash] }),
    }))
  );
  const unknown = receipts.find((r) => r.receipt === null || r.receipt === undefined);
  if (unknown) return { kind: "stale", reason: `confirmed transaction ${unknown.hash} is unknown to this chain` };

  return { kind: "live", contracts: codes.length, transactions: confirmed.length };
}

/** Renames a stale journal folder to `<dir>.stale-<timestamp>` (kept for inspection) and returns the new path. */
export function archiveJournal(dir: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  const target = `${dir}.stale-${stamp}`;
  renameSync(dir, target);
  return target;
}

/** Execution states that reach the chain through a transaction, so need a network interaction to resume. */
const ONCHAIN_INITIALIZE = new Set([
  "DEPLOYMENT_EXECUTION_STATE_INITIALIZE",
  "CALL_EXECUTION_STATE_INITIALIZE",
  "SEND_DATA_EXECUTION_STATE_INITIALIZE",
]);

/**
 * Makes a journal left by a killed run resumable. Ignition cannot resume a future whose execution state was
 * started but that recorded no network interaction yet (it stops on an internal invariant), nor a journal whose
 * last line was cut mid-write. Neither can have sent a transaction (Ignition journals TRANSACTION_PREPARE_SEND
 * before sending), so both are dropped and Ignition starts those futures again. Nor can Ignition read a
 * `deployed_addresses.json` cut mid-rewrite: it is rebuilt from the journal. Returns what it repaired.
 */
export function repairJournal(dir: string): string[] {
  const file = path.join(dir, "journal.jsonl");
  if (!existsSync(file)) return [];
  const raw = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const lines: { text: string; msg: JournalLine }[] = [];
  let cut = false;
  for (const text of raw) {
    try {
      lines.push({ text, msg: JSON.parse(text) as JournalLine });
    } catch {
      cut = true; // only the last line can be cut; anything after it is unreadable anyway
      break;
    }
  }
  const addressesCut = existsSync(addressesFile(dir)) && readAddresses(dir) === undefined;
  if (addressesCut)
    writeFileSync(addressesFile(dir), `${JSON.stringify(journalAddresses(lines.map((l) => l.msg)), null, 2)}\n`);
  const later = new Map<string, number>();
  for (const { msg } of lines)
    if (msg.futureId && !ONCHAIN_INITIALIZE.has(msg.type)) later.set(msg.futureId, (later.get(msg.futureId) ?? 0) + 1);
  const dropped = lines
    .filter(({ msg }) => ONCHAIN_INITIALIZE.has(msg.type) && msg.futureId && !later.has(msg.futureId))
    .map(({ msg }) => msg.futureId!);
  const repairs = [
    ...dropped,
    ...(cut ? ["(cut last line)"] : []),
    ...(addressesCut ? ["(cut deployed_addresses.json)"] : []),
  ];
  if (dropped.length === 0 && !cut) return repairs;
  const kept = lines.filter(
    ({ msg }) => !(ONCHAIN_INITIALIZE.has(msg.type) && msg.futureId && dropped.includes(msg.futureId))
  );
  writeFileSync(file, kept.map((l) => `${l.text}\n`).join(""));
  return repairs;
}
