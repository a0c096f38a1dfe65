// Where the signer key comes from: KEEPER_PRIVATE_KEY in the environment, otherwise Hardhat's keystore. Pure: the
// keystore itself is a function passed in (keeper/keystore.ts is the real one), so the order and the error lines are
// unit-tested without Hardhat.

export const ENV_KEY = "KEEPER_PRIVATE_KEY";

/** Decided at start-up from the environment alone: no I/O, no prompt. */
export type SignerKeyPlan = { source: "env"; privateKey: string } | { source: "keystore"; name: string };

export interface SignerKey {
  source: "env" | "keystore";
  privateKey: string; // 0x-prefixed
}

/** Reads one value of Hardhat's keystore; undefined when no keystore holds the name. May ask for a password. */
export type KeystoreReader = (name: string) => Promise<string | undefined>;

const HEX_KEY = /^(0x)?[0-9a-fA-F]{64}$/;
/** Names the keystore accepts (hardhat-keystore's validate-key.ts), also valid environment variable names. */
export const KEYSTORE_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The variables for which Hardhat considers itself in CI (hardhat-utils `isCi()`); its keystore plugin is then not
 * consulted at all. Returns the first one set, or null.
 */
export function ciVariable(env: Record<string, string | undefined>): string | null {
  const names = [
    "GITHUB_ACTIONS",
    "NOW",
    "DEPLOYMENT_ID",
    "CODEBUILD_BUILD_NUMBER",
    "CI",
    "CONTINUOUS_INTEGRATION",
    "BUILD_NUMBER",
    "RUN_ID",
  ];
  return names.find((n) => env[n] !== undefined) ?? null;
}

/**
 * KEEPER_PRIVATE_KEY when it is set (it must then be a valid key); otherwise the keystore entry `keystoreName`.
 * Throws one line when the environment key is malformed or when Hardhat would not consult its keystore.
 */
export function planSignerKey(env: Record<string, string | undefined>, keystoreName: string): SignerKeyPlan {
  const fromEnv = env[ENV_KEY];
  if (fromEnv !== undefined) {
    if (fromEnv === "") throw new Error(`${ENV_KEY} is set but empty (unset it to use Hardhat's keystore)`);
    if (!HEX_KEY.test(fromEnv)) throw new Error(`${ENV_KEY} must be 32 bytes of hex`);
    return { source: "env", privateKey: with0x(fromEnv) };
  }
  const ci = ciVariable(env);
  if (ci !== null)
    throw new Error(
      `${ENV_KEY} is not set, and Hardhat's keystore is not used in CI (${ci} is set): set ${ENV_KEY}, or unset ${ci}`
    );
  // Hardhat gives a set environment variable precedence over its keystore entry of the same name.
  if (env[keystoreName] !== undefined)
    throw new Error(
      `${ENV_KEY} is not set, and Hardhat reads the environment variable ${keystoreName} instead of its keystore ` +
        `entry ${keystoreName}: unset ${keystoreName}, or put the key in ${ENV_KEY}`
    );
  return { source: "keystore", name: keystoreName };
}

/** The key itself: from the plan, or read from the keystore (the only step that may prompt for a password). */
export async function resolveSignerKey(plan: SignerKeyPlan, readKeystore: KeystoreReader): Promise<SignerKey> {
  if (plan.source === "env") return { source: "env", privateKey: plan.privateKey };
  const value = await readKeystore(plan.name);
  if (value === undefined)
    throw new Error(
      `${ENV_KEY} is not set and Hardhat's keystore has no key ${plan.name} (npx hardhat keystore set ${plan.name})`
    );
  if (!HEX_KEY.test(value)) throw new Error(`keystore key ${plan.name} must be 32 bytes of hex`);
  return { source: "keystore", privateKey: with0x(value) };
}

const with0x = (k: string) => (k.startsWith("0x") ? k : `0x${k}`);
