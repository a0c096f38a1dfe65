// The deployment record of docs/protocol.md §11 (what `npm run deploy` writes to deployments/<network>.json),
// validated so that a wrong or truncated record fails with the field that is wrong. Browser-safe: the Node-only
// file reader is sdk/deployment.ts (`@lever/sdk/node`).
import { getAddress, isAddress } from "ethers";
// zod's tree-shakable build: the full one is 240 KiB of a browser bundle. Messages are ours (mini has no locale).
import * as z from "zod/v4-mini";
import { sdkError } from "./errors.js";

const ADDRESS = "expected a 0x-prefixed 20-byte hex address";
const address = z.pipe(
  z.string({ error: ADDRESS }).check(z.refine((a) => isAddress(a), ADDRESS)),
  // zod runs the transform even after a failed check: only checksum what is an address.
  z.transform((a: string) => (isAddress(a) ? getAddress(a) : a))
);
const text = z.string({ error: "expected a non-empty string" }).check(z.minLength(1, "expected a non-empty string"));
const boolean = z.boolean({ error: "expected true or false" });

/** The block a contract was deployed in; absent in records written before it was recorded. */
const block = z.optional(
  z
    .number({ error: "expected a block number" })
    .check(z.refine((n) => Number.isInteger(n) && n >= 0, "expected a block number"))
);

const OBJECT = { error: "expected an object" };
const WAD = "expected a decimal string in WAD (1e18 = 1x)";

export const deploymentRecordSchema = z.object(
  {
    chainId: z
      .number({ error: "expected a positive integer" })
      .check(z.refine((n) => Number.isInteger(n) && n > 0, "expected a positive integer")),
    collateral: address,
    factory: address,
    lens: address,
    /** The first block of the deployment (its earliest contract). */
    deploymentBlock: block,
    markets: z.array(
      z.object(
        {
          symbol: text,
          market: address,
          feed: address,
          /** The market's owner: the timelock (`governance.timelock`) in a deployment. */
          owner: z.optional(address),
          /** The mock feed's owner (who moves its price), or null for a feed without one (a real Chainlink feed). */
          feedOwner: z.optional(z.nullable(address)),
          /** Heartbeat the market states for its feed, seconds: every vault's maxStaleness covers it plus 10 %. */
          feedHeartbeat: block,
          deploymentBlock: block,
        },
        OBJECT
      ),
      { error: "expected an array" }
    ),
    tokens: z.array(
      z.object(
        {
          symbol: text,
          token: address,
          vault: address,
          market: address,
          isLong: boolean,
          targetLeverage: z.string({ error: WAD }).check(z.regex(/^\d+$/, WAD)),
          /** The block the vault (and its token) was deployed in: where its events start. */
          deploymentBlock: block,
        },
        OBJECT
      ),
      { error: "expected an array" }
    ),
    /** Who holds which role (docs/deploy.md "Governance"); absent from records written before it existed. */
    governance: z.optional(
      z.object(
        {
          /** OpenZeppelin TimelockController: admin of every vault, owner of the factory and of every market. */
          timelock: address,
          /** Its minimum delay, seconds: what every admin action waits between proposal and execution. */
          timelockDelay: z.number({ error: "expected seconds" }),
          /** Accounts that may propose (and cancel) timelock operations. */
          proposers: z.array(address),
          /** Accounts that may execute ready operations; the zero address means anyone. */
          executors: z.array(address),
          factoryOwner: address,
          /** Admin role holder the factory gives new vaults (DEFAULT_ADMIN_ROLE: parameters, fee recipient). */
          vaultAdmin: address,
          /** Guardian role holder the factory gives new vaults (pause minting, instant). */
          guardian: address,
          /** Fee recipient the factory gives new vaults. */
          feeRecipient: address,
          /** MockUSDC's owner (who may mint beyond the faucet), or null for a collateral without one. */
          collateralOwner: z.nullable(address),
        },
        OBJECT
      )
    ),
  },
  OBJECT
);

/** docs/protocol.md §11: addresses as hex strings, `targetLeverage` as a decimal string in WAD. */
export type Deployment = z.output<typeof deploymentRecordSchema>;

/** Validates a parsed record; throws one LeverError `InvalidDeployment` listing every wrong field. */
export function parseDeployment(raw: unknown, source = "deployment record"): Deployment {
  const result = deploymentRecordSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw sdkError("InvalidDeployment", { source, problems }, `invalid ${source}: ${problems.join("; ")}`);
  }
  return result.data;
}

/** Parses and validates the text of a record; throws a LeverError `InvalidDeployment` naming what is wrong. */
export function parseDeploymentText(text: string, source = "deployment record"): Deployment {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw sdkError(
      "InvalidDeployment",
      { source, problems: [(e as Error).message] },
      `deployment file ${source} is not valid JSON: ${(e as Error).message}`,
      e
    );
  }
  return parseDeployment(json, source);
}
