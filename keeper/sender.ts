// Sends transactions with EIP-1559 fees, tracks nonces locally and replaces stuck transactions at the same
// nonce. Knows nothing about vaults: it carries an opaque key per transaction.
import { Transaction, type JsonRpcProvider, type TransactionReceipt, type Wallet } from "ethers";
import { isUnreachable } from "./backoff.js";
import { bumpFees, initialFees, type FeePolicy, type Fees } from "./fees.js";

export interface Head {
  number: number;
  baseFee: bigint;
}

export interface InFlight {
  key: string;
  to: string;
  data: string;
  gasLimit: bigint;
  nonce: number;
  fees: Fees;
  hashes: string[];
  raw: string; // latest signed transaction, re-broadcast after an outage
  sentAtBlock: number; // block of the latest (re)send
  replacements: number;
  atCap: boolean;
}

export type TxEvent =
  | { type: "mined"; tx: InFlight; receipt: TransactionReceipt }
  | { type: "reverted"; tx: InFlight; receipt: TransactionReceipt }
  | { type: "replaced"; tx: InFlight; oldHash: string; hash: string }
  | { type: "at-cap"; tx: InFlight }
  | { type: "dropped"; tx: InFlight; reason: string };

export interface SenderOptions {
  chainId: bigint;
  policy: FeePolicy;
  replaceAfterBlocks: number;
  confirmations: number;
}

export class TxSender {
  private nonce: number | null = null;
  readonly inflight = new Map<string, InFlight>();

  constructor(
    private readonly wallet: Wallet,
    private readonly provider: JsonRpcProvider,
    private readonly opts: SenderOptions
  ) {}

  /** Next nonce from the node's pending count (at start, after "nonce too low", after an outage). */
  async syncNonce(): Promise<number> {
    const pending = await this.provider.getTransactionCount(this.wallet.address, "pending");
    const ours = [...this.inflight.values()].reduce((m, t) => Math.max(m, t.nonce + 1), 0);
    this.nonce = Math.max(pending, ours);
    return this.nonce;
  }

  /** Signs and broadcasts; throws when the node rejects it. A broadcast lost to a network error counts as sent. */
  async send(key: string, to: string, data: string, gasLimit: bigint, head: Head): Promise<InFlight> {
    const fees = initialFees(head.baseFee, this.opts.policy);
    if (!fees) throw new Error(`base fee ${head.baseFee} wei is above the fee cap ${this.opts.policy.maxFeeCap} wei`);
    if (this.nonce === null) await this.syncNonce();
    for (let attempt = 0; ; attempt++) {
      const nonce = this.nonce!;
      const raw = await this.sign(to, data, gasLimit, nonce, fees);
      const tx: InFlight = {
        key,
        to,
        data,
        gasLimit,
        nonce,
        fees,
        hashes: [Transaction.from(raw).hash!],
        raw,
        sentAtBlock: head.number,
        replacements: 0,
        atCap: false,
      };
      try {
        await this.provider.broadcastTransaction(raw);
      } catch (e) {
        if (isNonceTooLow(e) && attempt === 0) {
          await this.syncNonce();
          continue;
        }
        if (!isLostBroadcast(e)) throw e;
      }
      this.nonce = nonce + 1;
      this.inflight.set(key, tx);
      return tx;
    }
  }

  /**
   * Settles mined transactions (after `confirmations` blocks up to `head`) and replaces stuck ones. Each event
   * goes to `emit` as it happens, so an RPC error half-way loses none of the earlier ones.
   */
  async check(head: Head, emit: (ev: TxEvent) => void): Promise<void> {
    for (const tx of [...this.inflight.values()]) {
      let receipt = await this.findReceipt(tx);
      if (!receipt) {
        const minedNonce = await this.provider.getTransactionCount(this.wallet.address, "latest");
        if (minedNonce > tx.nonce) {
          // mined between the two reads? A node may answer the new nonce a moment before the receipt: ask again
          for (let i = 0; i < 3 && !receipt; i++) {
            if (i > 0) await new Promise((r) => setTimeout(r, 200));
            receipt = await this.findReceipt(tx);
          }
          if (!receipt) {
            // Our nonce was used, yet none of our hashes has a receipt: something else took the slot.
            this.inflight.delete(tx.key);
            emit({ type: "dropped", tx, reason: `nonce ${tx.nonce} used by another transaction` });
            await this.syncNonce();
            continue;
          }
        }
      }
      if (receipt) {
        if (receipt.blockNumber <= head.number && head.number - receipt.blockNumber + 1 >= this.opts.confirmations) {
          this.inflight.delete(tx.key);
          emit({ type: receipt.status === 1 ? "mined" : "reverted", tx, receipt });
        }
        continue;
      }
      if (head.number - tx.sentAtBlock < this.opts.replaceAfterBlocks) continue;
      const ev = await this.replace(tx, head);
      if (ev) emit(ev);
    }
  }

  /** Sends every in-flight transaction again (a restarted node may have lost its mempool). */
  async rebroadcast(): Promise<void> {
    for (const tx of this.inflight.values()) {
      try {
        await this.provider.broadcastTransaction(tx.raw);
      } catch {
        // already known, already mined, or still unreachable: check() sorts it out
      }
    }
  }

  private async replace(tx: InFlight, head: Head): Promise<TxEvent | null> {
    const fees = bumpFees(tx.fees, initialFees(head.baseFee, this.opts.policy), this.opts.policy.maxFeeCap);
    if (!fees) {
      tx.sentAtBlock = head.number;
      if (tx.atCap) return null;
      tx.atCap = true;
      return { type: "at-cap", tx };
    }
    const raw = await this.sign(tx.to, tx.data, tx.gasLimit, tx.nonce, fees);
    const hash = Transaction.from(raw).hash!;
    try {
      await this.provider.broadcastTransaction(raw);
    } catch (e) {
      if (isNonceTooLow(e)) return null; // the previous one was mined meanwhile; the next check finds its receipt
      if (!isLostBroadcast(e)) throw e;
    }
    const oldHash = tx.hashes[tx.hashes.length - 1];
    tx.hashes.push(hash);
    tx.raw = raw;
    tx.fees = fees;
    tx.sentAtBlock = head.number;
    tx.replacements++;
    return { type: "replaced", tx, oldHash, hash };
  }

  private async findReceipt(tx: InFlight): Promise<TransactionReceipt | null> {
    for (const h of [...tx.hashes].reverse()) {
      const r = await this.provider.getTransactionReceipt(h);
      if (r) return r;
    }
    return null;
  }

  private sign(to: string, data: string, gasLimit: bigint, nonce: number, fees: Fees): Promise<string> {
    return this.wallet.signTransaction({
      type: 2,
      chainId: this.opts.chainId,
      to,
      data,
      gasLimit,
      nonce,
      value: 0n,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    });
  }
}

function errText(e: unknown): string {
  const x = e as { code?: string; shortMessage?: string; message?: string; error?: { message?: string } };
  return `${x?.code ?? ""} ${x?.shortMessage ?? ""} ${x?.message ?? ""} ${x?.error?.message ?? ""}`;
}

export function isNonceTooLow(e: unknown): boolean {
  return /NONCE_EXPIRED|nonce too low|nonce has already been used|already imported|already been mined/i.test(
    errText(e)
  );
}

/** A broadcast whose fate is unknown (the node went away: backoff.ts `isUnreachable`) or that the node already has. */
export function isLostBroadcast(e: unknown): boolean {
  return isUnreachable(e) || /already known|known transaction/i.test(errText(e));
}
