// A token list (https://tokenlists.org, the community format wallets import) built from a deployment record.
// Names come from the record alone (BTC3L on BTC-USD, long, 3e18 -> "BTC 3x Long"); `npm run tokenlist` first
// checks the record against factory.allVaults() (scripts/tokenlist.ts), so only the factory's vaults get listed.
// Rewriting an unchanged list keeps its version and timestamp; a changed one bumps the version the way the
// format prescribes (token removed: major, added: minor, details changed: patch).
import { formatUnits } from "ethers";
import type { Deployment } from "../sdk/deployment.js";

export interface TokenListToken {
  chainId: number;
  address: string;
  name: string;
  symbol: string;
  decimals: number;
  tags: string[];
  extensions: Record<string, string | number | boolean>;
}

export interface TokenList {
  name: string;
  timestamp: string;
  version: { major: number; minor: number; patch: number };
  keywords: string[];
  tags: Record<string, { name: string; description: string }>;
  tokens: TokenListToken[];
}

const TAGS: TokenList["tags"] = {
  leveraged: {
    name: "Leveraged",
    description: "Tracks a fixed multiple of the price move of the underlying, rebalanced by its vault",
  },
  long: { name: "Long", description: "Gains when the underlying rises" },
  short: { name: "Short", description: "Gains when the underlying falls" },
};

/** "BTC 3x Long" from the record entry and its market symbol. */
export function tokenName(underlying: string, targetLeverage: string, isLong: boolean): string {
  return `${underlying.split("-")[0]} ${formatUnits(targetLeverage, 18).replace(/\.0$/, "")}x ${
    isLong ? "Long" : "Short"
  }`;
}

export function tokensOf(record: Deployment): TokenListToken[] {
  return record.tokens.map((t) => {
    const market = record.markets.find((m) => m.market.toLowerCase() === t.market.toLowerCase());
    const underlying = market?.symbol ?? "UNKNOWN-USD";
    return {
      chainId: record.chainId,
      address: t.token,
      name: tokenName(underlying, t.targetLeverage, t.isLong),
      symbol: t.symbol,
      decimals: 18,
      tags: ["leveraged", t.isLong ? "long" : "short"],
      extensions: {
        vault: t.vault,
        market: t.market,
        underlying,
        targetLeverage: formatUnits(t.targetLeverage, 18).replace(/\.0$/, ""),
        collateral: record.collateral,
      },
    };
  });
}

function bump(previous: TokenList, tokens: TokenListToken[]): TokenList["version"] | undefined {
  const key = (t: TokenListToken) => `${t.chainId}:${t.address.toLowerCase()}`;
  const before = new Map(previous.tokens.map((t) => [key(t), JSON.stringify(t)]));
  const after = new Map(tokens.map((t) => [key(t), JSON.stringify(t)]));
  const v = previous.version;
  if ([...before.keys()].some((k) => !after.has(k))) return { major: v.major + 1, minor: 0, patch: 0 };
  if ([...after.keys()].some((k) => !before.has(k))) return { major: v.major, minor: v.minor + 1, patch: 0 };
  if ([...after].some(([k, t]) => before.get(k) !== t)) return { major: v.major, minor: v.minor, patch: v.patch + 1 };
  return undefined;
}

/** The list for `record`; pass the list previously written to keep versions moving forward. */
export function buildTokenList(
  record: Deployment,
  options: { name?: string; previous?: TokenList; now?: Date } = {}
): TokenList {
  const tokens = tokensOf(record);
  const name = options.name ?? "Lever";
  const previous = options.previous;
  if (previous && previous.name === name) {
    const version = bump(previous, tokens);
    if (!version) return previous;
    return { ...previous, tags: TAGS, version, timestamp: (options.now ?? new Date()).toISOString(), tokens };
  }
  return {
    name,
    timestamp: (options.now ?? new Date()).toISOString(),
    version: { major: 1, minor: 0, patch: 0 },
    keywords: ["lever", "leveraged tokens"],
    tags: TAGS,
    tokens,
  };
}
