// The deployment record of docs/protocol.md §11 (what `npm run deploy` writes to deployments/<network>.json),
// validated so that a wrong or truncated record fails with the field that is wrong. Browser-safe: the Node-only
// file reader is sdk/deployment.ts (`@lever/sdk/node`).
import { getAddress, isAddress } from "ethers";
import { z } from "zod/v4";
import { sdkError } from "./errors.js";

const address = z
  .string()
  .refine((a) => isAddress(a), "expected a 0x-prefixed 20-byte hex address")
  // zod runs the transform even after a failed refine: only checksum what is an address.
  .transform((a) => (isAddress(a) ? getAddress(a) : a));

/** The block a contract was deployed in; absent in records written before it was recorded. */
const block = z.number().int().nonnegative().optional();

export const deploymentRecordSchema = z.object({
  chainId: z.number().int().positive(),
  collateral: address,
  factory: address,
  lens: address,
  /** The first block of the deployment (its earliest contract). */
  deploymentBlock: block,
  markets: z.array(z.object({ symbol: z.string().min(1), market: address, feed: address, deploymentBlock: block })),
  tokens: z.array(
    z.object({
      symbol: z.string().min(1),
      token: address,
      vault: address,
      market: address,
      isLong: z.boolean(),
      targetLeverage: z.string().regex(/^\d+$/, "expected a decimal string in WAD (1e18 = 1x)"),
      /** The block the vault (and its token) was deployed in: where its events start. */
      deploymentBlock: block,
    })
  ),
});

/** docs/protocol.md §11: addresses as hex strings, `targetLeverage` as a decimal string in WAD. */
export type Deployment = z.infer<typeof deploymentRecordSchema>;

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
