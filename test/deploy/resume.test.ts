// A deployment killed half-way resumes from Ignition's journal: the next `npm run deploy` sends only what is
// missing. Anvil with one-second blocks stands in for a slow chain so the kill lands mid-deployment.
import { expect } from "chai";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { defaultConfig } from "../../deploy/config/defaults.js";
import { LeverClient, readDeployment } from "../../sdk/node.js";
import { freePort, npmRun, ROOT, startNode, stop, type Node } from "../helpers/processes.js";

const IGNITION_DEPLOYMENTS = path.join(ROOT, "deploy", "deployments");
const DEPLOYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"; // account 0 of hardhat node and anvil

describe("npm run deploy resumes an interrupted deployment (anvil child process)", function () {
  this.timeout(600_000);
  const children = new Set<ChildProcess>();
  const track = (c: ChildProcess) => children.add(c);
  const deploymentId = `test-resume-${process.pid}-${Date.now()}`;
  const journal = path.join(IGNITION_DEPLOYMENTS, deploymentId, "journal.jsonl");
  const outDir = mkdtempSync(path.join(tmpdir(), "lever-resume-"));
  let node: Node;
  let provider: JsonRpcProvider;

  before(async () => {
    node = await startNode(await freePort(), { anvil: ["--block-time", "1"] });
    track(node.child);
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
  });

  after(async () => {
    provider?.destroy();
    await Promise.all([...children].map((c) => stop(c, "SIGKILL")));
    rmSync(outDir, { recursive: true, force: true });
    for (const d of readdirSync(IGNITION_DEPLOYMENTS)) {
      if (d.startsWith(deploymentId)) rmSync(path.join(IGNITION_DEPLOYMENTS, d), { recursive: true, force: true });
    }
  });

  it("killed after a few confirmed transactions, the next run completes without sending any of them twice", async () => {
    const args = [
      "--network",
      "localhost",
      "--rpc-url",
      node.url,
      "--out-dir",
      outDir,
      "--deployment-id",
      deploymentId,
    ];
    let first: ChildProcess | undefined;
    const firstRun = npmRun("deploy", args, (c) => {
      first = c;
      track(c);
    });
    const confirmed = () =>
      existsSync(journal) ? readFileSync(journal, "utf8").split("TRANSACTION_CONFIRM").length - 1 : 0;
    const started = Date.now();
    while (confirmed() < 3) {
      expect(Date.now() - started, "the first run never confirmed 3 transactions").to.be.lessThan(120_000);
      await new Promise((r) => setTimeout(r, 50));
    }
    await stop(first, "SIGKILL"); // a crash, not a clean shutdown
    await firstRun;
    expect(existsSync(path.join(outDir, "localhost.json"))).to.equal(false);
    const sentBeforeKill = await provider.getTransactionCount(DEPLOYER, "pending");
    expect(sentBeforeKill).to.be.greaterThanOrEqual(3);

    const second = await npmRun("deploy", args, track);
    expect(second.code, second.output).to.equal(0);
    expect(second.output).to.contain(`journal ${deploymentId} matches the chain: resuming`);

    // A full deployment is 29 transactions: the timelock and MockUSDC (2); per market a feed, the market, its
    // heartbeat and mint/approve/supply of its liquidity (6); the two linked libraries (RequestLogic,
    // VaultParamsLib), the two deployers, the factory and the lens (6); one createLeveragedToken per token; the hand-over: transferOwnership of the factory and of each
    // market, then the timelock's scheduleBatch and executeBatch (1 + markets + 2).
    const markets = defaultConfig.markets.length;
    const full = 2 + 6 * markets + 6 + defaultConfig.tokens.length + (1 + markets + 2);
    expect(full).to.equal(29);
    expect(await provider.getTransactionCount(DEPLOYER, "latest")).to.equal(full);

    const record = readDeployment(path.join(outDir, "localhost.json"));
    for (const a of [
      record.collateral,
      record.factory,
      record.lens,
      ...record.tokens.flatMap((t) => [t.token, t.vault]),
    ]) {
      expect(await provider.getCode(a)).to.not.equal("0x");
    }
    const tokens = await (await LeverClient.connect(record, provider)).listTokens();
    expect(tokens.map((t) => t.symbol)).to.deep.equal(defaultConfig.tokens.map((t) => t.symbol));
  });
});
