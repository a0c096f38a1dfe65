// A wallet between the SDK and the chain that lets something happen between the SDK's gas estimate and the block
// its transaction lands in: another user's transaction, or simply time passing, as while its user reads the prompt.
import {
  AbstractSigner,
  type Provider,
  type Signer,
  type TransactionRequest,
  type TypedDataDomain,
  type TypedDataField,
} from "ethers";

/** Fills in a transaction as a wallet does (estimating the gas if the SDK gave no limit), then runs `meanwhile`. */
export class SlowWallet extends AbstractSigner {
  meanwhile: ((tx: TransactionRequest) => Promise<void>) | undefined;
  constructor(readonly inner: Signer) {
    super(inner.provider);
  }
  getAddress = () => this.inner.getAddress();
  connect = (_: Provider | null): Signer => this;
  signTransaction = (tx: TransactionRequest) => this.inner.signTransaction(tx);
  signMessage = (m: string | Uint8Array) => this.inner.signMessage(m);
  signTypedData = (d: TypedDataDomain, t: Record<string, TypedDataField[]>, v: Record<string, unknown>) =>
    this.inner.signTypedData(d, t, v);
  override async sendTransaction(tx: TransactionRequest) {
    const populated = await this.populateTransaction(tx);
    const first = this.meanwhile;
    this.meanwhile = undefined;
    if (first) await first(populated);
    return this.inner.sendTransaction(populated);
  }
}
