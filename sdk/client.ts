// A client for wallets and front ends on ethers v6: list tokens, quote, mint (permit or approve), redeem,
// track positions. Typed by TypeChain; every revert comes back as a LeverError naming the custom error.
import {
  Signature,
  TypedDataEncoder,
  ZeroAddress,
  type ContractRunner,
  type Provider,
  type Signer,
  type TypedDataDomain,
} from "ethers";
import {
  LeveragedToken__factory,
  LeverageVault__factory,
  ICollateral__factory,
  MockUSDC__factory,
  VaultLens__factory,
  type LeveragedToken,
  type LeverageVault,
  type ICollateral,
  type VaultLens,
} from "../types/ethers-contracts/index.js";
import type { TypedContractEvent } from "../types/ethers-contracts/common.js";
import { parseDeployment, type Deployment } from "./deployment.js";
import { decodeError, LeverError } from "./errors.js";
import { costBasis, type LedgerEntry } from "./position.js";
import { STATUS_NAMES, type StatusName } from "./status.js";

const WAD = 10n ** 18n;
const BPS = 10_000n;

/** A vault's rebalance status by name (sdk/status.ts). */
export type RebalanceStatus = StatusName;

export interface LeverClientOptions {
  /** Default slippage bound on mint and redeem, basis points. Default 50 (0.5%). */
  slippageBps?: number;
  /** Lifetime of a permit signature, seconds from the latest block. Default 1200 (20 min). */
  deadlineSeconds?: number;
  /** First block to read an account's history from (position). Default 0. */
  fromBlock?: number;
}

export interface TokenInfo {
  symbol: string;
  token: string;
  vault: string;
  market: string;
  direction: "long" | "short";
  /** Target leverage, WAD. */
  targetLeverage: bigint;
  /** Current leverage, WAD. */
  leverage: bigint;
  /** Collateral units 1e18 tokens are worth. */
  nav: bigint;
  equity: bigint;
  totalSupply: bigint;
  status: RebalanceStatus;
  mintPaused: boolean;
  /** False when the vault's views revert (unusable oracle): mint and redeem would revert too. */
  priceOk: boolean;
}

export interface MintQuote {
  collateralIn: bigint;
  tokensOut: bigint;
  minTokensOut: bigint;
}

export interface RedeemQuote {
  tokensIn: bigint;
  collateralOut: bigint;
  minCollateralOut: bigint;
}

export interface TxOptions {
  /** Overrides the client's slippage for this call, basis points. */
  slippageBps?: number;
  /** Receiver of the tokens (mint) or collateral (redeem); default the signer. */
  receiver?: string;
}

export interface MintOptions extends TxOptions {
  /** "auto" (default) uses permit when the collateral supports EIP-2612, approve otherwise. */
  method?: "auto" | "permit" | "approve";
  /** Exact minimum instead of the slippage bound. */
  minTokensOut?: bigint;
  /** Permit deadline (unix seconds); default latest block + deadlineSeconds. */
  deadline?: bigint;
}

export interface RedeemOptions extends TxOptions {
  minCollateralOut?: bigint;
}

export interface MintResult {
  hash: string;
  method: "permit" | "approve";
  collateralIn: bigint;
  tokensOut: bigint;
  mintFee: bigint;
  tradeFee: bigint;
}

export interface RedeemResult {
  hash: string;
  tokensIn: bigint;
  collateralOut: bigint;
  redeemFee: bigint;
  tradeFee: bigint;
}

export interface Position {
  symbol: string;
  account: string;
  balance: bigint;
  /** balance x NAV, collateral units (rounded down). */
  value: bigint;
  /** What redeeming the whole balance pays now, every fee included (0 for an empty balance). */
  redeemValue: bigint;
  /** Cost of the tokens held (average cost), collateral units. */
  costBasis: bigint;
  /** value - costBasis. */
  unrealizedPnl: bigint;
  realizedPnl: bigint;
  /** realized + unrealized. */
  pnl: bigint;
  invested: bigint;
  withdrawn: bigint;
}

export class LeverClient {
  readonly deployment: Deployment;
  readonly runner: Signer | Provider;
  readonly provider: Provider;
  readonly slippageBps: number;
  readonly deadlineSeconds: number;
  readonly fromBlock: number;
  readonly lens: VaultLens;
  /** The collateral as any ERC-20 with EIP-2612 permit (real USDC on live chains). */
  readonly collateral: ICollateral;
  #permit?: Promise<TypedDataDomain | undefined>;

  constructor(deployment: Deployment | unknown, runner: Signer | Provider, options: LeverClientOptions = {}) {
    this.deployment = parseDeployment(deployment);
    this.runner = runner;
    const provider = "getBlockNumber" in runner ? (runner as Provider) : (runner as Signer).provider;
    if (!provider) throw new Error("LeverClient needs a provider, or a signer connected to one");
    this.provider = provider;
    this.slippageBps = options.slippageBps ?? 50;
    this.deadlineSeconds = options.deadlineSeconds ?? 1200;
    this.fromBlock = options.fromBlock ?? 0;
    if (this.slippageBps < 0 || this.slippageBps >= 10_000)
      throw new Error(`slippageBps ${this.slippageBps} out of [0, 10000)`);
    this.lens = VaultLens__factory.connect(this.deployment.lens, runner as ContractRunner);
    this.collateral = ICollateral__factory.connect(this.deployment.collateral, runner as ContractRunner);
  }

  /** Like the constructor, and checks that the provider is on the record's chain. */
  static async connect(deployment: Deployment | unknown, runner: Signer | Provider, options?: LeverClientOptions) {
    const client = new LeverClient(deployment, runner, options);
    const { chainId } = await client.provider.getNetwork();
    if (Number(chainId) !== client.deployment.chainId) {
      throw new Error(`deployment is for chain ${client.deployment.chainId}, provider is on chain ${chainId}`);
    }
    return client;
  }

  get symbols(): string[] {
    return this.deployment.tokens.map((t) => t.symbol);
  }

  #entry(symbol: string) {
    const t = this.deployment.tokens.find((x) => x.symbol === symbol);
    if (!t) throw new Error(`unknown token ${symbol} (have ${this.symbols.join(", ")})`);
    return t;
  }

  vault(symbol: string): LeverageVault {
    return LeverageVault__factory.connect(this.#entry(symbol).vault, this.runner as ContractRunner);
  }

  token(symbol: string): LeveragedToken {
    return LeveragedToken__factory.connect(this.#entry(symbol).token, this.runner as ContractRunner);
  }

  #signer(): Signer {
    if (!("signTypedData" in this.runner))
      throw new Error("this action needs a signer, the client was given a provider");
    return this.runner as Signer;
  }

  /** Every token of the deployment with its live state, in one call to the lens. */
  async listTokens(): Promise<TokenInfo[]> {
    const states = await this.#call("listTokens", () =>
      this.lens.getVaults(this.deployment.tokens.map((t) => t.vault))
    );
    return states.map((s, i) => ({
      symbol: this.deployment.tokens[i].symbol,
      token: s.token,
      vault: s.vault,
      market: s.market,
      direction: s.isLong ? "long" : "short",
      targetLeverage: s.targetLeverage,
      leverage: s.leverage,
      nav: s.nav,
      equity: s.equity,
      totalSupply: s.totalSupply,
      status: STATUS_NAMES[Number(s.status)] ?? "NONE",
      mintPaused: s.mintPaused,
      priceOk: s.ok,
    }));
  }

  #bound(amount: bigint, slippageBps = this.slippageBps): bigint {
    if (slippageBps < 0 || slippageBps >= 10_000) throw new Error(`slippageBps ${slippageBps} out of [0, 10000)`);
    return (amount * (BPS - BigInt(slippageBps))) / BPS;
  }

  /** Tokens `collateralIn` mints now (exact for this block, every fee included) and the slippage-bounded minimum. */
  async quoteMint(symbol: string, collateralIn: bigint, slippageBps?: number): Promise<MintQuote> {
    const tokensOut = await this.#call("quoteMint", () => this.vault(symbol).previewMint(collateralIn));
    return { collateralIn, tokensOut, minTokensOut: this.#bound(tokensOut, slippageBps) };
  }

  /** Collateral `tokensIn` redeems for now (exact for this block, every fee included) and the slippage-bounded minimum. */
  async quoteRedeem(symbol: string, tokensIn: bigint, slippageBps?: number): Promise<RedeemQuote> {
    const collateralOut = await this.#call("quoteRedeem", () => this.vault(symbol).previewRedeem(tokensIn));
    return { tokensIn, collateralOut, minCollateralOut: this.#bound(collateralOut, slippageBps) };
  }

  /** Whether the collateral takes EIP-2612 permits: it has `nonces` and a domain we can reproduce. Cached. */
  async supportsPermit(): Promise<boolean> {
    return (await this.#permitDomain()) !== undefined;
  }

  /** Mock collateral only: takes `amount` from the faucet (capped per call by the contract). */
  async faucet(amount: bigint): Promise<string> {
    const mock = MockUSDC__factory.connect(this.deployment.collateral, this.#signer());
    return this.#send("faucet", async () => mock.faucet(amount));
  }

  /** Mints `symbol` for `collateralIn`, with a permit signature when the collateral supports it, else approve + mint. */
  async mint(symbol: string, collateralIn: bigint, options: MintOptions = {}): Promise<MintResult> {
    const signer = this.#signer();
    const owner = await signer.getAddress();
    const receiver = options.receiver ?? owner;
    const vault = this.vault(symbol).connect(signer);
    const minTokensOut =
      options.minTokensOut ?? (await this.quoteMint(symbol, collateralIn, options.slippageBps)).minTokensOut;
    const method =
      options.method === "auto" || options.method === undefined
        ? (await this.supportsPermit())
          ? "permit"
          : "approve"
        : options.method;

    let hash: string;
    if (method === "permit") {
      const deadline = options.deadline ?? (await this.#deadline());
      const { v, r, s } = await this.#signPermit(signer, owner, await vault.getAddress(), collateralIn, deadline);
      hash = await this.#send("mint", () =>
        vault.mintWithPermit(collateralIn, minTokensOut, receiver, deadline, v, r, s)
      );
    } else {
      const spender = await vault.getAddress();
      if ((await this.collateral.allowance(owner, spender)) < collateralIn) {
        // Exactly the amount: a wallet should not leave an unlimited allowance behind.
        await this.#send("approve", () => this.collateral.connect(signer).approve(spender, collateralIn));
      }
      hash = await this.#send("mint", () => vault.mint(collateralIn, minTokensOut, receiver));
    }
    const event = await this.#event(hash, vault, vault.filters.Minted);
    return {
      hash,
      method,
      collateralIn: event.collateralIn,
      tokensOut: event.tokensOut,
      mintFee: event.mintFee,
      tradeFee: event.tradeFee,
    };
  }

  /** Redeems `tokensIn` (or "all" of the signer's balance) of `symbol` for collateral; no approval needed. */
  async redeem(symbol: string, tokensIn: bigint | "all", options: RedeemOptions = {}): Promise<RedeemResult> {
    const signer = this.#signer();
    const owner = await signer.getAddress();
    const amount = tokensIn === "all" ? await this.token(symbol).balanceOf(owner) : tokensIn;
    const vault = this.vault(symbol).connect(signer);
    const minCollateralOut =
      options.minCollateralOut ?? (await this.quoteRedeem(symbol, amount, options.slippageBps)).minCollateralOut;
    const hash = await this.#send("redeem", () => vault.redeem(amount, minCollateralOut, options.receiver ?? owner));
    const event = await this.#event(hash, vault, vault.filters.Redeemed);
    return {
      hash,
      tokensIn: event.tokensIn,
      collateralOut: event.collateralOut,
      redeemFee: event.redeemFee,
      tradeFee: event.tradeFee,
    };
  }

  /** Balance, value, cost basis and PnL of `account` (default the signer) in `symbol`, from its own events. */
  async position(symbol: string, account?: string): Promise<Position> {
    const who = account ?? (await this.#signer().getAddress());
    const vault = this.vault(symbol);
    const token = this.token(symbol);
    const [balance, nav] = await Promise.all([token.balanceOf(who), this.#call("position", () => vault.nav())]);
    const value = (balance * nav) / WAD;
    const redeemValue = balance === 0n ? 0n : await vault.previewRedeem(balance).catch(() => 0n);
    const ledger = costBasis(await this.#history(vault, token, who));
    return {
      symbol,
      account: who,
      balance,
      value,
      redeemValue,
      costBasis: ledger.costBasis,
      unrealizedPnl: value - ledger.costBasis,
      realizedPnl: ledger.realizedPnl,
      pnl: ledger.realizedPnl + value - ledger.costBasis,
      invested: ledger.invested,
      withdrawn: ledger.withdrawn,
    };
  }

  /** The account's Minted / Redeemed / Transfer events as ledger entries, in chain order. */
  async #history(vault: LeverageVault, token: LeveragedToken, who: string): Promise<LedgerEntry[]> {
    const from = this.fromBlock;
    const [minted, redeemed, sent, received] = await Promise.all([
      vault.queryFilter(vault.filters.Minted(undefined, who), from),
      vault.queryFilter(vault.filters.Redeemed(who, undefined), from),
      token.queryFilter(token.filters.Transfer(who, undefined), from),
      token.queryFilter(token.filters.Transfer(undefined, who), from),
    ]);
    type Item = { block: number; index: number; entry: Promise<LedgerEntry> | LedgerEntry | undefined };
    const items: Item[] = [];
    // Mint and burn Transfers are covered by Minted / Redeemed of the same transaction and amount.
    const covered = new Set<string>();
    for (const e of minted) {
      covered.add(`${e.transactionHash}:in:${e.args.tokensOut}`);
      items.push({
        block: e.blockNumber,
        index: e.index,
        entry: { kind: "mint", tokens: e.args.tokensOut, collateral: e.args.collateralIn },
      });
    }
    for (const e of redeemed) {
      covered.add(`${e.transactionHash}:out:${e.args.tokensIn}`);
      items.push({
        block: e.blockNumber,
        index: e.index,
        entry: { kind: "redeem", tokens: e.args.tokensIn, collateral: e.args.collateralOut },
      });
    }
    for (const e of received) {
      if (e.args.from === who || covered.has(`${e.transactionHash}:in:${e.args.value}`)) continue;
      const tokens = e.args.value;
      const navThen = vault.nav({ blockTag: e.blockNumber }).catch(() => vault.nav());
      items.push({
        block: e.blockNumber,
        index: e.index,
        entry: navThen.then((n) => ({ kind: "transferIn", tokens, value: (tokens * n) / WAD })),
      });
    }
    for (const e of sent) {
      if (e.args.to === who || covered.has(`${e.transactionHash}:out:${e.args.value}`)) continue;
      items.push({ block: e.blockNumber, index: e.index, entry: { kind: "transferOut", tokens: e.args.value } });
    }
    items.sort((a, b) => a.block - b.block || a.index - b.index);
    return (await Promise.all(items.map((i) => i.entry))).filter((e): e is LedgerEntry => e !== undefined);
  }

  async #deadline(): Promise<bigint> {
    const block = await this.provider.getBlock("latest");
    const now = Math.max(block?.timestamp ?? 0, Math.floor(Date.now() / 1000));
    return BigInt(now + this.deadlineSeconds);
  }

  async #signPermit(signer: Signer, owner: string, spender: string, value: bigint, deadline: bigint) {
    const [nonce, domain] = await Promise.all([this.collateral.nonces(owner), this.#permitDomain()]);
    if (!domain)
      throw new LeverError(
        "PermitUnsupported",
        {},
        'the collateral takes no EIP-2612 permit: use method "approve"',
        {}
      );
    const signature = await signer.signTypedData(
      domain,
      {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      { owner, spender, value, nonce, deadline }
    );
    return Signature.from(signature);
  }

  /**
   * The collateral's EIP-712 domain, checked against its DOMAIN_SEPARATOR: EIP-5267 `eip712Domain()` when
   * present, else its name with version "1" or "2" (Circle's USDC). Undefined when the token takes no permit.
   */
  #permitDomain(): Promise<TypedDataDomain | undefined> {
    this.#permit ??= (async () => {
      const c = this.collateral;
      const [separator] = await Promise.all([c.DOMAIN_SEPARATOR(), c.nonces(ZeroAddress)]).catch(() => [undefined]);
      if (separator === undefined) return undefined;
      const candidates: TypedDataDomain[] = [];
      const d = await c.eip712Domain().catch(() => undefined);
      if (d)
        candidates.push({
          name: d.name,
          version: d.version,
          chainId: d.chainId,
          verifyingContract: d.verifyingContract,
        });
      const [name, { chainId }] = await Promise.all([c.name(), this.provider.getNetwork()]);
      for (const version of ["1", "2"])
        candidates.push({ name, version, chainId, verifyingContract: this.deployment.collateral });
      return candidates.find((domain) => TypedDataEncoder.hashDomain(domain) === separator);
    })();
    return this.#permit;
  }

  /** Sends a transaction, waits for it, and turns any revert (at estimate, send or receipt) into a LeverError. */
  async #send(action: string, send: () => Promise<{ hash: string; wait(): Promise<unknown> }>): Promise<string> {
    try {
      const tx = await send();
      await tx.wait();
      return tx.hash;
    } catch (e) {
      throw decodeError(e, action);
    }
  }

  async #call<T>(action: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      throw decodeError(e, action);
    }
  }

  /** The args of `event` the vault emitted in transaction `hash`, typed by TypeChain. */
  async #event<E extends TypedContractEvent>(hash: string, vault: LeverageVault, event: E) {
    const receipt = await this.provider.getTransactionReceipt(hash);
    if (receipt) {
      const logs = await vault.queryFilter(event, receipt.blockNumber, receipt.blockNumber);
      const log = logs.find((l) => l.transactionHash === hash);
      if (log) return log.args;
    }
    throw new LeverError("MissingEvent", { hash }, `event not found in ${hash}`, {});
  }
}
