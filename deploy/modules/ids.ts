// Ignition future ids, built in one place: the module names its futures with them and deploy/protocol.ts reads the
// results back by them. A journal is keyed by these ids, so changing one redeploys that contract.

/** `BTC-USD` + `Market` -> `BTCUSDMarket`; `BTC3L` + `Vault` -> `BTC3LVault`; `Create` before a symbol for its creation. */
export function ignitionId(symbol: string, part: string, prefix = ""): string {
  return `${prefix}${symbol.replace(/[^A-Za-z0-9]/g, "")}${part}`;
}
