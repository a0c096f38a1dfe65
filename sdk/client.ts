// A client for wallets and front ends on ethers v6: list tokens, quote (instant and next-price, with the fee
// breakdown), mint (permit or approve), redeem, request a next-price mint or redeem and follow it to settlement or
// refund, track positions with their pending requests. Every failure is a LeverError. Browser-safe.
import {
  Signature,
  TypedDataEncoder,
  ZeroAddress,
  type ContractRunner,
  type ContractTransaction,
  type Provider,
  type Signer,
  type TransactionReceipt,
  type TypedDataDomain,
} from "ethers";
import {
  collateralAt,
  factoryAt,
  lensAt,
  mockUsdcAt,
  tokenAt,
  vaultAt,
  type ICollateral,
  type LeveragedToken,
  type LeveragedTokenFactory,
  type LeverageVault,
  type VaultLens,
} from "./contracts.js";
import { parseDeployment, type Deployment } from "./record.js";
import { decodeError, LeverError, sdkError } from "./errors.js";
import { history } from "./history.js";
import { withGasMargin } from "./gas.js";
import { NonceTracker, pendingNonce } from "./nonces.js";
import { costBasis } from "./position.js";
import {
  mintQuote,
  redeemQuote,
  requestEstimate,
  type MintQuote,
  type RedeemQuote,
  type RequestEstimate,
} from "./quotes.js";
import { refundReason, type PendingRequest, type RequestOutcome, type RequestReceipt } from "./requests.js";
import { STATUS_NAMES, type StatusName } from "./status.js";

const WAD = 10n ** 18n;
const PENDING = 1n; // ILeverageVault.RequestState.PENDING
const FINISHED = 2n;

/** A vault's rebalance status by name (sdk/status.ts). */
export type RebalanceStatus = StatusName;

export interface LeverClientOptions {
  /** Slippage bound of instant mint and redeem, basis points. Default 50 (0.5%). */
  slippageBps?: number;
  /**
   * Bound of a next-price request below its estimate, basis points; the request is refunded if its round pays
   * less. Default 300 (3%): the token's price moves L times the underlying's update.
   */
  requestSlippageBps?: number;
  /** Lifetime of a permit signature, seconds from the latest block. Default 1200 (20 min). */
  deadlineSeconds?: number;
  /** First block to read an account's history from. Default the record's deploymentBlock of the token, else 0. */
  fromBlock?: number;
  /** How often `waitForRequest` looks, milliseconds. Default 1000. */
  pollMs?: number;
  /** `connect` checks the record against `factory.allVaults()` unless false. */
  verify?: boolean;
}

export interface TokenInfo {
  symbol: string;
  /** The token's ERC-20 name. */
  name: string;
  token: string;
  vault: string;
  market: string;
  /** The market's symbol in the record, e.g. "BTC-USD". */
  underlying: string;
  /** The underlying's mark price, WAD (0 when the oracle is unusable). */
  underlyingPrice: bigint;
  direction: "long" | "short";
  /** Target and current leverage, WAD (leverage 0 with no holders). */
  targetLeverage: bigint;
  leverage: bigint;
  /** Rebalance band and ripcord level, WAD. */
  band: { min: bigint; max: bigint; ripcord: bigint };
  /** Collateral units 1e18 tokens are worth. */
  nav: bigint;
  equity: bigint;
  totalSupply: bigint;
  status: RebalanceStatus;
  mintPaused: boolean;
  /** False when the vault's views revert (unusable oracle): mint and redeem would revert too. */
  priceOk: boolean;
  /** Fees in basis points, the settler's reward per request in collateral units. */
  fees: { mintBps: number; redeemBps: number; requestMintBps: number; requestRedeemBps: number; settleReward: bigint };
  /** Next-price requests: pending in the queue, and how many `settle` would finish now. */
  requests: { pending: bigint; settleable: bigint };
}

export interface TxOptions {
  /** Overrides the client's slippage for this call, basis points. */
  slippageBps?: number;
  /** Receiver of the tokens (mint) or collateral (redeem); default the signer. Never a protocol contract. */
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
  /** Tokens in the wallet. */
  balance: bigint;
  /** Tokens escrowed in the account's pending redeem requests: still its exposure until they settle. */
  escrowedTokens: bigint;
  /** Collateral escrowed in the account's pending mint requests. */
  escrowedCollateral: bigint;
  /** The account's pending requests, each with an estimate at today's price. */
  pending: PendingRequest[];
  /** (balance + escrowedTokens) x NAV, collateral units (rounded down). */
  value: bigint;
  /** What redeeming the wallet balance pays now, every fee included (0 for an empty balance). */
  redeemValue: bigint;
  /** Cost of the tokens held, escrowed ones included (average cost), collateral units. */
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
  readonly requestSlippageBps: number;
  readonly deadlineSeconds: number;
  readonly pollMs: number;
  readonly lens: VaultLens;
  readonly factory: LeveragedTokenFactory;
  /** The collateral as any ERC-20 with EIP-2612 permit (real USDC on live chains). */
  readonly collateral: ICollateral;
  readonly #fromBlock?: number;
  readonly #protocolAddresses: Map<string, string>;
  readonly #nonces: NonceTracker;
  #permit?: Promise<TypedDataDomain | undefined>;
  /** The block of the client's last mined transaction: reads after it never see an older state. */
  #lastBlock?: number;

  constructor(deployment: Deployment | unknown, runner: Signer | Provider, options: LeverClientOptions = {}) {
    this.deployment = parseDeployment(deployment);
    this.runner = runner;
    const provider = "getBlockNumber" in runner ? (runner as Provider) : (runner as Signer).provider;
    if (!provider) throw sdkError("NoProvider", {}, "LeverClient needs a provider, or a signer connected to one");
    this.provider = provider;
    this.slippageBps = checkSlippage(options.slippageBps ?? 50);
    this.requestSlippageBps = checkSlippage(options.requestSlippageBps ?? 300);
    this.deadlineSeconds = options.deadlineSeconds ?? 1200;
    this.pollMs = options.pollMs ?? 1000;
    this.#fromBlock = options.fromBlock;
    const r = runner as ContractRunner;
    this.lens = lensAt(this.deployment.lens, r);
    this.factory = factoryAt(this.deployment.factory, r);
    this.collateral = collateralAt(this.deployment.collateral, r);
    this.#protocolAddresses = protocolAddresses(this.deployment);
    this.#nonces = new NonceTracker((a) => pendingNonce(provider, a));
  }

  /**
   * Like the constructor, then checks that the provider is on the record's chain (WrongChain) and, unless
   * `verify: false`, that every vault of the record is one of `factory.allVaults()` with the record's token and
   * market (UntrustedVault): a tampered record cannot point the client at a contract of someone else's.
   */
  static async connect(
    deployment: Deployment | unknown,
    runner: Signer | Provider,
    options: LeverClientOptions = {}
  ): Promise<LeverClient> {
    const client = new LeverClient(deployment, runner, options);
    const { chainId } = await client.#call("connect", () => client.provider.getNetwork());
    if (Number(chainId) !== client.deployment.chainId) {
      throw sdkError(
        "WrongChain",
        { expected: client.deployment.chainId, actual: Number(chainId) },
        `the deployment record is for chain ${client.deployment.chainId}, the provider is on chain ${chainId}`
      );
    }
    if (options.verify !== false) await client.verify();
    return client;
  }

  /** Checks the record's tokens against the factory (I-4): each vault in `allVaults()`, token and market as recorded. */
  async verify(): Promise<void> {
    const tokens = this.deployment.tokens;
    const refuse = (t: (typeof tokens)[number], problem: string) =>
      sdkError(
        "UntrustedVault",
        { symbol: t.symbol, vault: t.vault },
        `${t.symbol}: vault ${t.vault} ${problem} (factory ${this.deployment.factory})`
      );
    const all = await this.#call("verify", () => this.factory.allVaults());
    const known = new Set(all.map((a) => a.toLowerCase()));
    const stranger = tokens.find((t) => !known.has(t.vault.toLowerCase()));
    if (stranger) throw refuse(stranger, "is not in factory.allVaults()");
    const states = await this.#call("verify", () => this.lens.getVaults(tokens.map((t) => t.vault)));
    tokens.forEach((t, i) => {
      if (states[i].token.toLowerCase() !== t.token.toLowerCase())
        throw refuse(t, `has token ${states[i].token}, the record says ${t.token}`);
      if (states[i].market.toLowerCase() !== t.market.toLowerCase())
        throw refuse(t, `has market ${states[i].market}, the record says ${t.market}`);
    });
  }

  get symbols(): string[] {
    return this.deployment.tokens.map((t) => t.symbol);
  }

  #entry(symbol: string) {
    const t = this.deployment.tokens.find((x) => x.symbol === symbol);
    if (!t)
      throw sdkError(
        "UnknownToken",
        { symbol, known: this.symbols },
        `unknown token "${symbol}": the deployment has ${this.symbols.join(", ")}`
      );
    return t;
  }

  vault(symbol: string): LeverageVault {
    return vaultAt(this.#entry(symbol).vault, this.runner as ContractRunner);
  }

  token(symbol: string): LeveragedToken {
    return tokenAt(this.#entry(symbol).token, this.runner as ContractRunner);
  }

  #signer(action: string): Signer {
    if (!("signTypedData" in this.runner))
      throw sdkError("NoSigner", { action }, `${action} sends a transaction: give the client a signer, not a provider`);
    return this.runner as Signer;
  }

  /** Every token of the deployment with its live state: one lens call, and each vault's params and name. */
  async listTokens(): Promise<TokenInfo[]> {
    const entries = this.deployment.tokens;
    return this.#call("listTokens", async () => {
      const [states, params, names] = await Promise.all([
        this.lens.getVaults(entries.map((t) => t.vault)),
        Promise.all(entries.map((t) => this.vault(t.symbol).params())),
        Promise.all(entries.map((t) => this.token(t.symbol).name())),
      ]);
      return states.map((s, i) => {
        const p = params[i];
        const market = this.deployment.markets.find((m) => m.market.toLowerCase() === s.market.toLowerCase());
        return {
          symbol: entries[i].symbol,
          name: names[i],
          token: s.token,
          vault: s.vault,
          market: s.market,
          underlying: market?.symbol ?? "",
          underlyingPrice: s.price,
          direction: s.isLong ? "long" : "short",
          targetLeverage: s.targetLeverage,
          leverage: s.leverage,
          band: { min: s.minLeverage, max: s.maxLeverage, ripcord: s.ripcordLeverage },
          nav: s.nav,
          equity: s.equity,
          totalSupply: s.totalSupply,
          status: STATUS_NAMES[Number(s.status)] ?? "NONE",
          mintPaused: s.mintPaused,
          priceOk: s.ok,
          fees: {
            mintBps: Number(p.mintFeeBps),
            redeemBps: Number(p.redeemFeeBps),
            requestMintBps: Number(p.requestMintFeeBps),
            requestRedeemBps: Number(p.requestRedeemFeeBps),
            settleReward: p.settleReward,
          },
          requests: { pending: s.pendingRequests, settleable: s.settleableRequests },
        } satisfies TokenInfo;
      });
    });
  }

  /** Instant mint: tokens `collateralIn` mints now (exact for this block), the slippage bound and the fees. */
  async quoteMint(symbol: string, collateralIn: bigint, slippageBps?: number): Promise<MintQuote> {
    const vault = this.vault(symbol);
    const blockTag = await this.#tag();
    const [tokensOut, nav, params] = await this.#call("quoteMint", () =>
      Promise.all([vault.previewMint(collateralIn, { blockTag }), vault.nav({ blockTag }), vault.params({ blockTag })])
    );
    return mintQuote(collateralIn, tokensOut, nav, params.mintFeeBps, checkSlippage(slippageBps ?? this.slippageBps));
  }

  /** Instant redeem: collateral `tokensIn` pays now (exact for this block), the slippage bound and the fees. */
  async quoteRedeem(symbol: string, tokensIn: bigint, slippageBps?: number): Promise<RedeemQuote> {
    const vault = this.vault(symbol);
    const blockTag = await this.#tag();
    const [collateralOut, nav, params] = await this.#call("quoteRedeem", () =>
      Promise.all([vault.previewRedeem(tokensIn, { blockTag }), vault.nav({ blockTag }), vault.params({ blockTag })])
    );
    return redeemQuote(
      tokensIn,
      collateralOut,
      nav,
      params.redeemFeeBps,
      checkSlippage(slippageBps ?? this.slippageBps)
    );
  }

  /** ESTIMATE of a next-price mint at today's price (it settles at the next round's), with its fees and minOut. */
  async estimateRequestMint(symbol: string, collateralIn: bigint, slippageBps?: number): Promise<RequestEstimate> {
    const vault = this.vault(symbol);
    const blockTag = await this.#tag();
    const q = await this.#call("estimateRequestMint", () => vault.quoteRequestMint(collateralIn, { blockTag }));
    return requestEstimate("mint", collateralIn, q, checkSlippage(slippageBps ?? this.requestSlippageBps));
  }

  /** ESTIMATE of a next-price redeem at today's price (it settles at the next round's), with its fees and minOut. */
  async estimateRequestRedeem(symbol: string, tokensIn: bigint, slippageBps?: number): Promise<RequestEstimate> {
    const vault = this.vault(symbol);
    const blockTag = await this.#tag();
    const q = await this.#call("estimateRequestRedeem", () => vault.quoteRequestRedeem(tokensIn, { blockTag }));
    return requestEstimate("redeem", tokensIn, q, checkSlippage(slippageBps ?? this.requestSlippageBps));
  }

  /** Whether the collateral takes EIP-2612 permits: it has `nonces` and a domain we can reproduce. Cached. */
  async supportsPermit(): Promise<boolean> {
    return (await this.#permitDomain()) !== undefined;
  }

  /** Mock collateral only: takes `amount` from the faucet (capped per call by the contract). */
  async faucet(amount: bigint): Promise<string> {
    const signer = this.#signer("faucet");
    const mock = mockUsdcAt(this.deployment.collateral, signer);
    return (await this.#send("faucet", signer, () => mock.faucet.populateTransaction(amount))).hash;
  }

  /** Mints `symbol` for `collateralIn` now, with a permit signature when the collateral supports it, else approve + mint. */
  async mint(symbol: string, collateralIn: bigint, options: MintOptions = {}): Promise<MintResult> {
    const signer = this.#signer("mint");
    const owner = await signer.getAddress();
    const receiver = this.#receiver(options.receiver, owner);
    const vault = this.vault(symbol).connect(signer);
    const minTokensOut =
      options.minTokensOut ?? (await this.quoteMint(symbol, collateralIn, options.slippageBps)).minTokensOut;
    const { method, permit } = await this.#pay("mint", signer, owner, await vault.getAddress(), collateralIn, options);
    const receipt = await this.#send("mint", signer, () =>
      permit
        ? vault.mintWithPermit.populateTransaction(
            collateralIn,
            minTokensOut,
            receiver,
            permit.deadline,
            permit.v,
            permit.r,
            permit.s
          )
        : vault.mint.populateTransaction(collateralIn, minTokensOut, receiver)
    );
    const e = eventOf(receipt, vault, "Minted");
    return {
      hash: receipt.hash,
      method,
      collateralIn: e.collateralIn,
      tokensOut: e.tokensOut,
      mintFee: e.mintFee,
      tradeFee: e.tradeFee,
    };
  }

  /** Redeems `tokensIn` (or "all" of the signer's balance) of `symbol` now; no approval needed. */
  async redeem(symbol: string, tokensIn: bigint | "all", options: RedeemOptions = {}): Promise<RedeemResult> {
    const signer = this.#signer("redeem");
    const owner = await signer.getAddress();
    const receiver = this.#receiver(options.receiver, owner);
    const amount = await this.#amount(symbol, tokensIn, owner);
    const vault = this.vault(symbol).connect(signer);
    const minCollateralOut =
      options.minCollateralOut ?? (await this.quoteRedeem(symbol, amount, options.slippageBps)).minCollateralOut;
    const receipt = await this.#send("redeem", signer, () =>
      vault.redeem.populateTransaction(amount, minCollateralOut, receiver)
    );
    const e = eventOf(receipt, vault, "Redeemed");
    return {
      hash: receipt.hash,
      tokensIn: e.tokensIn,
      collateralOut: e.collateralOut,
      redeemFee: e.redeemFee,
      tradeFee: e.tradeFee,
    };
  }

  /**
   * Escrows `collateralIn` for a mint at the price of the feed's next round (permit or approve, as `mint`).
   * `minTokensOut` defaults to the estimate less `requestSlippageBps`. Follow it with `waitForRequest`.
   */
  async requestMint(
    symbol: string,
    collateralIn: bigint,
    options: MintOptions = {}
  ): Promise<RequestReceipt & { estimate: RequestEstimate }> {
    const signer = this.#signer("requestMint");
    const owner = await signer.getAddress();
    const receiver = this.#receiver(options.receiver, owner);
    const vault = this.vault(symbol).connect(signer);
    await this.#checkRequestMint(vault, collateralIn);
    const estimate = await this.estimateRequestMint(symbol, collateralIn, options.slippageBps);
    const minOut = options.minTokensOut ?? estimate.minOut;
    const { method, permit } = await this.#pay(
      "requestMint",
      signer,
      owner,
      await vault.getAddress(),
      collateralIn,
      options
    );
    const receipt = await this.#send("requestMint", signer, () =>
      permit
        ? vault.requestMintWithPermit.populateTransaction(
            collateralIn,
            minOut,
            receiver,
            permit.deadline,
            permit.v,
            permit.r,
            permit.s
          )
        : vault.requestMint.populateTransaction(collateralIn, minOut, receiver)
    );
    const e = eventOf(receipt, vault, "MintRequested");
    return {
      ...requestReceipt(receipt, symbol, "mint", e, e.collateralIn, e.minTokensOut),
      method,
      estimate,
    };
  }

  /** Escrows `tokensIn` (or "all") for a redeem at the price of the feed's next round; no approval needed. */
  async requestRedeem(
    symbol: string,
    tokensIn: bigint | "all",
    options: RedeemOptions = {}
  ): Promise<RequestReceipt & { estimate: RequestEstimate }> {
    const signer = this.#signer("requestRedeem");
    const owner = await signer.getAddress();
    const receiver = this.#receiver(options.receiver, owner);
    const amount = await this.#amount(symbol, tokensIn, owner);
    const vault = this.vault(symbol).connect(signer);
    const estimate = await this.estimateRequestRedeem(symbol, amount, options.slippageBps);
    const minOut = options.minCollateralOut ?? estimate.minOut;
    const receipt = await this.#send("requestRedeem", signer, () =>
      vault.requestRedeem.populateTransaction(amount, minOut, receiver)
    );
    const e = eventOf(receipt, vault, "RedeemRequested");
    return { ...requestReceipt(receipt, symbol, "redeem", e, e.tokensIn, e.minCollateralOut), estimate };
  }

  /**
   * Resolves when request `requestId` of `symbol` has settled or been refunded, from its RequestSettled or
   * RequestRefunded event. Throws `RequestTimeout` after `timeoutMs` (default 10 minutes) still pending.
   */
  async waitForRequest(
    request: { symbol: string; requestId: bigint; blockNumber?: number },
    options: { timeoutMs?: number; pollMs?: number } = {}
  ): Promise<RequestOutcome> {
    const { symbol, requestId } = request;
    const vault = this.vault(symbol);
    const timeoutMs = options.timeoutMs ?? 600_000;
    const began = Date.now();
    for (;;) {
      const r = await this.#call("waitForRequest", async () =>
        vault.getRequest(requestId, { blockTag: await this.#tag() })
      );
      if (r.state === FINISHED) return this.#outcome(vault, requestId, request.blockNumber ?? this.#from(symbol));
      if (r.state !== PENDING)
        throw new LeverError(
          "UnknownRequest",
          { requestId },
          `waitForRequest failed: UnknownRequest(requestId: ${requestId}) (no request has this id)`
        );
      if (Date.now() - began >= timeoutMs)
        throw sdkError(
          "RequestTimeout",
          { symbol, requestId, waitedMs: Date.now() - began },
          `request ${requestId} of ${symbol} still pending after ${Math.round((Date.now() - began) / 1000)} s: it settles once the feed publishes its round ${r.roundId} and someone calls settle`
        );
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? this.pollMs));
    }
  }

  /**
   * Refuses, with the vault's own error, a mint request the vault would take and refund at settlement (paused
   * minting, an amount above the whole cap): the vault decides those only then (docs/protocol.md §5b), so that
   * every request stays cheap, and the user would pay a request's gas for a refund.
   */
  async #checkRequestMint(vault: LeverageVault, collateralIn: bigint): Promise<void> {
    const blockTag = await this.#tag();
    const [paused, params] = await this.#call("requestMint", () =>
      Promise.all([vault.mintPaused({ blockTag }), vault.params({ blockTag })])
    );
    const refuse = (name: string, args: unknown[]) => {
      throw decodeError({ data: vault.interface.encodeErrorResult(name, args) }, "requestMint");
    };
    if (paused) refuse("MintingPaused", []);
    if (collateralIn > params.collateralCap) refuse("MintAboveCap", [params.collateralCap, collateralIn]);
  }

  async #outcome(vault: LeverageVault, requestId: bigint, from: number): Promise<RequestOutcome> {
    const [settled, refunded] = await this.#call("waitForRequest", () =>
      Promise.all([
        vault.queryFilter(vault.filters.RequestSettled(requestId), from),
        vault.queryFilter(vault.filters.RequestRefunded(requestId), from),
      ])
    );
    if (settled[0]) {
      const e = settled[0];
      return {
        status: "settled",
        requestId,
        amountOut: e.args.amountOut,
        fee: e.args.fee,
        hash: e.transactionHash,
        blockNumber: e.blockNumber,
      };
    }
    if (refunded[0]) {
      const e = refunded[0];
      return {
        status: "refunded",
        requestId,
        reason: refundReason(e.args.reason),
        hash: e.transactionHash,
        blockNumber: e.blockNumber,
      };
    }
    throw sdkError(
      "MissingEvent",
      { requestId },
      `request ${requestId} is finished but no RequestSettled/RequestRefunded event was found from block ${from}`
    );
  }

  /** Refunds the signer's request once it can no longer settle (its round passed). */
  async cancelRequest(symbol: string, requestId: bigint): Promise<string> {
    const signer = this.#signer("cancelRequest");
    const vault = this.vault(symbol).connect(signer);
    return (await this.#send("cancelRequest", signer, () => vault.cancelRequest.populateTransaction(requestId))).hash;
  }

  /** Settles the requests of `symbol` whose round is the latest (permissionless; the caller earns the reward). */
  async settle(symbol: string, maxRequests = 100n): Promise<string> {
    const signer = this.#signer("settle");
    const vault = this.vault(symbol).connect(signer);
    return (await this.#send("settle", signer, () => vault.settle.populateTransaction(maxRequests))).hash;
  }

  /** The pending requests `account` (default the signer) owns in `symbol`, each with an estimate at today's price. */
  async pendingRequests(symbol: string, account?: string): Promise<PendingRequest[]> {
    const who = account ?? (await this.#signer("pendingRequests").getAddress());
    const vault = this.vault(symbol);
    const from = this.#from(symbol);
    return this.#call("pendingRequests", async () => {
      const [mints, redeems] = await Promise.all([
        vault.queryFilter(vault.filters.MintRequested(undefined, who), from),
        vault.queryFilter(vault.filters.RedeemRequested(undefined, who), from),
      ]);
      const made = [
        ...mints.map((e) => ({ e, side: "mint" as const, amountIn: e.args.collateralIn, minOut: e.args.minTokensOut })),
        ...redeems.map((e) => ({
          e,
          side: "redeem" as const,
          amountIn: e.args.tokensIn,
          minOut: e.args.minCollateralOut,
        })),
      ].sort((a, b) => (a.e.args.requestId < b.e.args.requestId ? -1 : 1));
      const blockTag = await this.#tag();
      const states = await Promise.all(made.map((m) => vault.getRequest(m.e.args.requestId, { blockTag })));
      const pending = made.filter((_, i) => states[i].state === PENDING);
      return Promise.all(
        pending.map(async (m) => {
          const q = await (
            m.side === "mint" ? vault.quoteRequestMint(m.amountIn) : vault.quoteRequestRedeem(m.amountIn)
          ).catch(() => undefined);
          return {
            requestId: m.e.args.requestId,
            side: m.side,
            amountIn: m.amountIn,
            minOut: m.minOut,
            roundId: m.e.args.roundId,
            receiver: m.e.args.receiver,
            estimatedOut: q?.amountOut ?? 0n,
          };
        })
      );
    });
  }

  /** Balance, pending requests, value, cost basis and PnL of `account` (default the signer) in `symbol`. */
  async position(symbol: string, account?: string): Promise<Position> {
    const who = account ?? (await this.#signer("position").getAddress());
    const vault = this.vault(symbol);
    const token = this.token(symbol);
    const blockTag = await this.#tag();
    const [balance, nav, pending, entries] = await this.#call("position", () =>
      Promise.all([
        token.balanceOf(who, { blockTag }),
        vault.nav({ blockTag }),
        this.pendingRequests(symbol, who),
        history(vault, token, who, this.#from(symbol)),
      ])
    );
    const escrowedTokens = sum(pending.filter((p) => p.side === "redeem").map((p) => p.amountIn));
    const escrowedCollateral = sum(pending.filter((p) => p.side === "mint").map((p) => p.amountIn));
    const value = ((balance + escrowedTokens) * nav) / WAD;
    const redeemValue = balance === 0n ? 0n : await vault.previewRedeem(balance, { blockTag }).catch(() => 0n);
    const ledger = costBasis(entries);
    return {
      symbol,
      account: who,
      balance,
      escrowedTokens,
      escrowedCollateral,
      pending,
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

  /** Where `symbol`'s events start: the option, else the record's deployment block of the token, else 0. */
  #from(symbol: string): number {
    return this.#fromBlock ?? this.#entry(symbol).deploymentBlock ?? this.deployment.deploymentBlock ?? 0;
  }

  /** The receiver, refusing a protocol contract (I-2): tokens or collateral sent there are lost. */
  #receiver(receiver: string | undefined, owner: string): string {
    const r = receiver ?? owner;
    const what = this.#protocolAddresses.get(r.toLowerCase());
    if (what)
      throw sdkError(
        "InvalidReceiver",
        { receiver: r, contract: what },
        `receiver ${r} is the ${what}: what is sent there is lost; send to a wallet`
      );
    if (r === ZeroAddress)
      throw sdkError("InvalidReceiver", { receiver: r, contract: "zero address" }, "receiver is the zero address");
    return r;
  }

  async #amount(symbol: string, tokensIn: bigint | "all", owner: string): Promise<bigint> {
    if (tokensIn !== "all") return tokensIn;
    const token = this.token(symbol);
    const blockTag = await this.#tag();
    return this.#call("balanceOf", () => token.balanceOf(owner, { blockTag }));
  }

  /** Permit signature or an exact approve, for the vault to pull `amount` of collateral. */
  async #pay(action: string, signer: Signer, owner: string, spender: string, amount: bigint, options: MintOptions) {
    const method =
      options.method === "auto" || options.method === undefined
        ? (await this.supportsPermit())
          ? "permit"
          : "approve"
        : options.method;
    if (method === "permit") {
      const deadline = options.deadline ?? (await this.#deadline());
      const { v, r, s } = await this.#signPermit(signer, owner, spender, amount, deadline);
      return { method, permit: { deadline, v, r, s } } as const;
    }
    const blockTag = await this.#tag();
    if ((await this.#call(action, () => this.collateral.allowance(owner, spender, { blockTag }))) < amount) {
      // Exactly the amount: a wallet should not leave an unlimited allowance behind.
      const c = this.collateral.connect(signer);
      await this.#send("approve", signer, () => c.approve.populateTransaction(spender, amount));
    }
    return { method, permit: undefined } as const;
  }

  async #deadline(): Promise<bigint> {
    const block = await this.#call("deadline", () => this.provider.getBlock("latest"));
    const now = Math.max(block?.timestamp ?? 0, Math.floor(Date.now() / 1000));
    return BigInt(now + this.deadlineSeconds);
  }

  async #signPermit(signer: Signer, owner: string, spender: string, value: bigint, deadline: bigint) {
    const blockTag = await this.#tag();
    const [nonce, domain] = await this.#call("permit", () =>
      Promise.all([this.collateral.nonces(owner, { blockTag }), this.#permitDomain()])
    );
    if (!domain)
      throw sdkError("PermitUnsupported", {}, 'the collateral takes no EIP-2612 permit: use method "approve"');
    const signature = await this.#call("permit", () =>
      signer.signTypedData(
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
      )
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
    })().catch((e: unknown) => {
      this.#permit = undefined;
      throw decodeError(e, "permit");
    });
    return this.#permit;
  }

  /** The block tag of reads: never older than the client's last mined transaction (ethers caches for 250 ms). */
  async #tag(): Promise<number | "latest"> {
    if (this.#lastBlock === undefined) return "latest";
    const latest = await this.provider.getBlockNumber().catch(() => 0);
    return Math.max(latest, this.#lastBlock);
  }

  /**
   * Sends a transaction with a nonce of the client's own (sdk/nonces.ts), waits for it, and turns any revert (at
   * estimate, send or receipt) into a LeverError.
   */
  async #send(action: string, signer: Signer, build: () => Promise<ContractTransaction>): Promise<TransactionReceipt> {
    const from = await signer.getAddress();
    try {
      const populated = await build();
      // A reverting call fails here, before anything is sent, with the vault's error. The margin: sdk/gas.ts.
      const gasLimit = withGasMargin(await signer.estimateGas(populated));
      const tx = await signer.sendTransaction({ ...populated, gasLimit, nonce: await this.#nonces.take(from) });
      const receipt = await tx.wait();
      if (!receipt) throw new Error(`no receipt for ${tx.hash}`);
      this.#lastBlock = Math.max(this.#lastBlock ?? 0, receipt.blockNumber);
      return receipt;
    } catch (e) {
      this.#nonces.forget(from);
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
}

function checkSlippage(bps: number): number {
  if (!(Number.isInteger(bps) && bps >= 0 && bps < 10_000))
    throw sdkError("InvalidSlippage", { slippageBps: bps }, `slippageBps ${bps} is not an integer in [0, 10000)`);
  return bps;
}

const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

/** Every contract of the record by lower-case address, named for a message ("BTC3L vault"). */
function protocolAddresses(d: Deployment): Map<string, string> {
  const m = new Map<string, string>();
  const add = (a: string, what: string) => m.set(a.toLowerCase(), what);
  add(d.collateral, "collateral");
  add(d.factory, "factory");
  add(d.lens, "lens");
  for (const mk of d.markets) {
    add(mk.market, `${mk.symbol} market`);
    add(mk.feed, `${mk.symbol} price feed`);
  }
  for (const t of d.tokens) {
    add(t.vault, `${t.symbol} vault`);
    add(t.token, `${t.symbol} token`);
  }
  return m;
}

/** The args of the first `name` event `vault` emitted in `receipt`. */
function eventOf<N extends "Minted" | "Redeemed" | "MintRequested" | "RedeemRequested">(
  receipt: TransactionReceipt,
  vault: LeverageVault,
  name: N
): EventArgs<N> {
  const address = (vault.target as string).toLowerCase();
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = vault.interface.parseLog(log);
    if (parsed?.name === name) return parsed.args as never;
  }
  throw sdkError(
    "MissingEvent",
    { hash: receipt.hash, event: name },
    `no ${name} event in transaction ${receipt.hash}`
  );
}

type EventArgs<N extends string> = N extends "Minted"
  ? { collateralIn: bigint; tokensOut: bigint; mintFee: bigint; tradeFee: bigint }
  : N extends "Redeemed"
    ? { tokensIn: bigint; collateralOut: bigint; redeemFee: bigint; tradeFee: bigint }
    : N extends "MintRequested"
      ? RequestedArgs & { collateralIn: bigint; minTokensOut: bigint }
      : RequestedArgs & { tokensIn: bigint; minCollateralOut: bigint };

type RequestedArgs = { requestId: bigint; owner: string; receiver: string; roundId: bigint };

function requestReceipt(
  receipt: TransactionReceipt,
  symbol: string,
  side: "mint" | "redeem",
  e: RequestedArgs,
  amountIn: bigint,
  minOut: bigint
): RequestReceipt {
  return {
    hash: receipt.hash,
    blockNumber: receipt.blockNumber,
    symbol,
    requestId: e.requestId,
    side,
    owner: e.owner,
    receiver: e.receiver,
    amountIn,
    minOut,
    roundId: e.roundId,
  };
}
