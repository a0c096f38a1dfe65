// The demo's "two ways in and out": one user buys and sells a token instantly, another through next-price requests
// (docs/protocol.md §5b), both with the SDK (LeverClient) as a wallet would, on a fresh deployment. A new oracle
// round at an unchanged price follows each request, and the keeper's ordering acts on it (ripcords first, then
// settlements, then rebalances), so each path's round trip costs exactly its fees. Figures from the events.
import type { NetworkConnection } from "hardhat/types/network";
import { parseUnits, type ContractRunner } from "ethers";
import { decide, type VaultView } from "../keeper/decide.js";
import { defaultConfig } from "../deploy/config/defaults.js";
import { deployProtocol, toRecord, type Protocol } from "../deploy/protocol.js";
import { sendWithGasMargin } from "../sdk/gas.js";
import { LeverClient, type LeverageVault } from "../sdk/index.js";
import { fmtPct, fmtUsd, renderTable } from "./table.js";

export const PATHS_TOKEN = "BTC3L";
export const PATHS_AMOUNT = parseUnits("5000", 6);

export interface PathCost {
  path: "instant" | "next-price";
  collateralIn: bigint;
  tokens: bigint;
  collateralOut: bigint;
  /** Fees paid buying and selling (mint/request fee + trade fee), collateral units. */
  feesIn: bigint;
  feesOut: bigint;
  /** collateralIn - collateralOut. */
  cost: bigint;
}

/**
 * One keeper pass as the keeper orders it: ripcords, then settle every vault with settleable requests, then
 * rebalances (keeper/decide.ts for the ripcord and rebalance order). Returns how many requests it finished.
 */
export async function keeperPass(protocol: Protocol, signer: ContractRunner): Promise<number> {
  const byAddress = new Map<string, LeverageVault>();
  for (const t of Object.values(protocol.tokens)) byAddress.set((await t.vault.getAddress()).toLowerCase(), t.vault);
  const vaults = [...byAddress.keys()];
  const at = (address: string) => byAddress.get(address.toLowerCase())!.connect(signer);
  const views = async (): Promise<VaultView[]> =>
    (await protocol.lens.getVaults(vaults)).map((s) => ({
      vault: s.vault,
      symbol: s.symbol,
      ok: s.ok,
      status: Number(s.status),
      leverage: s.leverage,
      targetLeverage: s.targetLeverage,
    }));
  // Each with the SDK's margin over its estimate (sdk/gas.ts): all three accrue the streaming fee.
  for (const a of decide(await views()).filter((x) => x.kind === "ripcord"))
    await (await sendWithGasMargin(at(a.vault).ripcord)).wait();
  let settled = 0;
  for (const v of vaults) {
    const vault = at(v);
    const n = await vault.settleableRequests();
    if (n === 0n) continue;
    await (await sendWithGasMargin(vault.settle, n)).wait();
    settled += Number(n);
  }
  for (const a of decide(await views()).filter((x) => x.kind === "rebalance"))
    await (await sendWithGasMargin(at(a.vault).rebalance)).wait();
  return settled;
}

/** Publishes a new round at the same price on `symbol`'s feed: the round pending requests settle at. */
async function nextRound(protocol: Protocol, market: string, signer: ContractRunner): Promise<void> {
  const feed = protocol.markets[market].feed.connect(signer);
  const [, answer] = await feed.latestRoundData();
  await (await feed.setPrice(answer)).wait();
}

export async function instantVsRequest(connection: NetworkConnection<"generic">): Promise<PathCost[]> {
  const protocol = await deployProtocol(connection, defaultConfig);
  const record = await toRecord(protocol, Number((await connection.ethers.provider.getNetwork()).chainId));
  const [deployer, instantUser, requestUser, keeper] = await connection.ethers.getSigners();
  const market = defaultConfig.tokens.find((t) => t.symbol === PATHS_TOKEN)!.market;
  const amount = PATHS_AMOUNT;

  const instant = await LeverClient.connect(record, instantUser);
  await instant.faucet(amount);
  const bought = await instant.mint(PATHS_TOKEN, amount);
  const sold = await instant.redeem(PATHS_TOKEN, bought.tokensOut);

  const viaRequest = await LeverClient.connect(record, requestUser);
  await viaRequest.faucet(amount);
  const buy = await viaRequest.requestMint(PATHS_TOKEN, amount);
  await nextRound(protocol, market, deployer);
  await keeperPass(protocol, keeper);
  const bought2 = await viaRequest.waitForRequest(buy, { timeoutMs: 0 });
  if (bought2.status !== "settled") throw new Error(`demo request mint refunded: ${bought2.reason}`);
  const sell = await viaRequest.requestRedeem(PATHS_TOKEN, "all");
  await nextRound(protocol, market, deployer);
  await keeperPass(protocol, keeper);
  const sold2 = await viaRequest.waitForRequest(sell, { timeoutMs: 0 });
  if (sold2.status !== "settled") throw new Error(`demo request redeem refunded: ${sold2.reason}`);

  return [
    {
      path: "instant",
      collateralIn: amount,
      tokens: bought.tokensOut,
      collateralOut: sold.collateralOut,
      feesIn: bought.mintFee + bought.tradeFee,
      feesOut: sold.redeemFee + sold.tradeFee,
      cost: amount - sold.collateralOut,
    },
    {
      path: "next-price",
      collateralIn: amount,
      tokens: bought2.amountOut,
      collateralOut: sold2.amountOut,
      feesIn: bought2.fee,
      feesOut: sold2.fee,
      cost: amount - sold2.amountOut,
    },
  ];
}

export function pathCostReport(costs: readonly PathCost[]): string {
  const pct = (c: PathCost) => fmtPct(Number(c.cost) / Number(c.collateralIn));
  return [
    `Two ways in and out of ${PATHS_TOKEN} with ${fmtUsd(PATHS_AMOUNT)} USDC, the price unchanged, each through the SDK ` +
      "(a next-price request settles at the feed's next round; the keeper settles it: ripcords, then settlements, then rebalances):",
    renderTable([
      ["", ...costs.map((c) => c.path)],
      ["fees buying (USDC)", ...costs.map((c) => fmtUsd(c.feesIn))],
      ["fees selling (USDC)", ...costs.map((c) => fmtUsd(c.feesOut))],
      ["round trip cost (USDC)", ...costs.map((c) => fmtUsd(c.cost))],
      ["round trip cost", ...costs.map(pct)],
    ]),
    "Instant: one transaction each way at the price on chain, fee sized to make front-running an update a loss. " +
      "Next-price: a tenth of the fee, settled after the next oracle round (docs/integration.md says when to use which).",
  ].join("\n");
}
