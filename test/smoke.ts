import { expect } from "chai";
import { network } from "hardhat";
import { deployProtocol } from "../deploy/protocol.js";

describe("smoke", () => {
  it("mints, moves, rebalances, redeems", async () => {
    const connection = await network.connect();
    const { ethers } = connection;
    const p = await deployProtocol(connection);
    const [deployer, alice] = await ethers.getSigners();
    const t = p.tokens.BTC3L;
    await p.usdc.connect(alice).faucet(10_000e6);
    await p.usdc.connect(alice).approve(t.vault, ethers.MaxUint256);
    const prev = await t.vault.previewMint(1000e6);
    const tx = await t.vault.connect(alice).mint(1000e6, 0, alice.address);
    const rc = await tx.wait();
    console.log("first mint gas", rc!.gasUsed, "tokens", prev, await t.token.balanceOf(alice));
    console.log("lev", await t.vault.leverage(), "nav", await t.vault.nav(), "eq", await t.vault.equity());
    const rc2 = await (await t.vault.connect(alice).mint(1000e6, 0, alice.address)).wait();
    console.log("second mint gas", rc2!.gasUsed);
    await t.feed.connect(deployer).setPrice(54000n * 10n ** 8n);
    console.log("lev after -10%", await t.vault.leverage(), "status", await t.vault.rebalanceStatus());
    const rc3 = await (await t.vault.rebalance()).wait();
    console.log("rebalance gas", rc3!.gasUsed, "lev", await t.vault.leverage());
    const bal = await t.token.balanceOf(alice);
    const pr = await t.vault.previewRedeem(bal / 2n);
    const rc4 = await (await t.vault.connect(alice).redeem(bal / 2n, 0, alice.address)).wait();
    console.log("redeem gas", rc4!.gasUsed, "preview", pr, "usdc", await p.usdc.balanceOf(alice));
    expect(await t.vault.leverage()).to.be.greaterThan(0n);
  });
});
