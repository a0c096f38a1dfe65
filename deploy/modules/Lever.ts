// Ignition module for the whole protocol, built from a ProtocolConfig (deploy/config).
// One module, used by `npm run deploy`, the tests and the demo alike.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, ContractFuture, Future } from "@nomicfoundation/ignition-core";
import { defaultConfig, LOCAL_TIMELOCK_DELAY, type ProtocolConfig } from "../config/defaults.js";
import { ignitionId } from "./ids.js";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
const ZERO_HASH = `0x${"00".repeat(32)}`;

/**
 * Governance of the deployment (docs/deploy.md "Governance", docs/security.md F): an OpenZeppelin TimelockController
 * whose proposer (and canceller) is the deployer and whose executor is anyone, administering itself. It is the admin
 * of every vault (from birth, through the factory), the factory's owner and every market's owner. The deployer
 * keeps the guardian role (pause minting, instant), the fee recipient, and the mock feeds and MockUSDC (demos and
 * testers move prices and use the faucet).
 *
 * The timelock starts with no delay so that, as the deployment's last step, one batch it executes accepts the
 * factory's and the markets' ownership (Ownable2Step) and then raises its own delay to `governance.timelockDelay`.
 */

export function buildLeverModule(config: ProtocolConfig = defaultConfig) {
  return buildModule("Lever", (m) => {
    const deployer = m.getAccount(0);
    const timelock = m.contract("TimelockController", [0, [deployer], [ZERO_ADDRESS], ZERO_ADDRESS], {
      id: "Timelock",
    });

    const mockCollateral = config.collateral ? undefined : m.contract("MockUSDC", [deployer]);
    const collateral = config.collateral
      ? m.contractAt("MockUSDC", config.collateral, { id: "Collateral" })
      : mockCollateral!;

    const markets: Record<string, { market: ContractFuture<string>; feed: ContractFuture<string>; heartbeat: Future }> =
      {};
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
      const heartbeat = m.call(market, "setFeedHeartbeat", [mk.feedHeartbeat], { id: id("SetFeedHeartbeat") });
      if (mockCollateral && mk.liquidity > 0n) {
        const minted = m.call(mockCollateral, "mint", [deployer, mk.liquidity], { id: id("MintLiquidity") });
        const approved = m.call(mockCollateral, "approve", [market, mk.liquidity], {
          id: id("ApproveLiquidity"),
          after: [minted],
        });
        m.call(market, "supplyLiquidity", [mk.liquidity], { id: id("SupplyLiquidity"), after: [approved] });
      }
      markets[mk.symbol] = { market, feed, heartbeat };
    }

    const tokenDeployer = m.contract("TokenDeployer");
    // The vault links two external libraries (size limit): its next-price requests and its parameter checks.
    const requestLogic = m.library("RequestLogic");
    const vaultParamsLib = m.library("VaultParamsLib");
    const vaultDeployer = m.contract("VaultDeployer", [], {
      libraries: { RequestLogic: requestLogic, VaultParamsLib: vaultParamsLib },
    });
    // The deployer owns the factory until the tokens exist; every vault is born with the timelock as its admin.
    const factory = m.contract("LeveragedTokenFactory", [
      deployer,
      timelock,
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
            sequencerUptimeFeed: t.sequencerUptimeFeed,
          },
        ],
        { id: ignitionId(t.symbol, "", "Create"), after: [mk.heartbeat] }
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

    // Hand-over: factory and markets propose the timelock as owner; one timelock batch accepts and sets the delay.
    const owned = [factory, ...Object.values(markets).map((mk) => mk.market)] as CallableContractFuture<string>[];
    const created = Object.values(tokens).map((t) => t.vault);
    const proposed = owned.map((c, i) =>
      m.call(c, "transferOwnership", [timelock], { id: `ProposeOwner${i}`, after: created })
    );
    const accepts = owned.map((c, i) => m.encodeFunctionCall(c, "acceptOwnership", [], { id: `AcceptOwner${i}` }));
    const delay = config.governance?.timelockDelay ?? LOCAL_TIMELOCK_DELAY;
    const raise = m.encodeFunctionCall(timelock, "updateDelay", [delay], { id: "RaiseDelay" });
    const batch = [[...owned, timelock], [...owned, timelock].map(() => 0n), [...accepts, raise], ZERO_HASH, ZERO_HASH];
    const scheduled = m.call(timelock, "scheduleBatch", [...batch, 0], { id: "ScheduleHandOver", after: proposed });
    m.call(timelock, "executeBatch", batch, { id: "ExecuteHandOver", after: [scheduled] });

    return {
      collateral,
      factory,
      lens,
      timelock,
      tokenDeployer,
      vaultDeployer,
      vaultParamsLib,
      ...flatten(markets, tokens),
    };
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
