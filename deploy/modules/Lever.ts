// Ignition module for the whole protocol, built from a ProtocolConfig (deploy/config).
// One module, used by `npm run deploy`, the tests and the demo alike.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ContractFuture } from "@nomicfoundation/ignition-core";
import { defaultConfig, type ProtocolConfig } from "../config/defaults.js";
import { ignitionId } from "./ids.js";

export function buildLeverModule(config: ProtocolConfig = defaultConfig) {
  return buildModule("Lever", (m) => {
    const deployer = m.getAccount(0);

    const mockCollateral = config.collateral ? undefined : m.contract("MockUSDC", [deployer]);
    const collateral = config.collateral
      ? m.contractAt("MockUSDC", config.collateral, { id: "Collateral" })
      : mockCollateral!;

    const markets: Record<string, { market: ContractFuture<string>; feed: ContractFuture<string> }> = {};
    for (const mk of config.markets) {
      const id = (part: string) => ignitionId(mk.symbol, part);
      const feed = mk.feed
        ? m.contractAt("MockPriceFeed", mk.feed, { id: id("Feed") })
        : m.contract("MockPriceFeed", [deployer, mk.symbol, mk.initialPrice], { id: id("Feed") });
      const market = m.contract(
        "MockPerpMarket",
        [
          deployer,
          mk.symbol,
          collateral,
          feed,
          mk.takerFeeBps,
          mk.initialMarginBps,
          mk.maintenanceMarginBps,
          mk.liquidationPenaltyBps,
        ],
        { id: id("Market") }
      );
      if (mockCollateral && mk.liquidity > 0n) {
        const minted = m.call(mockCollateral, "mint", [deployer, mk.liquidity], { id: id("MintLiquidity") });
        const approved = m.call(mockCollateral, "approve", [market, mk.liquidity], {
          id: id("ApproveLiquidity"),
          after: [minted],
        });
        m.call(market, "supplyLiquidity", [mk.liquidity], { id: id("SupplyLiquidity"), after: [approved] });
      }
      markets[mk.symbol] = { market, feed };
    }

    const tokenDeployer = m.contract("TokenDeployer");
    // The vault links two external libraries (size limit): its next-price requests and its parameter checks.
    const requestLogic = m.library("RequestLogic");
    const vaultParamsLib = m.library("VaultParamsLib");
    const vaultDeployer = m.contract("VaultDeployer", [], {
      libraries: { RequestLogic: requestLogic, VaultParamsLib: vaultParamsLib },
    });
    // Governance starts with the deployer: owner, vault admin, guardian and fee recipient.
    const factory = m.contract("LeveragedTokenFactory", [
      deployer,
      deployer,
      deployer,
      deployer,
      vaultDeployer,
      tokenDeployer,
    ]);
    const lens = m.contract("VaultLens");

    const tokens: Record<string, { vault: ContractFuture<string>; token: ContractFuture<string> }> = {};
    for (const t of config.tokens) {
      const mk = markets[t.market];
      if (!mk) throw new Error(`token ${t.symbol}: unknown market ${t.market}`);
      const created = m.call(
        factory,
        "createLeveragedToken",
        [
          {
            name: t.name,
            symbol: t.symbol,
            market: mk.market,
            isLong: t.isLong,
            targetLeverage: t.targetLeverage,
            params: { ...t.params },
          },
        ],
        { id: ignitionId(t.symbol, "", "Create") }
      );
      const vaultAddress = m.readEventArgument(created, "LeveragedTokenCreated", "vault", {
        id: ignitionId(t.symbol, "VaultAddress"),
      });
      const tokenAddress = m.readEventArgument(created, "LeveragedTokenCreated", "token", {
        id: ignitionId(t.symbol, "TokenAddress"),
      });
      tokens[t.symbol] = {
        vault: m.contractAt("LeverageVault", vaultAddress, { id: ignitionId(t.symbol, "Vault") }),
        token: m.contractAt("LeveragedToken", tokenAddress, { id: ignitionId(t.symbol, "Token") }),
      };
    }

    return { collateral, factory, lens, tokenDeployer, vaultDeployer, ...flatten(markets, tokens) };
  });
}

function flatten(markets: Record<string, any>, tokens: Record<string, any>) {
  const out: Record<string, any> = {};
  for (const [sym, v] of Object.entries(markets)) {
    out[ignitionId(sym, "Market")] = v.market;
    out[ignitionId(sym, "Feed")] = v.feed;
  }
  for (const [sym, v] of Object.entries(tokens)) {
    out[ignitionId(sym, "Vault")] = v.vault;
    out[ignitionId(sym, "Token")] = v.token;
  }
  return out;
}

export default buildLeverModule();
