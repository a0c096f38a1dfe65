// Puts a user into tokens before a replay: faucet USDC, approve, mint.
import type { NetworkConnection } from "hardhat/types/network";
import type { DeployedToken, Protocol } from "../deploy/protocol.js";

export interface Purchase {
  symbol: string;
  collateralIn: bigint;
  tokensOut: bigint;
}

/** `user` takes `amountEach` USDC (6 decimals) from the faucet per token and mints each token with it. */
export async function buyTokens(
  connection: NetworkConnection<"generic">,
  protocol: Protocol,
  tokens: readonly DeployedToken[],
  amountEach: bigint,
  userIndex = 1
): Promise<Purchase[]> {
  const user = (await connection.ethers.getSigners())[userIndex];
  const cap = await protocol.usdc.FAUCET_CAP();
  for (let left = amountEach * BigInt(tokens.length); left > 0n; left -= cap) {
    await (await protocol.usdc.connect(user).faucet(left < cap ? left : cap)).wait();
  }
  const out: Purchase[] = [];
  for (const t of tokens) {
    await (await protocol.usdc.connect(user).approve(await t.vault.getAddress(), amountEach)).wait();
    const before = await t.token.balanceOf(user.address);
    await (await t.vault.connect(user).mint(amountEach, 0n, user.address)).wait();
    out.push({
      symbol: t.symbol,
      collateralIn: amountEach,
      tokensOut: (await t.token.balanceOf(user.address)) - before,
    });
  }
  return out;
}
