// Nonces for the transactions the client sends. ethers v6 caches identical provider requests for 250 ms, so a
// second transaction sent right after the first was mined reads the same `eth_getTransactionCount` and fails
// with "nonce has already been used" (issue #14). The client reads the count past that cache and never hands out
// a nonce twice; a failed send forgets what it knew, so the next one reads the chain again.
import type { Provider } from "ethers";

/** `eth_getTransactionCount(address, "pending")` past ethers' request cache when the provider speaks JSON-RPC. */
export async function pendingNonce(provider: Provider, address: string): Promise<number> {
  const rpc = provider as Provider & { send?: (method: string, params: unknown[]) => Promise<unknown> };
  if (typeof rpc.send === "function") return Number(await rpc.send("eth_getTransactionCount", [address, "pending"]));
  return provider.getTransactionCount(address, "pending");
}

export class NonceTracker {
  readonly #next = new Map<string, number>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly read: (address: string) => Promise<number>) {}

  /** The nonce for the next transaction of `address`: the chain's pending count, or one past the last handed out. */
  take(address: string): Promise<number> {
    const key = address.toLowerCase();
    const result = this.#queue.then(async () => {
      const chain = await this.read(address);
      const nonce = Math.max(chain, this.#next.get(key) ?? 0);
      this.#next.set(key, nonce + 1);
      return nonce;
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** After a failed send: the next nonce of `address` comes from the chain alone. */
  forget(address: string): void {
    this.#next.delete(address.toLowerCase());
  }
}
