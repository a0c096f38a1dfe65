// The shared behaviour suite of a leveraged-token vault (OpenZeppelin `*.behavior` style):
// registers every flow test for the default token `symbol`.
import { shouldChargeFees } from "./fees.behavior.js";
import { shouldGovern } from "./governance.behavior.js";
import { shouldMintAndRedeem } from "./mintRedeem.behavior.js";
import { shouldRebalance } from "./rebalance.behavior.js";
import { shouldRevert } from "./reverts.behavior.js";
import { shouldRipcordAndAutomate } from "./ripcord.behavior.js";
import { shouldSurviveWipeout } from "./wipeout.behavior.js";

export function shouldBehaveLikeLeverageVault(symbol: string) {
  shouldMintAndRedeem(symbol);
  shouldChargeFees(symbol);
  shouldRebalance(symbol);
  shouldRipcordAndAutomate(symbol);
  shouldGovern(symbol);
  shouldSurviveWipeout(symbol);
  shouldRevert(symbol);
}
