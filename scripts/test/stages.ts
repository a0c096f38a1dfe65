// The stages of `npm test`, their commands and what each waits for. scripts/test/run.ts runs them.
import { globSync } from "node:fs";

/** One glob per language: Solidity tests are `*.t.sol`, TypeScript tests `*.test.ts` (test/README.md). */
export const SOLIDITY_TESTS = "test/**/*.t.sol";
export const TYPESCRIPT_TESTS = "test/**/*.test.ts";
/** TypeScript suites that start their own nodes (anvil, `npm run deploy`, the keeper CLI): run on the plain build. */
const NODE_SUITES = /^test\/(keeper|deploy|sim)\//;

/** The coverage-instrumented build lives apart from the plain one, so that both can exist at once. */
const COVERAGE_ENV = { LEVER_BUILD_DIR: "cache/coverage-build" };

export interface Stage {
  name: string;
  argv: string[];
  after: string[];
  env?: Record<string, string>;
  /** Not counted against the concurrency limit: light on CPU. */
  light?: boolean;
}

const files = (glob: string) => globSync(glob).sort();

export function stages(): Stage[] {
  const typescript = files(TYPESCRIPT_TESTS);
  const inProcess = typescript.filter((f) => !NODE_SUITES.test(f));
  const nodes = typescript.filter((f) => NODE_SUITES.test(f));
  const skipFormat = process.env.LEVER_SKIP_FORMAT === "1";
  return [
    ...(skipFormat
      ? []
      : [{ name: "format", argv: ["npm", "run", "--silent", "format:check"], after: [], light: true }]),
    { name: "lint", argv: ["npm", "run", "--silent", "lint"], after: [], light: true },
    { name: "build", argv: ["npx", "hardhat", "build", "--no-tests"], after: [] },
    {
      name: "build:coverage",
      argv: ["npx", "hardhat", "--coverage", "--no-typechain", "build"],
      after: [],
      env: COVERAGE_ENV,
    },
    { name: "typecheck", argv: ["npm", "run", "--silent", "typecheck"], after: ["build"], light: true },
    // The compile is cached by build:coverage; it still runs, because it records what coverage instruments.
    // It waits for build too: the in-process suites import the TypeChain factories that build writes.
    {
      name: "test:coverage",
      argv: ["npx", "hardhat", "test", "--coverage", "--no-typechain", ...files(SOLIDITY_TESTS), ...inProcess],
      after: ["build", "build:coverage"],
      env: COVERAGE_ENV,
    },
    { name: "test:nodes", argv: ["npx", "hardhat", "test", "mocha", "--no-compile", ...nodes], after: ["build"] },
  ];
}
