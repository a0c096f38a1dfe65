// npm run deploy -- --network <name> [--rpc-url <url>] [--parameters <file>] [--out-dir <dir>] [--deployment-id <id>] [--fresh] [--verify]
// Runs under tsx with Hardhat's programmatic API (not `hardhat run`, which forwards no script flags).
import { Command } from "commander";
import { runDeploy } from "../deploy/run.js";
import { ParametersError } from "../deploy/parameters.js";

const program = new Command()
  .name("npm run deploy --")
  .description("Deploy Lever with Hardhat Ignition and write deployments/<network>.json (docs/protocol.md §11).")
  .option(
    "--network <name>",
    "Hardhat network: default (in-process), localhost, sepolia, or one from deploy/parameters",
    "default"
  )
  .option("--rpc-url <url>", "override the network's RPC URL (localhost also reads LOCALHOST_RPC_URL)")
  .option("--parameters <file>", "parameters file (default deploy/parameters/<network>.json if present)")
  .option(
    "--out-dir <dir>",
    "folder for the deployment record (env LEVER_DEPLOYMENTS_DIR)",
    process.env.LEVER_DEPLOYMENTS_DIR ?? "deployments"
  )
  .option(
    "--deployment-id <id>",
    "Ignition deployment id, i.e. journal folder under deploy/deployments (default chain-<chainId>)"
  )
  .option("--fresh", "set the existing journal aside and deploy new contracts", false)
  .option("--verify", "verify the contracts on the explorers enabled in hardhat.config.ts afterwards", false)
  .parse();

const opts = program.opts<{
  network: string;
  rpcUrl?: string;
  parameters?: string;
  outDir: string;
  deploymentId?: string;
  fresh: boolean;
  verify: boolean;
}>();

try {
  const result = await runDeploy({
    network: opts.network,
    rpcUrl: opts.rpcUrl,
    parametersFile: opts.parameters,
    outDir: opts.outDir,
    deploymentId: opts.deploymentId,
    fresh: opts.fresh,
    verify: opts.verify,
  });
  for (const t of result.record.tokens) console.error(`  ${t.symbol.padEnd(8)} token ${t.token}  vault ${t.vault}`);
  process.exit(0);
} catch (e) {
  // A clear message for configuration mistakes (bad parameters, unknown network, missing variable); the stack otherwise.
  const known = e instanceof ParametersError || (e instanceof Error && e.name === "HardhatError");
  console.error(known ? `deploy failed: ${(e as Error).message}` : e);
  if (e instanceof Error && /HHE705/.test(e.message)) {
    console.error(
      `declare it in hardhat.config.ts or give deploy/parameters/${opts.network}.json a "network" section (docs/deploy.md)`
    );
  }
  process.exit(1);
}
