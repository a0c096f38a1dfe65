// The one reader of the deployment record of docs/protocol.md §11 (what `npm run deploy` writes to deployments/<network>.json),
// validated so that a wrong or truncated file fails with the field that is wrong.
import { readFileSync } from "node:fs";
import { getAddress, isAddress } from "ethers";
import { z } from "zod/v4";

const address = z
  .string()
  .refine((a) => isAddress(a), "expected a 0x-prefixed 20-byte hex address")
  // zod runs the transform even after a failed refine: only checksum what is an address.
  .transform((a) => (isAddress(a) ? getAddress(a) : a));

export const deploymentRecordSchema = z.object({
  chainId: z.number().int().positive(),
  collateral: address,
  factory: address,
  lens: address,
  markets: z.array(
    z.object({
      symbol: z.string().min(1),
      market: address,
      feed: address,
      /** The market's owner: the timelock (`governance.timelock`) in a deployment. */
      owner: address.optional(),
      /** The mock feed's owner (who moves its price), or null for a feed without one (a real Chainlink feed). */
      feedOwner: address.nullable().optional(),
      /** Heartbeat the market states for its feed, seconds: every vault's maxStaleness covers it plus 10 %. */
      feedHeartbeat: z.number().int().nonnegative().optional(),
    })
  ),
  tokens: z.array(
    z.object({
      symbol: z.string().min(1),
      token: address,
      vault: address,
      market: address,
      isLong: z.boolean(),
      targetLeverage: z.string().regex(/^\d+$/, "expected a decimal string in WAD (1e18 = 1x)"),
    })
  ),
  /** Who holds which role (docs/deploy.md "Governance"); absent from records written before it existed. */
  governance: z
    .object({
      /** OpenZeppelin TimelockController: admin of every vault, owner of the factory and of every market. */
      timelock: address,
      /** Its minimum delay, seconds: what every admin action waits between proposal and execution. */
      timelockDelay: z.number().int().nonnegative(),
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
      collateralOwner: address.nullable(),
    })
    .optional(),
});

/** docs/protocol.md §11: addresses as hex strings, `targetLeverage` as a decimal string in WAD. */
export type Deployment = z.infer<typeof deploymentRecordSchema>;

/** Validates a parsed record; throws one Error listing every wrong field. */
export function parseDeployment(raw: unknown, source = "deployment record"): Deployment {
  const result = deploymentRecordSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new Error(`invalid ${source}: ${problems}`);
  }
  return result.data;
}

/** Parses and validates the text of a record; throws one Error naming the file and what is wrong with it. */
export function parseDeploymentText(text: string, source = "deployment record"): Deployment {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`deployment file ${source} is not valid JSON: ${(e as Error).message}`);
  }
  return parseDeployment(json, source);
}

/** Reads and validates deployments/<network>.json (Node only); an unreadable file fails with its error code. */
export function readDeployment(file: string, read: (f: string) => string = (f) => readFileSync(f, "utf8")): Deployment {
  let text: string;
  try {
    text = read(file);
  } catch (e) {
    throw new Error(
      `cannot read deployment file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`
    );
  }
  return parseDeploymentText(text, file);
}
