// An account's history in one token as ledger entries (sdk/position.ts), read from the vault's and the token's
// events from the vault's deployment block: instant Minted / Redeemed, next-price requests that settled
// (MintRequested / RedeemRequested joined with RequestSettled), and plain token transfers. Escrow moves of a
// redeem request (to the vault and, on a refund, back) are no change of holding: the tokens stay the owner's.
import type { LeverageVault, LeveragedToken } from "./contracts.js";
import type { LedgerEntry } from "./position.js";

const WAD = 10n ** 18n;

type Item = { block: number; index: number; entry: Promise<LedgerEntry> | LedgerEntry };

/** The account's ledger entries in chain order, from block `from`. */
export async function history(
  vault: LeverageVault,
  token: LeveragedToken,
  who: string,
  from: number
): Promise<LedgerEntry[]> {
  const [minted, redeemed, sent, received, mintRequests, redeemRequests] = await Promise.all([
    vault.queryFilter(vault.filters.Minted(undefined, who), from),
    vault.queryFilter(vault.filters.Redeemed(who, undefined), from),
    token.queryFilter(token.filters.Transfer(who, undefined), from),
    token.queryFilter(token.filters.Transfer(undefined, who), from),
    vault.queryFilter(vault.filters.MintRequested(undefined, undefined, who), from),
    vault.queryFilter(vault.filters.RedeemRequested(undefined, who, undefined), from),
  ]);
  const ids = [...mintRequests, ...redeemRequests].map((e) => e.args.requestId);
  const [settled, refunded] =
    ids.length === 0
      ? [[], []]
      : await Promise.all([
          vault.queryFilter(vault.filters.RequestSettled(ids as never), from),
          vault.queryFilter(vault.filters.RequestRefunded(ids as never), from),
        ]);
  const settledById = new Map(settled.map((e) => [e.args.requestId, e]));

  const items: Item[] = [];
  // Mint and burn Transfers are covered by the event of the same transaction and amount.
  const covered = new Set<string>();
  const at = (e: { blockNumber: number; index: number }, entry: Item["entry"]) =>
    items.push({ block: e.blockNumber, index: e.index, entry });
  for (const e of minted) {
    covered.add(`${e.transactionHash}:in:${e.args.tokensOut}`);
    at(e, { kind: "mint", tokens: e.args.tokensOut, collateral: e.args.collateralIn });
  }
  for (const e of redeemed) {
    covered.add(`${e.transactionHash}:out:${e.args.tokensIn}`);
    at(e, { kind: "redeem", tokens: e.args.tokensIn, collateral: e.args.collateralOut });
  }
  for (const r of mintRequests) {
    const s = settledById.get(r.args.requestId);
    if (!s) continue;
    covered.add(`${s.transactionHash}:in:${s.args.amountOut}`);
    at(s, { kind: "mint", tokens: s.args.amountOut, collateral: r.args.collateralIn });
  }
  for (const r of redeemRequests) {
    covered.add(`${r.transactionHash}:out:${r.args.tokensIn}`);
    const s = settledById.get(r.args.requestId);
    if (s) at(s, { kind: "redeem", tokens: r.args.tokensIn, collateral: s.args.amountOut });
  }
  const redeemIds = new Map(redeemRequests.map((r) => [r.args.requestId, r.args.tokensIn]));
  for (const e of refunded) {
    const tokens = redeemIds.get(e.args.requestId);
    if (tokens !== undefined) covered.add(`${e.transactionHash}:in:${tokens}`);
  }
  for (const e of received) {
    if (e.args.from === who || covered.has(`${e.transactionHash}:in:${e.args.value}`)) continue;
    const tokens = e.args.value;
    const navThen = vault.nav({ blockTag: e.blockNumber }).catch(() => vault.nav());
    at(
      e,
      navThen.then((n) => ({ kind: "transferIn", tokens, value: (tokens * n) / WAD }))
    );
  }
  for (const e of sent) {
    if (e.args.to === who || covered.has(`${e.transactionHash}:out:${e.args.value}`)) continue;
    at(e, { kind: "transferOut", tokens: e.args.value });
  }
  items.sort((a, b) => a.block - b.block || a.index - b.index);
  return Promise.all(items.map((i) => i.entry));
}
