// npm run tokenlist -- --network <name> [--deployments-dir <dir>] [--out <file>] [--name <list name>]
// Reads deployments/<name>.json and writes deployments/<name>.tokenlist.json (community token-list format).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { readDeployment } from "../sdk/deployment.js";
import { buildTokenList, type TokenList } from "../deploy/tokenlist.js";

const opts = new Command()
  .name("npm run tokenlist --")
  .description("Write a token list (tokenlists.org format) for the tokens of deployments/<network>.json.")
  .option("--network <name>", "network whose deployment record to read", "localhost")
  .option(
    "--deployments-dir <dir>",
    "folder of the deployment records (env LEVER_DEPLOYMENTS_DIR)",
    process.env.LEVER_DEPLOYMENTS_DIR ?? "deployments"
  )
  .option("--out <file>", "output file (default <deployments-dir>/<network>.tokenlist.json)")
  .option("--name <name>", "list name (letters, digits, spaces; at most 30)", "Lever")
  .parse()
  .opts<{ network: string; deploymentsDir: string; out?: string; name: string }>();

try {
  const record = readDeployment(path.join(opts.deploymentsDir, `${opts.network}.json`));
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
