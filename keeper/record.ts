// The SPEC section 11 deployment record (deploy/protocol.ts DeploymentRecord), validated. Pure.
import { z } from "zod/v4";
import type { DeploymentRecord } from "../deploy/protocol.js";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed 20-byte hex address");

export const deploymentRecordSchema = z.object({
  chainId: z.number().int().positive(),
  collateral: address,
  factory: address,
  lens: address,
  markets: z.array(z.object({ symbol: z.string().min(1), market: address, feed: address })),
  tokens: z.array(
    z.object({
      symbol: z.string().min(1),
      token: address,
      vault: address,
      market: address,
      isLong: z.boolean(),
      targetLeverage: z.string().regex(/^[0-9]+$/, "expected a decimal WAD string"),
    })
  ),
}) satisfies z.ZodType<DeploymentRecord>;

/** Parses the text of a deployment file; throws an Error with one line naming the problem. */
export function parseDeploymentRecord(text: string, file: string): DeploymentRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`deployment file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const r = deploymentRecordSchema.safeParse(json);
  if (!r.success) throw new Error(`deployment file ${file} is malformed: ${describeIssue(r.error.issues[0])}`);
  return r.data;
}

export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return "invalid";
  const path = issue.path.length ? issue.path.join(".") : "(root)";
  return `${path}: ${issue.message}`;
}
