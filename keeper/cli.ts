// `npm run keeper -- --rpc-url <url> --deployment <file> [--once] [--dry-run]`; see `--help`.
// package.json runs this file with node itself (no tsx wrapper process): the process npm starts is the one that
// handles SIGTERM/SIGINT. Should npm go away without passing the signal on (it is killed, or exits first), the
// keeper stops as on SIGTERM too: it never keeps running orphaned, holding its port and its key.
import { missingBuildMessage } from "./startup.js";

const controller = new AbortController();
for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(sig, () => controller.abort());

const parent = process.ppid;
if (process.env.npm_lifecycle_event !== undefined) {
  const watch = setInterval(() => {
    if (process.ppid !== parent) controller.abort(); // re-parented: npm is gone
  }, 250);
  watch.unref();
}

let main: typeof import("./main.js").main;
try {
  ({ main } = await import("./main.js"));
} catch (e) {
  const line = missingBuildMessage(e);
  if (!line) throw e;
  process.stderr.write(`${line}\n`);
  process.exit(2);
}

main(process.argv.slice(2), { env: process.env, signal: controller.signal }).then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`keeper: unexpected error: ${e.stack ?? e.message}\n`);
    process.exit(1);
  }
);
