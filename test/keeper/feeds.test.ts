// keeper/feeds.ts: whether a vault's price is usable, and that each change is reported once.
import { expect } from "chai";
import { FeedState, feedVerdict, FeedWatch } from "../../keeper/feeds.js";

const WAD = 10n ** 18n;
const now = 1_800_000_000;
const reading = (ageS: number, ok = true, price = 60_000n * WAD) => ({ ok, price, priceUpdatedAt: BigInt(now - ageS) });

describe("keeper/feeds", () => {
  it("is usable up to maxStaleness, stale one second past it", () => {
    expect(feedVerdict(reading(3600), 3600n, now)).to.deep.equal({ state: FeedState.OK, ageS: 3600 });
    expect(feedVerdict(reading(3601), 3600n, now)).to.deep.equal({ state: FeedState.STALE, ageS: 3601 });
  });

  it("is invalid when the lens could not read the vault or the price is 0, whatever its age", () => {
    expect(feedVerdict(reading(1, false), 3600n, now).state).to.equal(FeedState.INVALID);
    expect(feedVerdict(reading(1, true, 0n), 3600n, now).state).to.equal(FeedState.INVALID);
  });

  it("does not call a price stale when the vault's maxStaleness is unknown", () => {
    expect(feedVerdict(reading(10 ** 6), undefined, now).state).to.equal(FeedState.OK);
  });

  it("reports a change once, when the state changes, and nothing for a first reading that is fine", () => {
    const w = new FeedWatch();
    const ok = feedVerdict(reading(10), 3600n, now);
    const stale = feedVerdict(reading(4000), 3600n, now);
    expect(w.update("0xA", "BTC3L", ok, 3600n)).to.equal(null);
    expect(w.update("0xA", "BTC3L", stale, 3600n)).to.deep.equal({
      vault: "0xA",
      symbol: "BTC3L",
      from: FeedState.OK,
      to: FeedState.STALE,
      ageS: 4000,
    });
    expect(w.update("0xa", "BTC3L", feedVerdict(reading(4010), 3600n, now), 3600n)).to.equal(null); // still stale
    expect(w.problems()).to.deep.equal(["BTC3L (0xa): price feed stale (4010 s old, max 3600 s)"]);
    expect(w.update("0xA", "BTC3L", ok, 3600n)?.to).to.equal(FeedState.OK);
    expect(w.problems()).to.deep.equal([]);
  });

  it("reports a vault that starts out broken, and lists it as a problem", () => {
    const w = new FeedWatch();
    const change = w.update("0xB", "ETH2L", feedVerdict(reading(1, false), 3600n, now));
    expect([change?.from, change?.to]).to.deep.equal([null, FeedState.INVALID]);
    expect(w.problems()).to.deep.equal(["ETH2L (0xB): price feed invalid"]);
  });
});
