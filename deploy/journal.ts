// Ignition keeps a journal per deployment id (deploy/deployments/<id>/journal.jsonl) and trusts it on the
// next run. A local node restarted from scratch keeps its chain id but forgets every transaction, so the
// journal of `chain-31337` would point at contracts that no longer exist. Before deploying we check the
// journal against the chain and set it aside when the chain does not know it.
import { existsSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";

/** The one JSON-RPC method family we need; `connection.provider` of Hardhat and any EIP-1193 provider fit. */
export interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

export type JournalState =
  | { kind: "none" }
  | { kind: "live"; contracts: number; transactions: number }
  | { kind: "stale"; reason: string };

interface JournalLine {
  type: string;
  hash?: string;
}

/** What the chain behind `provider` says about the journal in `dir`. */
export async function inspectJournal(dir: string, provider: Eip1193): Promise<JournalState> {
  const journalFile = path.join(dir, "journal.jsonl");
  if (!existsSync(journalFile)) return { kind: "none" };

  const addressesFile = path.join(dir, "deployed_addresses.json");
  const addresses: Record<string, string> = existsSync(addressesFile) ? JSON.parse(readFileSync(addressesFile, "utf8")) : {};
  const codes = await Promise.all(
    Object.entries(addresses).map(async ([id, address]) => ({
      id,
      address,
      code: (await provider.request({ method: "eth_getCode", params: [address, "latest"] })) as string,
    })),
  );
  const missing = codes.find((c) => c.code === "0x" || c.code === "");
  if (missing) return { kind: "stale", reason: `${missing.id} at ${missing.address} has no code on this chain` };

  // Contracts are only part of it: calls (liquidity, token creation) are journaled as confirmed transactions.
  const confirmed = readFileSync(journalFile, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as JournalLine)
    .filter((m) => m.type === "TRANSACTION_CONFIRM" && typeof m.hash === "string")
    .map((m) => m.hash!);
  const receipts = await Promise.all(
    confirmed.map(async (hash) => ({ hash, receipt: await provider.request({ method: "eth_getTransactionReceipt", params: [hash] }) })),
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
