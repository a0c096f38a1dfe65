// A chain hardhat.config.ts does not name becomes a network through its parameters file alone.
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { networksFromParameters } from "../../deploy/config/networks.js";

describe("deploy/config/networks", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "lever-networks-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, body: unknown) => writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(body));

  it("turns a `network` section into an http network with configuration variables and an explorer descriptor", () => {
    file("myChain", {
      network: {
        chainId: 4242,
        urlVariable: "MY_CHAIN_RPC_URL",
        privateKeyVariable: "MY_CHAIN_KEY",
        explorer: { kind: "blockscout", url: "https://scan.example", apiUrl: "https://scan.example/api" },
      },
    });
    file("plain", { tokens: [{ symbol: "BTC3L" }] }); // no network section: not a network
    file("sepolia", { network: { chainId: 11155111, url: "https://rpc.example" } }); // reserved: config wins
    const { networks, chainDescriptors } = networksFromParameters(["sepolia"], dir);
    expect(Object.keys(networks)).to.deep.equal(["myChain"]);
    const n = networks.myChain as any;
    expect([n.type, n.chainType, n.chainId]).to.deep.equal(["http", "l1", 4242]);
    expect(n.url).to.deep.include({ _type: "ConfigurationVariable", name: "MY_CHAIN_RPC_URL" });
    expect(n.accounts[0]).to.deep.include({ _type: "ConfigurationVariable", name: "MY_CHAIN_KEY" });
    expect(chainDescriptors[4242]).to.deep.equal({
      name: "myChain",
      blockExplorers: {
        blockscout: { name: "myChain", url: "https://scan.example", apiUrl: "https://scan.example/api" },
      },
    });
  });

  it("a literal URL needs no variable; without a key variable the node's accounts are used", () => {
    file("devnet", { network: { chainId: 7, url: "http://10.0.0.5:8545" } });
    const n = networksFromParameters([], dir).networks.devnet as any;
    expect(n.url).to.equal("http://10.0.0.5:8545");
    expect(n.accounts).to.equal(undefined);
  });

  it("a wrong section fails loading with the file and field named", () => {
    file("broken", { network: { chainId: -1, url: "http://x", urlVariable: "X" } });
    expect(() => networksFromParameters([], dir)).to.throw(
      /^deploy\/parameters\/broken\.json: network\.chainId: .*; network: give exactly one of url or urlVariable$/
    );
  });
});
