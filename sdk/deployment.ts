// The Node-only reader of the deployment record (`@lever/sdk/node`); the schema and parsers are sdk/record.ts.
import { readFileSync } from "node:fs";
import { sdkError } from "./errors.js";
import { parseDeploymentText, type Deployment } from "./record.js";

export { deploymentRecordSchema, parseDeployment, parseDeploymentText, type Deployment } from "./record.js";

/** Reads and validates deployments/<network>.json; an unreadable file fails with its error code (InvalidDeployment). */
export function readDeployment(file: string, read: (f: string) => string = (f) => readFileSync(f, "utf8")): Deployment {
  let text: string;
  try {
    text = read(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw sdkError(
      "InvalidDeployment",
      { source: file, problems: [code] },
      `cannot read deployment file ${file}: ${code}`,
      e
    );
  }
  return parseDeploymentText(text, file);
}
