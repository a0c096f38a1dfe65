// The docs/protocol.md §11 deployment record (deploy/protocol.ts DeploymentRecord), validated. Pure.
import { z } from "zod/v4";
import type { DeploymentRecord } from "../deploy/protocol.js";
import { deploymentRecordSchema } from "../sdk/deployment.js"; // one schema, shared with the wallet client

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
