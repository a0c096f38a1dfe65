// The stale-journal check: a journal is trusted only if the chain knows its contracts and its transactions.
import { expect } from "chai";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { archiveJournal, inspectJournal, repairJournal, type Eip1193 } from "../../deploy/journal.js";

const A = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const B = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const H1 = `0x${"1".repeat(64)}`;
const H2 = `0x${"2".repeat(64)}`;

/** A chain that has code at `codeAt` and receipts for `mined`. */
function chain(codeAt: string[], mined: string[]): Eip1193 {
  return {
    async request({ method, params }) {
      if (method === "eth_getCode") return codeAt.includes(params![0] as string) ? "0x6080" : "0x";
      if (method === "eth_getTransactionReceipt")
        return mined.includes(params![0] as string) ? { status: "0x1" } : null;
      throw new Error(`unexpected ${method}`);
    },
  };
}

describe("deploy/journal", () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "lever-journal-"));
    dir = path.join(root, "chain-31337");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (addresses: Record<string, string> | undefined, confirmed: string[]) => {
    mkdirSync(dir, { recursive: true });
    if (addresses) writeFileSync(path.join(dir, "deployed_addresses.json"), JSON.stringify(addresses));
    const lines = [
      { type: "DEPLOYMENT_INITIALIZE", chainId: 31337 },
      ...confirmed.map((hash) => ({ type: "TRANSACTION_CONFIRM", hash })),
    ];
    writeFileSync(path.join(dir, "journal.jsonl"), lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  };

  it("no journal: none", async () => {
    expect(await inspectJournal(dir, chain([], []))).to.deep.equal({ kind: "none" });
  });

  it("contracts with code and known transactions: live (resume or no-op)", async () => {
    write({ "Lever#MockUSDC": A, "Lever#VaultLens": B }, [H1, H2]);
    expect(await inspectJournal(dir, chain([A, B], [H1, H2]))).to.deep.equal({
      kind: "live",
      contracts: 2,
      transactions: 2,
    });
  });

  it("an interrupted run with transactions the chain knows but no contract yet: live, so Ignition resumes", async () => {
    write(undefined, [H1]);
    expect((await inspectJournal(dir, chain([], [H1]))).kind).to.equal("live");
  });

  it("a recorded contract without code (node restarted from scratch): stale, naming it", async () => {
    write({ "Lever#MockUSDC": A, "Lever#VaultLens": B }, [H1]);
    expect(await inspectJournal(dir, chain([A], [H1]))).to.deep.equal({
      kind: "stale",
      reason: `Lever#VaultLens at ${B} has no code on this chain`,
    });
  });

  it("a confirmed transaction the chain does not know: stale", async () => {
    write(undefined, [H1, H2]);
    expect(await inspectJournal(dir, chain([], [H1]))).to.deep.equal({
      kind: "stale",
      reason: `confirmed transaction ${H2} is unknown to this chain`,
    });
  });

  it("archiveJournal moves the folder aside with a timestamp", () => {
    write(undefined, []);
    const moved = archiveJournal(dir, new Date("2026-01-02T03:04:05.678Z"));
    expect(moved).to.equal(`${dir}.stale-2026-01-02T03-04-05-678Z`);
    expect(existsSync(dir)).to.equal(false);
    expect(existsSync(path.join(moved, "journal.jsonl"))).to.equal(true);
  });

  it("repairJournal drops futures started without a network interaction and a cut last line, nothing else", () => {
    mkdirSync(dir, { recursive: true });
    const lines = [
      { type: "DEPLOYMENT_INITIALIZE", chainId: 31337 },
      { type: "DEPLOYMENT_EXECUTION_STATE_INITIALIZE", futureId: "Lever#MockUSDC" },
      { type: "NETWORK_INTERACTION_REQUEST", futureId: "Lever#MockUSDC" },
      { type: "TRANSACTION_PREPARE_SEND", futureId: "Lever#MockUSDC", nonce: 0 },
      { type: "CALL_EXECUTION_STATE_INITIALIZE", futureId: "Lever#MintLiquidity" }, // started, never sent
      { type: "CONTRACT_AT_EXECUTION_STATE_INITIALIZE", futureId: "Lever#BTC3LVault" }, // needs no transaction
    ].map((l) => JSON.stringify(l));
    writeFileSync(path.join(dir, "journal.jsonl"), `${lines.join("\n")}\n{"type":"TRANSACTION_SE`);
    expect(repairJournal(dir)).to.deep.equal(["Lever#MintLiquidity", "(cut last line)"]);
    const kept = readFileSync(path.join(dir, "journal.jsonl"), "utf8");
    expect(kept).to.equal(`${[0, 1, 2, 3, 5].map((i) => lines[i]).join("\n")}\n`);
    expect(repairJournal(dir)).to.deep.equal([]); // a sound journal is left alone
  });

  it("a deployed_addresses.json cut by a killed run: inspected from the journal, and rebuilt from it by repairJournal", async () => {
    mkdirSync(dir, { recursive: true });
    const lines = [
      { type: "DEPLOYMENT_INITIALIZE", chainId: 31337 },
      {
        type: "DEPLOYMENT_EXECUTION_STATE_COMPLETE",
        futureId: "Lever#MockUSDC",
        result: { type: "SUCCESS", address: A },
      },
      {
        type: "DEPLOYMENT_EXECUTION_STATE_COMPLETE",
        futureId: "Lever#Failed",
        result: { type: "REVERTED_TRANSACTION" },
      },
      { type: "CONTRACT_AT_EXECUTION_STATE_INITIALIZE", futureId: "Lever#BTC3LVault", contractAddress: B },
      { type: "TRANSACTION_CONFIRM", hash: H1 },
    ].map((l) => JSON.stringify(l));
    writeFileSync(path.join(dir, "journal.jsonl"), `${lines.join("\n")}\n`);
    writeFileSync(path.join(dir, "deployed_addresses.json"), `{\n  "Lever#MockUSDC": "0x5Fb`);
    expect(await inspectJournal(dir, chain([A, B], [H1]))).to.deep.equal({
      kind: "live",
      contracts: 2,
      transactions: 1,
    });
    expect((await inspectJournal(dir, chain([A], [H1]))).kind).to.equal("stale");
    expect(repairJournal(dir)).to.deep.equal(["(cut deployed_addresses.json)"]);
    expect(JSON.parse(readFileSync(path.join(dir, "deployed_addresses.json"), "utf8"))).to.deep.equal({
      "Lever#MockUSDC": A,
      "Lever#BTC3LVault": B,
    });
    expect(readFileSync(path.join(dir, "journal.jsonl"), "utf8")).to.equal(`${lines.join("\n")}\n`);
    expect(repairJournal(dir)).to.deep.equal([]);
  });
});
