// `npm run keeper -- --rpc-url <url> --deployment <file> [--once] [--dry-run]`; see `--help`.
import { main } from "./main.js";

const controller = new AbortController();
for (const sig of ["SIGTERM", "SIGINT"] as const) process.on(sig, () => controller.abort());

main(process.argv.slice(2), { env: process.env, signal: controller.signal }).then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`keeper: unexpected error: ${e.stack ?? e.message}\n`);
    process.exit(1);
  }
);
