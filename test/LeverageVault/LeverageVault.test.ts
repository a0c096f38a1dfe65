// The vault's flows, run by one shared behaviour suite for a 3x long, a 3x short and a 2x long.
import { shouldBehaveLikeLeverageVault } from "./behaviors/index.js";

for (const symbol of ["BTC3L", "BTC3S", "ETH2L"]) {
  describe(`LeverageVault ${symbol}`, () => {
    shouldBehaveLikeLeverageVault(symbol);
  });
}
