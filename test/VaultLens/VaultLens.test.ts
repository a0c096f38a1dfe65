// VaultLens: every vault's state in one call (docs/protocol.md §2), never reverting for one bad vault.
import { expect } from "chai";
import { deployFixture, networkHelpers } from "../helpers/fixtures.js";
import { usdc } from "../helpers/units.js";
import type { Deployment } from "../helpers/fixtures.js";

/** Every default vault minted, BTC moved 3% so that leverages differ from target. */
async function activeFixture(conn: Parameters<typeof deployFixture>[0]): Promise<Deployment> {
  const d = await deployFixture(conn);
  const { alice } = d.users;
  for (const t of Object.values(d.tokens)) await t.vault.connect(alice).mint(usdc(5_000), 0n, alice);
  const btc = d.markets["BTC-USD"].feed;
  await btc.setPrice(((await btc.latestRoundData())[1] * 103n) / 100n);
  return d;
}

async function expectMatchesVault(d: Deployment, state: Awaited<ReturnType<Deployment["lens"]["getVault"]>>) {
  const symbol = state.symbol;
  const t = d.tokens[symbol];
  const params = await t.vault.params();
  const [price, updatedAt] = await t.market.markPrice();
  expect(state.vault).to.equal(await t.vault.getAddress());
  expect(state.token).to.equal(await t.token.getAddress());
  expect(state.market).to.equal(await t.market.getAddress());
  expect(state.ok).to.equal(true);
  expect(state.isLong).to.equal(await t.vault.isLong());
  expect(state.targetLeverage).to.equal(await t.vault.targetLeverage());
  expect(state.leverage).to.equal(await t.vault.leverage());
  expect(state.equity).to.equal(await t.vault.equity());
  expect(state.nav).to.equal(await t.vault.nav());
  expect(state.status).to.equal(await t.vault.rebalanceStatus());
  expect(state.totalSupply).to.equal(await t.token.totalSupply());
  expect(state.positionSize).to.equal(await t.vault.positionSize());
  expect(state.minLeverage).to.equal(params.minLeverage);
  expect(state.maxLeverage).to.equal(params.maxLeverage);
  expect(state.ripcordLeverage).to.equal(params.ripcordLeverage);
  expect(state.price).to.equal(price);
  expect(state.priceUpdatedAt).to.equal(updatedAt);
  expect(state.mintPaused).to.equal(await t.vault.mintPaused());
  expect(state.iterating).to.equal(await t.vault.iterating());
  expect(state.lastRebalanceTime).to.equal(await t.vault.lastRebalanceTime());
}

describe("VaultLens", () => {
  it("getVaults returns what each vault's own views return", async () => {
    const d = await networkHelpers.loadFixture(activeFixture);
    const states = await d.lens.getVaults([...(await d.factory.allVaults())]);
    expect(states.map((s) => s.symbol)).to.deep.equal(["BTC3L", "BTC3S", "ETH2L", "ETH2S"]);
    for (const s of states) await expectMatchesVault(d, s);
    // the BTC move shows: leverage off target one way for the long, the other way for the short
    expect(states[0].leverage).to.be.lt(states[0].targetLeverage);
    expect(states[1].leverage).to.be.gt(states[1].targetLeverage);
  });

  it("getFactoryVaults pages through the factory with the same figures and the total", async () => {
    const d = await networkHelpers.loadFixture(activeFixture);
    const all = await d.lens.getVaults([...(await d.factory.allVaults())]);
    const [page, total] = await d.lens.getFactoryVaults(d.factory, 1, 2);
    expect(total).to.equal(4n);
    expect(page.map((s) => s.vault)).to.deep.equal(all.slice(1, 3).map((s) => s.vault));
    for (let i = 0; i < page.length; i++) expect([...page[i]]).to.deep.equal([...all[i + 1]]);
    const [whole] = await d.lens.getFactoryVaults(d.factory, 0, 100);
    expect(whole.length).to.equal(4);
    const [none, total2] = await d.lens.getFactoryVaults(d.factory, 4, 10);
    expect(none.length).to.equal(0);
    expect(total2).to.equal(4n);
  });

  it("an invalid oracle answer gives ok = false for that market's vaults without reverting", async () => {
    const d = await networkHelpers.loadFixture(activeFixture);
    await d.markets["BTC-USD"].feed.setPrice(0n);
    const states = await d.lens.getVaults([...(await d.factory.allVaults())]);
    for (const s of states) {
      const onBtc = s.symbol.startsWith("BTC");
      expect(s.ok).to.equal(!onBtc, s.symbol);
      if (onBtc) {
        expect(s.price).to.equal(0n);
        expect(s.leverage).to.equal(0n);
        expect(s.status).to.equal(0n);
        // what is known without a price is still reported
        expect(s.totalSupply).to.be.gt(0n);
        expect(s.positionSize).to.not.equal(0n);
      } else {
        await expectMatchesVault(d, s);
      }
    }
  });

  it("a stale oracle is reported as it is: ok, status NONE, the old updatedAt", async () => {
    const d = await networkHelpers.loadFixture(activeFixture);
    await networkHelpers.time.increase(2 * 3600);
    const states = await d.lens.getVaults([...(await d.factory.allVaults())]);
    for (const s of states) {
      expect(s.ok).to.equal(true);
      expect(s.status).to.equal(0n);
      expect(BigInt(await networkHelpers.time.latest()) - s.priceUpdatedAt).to.be.gt(3600n);
    }
  });
});
