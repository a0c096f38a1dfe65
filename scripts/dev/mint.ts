// `npm run dev:mint -- BTC3L 100 [--request] [--account <n>]`: an account of the local node takes 100 USDC from
// the faucet and mints BTC3L with it, instantly or, with --request, as a next-price request that the keeper settles
// after the next price round. Local chains only (connect.ts).
import { formatUnits, type Log } from "ethers";
import { LeverageVault__factory, MockUSDC__factory } from "../../types/ethers-contracts/index.js";
import { amount } from "./args.js";
import { DevProblem, runDev, tokenOf } from "./connect.js";
import { formatLeverage } from "../../sdk/format.js";

await runDev("dev:mint", ["--request"], async (dev) => {
  const [symbol, usdcText] = dev.flags.args;
  if (dev.flags.args.length !== 2)
    throw new DevProblem("usage: npm run dev:mint -- <token> <usdc> [--request] [--account <n>]");
  const t = tokenOf(dev, symbol);
  const signer = await dev.signer(dev.flags.account ?? 1);
  const holder = await signer.getAddress();
  const usdc = MockUSDC__factory.connect(dev.record.collateral, signer);
  const decimals = Number(await usdc.decimals());
  const collateralIn = amount(usdcText, decimals, "the USDC amount");
  const vault = LeverageVault__factory.connect(t.vault, signer);
  await (await usdc.faucet(collateralIn)).wait();
  await (await usdc.approve(t.vault, collateralIn)).wait();
  if (dev.flags.switches.has("--request")) {
    const rc = await (await vault.requestMint(collateralIn, 0n, holder)).wait();
    const ev = vaultEvent(rc!.logs, t.vault, "MintRequested");
    if (!ev) throw new Error("no MintRequested event in the receipt");
    return `requested a mint of ${symbol} for ${usdcText} USDC by ${holder}: request ${ev.args.requestId} settles at round ${ev.args.roundId} of its feed (block ${rc!.blockNumber})`;
  }
  const rc = await (await vault.mint(collateralIn, 0n, holder)).wait();
  const ev = vaultEvent(rc!.logs, t.vault, "Minted");
  if (!ev) throw new Error("no Minted event in the receipt");
  const lev = await vault.leverage();
  return `minted ${formatUnits(ev.args.tokensOut, 18)} ${symbol} for ${usdcText} USDC to ${holder} (block ${rc!.blockNumber}); leverage ${formatLeverage(lev)}x`;
});

function vaultEvent(logs: readonly Log[], vault: string, name: string) {
  const iface = LeverageVault__factory.createInterface();
  for (const l of logs) {
    if (l.address.toLowerCase() !== vault.toLowerCase()) continue;
    const p = iface.parseLog(l);
    if (p?.name === name) return p;
  }
  return null;
}
