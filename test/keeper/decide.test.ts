// keeper/decide.ts: vault states in, actions out, no chain.
import { expect } from "chai";
import { actionKey, decide, settleKey, type VaultView } from "../../keeper/decide.js";
import { Status } from "../../sdk/status.js";

const WAD = 10n ** 18n;
const view = (
  vault: string,
  status: Status,
  leverage: bigint,
  target = 3n * WAD,
  ok = true,
  settleableRequests = 0n
): VaultView => ({
  vault,
  symbol: vault.toUpperCase(),
  ok,
  status,
  leverage,
  targetLeverage: target,
  settleableRequests,
});
const withRequests = (v: VaultView, n: bigint): VaultView => ({ ...v, settleableRequests: n });

describe("keeper/decide", () => {
  it("returns nothing when every vault is NONE", () => {
    expect(decide([view("a", Status.NONE, 3n * WAD), view("b", Status.NONE, (35n * WAD) / 10n)])).to.deep.equal([]);
  });

  it("puts ripcords before rebalances and iterations, whatever the input order", () => {
    const actions = decide([
      view("r1", Status.REBALANCE, (39n * WAD) / 10n),
      view("it", Status.ITERATE, (32n * WAD) / 10n),
      view("rc", Status.RIPCORD, 6n * WAD),
    ]);
    expect(actions.map((a) => [a.vault, a.kind])).to.deep.equal([
      ["rc", "ripcord"],
      ["r1", "rebalance"],
      ["it", "rebalance"],
    ]);
  });

  it("orders ripcords by leverage and rebalances by distance from target, either side", () => {
    const actions = decide([
      view("small", Status.REBALANCE, (36n * WAD) / 10n), // 0.6 off
      view("rc5", Status.RIPCORD, 5n * WAD),
      view("under", Status.REBALANCE, 2n * WAD), // 1.0 off, below target
      view("rc7", Status.RIPCORD, 7n * WAD),
    ]);
    expect(actions.map((a) => a.vault)).to.deep.equal(["rc7", "rc5", "under", "small"]);
  });

  it("skips vaults the lens could not read", () => {
    expect(decide([view("bad", Status.RIPCORD, 9n * WAD, 3n * WAD, false)])).to.deep.equal([]);
  });

  it("never sends twice for the same vault and condition while one is pending", () => {
    const vaults = [view("0xAbC", Status.REBALANCE, 4n * WAD), view("d", Status.RIPCORD, 6n * WAD)];
    const pending = new Set([actionKey("0xabc", Status.REBALANCE)]);
    expect(decide(vaults, { pending }).map((a) => a.vault)).to.deep.equal(["d"]);
    expect(decide(vaults, pending).map((a) => a.vault)).to.deep.equal(["d"]); // the pending set alone
  });

  it("acts on a new condition of a vault whose earlier action is still pending", () => {
    const pending = new Set([actionKey("v", Status.REBALANCE)]);
    const actions = decide([view("v", Status.RIPCORD, 6n * WAD)], { pending });
    expect(actions).to.have.length(1);
    expect(actions[0].kind).to.equal("ripcord");
  });

  it("keys actions case-insensitively by vault and status", () => {
    expect(actionKey("0xABCD", 1)).to.equal(actionKey("0xabcd", 1));
    expect(actionKey("0xabcd", 1)).to.not.equal(actionKey("0xabcd", 2));
  });

  it("measures each drift against the action's own target, which the action carries", () => {
    // 2x target at 2.9x (0.9 off) goes before a 3x target at 3.5x (0.5 off), though its leverage is lower
    const actions = decide([
      view("t3", Status.REBALANCE, (35n * WAD) / 10n),
      view("t2", Status.REBALANCE, (29n * WAD) / 10n, 2n * WAD),
    ]);
    expect(actions.map((a) => [a.vault, a.targetLeverage])).to.deep.equal([
      ["t2", 2n * WAD],
      ["t3", 3n * WAD],
    ]);
  });

  it("settles every vault with settleable requests after every ripcord and before every rebalance", () => {
    const actions = decide([
      view("r1", Status.REBALANCE, (39n * WAD) / 10n),
      withRequests(view("s1", Status.NONE, 3n * WAD), 2n),
      view("rc", Status.RIPCORD, 6n * WAD),
      withRequests(view("s2", Status.ITERATE, (32n * WAD) / 10n), 7n),
    ]);
    expect(actions.map((a) => [a.vault, a.kind, a.requests])).to.deep.equal([
      ["rc", "ripcord", 0n],
      ["s2", "settle", 7n], // most requests first
      ["s1", "settle", 2n],
      ["r1", "rebalance", 0n],
      ["s2", "rebalance", 0n],
    ]);
  });

  it("gives a vault in RIPCORD with requests both actions, the ripcord ahead of the settle", () => {
    const actions = decide([withRequests(view("v", Status.RIPCORD, 6n * WAD), 3n)]);
    expect(actions.map((a) => a.kind)).to.deep.equal(["ripcord", "settle"]);
  });

  it("caps a settlement at maxRequests and sends none for a vault with nothing settleable", () => {
    const actions = decide(
      [withRequests(view("big", Status.NONE, 3n * WAD), 120n), view("none", Status.NONE, 3n * WAD)],
      {
        maxRequests: 50n,
      }
    );
    expect(actions.map((a) => [a.vault, a.requests])).to.deep.equal([["big", 50n]]);
    expect(decide([withRequests(view("one", Status.NONE, 3n * WAD), 1n)], { maxRequests: 50n })[0].requests).to.equal(
      1n
    );
  });

  it("sends no second settlement for a vault while one is in flight, but still its rebalance", () => {
    const v = withRequests(view("0xAbC", Status.REBALANCE, 4n * WAD), 4n);
    const actions = decide([v], { pending: new Set([settleKey("0xabc")]) });
    expect(actions.map((a) => a.kind)).to.deep.equal(["rebalance"]);
    expect(settleKey("0xABC")).to.not.equal(actionKey("0xabc", Status.REBALANCE));
  });

  it("does not settle a vault the lens could not read", () => {
    expect(decide([withRequests(view("bad", Status.NONE, 0n, 3n * WAD, false), 5n)])).to.deep.equal([]);
  });
});
