// The shared behaviour suite of a leveraged-token vault (OpenZeppelin `*.behavior` style):
// registers every flow test for the default token `symbol`.
import { shouldMintAndRedeem } from "./mintRedeem.behavior.js";

export function shouldBehaveLikeLeverageVault(symbol: string) {
  shouldMintAndRedeem(symbol);
}
