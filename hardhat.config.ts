import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";
import { networksFromParameters } from "./deploy/config/networks.js";

// Hardhat cannot download compilers here: build with the solc-js pinned in package.json.
const require = createRequire(import.meta.url);
const SOLC_VERSION = "0.8.28";
const solcPath = require.resolve("solc/soljson.js");

const compiler = (runs: number) => ({
  version: SOLC_VERSION,
  path: solcPath,
  settings: {
    optimizer: { enabled: true, runs },
    evmVersion: "cancun",
    viaIR: true,
  },
});

// The vault's init code lives in VaultDeployer, which must stay under the 24,576-byte limit: both files build with
// fewer optimizer runs (smaller code, a little more gas per call; docs/gas.md), everything else with 1,000.
const SIZE_BOUND = ["contracts/LeverageVault.sol", "contracts/deployers/VaultDeployer.sol"];
const profile = () => ({
  compilers: [compiler(1000)],
  overrides: Object.fromEntries(SIZE_BOUND.map((file) => [file, compiler(200)])),
});

const parameterNetworks = networksFromParameters(["default", "hardhatMainnet", "localhost", "sepolia"]);

// `npm test` (scripts/test/run.ts) builds the coverage-instrumented contracts next to the plain build, in a
// directory of their own (LEVER_BUILD_DIR=cache/coverage-build), so that neither build overwrites the other.
const buildDir = process.env.LEVER_BUILD_DIR;

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    profiles: {
      default: profile(),
      production: profile(),
    },
    // OpenZeppelin's TimelockController as it ships: the deployment's governance (deploy/modules/Lever.ts).
    npmFilesToBuild: ["@openzeppelin/contracts/governance/TimelockController.sol"],
  },
  paths: {
    ignition: "deploy",
    ...(buildDir === undefined ? {} : { artifacts: `${buildDir}/artifacts`, cache: `${buildDir}/cache` }),
  },
  test: {
    solidity: {
      // Fuzz suites (test/**/*.t.sol): thousands of runs, one fixed seed, so a failure reproduces anywhere.
      fuzz: { runs: 5_000, seed: "0x1e7e12" },
      invariant: { runs: 256, depth: 64, failOnRevert: false },
    },
  },
  networks: {
    hardhatMainnet: { type: "edr-simulated", chainType: "l1" },
    // Any JSON-RPC node: `npx hardhat node`, anvil. LOCALHOST_RPC_URL moves it; `npm run deploy -- --rpc-url` too.
    localhost: { type: "http", chainType: "l1", url: process.env.LOCALHOST_RPC_URL ?? "http://127.0.0.1:8545" },
    // URL and key from the keystore (`npx hardhat keystore set SEPOLIA_PRIVATE_KEY`) or the environment.
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
    },
    // Any other chain: deploy/parameters/<name>.json with a `network` section (docs/deploy.md).
    ...parameterNetworks.networks,
  },
  chainDescriptors: parameterNetworks.chainDescriptors,
  // hardhat-verify (docs/deploy.md): Etherscan needs a key; Blockscout and Sourcify work without one.
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
    blockscout: { enabled: true },
    sourcify: { enabled: true },
  },
});
