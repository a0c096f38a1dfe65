// Networks declared by parameter files: a chain that hardhat.config.ts does not name can be deployed to by adding
// deploy/parameters/<name>.json with a `network` section (RPC URL or the configuration variable holding it, the
// key's configuration variable, the explorer for verification). Loaded by hardhat.config.ts, so it must not
// import "hardhat" itself; only each file's `network` section is read here (the rest is validated at deploy time).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { configVariable } from "hardhat/config";
import type { ChainDescriptorsUserConfig, HttpNetworkUserConfig } from "hardhat/types/config";
import { z } from "zod/v4";

export const PARAMETERS_DIR = path.join(import.meta.dirname, "..", "parameters");

const variableName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, "expected an UPPER_SNAKE configuration variable name");

export const networkSectionSchema = z
  .strictObject({
    chainId: z.number().int().positive(),
    /** Hardhat chain type: "op" for OP-stack chains (Base, Optimism), "l1" otherwise. Default "l1". */
    chainType: z.enum(["l1", "op", "generic"]).optional(),
    /** Literal RPC URL (no secrets in it), or `urlVariable`: the configuration variable (keystore or env) holding it. */
    url: z.url().optional(),
    urlVariable: variableName.optional(),
    /** Configuration variable with the deployer's private key; without it the node's own accounts are used. */
    privateKeyVariable: variableName.optional(),
    explorer: z
      .strictObject({
        kind: z.enum(["etherscan", "blockscout"]),
        name: z.string().optional(),
        url: z.url(),
        apiUrl: z.url(),
      })
      .optional(),
  })
  .refine((n) => (n.url === undefined) !== (n.urlVariable === undefined), "give exactly one of url or urlVariable");

export type NetworkSection = z.infer<typeof networkSectionSchema>;

export interface ParameterNetworks {
  networks: Record<string, HttpNetworkUserConfig>;
  chainDescriptors: ChainDescriptorsUserConfig;
}

/** Http networks (and explorer descriptors) for every parameters file with a `network` section, except `reserved` names. */
export function networksFromParameters(reserved: string[], dir = PARAMETERS_DIR): ParameterNetworks {
  const out: ParameterNetworks = { networks: {}, chainDescriptors: {} };
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch {
    return out;
  }
  for (const file of files) {
    const name = file.slice(0, -".json".length);
    const raw = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as { network?: unknown };
    if (raw.network === undefined || reserved.includes(name)) continue;
    const parsed = networkSectionSchema.safeParse(raw.network);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${["network", ...i.path].join(".")}: ${i.message}`).join("; ");
      throw new Error(`deploy/parameters/${file}: ${problems}`);
    }
    const n = parsed.data;
    out.networks[name] = {
      type: "http",
      chainType: n.chainType ?? "l1",
      chainId: n.chainId,
      url: n.url ?? configVariable(n.urlVariable!),
      ...(n.privateKeyVariable ? { accounts: [configVariable(n.privateKeyVariable)] } : {}),
    };
    if (n.explorer) {
      const { kind, ...explorer } = n.explorer;
      out.chainDescriptors[n.chainId] = {
        name,
        blockExplorers: { [kind]: { name: explorer.name ?? name, ...explorer } },
      };
    }
  }
  return out;
}
