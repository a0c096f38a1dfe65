// Gas benchmark: `npm run bench:gas` (hardhat run, in-process network).
// Deploys the default protocol with deployProtocol, runs one fixed scenario (fixed amounts, fixed 60 s steps,
// fixed prices) and prints the gas of each user-facing operation, then the diff against the committed baseline
// in docs/gas.md. With GAS_WRITE=1 it rewrites that baseline instead. Figures, not assertions: nothing here fails
// on a regression; the reviewer reads the diff.
import { readFile, writeFile } from "node:fs/promises";
import { network } from "hardhat";
import { Signature, parseUnits, type ContractTransactionResponse } from "ethers";
import { defaultConfig } from "../../deploy/config/defaults.js";
import { deployProtocol, type Protocol } from "../../deploy/protocol.js";
import { executeThroughTimelock, timelockCall } from "../../deploy/timelock.js";
import { Status } from "../../sdk/status.js";
import { parseBaseline, renderDiff, renderTable, withTable, type GasRow } from "./gasBaseline.js";

const DOC = new URL("../../docs/gas.md", import.meta.url);
const STEP = 60; // seconds between operations: the streaming fee accrues on every mint and redeem
const DEADLINE = 4_102_444_800n; // 2100-01-01, a fixed permit deadline
const usdc = (x: string) => parseUnits(x, 6);
const price = (x: string) => parseUnits(x, 8); // feed answers, 8 decimals

/** Row order of the table (the order the scenario does not follow). */
const ORDER = [
  "first mint",
  "mint (new holder)",
  "mint (existing holder)",
  "partial redeem",
  "full redeem",
  "rebalance (long)",
  "rebalance (short)",
  "ITERATE step",
  "ripcord",
  "token transfer (to a new holder)",
  "mintWithPermit (existing holder)",
  "requestMint (first in the vault)",
  "requestMint (first of its round)",
  "requestMint (next in its round)",
  "requestMintWithPermit (next in its round)",
  "requestRedeem",
  "settle (1 request)",
  "settle (10 requests)",
  "cancelRequest (round missed)",
];

type Connection = Awaited<ReturnType<typeof network.create>>;
type Signer = Awaited<ReturnType<Connection["ethers"]["getSigners"]>>[number];

/** What every phase of the scenario shares: the protocol, the actors, and the gas measured so far. */
interface Scenario {
  connection: Connection;
  p: Protocol;
  users: { deployer: Signer; alice: Signer; bob: Signer; carol: Signer; dave: Signer; keeper: Signer };
  gas: Map<string, bigint>;
  measure(op: string, tx: Promise<ContractTransactionResponse>): Promise<void>;
  step(): Promise<void>;
  expectStatus(symbol: string, want: Status): Promise<void>;
}

async function setUp(): Promise<Scenario> {
  const connection = await network.create();
  const { ethers, networkHelpers } = connection;
  const p = await deployProtocol(connection);
  const [deployer, alice, bob, carol, dave, keeper] = await ethers.getSigners();
  const gas = new Map<string, bigint>();
  const s: Scenario = {
    connection,
    p,
    users: { deployer, alice, bob, carol, dave, keeper },
    gas,
    async measure(op, tx) {
      const receipt = await (await tx).wait();
      gas.set(op, receipt!.gasUsed);
    },
    step: () => networkHelpers.time.increase(STEP).then(() => undefined),
    async expectStatus(symbol, want) {
      const got = await p.tokens[symbol].vault.rebalanceStatus();
      if (got !== BigInt(want)) throw new Error(`gas scenario: ${symbol} status ${got}, expected ${want}`);
    },
  };

  // Setup (not measured): collateral and approvals for everyone, a chunk size that makes ETH2L iterate.
  for (const user of [alice, bob, carol, dave]) await p.usdc.mint(user.address, usdc("1000000"));
  for (const user of [alice, bob, carol]) {
    for (const t of [p.tokens.BTC3L, p.tokens.BTC3S, p.tokens.ETH2L]) {
      await p.usdc.connect(user).approve(t.vault, ethers.MaxUint256);
    }
  }
  const ethConfig = defaultConfig.tokens.find((t) => t.symbol === "ETH2L")!;
  const smallChunks = { ...ethConfig.params, maxTradeSize: usdc("1000") };
  const call = await timelockCall(p.tokens.ETH2L.vault, "setParams", [smallChunks]);
  await (await executeThroughTimelock(p.timelock, [call], (dt) => networkHelpers.time.increase(dt))).wait();
  return s;
}

/** First mint, the warm-up, mints, redeems and a token transfer on BTC3L. */
async function mintsAndRedeems(s: Scenario) {
  const { alice, bob, carol, dave } = s.users;
  const btcLong = s.p.tokens.BTC3L;
  await s.measure("first mint", btcLong.vault.connect(alice).mint(usdc("10000"), 0, alice.address));
  await s.step();
  // Warm-up (not measured): the fee recipient receives its first streaming-fee tokens here, so the rows below
  // are the steady state. The short and the ETH vault get their holders.
  await btcLong.vault.connect(carol).mint(usdc("1000"), 0, carol.address);
  await s.p.tokens.BTC3S.vault.connect(carol).mint(usdc("10000"), 0, carol.address);
  await s.p.tokens.ETH2L.vault.connect(carol).mint(usdc("10000"), 0, carol.address);
  await s.step();

  await s.measure("mint (new holder)", btcLong.vault.connect(bob).mint(usdc("1000"), 0, bob.address));
  await s.step();
  await s.measure("mint (existing holder)", btcLong.vault.connect(alice).mint(usdc("1000"), 0, alice.address));
  await s.step();
  const aliceTokens = await btcLong.token.balanceOf(alice.address);
  await s.measure("partial redeem", btcLong.vault.connect(alice).redeem(aliceTokens / 2n, 0, alice.address));
  await s.step();
  const bobTokens = await btcLong.token.balanceOf(bob.address);
  await s.measure("full redeem", btcLong.vault.connect(bob).redeem(bobTokens, 0, bob.address));
  await s.step();
  await s.measure(
    "token transfer (to a new holder)",
    btcLong.token.connect(alice).transfer(dave.address, aliceTokens / 4n)
  );
  await s.step();
}

/** mintWithPermit: dave holds tokens now and has never approved the vault. */
async function permitMint(s: Scenario) {
  const { dave } = s.users;
  const { p } = s;
  const btcLong = p.tokens.BTC3L;
  const amount = usdc("1000");
  const { chainId } = await s.connection.ethers.provider.getNetwork();
  const vaultAddress = await btcLong.vault.getAddress();
  const signature = Signature.from(
    await dave.signTypedData(
      { name: await p.usdc.name(), version: "1", chainId, verifyingContract: await p.usdc.getAddress() },
      {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      {
        owner: dave.address,
        spender: vaultAddress,
        value: amount,
        nonce: await p.usdc.nonces(dave.address),
        deadline: DEADLINE,
      }
    )
  );
  await s.measure(
    "mintWithPermit (existing holder)",
    btcLong.vault.connect(dave).mintWithPermit(amount, 0, dave.address, DEADLINE, signature.v, signature.r, signature.s)
  );
  await s.step();
}

/** A permit signature by `owner` letting `spender` take `amount` of USDC. */
async function permit(s: Scenario, owner: Signer, spender: string, amount: bigint) {
  const { chainId } = await s.connection.ethers.provider.getNetwork();
  return Signature.from(
    await owner.signTypedData(
      { name: await s.p.usdc.name(), version: "1", chainId, verifyingContract: await s.p.usdc.getAddress() },
      {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      { owner: owner.address, spender, value: amount, nonce: await s.p.usdc.nonces(owner.address), deadline: DEADLINE }
    )
  );
}

/** Next-price requests on BTC3L (docs/protocol.md §5b): each kind of request, settlements of 1 and of 10, a cancel. */
async function requests(s: Scenario) {
  const { deployer, alice, bob, carol, dave, keeper } = s.users;
  const btcLong = s.p.tokens.BTC3L;
  const vault = btcLong.vault;
  const newRound = async () => {
    await btcLong.feed.connect(deployer).setPrice(await btcLong.feed.latestAnswer());
  };
  // The vault's first request writes its queue slot and the vault's collateral balance from zero.
  await s.measure("requestMint (first in the vault)", vault.connect(carol).requestMint(usdc("1000"), 0, carol.address));
  await s.measure("requestMint (next in its round)", vault.connect(bob).requestMint(usdc("1000"), 0, bob.address));
  const amount = usdc("1000");
  const sig = await permit(s, dave, await vault.getAddress(), amount);
  await s.measure(
    "requestMintWithPermit (next in its round)",
    vault.connect(dave).requestMintWithPermit(amount, 0, dave.address, DEADLINE, sig.v, sig.r, sig.s)
  );
  const aliceTokens = await btcLong.token.balanceOf(alice.address);
  await s.measure("requestRedeem", vault.connect(alice).requestRedeem(aliceTokens / 4n, 0, alice.address));
  await s.step();
  await newRound();
  await s.measure("settle (1 request)", vault.connect(keeper).settle(1));
  await vault.connect(keeper).settle(10);
  await s.step();
  // Ten requests of one round: mints by two holders and two redeems, settled in one batch. The escrow is empty
  // after the settlements above, so the round's first request writes the vault's collateral balance from zero.
  await s.measure("requestMint (first of its round)", vault.connect(alice).requestMint(usdc("500"), 0, alice.address));
  await vault.connect(bob).requestMint(usdc("500"), 0, bob.address);
  for (let i = 1; i < 4; i++) {
    for (const user of [alice, bob]) await vault.connect(user).requestMint(usdc("500"), 0, user.address);
  }
  for (let i = 0; i < 2; i++) await vault.connect(carol).requestRedeem(aliceTokens / 40n, 0, carol.address);
  await s.step();
  await newRound();
  await s.measure("settle (10 requests)", vault.connect(keeper).settle(10));
  await s.step();
  const id = await vault.connect(bob).requestMint.staticCall(usdc("500"), 0, bob.address);
  await vault.connect(bob).requestMint(usdc("500"), 0, bob.address);
  await newRound();
  await newRound();
  await s.measure("cancelRequest (round missed)", vault.connect(bob).cancelRequest(id));
  await s.step();
}

/** Band rebalances both ways, a chunked rebalance's ITERATE step, then a ripcord. */
async function rebalancesAndRipcord(s: Scenario) {
  const { deployer, keeper } = s.users;
  const { BTC3L: btcLong, BTC3S: btcShort, ETH2L: ethLong } = s.p.tokens;
  // BTC -10%: the 3x long goes to ~3.86x and the 3x short to ~2.08x, both out of their [2.5, 3.5] band.
  await btcLong.feed.connect(deployer).setPrice(price("54000"));
  await s.expectStatus("BTC3L", Status.REBALANCE);
  await s.expectStatus("BTC3S", Status.REBALANCE);
  await s.measure("rebalance (long)", btcLong.vault.connect(keeper).rebalance());
  await s.measure("rebalance (short)", btcShort.vault.connect(keeper).rebalance());
  await s.step();

  // ETH -15%: ETH2L at ~2.43x wants a 3,000 USDC trade in 1,000 USDC chunks; the second chunk is an ITERATE.
  await ethLong.feed.connect(deployer).setPrice(price("2550"));
  await s.expectStatus("ETH2L", Status.REBALANCE);
  await ethLong.vault.connect(keeper).rebalance();
  await s.step();
  await s.expectStatus("ETH2L", Status.ITERATE);
  await s.measure("ITERATE step", ethLong.vault.connect(keeper).rebalance());
  while (await ethLong.vault.iterating()) {
    await s.step();
    await ethLong.vault.connect(keeper).rebalance();
  }
  await s.step();

  // BTC a further -18% (44,280): BTC3L, back at 3x, goes to ~5.3x, past its 5x ripcord.
  await btcLong.feed.connect(deployer).setPrice(price("44280"));
  await s.expectStatus("BTC3L", Status.RIPCORD);
  await s.measure("ripcord", btcLong.vault.connect(keeper).ripcord());
}

async function measureScenario(): Promise<GasRow[]> {
  const s = await setUp();
  await mintsAndRedeems(s);
  await permitMint(s);
  await requests(s);
  await rebalancesAndRipcord(s);
  return ORDER.map((op) => {
    const g = s.gas.get(op);
    if (g === undefined) throw new Error(`gas scenario: ${op} was not measured`);
    return { op, gas: g };
  });
}

async function readDoc(): Promise<string | undefined> {
  try {
    return await readFile(DOC, "utf8");
  } catch {
    return undefined;
  }
}

const rows = await measureScenario();
console.log(renderTable(rows));
const doc = await readDoc();
if (process.env.GAS_WRITE === "1") {
  await writeFile(DOC, withTable(doc ?? "# Gas\n", rows));
  console.log("\nBaseline written to docs/gas.md.");
} else {
  const baseline = doc === undefined ? [] : parseBaseline(doc);
  if (baseline.length === 0) console.log("\nNo baseline in docs/gas.md yet: run with GAS_WRITE=1 to record one.");
  else console.log(`\nAgainst the committed baseline (docs/gas.md):\n${renderDiff(baseline, rows)}`);
}
