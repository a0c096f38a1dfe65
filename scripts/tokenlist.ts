// npm run tokenlist -- --network <name> [--rpc-url <url>] [--no-verify] [--deployments-dir <dir>] [--out <file>] [--name <list name>]
// Reads deployments/<name>.json, checks it against the chain (every vault one of factory.allVaults(), with the
// record's token and market: a tampered record cannot slip a stranger's contract into a wallet's list), and writes
// deployments/<name>.tokenlist.json (community token-list format).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { JsonRpcProvider } from "ethers";
import { LeverClient } from "../sdk/index.js";
import { readDeployment } from "../sdk/deployment.js";
import { buildTokenList, type TokenList } from "../deploy/tokenlist.js";

const opts = new Command()
  .name("npm run tokenlist --")
  .description("Write a token list (tokenlists.org format) for the tokens of deployments/<network>.json.")
  .option("--network <name>", "network whose deployment record to read", "localhost")
  .option(
    "--rpc-url <url>",
    "node to check the record's vaults against factory.allVaults() (env LEVER_RPC_URL)",
    process.env.LEVER_RPC_URL ?? "http://127.0.0.1:8545"
  )
  .option("--no-verify", "do not check the record against the chain (the list then trusts the file alone)")
  .option(
    "--deployments-dir <dir>",
    "folder of the deployment records (env LEVER_DEPLOYMENTS_DIR)",
    process.env.LEVER_DEPLOYMENTS_DIR ?? "deployments"
  )
  .option("--out <file>", "output file (default <deployments-dir>/<network>.tokenlist.json)")
  .option("--name <name>", "list name (letters, digits, spaces; at most 30)", "Lever")
  .parse()
  .opts<{ network: string; rpcUrl: string; verify: boolean; deploymentsDir: string; out?: string; name: string }>();

try {
  const record = readDeployment(path.join(opts.deploymentsDir, `${opts.network}.json`));
  if (opts.verify) {
    const provider = new JsonRpcProvider(opts.rpcUrl, undefined, { staticNetwork: true });
    try {
      await LeverClient.connect(record, provider); // WrongChain / UntrustedVault / CallFailed
    } finally {
      provider.destroy();
    }
  } else {
    console.error("tokenlist: --no-verify: the record's vaults are not checked against factory.allVaults()");
  }
  const out = opts.out ?? path.join(opts.deploymentsDir, `${opts.network}.tokenlist.json`);
  const previous = existsSync(out) ? (JSON.parse(readFileSync(out, "utf8")) as TokenList) : undefined;
  const list = buildTokenList(record, { name: opts.name, previous });
  writeFileSync(out, `${JSON.stringify(list, null, 2)}\n`);
  const v = list.version;
  console.error(`${list.tokens.length} tokens, version ${v.major}.${v.minor}.${v.patch}: ${out}`);
} catch (e) {
  console.error(`tokenlist failed: ${(e as Error).message}`);
  process.exit(1);
}
