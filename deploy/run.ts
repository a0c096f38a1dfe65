// What `npm run deploy` does, as a function: validate the parameters, build, connect, check Ignition's journal
// against the chain, deploy (or resume, or do nothing), write deployments/<network>.json, optionally verify.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { createHardhatRuntimeEnvironment, importUserConfig, resolveHardhatConfigPath } from "hardhat/hre";
import { archiveJournal, inspectJournal, repairJournal, type JournalState } from "./journal.js";
import { readVaultCaps } from "./caps.js";
import { defaultConfig } from "./config/defaults.js";
import { parametersFileFor, readParametersFile, resolveParameters } from "./parameters.js";
import type { Deployment } from "../sdk/deployment.js";
import { deployProtocol, toRecord } from "./protocol.js";

export interface DeployRunOptions {
  /** Hardhat network name: "default" (in-process), "localhost", "sepolia", or one declared by a parameters file. */
  network: string;
  /** Replaces the network's RPC URL (http networks only). */
  rpcUrl?: string;
  /** Parameters file; default deploy/parameters/<network>.json when it exists, else the built-in defaults. */
  parametersFile?: string;
  /** Folder of the deployment records; default deployments/. */
  outDir: string;
  /** Ignition deployment id (journal folder under deploy/deployments); default chain-<chainId>. */
  deploymentId?: string;
  /** Set the existing journal aside and deploy a new set of contracts. */
  fresh?: boolean;
  /** Verify every contract of the deployment on the enabled explorers afterwards (hardhat-verify). */
  verify?: boolean;
  log?: (line: string) => void;
}

export interface DeployRunResult {
  record: Deployment;
  file: string;
  deploymentId?: string;
  /** The journal as found before deploying. */
  journal: JournalState;
  /** Where a stale (or `fresh`) journal was moved. */
  archived?: string;
  /** Transactions the deployer sent during this run. */
  transactionsSent: number;
}

export async function runDeploy(options: DeployRunOptions): Promise<DeployRunResult> {
  const log = options.log ?? ((line: string) => console.error(line));
  // Parameters first: a file that does not parse fails before anything connects or compiles.
  const parametersFile = options.parametersFile ?? parametersFileFor(options.network);
  const parameters = parametersFile === undefined ? undefined : readParametersFile(parametersFile);

  const configPath = await resolveHardhatConfigPath();
  const hre = await createHardhatRuntimeEnvironment(await importUserConfig(configPath), {
    config: configPath,
    network: options.network,
  });
  await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
  // Then the caps, from the contract itself on the in-process network: a value the vault would refuse fails
  // here, before anything is sent to the target chain.
  const config =
    parameters === undefined ? defaultConfig : resolveParameters(parameters, await readVaultCaps(hre), parametersFile);

  const connection = await hre.network.create({
    network: options.network,
    ...(options.rpcUrl ? { override: { url: options.rpcUrl } } : {}),
  });
  try {
    const { provider, ethers } = connection;
    const chainId = Number(await provider.request({ method: "eth_chainId" }));
    const [deployer] = await ethers.getSigners();
    const nonceBefore = await ethers.provider.getTransactionCount(deployer.address);

    let deploymentId: string | undefined;
    let journal: JournalState = { kind: "none" };
    let archived: string | undefined;
    if (connection.networkConfig.type === "http") {
      deploymentId = options.deploymentId ?? `chain-${chainId}`;
      const dir = path.join(hre.config.paths.ignition, "deployments", deploymentId);
      journal = await inspectJournal(dir, provider);
      if (journal.kind === "stale" || (options.fresh && journal.kind !== "none")) {
        archived = archiveJournal(dir);
        const why = journal.kind === "stale" ? journal.reason : "--fresh";
        log(`journal ${deploymentId} set aside (${why}): ${shown(archived)}`);
      } else if (journal.kind === "live") {
        log(`journal ${deploymentId} matches the chain: resuming (${journal.contracts} contracts recorded)`);
        const repaired = repairJournal(dir);
        if (repaired.length)
          log(`journal ${deploymentId}: repaired what an interrupted run left: ${repaired.join(", ")}`);
      }
    } else {
      log(`network ${options.network} is in-process: the deployment lives only as long as this command`);
    }

    log(`deploying to ${options.network} (chain ${chainId}) from ${deployer.address}`);
    let protocol;
    try {
      protocol = await deployProtocol(connection, config, { deploymentId });
    } catch (e) {
      // HHE10411: the node has transactions from the deployer that the journal does not (a run killed between
      // sending and journaling). Ignition resumes once they are mined: wait for that, then run once more.
      if (!(e instanceof Error && /HHE10411/.test(e.message))) throw e;
      log("transactions of an interrupted run are still pending: waiting for them to be mined, then resuming");
      await waitForPending(ethers.provider, deployer.address);
      protocol = await deployProtocol(connection, config, { deploymentId });
    }
    const record = await toRecord(protocol, chainId, config);
    const transactionsSent = (await ethers.provider.getTransactionCount(deployer.address)) - nonceBefore;

    const file = writeRecord(options.outDir, options.network, record);
    log(`${transactionsSent} transactions sent; record written to ${shown(file)}`);

    if (options.verify) {
      if (deploymentId === undefined) throw new Error("--verify needs a live network, not the in-process one");
      await hre.tasks.getTask(["ignition", "verify"]).run({ deploymentId });
    }
    return { record, file, deploymentId, journal, archived, transactionsSent };
  } finally {
    await connection.close();
  }
}

/** Writes `<outDir>/<network>.json` (two-space JSON, trailing newline); leaves the file untouched when unchanged. */
export function writeRecord(outDir: string, networkName: string, record: Deployment): string {
  mkdirSync(outDir, { recursive: true });
  const file = path.resolve(outDir, `${networkName}.json`);
  const text = `${JSON.stringify(record, null, 2)}\n`;
  if (!existsSync(file) || readFileSync(file, "utf8") !== text) writeFileSync(file, text);
  return file;
}

/** Resolves once `address` has no pending transaction (pending nonce = mined nonce); gives up after `timeoutMs`. */
async function waitForPending(
  provider: { getTransactionCount(a: string, tag: string): Promise<number> },
  address: string,
  timeoutMs = 300_000
): Promise<void> {
  const started = Date.now();
  while (
    (await provider.getTransactionCount(address, "pending")) > (await provider.getTransactionCount(address, "latest"))
  ) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`transactions from ${address} still pending after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** A path relative to the working directory when it is inside it, absolute otherwise. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}
